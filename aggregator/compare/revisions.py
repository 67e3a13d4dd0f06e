"""Two captures of one article in, the verdict and the edits out: real change or page noise.

Input: two ``VersionText`` records (headline and body, paragraphs separated by a blank line).
Output: a content key (``change_key``), a yes/no (``is_real_change``), the edits between them
(``diff_versions`` -> ``Change`` records, ``revision_between`` -> a ``Revision``), and the
moved-story test for redirects (``is_moved``): change detection only (when to revisit is
``pipeline.revisit``'s, how the schedule is written ``config.parse_durations``'s). Pure: no
database, no HTTP, no clock.

Noise filter. Headline and body are normalised before they are hashed or compared; what the
rules remove is, by design, never treated as an editorial change. In order:

1. Unicode: NFKC (non-breaking and other odd spaces become spaces, ligatures and full-width
   forms fold, ``…`` becomes ``...``); curly, low and prime quotes become ``'`` or ``"``, and so
   do guillemets (``«»`` -> ``"``); every dash and the minus sign become ``-``; zero-width
   characters and soft hyphens are deleted.
2. Whitespace: runs of spaces and tabs collapse to one space, lines are stripped, a space
   before ``, . ; : ! ? )`` or after ``(`` is dropped; paragraphs are the blocks between blank
   lines, empty ones disappear. The content key ignores where paragraph breaks fall (the body
   is hashed as one word stream), so re-flowed paragraphs are not a version.
3. Timestamps inside a line, wherever they occur: a stamp introduced by
   ``updated / last updated / first published / published / posted / modified / edited``
   (optionally ``on``/``at`` and a colon; also ``обновлено``, ``опубликовано``,
   ``последнее обновление``) followed by an optional weekday and a date and/or clock time
   (``17:09``, ``10.42``, am/pm, a zone such as GMT/BST/MSK), or by a relative time:
   ``Last updated at 17:09 GMT``, ``Published 12 March 2026, 10:42``, ``Updated 5 minutes
   ago``. A prefix word without a stamp after it ("published on Tuesday") is kept. A bare
   relative time (``2 hours ago``, ``5m ago``, ``just now``, ``5 минут назад``) is removed
   anywhere. A clock time at the very start of a line
   (``14:05 GMT`` as a live-post stamp) is removed. Removal repeats until nothing changes.
   A clock time or date in the middle of a sentence without such a prefix is kept ("the
   blast at 14:05 GMT" -> "at 15:05 GMT" is a correction, so a real change).
4. Meta lines: a line is dropped when nothing alphanumeric is left after deleting dates,
   clock times, relative times, counters (``1,234 shares``, ``56 comments``, ``Comments (56)``,
   ``12.3k views``, ``1,204 people are viewing this page``, ``Viewing now: 87``) and the label
   words around them (updated, published, share, comments, live, today...). A count in a
   sentence ("the firm sold 1,234 shares", "killed 12") is therefore never touched.
5. Furniture lines, matched on the whole line (case-insensitive): advertisement / ad-slot
   lines (``Advertisement``, ``Advert``, ``Sponsored``, ``Story continues below``,
   ``Skip advertisement``, ``[ad-slot-3]``, ``Реклама``); link lines (a line starting
   ``Read more`` / ``Read also`` / ``More on this story`` / ``Читайте также``, and
   ``Related`` or ``See also`` alone, with a colon, or with ``articles/stories/topics...``);
   share-bar lines (``Share on Facebook``, ``Share via Email``, ``You can share this story on
   social media:``, ``Поделиться``; a sentence such as "Share prices fell" is kept);
   cookie and consent lines (a line under 400 characters with a banner phrase: ``we use
   cookies``, ``this site uses cookies``, ``our cookie policy``, ``by continuing to browse``,
   ``мы используем cookie``; or a line that is only a button: ``Accept all cookies``,
   ``Manage preferences``, ``Cookie settings``, ``I agree``). A news paragraph about cookie
   rules ("regulators said sites must let users reject cookies") is not matched.
   Rules 4-5 apply to each body line and again to each paragraph once its wrapped lines are
   joined; the headline gets rules 1-3 only.

``change_key`` is the SHA-256 (``digest.text_digest``) of the normalised headline, a NUL, and
the normalised paragraphs joined by single spaces. Stored versions carry it: the payload and
the hash must never change (a test pins one value).

Letters keep their case: a re-capitalised headline counts as an edit.

Diff. Paragraphs are aligned with ``difflib.SequenceMatcher`` on their normalised text; inside a
replaced block old and new paragraphs are paired (in order, maximising total similarity) when
their rapidfuzz ratio is at least ``EDIT_SIMILARITY``; a pair is ``edited``, the rest are
``removed`` / ``added``. The texts in a ``Change`` are the normalised ones, the form compared.

Extractor changes. A version whose ``extractor_change`` is set differs from the one before
because our extractor changed (``pipeline.revisit``): ``article_revisions`` never reports it
as an edit; the next version is diffed against it, so both texts come from one extractor.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Sequence
from itertools import pairwise

from rapidfuzz import fuzz
from rapidfuzz.distance import Indel

from aggregator.digest import text_digest
from aggregator.records import Change, Revision, VersionText
from aggregator.urls import canonical_url, same_site

#: Paragraphs at least this similar (rapidfuzz ratio, 0-100) are one paragraph edited in place.
EDIT_SIMILARITY = 60.0

# --- 1. Unicode -------------------------------------------------------------------------------

_CHARS = str.maketrans(
    {
        **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u00b4\u2039\u203a`", "'"),
        **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb", '"'),
        **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2e3a\u2e3b\ufe58", "-"),
        **dict.fromkeys("\u200b\u200c\u200d\u2060\ufeff\u00ad", None),
    }
)

# --- 3./4. Timestamps and counters (patterns run on case-folded text) -------------------------

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
    r"|января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря)\.?"
)
_WEEKDAY = (
    r"(?:mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:r(?:s(?:day)?)?)?|fri(?:day)?"
    r"|sat(?:urday)?|sun(?:day)?)\.?"
)
_ZONE = r"(?:gmt|bst|utc|cet|cest|eet|eest|msk|est|edt|cst|cdt|pst|pdt|et|pt|мск)"
_TIME = rf"(?<![\w.:])\d{{1,2}}[:.]\d{{2}}(?::\d{{2}})?(?:\s*[ap]\.?m\.?)?(?:\s*{_ZONE}\b)?"
_DATE = (
    r"(?<![\w.])(?:\d{4}-\d{2}-\d{2}(?:t\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:z|[+-]\d{2}:?\d{2})?)?"
    r"|\d{1,2}[./]\d{1,2}[./]\d{2,4}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}(?:,?\s+\d{{4}})?(?:\s*г\.?)?"
    rf"|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?)"
)
_JOIN = r"(?:\s*[,|·•/-]\s*|\s+(?:at|on|в)\s+|\s+)"
_STAMP = (
    rf"(?:{_WEEKDAY}\s*,?\s*)?(?:{_DATE}(?:{_JOIN}{_TIME})?|{_TIME}(?:{_JOIN}{_DATE})?)"
    r"(?![\w:])"
)
_NUM = r"(?<![\w.,])(?:\d{1,3}(?:[,. ]\d{3})+|\d+(?:[.,]\d+)?\s*[kmкм]?)"
_RELATIVE = (
    r"(?<!\w)(?:(?:\d+|an?|one)\s*(?:seconds?|secs?|s|minutes?|mins?|m|hours?|hrs?|h|days?|d"
    r"|weeks?|wks?|w|months?)\s+ago\b|just now\b|moments ago\b"
    r"|\d+\s+(?:секунд[уы]?|минут[уы]?|час(?:а|ов)?|дн(?:я|ей)|день)\s+назад)"
)
_PREFIX = (
    r"(?:(?:last|first)\s+)?(?:updated|modified|published|posted|edited)(?:\s+(?:on|at))?"
    r"|(?:последнее\s+)?(?:обновлено|опубликовано|обновление)(?:\s+в)?"
)
_PREFIXED_STAMP = re.compile(rf"\b(?:{_PREFIX})\s*:?\s*(?:{_STAMP}|{_RELATIVE})")
_BARE_RELATIVE = re.compile(rf"\b{_RELATIVE}")
_LEADING_TIME = re.compile(
    rf"^(?:\d{{1,2}}:\d{{2}}(?:\s*[ap]\.?m\.?)?(?:\s*{_ZONE}\b)?|\d{{1,2}}\.\d{{2}}\s*{_ZONE}\b)"
    r"(?![\w:])[\s,.:-]*"
)
_COUNTER = re.compile(
    rf"{_NUM}\s*(?:shares?|comments?|views?|reads?|likes?|reactions?|replies|repl(?:y|ies)"
    r"|(?:people\s+)?(?:are\s+)?(?:watching|viewing|reading)(?:\s+(?:this|now))?"
    r"(?:\s+(?:page|story|article))?(?:\s+now)?|просмотр\w*|комментари\w*)"
    r"|(?:shares?|comments?|views?|viewing(?:\s+now)?|watching(?:\s+now)?|просмотр\w*"
    rf"|комментари\w*)\s*[:(]?\s*{_NUM}\s*\)?"
)
_META_WORDS = re.compile(
    r"\b(?:last|first|updated?|published|posted|modified|edited|share|shares|save|comments?"
    r"|views?|live|today|yesterday|at|on|обновлено|опубликовано|сегодня|вчера|в)\b"
)
_META_TOKENS = re.compile(rf"{_STAMP}|{_RELATIVE}|{_COUNTER.pattern}|{_TIME}|{_DATE}")

# --- 5. Furniture lines (matched on the whole case-folded line) ------------------------------

_FURNITURE = re.compile(
    r"(?:advertisement|advert|ads?|sponsored(?:\s+content)?|promoted(?:\s+content)?"
    r"|paid\s+content|skip\s+advertisement|(?:story|article)\s+continues\s+below"
    r"(?:\s+(?:this\s+)?(?:advertisement|advert|ad))?|continue\s+reading\s+(?:the\s+)?main\s+story"
    r"|\[?\s*ad[\s_-]*(?:slot|unit|placeholder)?[\s_-]*\d*\s*\]?|реклама|скрыть\s+рекламу"
    r"|(?:read\s+more|read\s+also|also\s+read|more\s+on\s+this\s+(?:story|topic)"
    r"|читайте\s+также|смотрите\s+также)\b.*"
    r"|(?:related|see\s+also|по\s+теме)(?:\s*[:|-].*|\s+(?:articles?|stories|content|topics"
    r"|coverage|links|reading|news)\b.*)?"
    r"|you\s+may\s+also\s+like|most\s+read|most\s+viewed"
    r"|(?:you\s+can\s+)?share\s+this\s+(?:story|article|page|post)(?:\s+on\s+social\s+media)?"
    r"|share(?:\s+(?:this|the)\s+(?:story|article|page))?\s+(?:on|via|to|with|by)\s+"
    r"(?:facebook|twitter|x|email|e-mail|whatsapp|telegram|messenger|linkedin|pinterest|reddit"
    r"|vk|vkontakte|odnoklassniki)|поделиться(?:\s+в\s+\w+)?)[\s.!:]*"
)
_CONSENT = re.compile(
    r"\bwe\s+(?:and\s+our\s+partners\s+)?use\s+cookies|this\s+(?:web)?site\s+uses\s+cookies"
    r"|\bour\s+(?:cookie|privacy)\s+(?:policy|settings|notice)"
    r"|by\s+continuing\s+to\s+(?:use|browse)|мы\s+используем\s+(?:файлы\s+)?(?:cookie|куки)"
)
_CONSENT_BUTTON = re.compile(
    r"(?:(?:accept|reject|allow)\s+(?:all\s+)?(?:cookies|and\s+continue)|cookie\s+settings"
    r"|manage\s+(?:cookies|consent|(?:my\s+|your\s+)?preferences)|i\s+agree)[\s.!]*"
)
_CONSENT_MAX_CHARS = 400

_SPACE_BEFORE = re.compile(r"\s+([,.;:!?)])")
_SPACE_AFTER = re.compile(r"\(\s+")
_BLANK_LINE = re.compile(r"\n[^\S\n]*\n")


def change_key(title: str, text: str) -> str:
    """SHA-256 hex digest of the headline and body with noise removed (module docstring)."""
    body = " ".join(normalise_paragraphs(text))
    return text_digest(normalise_title(title) + "\x00" + body)


def is_real_change(old: VersionText, new: VersionText) -> bool:
    """True when ``new`` differs from ``old`` beyond noise, i.e. their change keys differ."""
    return change_key(old.title, old.text) != change_key(new.title, new.text)


def normalise_paragraphs(text: str) -> tuple[str, ...]:
    """The body's paragraphs (blocks between blank lines) normalised, noise and empties gone."""
    text = _unicode(text).replace("\r\n", "\n").replace("\r", "\n")
    paragraphs: list[str] = []
    for block in _BLANK_LINE.split(text):
        lines = [normalise_line(line) for line in block.split("\n")]
        # Wrapped lines are one paragraph; the joined text is checked again as one line.
        paragraph = normalise_line(" ".join(line for line in lines if line))
        if paragraph:
            paragraphs.append(paragraph)
    return tuple(paragraphs)


def normalise_line(line: str) -> str:
    """One body line normalised (rules 1-3); an empty string when it is noise (rules 4-5)."""
    kept = _clean(line)
    folded = _fold(kept)
    if _is_furniture(folded) or _is_meta(folded):
        return ""
    return kept


def normalise_title(title: str) -> str:
    """The headline normalised by rules 1-3 (a headline is never dropped as furniture)."""
    return _clean(title)


def diff_versions(old: VersionText, new: VersionText) -> tuple[Change, ...]:
    """The edits from ``old`` to ``new`` in document order: headline first, then paragraphs.

    Nothing is reported for differences the noise filter removes; when the body's word stream
    is unchanged (only paragraph breaks moved) no paragraph change is reported either.
    """
    changes: list[Change] = []
    old_title, new_title = normalise_title(old.title), normalise_title(new.title)
    if old_title != new_title:
        changes.append(Change("headline", old_title, new_title))
    before, after = normalise_paragraphs(old.text), normalise_paragraphs(new.text)
    if " ".join(before) == " ".join(after):
        return tuple(changes)
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "delete":
            changes.extend(Change("removed", p, "") for p in before[i1:i2])
        elif tag == "insert":
            changes.extend(Change("added", "", p) for p in after[j1:j2])
        elif tag == "replace":
            changes.extend(_pair_block(before[i1:i2], after[j1:j2]))
    return tuple(changes)


def revision_between(article_id: int, old: VersionText, new: VersionText) -> Revision:
    """The ``Revision`` from ``old`` to ``new``: their changes, size and ``new``'s capture time.

    ``size`` is the number of characters inserted plus deleted over all changes (the Indel
    distance of old and new text of each change; a whole paragraph for added/removed).
    """
    changes = diff_versions(old, new)
    size = sum(Indel.distance(change.old, change.new) for change in changes)
    return Revision(
        article_id=article_id,
        from_version=old.version_no,
        to_version=new.version_no,
        at=new.captured_at,
        changes=changes,
        size=size,
    )


def article_revisions(article_id: int, versions: Sequence[VersionText]) -> tuple[Revision, ...]:
    """The outlet's edits of one article: ``revision_between`` each two consecutive versions
    (oldest first), except into a version the extractor made (``extractor_change`` set): a
    ``reextracted`` one is the same page read by a newer extractor, an ``unverified`` one a
    newer extractor's text whose previous page could not be read again."""
    return tuple(
        revision_between(article_id, old, new)
        for old, new in pairwise(versions)
        if new.extractor_change is None
    )


def is_moved(old_url: str, final_url: str) -> bool:
    """True when a revisit of ``old_url`` ended (after redirects) on a different story.

    Both URLs are canonicalised (``aggregator.urls.canonical_url``: AMP and mobile variants,
    tracking parameters, trailing slash, outlet host aliases), then the scheme is ignored and
    hosts count as one when ``same_site`` says so; a different path or query is a move, and
    so is a ``final_url`` that is not an http(s) URL at all. Raises ValueError when
    ``old_url`` is not an http(s) URL.
    """
    old = canonical_url(old_url)
    try:
        final = canonical_url(final_url, base=old)
    except ValueError:
        return True
    if not same_site(old, final):
        return True
    return _path_and_query(old) != _path_and_query(final)


def _path_and_query(url: str) -> str:
    rest = url.split("://", 1)[1]
    slash = rest.find("/")
    return rest[slash:] if slash >= 0 else "/"


def _unicode(text: str) -> str:
    return unicodedata.normalize("NFKC", text).translate(_CHARS)


def _fold(text: str) -> str:
    """Lower-case ``text`` character by character, keeping its length (spans stay valid)."""
    return "".join(low if len(low := c.lower()) == 1 else c for c in text)


def _clean(line: str) -> str:
    """Rules 1-3 on one line: Unicode, whitespace, timestamps and relative times.

    Repeated until nothing changes (a removal can join text into a new stamp), so the result
    is a fixed point; each round shortens the line, so the loop ends.
    """
    line = " ".join(_unicode(line).split())
    while True:
        cleaned = _tidy(_strip_spans(line, _fold(line)))
        if cleaned == line:
            return line
        line = cleaned


def _is_furniture(folded: str) -> bool:
    if _FURNITURE.fullmatch(folded) or _CONSENT_BUTTON.fullmatch(folded):
        return True
    return len(folded) < _CONSENT_MAX_CHARS and _CONSENT.search(folded) is not None


def _strip_spans(line: str, folded: str) -> str:
    """Delete prefixed stamps, bare relative times and a leading clock time (rule 3)."""
    spans: list[tuple[int, int]] = []
    for pattern in (_PREFIXED_STAMP, _BARE_RELATIVE, _LEADING_TIME):
        spans.extend(m.span() for m in pattern.finditer(folded) if m.end() > m.start())
    if not spans:
        return line
    keep = [True] * len(line)
    for start, end in spans:
        keep[start:end] = [False] * (end - start)
    return " ".join("".join(c for c, k in zip(line, keep, strict=True) if k).split())


def _is_meta(folded: str) -> bool:
    """True when only stamps, counters, label words and punctuation are on the line (rule 4)."""
    rest = _META_TOKENS.sub(" ", folded)
    rest = _META_WORDS.sub(" ", rest)
    return not any(c.isalnum() for c in rest)


def _tidy(line: str) -> str:
    line = _SPACE_BEFORE.sub(r"\1", line)
    return _SPACE_AFTER.sub("(", line).strip()


def _pair_block(before: Sequence[str], after: Sequence[str]) -> list[Change]:
    """Changes for a replaced block: similar paragraphs paired in order, the rest removed/added.

    The pairing maximises total similarity over order-preserving matches (a small dynamic
    programme; blocks are a few paragraphs), which keeps the output in document order.
    """
    n, m = len(before), len(after)
    ratio = [[fuzz.ratio(a, b) for b in after] for a in before]
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            paired = ratio[i][j] + best[i + 1][j + 1] if ratio[i][j] >= EDIT_SIMILARITY else -1.0
            best[i][j] = max(best[i + 1][j], best[i][j + 1], paired)
    changes: list[Change] = []
    pending_added: list[str] = []
    i = j = 0
    while i < n and j < m:
        if ratio[i][j] >= EDIT_SIMILARITY and best[i][j] == ratio[i][j] + best[i + 1][j + 1]:
            changes.extend(Change("added", "", p) for p in pending_added)
            pending_added.clear()
            changes.append(Change("edited", before[i], after[j]))
            i, j = i + 1, j + 1
        elif best[i][j] == best[i + 1][j]:
            changes.append(Change("removed", before[i], ""))
            i += 1
        else:
            pending_added.append(after[j])
            j += 1
    changes.extend(Change("removed", p, "") for p in before[i:])
    changes.extend(Change("added", "", p) for p in pending_added)
    changes.extend(Change("added", "", p) for p in after[j:])
    return changes
