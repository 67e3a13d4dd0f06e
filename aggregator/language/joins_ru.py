"""Spans of natasha's Russian tagger joined into the names a flat annotation marks whole: an
organisation and the body it belongs to, a place and its region, a body's regional branch, an
institution named after a place or a person. Used by :mod:`ner_ru` before the spans are cleaned.
"""

from __future__ import annotations

import re

from aggregator.language.complements_ru import complemented
from aggregator.language.morph_ru import known, parses

Span = tuple[int, int, str]  # character start, end, type

_BY = re.compile(r"\s+по\s+")
# a hospital or clinic is named after a place only as the end of a capitalised name
# ("Университетской больницы Нантеса"); "больница Твери" is any hospital there
_HOSPITAL = re.compile(r"[Бб]ольниц|[Кк]линик")
_AND = re.compile(r"\s+и\s+")
# an institution noun (and at most one lower-case word: "штата", "принцессы") before a name
_INSTITUTION = re.compile(
    r"(?<![\w-])((?:[Уу]ниверситет|[Ии]нститут|[Фф]онд|[Кк]олледж)(?:а|у|ом|е)?|"
    r"(?:[Аа]кадеми|[Кк]онсерватори)(?:я|и|ю|ей)|[Гг]оспитал(?:ь|я|ю|ем|е)|[Мм]узе(?:й|я|ю|ем|е)|"
    r"[Бб]ольниц(?:а|ы|е|у|ей)|[Кк]линик(?:а|и|е|у|ой))"
    r"(?:\s+([а-яё]{3,}))?\s+$"
)
# a national team: "сборная России по …", "сборную страны по …"
_TEAM = re.compile(r"(?<![\w-])[Сс]борн(?:ая|ой|ую|ые|ых|ым)\s+(?:[А-ЯЁ][\w-]+|страны)\s+(по)\b")
_WORD = re.compile(r"[а-яё]+")
_FUNCTION_POS = frozenset({"PREP", "CONJ", "PRCL", "INTJ"})
# lower-case words, commas and one "и" after an organisation's name (see ``_coordinated``)
_PHRASE = re.compile(r"(?:,?[ ]+(?:и|[а-яё]{2,}))+(?=[\s,.;:)»\"]|$)")
# words for a body of their own, which end a coordinated phrase as a second organisation
_OTHER_BODIES = frozenset(
    "армия правительство министерство ведомство администрация парламент полиция служба "
    "комитет совет суд прокуратура мэрия дума профсоюз союз компания фонд ассоциация центр "
    "управление партия банк агентство организация объединение комиссия учреждение".split()
)
_WORD_BEFORE = re.compile(r"(?<![\w-])([А-ЯЁа-яё]+)\s+$")
# a lower-case body before a regional branch ("следственного управления")
_BRANCH_HEAD = re.compile(
    r"(?<![\w-])(?:[а-яё]+(?:ого|ое|ому|ом|ым|ая|ой|ую)\s+)?"
    r"(?:управлени|отдел|департамент|инспекци)[а-яё]*\s+$"
)


def joined(text: str, spans: list[Span]) -> list[Span]:
    """Spans with an organisation followed by the organisation it belongs to, in the genitive,
    joined into one ("Палаты представителей" + "Конгресса", "обкома" + "КПСС"): the name is
    the whole run, as a flat annotation marks it."""
    out: list[Span] = []
    for start, end, kind in sorted(spans):
        if out:
            prev_start, prev_end, prev_kind = out[-1]
            gap = text[prev_end:start]
            described = prev_kind == kind == "LOC" and _has_lower(text[prev_start:prev_end])
            if (prev_kind == kind == "ORG" or described) and gap.isspace() and "\n" not in gap:
                first = text[start:end].split()[0]
                if any(p.tag.case == "gent" for p in parses(first)):
                    out[-1] = (prev_start, end, kind)
                    continue
        out.append((start, end, kind))
    found = _teams(text, _headed(text, _institutions(text, _branches(text, out))))
    return complemented(text, _coordinated(text, found))


def _branches(text: str, spans: list[Span]) -> list[Span]:
    """A body's regional branch is one name: "ГУ МЧС России по Санкт-Петербургу", "МЧС по
    Санкт-Петербургу и Ленобласти" (the organisation, its country, "по" and the region)."""
    out = []
    k = 0
    while k < len(spans):
        start, end, kind = spans[k]
        k += 1
        if kind == "ORG":
            at, last = k, end
            if at < len(spans) and spans[at][2] == "LOC" and text[last : spans[at][0]] == " ":
                at, last = at + 1, spans[at][1]  # "МЧС России"
            if (
                at < len(spans)
                and spans[at][2] == "LOC"
                and _BY.fullmatch(text, last, spans[at][0])
            ):
                end, at = spans[at][1], at + 1
                if (
                    at < len(spans)
                    and spans[at][2] == "LOC"
                    and _AND.fullmatch(text, end, spans[at][0])
                ):
                    end, at = spans[at][1], at + 1
                k = at
        out.append((start, end, kind))
    return out


def _institutions(text: str, spans: list[Span]) -> list[Span]:
    """An institution named after a place or a person is one organisation: "университета
    Огайо", "университете штата Огайо", "фонда Александра Фельдмана", "Госпиталя принцессы
    Марины", "Технологического института штата Массачусетс", "Университетской больницы
    Нантеса" (a hospital or clinic only after a capitalised name; an institution noun, untagged or
    ending an organisation of one or two words, then the place or person in the genitive, or
    a title or "штата" and then the name; see ``_named_after``). The name may be tagged an
    organisation when it is one word and no acronym ("институте Склифосовского"; not
    "института РАН")."""
    out: list[Span] = []
    for start, end, kind in spans:
        one_word = " " not in text[start:end] and not text[start:end].isupper()
        found = kind != "ORG" or one_word  # "институте Склифосовского", tagged a body alone
        match = _INSTITUTION.search(text, max(0, start - 60), start) if found else None
        if match is not None and _named_after(match.group(2), text[start:end].split()[0], kind):
            head = match.start(1)
            previous = out[-1] if out else (0, 0, "")
            short = len(text[previous[0] : previous[1]].split()) <= 2
            if previous[2] == "ORG" and previous[1] == match.end(1) and short:
                head = out.pop()[0]
            elif _HOSPITAL.match(match.group(1)):
                out.append((start, end, kind))
                continue
            if not out or out[-1][1] <= head:
                out.append((head, end, "ORG"))
                continue
        out.append((start, end, kind))
    return out


def _headed(text: str, spans: list[Span]) -> list[Span]:
    """A regional branch ("Роспотребнадзора по Оренбургской области") with the lower-case
    body in front of it that it names: "управления Роспотребнадзора по …", "следственного
    управления СК РФ по …", as "ГУ МЧС России по …" is written."""
    out: list[Span] = []
    for start, end, kind in spans:
        if kind == "ORG" and _BY.search(text, start, end):
            match = _BRANCH_HEAD.search(text, max(0, start - 40), start)
            if match is not None and (not out or out[-1][1] <= match.start()):
                start = match.start()
        out.append((start, end, kind))
    return out


def _named_after(between: str | None, name: str, kind: str) -> bool:
    """Whether an institution noun, the lower-case word ``between`` (or none) and a name whose
    first word is ``name`` read as "the institution of that name": the name in the genitive
    ("университета Огайо", "Госпиталя принцессы Марины": a title in the genitive between), or
    a place after "штата" ("института штата Массачусетс"). Not "института прессы Карл-Ойген
    Эберле": the person is the institute's head, in the nominative."""
    if between is None:
        return _genitive(name)
    if between == "штата":
        return kind == "LOC"
    options = parses(between)
    title = bool(options) and "anim" in options[0].tag and _genitive(between)
    return title and _genitive(name)


def _teams(text: str, spans: list[Span]) -> list[Span]:
    """A national team is one organisation: "сборную России по бобслею и скелетону",
    "Молодежная сборная России по хоккею", "сборной страны по футболу" (an adjective, the word
    for a team, the country, "по" and the sport in the dative), as factRuEval marks it; the
    place spans inside it go."""
    teams: list[Span] = []
    for match in _TEAM.finditer(text):
        end = match.end(1)
        for word in _WORD.finditer(text, match.end(1), min(len(text), match.end(1) + 60)):
            if text[end : word.start()].strip() or not (
                word.group() == "и" or any(p.tag.case == "datv" for p in parses(word.group()))
            ):
                break
            end = word.end()
        if text[end - 1] == "и":
            end = text.rindex(" ", 0, end)
        start = match.start()
        adjective = _WORD_BEFORE.search(text, max(0, start - 30), start)
        if adjective is not None and any(p.tag.POS == "ADJF" for p in parses(adjective.group(1))):
            start = adjective.start(1)
        teams.append((start, end, "ORG"))
    if not teams:
        return spans
    kept = [s for s in spans if not any(s[0] < e and b < s[1] for b, e, _ in teams)]
    return sorted(kept + teams)


def _coordinated(text: str, spans: list[Span]) -> list[Span]:
    """A body's long descriptive name runs on over a coordinated lower-case phrase the tagger
    cut off: "центр по профилактике и борьбе со СПИДом и инфекционными заболеваниями", "фонд
    для борьбы со СПИДом, туберкулезом и малярией", "служба скорой и неотложной медицинской
    помощи", "министерство здравоохранения и социального развития". The organisation (of two
    words or more, one of them lower case) is followed by lower-case words joined by commas
    and one "и", ending on a noun, all in one case: the case of the name's last word, or the
    genitive right after it (a complement). Not when the phrase ends on a word for another
    body ("министерства обороны и армии", "конгресса и профсоюза") or for a person ("компании
    и совладелец"), or runs into a capitalised word."""
    out: list[Span] = []
    for k, (start, end, kind) in enumerate(spans):
        words = text[start:end].split()
        if kind == "ORG" and len(words) >= 2 and any(w.islower() for w in words):
            limit = spans[k + 1][0] if k + 1 < len(spans) else len(text)
            end = _run_on(text, end, limit, words[-1].strip('«»"„“')) or end
        out.append((start, end, kind))
    return out


def _run_on(text: str, end: int, limit: int, last: str) -> int | None:
    """Where a coordinated lower-case phrase after an organisation ending on ``last`` ends
    (see ``_coordinated``), or None: the longest that reads as one, up to four words after its
    "и" and not past a comma after it."""
    match = _PHRASE.match(text, end, limit)
    if match is None:
        return None
    tokens = [(m.group(), m.end()) for m in re.finditer(r"[а-яё]+|,", match.group())]
    if "и" not in [t for t, _ in tokens]:
        return None
    joined_on = tokens[0][0] in (",", "и")
    # the case of the name's last word, but not the nominative or accusative: "биржа и
    # учреждения" are two subjects; a complement runs on in the genitive
    cases = _cases(last) - {"nomn", "accs"} if joined_on else {"gent"}
    at_and = [t for t, _ in tokens].index("и")
    found = None
    for stop in range(at_and + 1, min(len(tokens), at_and + 5)):
        if tokens[stop][0] in (",", "и"):
            break
        words = [t for t, _ in tokens[: stop + 1] if t not in (",", "и")]
        if any(_agrees(words, case) for case in cases):
            found = end + tokens[stop][1]
    return found


def _agrees(words: list[str], case: str) -> bool:
    """Whether ``words`` (after an organisation's name, its "и" left out) stand in ``case``
    and end on a noun for a thing, not for a person, none of them a word for another body."""
    last = words[-1]
    if any(parses(w)[0].tag.POS in _FUNCTION_POS for w in words):
        return False  # "партии и об отказе": a preposition ("об") has no case of its own
    return (
        all(_cases(w, {"NOUN", "ADJF", "PRTF"}) >= {case} for w in words)
        and case in _cases(last, {"NOUN"})
        and not any("anim" in p.tag for p in parses(last) if p.tag.POS == "NOUN")
        and not any(str(parses(w)[0].normal_form) in _OTHER_BODIES for w in words)
    )


def _cases(word: str, kinds: set[str] | None = None) -> set[str]:
    """The cases ``word`` may stand in (as one of ``kinds`` of word, when given)."""
    return {
        str(p.tag.case)
        for p in parses(word)
        if p.tag.case and (kinds is None or p.tag.POS in kinds)
    }


def _genitive(word: str) -> bool:
    """Whether ``word`` reads first as a noun in the genitive, or does not change."""
    options = parses(word)
    if not options or not known(word):
        return True
    return options[0].tag.POS == "NOUN" and (
        options[0].tag.case == "gent" or "Fixd" in options[0].tag
    )


def _has_lower(surface: str) -> bool:
    return any(word.islower() for word in surface.split())
