"""The clustering state with a lifetime: the active window of events, stories and IDF (pure).

Input: ``ClusterDoc`` records. Output: an event key per article (``Assignment``), periodic
``Merge``s of events that turn out to be one, ``EventLabel``s and ``explain`` listings.

Method, in three layers:

1. Each article becomes a unit TF-IDF vector (``cluster_text``: Porter2 stems, sublinear tf,
   title counted twice, number tokens weighted up, bigrams; IDF from the articles seen so
   far). An inverted index holds the ``index_terms`` heaviest terms, with their weights, of the
   articles published within ``window_days`` of the newest one. A new article's
   ``query_terms`` heaviest terms vote for the articles in their posting lists (a partial dot
   product over the heavy terms); the exact cosine decides among the ``exact_candidates`` best.
2. An article whose best match passes ``copy_threshold`` is a near-copy (syndication, a
   re-edited version) and joins that article's *story*: copies count once below, so a wire
   story copied twenty times does not crowd out the other outlets' reports.
3. Stories keep their ``neighbours`` nearest other stories (kept up to date in both directions
   as articles arrive). Events are built by average-linkage agglomeration over *mutual*
   nearest-neighbour links, each weighing its cosine plus ``link_margin`` times its margin
   over both ends' weakest kept neighbour (local scaling: a link that stands out counts more
   than one among many alike): ``merge_events`` joins, best pair first, the events whose summed
   link weight per possible link passes ``merge_threshold``. ``assign`` itself joins an
   existing event only on strong evidence (``join_threshold``, set high) and otherwise founds
   ``e<article_id>``: early joins cannot be undone, while a merge sees the graph settled.
   The mutual-neighbour constraint is what keeps same-people-different-event stories apart.

Events that ended a window before the newest article are evicted: memory follows the window.
"""

from __future__ import annotations

import heapq
import logging
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from itertools import islice
from typing import Protocol

from rapidfuzz import fuzz

from aggregator.cluster.records import (
    Assignment,
    Candidate,
    ClusterSettings,
    EventLabel,
    Merge,
)
from aggregator.cluster.text import DocumentFrequencies, doc_terms, readable
from aggregator.records import ClusterDoc

log = logging.getLogger(__name__)

Vector = dict[str, float]
_LEAD_CHARS = 400


class Embedding(Protocol):
    """A unit sentence-embedding vector (e.g. a numpy array): ``a @ b`` is the cosine."""

    def __matmul__(self, other: Embedding, /) -> float: ...


@dataclass
class _Doc:
    article_id: int
    outlet: str
    title: str
    published: datetime | None
    vector: Vector
    top: list[str]  # heaviest terms first: the ones indexed and queried
    lead: str  # the text's opening, to show label terms as the words the article used
    story: int = 0
    indexed: bool = False


@dataclass
class _Story:
    """An article and its near-copies; the unit that neighbour lists and linkage count."""

    sid: int
    event: str
    members: list[int] = field(default_factory=list)
    neighbours: dict[int, float] = field(default_factory=dict)
    floor: float = 0.0  # the lowest similarity among ``neighbours`` once the list is full


@dataclass
class _Event:
    key: str
    order: int
    stories: list[int] = field(default_factory=list)
    size: int = 0
    first: datetime | None = None
    last: datetime | None = None


def _dot(a: Vector, b: Vector) -> float:
    # The key intersection runs in C and is small: far cheaper than probing every term.
    return sum([a[t] * b[t] for t in a.keys() & b.keys()])


def _weakest(story: _Story, full: int) -> float:
    """The lowest similarity among a story's ``full`` kept neighbours; 0 while it has free
    slots (nothing else came close enough to fill them)."""
    nbrs = story.neighbours
    return min(nbrs.values()) if len(nbrs) >= full else 0.0


def _top(vec: Vector, n: int) -> list[str]:
    """The ``n`` heaviest terms, heaviest first, ties in term order (two stable sorts with C
    keys: several times faster than one sort with a Python key)."""
    return sorted(sorted(vec), key=vec.__getitem__, reverse=True)[:n]


class ClusterState:
    """The active window: events, stories, an inverted index over articles, IDF statistics.

    Warm it from storage with ``observe`` (IDF only) and ``add_existing`` (articles already in
    events, oldest first), then call ``assign`` for each new article in publication order,
    ``merge_events`` at the end of each run (cheap; its merges are final) and ``regroup`` now
    and then (e.g. daily, ``recent_only`` for a long-lived stream; it re-clusters the window
    and may move articles between events).
    Deterministic: the same calls in the same order give the same keys and scores.
    """

    def __init__(
        self,
        settings: ClusterSettings | None = None,
        *,
        batch: bool = False,
        embeddings: Mapping[int, Embedding] | None = None,
    ) -> None:
        """``batch=True`` is the rebuild mode: no joins in ``assign`` (the agglomeration does
        them), the window is regrouped before old events are evicted, and evicted articles
        and labels are kept in ``retired`` / ``retired_labels``.

        ``embeddings`` (optional: article id -> unit sentence embedding, see
        ``cluster_embed``) blends into each candidate pair's cosine with weight
        ``settings.embedding_weight``; a pair with an article missing from it keeps the TF-IDF
        cosine. The inverted index still proposes the candidates. The caller may keep adding
        to the mapping for articles still to come."""
        self.settings = settings or ClusterSettings()
        self.batch = batch
        self._embeddings = embeddings
        self.df = DocumentFrequencies()
        self._docs: dict[int, _Doc] = {}
        self._stories: dict[int, _Story] = {}
        self._events: dict[str, _Event] = {}
        self._index: dict[str, dict[int, float]] = {}
        # (published, article id) of indexed articles: the index holds one window only
        self._expiry: list[tuple[datetime, int]] = []
        self._window = timedelta(days=self.settings.window_days)
        self._watermark: datetime | None = None
        self._next_sweep: datetime | None = None
        self._order = 0
        self._dirty: dict[str, None] = {}  # events changed since the last merge_events
        # evicted articles' event keys and evicted events' labels, kept in batch mode only
        self.retired: dict[int, str] = {}
        self.retired_labels: dict[str, EventLabel] = {}

    # -- vectors and candidates ------------------------------------------------------------

    def observe(self, doc: ClusterDoc) -> None:
        """Count ``doc`` in the document frequencies (IDF) without clustering it."""
        self.df.add(doc_terms(doc.title, doc.text, self.settings.terms))

    def vector(self, doc: ClusterDoc, *, observed: bool = True) -> Vector:
        """``doc`` as a unit TF-IDF vector under the current IDF."""
        raw = doc_terms(doc.title, doc.text, self.settings.terms)
        if not observed:
            self.df.add(raw)
        vec = self.df.weigh(raw, self.settings.terms.idf_power)
        norm = math.sqrt(sum(w * w for w in vec.values())) or 1.0
        return {t: w / norm for t, w in vec.items() if w > 0}

    def _near(self, a: datetime | None, b: datetime | None) -> bool:
        return a is None or b is None or abs(a - b) <= self._window

    def _heaviest(self, vec: Vector) -> list[str]:
        """The terms of ``vec`` that the index holds and queries, heaviest first."""
        wanted = max(self.settings.index_terms, self.settings.query_terms)
        return _top(vec, wanted if self.settings.index_terms else len(vec))

    def _similar_docs(
        self, vec: Vector, top: list[str], when: datetime | None, skip: int
    ) -> dict[int, float]:
        """Cosine to the indexed articles sharing ``vec``'s heaviest terms (``top``), within
        the window."""
        votes: dict[int, float] = {}
        cap = self.settings.max_postings
        get = votes.get
        for term in top[: self.settings.query_terms]:
            postings = self._index.get(term)
            if not postings:
                continue
            weight = vec[term]
            # Only the most recently indexed articles of a crowded term: bounded work per
            # article however dense the window gets.
            if len(postings) <= cap:
                for aid, their in postings.items():
                    votes[aid] = get(aid, 0.0) + weight * their
            else:
                for aid in islice(reversed(postings), cap):
                    votes[aid] = get(aid, 0.0) + weight * postings[aid]
        votes.pop(skip, None)
        docs = self._docs
        # The index holds the articles published within one window of the watermark (and
        # undated ones), so only an article older than that needs the time filter.
        latest = self._watermark
        if when is not None and latest is not None and when + self._window < latest:
            votes = {a: v for a, v in votes.items() if self._near(when, docs[a].published)}
        # ties keep the postings' order (deterministic: the order articles were indexed)
        ranked = heapq.nlargest(self.settings.exact_candidates, votes, key=votes.__getitem__)
        if self._embeddings is not None:
            return {aid: self._blend(_dot(vec, docs[aid].vector), skip, aid) for aid in ranked}
        return {aid: _dot(vec, docs[aid].vector) for aid in ranked}

    def _blend(self, cosine: float, a: int, b: int) -> float:
        """The TF-IDF ``cosine`` of articles ``a`` and ``b`` blended with their embeddings'."""
        assert self._embeddings is not None
        ea, eb = self._embeddings.get(a), self._embeddings.get(b)
        if ea is None or eb is None:
            return cosine
        w = self.settings.embedding_weight
        return (1.0 - w) * cosine + w * float(ea @ eb)

    def _story_sims(self, sims: dict[int, float], own: int) -> dict[int, float]:
        out: dict[int, float] = {}
        for aid, sim in sims.items():
            sid = self._docs[aid].story
            if sid != own and sim > out.get(sid, 0.0):
                out[sid] = sim
        return out

    def _offer(self, story: _Story, other: int, sim: float) -> None:
        """Keep ``story.neighbours`` the ``neighbours`` most similar other stories (a change
        marks the story's event for the next ``merge_events``)."""
        nbrs = story.neighbours
        if other in nbrs:
            if sim > nbrs[other]:
                nbrs[other] = sim
                self._touch(story)
            return
        if len(nbrs) < self.settings.neighbours:
            nbrs[other] = sim
            story.floor = min(nbrs.values())
            self._touch(story)
            return
        if sim < story.floor:
            return
        worst = min(nbrs.items(), key=lambda kv: (kv[1], -kv[0]))
        if (sim, -other) > (worst[1], -worst[0]):
            del nbrs[worst[0]]
            nbrs[other] = sim
            story.floor = min(nbrs.values())
            self._touch(story)

    def _touch(self, story: _Story) -> None:
        if story.event:
            self._dirty[story.event] = None

    def _mutual(self, story: _Story) -> dict[int, float]:
        out = {}
        for sid, sim in story.neighbours.items():
            other = self._stories.get(sid)
            if other is not None and story.sid in other.neighbours:
                out[sid] = sim
        return out

    def _link_weight(self, sim: float, a: _Story, b: _Story) -> float:
        """A mutual link's cosine plus ``link_margin`` times its margin over each end's
        weakest kept neighbour, 0 for a story with free slots (local scaling, as in
        self-tuning spectral clustering).

        Never below the cosine (a mutual link is at least each end's weakest neighbour). A
        link that stands out from both stories' other neighbours gains; one among many
        alike (a crowded topic, a hub) keeps only its cosine. Only merges weigh links so:
        ``assign``'s joins see half-filled neighbour lists and keep the bare cosine.
        """
        margin = self.settings.link_margin
        if not margin:
            return sim
        k = self.settings.neighbours
        return sim + margin * (2.0 * sim - _weakest(a, k) - _weakest(b, k))

    # -- bookkeeping -----------------------------------------------------------------------

    def _new_event(self, key: str) -> _Event:
        self._order += 1
        event = _Event(key, self._order)
        self._events[key] = event
        return event

    def _place(self, doc: _Doc, story: _Story) -> None:
        doc.story = story.sid
        story.members.append(doc.article_id)
        self._docs[doc.article_id] = doc
        self._index_doc(doc)
        self._tally(self._events[story.event], doc)
        self._dirty[story.event] = None

    def _index_doc(self, doc: _Doc) -> None:
        """Put ``doc`` in the inverted index unless it is already too old to be a candidate."""
        if doc.published is not None and self._watermark is not None:
            if doc.published < self._watermark - self._window:
                return
            heapq.heappush(self._expiry, (doc.published, doc.article_id))
        doc.indexed = True
        index = self._index
        aid = doc.article_id
        vec = doc.vector
        for term in self._indexed_terms(doc):
            postings = index.get(term)
            if postings is None:
                index[term] = {aid: vec[term]}
            else:
                postings[aid] = vec[term]

    def _indexed_terms(self, doc: _Doc) -> list[str]:
        limit = self.settings.index_terms
        return doc.top[:limit] if limit else doc.top

    def _unindex(self, doc: _Doc) -> None:
        if not doc.indexed:
            return
        doc.indexed = False
        for term in self._indexed_terms(doc):
            postings = self._index[term]
            del postings[doc.article_id]
            if not postings:
                del self._index[term]

    def _expire(self) -> None:
        """Drop from the index the articles published more than a window before the
        watermark: a new article is at or after the watermark, so they cannot be its candidates
        (their stories keep their links and events)."""
        assert self._watermark is not None
        cutoff = self._watermark - self._window
        expiry = self._expiry
        while expiry and expiry[0][0] < cutoff:
            _, aid = heapq.heappop(expiry)
            doc = self._docs.get(aid)
            if doc is not None:
                self._unindex(doc)

    def _tally(self, event: _Event, doc: _Doc) -> None:
        """Count ``doc`` in ``event``'s size and time span."""
        event.size += 1
        if doc.published is not None:
            if event.first is None or doc.published < event.first:
                event.first = doc.published
            if event.last is None or doc.published > event.last:
                event.last = doc.published

    def _advance(self, when: datetime | None) -> None:
        """Move the watermark; evict events that ended a window before it (no later article
        can be their candidate, no later event can merge with them)."""
        if when is None or (self._watermark is not None and when <= self._watermark):
            return
        self._watermark = when
        self._expire()
        if self._next_sweep is not None and when < self._next_sweep:
            return
        self._next_sweep = when + self._window / 2
        cutoff = when - self._window

        def ended() -> list[_Event]:
            return [e for e in self._events.values() if e.last is not None and e.last < cutoff]

        if self.batch and ended():
            self.regroup()
        old = ended()
        for event in old:
            self._evict(event)
        if old:
            log.debug("evicted %s events that ended before %s", len(old), cutoff)

    def _evict(self, event: _Event) -> None:
        if self.batch:
            self.retired_labels[event.key] = self.label(event.key)
        for sid in event.stories:
            story = self._stories.pop(sid)
            for aid in story.members:
                doc = self._docs.pop(aid)
                if self.batch:
                    self.retired[aid] = event.key
                self._unindex(doc)
        del self._events[event.key]
        self._dirty.pop(event.key, None)

    # -- public API ------------------------------------------------------------------------

    def add_existing(self, doc: ClusterDoc, event_key: str, *, observed: bool = False) -> None:
        """Put an already-clustered article (e.g. from the database) back into ``event_key``."""
        self._advance(doc.published)
        self._insert(doc, observed=observed, event_key=event_key)

    def assign(self, doc: ClusterDoc, *, observed: bool = False) -> Assignment:
        """Place a new article in the best-matching active event, or found a new event.

        ``observed=True`` means ``observe(doc)`` was already called (its IDF is counted).
        """
        self._advance(doc.published)
        return self._insert(doc, observed=observed, event_key=None)

    def _insert(self, doc: ClusterDoc, *, observed: bool, event_key: str | None) -> Assignment:
        if doc.article_id in self._docs:
            raise ValueError(f"article {doc.article_id} is already clustered")
        vec = self.vector(doc, observed=observed)
        top = self._heaviest(vec)
        lead = doc.text[:_LEAD_CHARS]
        item = _Doc(doc.article_id, doc.outlet, doc.title, doc.published, vec, top, lead)
        sims = self._similar_docs(vec, top, doc.published, doc.article_id)
        best_aid = max(sims, key=lambda a: (sims[a], -a), default=None)
        best_sim = sims[best_aid] if best_aid is not None else 0.0
        copy_of = None
        if best_aid is not None and best_sim >= self.settings.copy_threshold:
            copy_of = self._stories[self._docs[best_aid].story]
            if event_key is not None and copy_of.event != event_key:
                copy_of = None  # stored events disagree: respect them
        if copy_of is not None:
            story = copy_of
        else:
            story = _Story(doc.article_id, "")
            self._stories[story.sid] = story
        for sid, sim in self._story_sims(sims, story.sid).items():
            self._offer(story, sid, sim)
            self._offer(self._stories[sid], story.sid, sim)
        components = {"best_article": best_sim}
        if copy_of is not None:
            self._place(item, story)
            components["copy"] = 1.0
            return Assignment(doc.article_id, story.event, False, best_sim, components)
        score, chosen = 0.0, None
        if event_key is None and not self.batch:
            for score, links, key in self._linkage(story)[:1]:
                chosen = key if self._joins(score, links) else None
        else:
            chosen = event_key
        is_new = chosen is None or chosen not in self._events
        if chosen is None:
            chosen = f"e{doc.article_id}"
        if chosen not in self._events:
            self._new_event(chosen)
        story.event = chosen
        self._events[chosen].stories.append(story.sid)
        self._place(item, story)
        components["linkage"] = score
        return Assignment(doc.article_id, chosen, is_new, score, components)

    def _linkage(self, story: _Story) -> list[tuple[float, int, str]]:
        """(average linkage over mutual neighbours, mutual links, event key) per linked event,
        best first."""
        totals: dict[str, float] = {}
        links: dict[str, int] = {}
        for sid, sim in self._mutual(story).items():
            key = self._stories[sid].event
            if key != story.event:
                totals[key] = totals.get(key, 0.0) + sim
                links[key] = links.get(key, 0) + 1
        scored = [
            (s / self._pairs(1, len(self._events[k].stories)), links[k], k)
            for k, s in totals.items()
        ]
        scored.sort(key=lambda p: (-p[0], self._events[p[2]].order))
        return scored

    def _joins(self, linkage: float, links: int) -> bool:
        """Whether ``assign`` may join at once: a strong linkage, or several mutual links."""
        if linkage >= self.settings.join_threshold:
            return True
        wanted = self.settings.join_links
        return bool(wanted) and links >= wanted and linkage >= self.settings.merge_threshold

    def _pairs(self, a: int, b: int) -> int:
        """How many mutual-neighbour links two events of ``a`` and ``b`` stories can have.

        Each story keeps only ``neighbours`` links, so dividing by every pair (a * b) would
        make large events ever harder to join: average over the links that can exist instead.
        """
        return min(a * b, self.settings.neighbours * min(a, b))

    def _stories_to_link(self, full: bool) -> list[_Story]:
        """Stories whose links a merge must see: all, or those of the events changed since
        the last merge and of the events they link to (the others' linkage has not moved)."""
        if full:
            return list(self._stories.values())
        keys = dict.fromkeys(k for k in self._dirty if k in self._events)
        for key in list(keys):
            for sid in self._events[key].stories:
                for other in self._mutual(self._stories[sid]):
                    keys[self._stories[other].event] = None
        return [self._stories[sid] for key in keys for sid in self._events[key].stories]

    def merge_events(self, *, full: bool = False) -> list[Merge]:
        """Average-linkage agglomeration of events over mutual-neighbour links.

        Two events merge, best pair first, while the summed link weight (``_link_weight``) of
        their mutually neighbouring stories divided by the number of links they could have
        (``_pairs``) passes ``merge_threshold`` and their time spans are within the window. The
        older key survives; the caller moves the articles of each ``old_key`` to its ``new_key``.
        Only events changed since the last call (and their linked events) are looked at,
        unless ``full``; ``regroup`` is the complete pass.
        """
        links: dict[tuple[str, str], float] = {}
        edges: dict[tuple[int, int], float] = {}
        for story in self._stories_to_link(full or self.batch):
            for sid, sim in self._mutual(story).items():
                weight = self._link_weight(sim, story, self._stories[sid])
                edges[min(sid, story.sid), max(sid, story.sid)] = weight
        self._dirty.clear()
        for (s1, s2), sim in edges.items():
            a, b = self._stories[s1].event, self._stories[s2].event
            if a != b:
                pair = (a, b) if self._events[a].order < self._events[b].order else (b, a)
                links[pair] = links.get(pair, 0.0) + sim
        adjacency: dict[str, dict[str, float]] = {}
        for (a, b), total in links.items():
            adjacency.setdefault(a, {})[b] = total
            adjacency.setdefault(b, {})[a] = total
        sizes = {k: len(e.stories) for k, e in self._events.items()}
        heap = [(-t / self._pairs(sizes[a], sizes[b]), a, b) for (a, b), t in links.items()]
        heapq.heapify(heap)
        merges: list[Merge] = []
        while heap:
            neg, a, b = heapq.heappop(heap)
            if a not in self._events or b not in self._events or b not in adjacency.get(a, {}):
                continue
            sim = adjacency[a][b] / self._pairs(sizes[a], sizes[b])
            if abs(sim + neg) > 1e-12:
                continue
            if sim < self.settings.merge_threshold:
                break
            keep, gone = (a, b) if self._events[a].order < self._events[b].order else (b, a)
            if not self._spans_near(self._events[keep], self._events[gone]):
                continue
            self._fold(self._events[gone], self._events[keep])
            merges.append(Merge(gone, keep, sim))
            sizes[keep] += sizes.pop(gone)
            gone_links = adjacency.pop(gone, {})
            keep_links = adjacency.setdefault(keep, {})
            keep_links.pop(gone, None)
            for other, total in gone_links.items():
                if other == keep:
                    continue
                del adjacency[other][gone]
                keep_links[other] = keep_links.get(other, 0.0) + total
            for other, total in keep_links.items():
                adjacency[other][keep] = total
                first, second = sorted((keep, other), key=lambda k: self._events[k].order)
                heapq.heappush(
                    heap, (-total / self._pairs(sizes[keep], sizes[other]), first, second)
                )
        merges += self._merge_fragments()
        if merges:
            log.debug("merged %s events", len(merges))
        return merges

    def _merge_fragments(self) -> list[Merge]:
        """Join pieces of one large event that the mutual links left apart.

        In an event of many stories every story's few neighbour slots fill up with stories
        of its own piece, so links between pieces are rare. Pieces of ``fragment_stories`` or
        more stories that share any neighbour edge merge while the mean cosine over all their
        article pairs passes ``fragment_threshold``. Off by default (0): on the AllSides dev
        set it costs precision (see bench_cluster.py and the closing note).
        """
        limit = self.settings.fragment_threshold
        merges: list[Merge] = []
        if limit <= 0:
            return merges
        totals: dict[str, Vector] = {}
        while True:
            pairs: dict[tuple[str, str], None] = {}
            for story in self._stories.values():
                a = self._events[story.event]
                if len(a.stories) < self.settings.fragment_stories:
                    continue
                for sid in story.neighbours:
                    other = self._stories.get(sid)
                    if other is None or other.event == a.key:
                        continue
                    b = self._events[other.event]
                    if len(b.stories) >= self.settings.fragment_stories:
                        pairs[(a.key, b.key) if a.order < b.order else (b.key, a.key)] = None
            scored = []
            for a_key, b_key in pairs:
                a, b = self._events[a_key], self._events[b_key]
                if not self._spans_near(a, b):
                    continue
                for event in (a, b):
                    if event.key not in totals:
                        totals[event.key] = self._total(event)
                sim = _dot(totals[a_key], totals[b_key]) / (a.size * b.size)
                if sim >= limit:
                    scored.append((sim, a_key, b_key))
            scored.sort(key=lambda p: (-p[0], p[1], p[2]))
            touched: set[str] = set()
            for sim, keep, gone in scored:
                if keep in touched or gone in touched:
                    continue
                touched.update((keep, gone))
                self._fold(self._events[gone], self._events[keep])
                total = totals.pop(keep)
                for term, weight in totals.pop(gone).items():
                    total[term] = total.get(term, 0.0) + weight
                totals[keep] = total
                merges.append(Merge(gone, keep, sim))
            if not touched:
                return merges

    def regroup(self, *, recent_only: bool = False) -> dict[int, str]:
        """Re-cluster the active window from its stories; return the articles that moved.

        ``merge_events`` cannot undo a merge made before the neighbour graph settled; this
        can. Every story starts alone, ``merge_events`` agglomerates them afresh, and each
        resulting event takes the key that most of its articles already had (older event on a
        tie) unless another took it first, else ``e<its oldest article id>``. Unchanged events
        keep their keys. Returns ``{article_id: new_event_key}`` for articles whose key changed.

        ``recent_only`` re-clusters only the events with an article in the last half window
        (and undated ones): the older ones were re-clustered while they were recent and stay
        as they are, though re-clustered stories may still join them. For a stream regrouped
        daily this keeps the cost per article from growing with the window.
        """
        cutoff = None
        if recent_only and self._watermark is not None:
            cutoff = self._watermark - self._window / 2
        keys = [
            key
            for key, event in self._events.items()
            if cutoff is None or event.last is None or event.last >= cutoff
        ]
        old_order = {key: self._events[key].order for key in keys}
        stories = sorted(
            (self._stories[sid] for key in keys for sid in self._events[key].stories),
            key=lambda st: (old_order[st.event], st.members[0]),
        )
        before = {aid: st.event for st in stories for aid in st.members}
        kept = {k: e for k, e in self._events.items() if k not in old_order}
        self._events = dict(kept)
        fresh: list[_Event] = []
        for story in stories:
            event = self._new_event(f"~{story.sid}")
            event.stories.append(story.sid)
            story.event = event.key
            for aid in story.members:
                self._tally(event, self._docs[aid])
            self._dirty[event.key] = None
            fresh.append(event)
        self.merge_events(full=cutoff is None)
        claimed = set(kept)
        renamed: dict[str, _Event] = {}
        for event in sorted(
            (e for e in fresh if self._events.get(e.key) is e), key=lambda e: e.order
        ):
            members = [a for sid in event.stories for a in self._stories[sid].members]
            votes: dict[str, int] = {}
            for aid in members:
                votes[before[aid]] = votes.get(before[aid], 0) + 1
            key = min(votes, key=lambda k: (-votes[k], old_order[k]))
            if key in claimed:
                key = f"e{min(members)}"
                suffix = 1
                while key in claimed or (key in old_order and key != before[min(members)]):
                    suffix += 1
                    key = f"e{min(members)}-{suffix}"
            claimed.add(key)
            del self._events[event.key]
            event.key = key
            event.order = old_order.get(key, event.order)
            for sid in event.stories:
                self._stories[sid].event = key
            renamed[key] = event
        self._events.update(renamed)
        self._events = dict(sorted(self._events.items(), key=lambda kv: kv[1].order))
        after = {aid: self._stories[self._docs[aid].story].event for aid in before}
        return {aid: key for aid, key in after.items() if before[aid] != key}

    def _spans_near(self, a: _Event, b: _Event) -> bool:
        if a.first is None or a.last is None or b.first is None or b.last is None:
            return True
        return b.first - self._window <= a.last and a.first - self._window <= b.last

    def _fold(self, gone: _Event, keep: _Event) -> None:
        for sid in gone.stories:
            self._stories[sid].event = keep.key
        keep.stories.extend(gone.stories)
        keep.size += gone.size
        dates = [d for d in (gone.first, gone.last, keep.first, keep.last) if d is not None]
        keep.first, keep.last = (min(dates), max(dates)) if dates else (None, None)
        del self._events[gone.key]

    def explain(self, doc: ClusterDoc, limit: int = 10) -> list[Candidate]:
        """Candidate events for ``doc`` (clustered or not) with their components, best first."""
        vec = self.vector(doc)
        sims = self._similar_docs(vec, self._heaviest(vec), doc.published, doc.article_id)
        stored = self._docs.get(doc.article_id)
        if stored is not None:
            mutual = self._mutual(self._stories[stored.story])
        else:  # the links the article would get: its nearest stories that would take it back
            nearest = self._story_sims(sims, -1)
            top = sorted(nearest.items(), key=lambda kv: (-kv[1], kv[0]))
            mutual = {
                sid: sim
                for sid, sim in top[: self.settings.neighbours]
                if len(self._stories[sid].neighbours) < self.settings.neighbours
                or sim >= self._stories[sid].floor
            }
        by_event: dict[str, list[float]] = {}
        for aid, sim in sims.items():
            by_event.setdefault(self._stories[self._docs[aid].story].event, []).append(sim)
        if stored is not None:
            by_event.setdefault(self._stories[stored.story].event, [])
        out = []
        for key, event_sims in by_event.items():
            event = self._events[key]
            linked = {s: v for s, v in mutual.items() if self._stories[s].event == key}
            total = self._total(event)
            centroid = _dot(vec, total) / math.sqrt(max(_dot(total, total), 1e-9))
            headline = self.label(key).headline
            out.append(
                Candidate(
                    key,
                    sum(linked.values()) / self._pairs(1, len(event.stories)),
                    len(linked),
                    max(event_sims, default=0.0),
                    centroid,
                    fuzz.token_set_ratio(doc.title, headline) / 100.0,
                    readable(
                        (t for t in _top(vec, 10) if t in total), (doc.title, doc.text, headline)
                    ),
                    headline,
                )
            )
        out.sort(key=lambda c: (-c.score, -c.best_article, c.event_key))
        return out[:limit]

    def event_of(self, article_id: int) -> str:
        """The event key an active article belongs to (KeyError when not active)."""
        return self._stories[self._docs[article_id].story].event

    def event_keys(self) -> list[str]:
        """Keys of the active events, oldest first."""
        return [e.key for e in sorted(self._events.values(), key=lambda e: e.order)]

    def assignments(self) -> dict[int, str]:
        """Article id -> event key for every active article."""
        return {aid: self._stories[d.story].event for aid, d in self._docs.items()}

    def _total(self, event: _Event) -> Vector:
        """Sum of the member vectors (computed when asked: only labels and explain need it)."""
        total: Vector = {}
        for sid in event.stories:
            for aid in self._stories[sid].members:
                for term, weight in self._docs[aid].vector.items():
                    total[term] = total.get(term, 0.0) + weight
        return total

    def label(self, event_key: str) -> EventLabel:
        """Headline, top terms, time span, outlets and size of an active event."""
        event = self._events[event_key]
        members = [self._docs[a] for s in event.stories for a in self._stories[s].members]
        total = self._total(event)
        headline = max(members, key=lambda d: (_dot(d.vector, total), -d.article_id)).title
        stems = [t for t in _top(total, 20) if " " not in t][:6]
        words = readable(stems, [d.title for d in members] + [d.lead for d in members])
        outlets = tuple(sorted({d.outlet for d in members}))
        return EventLabel(
            event_key, headline, tuple(words), event.first, event.last, outlets, len(members)
        )

    def __len__(self) -> int:
        return len(self._docs)
