"""A person's name the small English model tagged in part: the rest of the name joined to it.

The model often tags one word of a full name: "Brett" of "Brett Kavanaugh", "Pradhan" of
"Prashant Pradhan", "Sethy" of "R C Sethy", or two parts with two types ("Jamal" a place,
"Khashoggi" a person). ``whole_names(cased, spans)`` gives the person's span the untagged
capitalised words right after a one-word name or a name ending in initials ("Chris J.L.M."
+ "Meijer") and right before a name (initials anywhere; another word only inside a sentence,
not opening it — "Meanwhile Pradhan" is no name — and not after a capitalised word: "Minority
Leader Charles Schumer" keeps its title out), and joins
two one-word spans written one space apart of which one is a person's. A word that is a title
or an office ("Officer", "Speaker", "President-elect"), a function word, a day or month, a
gazetteer name, a word the text also writes in lower case, or an unsure word of a title-case
headline (:mod:`headlines`) is never joined; nor is any word before a span whose first word a
page glued to another ("QuoteDr Harry Burns", cut apart later by :mod:`bounds_en`).
"""

from __future__ import annotations

import re

from aggregator.language import gazetteer
from aggregator.language.headlines import Cased
from aggregator.language.titles import NAME_TITLES_EN, ROLE_WORDS_EN, TITLE_ABBREVIATIONS_EN

_WORD_AFTER = re.compile(r" ([A-Z][a-z][\w'’-]*)(?![\w'’-])")
_WORD_BEFORE = re.compile(r"(?<![\w'’.-])([A-Z][a-z][\w'’-]*|[A-Z]\.?) $")
_INITIAL = re.compile(r"[A-Z]\.?")
_INITIALS_END = re.compile(r" (?:[A-Z]\.){1,4}$")
_CAPITAL_BEFORE = re.compile(r"[A-Z][\w.'’-]* $")  # "Minority Leader Charles": a title's run
_ROLES = frozenset(ROLE_WORDS_EN.split("|")) | {"elect", "ombudsman", "leader", "whip"}
_ROLES |= frozenset(TITLE_ABBREVIATIONS_EN) | {"staff"}
_SENTENCE_OPENS = re.compile(r"(?:^|[.!?:;\n\"“‘(]\s*)$")
_NOT_NAMES = frozenset(
    """the a an and or but if as at by for from in into of on to with when while after before
    this that these those he she it they we you his her its their our my your said says
    monday tuesday wednesday thursday friday saturday sunday january february march april may
    june july august september october november december today yesterday tomorrow""".split()
)


def whole_names(cased: Cased, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """``spans`` (start, end, spaCy label) with persons' names made whole (see the module)."""
    text = cased.text
    taken = sorted(spans)
    out: list[tuple[int, int, str]] = []
    lowered: set[str] | None = None
    for start, end, label in taken:
        if out and label in ("PERSON", "GPE", "ORG") and _pair(text, out[-1], (start, end, label)):
            out[-1] = (out[-1][0], end, "PERSON")  # "Jamal" (GPE) + "Khashoggi" (PERSON)
            continue
        first = text[start:end].split()[0].rstrip(".").lower() if end > start else ""
        if label != "PERSON" or first in NAME_TITLES_EN or first in _ROLES:
            out.append((start, end, label))  # (a title tagged alone, "Sgt": no name to extend)
            continue
        if lowered is None:
            lowered = set(re.findall(r"\b[a-z][a-z'’-]+\b", text))
        free_from = out[-1][1] if out else 0
        if any(ch.isupper() for ch in text[start:end].split()[0][1:]):
            free_from = start  # "QuoteDr Harry Burns": a glued word opens the span
        while (before := _WORD_BEFORE.search(text, max(free_from, start - 20), start)) and (
            _INITIAL.fullmatch(before.group(1))
            or (
                _joinable(cased, before.start(1), before.group(1), lowered)
                and not _SENTENCE_OPENS.search(text, max(0, before.start(1) - 3), before.start(1))
                and not _CAPITAL_BEFORE.search(text, max(0, before.start(1) - 30), before.start(1))
            )
        ):
            start = before.start(1)
        if " " not in text[start:end].strip() or _INITIALS_END.search(text, start, end):
            nxt = _WORD_AFTER.match(text, end)  # (also after "Chris J.L.M.": its surname)
            following = [s for s in taken if s[0] >= end]
            free = not following or nxt is None or following[0][0] >= nxt.end()
            if nxt and free and _joinable(cased, nxt.start(1), nxt.group(1), lowered):
                end = nxt.end(1)
        out.append((start, end, label))
    return out


def _joinable(cased: Cased, at: int, word: str, lowered: set[str]) -> bool:
    bare = word.rstrip("’'").lower()
    return not (
        at in cased.unsure
        or bare in _NOT_NAMES
        or any(part in NAME_TITLES_EN or part in _ROLES for part in bare.split("-"))
        or any(ch.isupper() for ch in word[1:])
        or bare in lowered
        or word in gazetteer.NAMES
        or word.endswith(("’s", "'s"))
    )


def _pair(text: str, first: tuple[int, int, str], second: tuple[int, int, str]) -> bool:
    """Two one-word spans one space apart, one a person's, neither a gazetteer name."""
    a, b = text[first[0] : first[1]], text[second[0] : second[1]]
    return (
        "PERSON" in (first[2], second[2])
        and first[2] in ("PERSON", "GPE", "ORG")
        and text[first[1] : second[0]] == " "
        and " " not in a
        and " " not in b
        and a.isalpha()
        and a[:1].isupper()
        and b[:1].isupper()
        and a not in gazetteer.NAMES
        and b not in gazetteer.NAMES
    )
