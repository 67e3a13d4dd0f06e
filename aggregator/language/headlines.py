"""English headlines written in title case, put in sentence case for the tagger.

A headline line ("Trump Returns To White House, Removes Mask Despite Infection") capitalises
every word, and the small English model reads capitalised runs as names ("Trump Returns To",
"Removes Mask Despite Infection"). ``sentence_case(text)`` gives the text with such a line's
common words in lower case, as a sentence would write them, and its names left alone; the
result has the same length, so the tagger's offsets hold for the original text.

The text's first line is a title-case headline when it is short (at most ``MAX_WORDS`` words),
not written all in capitals, not a byline, a date line or a label ("By James Gallagher",
"Published: …", "Ben Waldron reports:"), and nearly all of its words other than function words
(``CONTENT_SHARE``, with at least ``MIN_WORDS`` words in all) start with a capital; lines
further down (subheads, captions, credits) are left alone. Of the headline a word keeps its
capital when it opens the line or follows a colon or an opening quote, when it has capitals
inside it ("McCain", "GOP", "iPhone"), when the rest of the text writes it capitalised inside a
sentence ("White House", "Trump"), or when it is part of a gazetteer name; it is put in lower
case when it is a function word or the rest of the text writes it (or a form of it: "Removes" /
"removed") in lower case. Any other word keeps its capital: a name that only the headline gives
stays a name, but such a word is *unsure*: the caller drops a name made only of such words
("Bid", "Fight Widens") and trims them off the edges of a longer name that has a *known* word
(capitalised elsewhere, a gazetteer name or an acronym: "Joe Biden Set" -> "Joe Biden"), with
the words the casing put in lower case ("Biden Calls For" -> "Biden"). A word right after a
title ("Secretary Price") is not unsure; a word after an opening quote mark may be ("‘Taking
Charge’"). A body's or a place's name of several words none of which is known is dropped too
("Weekly Jobless Claims Fall"); ``split`` cuts a headline span at unsure words between known
names ("Merkel Urges Macron") and after a known name's possessive ("Ortega’s Budget Plan").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from aggregator.language import gazetteer
from aggregator.language.titles import NAME_TITLES_EN

MAX_WORDS = 30
MIN_WORDS = 4
SHARE = 0.7
CONTENT_SHARE = 0.9  # of the words other than function words: title case capitalises them all
_WORD = re.compile(r"[^\W\d_][\w'’.&-]*")
_LINE = re.compile(r"[^\n]+")
_BYLINE = re.compile(r"\s*(?:By|From|Published|Updated|Posted|Photograph|Photo|With files)\b", re.I)
_OPENS = re.compile(r"(?:^|\n\s*|[:\"“‘(]\s*|(?<!\w)'\s*|(?<![A-Z])[.!?]\s+)$")
_QUOTE_OPENS = re.compile(r"(?:[\"“‘]|(?<!\w)')$")
_ENDING = re.compile(r"(?:['’]s|ies|es|ed|ing|s)$")
_INITIAL = re.compile(r"(?<![\w.])[A-Z]\.\s+$")
_TAIL = re.compile(r"(?:['’]s?|[.'’-])+$")  # a possessive or a trailing stop
# Words a headline capitalises that a sentence writes in lower case whatever the text says.
_FUNCTION = frozenset(
    """a about above across after against ahead all along amid among an and any are around as at be
    behind beside besides beyond despite inside near outside unless
    because been before behind being below between beyond both but by can could did do does
    down during each even ever every few for from had has have he her here his how i if in
    into is it its just last less may might more most much must my new next no nor not now of
    off on once one only onto or other our out over own past per since so some such than that
    the their them then there these they this those though through to too toward towards two
    under until up upon us very via vs was we were what when where whether which while who
    whom whose why will with within without would yet you your says say said""".split()
)


@dataclass(frozen=True)
class Cased:
    """A text with its headline lines in sentence case, and what became of their words."""

    text: str  # same length as the original
    unsure: dict[int, int] = field(default_factory=dict)  # start -> end of an unsure word
    known: set[int] = field(default_factory=set)  # starts of known names' words


def sentence_case(text: str) -> Cased:
    """``text`` with its title-case headline lines in sentence case (same length)."""
    first = _LINE.search(text)
    lines = [first] if first is not None and _is_headline(first.group()) else []
    if not lines:
        return Cased(text)
    chars = list(text)
    unsure: dict[int, int] = {}
    known: set[int] = set()
    for line in lines:
        rest = text[: line.start()] + "\n" + text[line.end() :]
        capitalised, lower = _usage(rest)
        kept = [(a + line.start(), b + line.start()) for a, b, _ in gazetteer.find(line.group())]
        for word in _WORD.finditer(text, line.start(), line.end()):
            start = word.start()
            token = _TAIL.sub("", word.group())
            if not token[:1].isupper():
                continue
            if token in capitalised or any(ch.isupper() for ch in token[1:]):
                known.add(start)
                continue
            if any(a <= start < b for a, b in kept):
                known.add(start)
                continue
            quoted = _QUOTE_OPENS.search(text, line.start(), start)  # "‘Taking Charge’"
            if not quoted and (start == line.start() or _OPENS.search(text, line.start(), start)):
                continue
            low = token.lower()
            if low in _FUNCTION or low in lower or _stem(low) in lower:
                chars[start] = text[start].lower()
            elif not _after_title(text, line.start(), start):
                unsure[start] = start + len(token)
    return Cased("".join(chars), unsure, known)


def _after_title(text: str, start: int, at: int) -> bool:
    before = text[start:at].split()
    return bool(before) and before[-1].lower() in NAME_TITLES_EN


def _is_headline(line: str) -> bool:
    words: list[str] = [w for w in _WORD.findall(line) if any(ch.isalpha() for ch in w)]
    if (
        not MIN_WORDS <= len(words) <= MAX_WORDS
        or line.isupper()
        or _BYLINE.match(line)
        or line.rstrip().endswith(":")
    ):
        return False
    content = [w for w in words if w.lower() not in _FUNCTION]  # title case lowers "of", "on"
    capitals = sum(1 for w in content if w[0].isupper())
    return bool(content) and capitals >= CONTENT_SHARE * len(content)


def _usage(text: str) -> tuple[set[str], set[str]]:
    """Words ``text`` writes capitalised inside a sentence, and the words (and their stems) it
    writes in lower case."""
    capitalised: set[str] = set()
    lower: set[str] = set()
    for word in _WORD.finditer(text):
        token = _TAIL.sub("", word.group())
        if token[:1].islower():
            lower.add(token)
            lower.add(_stem(token))
        elif not _OPENS.search(text, max(0, word.start() - 3), word.start()) or _INITIAL.search(
            text, max(0, word.start() - 4), word.start()
        ):
            capitalised.add(token)  # (after an initial's stop too: "Donald J. Trump")
    return capitalised, lower


def _stem(word: str) -> str:
    """A crude English stem, enough to meet a headline's verb in the body ("Removes" and
    "removed")."""
    return _ENDING.sub("", word.lower()) or word.lower()


def split(cased: Cased, text: str, start: int, end: int, label: str) -> list[tuple[int, int, str]]:
    """A tagged headline span cut at its unsure words when known names lie on both sides of
    them ("Trump Congratulates AG Barr": "Trump" and "AG Barr"), and after a known name's
    possessive ("Cuomo’s COVID Lies": "Cuomo’s" and the rest); else the span as it is."""
    words = [(m.start(), m.end()) for m in _WORD.finditer(text, start, end)]
    known = [k for k, (a, _) in enumerate(words) if a in cased.known]
    cuts = [
        k
        for k, (a, _) in enumerate(words)
        if a in cased.unsure and known and known[0] < k < known[-1]
    ]
    owners = [
        k
        for k in known[:-1] or known
        if k < len(words) - 1 and text[words[k][0] : words[k][1]].endswith(("’s", "'s"))
    ]
    if not cuts and not owners:
        return [(start, end, label)]
    out = []
    lo = 0
    for k in range(len(words)):
        if k in cuts or k in owners or k == len(words) - 1:
            hi = k if k in cuts else k + 1
            if hi > lo:
                out.append((words[lo][0], words[hi - 1][1], label))
            lo = k + 1
    if out and words[-1][1] < end:
        out[-1] = (out[-1][0], end, label)
    return out


def trim(cased: Cased, text: str, start: int, end: int, kind: str = "") -> tuple[int, int] | None:
    """The tagged name ``text[start:end]`` without the unsure headline words at its edges when
    it has a known word; None for a name made of unsure words alone ("Flap", "Fight Widens"),
    and for a body's or a place's name (``kind``) of several words none of which is known nor
    stands after a title ("Weekly Jobless Claims Fall", "Complicates Uproar Over Incident"); a
    person's ("David Hogg Is") keeps its words for the edge trimming."""
    if not any(start <= at < end for at in cased.unsure):
        return start, end
    words = [(m.start(), m.end()) for m in _WORD.finditer(text, start, end)]
    if not any(a in cased.known for a, _ in words):
        if all(a in cased.unsure for a, _ in words):
            return None
        bare = all(a in cased.unsure or _opening(text, a) or _weak(cased, a) for a, _ in words)
        return None if bare and len(words) > 1 and kind != "PER" else (start, end)
    last = words[-1]
    while _weak(cased, words[0][0]):
        words.pop(0)
    while _weak(cased, words[-1][0]):
        words.pop()
    return words[0][0], end if words[-1] == last else words[-1][1]


def _opening(text: str, at: int) -> bool:
    """Whether the word at ``at`` opens its line or follows a colon or an opening quote."""
    line = text.rfind("\n", 0, at) + 1
    return at == line or bool(_OPENS.search(text, line, at))


def _weak(cased: Cased, at: int) -> bool:
    """An unsure word, or a word the headline's casing put in lower case ("For" of "Biden Calls
    For Return"): neither ends a known name."""
    return at in cased.unsure or (at not in cased.known and cased.text[at].islower())
