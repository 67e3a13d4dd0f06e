"""English names read by how the sentence uses them, where the small model types them wrongly or
takes a non-name for a name (used by :mod:`ner_en`; US political news taught most of these).

* ``person_by_use``: a name right after a person's capitalised title is a person ("President
  Trump", "Sen. Collins", "Pope Francis"), a full name after a person's trade ("comedian
  Samantha Bee") too, and so is a one-word name that qualifies what only
  a person has ("the Trump administration", "the Obama White House", "Biden's campaign").
* ``not_a_name``: laws and bills ("Affordable Care Act", "George Floyd Justice in Policing
  Act"), programmes, events, diseases and movements that US news capitalises ("Medicare",
  "DACA", "State of the Union", "COVID-19", "LGBTQ") are no person, body or place.
* ``seat_after_name``: "the Obama White House", "the Biden White House" are a person and a
  seat of government, not one person's name; "the Trump Administration" is the person;
  "Wisconsin’s Supreme Court" is a place and a body.
* ``charity_with_country``: a name ending in "UK" is a body ("Asthma UK", "Age UK",
  "Parkinson's UK"), not a person nor the country.
* ``with_country``: a federal body written after the country's abbreviation is one name with it
  ("U.S. District Court", "U.S. Capitol", "U.S. Senate"), as the gold writes "US Congress"; an
  ordinal before a body or a district is part of its name ("6th Congressional District").
"""

from __future__ import annotations

import re
from dataclasses import replace
from itertools import pairwise

from aggregator.language import gazetteer
from aggregator.language.entities import Mention
from aggregator.language.titles import HONORIFICS, alternation

# Capitalised titles that only a person holds, written right before the name.
_TITLE_BEFORE = re.compile(
    r"(?<![\w.])(?:President|Vice President|President-elect|Sen\.|Senator|Rep\.|Representative"
    r"|Gov\.|Governor|Speaker|Justice|Judge|Secretary|Mayor|Pope|King|Queen|Prince|Princess"
    r"|Chancellor|Minister|Attorney General|Leader|Commissioner|Ambassador|Congressman"
    r"|Congresswoman)\s+$"
)
# A person's trade or part written in lower case right before a full name ("comedian Samantha
# Bee", "Fox News host Sean Hannity", "GOP operative Liz Mair", "film star Stormy Daniels").
_ROLE_BEFORE = re.compile(
    r"(?<![\w-])(?:star|attorney|lawyer|comedian|journalist|activist|host|anchor|actor|actress"
    r"|singer|rapper|billionaire|businessman|businesswoman|adviser|aide|spokesman|spokeswoman"
    r"|spokesperson|reporter|correspondent|commentator|columnist|author|survivor|founder"
    r"|candidate|nominee|whistleblower|fixer|lawmaker|congressman|congresswoman|strategist"
    r"|operative|economist|professor|officer|captain|daughter|son|wife|husband|widow|frontman"
    r"|musician|drummer|guitarist|chef|photographer|surgeon|physician|scientist|researcher"
    r"|biologist|doorman|schoolboy|schoolgirl|novelist|playwright|director)\s+$"
)
# A person's part or kin, then a comma, right before a full name ("his son, Te Kaurinui
# Parata", "The petitioner, Prabir Kumar Das"); an age right after a name ("Parata, 75,").
_KIN_BEFORE = re.compile(
    r"(?<![\w-])(?:son|daughter|father|mother|brother|sister|wife|husband|partner|widow|uncle"
    r"|aunt|grandson|granddaughter|grandfather|grandmother|petitioner|accused|defendant"
    r"|plaintiff|victim|suspect|complainant),\s+$"
)
_AGE_AFTER = re.compile(r",\s+\d{1,3},")
# What a person has that a body does not, right after a one-word name.
_PERSON_THING = re.compile(
    r"(?:['’]s)?\s+(?:[Aa]dministration|[Cc]ampaign|presidency|White House|team|transition"
    r"|family|aides?|allies|ally|associates?|advisers?|impeachment|officials?|critics?"
    r"|supporters?|loyalists?|appointees?|nominees?)\b|-era\b"
)
# (not "Miss", "Lord", "Lady" or "Baroness": a house or a peerage's place may follow them)
_HONORIFIC_BEFORE = re.compile(
    rf"(?<![\w.])(?:{alternation(HONORIFICS - {'miss', 'lord', 'lady', 'baroness'})})\.?\s+$",
    re.IGNORECASE,
)
# A place's kind and "of" ("the city of"), or "in"/"near" (group 1), right before a name.
_PLACE_BEFORE = re.compile(
    r"(?<![\w-])(?:(?:city|town|village|suburb|coast|province|region|county|district|island"
    r"|port|capital) of|(in|near))\s+$"
)
_COMMA_AFTER = re.compile(r",\s")
# Words that say the next name is a place whatever follows it: a compass direction and "of"
# ("trains west of Exeter"), a stretch of line or shore "at" it ("track at Dawlish"), a reading
# "recorded at" it ("gusts recorded at the Lizard").
_SURE_PLACE_BEFORE = re.compile(
    r"(?<![\w-])(?:(?:(?:north|south)(?:-?(?:east|west))?|east|west) of"
    r"|(?:track|line|railway|harbour|harbor|beach|pier|seafront|promenade|cliffs?|sea wall"
    r"|coast|coastline|shore) (?:at|near|in)|(?:recorded|measured|registered) (?:at|in))"
    r"\s+(?:the\s+)?$"
)
# An apposition that only a place takes: "Dawlish, a stretch of coastal track", "Bude, a town".
_PLACE_AFTER = re.compile(
    r",\s+an?\s+(?:[a-z-]+\s+){0,2}(?:town|village|city|resort|port|suburb|hamlet|stretch"
    r"|headland|peninsula|island|district|region|province)\b"
)
# A list of names after a word of place: "in Penzance, Newquay and Bude".
_LIST_BEFORE = re.compile(r"(?<![\w-])(?:in|near|at|from|to|across|between|around)\s+$")
_LIST_JOIN = re.compile(r"(?:,\s+|,?\s+and\s+|,?\s+or\s+)")
_LIST_END = re.compile(r"\b(?:and|or)\s+$")
# Heads of a body's name: no place whatever precedes it.
_NOT_PLACE_HEADS = frozenset(
    """department court committee house senate office agency council party university college
    school hospital commission service bureau administration board group news times post
    trust foundation institute association society company""".split()
)
_PARTY = re.compile(r"(?:Republican|Democrat|Democratic|Conservative|Labour|Tory|Liberal)s?")
# Heads of a body's or a place's name: such a name is no person whatever precedes it.
_NOT_PERSON_HEADS = frozenset(
    """department court committee house senate office agency council party university college
    school hospital commission service bureau administration board group news times post
    street city county state""".split()
)
_ACT_AFTER = re.compile(r"(?:\s+(?:in|of|for|on|to|the|[A-Z][\w'’-]*)){0,6}\s+Act\b")
# Treaties are documents, as laws are ("Vienna Convention", "Minsk Agreements").
_TREATY_WORDS = frozenset(
    "Convention Conventions Treaty Accord Accords Agreement Agreements".split()
)
# An abstract noun of an idea or a fear: no entity, however it is capitalised.
_ABSTRACT = re.compile(r"[A-Z][a-z]+(?:phobia|phobic|isms?)")
# Programmes, events, diseases and movements written like names: never an entity.
NOT_NAMES = frozenset(
    """Medicare|Medicaid|Obamacare|ObamaCare|DACA|Deferred Action for Childhood Arrivals|
    Deferred Action on Childhood Arrivals|Social Security|State of the Union|SOTU|Super Bowl|
    Brexit|Election Day|Inauguration Day|COVID-19|Covid-19|COVID|Covid|LGBT|LGBTQ|LGBT+|
    LGBTQ+|MeToo|SWAT|PAC|PACs|SOB""".replace("\n", "")
    .replace(" " * 4, "")
    .split("|")
)
# What a person has, tagged with the name as one span ("Trump Administration"): the person only.
_OWN = ("Administration", "administration", "Campaign", "campaign")
_PLACE_OWNER = re.compile(
    r"([A-Z][\w.]*(?: [A-Z][\w.]*)?)['’]s ([A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*)*)$"
)
_ORDINAL_BEFORE = re.compile(r"(?<![\w.])\d{1,2}(?:st|nd|rd|th)\s$")
_COUNTRY_BEFORE = re.compile(r"(?<![\w.])(?:U\.S\.|US|U\.K\.|UK)\s$")


def person_by_use(text: str, start: int, end: int, kind: str) -> str:
    """``kind``, or "PER" where the sentence says ``text[start:end]`` is a person's name."""
    surface = text[start:end]
    if kind == "PER" or not _could_be_person(surface):
        return kind
    if _TITLE_BEFORE.search(text, max(0, start - 24), start):
        return "PER"
    if " " in surface and _ROLE_BEFORE.search(text, max(0, start - 16), start):
        return "PER"
    if " " in surface and _KIN_BEFORE.search(text, max(0, start - 16), start):
        return "PER"
    if _AGE_AFTER.match(text, end):
        return "PER"
    if " " not in surface and _PERSON_THING.match(text, end):
        return "PER"
    return kind


def has_person_cue(text: str, start: int, end: int) -> bool:
    """Whether the sentence itself says ``text[start:end]`` names a person (a title or an
    honorific right before it, a trade before a full name, a person's things after a one-word
    name), whatever type the model gave it."""
    if not _could_be_person(text[start:end]):
        return False
    return bool(
        _HONORIFIC_BEFORE.search(text, max(0, start - 12), start)
        or person_by_use(text, start, end, "ORG") == "PER"
    )


def has_place_cue(text: str, start: int, end: int) -> bool:
    """Whether the sentence itself says ``text[start:end]`` names a place: a short capitalised
    name after a place's kind and "of" ("the city of Valencia", "the coast of Kaupokonui"), or
    between "in"/"near" and a comma ("in Senkata, which", "in Pensacola, Florida") — not after
    "in" when the name qualifies what follows ("in Trump's presidency", "in Senate trial")."""
    surface = text[start:end]
    words = surface.split()
    if (
        surface in gazetteer.NAMES
        or len(words) > 3
        or not all(w[:1].isupper() for w in words)
        or surface.isupper()
        or _PARTY.fullmatch(surface)
        or _NOT_PLACE_HEADS.intersection(w.lower() for w in words)
    ):
        return False
    if _SURE_PLACE_BEFORE.search(text, max(0, start - 30), start) or (
        len(words) == 1 and _PLACE_AFTER.match(text, end)
    ):
        return True
    before = _PLACE_BEFORE.search(text, max(0, start - 24), start)
    if before is None:
        return False
    return before.group(1) is None or _COMMA_AFTER.match(text, end) is not None


def one_type_by_cue(text: str, mentions: list[Mention]) -> list[Mention]:
    """``mentions`` with every mention of a name that one of them shows to be a person's (see
    ``has_person_cue``) typed PER, and a family's ("the Clintons" beside "Clinton"), else a
    place's (``has_place_cue``) typed LOC; names the gazetteer types are left alone. A span
    found twice (the model's party, then the gazetteer's) is one mention."""
    unique: dict[tuple[int, int], Mention] = {}
    for m in mentions:
        unique.setdefault((m.start, m.end), m)
    mentions = list(unique.values())
    persons = {
        m.surface for m in mentions if m.type == "PER" and has_person_cue(text, m.start, m.end)
    }
    named = {m.surface for m in mentions if m.type == "PER"}
    persons |= {  # "Hori Parata" (ORG) beside "Te Kaurinui Parata" or "Parata" (a person)
        m.surface
        for m in mentions
        if m.type != "PER"
        and m.surface not in named
        and 1 < len(m.surface.split()) <= 4
        and any(n.split()[-1] == m.surface.split()[-1] for n in named)
        and _could_be_person(m.surface)
    }
    persons |= {  # "the Clintons" beside "Clinton": a family is people
        m.surface
        for m in mentions
        if m.surface.endswith("s") and m.surface[:-1] in named and " " not in m.surface
    }
    places = {
        m.surface
        for m in mentions
        if m.surface not in persons and has_place_cue(text, m.start, m.end)
    }
    places |= listed_places(text, mentions, places) - persons
    if not persons and not places:
        return mentions
    out = []
    for m in mentions:
        kind = "PER" if m.surface in persons else "LOC" if m.surface in places else m.type
        known = m.surface in gazetteer.NAMES
        out.append(m if kind == m.type or known else replace(m, type=kind))
    return out


def listed_places(text: str, mentions: list[Mention], places: set[str]) -> set[str]:
    """The names of a list after a word of place ("in Penzance, Newquay and Bude") of which one
    is a place (typed so, or in ``places``): the others are places too, the model's types
    notwithstanding ("Newquay" ORG, "Bude" PER); a name with a body's head word is left alone."""
    ordered = sorted(mentions, key=lambda m: m.start)
    out: set[str] = set()
    k = 0
    while k < len(ordered):
        run = [ordered[k]]
        while k + len(run) < len(ordered):
            after = ordered[k + len(run)]
            if not _LIST_JOIN.fullmatch(text, run[-1].end, after.start):
                break
            run.append(after)
        k += len(run)
        if len(run) < 2 or not _LIST_BEFORE.search(text, max(0, run[0].start - 10), run[0].start):
            continue
        if not _LIST_END.search(text, run[-2].end, run[-1].start):
            continue  # "in Valencia, Pilar Bernabé, told": an apposition, not a list
        if not any(m.type == "LOC" or m.surface in places for m in run):
            continue
        out |= {
            m.surface
            for m in run
            if m.surface not in gazetteer.NAMES
            and len(m.surface.split()) <= (1 if m.type == "PER" else 3)
            and not _NOT_PLACE_HEADS.intersection(w.lower() for w in m.surface.split())
        }
    return out


def _could_be_person(surface: str) -> bool:
    words = surface.split()
    return (
        surface not in gazetteer.NAMES
        and not _PARTY.fullmatch(surface)
        and not surface.isupper()
        and not any(ch.isdigit() for ch in surface)
        and words[0][:1].isupper()
        and not _NOT_PERSON_HEADS.intersection(w.lower() for w in words)
        and surface not in NOT_NAMES
    )


def not_a_name(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is a law, treaty, programme, event or disease, or an abstract
    noun written with a capital ("Russophobia", "Thatcherism"), not an entity."""
    surface = text[start:end]
    if surface in NOT_NAMES or _ABSTRACT.fullmatch(surface):
        return True
    words = surface.split()
    if any(a in _TREATY_WORDS and b in ("on", "of", "for") for a, b in pairwise(words)):
        return True  # "Vienna Convention on Diplomatic Relations" (not "… Treaty Organization")
    if words[-1] in _TREATY_WORDS and len(words) > 1:
        return True  # "Paris Agreement", "Minsk Accords"
    return words[-1] in ("Act", "Acts") or bool(_ACT_AFTER.match(text, end))


def with_country(text: str, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """``spans`` (start, end, label; sorted) with a body's name taking the country's abbreviation
    written right before it ("U.S." + "District Court"), the abbreviation's own span dropped."""
    out: list[tuple[int, int, str]] = []
    for start, end, label in spans:
        if label in ("ORG", "GPE", "LOC", "FAC") and (
            ordinal := _ORDINAL_BEFORE.search(text, max(0, start - 5), start)
        ):
            start = ordinal.start()  # "6th Congressional District", "9th Circuit"
        before = _COUNTRY_BEFORE.search(text, max(0, start - 6), start)
        body = label == "ORG" or text[start:end] in gazetteer.SEATS
        if before and body and out and out[-1][0] == before.start():
            out[-1] = (before.start(), end, label)
            continue
        if before and body and not (out and out[-1][1] > before.start()):
            out.append((before.start(), end, label))
            continue
        out.append((start, end, label))
    return out


def seat_after_name(text: str, start: int, end: int, label: str) -> list[tuple[int, int, str]]:
    """A tagged span that ends in a seat of government after a one- or two-word name ("Obama
    White House"): the name (a person) and the seat (a place); else the span as it is."""
    whole = (start, end, label)
    if text.startswith(("the ", "The "), start):
        start += 4  # ("the Obama White House")
    surface = text[start:end]
    owner = _PLACE_OWNER.match(surface)
    if owner and gazetteer.NAMES.get(owner.group(1)) == "LOC":  # "Wisconsin’s Supreme Court"
        return [(start, start + owner.end(1), "GPE"), (start + owner.start(2), end, label)]
    for seat in (*gazetteer.SEATS, *_OWN):
        if not surface.endswith(" " + seat):
            continue
        head = surface[: -len(seat)].rstrip()
        if not head or len(head.split()) > 2:
            continue
        known = gazetteer.NAMES.get(head, "PER") != "PER"  # (a person it lists is one)
        if known or not head[0].isupper() or _PARTY.fullmatch(head):
            continue
        if seat in _OWN and (" " in head or head.endswith("s") or head.lower() in text):
            continue  # a surname, not "Federal Drugs", "Veterans" or "Federal" Administration
        person = (start, start + len(head), "PERSON")
        return [person] if seat in _OWN else [person, (end - len(seat), end, "GPE")]
    return [whole]


_BEFORE_UK = re.compile(r"(?<![\w'’.-])((?:[A-Z][a-z][\w]*(?:['’]s)?\s){1,2})$")
_NOT_BODY_WORDS = frozenset(
    """The A In On At To Of For And But If As It This That From With By Across Outside Inside
    Throughout Around Monday Tuesday Wednesday Thursday Friday Saturday Sunday Today""".split()
)


def charity_with_country(
    text: str, spans: list[tuple[int, int, str]]
) -> list[tuple[int, int, str]]:
    """``spans`` (sorted) with a name ending in "UK" made one body: the model's "Asthma UK"
    (a person) and "Parkinson's" + "UK" (the country alone) become "Asthma UK", "Parkinson's
    UK" (ORG)."""
    out: list[tuple[int, int, str]] = []
    for start, end, label in spans:
        if text[start:end] == "UK" or text[start:end].endswith(" UK"):
            before = _BEFORE_UK.search(text, max(0, start - 40), start)
            words = text[start:end].split()[:-1]
            if before and before.group(1).split()[0] not in _NOT_BODY_WORDS and not words:
                while out and out[-1][1] > before.start(1):
                    out.pop()
                out.append((before.start(1), end, "ORG"))
                continue
            if words and words[0] not in _NOT_BODY_WORDS and " ".join(words) not in gazetteer.NAMES:
                out.append((start, end, "ORG"))
                continue
        out.append((start, end, label))
    return out
