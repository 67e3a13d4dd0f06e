"""Speech acts in English and Russian news: the words that say someone spoke, and reported speech.

A *cue* is a speech verb (``said``, ``told``, ``warned``; ``заявил``, ``сказала``, ``отметили``…,
every gender and number) or a source phrase (``according to``, ``по словам``, ``по мнению``,
``как сообщает``). Around a quotation, the cue tells where the speaker phrase is: before the
verb (``Lavrov said``), after it (``said Lavrov``, ``заявил глава МИД Сергей Лавров``) or after
the source phrase (``according to Lavrov``, ``по словам Лаврова``).

*Reported speech* is a sentence without quote marks that says what someone said:
``Lavrov said (that) the talks had failed.``, ``According to Lavrov, …``, ``…, Lavrov said.``,
``Лавров заявил, что …``, ``По словам Лаврова, …``, ``Как заявил Лавров, …``,
``…, заявил Лавров.``. Its words are the clause reported; the speaker phrase is found as for a
quotation. Sentences in which the speaker phrase names nobody are left to the caller to drop.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from aggregator.language.titles import ABBREVIATED_TITLES, alternation

_EN_VERBS = (
    r"said|says|say|added|adds|told|tells|stated|states|noted|notes|wrote|writes|declared|"
    r"insisted|insists|warned|warns|argued|argues|explained|explains|stressed|stresses|"
    r"emphasi[sz]ed|emphasi[sz]es|continued|claimed|claims|asked|asks|replied|replies|"
    r"commented|remarked|announced|announces|recalled|pointed out|went on|underlined|concluded|"
    r"acknowledged|admitted|suggested|tweeted|posted|cautioned|urged|vowed|pledged|"
    r"complained|conceded|observed|reiterated|reminded|confirmed|denied|quipped|joked|"
    r"responded|answered|predicted|promised|maintained|alleged|accused|described|called|"
    r"dubbed|branded|labelled|labeled|termed|found|cited|saying|asserted|asserts|averred|"
    r"contended|affirmed|claiming|insisting|noting|adding|arguing|warning|writing|declaring|"
    r"calling|vowing|referred\s+to\s+as|"
    # more of newswriting's verbs of saying (issue 14, fifth AllSides round): manner, mood and
    # medium, past and present, and the participles a comma puts after a quote
    r"(?<=to\s)ask|reported|(?<!citing\s)(?<!the\s)(?<!on\s)(?<!of\s)(?<!to\s)(?<!amid\s)(?<!news\s)(?<!media\s)"
    r"(?<!press\s)(?<!after\s)(?<!denied\s)reports(?=\s+that\b)|appealed|appeals|boasted|boasts|bragged|brags|griped|gripes|groused|scoffed|scoffs|"
    r"thundered|bemoaned|bemoans|lamented|laments|fumed|fumes|testified|testifies|retorted|"
    r"countered|counters|shouted|shouts|yelled|yells|screamed|screams|exclaimed|proclaimed|"
    r"proclaims|mused|muses|pleaded|pleads|reflected|recounted|recounts|clarified|elaborated|"
    r"whispered|snapped|shot\s+back|fired\s+back|chimed\s+in|interjected|wondered|wonders|"
    r"speculated|reasoned|texted|emailed|e-mailed|blogged|demanded|demands|begged|implored|"
    r"assured|confided|disclosed|revealed|hinted|teased|vented|ranted|sighed|gushed|raved|"
    r"marveled|marvelled|chided|scolded|touted|touts|hailed|lauded|bellowed|blared|"
    r"boasting|lamenting|explaining|recalling|stating|acknowledging|"
    r"admitting|conceding|predicting|promising|quipping|joking|tweeting|posting|demanding|"
    r"pleading|proclaiming|announcing|charging|complaining|suggesting|stressing|reiterating"
)
# Verbs that introduce a clause of reported speech (a subset: "called" or "asked" do not).
_EN_REPORTING = (
    # "told" keeps its object out of the words: "told reporters that …", "told him …"
    r"said|says|told\s+(?:(?:[\w'’.-]+\s+){1,6}?(?=that\s)|(?:him|her|them|us|me|you)\s+)?|"
    r"warned|insisted|argued|stressed|claimed|announced|"
    r"noted|added|explained|acknowledged|admitted|suggested|confirmed|denied|predicted|"
    r"maintained|alleged|emphasi[sz]ed|reiterated|believes|thinks|stated|declared|conceded"
)
_RU_STEMS = (
    r"заяв|сказа|отмети|подчеркну|добави|сообщи|написа|поясни|уточни|призна|напомни|"
    r"завери|указа|ответи|спроси|предупреди|констатирова|рассказа|призва|заключи|"
    r"резюмирова|пообеща|посетова|пожалова|возмути|выступи|прокомментирова|назва|говори|"
    r"счита|полага|убежд|уверен|увере|процитирова|цитиру|отмеча|подчеркива|добавля|сообща|"
    r"настаива|признава|уточня|поясня|выразил|констатиру|говорит|пишет|писал|"
    r"обрати|подытожи|предсказа|предрек|оцени|допусти|отвергл|опроверг|возрази|комментир|замеча|замети|"
    r"передал|передает|передаёт|передают|передали|объясня|объясни|рассказыва|уверяе|уверяю|"
    r"цитирова|утвержда|заключа|указыва|продолжи|не\s+исключ"
)
_LEADING_ASSERTIONS = re.compile(r"(?:\(\?<[=!][^()]*\))*")


def _by_first_letter(alternatives: str) -> str:
    """``alternatives`` (``a|b|…``, each opening with a lower-case letter, maybe after
    look-behinds) with those opening with the same letter grouped, in their order. The same
    matches (alternatives opening with different letters never match at one place), found in
    half the time: at each place the engine tries one group, not each of the 200 verbs."""
    groups: dict[str, list[str]] = {}
    for part in _top_level(alternatives):
        letter = _LEADING_ASSERTIONS.sub("", part, count=1)[:1]
        if not ("a" <= letter <= "z" or "а" <= letter <= "я" or letter == "ё"):
            return alternatives
        groups.setdefault(letter, []).append(part)
    return "|".join(f"(?:{'|'.join(group)})" for group in groups.values())


def _top_level(pattern: str) -> list[str]:
    """The alternatives of ``pattern``: split at each ``|`` outside brackets and classes."""
    parts, depth, start, in_class, k = [], 0, 0, False, 0
    while k < len(pattern):
        ch = pattern[k]
        if ch == "\\":
            k += 1  # (the escaped character)
        elif in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch in "()":
            depth += 1 if ch == "(" else -1
        elif ch == "|" and depth == 0:
            parts.append(pattern[start:k])
            start = k + 1
        k += 1
    return [*parts, pattern[start:]]


_RU_VERB = rf"(?:{_by_first_letter(_RU_STEMS)})[а-яё]*"
_EN_VERB = rf"(?:{_by_first_letter(_EN_VERBS)})"
_EN_SOURCE = r"according\s+to"
_RU_SOURCE = (
    r"(?:по\s+(?:(?:его|её|ее)\s+)?(?:словам|мнению|данным|информации|оценке|заявлению)|"
    r"как\s+(?:сообщает|сообщают|пишет|пишут|отмечает|отмечают|заявляет|заявляют)|"
    r"говорится\s+в|сообщается\s+в|отмечается\s+в|цитирует)"
)

CUE = {
    # not the "States" of "the United States", nor the "called" of "so-called". Every cue
    # begins with a letter: the lookahead right after the boundary says so, which spares the
    # engine the lookbehinds and the long alternation at every word's end (half the time)
    "en": re.compile(
        rf"\b(?=\w)(?<!United\s)(?<!so-)(?:(?P<src>{_EN_SOURCE})|(?P<verb>{_EN_VERB}))\b", re.I
    ),
    "ru": re.compile(
        rf"(?<![а-яё])(?=[а-яё])(?:(?P<src>{_RU_SOURCE})|(?P<verb>{_RU_VERB}))(?![а-яё])", re.I
    ),
}
# (a space first, the look-behind after it: the same matches as ``(?<=[.!?…])\s+(?=…)``, the
# engine skipping to the spaces)
_SENTENCE_END = re.compile(r"\s(?<=[.!?…]\s)\s*(?=[\"“‘«„(—–-]?[A-ZА-ЯЁ0-9])")
# A closing quote mark, a space and a capital: a sentence end when the original text has a stop
# inside the mark (masking hides it).
_CLOSED_QUOTE = re.compile(r"\s(?<=[\"”’»']\s)\s*(?=[\"“‘«„(]?[A-ZА-ЯЁ0-9])")
_FIRST_WORDS = re.compile(r"(?:\S+\s+){0,7}\S+")
_RELATIVE = re.compile(r"котор\w+\s+$", re.I)
_SIGNATURE = re.compile(r"\s*[—–-]\s*")
_LAST_WORD = re.compile(r"(\S+)$")
_QUOTE_MARKS = re.compile(r"[\"“”‘«»„]")
_TITLES = alternation(ABBREVIATED_TITLES)  # "Mr.", "Sgt.": no sentence end
_ABBREVIATION = re.compile(
    rf"(?:[A-ZА-ЯЁ]|{_TITLES}|No|(?:[A-Z]\.){{1,3}}[A-Z]|т|г|гг|им|ул|д|см|т\.е|т\.к|т\.д|т\.п)\."
)

_REPORTED = {
    "en": (
        # Lavrov said (that) …  /  Lavrov told reporters that …
        re.compile(
            rf"^(?P<sp>[^,;:]{{2,80}}?)\s+(?:(?:has|had|also|later|then|previously|earlier)\s+)?"
            rf"(?:{_EN_REPORTING})\s*(?:on\s+\w+\s+)?(?:that\s+)?(?P<q>[^,].{{15,}})$",
            re.S,
        ),
        # Mark Yarema, medical director of …, said (that) …
        re.compile(
            rf"^(?P<sp>[^,;:]{{2,60}},\s[^;:]{{2,120}}?),\s+(?:(?:has|had|also|later)\s+)?"
            rf"(?:{_EN_REPORTING})\s*(?:that\s+)?(?P<q>[^,].{{15,}})$",
            re.S,
        ),
        # According to Lavrov, …
        re.compile(rf"^{_EN_SOURCE}\s+(?P<sp>[^,]{{2,80}}),\s+(?P<q>.{{15,}})$", re.S | re.I),
        # …, according to Lavrov.  /  …, Lavrov said.  /  …, said Lavrov.
        re.compile(rf"^(?P<q>.{{15,}}),\s+{_EN_SOURCE}\s+(?P<sp>[^,]{{2,80}})[.!?]?$", re.S),
        re.compile(
            rf"^(?P<q>.{{15,}}),\s+(?P<sp>[^,]{{2,60}}?)\s+(?:{_EN_VERB})"
            r"(?:\s+(?:on|in|at|this|last)\b[^,]{0,40})?[.!?]?$",
            re.S,
        ),
        re.compile(rf"^(?P<q>.{{15,}}),\s+(?:{_EN_VERB})\s+(?P<sp>[^,]{{2,80}})[.!?]?$", re.S),
    ),
    "ru": (
        # Лавров заявил, что …  /  Лавров сообщил журналистам, что …
        re.compile(
            rf"^(?P<sp>[^,;:]{{2,100}}?)\s+{_RU_VERB}(?P<mid>[^,;:]{{0,60}}),\s+что\s+"
            r"(?P<q>.{15,})$",
            re.S | re.I,
        ),
        # По словам Лаврова, …  /  Как заявил Лавров, …
        re.compile(
            rf"^(?:по\s+(?:словам|мнению)|как\s+{_RU_VERB})\s+(?P<sp>[^,]{{2,100}}),\s+"
            r"(?P<q>.{15,})$",
            re.S | re.I,
        ),
        # …, заявил Лавров.  /  …, — сказал он.  /  …, считают в Кремле.
        re.compile(
            rf"^(?P<q>.{{15,}}?),\s+(?:[—–-]\s+)?{_RU_VERB}\s+(?P<sp>[^,]{{2,100}})[.!?]?$",
            re.S | re.I,
        ),
        # …, Лавров заявил.  /  …, по словам Лаврова.
        re.compile(
            r"^(?P<q>.{15,}?),\s+по\s+(?:словам|мнению)\s+(?P<sp>[^,]{2,100})[.!?]?$",
            re.S | re.I,
        ),
    ),
}


@dataclass(frozen=True)
class Cue:
    """A speech cue at ``start``..``end`` of the text; ``source`` for "according to"-phrases."""

    start: int
    end: int
    source: bool


@dataclass(frozen=True)
class Reported:
    """A sentence of reported speech: the reported clause and the speaker phrase (offsets)."""

    start: int  # the sentence
    end: int
    words: tuple[int, int]
    speaker: tuple[int, int]


def cues(text: str, start: int, end: int, lang: str) -> list[Cue]:
    """Speech cues in ``text[start:end]``, in order; not an outlet's in a relative clause
    ("премьер-министра Влада Филата, которого цитирует «Интерфакс»": his words, not its)."""
    pattern = CUE["ru" if lang == "ru" else "en"]
    return [
        Cue(m.start(), m.end(), m.group("src") is not None)
        for m in pattern.finditer(text, start, end)
        if not (
            m.group().lower().startswith("цитиру")
            and _RELATIVE.search(text, max(start, m.start() - 20), m.start())
        )
    ]


def signature(text: str, start: int, end: int) -> int | None:
    """Where the name starts in a paragraph signing the quote above it ("— Татьяна Скригонюк,
    заместитель начальника пресс-службы МЧС": a dash, then a short line), else None."""
    dash = _SIGNATURE.match(text, start)
    return dash.end() if dash is not None and len(text[start:end].split()) <= 30 else None


def guess_language(text: str) -> str:
    """``ru`` when Cyrillic letters outnumber Latin ones, else ``en``."""
    cyrillic = len(re.findall(r"[а-яёА-ЯЁ]", text))
    latin = len(re.findall(r"[a-zA-Z]", text))
    return "ru" if cyrillic > latin else "en"


def has_cue(words: str, lang: str) -> bool:
    """True when ``words`` hold a speech verb or source phrase."""
    return CUE["ru" if lang == "ru" else "en"].search(words) is not None


def sentences(
    text: str, start: int, end: int, original: str | None = None
) -> list[tuple[int, int]]:
    """(start, end) of the sentences of ``text[start:end]`` (one paragraph). With the
    ``original`` of a masked ``text``, a quotation ending in a stop inside its closing mark
    ends its sentence too when a capital follows ('"… not words." Labour's Yvette Cooper …'),
    unless what follows is the quote's attribution ('"… not words." Cooper said.')."""
    breaks = [
        (match.start(), match.end())
        for match in _SENTENCE_END.finditer(text, start, end)
        if not abbreviation(text, match.start())
    ]
    if original is not None:
        breaks += [
            (match.start(), match.end())
            for match in _CLOSED_QUOTE.finditer(text, start, end)
            if original[match.start() - 2 : match.start() - 1] in (".", "!", "?", "…")
            and not _attribution_at(text, match.end(), end, original[match.start() - 2])
        ]
        breaks.sort()
    out: list[tuple[int, int]] = []
    at = start
    for stop, resume in breaks:
        out.append((at, stop))
        at = resume
    if at < end:
        out.append((at, end))
    return out


def _attribution_at(text: str, at: int, end: int, stop_mark: str) -> bool:
    """True when the sentence at ``at`` attributes the quote before it, closed by
    ``stop_mark``: a speech cue within its first eight words ('"…?" House counsel Douglas
    Letter told the court about …'), after a full stop also at most five words before its end
    ('"…." Cooper said on Monday.'), for "Governor Ana Ruiz said the bridge would pay for
    itself." after a quote is a sentence of its own."""
    stop = next(
        (
            m.start()
            for m in _SENTENCE_END.finditer(text, at, end)
            if not abbreviation(text, m.start())
        ),
        end,
    )
    head = _FIRST_WORDS.match(text, at, stop)
    found = [
        m
        for pattern in CUE.values()
        for m in pattern.finditer(text, at, head.end() if head else stop)
    ]
    if not found:
        return False
    return stop_mark in "?!" or len(text[found[0].end() : stop].split()) <= 5


def abbreviation(text: str, at: int) -> bool:
    """True when the full stop before ``at`` ends an abbreviation or initial ("Mr.", "J.")."""
    word = _LAST_WORD.search(text[max(0, at - 12) : at])
    token = word.group(1) if word else ""
    return bool(
        _ABBREVIATION.fullmatch(token)
        # a month before its day ("the Nov. 3 election"), which ends no sentence
        or (
            re.fullmatch(r"(?:Jan|Feb|Mar|Apr|Aug|Sept?|Oct|Nov|Dec)\.", token) is not None
            and re.match(r"\s+\d", text[at : at + 3]) is not None
        )
    )


def reported_speech(text: str, start: int, end: int, lang: str) -> Reported | None:
    """The reported speech of the sentence ``text[start:end]``, or None (see the docstring)."""
    sentence = text[start:end]
    if _QUOTE_MARKS.search(sentence) or "?" in sentence:
        return None
    body = sentence.rstrip()
    for pattern in _REPORTED["ru" if lang == "ru" else "en"]:
        match = pattern.match(body)
        if match is None:
            continue
        q_start, q_end = match.span("q")
        s_start, s_end = match.span("sp")
        words = body[q_start:q_end].strip().rstrip(".!…").strip()
        if len(words.split()) < 4:
            continue
        return Reported(
            start,
            end,
            (start + q_start, start + q_start + len(words)),
            (start + s_start, start + s_end),
        )
    return None
