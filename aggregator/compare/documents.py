"""Who a document speaks for, as the text brought it in: "said the article" after "an article
titled … in the magazine Discover" is Discover; "the editorial states" after "said the editorial by
its editor, Dr. Rajendra Kale" is Kale. Used by :class:`aggregator.compare.speakers.Speakers` when
a speaker phrase names a document ("the report says") and no publisher is written with it."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from aggregator.compare.speech import abbreviation
from aggregator.language.entities import Mention

# Words linking a document to who issued it: "an article … in the magazine Discover".
_LINKED = re.compile(r"\b(?:in|by|from|of|for)\s", re.I)
_BY = re.compile(r"\bby\s", re.I)
_OUTLET_BEFORE = re.compile(r"\b(?:magazine|newspaper|journal|paper|website|site|outlet)\s+$", re.I)
_SENTENCE_STOP = re.compile(r"[.!?][\"”’']?\s+")


def brought_in(
    text: str,
    mentions: Sequence[Mention],
    noun: str,
    at: int,
    in_quote: Callable[[int], bool],
) -> tuple[str, str] | None:
    """(name, type) of whom an English text named with the document ``noun`` ("article",
    "report") where it last brought it in before ``at`` (in the same sentence, after "in", "by",
    "from", "of", "for"): its author named after "by", else the organisation, or an outlet after
    "magazine", "newspaper" … (the small tagger may type it a place); None when none is named."""
    if not noun:
        return None
    intro = re.compile(rf"\b(?:an?|the|its|their)\s+(?:[\w’'-]+\s+){{0,3}}{noun}s?\b", re.I)
    for match in reversed(list(intro.finditer(text, 0, at))):
        stops = _SENTENCE_STOP.finditer(text, match.end(), at)
        stop = next((m for m in stops if not abbreviation(text, m.start() + 1)), None)
        limit = min(stop.start() if stop else at, match.end() + 160)
        linked = [
            m
            for m in mentions
            if match.end() <= m.start < limit
            and not in_quote(m.start)
            and _LINKED.search(text[match.end() : m.start])
        ]
        author = next(
            (m for m in linked if m.type == "PER" and _BY.search(text, match.end(), m.start)),
            None,
        )
        if author is not None:
            return author.name, "PER"
        for mention in linked:
            outlet = _OUTLET_BEFORE.search(text[match.end() : mention.start]) is not None
            if mention.type == "ORG" or (mention.type == "LOC" and outlet):
                return mention.name, "ORG"
    return None
