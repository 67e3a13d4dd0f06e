"""Article vectors in, candidate articles out: the inverted index over one window (pure).

Holds each indexed article's heaviest terms with their weights; a query's heaviest terms vote
for the articles in their posting lists (a partial dot product over the heavy terms). Also
when each article leaves the window. Touches nothing outside itself.

``dot``, ``packed_dot``, ``ranked`` and ``TermIndex``'s ``add``, ``remove``, ``votes`` and
``best`` run in C when the optional kernel (``_ckernel.c``, built by setup.py at install) is
there, and as the Python below otherwise: the same values in the same order either way (the
``py_`` functions stay importable for the tests that compare them).
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Callable, Iterator
from datetime import datetime
from itertools import islice

Vector = dict[str, float]
# a vector as ``pack`` keeps it for ``packed_dot``: compact bytes with the C kernel, else the
# vector itself
Packed = Vector | bytes


def py_dot(a: Vector, b: Vector) -> float:
    """The dot product of two sparse vectors (the cosine, for unit vectors)."""
    # The key intersection runs in C and is small: far cheaper than probing every term.
    return math.fsum([a[t] * b[t] for t in a.keys() & b.keys()])


def py_votes(
    postings: dict[str, dict[int, float]], vec: Vector, terms: list[str], cap: int
) -> dict[int, float]:
    """Article id -> sum over ``terms`` of ``vec``'s weight times the article's in
    ``postings`` (term -> {article id: weight}), in the order the articles were first reached;
    a crowded term reads only its ``cap`` most recently indexed articles."""
    votes: dict[int, float] = {}
    get = votes.get
    for term in terms:
        found = postings.get(term)
        if not found:
            continue
        weight = vec[term]
        # Only the most recently indexed articles of a crowded term: bounded work per
        # article however dense the window gets.
        if len(found) <= cap:
            for aid, their in found.items():
                votes[aid] = get(aid, 0.0) + weight * their
        else:
            for aid, their in islice(reversed(found.items()), cap):
                votes[aid] = get(aid, 0.0) + weight * their
    return votes


def py_ranked(votes: dict[int, float], k: int) -> list[int]:
    """The ``k`` article ids of the highest votes, highest first, ties in ``votes``' order."""
    # a stable sort in C: several times faster than heapq.nlargest's Python loop, same order
    return sorted(votes, key=votes.__getitem__, reverse=True)[:k]


def py_best(
    postings: dict[str, dict[int, float]],
    vec: Vector,
    terms: list[str],
    cap: int,
    skip: int,
    k: int,
) -> list[int]:
    """``py_ranked`` of ``py_votes`` without article ``skip``."""
    votes = py_votes(postings, vec, terms, cap)
    votes.pop(skip, None)
    return py_ranked(votes, k)


def py_pack(vec: Vector) -> Packed:
    """``vec`` in the form ``packed_dot`` reads (the vector itself, without the kernel; with
    it, compact bytes over the term objects: the terms must be interned (``sys.intern``) and
    the vector kept alive as long as its pack)."""
    return vec


def py_packed_dot(a: Packed, b: Packed) -> float:
    """``dot`` of two packed vectors."""
    assert isinstance(a, dict) and isinstance(b, dict)
    return py_dot(a, b)


def py_index_add(
    postings: dict[str, dict[int, float]], article_id: int, vec: Vector, terms: list[str]
) -> None:
    """``postings[term][article_id] = vec[term]`` for each of ``terms``."""
    for term in terms:
        found = postings.get(term)
        if found is None:
            postings[term] = {article_id: vec[term]}
        else:
            found[article_id] = vec[term]


def py_index_remove(
    postings: dict[str, dict[int, float]], article_id: int, terms: list[str]
) -> None:
    """``del postings[term][article_id]`` for each of ``terms``, and the emptied lists."""
    for term in terms:
        found = postings[term]
        del found[article_id]
        if not found:
            del postings[term]


dot: Callable[[Vector, Vector], float] = py_dot
_index_add: Callable[[dict[str, dict[int, float]], int, Vector, list[str]], None] = py_index_add
_index_remove: Callable[[dict[str, dict[int, float]], int, list[str]], None] = py_index_remove
pack: Callable[[Vector], Packed] = py_pack
packed_dot: Callable[[Packed, Packed], float] = py_packed_dot
ranked: Callable[[dict[int, float], int], list[int]] = py_ranked
_votes: Callable[[dict[str, dict[int, float]], Vector, list[str], int], dict[int, float]]
_votes = py_votes
_best: Callable[[dict[str, dict[int, float]], Vector, list[str], int, int, int], list[int]]
_best = py_best
try:
    from aggregator.cluster import _ckernel
except ImportError:  # not built: the Python versions above, same results
    pass
else:
    dot, ranked, _votes, _best = _ckernel.dot, _ckernel.ranked, _ckernel.votes, _ckernel.best
    pack, packed_dot = _ckernel.pack, _ckernel.packed_dot
    _index_add, _index_remove = _ckernel.index_add, _ckernel.index_remove
KERNEL = dot is not py_dot  # whether the C kernel runs


def top_terms(vec: Vector, n: int) -> list[str]:
    """The ``n`` heaviest terms, heaviest first, ties in term order (two stable sorts with C
    keys: several times faster than one sort with a Python key)."""
    return sorted(sorted(vec), key=vec.__getitem__, reverse=True)[:n]


class TermIndex:
    """Term -> {article id: weight} for the indexed articles, and a queue of when they expire."""

    def __init__(self) -> None:
        self._postings: dict[str, dict[int, float]] = {}
        # (published, article id) of dated indexed articles, oldest first
        self._expiry: list[tuple[datetime, int]] = []

    def add(
        self, article_id: int, vec: Vector, terms: list[str], published: datetime | None
    ) -> None:
        """Index ``article_id`` under ``terms`` with their weights in ``vec``; a dated article
        is queued to leave by ``expired``."""
        if published is not None:
            heapq.heappush(self._expiry, (published, article_id))
        _index_add(self._postings, article_id, vec, terms)

    def remove(self, article_id: int, terms: list[str]) -> None:
        """Take ``article_id`` out of the posting lists of ``terms`` (those it was added under)."""
        _index_remove(self._postings, article_id, terms)

    def expired(self, cutoff: datetime) -> Iterator[int]:
        """Pop from the queue, oldest first, the articles published before ``cutoff``; the caller
        ``remove``s those still indexed."""
        expiry = self._expiry
        while expiry and expiry[0][0] < cutoff:
            yield heapq.heappop(expiry)[1]

    def votes(self, vec: Vector, terms: list[str], cap: int) -> dict[int, float]:
        """Article id -> sum over ``terms`` of ``vec``'s weight times the article's, in the order
        the articles were first reached; a crowded term reads only its ``cap`` most recently
        indexed articles."""
        return _votes(self._postings, vec, terms, cap)

    def best(self, vec: Vector, terms: list[str], cap: int, skip: int, k: int) -> list[int]:
        """The ``k`` article ids with the most ``votes``, most first, ties in the order the
        articles were first reached, leaving out article ``skip``."""
        return _best(self._postings, vec, terms, cap, skip, k)

    def indexed(self) -> dict[int, int]:
        """Article id -> how many terms it is indexed under (to inspect the index)."""
        counts: dict[int, int] = {}
        for postings in self._postings.values():
            for aid in postings:
                counts[aid] = counts.get(aid, 0) + 1
        return counts
