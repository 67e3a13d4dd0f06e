"""Article text in, fingerprints and similarity out: near-duplicates and shared (wire) passages.

All comparisons run on *normalised words*: Unicode NFKC, case-folded, punctuation and symbols
dropped, digits kept (``"£100m"`` and ``"£200m"`` stay different), whitespace collapsed. So
curly versus straight quotes, a changed dash or re-flowed lines never hide a copy.

* ``text_fingerprint`` — SHA-256 of the normalised words: equal for texts that differ only in
  case, spacing or punctuation (exact-duplicate key for the store).
* ``simhash64`` — 64-bit SimHash over word 3-shingles: near-identical texts differ in few
  bits (``hamming_distance``), usable as a cheap index before an exact comparison.
* ``text_similarity`` / ``near_duplicate`` — Jaccard similarity of word 3-shingle sets for
  texts of ``SHORT_TEXT_WORDS`` words or more; for shorter texts (headlines, ledes), where a
  single changed word would sink the shingle overlap, rapidfuzz's normalised edit-distance
  ratio of the normalised strings. ``shingle_containment`` says how much of the smaller text
  is inside the larger (a wire story embedded in a longer article).
* ``shared_passages`` — every maximal run of at least ``min_words`` consecutive words that
  appears in both texts (in any order), with character spans into the original texts.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from typing import NamedTuple

from rapidfuzz import fuzz

SHINGLE_WORDS = 3
SHORT_TEXT_WORDS = 12

# A word: letters/digits, optionally joined by apostrophes or hyphens inside ("don't", "co-op").
_WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")
_JOINERS = str.maketrans({"’": "", "'": "", "-": ""})


class SharedPassage(NamedTuple):
    """One run of words common to two texts: character spans into each and the text in ``a``."""

    a_span: tuple[int, int]
    b_span: tuple[int, int]
    text: str


def normalise_words(text: str) -> list[str]:
    """The comparison words of ``text``: NFKC, case-folded, punctuation dropped, digits kept."""
    return [word for word, _, _ in _tokens(text)]


def text_fingerprint(text: str) -> str:
    """Hex SHA-256 of the normalised words of ``text`` (equal for trivially different copies)."""
    return hashlib.sha256(" ".join(normalise_words(text)).encode("utf-8")).hexdigest()


def shingles(text: str, *, size: int = SHINGLE_WORDS) -> frozenset[str]:
    """Word ``size``-shingles of ``text``; a text shorter than ``size`` words is one shingle."""
    words = normalise_words(text)
    if len(words) < size:
        return frozenset({" ".join(words)}) if words else frozenset()
    return frozenset(" ".join(words[i : i + size]) for i in range(len(words) - size + 1))


def simhash64(text: str) -> int:
    """64-bit SimHash of the word 3-shingles of ``text`` (0 for a text without words)."""
    weights = [0] * 64
    for shingle in shingles(text):
        digest = int.from_bytes(
            hashlib.blake2b(shingle.encode("utf-8"), digest_size=8).digest(), "big"
        )
        for bit in range(64):
            weights[bit] += 1 if digest >> bit & 1 else -1
    return sum(1 << bit for bit in range(64) if weights[bit] > 0)


def hamming_distance(a: int, b: int) -> int:
    """Number of differing bits of two SimHash values."""
    return (a ^ b).bit_count()


def shingle_jaccard(a: str, b: str) -> float:
    """|A ∩ B| / |A ∪ B| of the word-shingle sets (0.0 when either text has no words)."""
    sa, sb = shingles(a), shingles(b)
    if not sa or not sb:
        return 0.0
    return len(sa & sb) / len(sa | sb)


def shingle_containment(a: str, b: str) -> float:
    """|A ∩ B| / min(|A|, |B|): how much of the smaller text's shingles the other contains."""
    sa, sb = shingles(a), shingles(b)
    if not sa or not sb:
        return 0.0
    return len(sa & sb) / min(len(sa), len(sb))


def text_similarity(a: str, b: str) -> float:
    """Similarity in [0, 1] of two texts (see the module docstring for the method)."""
    wa, wb = normalise_words(a), normalise_words(b)
    if not wa or not wb:
        return 0.0
    if min(len(wa), len(wb)) < SHORT_TEXT_WORDS:
        return float(fuzz.ratio(" ".join(wa), " ".join(wb))) / 100.0
    return shingle_jaccard(a, b)


def near_duplicate(a: str, b: str, *, threshold: float = 0.9) -> bool:
    """True when ``text_similarity(a, b)`` reaches ``threshold``."""
    if not 0.0 < threshold <= 1.0:
        raise ValueError(f"threshold must be in (0, 1], got {threshold}")
    return text_similarity(a, b) >= threshold


def shared_passages(a: str, b: str, *, min_words: int = 8) -> list[SharedPassage]:
    """Maximal runs of at least ``min_words`` words present in both texts, in order of ``b``.

    Matching is on normalised words, so punctuation and case differences inside a run do not
    break it. Each run of ``b`` is reported once, paired with its earliest longest match in
    ``a``; runs of ``b`` never overlap. ``text`` is the passage as written in ``a``.
    """
    if min_words < 1:
        raise ValueError(f"min_words must be at least 1, got {min_words}")
    ta, tb = _tokens(a), _tokens(b)
    wa, wb = [t[0] for t in ta], [t[0] for t in tb]
    starts: dict[tuple[str, ...], list[int]] = {}
    for i in range(len(wa) - min_words + 1):
        starts.setdefault(tuple(wa[i : i + min_words]), []).append(i)

    passages: list[SharedPassage] = []
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
        passages.append(SharedPassage(a_span, b_span, a[a_span[0] : a_span[1]]))
        j += best_len
    return passages


def _tokens(text: str) -> list[tuple[str, int, int]]:
    """(normalised word, start, end) for each word of ``text``; offsets index ``text``."""
    tokens: list[tuple[str, int, int]] = []
    for match in _WORD.finditer(text):
        word = unicodedata.normalize("NFKC", match.group()).casefold().translate(_JOINERS)
        if word:
            tokens.append((word, match.start(), match.end()))
    return tokens
