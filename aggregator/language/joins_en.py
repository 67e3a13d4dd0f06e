"""English names the small model cut in two that are one name (for :mod:`ner_en`, on the
model's spans with spaCy's labels, before they are cleaned).

* ``joined_at_and``: a body's name cut at "and" ("Society of Obstetricians" + "and
  Gynecologists of Canada"); ``_and_before``: a body whose first word and "and" the model left
  out ("Poison and" + "Drug Information Service").
* ``_for_words``: a body's name cut at "for" ("European Certification Commission" + "for
  Polio Eradication").
* ``_constituency``: a seat named after "MP for" is one place, "and" and all ("Central Suffolk
  and North Ipswich"); a lone one too ("the Conservative MP for Stevenage": no body).
* ``_campus``: a university of a US state and its campus after a comma ("University of
  California, San Francisco") and a college of the University of London ("St George's,
  University of London") are one body; a list of places after a comma is not.

Also the head words that make a name a body (``ORG_HEADS``, ``BODY_HEADS``).
"""

from __future__ import annotations

import re

from aggregator.language import datelines, gazetteer
from aggregator.language.titles import NAME_TITLES_EN

Span = tuple[int, int, str]

ORG_HEADS = frozenset(
    """aid trust foundation society council association institute agency party bank strategies
    company ltd inc corp club hospital university college school committee commission ministry
    department office authority board police court fund charity network alliance federation
    assembly parliament service railway railways rail airline airlines airways partners holdings
    associates consultancy consulting enterprises industries technologies ventures farms labs
    hatcheries biotec biotech pharma pharmaceuticals healthcare""".split()
)
ORG_FIRST = frozenset({"project"})
BODY_HEADS = ORG_HEADS | {"center", "centre", "clinic", "unit", "group", "laboratory"}
# Heads that end a body's name after "and" ("… and Customs Enforcement", "… and Human Services").
_AND_HEADS = BODY_HEADS | {"enforcement", "protection", "services", "affairs", "prevention"}
_AND_MORE = re.compile(r" and ([A-Z][\w'’-]*(?: (?:of|for|the|[A-Z][\w'’-]*))*)")
_JOINERS = frozenset({"of", "and", "for", "the", "&", "on", "in"})
_CAP = r"[A-Z][\w'’.-]*"
_SEAT_NAME = rf"({_CAP}(?:(?: | and ){_CAP})*)"
_SEAT = re.compile(
    rf"(?<![\w-])(?:MPs?|MSPs?|MEPs?|AMs?) for (?:the )?{_SEAT_NAME}"
    rf"|(?<![\w-])constituency of {_SEAT_NAME}"
)
_AND_BEFORE = re.compile(r"(?:\b[Tt]he|['’]s)\s+([A-Z][a-z][\w'’-]*) and $")
_FOR_MORE = re.compile(r" for ([A-Z][\w'’-]*(?: (?:of|the|[A-Z][\w'’-]*))*)")
_UNIVERSITY = re.compile(r"University of ([A-Z][a-z]+(?: [A-Z][a-z]+)?)$")
_LIST_ON = re.compile(r",?\s+(?:and\s+)?[A-Z]")
_OF_LONDON = re.compile(r"(?:^|(?<=\s))([A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*){0,3}), $")


def joined(text: str, spans: list[Span]) -> list[Span]:
    """``spans`` (start, end, spaCy label) with the names cut in two made whole (see the
    module)."""
    spans = joined_at_and(text, spans)
    spans = _and_before(text, _for_words(text, spans))
    return _campus(text, _constituency(text, spans))


def _replace(spans: list[Span], start: int, end: int, label: str) -> list[Span]:
    """``spans`` with those inside ``start:end`` replaced by one span; unchanged when a span
    runs across an edge of it."""
    if any(s < end and start < e and (s < start or e > end) for s, e, _ in spans):
        return spans
    return sorted([*(x for x in spans if x[1] <= start or x[0] >= end), (start, end, label)])


def _head(text: str, start: int, end: int) -> str:
    words = text[start:end].split()
    return words[-1].lower() if words else ""


def _constituency(text: str, spans: list[Span]) -> list[Span]:
    if "MP" not in text and "constituency" not in text and "AM" not in text:
        return spans  # (a plain search first: much faster)
    for match in _SEAT.finditer(text):
        group = 1 if match.group(1) else 2
        spans = _replace(spans, match.start(group), match.end(group), "GPE")
    return spans


def _and_before(text: str, spans: list[Span]) -> list[Span]:
    out = list(spans)
    for k, (a, b, label) in enumerate(spans):
        if label != "ORG" or _head(text, a, b) not in BODY_HEADS:
            continue
        before = _AND_BEFORE.search(text, max(0, a - 40), a)
        inside = (
            [text[s:e] for s, e, _ in spans[:k] if s < a and e > before.start(1)] if before else []
        )
        if before and all(" " not in name for name in inside):
            out = _replace(out, before.start(1), b, "ORG")  # (the model's "Poison" goes in)
    return out


def _for_words(text: str, spans: list[Span]) -> list[Span]:
    out = list(spans)
    for a, b, label in spans:
        more = _FOR_MORE.match(text, b)
        if label != "ORG" or more is None or _head(text, a, b) not in BODY_HEADS:
            continue
        words = more.group(1).split()
        while words and words[-1] in _JOINERS:
            words.pop()
        end = more.start(1) + len(" ".join(words))
        if len(words) > 4 or any(s < end and e > b for s, e, _ in spans):
            continue
        if gazetteer.find(text[more.start(1) : end]):
            continue  # "Commission for Europe": a place it deals with
        out = _replace(out, a, end, "ORG")
    return out


def _campus(text: str, spans: list[Span]) -> list[Span]:
    out: list[Span] = []
    for span in spans:
        a, b, label = span
        prev = out[-1] if out else None
        if prev and prev[2] == "ORG" and label in ("GPE", "LOC") and text[prev[1] : a] == ", ":
            state = _UNIVERSITY.search(text, prev[0], prev[1])
            if state and state.group(1) in datelines.US_STATES and not _LIST_ON.match(text, b):
                out[-1] = (prev[0], b, "ORG")  # "University of California, San Francisco"
                continue
        if label == "ORG" and text[a:b] == "University of London":
            if prev and text[prev[1] : a] == ", " and text[prev[0]].isupper():
                out[-1] = (prev[0], b, "ORG")  # "St George's, University of London"
                continue
            college = _OF_LONDON.search(text, max(0, a - 40), a)
            if college and not (prev and prev[1] > college.start(1)):
                out.append((college.start(1), b, "ORG"))
                continue
        out.append(span)
    return out


def joined_at_and(text: str, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """An organisation's name that the model cut at "and": "Society of Obstetricians" + " and
    Gynecologists of Canada", "Ernest Gallo Clinic" + " and Research Center". The words after
    "and" (capitalised, or "of"/"for"/"the") join the name when it is an "X of Y" name or they
    end in a body's head word ("Center", "Enforcement", "Services"), and the model found in
    them no more than one-word names ("Canada", "Law"), not an organisation of their own ("Home
    Office")."""
    out = sorted(spans)
    for k, (a, b, label) in enumerate(out):
        more = _AND_MORE.match(text, b) if label == "ORG" else None
        if more is None:
            continue
        words = more.group(1).split()
        while words and words[-1] in _JOINERS:
            words.pop()
        end = more.start(1) + len(" ".join(words))
        name = text[a:b]
        if not (" of " in name or " for " in name or words[-1].lower() in _AND_HEADS):
            continue
        inside = [s for s in out[k + 1 :] if s[0] < end]
        after = text[more.start(1) : end]
        known = [g for g in gazetteer.find(after) if g[2] != "LOC" or " " in after[g[0] : g[1]]]
        if (
            len(words) > 4
            or known
            or NAME_TITLES_EN.intersection(w.lower() for w in words)
            or any(" " in text[s[0] : s[1]] or s[1] > end or s[2] == "ORG" for s in inside)
        ):
            continue
        out = [*out[:k], (a, end, label), *out[k + 1 + len(inside) :]]
        return joined_at_and(text, out)
    return out
