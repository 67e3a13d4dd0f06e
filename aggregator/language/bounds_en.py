"""Where an English place name ends, where the small model runs two places into one span.

* A place span with a comma inside is a list of places, as a sentence writes a city with its
  state or country ("Washington, D.C.", "Kenosha, Wisconsin"): each part is a name of its own,
  as the gold and a reader count them. Bodies keep their commas ("University of California,
  San Francisco" is one organisation).
* Two known places joined by a hyphen are two places ("U.S.-Mexico border", "China-India"),
  whatever type the model gave the pair.

Used by :mod:`ner_en` on the model's spans (spaCy labels), before they are cleaned.
"""

from __future__ import annotations

import re

from aggregator.language import gazetteer

_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
_COMMA = re.compile(r",\s+")
_PAIR = re.compile(r"([A-Z][\w.]*(?: [A-Z][\w.]*)?)-([A-Z][\w.]*(?: [A-Z][\w.]*)?)")


def is_known_place(surface: str) -> bool:
    """A place of the gazetteer, written with or without stops ("U.S." as "US")."""
    return gazetteer.NAMES.get(surface.rstrip(".")) == "LOC" or (
        gazetteer.NAMES.get(surface.replace(".", "")) == "LOC"
    )


def split_places(text: str, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """``spans`` (start, end, spaCy label) with place lists cut at their commas and hyphenated
    pairs of known places cut in two (see the module's docstring)."""
    out: list[tuple[int, int, str]] = []
    for start, end, label in spans:
        surface = text[start:end]
        pair = _PAIR.fullmatch(surface)
        if pair and all(is_known_place(pair.group(k)) for k in (1, 2)):
            out += [(start + pair.start(k), start + pair.end(k), "GPE") for k in (1, 2)]
            continue
        if label not in _PLACE_LABELS or not _COMMA.search(surface):
            out.append((start, end, label))
            continue
        at = start
        for comma in _COMMA.finditer(text, start, end):
            out.append((at, comma.start(), label))
            at = comma.end()
        out.append((at, end, label))
    return out
