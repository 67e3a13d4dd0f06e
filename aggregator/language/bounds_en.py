"""Where an English name ends, where the small model or the page ran two names into one span.

* A place span with a comma inside is a list of places, as a sentence writes a city with its
  state or country ("Washington, D.C.", "Kenosha, Wisconsin"): each part is a name of its own,
  as the gold and a reader count them. Bodies keep their commas ("University of California,
  San Francisco" is one organisation).
* Two known places joined by a hyphen are two places ("U.S.-Mexico border", "China-India"),
  whatever type the model gave the pair.
* A body's name does not run on into the place it deals with: "the UN Security Council on
  Sudan" is the council and Sudan (a known place after "on" ends the name of a council,
  committee, commission, panel, mission, envoy, forum or conference).
* A span made of gazetteer names alone, joined by commas or "and" ("Facebook, Google", which
  the model took for a work's title), is those names.
* A name's possessive before what is no name ("Cuomo’s COVID", "Trump’s DACA") ends the name.
* A span opening with a person's office "of" a body names the body ("Defence Attaché of the
  Embassy of the Russian Federation" -> "Embassy of the Russian Federation").
* Words a page's text extraction glued to a name are cut off it: the label after a name of
  several words ("Nick TriggleHealth correspondent", "Brian McCloskeyHealth") and a pull
  quote's mark before a title ("QuoteDr Harry Burns"). A one-word name keeps its inner capital
  ("YouTube", "WikiLeaks"), as do "MacArthur", "McCloskey", "DeSantis", and a company's
  word made of two ("Hemispherx BioPharma", "Acme MedTech").

Used by :mod:`ner_en` on the model's spans (spaCy labels), before they are cleaned.
"""

from __future__ import annotations

import re
from itertools import pairwise

from aggregator.language import gazetteer, usage_en
from aggregator.language.titles import HONORIFICS

_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
_COMMA = re.compile(r",\s+")
_LIST_GAP = re.compile(r",\s+|,?\s+and\s+")
_SPACY = {"ORG": "ORG", "LOC": "GPE", "PER": "PERSON"}
# A word glued to the next: at least a capital and two small letters, then a capitalised word.
_GLUED = re.compile(r"[A-Z][\w'’-]*[a-z]{2}(?=[A-Z][a-z]+$)")
# A headline's lower-case last word glued before a name; a known name glued before the next
# headline's first word.
_LOWER_GLUED = re.compile(r"[a-z]{3,}(?=[A-Z][a-z])")
_KNOWN_GLUED = re.compile(r"^([A-Z][\w]*?[a-z]|[A-Z]{2,})(?=[A-Z][a-z]{2,}$)")
# (and a company's name made of two words: "BioPharma", "MedTech", "NanoSys")
_NOT_GLUE = frozenset(
    "Mac Van Von Del Der Des Fitz Bio Med Pharma Tech Info Micro Nano Net Tele Gen Eco".split()
)
_ON_PLACE = re.compile(r"(?<=\w) on ([A-Z][\w.]*(?: [A-Z][\w.]*)?)$")
# Bodies named with the place they deal with ("Security Council on Sudan", "Committee on Iraq").
_TOPIC_HEADS = frozenset(
    "council committee commission panel mission envoy forum conference".split()
)
# A person's office "of" a body, opening a span: the body is the name ("Defence Attaché of the
# Embassy of the Russian Federation", "Chairman of the Federal Reserve").
_OFFICE_OF = re.compile(
    r"(?:[Tt]he )?(?:[A-Z][\w-]* )*?(?:Attaché|Attache|Ambassador|Minister|Secretary|Director"
    r"|Head|Chairman|Chairwoman|Chair|Spokesman|Spokeswoman|Spokesperson|President|Chief|Envoy|Consul"
    r"|Representative) of (?:the )?(?=[A-Z])"
)
_OWNER = re.compile(r"(.+?)['’]s (.+)")
_PAIR = re.compile(r"([A-Z][\w.]*(?: [A-Z][\w.]*)?)-([A-Z][\w.]*(?: [A-Z][\w.]*)?)")


def is_known_place(surface: str) -> bool:
    """A place of the gazetteer, written with or without stops ("U.S." as "US")."""
    return gazetteer.NAMES.get(surface.rstrip(".")) == "LOC" or (
        gazetteer.NAMES.get(surface.replace(".", "")) == "LOC"
    )


def _known_list(surface: str) -> list[tuple[int, int, str]]:
    """The gazetteer names of ``surface`` when it is nothing but two or more of them joined by
    commas or "and" ("Facebook, Google"), else ``[]``."""
    if "," not in surface and "and" not in surface:
        return []  # (no gap between two names: a plain test first, much faster)
    names = gazetteer.find(surface)
    if len(names) < 2 or names[0][0] != 0 or names[-1][1] != len(surface):
        return []
    gaps = [surface[b:a] for (_, b, _), (a, _, _) in pairwise(names)]
    return names if all(_LIST_GAP.fullmatch(gap) for gap in gaps) else []


def split_places(text: str, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """``spans`` (start, end, spaCy label) unglued, with place lists cut at their commas and
    hyphenated pairs of known places cut in two (see the module's docstring)."""
    out: list[tuple[int, int, str]] = []
    for start, end, label in spans:
        start, end = unglued(text, start, end)
        if label != "PERSON" and (office := _OFFICE_OF.match(text, start, end)):
            start = office.end()  # "Defence Attaché of the Embassy of …": the body
        surface = text[start:end]
        owner = _OWNER.fullmatch(surface)
        if owner and owner.group(2) in usage_en.NOT_NAMES:
            end = start + owner.end(1)  # "Cuomo’s COVID lies": the owner, not a body "… COVID"
            surface = text[start:end]
        known = _known_list(surface)
        if known:  # "Facebook, Google" tagged as one work: two bodies
            out += [(start + a, start + b, _SPACY[kind]) for a, b, kind in known]
            continue
        pair = _PAIR.fullmatch(surface)
        if pair and all(is_known_place(pair.group(k)) for k in (1, 2)):
            out += [(start + pair.start(k), start + pair.end(k), "GPE") for k in (1, 2)]
            continue
        topic = _ON_PLACE.search(surface) if label == "ORG" else None
        head = surface[: topic.start()].split()[-1].lower() if topic else ""
        if topic and head in _TOPIC_HEADS and is_known_place(topic.group(1)):
            out += [(start, start + topic.start(), label), (start + topic.start(1), end, "GPE")]
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
    """The name ``text[start:end]`` without what a page glued to its last word ("TriggleHealth"
    -> "Triggle", a known name's "AfghanistanPlanes" -> "Afghanistan") or before it
    ("QuoteDr" -> "Dr", "crashYoung Australian" -> "Young Australian")."""
    words = text[start:end].split()
    if not words:
        return start, end
    glued = _LOWER_GLUED.match(words[0])
    if glued and len(words[0]) < end - start:
        start += glued.end()  # "crashYoung Australian": a headline's last word before it
    known = _KNOWN_GLUED.search(words[-1])
    if known and gazetteer.NAMES.get(known.group(1)) in ("LOC", "ORG"):  # (not "ObamaCare")
        return start, end - len(words[-1]) + known.end(1)  # "AfghanistanPlanes", "NZWheelchair"
    if len(words) < 2:
        return start, end
    last = _GLUED.match(words[-1])
    if last and last.group() not in _NOT_GLUE:
        end = end - len(words[-1]) + last.end()
    first = re.fullmatch(r"([A-Z][a-z]{2,})([A-Z][a-z]+)\.?", words[0])
    if first and first.group(2).lower() in HONORIFICS:
        start += first.start(2)
    return start, end
