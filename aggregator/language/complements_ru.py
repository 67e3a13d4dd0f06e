"""A Russian body's name with the complements that belong to it, which natasha's tagger leaves
outside the span: the body it is attached to ("Центра правовой реформы при Минюсте"), the
person it is named after ("Антифашистского комитета им. Арнольда Мери"), what it deals with
("Комитета Верховной Рады по вопросам науки и образования", "Бюро США по патентам и товарным
знакам"); and a name in quotation marks, which names a body, not a place ("по «Вашингтону»",
"проекте «Сколково»"). Used by :mod:`joins_ru` and :mod:`ner_ru`.
"""

from __future__ import annotations

import re

from aggregator.language.bridge import name_key
from aggregator.language.entities import Mention
from aggregator.language.lemmas_ru import best_parse
from aggregator.language.morph_ru import parses
from aggregator.language.shapes_ru import phrase_end, place_adjective

Span = tuple[int, int, str]  # character start, end, type

_AT = re.compile(r"[ ]+при[ ]+")
_NAMED = re.compile(r"(?<![\w-])(?:им\.|имени)[ ]*$")
_HEAD_BEFORE = re.compile(r"(?<![\w-])([А-ЯЁ][а-яё]+)((?:[ ]+[а-яё]+){0,4})[ ]+$")
_ADJECTIVE_HEAD_BEFORE = re.compile(r"(?<![\w-])([А-ЯЁ][а-яё]+)[ ]+([а-яё]+)[ ]+$")
_LOWER_BEFORE = re.compile(r"(?<![\w-])([а-яё]+)[ ]+$")
_ACRONYM = re.compile(r"[А-ЯЁ]{2,5}")
_BY = re.compile(r"[ ]+по[ ]+(?=[а-яё])")
# nouns for a body that a phrase with "по" names by what it deals with ("комитет по ...")
_TOPIC_BODIES = frozenset(
    "комитет подкомитет комиссия подкомиссия совет бюро центр служба управление департамент "
    "агентство фонд институт отдел группа организация ассоциация федерация суд трибунал".split()
)
_BODIES = _TOPIC_BODIES | frozenset(
    "армия флот правительство министерство ведомство администрация парламент полиция "
    "прокуратура".split()
)
# "по" phrases that say how or why, not what a body deals with ("Совет Федерации по итогам
# заседания одобрил", "МИД по этому поводу"): their first word
_ADVERBIAL = frozenset(
    "словам данным мнению итогам поводу причине причинам сведениям сообщению сообщениям "
    "информации оценкам оценке подсчетам подсчётам прогнозам просьбе приглашению инициативе "
    "случаю результатам линии состоянию возможности существу телефону традиции плану решению "
    "требованию распоряжению поручению указанию приказу версии закону договору соглашению "
    "согласованию времени всей всему всем этому этой этим сути праву мере ходу итогу".split()
)
# a word for a place or a building in the sentence before a quoted name: the name is a place's
# ("станции «Борисово»", "линии («Борисово», «Шипиловская»)", "промзоны «Рыбацкое»")
_FACILITY_BEFORE = re.compile(
    r"(?<![\w-])(?:станци|стадион|аэропорт|вокзал|площад|улиц|проспект|бульвар|парк|сквер|"
    r"бизнес-центр|торгов[а-яё]*\s+центр|ТЦ|ТРЦ|ТК|кинотеатр|комплекс|ЖК|микрорайон|район|"
    r"пос[её]л|сел[оаеу]|деревн|гостиниц|отел|курорт|пляж|заповедник|месторождени|трасс|шоссе|"
    r"рынк|рынок|остров|мыс|порт|терминал|метро|депо|электродепо|промзон|лини)[а-яё]*(?![\w-])"
)
_MINISTRY = re.compile(r"(?<![\w-])министерств(?:о|а|у|ом|е)(?=[ ]+[а-яё])")
_LOWER = re.compile(r"[а-яё]+")
_OPENING = '«„“"'
_CLOSING = '»“”"'


def complemented(text: str, spans: list[Span]) -> list[Span]:
    """``spans`` (sorted) with each organisation run on over the complements that are part of
    its name: a unit written as an acronym before its body's acronym ("РО ГУ МЧС"), a
    capitalised word for a committee or a department before it ("Комитет" +
    "Совета Федерации", "Департамент информации и печати" + "МИД"; see ``_head_before``), "при"
    and the organisation it is attached to (a country between: "Постоянное представительство
    России при ООН"), "им."/"имени" and the person it is named after, and "по" with what it
    deals with (see ``_dealt_with``), then a lower-case word for the committee before it
    ("комитета Госдумы по международным делам", see ``_lower_head``). A place the tagger ran
    on over "по" and a lower-case phrase ("Российской Федерации по развитию …") is cut
    there."""
    out: list[Span] = []
    k = 0
    while k < len(spans):
        start, end, kind = spans[k]
        k += 1
        if kind == "LOC":
            end = _cut_at_by(text, start, end)
        if kind == "ORG":
            start = _head_before(text, start, out[-1][1] if out else 0)
        while kind == "ORG" and k < len(spans):
            country = spans[k][2] == "LOC" and text[end : spans[k][0]] == " "
            at = k + 1 if country and k + 1 < len(spans) else k
            nxt_start, nxt_end, nxt_kind = spans[at]
            between = text[spans[k][1] if at > k else end : nxt_start]
            latin = text[start:end].isascii()  # "AgeLab при ...": a name of its own
            body = nxt_kind == "ORG" or _ACRONYM.fullmatch(text[nxt_start:nxt_end]) is not None
            attached = body and not latin and _AT.fullmatch(between) is not None  # "при ЕС"
            attached = attached or (at == k and between == " " and _unit(text, end, spans[k]))
            named = (
                at == k
                and nxt_kind == "PER"
                and "\n" not in between
                and _named_after(text, start, end, nxt_start)
            )
            if not (attached or named):
                break
            end, k = nxt_end, at + 1
        if kind == "ORG":
            start, end, k = _lower_head(text, start, end, spans, k, out[-1][1] if out else 0)
            end, k = _dealt_with(text, start, end, spans, k)
        out.append((start, end, kind))
    return out


def _lower_head(
    text: str, start: int, end: int, spans: list[Span], k: int, limit: int
) -> tuple[int, int, int]:
    """An organisation with a lower-case word for a committee or a department before it and
    what that body deals with after it ("комитета" + "Госдумы" + "по международным делам"):
    the three are one name, as "управления Роспотребнадзора по …" is (start, end and the
    index of the next span); else the organisation as it is. Not after ``limit``."""
    match = _LOWER_BEFORE.search(text, max(limit, start - 30), start)
    if match is None or not _genitive_word(text[start:end].split(maxsplit=1)[0]):
        return start, end, k
    parse = best_parse(match.group(1))
    if parse is None or str(parse.normal_form) not in _TOPIC_BODIES:
        return start, end, k
    longer, after = _dealt_with(text, match.start(1), end, spans, k)
    return (match.start(1), longer, after) if longer > end else (start, end, k)


def _unit(text: str, end: int, nxt: Span) -> bool:
    """Whether an organisation ending at ``end`` on an acronym is a unit of the organisation
    ``nxt`` right after it, also opening with an acronym ("Бахчисарайского РО" + "ГУ МЧС", "УВД"
    + "ЦАО"): Russian writes a chain of units without a word between."""
    last = text[:end].rsplit(maxsplit=1)[-1]
    first = text[nxt[0] : nxt[1]].split(maxsplit=1)[0]
    return (
        nxt[2] == "ORG"
        and _ACRONYM.fullmatch(last) is not None
        and _ACRONYM.fullmatch(first) is not None
    )


def _cut_at_by(text: str, start: int, end: int) -> int:
    """The end of a place the tagger ran on over "по" and lower-case words: before "по"."""
    match = _BY.search(text, start, end)
    return match.start() if match is not None and match.start() > start else end


def _head_before(text: str, start: int, limit: int) -> int:
    """Where an organisation starting at ``start`` begins when a capitalised word for a
    committee, a department, a fund (``_TOPIC_BODIES``) stands before it, with at most four
    lower-case words in the genitive between ("Комитет Совета Федерации", "Департамент
    информации и печати МИД"), or such a word in lower case after a capitalised adjective
    ("Судейский комитет ФИФА"), the organisation's first word in the genitive: the body the
    organisation has, named with it. Not before ``limit`` (the end of the span before)."""
    first = text[start:].split(maxsplit=1)[0]
    if first.isascii() or not _genitive_word(first):
        return (
            start  # "фонд DST": a descriptor before a name in Latin letters, as "агентство Reuters"
        )
    match = _ADJECTIVE_HEAD_BEFORE.search(text, max(limit, start - 60), start)
    if match is not None and _named_body(text, match):  # "Судейский комитет" + "ФИФА"
        return match.start(1)
    match = _HEAD_BEFORE.search(text, max(limit, start - 80), start)
    if match is None:
        return start
    parse = best_parse(match.group(1))
    if parse is None or str(parse.normal_form) not in _TOPIC_BODIES:
        return start
    words = match.group(2).split()
    if words and (words[0] == "и" or words[-1] == "и" or words.count("и") > 1):
        return start
    if not all(w == "и" or _genitive_word(w) for w in words):
        return start
    return match.start(1)


def _named_body(text: str, match: re.Match[str]) -> bool:
    """Whether a capitalised adjective and a lower-case word for a body (``match``'s groups)
    open a body's name: an adjective capitalised inside a sentence, or opening one and not
    saying what the body is like ("Судейский комитет", not "Новый совет": a qualitative
    adjective opening a sentence is capitalised for that alone)."""
    adjective, noun = best_parse(match.group(1)), best_parse(match.group(2))
    if adjective is None or noun is None or adjective.tag.POS != "ADJF":
        return False
    if "Apro" in adjective.tag or str(noun.normal_form) not in _TOPIC_BODIES:
        return False
    before = text[: match.start(1)].rstrip()
    opening = not before or before[-1] in ".!?\n…"
    return not (opening and "Qual" in adjective.tag)


def _genitive_word(word: str) -> bool:
    """Whether ``word`` (an acronym: "МИД") may stand in the genitive."""
    word = word.strip(_OPENING + _CLOSING)
    return word.isupper() or any(p.tag.case == "gent" for p in parses(word))


def _named_after(text: str, start: int, end: int, person: int) -> bool:
    """Whether "им." or "имени" stands right before the person at ``person``, after the
    organisation's first word (the tagger's span may end on "им")."""
    match = _NAMED.search(text, start, person)
    return match is not None and match.start() > start and not text[end : match.start()].strip()


def _dealt_with(text: str, start: int, end: int, spans: list[Span], k: int) -> tuple[int, int]:
    """The end of an organisation headed by a noun for a committee, a service, a centre (see
    ``_TOPIC_BODIES``) run on over "по" and the lower-case phrase of what it deals with, with a
    country between ("Бюро США по патентам", "Совета при Президенте РФ по развитию
    информационного общества"); and the index of the next span not swallowed. Not a phrase that
    says how or why ("по словам", "по итогам")."""
    if not _topic_body(text[start:end]):
        return end, k
    at, taken, tail = end, k, end
    if taken < len(spans) and spans[taken][2] == "LOC" and text[at : spans[taken][0]] == " ":
        country_start, tail = spans[taken][:2]  # "Бюро США"
        inside = _BY.search(text, country_start, tail)  # the tagger ran "США" on over "по ..."
        at, taken = (inside.start() if inside else tail), taken + 1
    match = _BY.match(text, at)
    if match is None:
        return end, k
    first = re.match(r"[а-яё]+", text[match.end() :])
    if first is None or first.group() in _ADVERBIAL:
        return end, k
    stop = phrase_end(text, match.end())
    if stop is None or (taken < len(spans) and spans[taken][0] < stop):
        return end, k
    if tail > stop and not re.match(r"\s*\(", text[stop:tail]):
        return end, k  # the place's span runs on past the phrase, not at a parenthesis
    return max(stop, tail), taken


def _topic_body(surface: str) -> bool:
    """Whether the first noun of an organisation's name is a word for a committee, a service,
    a centre and the like (``_TOPIC_BODIES``), after adjectives only."""
    for word in surface.split():
        parse = best_parse(word.strip(_OPENING + _CLOSING))
        if parse is None:
            return False
        if parse.tag.POS == "NOUN":
            return str(parse.normal_form) in _TOPIC_BODIES
        if parse.tag.POS not in ("ADJF", "PRTF"):
            return False
    return False


def quoted_body(text: str, start: int, end: int, kind: str) -> bool:
    """Whether a "place" whose name fills a pair of quotation marks is an organisation: a city
    in quotation marks is a club ("по «Вашингтону»"), a project, a centre or a firm ("проекте
    «Сколково»", "центра «Кин-Топ»"), not the city. Not after a word for a place or a
    building earlier in its sentence ("станции «Митино»", "до станции «Новогиреево» и
    «Новокосино»", "стадиона «Лужники»")."""
    if kind == "PER" or start == 0 or end >= len(text):
        return False
    if text[start - 1] not in _OPENING or text[end] not in _CLOSING:
        return False
    sentence = max(text.rfind(mark, 0, start) for mark in ".!?\n") + 1
    return _FACILITY_BEFORE.search(text, sentence, start - 1) is None


def ministries(text: str, found: list[Mention]) -> list[Mention]:
    """``found`` with a ministry written in lower case with what it is for ("министерства
    иностранных дел", "министерства энергетики") as an organisation where a country is named
    after it ("… КНР", "… Турции") or as an adjective before it ("американского министерства
    иностранных дел"): a country's ministry is a body of its own; "краевое министерство
    здравоохранения" is any region's. Named in the nominative, capitalised as the ministry
    writes its name ("Министерство энергетики")."""
    bodies = []
    for match in _MINISTRY.finditer(text):
        end = _genitive_phrase_end(text, match.end())
        if end is None or any(m.start < end and match.start() < m.end for m in found):
            continue
        lead = place_adjective(text, match.start(), "ORG", 2)
        country = any(m.type == "LOC" and m.start == end + 1 for m in found)
        if not (country and text[end] == " ") and lead == match.start():
            continue
        name = "Министерство " + re.sub(r"\s+", " ", text[match.end() : end].strip())
        surface = text[lead:end]
        bodies.append(Mention(lead, end, surface, "ORG", name, name_key(name, "ORG")))
    return sorted(found + bodies, key=lambda m: m.start) if bodies else found


def _genitive_phrase_end(text: str, at: int) -> int | None:
    """Where the lower-case words in the genitive after a ministry's noun end on a noun (up to
    four words, one "и" between them: "иностранных дел", "здравоохранения и социального
    развития"; not a word for another body), or None."""
    end = None
    count = 0
    for word in re.finditer(r"\S+", text[at : at + 80]):
        bare = word.group().rstrip(',.;:!?)»"')
        if count == 4 or not _LOWER.fullmatch(bare) or (bare == "и" and end is None):
            break
        if bare != "и":
            options = [p for p in parses(bare) if p.tag.case == "gent"]
            if not options or options[0].tag.POS not in ("NOUN", "ADJF"):
                break
            if str(options[0].normal_form) in _BODIES:
                break  # "министерства обороны и армии": a second body
            count += 1
            end = at + word.start() + len(bare) if options[0].tag.POS == "NOUN" else end
        if bare != word.group():
            break
    return end
