"""An article's paragraphs in, its lede out: the first substantive paragraph, English or Russian.

Skipped, in order of the paragraphs: forms of address that open speeches and transcripts
("Ladies and gentlemen,", "Mr Minister, dear friend,", «Дамы и господа!», «Уважаемые коллеги,»),
bylines ("By Jane Smith", «Автор: …»), photo and video captions and credits ("Photograph: …",
«Фото: …»), "Read more" / «Читайте также» links, advertisements and subscription prompts, and
paragraphs too short to say anything (fewer than ``MIN_WORDS`` words). A dateline that opens a
paragraph ("MOSCOW, May 12 (Reuters) -", «МОСКВА, 12 мая. /ТАСС/.», «МОСКВА, 12 мая — РИА
Новости.») is cut off and the text after it kept; a paragraph that is only a dateline is skipped.

When no paragraph qualifies, the first one that is not furniture (address, byline, caption,
link, advertisement) is taken whatever its length, and failing that the first paragraph: a lede
is never invented, only chosen.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

MIN_WORDS = 8
_ADDRESS_MAX_WORDS = 10

_ADDRESS = re.compile(
    r"^(?:ladies and gentlemen|dear|distinguished|(?:your )?excellenc\w*|mr|mrs|ms|madam|"
    r"colleagues|friends|good (?:morning|afternoon|evening)|hello|"
    r"дамы и господа|уважаем\w*|дорог\w*|господин\w*|госпож\w*|коллеги|друзья|"
    r"добрый (?:день|вечер)|доброе утро|здравствуйте|ваше превосходительство)\b",
    re.IGNORECASE,
)
_BYLINE = re.compile(r"^(?:By|Reporting by|Words by|(?i:автор|текст)\s*:|(?i:беседовал\w*))\s")
_CAPTION = re.compile(
    r"^(?:\(?(?:photo|photograph|image|picture|video|watch|listen|illustration|file photo|"
    r"фото|фотография|видео|иллюстрация|кадр|скриншот)\b|image caption|getty images|©)"
    r"|(?:photograph|фото|photo)\s*:\s*\S|/\s*(?:reuters|ap|afp|getty images|тасс|риа новости)"
    r"\s*\)?$",
    re.IGNORECASE,
)
_LINK = re.compile(
    r"^(?:read more|read also|also read|see also|related\s*:|more on this|more\s*:|"
    r"читайте (?:также|тоже)|смотрите также|подробнее\s*:|по теме\s*:|ещ[её] по теме|"
    r"материалы по теме)",
    re.IGNORECASE,
)
_ADVERT = re.compile(
    r"^(?:advertisement|sponsored|promoted|subscribe|sign up|follow us|newsletter|"
    r"skip past newsletter|support (?:us|our journalism)|реклама|подпишитесь|подписывайтесь|"
    r"партн[её]рский материал|на правах рекламы)\b",
    re.IGNORECASE,
)
_AGENCY = (
    r"(?i:reuters|ap|afp|bloomberg|tass|ria novosti|interfax|sputnik|тасс|риа новости|"
    r"интерфакс|прайм|рбк|регнум|ria)"
)
# an upper-case place, an optional date, an optional agency in brackets or slashes, a dash or a
# full stop; a Russian agency name may follow the dash ("— РИА Новости.")
_DATELINE = re.compile(
    r"^(?P<place>[A-ZА-ЯЁ][A-ZА-ЯЁ'’.\-]+(?:[ \-][A-ZА-ЯЁ][A-ZА-ЯЁ'’.\-]+){0,3})"
    r"(?P<date>\s*,\s*[\w .]{1,25}?)?"
    r"\s*(?P<agency>\(\s*" + _AGENCY + r"[^)]{0,20}\)|\.?\s*/\s*" + _AGENCY + r"\s*/)?"
    r"\s*(?:[-–—:]|\.(?=\s))\s*(?P<after>" + _AGENCY + r"\s*\.\s*)?"
)
_SENTENCE_END = (".", "!", "?", "…")
_LINK_MAX_WORDS = 30


def choose_lede(paragraphs: Iterable[str], *, standfirst: str = "") -> str:
    """The first substantive paragraph of ``paragraphs`` (see the module docstring); ``""``
    when there is none at all. A site's own ``standfirst``, when given, is the lede whatever
    its length unless it is furniture too."""
    own = strip_dateline(" ".join(standfirst.split()))
    if own and not is_furniture(own):
        return own
    candidates = [" ".join(p.split()) for p in paragraphs]
    candidates = [p for p in candidates if p]
    fallback = ""
    for paragraph in candidates:
        text = strip_dateline(paragraph)
        if not text or is_furniture(text):
            continue
        if len(text.split()) >= MIN_WORDS:
            return text
        fallback = fallback or text
    return fallback or (candidates[0] if candidates else "")


def strip_dateline(paragraph: str) -> str:
    """``paragraph`` without an opening dateline ("MOSCOW, May 12 (Reuters) - ..."); ``""``
    when it is nothing but a dateline."""
    match = _DATELINE.match(paragraph)
    if match is None or not _is_upper_place(match.group("place")):
        return paragraph
    # a bare capitalised word and a dash ("США — ...", "NATO - ...") is a sentence, not a
    # dateline, unless a date or an agency comes with it or the place is a longer name
    dated = match.group("date") or match.group("agency") or match.group("after")
    if not dated and sum(ch.isalpha() for ch in match.group("place")) < 5:
        return paragraph
    return paragraph[match.end() :].strip()


def is_furniture(paragraph: str) -> bool:
    """Whether ``paragraph`` is a form of address, byline, caption, link or advertisement."""
    words = len(paragraph.split())
    if _ADDRESS.match(paragraph) and words <= _ADDRESS_MAX_WORDS and _ends_address(paragraph):
        return True
    if _BYLINE.match(paragraph) and words <= _ADDRESS_MAX_WORDS:
        # "By Jane Smith, Moscow correspondent"; not "By Tuesday, the troops had left."
        return not paragraph.rstrip().endswith(_SENTENCE_END)
    if _CAPTION.search(paragraph) and words <= 40:
        return True
    if _LINK.match(paragraph) and words <= _LINK_MAX_WORDS:
        return True
    return bool(_ADVERT.match(paragraph) and words <= 25)


def _ends_address(paragraph: str) -> bool:
    """A form of address ends in a comma, an exclamation mark or a colon (or nothing)."""
    return paragraph.rstrip()[-1:] in {",", "!", ":", ""} or len(paragraph.split()) <= 3


def _is_upper_place(place: str) -> bool:
    """A dateline's place is written in capitals ("MOSCOW", «НЬЮ-ЙОРК»), two letters or more."""
    letters = [ch for ch in place if ch.isalpha()]
    return len(letters) >= 2 and all(ch.isupper() for ch in letters)
