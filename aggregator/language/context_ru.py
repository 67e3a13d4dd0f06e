"""What the words around a span of the Russian tagger say about it: a word for a kind of place
before a name, a common noun after a place adjective, an acronym after a dash, an outlet in
lower-case Latin letters after a verb of reporting, an agency credited with its reporter. Used
by :mod:`ner_ru` to cut, drop, add and retype mentions.
"""

from __future__ import annotations

import re

from aggregator.language.morph_ru import parses

# words for a kind of place, cut from before its name
PLACE_NOUNS = frozenset(
    "остров полуостров город село деревня посёлок поселок станица хутор штат провинция река "
    "озеро".split()
)
# words for a kind of place that a place adjective names as written ("Хабаровском крае")
_PLACE_KINDS = PLACE_NOUNS | frozenset(
    "край область район округ улица проспект переулок площадь бульвар шоссе набережная "
    "территория регион республика губерния волость уезд море залив пролив долина".split()
)
_NEXT_WORD = re.compile(r"[ ]+([а-яё]+)")
_DASH_ACRONYM = re.compile(r"\s+[–—-]\s+([A-ZА-ЯЁ]{2,6})$")
# a verb of reporting, then an outlet written in lower-case Latin letters, as a site writes its
# name ("сообщает medinfo", "цитирует newsportal.ru")
_REPORTED_BY = re.compile(
    r"(?<![\w-])(?:сообща(?:ет|ют|л|ла|ли)|пиш(?:ет|ут)|переда(?:[её]т|ют|л|ла)|"
    r"цитиру(?:ет|ют)|информиру(?:ет|ют))\s+([a-z][a-z0-9-]*(?:\.[a-z]{2,6})*)(?=[\s,.;:!?)]|$)"
)


# a credit in parentheses: the agency, a comma, its reporter ("(Новый Регион, Дарья Неклюдова)")
_CREDIT = re.compile(r"\(([^(),\n]{2,40}),\s*([^(),\n]{3,40})\)")


def credits(text: str) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """The parenthesised credits of ``text`` ("Лондон, Январь 05 (Новый Регион, Константин
    Зельфанов) – …"): where the agency is written, and where its reporter is."""
    return [(match.span(1), match.span(2)) for match in _CREDIT.finditer(text)]


def outlet_spans(text: str) -> list[tuple[int, int]]:
    """Outlets named in lower-case Latin letters right after a verb of reporting ("сообщает
    medinfo", "пишет newsportal.ru"), which the tagger, reading capitals, passes over; not an
    address ("www.…")."""
    return [
        match.span(1)
        for match in _REPORTED_BY.finditer(text)
        if not match.group(1).startswith("www.")
    ]


def acronym_after_dash(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """An organisation's name and its acronym after a dash, which the tagger read as one name
    ("Всемирная организация здравоохранения – ВОЗ"): the two apart; else the span whole."""
    match = _DASH_ACRONYM.search(text, start, end)
    if match is None or match.end() != end or match.start() == start:
        return [(start, end)]
    return [(start, match.start()), (match.start(1), end)]


def qualifies_a_common_noun(text: str, word: str, end: int) -> bool:
    """Whether a one-word name the tagger found is an adjective that qualifies the lower-case
    common noun after it, in the same case ("Тартуских судов", "Кипрское правительство"): the
    adjective of a place, no name. Not before a word for a kind of place ("Хабаровском крае"
    is the place as written), nor a word that may be a surname ("Толстого")."""
    options = parses(word)
    if not options or options[0].tag.POS != "ADJF":
        return False
    if any(tag in p.tag for p in options for tag in ("Name", "Surn", "Patr")):
        return False
    following = _NEXT_WORD.match(text, end)
    if following is None:
        return False
    noun = parses(following.group(1))
    if not noun or noun[0].tag.POS != "NOUN" or str(noun[0].normal_form) in _PLACE_KINDS:
        return False
    adjective_cases = {p.tag.case for p in options if p.tag.POS == "ADJF"}
    return bool(adjective_cases & {p.tag.case for p in noun if p.tag.POS == "NOUN"})
