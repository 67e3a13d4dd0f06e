"""Where an English name ends, where the small model or the page ran two names into one span.

* A place span with a comma inside is a list of places, as a sentence writes a city with its
  state or country ("Washington, D.C.", "Kenosha, Wisconsin"): each part is a name of its own,
  as the gold and a reader count them. Bodies keep their commas ("University of California,
  San Francisco" is one organisation).
* Two known places joined by a hyphen are two places ("U.S.-Mexico border", "China-India"),
  whatever type the model gave the pair.
* Words a page's text extraction glued to a name are cut off it: the label after a name of
  several words ("Nick TriggleHealth correspondent", "Brian McCloskeyHealth") and a pull
  quote's mark before a title ("QuoteDr Harry Burns"). A one-word name keeps its inner capital
  ("YouTube", "WikiLeaks"), as do "MacArthur", "McCloskey", "DeSantis".

Used by :mod:`ner_en` on the model's spans (spaCy labels), before they are cleaned.
"""

from __future__ import annotations

import re

from aggregator.language import gazetteer
from aggregator.language.titles import HONORIFICS

_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
_COMMA = re.compile(r",\s+")
# A word glued to the next: at least a capital and two small letters, then a capitalised word.
_GLUED = re.compile(r"[A-Z][\w'’-]*[a-z]{2}(?=[A-Z][a-z]+$)")
_NOT_GLUE = frozenset({"Mac", "Van", "Von", "Del", "Der", "Des", "Fitz"})
_PAIR = re.compile(r"([A-Z][\w.]*(?: [A-Z][\w.]*)?)-([A-Z][\w.]*(?: [A-Z][\w.]*)?)")


def is_known_place(surface: str) -> bool:
    """A place of the gazetteer, written with or without stops ("U.S." as "US")."""
    return gazetteer.NAMES.get(surface.rstrip(".")) == "LOC" or (
        gazetteer.NAMES.get(surface.replace(".", "")) == "LOC"
    )


def split_places(text: str, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """``spans`` (start, end, spaCy label) unglued, with place lists cut at their commas and
    hyphenated pairs of known places cut in two (see the module's docstring)."""
    out: list[tuple[int, int, str]] = []
    for start, end, label in spans:
        start, end = unglued(text, start, end)
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


def unglued(text: str, start: int, end: int) -> tuple[int, int]:
    """The name ``text[start:end]`` (several words) without what a page glued to its last word
    ("TriggleHealth" -> "Triggle") or before a title opening it ("QuoteDr" -> "Dr")."""
    words = text[start:end].split()
    if len(words) < 2:
        return start, end
    last = _GLUED.match(words[-1])
    if last and last.group() not in _NOT_GLUE:
        end = end - len(words[-1]) + last.end()
    first = re.fullmatch(r"([A-Z][a-z]{2,})([A-Z][a-z]+)\.?", words[0])
    if first and first.group(2).lower() in HONORIFICS:
        start += first.start(2)
    return start, end
