"""One place or body of an event written two ways is one name: the event-level merging rules a
reader would accept, applied after the taggers' own merging (``named.event_entities``) to the
event's entities and speakers.

* A country's official long form, short form and common alternatives are one place ("Russian
  Federation", "Российская Федерация" and "Russia"; "United Kingdom", "UK" and "Britain";
  "United States", "US" and "USA"): ``COUNTRIES``.
* An organisation named with a country — a qualifier ("UK Foreign Office", "Russian Foreign
  Ministry"), a possessive ("Russia's foreign ministry") or "of" ("Foreign Ministry of Russia",
  "Embassy of the Russian Federation") — is the same body as any other such name of that
  country and body ("Russian Embassy"), its words in any order ("Ministry of Foreign Affairs of
  Russia" is the "Russian Foreign Ministry"). The body without a country ("Foreign Ministry") is it
  too when the event qualifies that body with one country only: beside "Ukrainian Foreign
  Ministry" the bare "Foreign Ministry" stays apart. Different bodies never merge ("Foreign
  Office" and "Russian Foreign Ministry"). The body must name an institution (``_BODY_WORDS``).

The entities are merged among themselves (``named.event_entities``, so the ``entities`` export
and the comparison agree); a speaker then joins an entity or another speaker. A merged group is
shown under its most mentioned entity name (a speaker's quotes count as mentions; a named entity
before a speaker's description, a name with its country before one without, then alphabetical);
a country under its short form when the event writes it.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from itertools import groupby

from aggregator.language.translit import latin_key
from aggregator.records import ArticleEntity

#: short form first, then long and other forms (English and Russian), one place per line
COUNTRIES: tuple[tuple[str, ...], ...] = (
    ("Russia", "Russian Federation", "Россия", "Российская Федерация", "РФ"),
    ("UK", "U.K.", "United Kingdom", "Britain", "Great Britain",
     "United Kingdom of Great Britain and Northern Ireland", "Великобритания", "Британия",
     "Соединённое Королевство", "Соединенное Королевство"),
    ("US", "U.S.", "USA", "U.S.A.", "United States", "United States of America", "США",
     "Соединённые Штаты", "Соединенные Штаты", "Соединённые Штаты Америки",
     "Соединенные Штаты Америки"),
    ("Ukraine", "Украина"),
    ("China", "People's Republic of China", "PRC", "Китай", "КНР"),
    ("Iran", "Islamic Republic of Iran", "Иран"),
    ("North Korea", "Democratic People's Republic of Korea", "DPRK", "КНДР"),
    ("South Korea", "Republic of Korea", "Южная Корея"),
    ("Syria", "Syrian Arab Republic", "Сирия"),
    ("Egypt", "Arab Republic of Egypt", "Египет"),
    ("Germany", "Federal Republic of Germany", "Германия", "ФРГ"),
    ("France", "French Republic", "Франция"),
    ("Turkey", "Türkiye", "Republic of Turkey", "Турция"),
    ("Belarus", "Republic of Belarus", "Белоруссия", "Беларусь"),
    ("Moldova", "Republic of Moldova", "Молдавия", "Молдова"),
    ("Czech Republic", "Czechia", "Чехия"),
    ("UAE", "United Arab Emirates", "ОАЭ"),
    ("Israel", "State of Israel", "Израиль"),
    ("Poland", "Republic of Poland", "Польша"),
)  # fmt: skip

#: nationality adjectives -> the short form of the country
_ADJECTIVES = {
    "russian": "Russia", "british": "UK", "american": "US", "ukrainian": "Ukraine",
    "chinese": "China", "iranian": "Iran", "north korean": "North Korea",
    "south korean": "South Korea", "syrian": "Syria", "egyptian": "Egypt", "german": "Germany",
    "french": "France", "turkish": "Turkey", "belarusian": "Belarus", "moldovan": "Moldova",
    "czech": "Czech Republic", "emirati": "UAE", "israeli": "Israel", "polish": "Poland",
}  # fmt: skip

_COUNTRY_OF = {latin_key(form): forms[0] for forms in COUNTRIES for form in forms}

_BODY_WORDS = frozenset(
    "ministry office embassy consulate mission government department agency service council "
    "committee commission army navy police parliament court authority authorities "
    "administration".split()
)
_APOSTROPHES = str.maketrans("’‘ʼ`´", "'''''")
_OF = re.compile(r"^(?P<body>.+)\s+of\s+(?:the\s+)?(?P<country>.+)$", re.IGNORECASE)
_POSSESSIVE = re.compile(r"^(?:the\s+)?(?P<country>.+?)'s?\s+(?P<body>.+)$", re.IGNORECASE)


def country(name: str) -> str | None:
    """The short form of the country ``name`` is a form of ("Russian Federation" -> "Russia")."""
    return _COUNTRY_OF.get(latin_key(name.translate(_APOSTROPHES)))


def country_forms(short: str) -> tuple[str, ...]:
    """Every form of the country whose short form is ``short`` (none when it is no country)."""
    return next((forms for forms in COUNTRIES if forms[0] == short), ())


def qualified_body(name: str) -> tuple[str | None, str] | None:
    """``(country, body)`` of an institution's name, ``country`` None when none is named
    ("Russia's foreign ministry" -> ("Russia", "foreign ministry")); None for other names."""
    text = " ".join(name.translate(_APOSTROPHES).split())
    text = re.sub(r"^the\s+", "", text, flags=re.IGNORECASE)
    found: tuple[str | None, str] = (None, text)
    match = _OF.match(text)
    possessive = _POSSESSIVE.match(text)
    if match is not None and country(match.group("country")) is not None:
        found = (country(match.group("country")), match.group("body"))
    elif possessive is not None and country(possessive.group("country")) is not None:
        found = (country(possessive.group("country")), possessive.group("body"))
    else:
        words = text.split()
        for cut in (2, 1):  # "North Korean Embassy", "UK Foreign Office"
            head = " ".join(words[:cut])
            place = _ADJECTIVES.get(head.lower()) or country(head)
            if len(words) > cut and place is not None:
                found = (place, " ".join(words[cut:]))
                break
    body = found[1].casefold()
    if not _BODY_WORDS & set(re.findall(r"[a-z]+", body)):
        return None
    return (found[0], _body_name(body))


_HEAD_OF = re.compile(
    r"^(?P<head>ministry|department|office)\s+(?:of|for)\s+(?:the\s+)?(?P<rest>.+)$"
)


def _body_name(body: str) -> str:
    """One name of a body however its words are ordered: "ministry of foreign affairs" and
    "foreign affairs ministry" are the "foreign ministry", "department of state" the "state
    department"; "defense" is spelled "defence"."""
    match = _HEAD_OF.match(body)
    if match is not None:
        body = f"{match.group('rest')} {match.group('head')}"
    body = re.sub(r"\baffairs\s+(ministry|department|office)$", r"\1", body)
    return re.sub(r"\bdefense\b", "defence", body)


def same_body(name: str, other: str) -> bool:
    """Whether ``name`` is the body ``other`` names: the same institution, of the same country
    or of none ("Foreign Ministry" and "Russian Foreign Ministry" are the "Ministry of Foreign
    Affairs of the Russian Federation"; "Ukrainian Foreign Ministry" is not)."""
    body, of = qualified_body(name), qualified_body(other)
    if body is None or of is None or body[1] != of[1]:
        return False
    return body[0] is None or body[0] == of[0]


def same_names(
    entities: Iterable[tuple[str, str, int]], speakers: Iterable[str] = ()
) -> dict[str, str]:
    """``(name, type, mentions)`` of an event's entities and its speakers' names -> a map from
    every name that is another's to the name the event gives the group (see the module
    docstring); names that merge with nothing are not in it."""
    weight: Counter[str] = Counter()
    typed: dict[str, str] = {}
    for name, kind, mentions in entities:
        weight[name] += mentions
        typed.setdefault(name, kind)
    for name in speakers:
        weight[name] += 1
    groups: dict[tuple[str | None, str], set[str]] = {}
    for name in weight:
        if typed.get(name) == "PER":
            continue
        place = country(name)
        if place is not None:
            groups.setdefault((place, ""), set()).add(name)
            continue
        body = qualified_body(name) if typed.get(name, "ORG") in ("ORG", "LOC") else None
        if body is not None:
            groups.setdefault(body, set()).add(name)
    places: dict[str, set[str]] = {}
    for place, institution in groups:
        if place is not None and institution:
            places.setdefault(institution, set()).add(place)
    for institution, qualifiers in places.items():
        bare = groups.pop((None, institution), None)
        if bare is not None and len(qualifiers) == 1:  # nothing in the event contradicts
            groups[(next(iter(qualifiers)), institution)] |= bare
        elif bare is not None:
            groups[(None, institution)] = bare
    out: dict[str, str] = {}
    for (place, _), names in groups.items():
        if len(names) < 2:
            continue
        best = min(names, key=lambda n: _rank(n, place, weight, typed))
        out.update({n: best for n in names if n != best})
    return out


def _rank(
    name: str, place: str | None, weight: Mapping[str, int], typed: Mapping[str, str]
) -> tuple[int, int, int, int, str]:
    short = int(name != place)  # a country under its short form
    body = qualified_body(name)
    bare = int(body is None or body[0] is None)
    return (int(name not in typed), short, -weight[name], bare, name)


def renamed(named: Sequence[ArticleEntity], names: Mapping[str, str]) -> list[ArticleEntity]:
    """The event's entities under the names of ``names`` (``same_names``), an article's
    entities that are now one joined (mentions added, surfaces kept; most mentioned first)."""
    events = {e.name: e for e in named}
    out: list[ArticleEntity] = []
    for _, group in groupby(named, key=lambda e: e.article_id):
        joined: dict[str, ArticleEntity] = {}
        for entity in group:
            event = events.get(names.get(entity.name, entity.name), entity)
            previous = joined.get(event.name)
            entity = dataclasses.replace(entity, name=event.name, type=event.type, key=event.key)
            if previous is not None:
                entity = dataclasses.replace(
                    entity,
                    mentions=previous.mentions + entity.mentions,
                    surfaces=tuple(dict.fromkeys(previous.surfaces + entity.surfaces)),
                )
            joined[event.name] = entity
        out.extend(sorted(joined.values(), key=lambda e: (-e.mentions, e.name)))
    return out
