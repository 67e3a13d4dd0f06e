"""Two article texts in, the passages they share out: runs of common words with their spans.

All comparisons run on *normalised words*: Unicode NFKC, case-folded, punctuation and symbols
dropped, digits kept (``"£100m"`` and ``"£200m"`` stay different), whitespace collapsed. So
curly versus straight quotes, a changed dash or re-flowed lines never hide a copy.
``shared_passages`` finds every maximal run of at least ``min_words`` consecutive words that
appears in both texts (in any order), as character spans into the original texts;
``event.compare_event`` turns them into ``records.SharedPassage``s. Pure: touches nothing.
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from collections.abc import Sequence

# A word: letters/digits, optionally joined by apostrophes or hyphens inside ("don't", "co-op").
_WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")
_JOINERS = str.maketrans({"’": "", "'": "", "-": ""})

#: (start, end) character offsets into a text
Span = tuple[int, int]


def normalise_words(text: str) -> list[str]:
    """The comparison words of ``text``: NFKC, case-folded, punctuation dropped, digits kept."""
    return [word for word, _, _ in _tokens(text)]


def words_in(text: str, spans: Sequence[Span]) -> int:
    """How many comparison words of ``text`` lie in ``spans``, each beginning and ending at a
    word of ``text`` as ``shared_passages`` gives them (or a union of such spans): what
    ``sum(len(normalise_words(text[s:e])) for s, e in spans)`` counts (a word within such a
    span reads the same in the slice), without reading the slices again."""
    if not spans:
        return 0  # (the text's words not read)
    starts = _starts(text)
    return sum(bisect.bisect_left(starts, e) - bisect.bisect_left(starts, s) for s, e in spans)


def shared_passages(a: str, b: str, *, min_words: int = 8) -> list[tuple[Span, Span]]:
    """Maximal runs of at least ``min_words`` words present in both texts, in order of ``b``:
    ``(span in a, span in b)`` for each.

    Matching is on normalised words, so punctuation and case differences inside a run do not
    break it. Each run of ``b`` is reported once, paired with its earliest longest match in
    ``a``; runs of ``b`` never overlap.
    """
    if min_words < 1:
        raise ValueError(f"min_words must be at least 1, got {min_words}")
    ta, tb = _tokens(a), _tokens(b)
    wa, wb = [t[0] for t in ta], [t[0] for t in tb]
    starts: dict[tuple[str, ...], list[int]] = {}
    for i in range(len(wa) - min_words + 1):
        starts.setdefault(tuple(wa[i : i + min_words]), []).append(i)

    passages: list[tuple[Span, Span]] = []
    j = 0
    while j <= len(wb) - min_words:
        candidates = starts.get(tuple(wb[j : j + min_words]))
        if not candidates:
            j += 1
            continue
        best_i, best_len = candidates[0], 0
        for i in candidates:
            length = min_words
            while (
                i + length < len(wa) and j + length < len(wb) and wa[i + length] == wb[j + length]
            ):
                length += 1
            if length > best_len:
                best_i, best_len = i, length
        a_span = (ta[best_i][1], ta[best_i + best_len - 1][2])
        b_span = (tb[j][1], tb[j + best_len - 1][2])
        passages.append((a_span, b_span))
        j += best_len
    return passages


@functools.lru_cache(maxsize=512)
def _tokens(text: str) -> tuple[tuple[str, int, int], ...]:
    """(normalised word, start, end) for each word of ``text``; offsets index ``text``.
    Remembered for the last texts: an event compares each text with every other one."""
    tokens: list[tuple[str, int, int]] = []
    for match in _WORD.finditer(text):
        word = _normal(match.group())
        if word:
            tokens.append((word, match.start(), match.end()))
    return tuple(tokens)


@functools.lru_cache(maxsize=64)
def _starts(text: str) -> list[int]:
    return [start for _, start, _ in _tokens(text)]


@functools.lru_cache(maxsize=65536)
def _normal(word: str) -> str:
    return unicodedata.normalize("NFKC", word).casefold().translate(_JOINERS)
