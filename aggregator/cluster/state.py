"""The clustering state with a lifetime: the active window of articles, events and IDF (pure).

Input: ``ClusterDoc`` records. Output: an event key per article (``Assignment``), periodic
``Merge``s of events that turn out to be one, ``EventLabel``s and ``explain`` listings.
Touches nothing outside itself: no database, no network, no clock.

Method, in three layers:

1. Each article becomes a unit TF-IDF vector (``text``: Porter2 stems, sublinear tf, title
   counted twice, number tokens weighted up, bigrams; IDF from the articles seen so far). An
   inverted index (``index``) holds the ``index_terms`` heaviest terms, with their weights,
   of the articles published within ``window_days`` of the newest one. A new article's
   ``query_terms`` heaviest terms vote for the articles in their posting lists (a partial dot
   product over the heavy terms); the exact cosine decides among the ``exact_candidates`` best.
2. An article whose best match passes ``copy_threshold`` is a near-copy (syndication, a
   re-edited version) and joins that article's *story*: copies count once below, so a wire
   story copied twenty times does not crowd out the other outlets' reports.
3. Stories keep their ``neighbours`` nearest other stories (``events``), kept up to date in
   both directions as articles arrive. Events are built by average-linkage agglomeration over
   *mutual* nearest-neighbour links, each weighing its cosine plus ``link_margin`` times its
   margin over both ends' weakest kept neighbour (local scaling, ``score``: a link that stands
   out counts more than one among many alike): ``merge_events`` joins, best pair first, the
   events whose summed link weight per possible link passes ``merge_threshold``. ``assign``
   itself joins an existing event only on strong evidence (``join_threshold``, set high) and
   otherwise founds ``e<article_id>``: early joins cannot be undone, while a merge sees the
   graph settled. The mutual-neighbour constraint is what keeps same-people-different-event
   stories apart.

Events that ended a window before the newest article are evicted: memory follows the window.
"""

from __future__ import annotations

import logging
import math
import operator
import sys
from array import array
from collections.abc import Mapping
from datetime import datetime, timedelta
from itertools import repeat
from typing import Protocol

from aggregator.cluster import score
from aggregator.cluster.bridge import Bridge
from aggregator.cluster.events import EventGraph
from aggregator.cluster.explain import explain_candidates
from aggregator.cluster.index import TermIndex, Vector, dot, pack, packed_dot, ranked, top_terms
from aggregator.cluster.records import Assignment, Candidate, EventLabel, Merge
from aggregator.cluster.settings import ClusterSettings
from aggregator.cluster.stories import Doc, Event, Story, tally
from aggregator.cluster.text import DocumentFrequencies, doc_terms, label_words, language_of_doc
from aggregator.records import ClusterDoc

log = logging.getLogger(__name__)

_LEAD_CHARS = 400
# most observed articles whose terms are kept for their ``assign`` (about 1 KB each)
_MAX_OBSERVED = 250_000


class Embedding(Protocol):
    """A unit sentence-embedding vector (e.g. a numpy array): ``a @ b`` is the cosine."""

    def __matmul__(self, other: Embedding, /) -> float: ...


class ClusterState:
    """The active window: articles, their inverted index, IDF statistics, stories and events.

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

        ``embeddings`` (optional: article id -> unit sentence embedding, see ``embed``)
        blends into each candidate pair's cosine with weight ``settings.embedding_weight``; a
        pair with an article missing from it keeps the TF-IDF cosine. The inverted index
        still proposes the candidates. The caller may keep adding to the mapping for articles
        still to come."""
        self.settings = settings or ClusterSettings()
        self.batch = batch
        self._embeddings = embeddings
        self.df = DocumentFrequencies()
        # article id -> terms, their weights and language, from ``observe`` until clustered
        self._observed: dict[int, tuple[tuple[str, ...], array[float], str]] = {}
        self._docs: dict[int, Doc] = {}
        self._index = TermIndex()  # holds one window only
        self._window = timedelta(days=self.settings.window_days)
        self.bridge = Bridge()  # cross-language keys (idle while one language is seen)
        self._graph = EventGraph(
            self.settings, self._window, self._docs, batch=batch, bridge=self.bridge
        )
        self._watermark: datetime | None = None
        self._next_sweep: datetime | None = None
        # evicted articles' event keys and evicted events' labels, kept in batch mode only
        self.retired: dict[int, str] = {}
        self.retired_labels: dict[str, EventLabel] = {}

    # -- vectors and candidates ------------------------------------------------------------

    def observe(self, doc: ClusterDoc) -> None:
        """Count ``doc`` in the document frequencies (IDF) without clustering it.

        Its terms are kept until ``assign`` or ``add_existing`` takes the doc (observed), so
        that a batch observed before it is clustered is tokenised once: as a tuple of terms
        (the document-frequency table's own string objects) and an array of weights, about a
        kilobyte an article, up to ``_MAX_OBSERVED`` articles."""
        raw = doc_terms(doc.title, doc.text, self.settings.terms)
        language = language_of_doc(doc)
        terms = tuple(map(sys.intern, raw))  # one string object per term, however many use it
        self.df.add(terms, language)
        if len(self._observed) < _MAX_OBSERVED:
            self._observed[doc.article_id] = (terms, array("d", raw.values()), language)

    def vector(
        self, doc: ClusterDoc, *, observed: bool = True, language: str | None = None
    ) -> Vector:
        """``doc`` as a unit TF-IDF vector under the current IDF (of the articles in its
        ``language``: given, else read from the doc)."""
        kept = self._observed.pop(doc.article_id, None) if observed else None
        if kept is not None:
            terms, weights, seen_language = kept
            raw = dict(zip(terms, weights, strict=True))
            language = language or seen_language
        else:
            raw = doc_terms(doc.title, doc.text, self.settings.terms)
            raw = dict(zip(map(sys.intern, raw), raw.values(), strict=True))  # (as observe)
            language = language or language_of_doc(doc)
            if not observed:
                self.df.add(raw, language)
        vec = self.df.weigh(raw, self.settings.terms.idf_power, language)
        values = list(vec.values())
        norm = math.sqrt(sum(map(operator.mul, values, values))) or 1.0
        if min(values, default=1.0) > 0:  # nothing to drop: divide in C
            return dict(zip(vec, map(operator.truediv, values, repeat(norm)), strict=False))
        return {t: w / norm for t, w in vec.items() if w > 0}

    def _near(self, a: datetime | None, b: datetime | None) -> bool:
        return a is None or b is None or abs(a - b) <= self._window

    def _heaviest(self, vec: Vector) -> list[str]:
        """The terms of ``vec`` that the index holds and queries, heaviest first."""
        wanted = max(self.settings.index_terms, self.settings.query_terms)
        return top_terms(vec, wanted if self.settings.index_terms else len(vec))

    def _similar_docs(
        self, vec: Vector, top: list[str], when: datetime | None, skip: int, packed: Vector | bytes
    ) -> dict[int, float]:
        """Cosine to the indexed articles sharing ``vec``'s heaviest terms (``top``), within
        the window; ``packed`` is ``pack(vec)``."""
        terms, cap = top[: self.settings.query_terms], self.settings.max_postings
        k, docs = self.settings.exact_candidates, self._docs
        # The index holds the articles published within one window of the watermark (and
        # undated ones), so only an article older than that needs the time filter.
        latest = self._watermark
        if when is not None and latest is not None and when + self._window < latest:
            votes = self._index.votes(vec, terms, cap)
            votes.pop(skip, None)
            votes = {a: v for a, v in votes.items() if self._near(when, docs[a].published)}
            # ties keep the postings' order (deterministic: the order articles were indexed)
            best = ranked(votes, k)
        else:  # the same without the filter, in one call
            best = self._index.best(vec, terms, cap, skip, k)
        # the exact cosines over the packed vectors (compact, so few memory reads in C)
        sims = {aid: packed_dot(packed, docs[aid].packed) for aid in best}
        if self._embeddings is not None:
            return {aid: self._blend(sim, skip, aid) for aid, sim in sims.items()}
        return sims

    def _blend(self, cosine: float, a: int, b: int) -> float:
        """The TF-IDF ``cosine`` of articles ``a`` and ``b`` blended with their embeddings'."""
        assert self._embeddings is not None
        ea, eb = self._embeddings.get(a), self._embeddings.get(b)
        if ea is None or eb is None:
            return cosine
        w = self.settings.embedding_weight
        return (1.0 - w) * cosine + w * float(ea @ eb)

    # -- bookkeeping -----------------------------------------------------------------------

    def _place(self, doc: Doc, story: Story) -> None:
        doc.story = story.sid
        story.members.append(doc.article_id)
        self._docs[doc.article_id] = doc
        self._index_doc(doc)
        tally(self._graph.events[story.event], doc)
        self._graph.dirty[story.event] = None

    def _index_doc(self, doc: Doc) -> None:
        """Put ``doc`` in the inverted index unless it is already too old to be a candidate."""
        expires = None
        if doc.published is not None and self._watermark is not None:
            if doc.published < self._watermark - self._window:
                return
            expires = doc.published
        doc.indexed = True
        self._index.add(doc.article_id, doc.vector, self._indexed_terms(doc), expires)

    def _indexed_terms(self, doc: Doc) -> list[str]:
        limit = self.settings.index_terms
        return doc.top[:limit] if limit else doc.top

    def _unindex(self, doc: Doc) -> None:
        if not doc.indexed:
            return
        doc.indexed = False
        self._index.remove(doc.article_id, self._indexed_terms(doc))

    def _expire(self) -> None:
        """Drop from the index the articles published more than a window before the
        watermark: a new article is at or after the watermark, so they cannot be its candidates
        (their stories keep their links and events)."""
        assert self._watermark is not None
        for aid in self._index.expired(self._watermark - self._window):
            doc = self._docs.get(aid)
            if doc is not None:
                self._unindex(doc)

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

        def ended() -> list[Event]:
            return [
                e for e in self._graph.events.values() if e.last is not None and e.last < cutoff
            ]

        if self.batch and ended():
            self.regroup()
        old = ended()
        for event in old:
            self._evict(event)
        if old:
            log.debug("evicted %s events that ended before %s", len(old), cutoff)

    def _evict(self, event: Event) -> None:
        if self.batch:
            self.retired_labels[event.key] = self.label(event.key)
        for story in self._graph.forget(event):
            for aid in story.members:
                doc = self._docs.pop(aid)
                self.bridge.remove(aid)
                if self.batch:
                    self.retired[aid] = event.key
                self._unindex(doc)

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
        graph = self._graph
        language = language_of_doc(doc)
        vec = self.vector(doc, observed=observed, language=language)
        top = self._heaviest(vec)
        lead = doc.text[:_LEAD_CHARS]
        item = Doc(doc.article_id, doc.outlet, doc.title, doc.published, vec, top, lead, pack(vec))
        self.bridge.add(doc.article_id, doc.title, doc.text, language)
        sims = self._similar_docs(vec, top, doc.published, doc.article_id, item.packed)
        best_aid = max(sims, key=lambda a: (sims[a], -a), default=None)
        best_sim = sims[best_aid] if best_aid is not None else 0.0
        copy_of = None
        if best_aid is not None and best_sim >= self.settings.copy_threshold:
            copy_of = graph.stories[self._docs[best_aid].story]
            if event_key is not None and copy_of.event != event_key:
                copy_of = None  # stored events disagree: respect them
        if copy_of is not None:
            story = copy_of
        else:
            story = Story(doc.article_id, "", language=language)
            graph.stories[story.sid] = story
        for sid, sim in graph.story_sims(sims, story.sid).items():
            graph.offer(story, sid, sim)
            graph.offer(graph.stories[sid], story.sid, sim)
        components = {"best_article": best_sim}
        if copy_of is not None:
            self._place(item, story)
            components["copy"] = 1.0
            return Assignment(doc.article_id, story.event, False, best_sim, components)
        linkage, chosen = 0.0, None
        if event_key is None and not self.batch:
            for linkage, links, key in graph.linkage(story)[:1]:
                chosen = key if score.joins(linkage, links, self.settings) else None
        else:
            chosen = event_key
        is_new = chosen is None or chosen not in graph.events
        if chosen is None:
            chosen = f"e{doc.article_id}"
        if chosen not in graph.events:
            graph.new_event(chosen)
        story.event = chosen
        graph.events[chosen].stories.append(story.sid)
        self._place(item, story)
        components["linkage"] = linkage
        return Assignment(doc.article_id, chosen, is_new, linkage, components)

    def merge_events(self, *, full: bool = False) -> list[Merge]:
        """Average-linkage agglomeration of events over mutual-neighbour links.

        Two events merge, best pair first, while the summed link weight of their mutually
        neighbouring stories (``score.link_weight``) divided by the number of links they could
        have (``score.possible_links``) passes ``merge_threshold`` and their time spans are
        within the window. The older key survives; the caller moves the articles of each
        ``old_key`` to its ``new_key``. Only events changed since the last call (and their
        linked events) are looked at, unless ``full``; ``regroup`` is the complete pass.
        """
        return self._graph.merge_events(full=full)

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
        return self._graph.regroup(cutoff)

    def explain(self, doc: ClusterDoc, limit: int = 10) -> list[Candidate]:
        """Candidate events for ``doc`` (clustered or not) with their components, best first
        (``explain.explain_candidates``)."""
        return explain_candidates(self, doc, limit)

    def event_of(self, article_id: int) -> str:
        """The event key an active article belongs to (KeyError when not active)."""
        return self._graph.stories[self._docs[article_id].story].event

    def event_keys(self) -> list[str]:
        """Keys of the active events, oldest first."""
        return [e.key for e in sorted(self._graph.events.values(), key=lambda e: e.order)]

    def assignments(self) -> dict[int, str]:
        """Article id -> event key for every active article."""
        stories = self._graph.stories
        return {aid: stories[d.story].event for aid, d in self._docs.items()}

    def label(self, event_key: str) -> EventLabel:
        """Headline, top terms, time span, outlets and size of an active event."""
        graph = self._graph
        event = graph.events[event_key]
        members = [self._docs[a] for s in event.stories for a in graph.stories[s].members]
        total = graph.total(event)
        if len(members) == 1:  # the closest to the centre of one is that one
            headline = members[0].title
        else:
            headline = max(members, key=lambda d: (dot(d.vector, total), -d.article_id)).title
        texts = [d.title for d in members] + [d.lead for d in members]
        words = label_words(top_terms(total, 40), texts, 6)
        outlets = tuple(sorted({d.outlet for d in members}))
        return EventLabel(
            event_key, headline, tuple(words), event.first, event.last, outlets, len(members)
        )

    def __len__(self) -> int:
        return len(self._docs)
