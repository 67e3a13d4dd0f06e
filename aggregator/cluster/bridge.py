"""Events across languages: what survives translation links a Russian event to an English one.

Input: the window's articles (title, text, language) as the state places and evicts them.
Output: ``cross_merges``, the merges of events in different languages that report one event,
and ``evidence``, the figures behind one such link (for ``cluster --explain``). Pure.

Method. Each article gets a second, small vector over bridge keys (``language.bridge``: names
in one Latin-script key, places whose names differ across languages, numbers), weighted by
TF-IDF over the keys. Two events are compared side by side: the sum of one event's articles in
one language against the sum of the other's in another language (cosine of the two sums, so an
event's several reports pool their names and figures). Pairs that pass ``bridge_threshold``
and share at least ``bridge_keys`` keys merge, best pair first and each event once per round,
unless both hold articles in the window's commonest language
(so the best counterpart wins: a Russian report of the Sochi talks joins the Sochi event, not
the same ministers' phone call of another day; events further apart than the window never
merge). Monolingual linking is untouched: this runs after it, on the events it made.

Cost. Until two languages are among the window's articles, articles are only queued (their
title and opening kept); keys are computed when a second language arrives and from then on at
insertion, so a one-language stream pays nothing but the queue.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from aggregator.cluster.index import TermIndex, Vector, dot
from aggregator.cluster.records import Merge
from aggregator.cluster.text import DocumentFrequencies
from aggregator.language.bridge import SAMPLE_CHARS, bridge_keys

# Rounds of cross-language merging per pass: each event joins at most once a round.
_ROUNDS = 4


@dataclass(frozen=True)
class BridgeLink:
    """The cross-language evidence between two events: the cosine of their key sums, the
    keys both sides hold (heaviest first) and the languages compared."""

    score: float
    shared: tuple[str, ...]
    languages: tuple[str, str]


class Bridge:
    """Bridge-key vectors of the window's articles, an inverted index over them, and their
    languages."""

    def __init__(self) -> None:
        self.df = DocumentFrequencies()
        self.raw: dict[int, Vector] = {}  # key -> sublinear count, per keyed article
        self.language: dict[int, str] = {}
        self._pending: dict[int, tuple[str, str]] = {}
        self._counts: dict[str, int] = {}
        self._index = TermIndex()

    @property
    def active(self) -> bool:
        """Whether the window holds articles in more than one language."""
        return sum(1 for n in self._counts.values() if n) > 1

    def add(self, article_id: int, title: str, text: str, language: str) -> None:
        """Take an article placed in the window (keyed now, or queued until a second
        language arrives)."""
        self.language[article_id] = language
        self._counts[language] = self._counts.get(language, 0) + 1
        if not self.active:
            self._pending[article_id] = (title, text[:SAMPLE_CHARS])
            return
        for aid, (queued_title, queued_text) in list(self._pending.items()):
            self._key(aid, queued_title, queued_text)
        self._pending.clear()
        self._key(article_id, title, text)

    def _key(self, article_id: int, title: str, text: str) -> None:
        counts = bridge_keys(title, text, self.language[article_id])
        self.df.add(counts)
        raw = {k: 1.0 + math.log(c) for k, c in counts.items()}
        self.raw[article_id] = raw
        self._index.add(article_id, raw, sorted(raw), None)

    def vector(self, article_id: int) -> Vector:
        """An article's unit key vector under the key IDF as it is now (weighed when asked:
        the first articles of a stream would otherwise keep the IDF of a near-empty table)."""
        raw = self.raw.get(article_id)
        return self.weigh(raw) if raw is not None else {}

    def weigh(self, raw: Vector) -> Vector:
        """Sublinear key counts -> a unit TF-IDF vector over the keys."""
        weighted = self.df.weigh(raw, 0.5)
        norm = math.sqrt(sum(w * w for w in weighted.values())) or 1.0
        return {k: w / norm for k, w in weighted.items() if w > 0}

    def remove(self, article_id: int) -> None:
        """Forget an article that left the window."""
        language = self.language.pop(article_id, None)
        if language is None:
            return
        self._counts[language] -= 1
        self._pending.pop(article_id, None)
        raw = self.raw.pop(article_id, None)
        if raw is not None:
            self._index.remove(article_id, sorted(raw))

    def pivot(self) -> str:
        """The commonest language of the window (its articles are looked up, not looked
        from)."""
        return min(self._counts, key=lambda lang: (-self._counts[lang], lang))

    def others(self, article_id: int) -> dict[int, float]:
        """Articles in another language sharing keys with ``article_id``, with the partial dot
        product over the shared keys."""
        vec = self.raw.get(article_id)
        if vec is None:
            return {}
        return self.sharing(vec, self.language[article_id])

    def sharing(self, raw: Vector, language: str) -> dict[int, float]:
        """Articles not in ``language`` sharing keys with the key counts ``raw``."""
        votes = self._index.votes(raw, sorted(raw), 500)
        return {a: v for a, v in votes.items() if self.language[a] != language}

    def keys_of(self, article_id: int, title: str, text: str, language: str) -> Vector:
        """An article's sublinear key counts: as stored, or computed (not stored) for one the
        bridge does not hold."""
        raw = self.raw.get(article_id)
        if raw is None:
            raw = {k: 1.0 + math.log(c) for k, c in bridge_keys(title, text, language).items()}
        return raw

    def against(self, raw: Vector, language: str, members: Sequence[int]) -> BridgeLink | None:
        """One article's keys (``raw``, in ``language``) against the sum of ``members`` in
        other languages: the evidence ``cluster --explain`` shows."""
        return _compare(self.weigh(raw), language, self.sides(members))

    def sides(self, members: Sequence[int]) -> dict[str, Vector]:
        """Language -> the sum of the key vectors of ``members`` in that language."""
        out: dict[str, Vector] = {}
        for aid in members:
            vec = self.vector(aid)
            if not vec:
                continue
            side = out.setdefault(self.language[aid], {})
            for key, weight in vec.items():
                side[key] = side.get(key, 0.0) + weight
        return out

    def link(self, a: Sequence[int], b: Sequence[int], pivot: str = "") -> BridgeLink | None:
        """The cross-language comparison of two groups of articles, one of them in a single
        language: its key sum against the sum of the other group's articles in other
        languages. ``None`` when both groups are mixed or both hold articles in ``pivot`` (two
        events with articles in one language join on their own words, never on the bridge:
        a wrong bridge must not chain two English events together) or share only one
        language."""
        sides_a, sides_b = self.sides(a), self.sides(b)
        if pivot in sides_a and pivot in sides_b:
            return None
        if len(sides_a) != 1:
            if len(sides_b) != 1:
                return None
            sides_a, sides_b = sides_b, sides_a
        ((language, va),) = sides_a.items()
        return _compare(va, language, sides_b)


def _compare(va: Vector, language: str, sides: Mapping[str, Vector]) -> BridgeLink | None:
    """``va`` (in ``language``) against the summed ``sides`` in other languages."""
    others = sorted(lang for lang in sides if lang != language)
    vb: Vector = {}
    for lang in others:
        for key, weight in sides[lang].items():
            vb[key] = vb.get(key, 0.0) + weight
    if not va or not vb:
        return None
    score = dot(va, vb) / (math.sqrt(dot(va, va) * dot(vb, vb)) or 1.0)
    shared = sorted(va.keys() & vb.keys(), key=lambda k: (-va[k] * vb[k], k))
    return BridgeLink(score, tuple(shared), (language, "+".join(others)))


def cross_merges(
    bridge: Bridge,
    members: Callable[[str], list[int]],
    event_of: Mapping[int, str],
    order: Callable[[str], int],
    *,
    threshold: float,
    min_keys: int,
    near: Callable[[str, str], bool],
    fold: Callable[[str, str], None],
) -> list[Merge]:
    """Merge events of different languages whose key sums pass ``threshold`` with at least
    ``min_keys`` shared keys, best pair first, each event once a round; the older event is
    kept (``order``) and ``fold(gone, keep)`` applies each merge before the next is looked at.
    ``members(key)`` lists an event's articles, ``event_of`` maps each article to its event
    (kept up to date by ``fold``)."""
    merges: list[Merge] = []
    if not bridge.active:
        return merges
    for _ in range(_ROUNDS):
        pivot = bridge.pivot()
        pairs: set[tuple[str, str]] = set()
        for aid, language in bridge.language.items():
            if language == pivot:
                continue
            mine = event_of[aid]
            for other in bridge.others(aid):
                theirs = event_of[other]
                if theirs != mine:
                    pairs.add((mine, theirs) if order(mine) < order(theirs) else (theirs, mine))
        scored = []
        for a, b in pairs:
            found = bridge.link(members(a), members(b), pivot)
            if found and found.score >= threshold and len(found.shared) >= min_keys:
                scored.append((found.score, a, b))
        scored.sort(key=lambda p: (-p[0], order(p[1]), order(p[2])))
        touched: set[str] = set()
        before = len(merges)
        for score, keep, gone in scored:
            if keep in touched or gone in touched or not near(keep, gone):
                continue
            touched.update((keep, gone))
            fold(gone, keep)
            merges.append(Merge(gone, keep, score))
        if len(merges) == before:
            break
    return merges
