"""Stories and events of the window in, merges out: the neighbour graph that events grow on.

Holds the stories (an article and its near-copies) with their nearest other stories, and the
events they form; ``merge_events`` agglomerates events over mutual-neighbour links and
``regroup`` re-clusters them afresh. The articles it reads belong to ``state.ClusterState``;
the scoring rules are in ``score``. Pure: touches nothing outside the state it is given.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import datetime, timedelta

from aggregator.cluster import score
from aggregator.cluster.bridge import Bridge, cross_merges
from aggregator.cluster.index import Vector, dot
from aggregator.cluster.records import Merge
from aggregator.cluster.settings import ClusterSettings
from aggregator.cluster.stories import Doc, Event, Story, tally

log = logging.getLogger(__name__)


class EventGraph:
    """Stories with their kept nearest neighbours, and the events they belong to.

    ``docs`` is the state's article table (read here, never changed); ``window`` how far
    apart in time two events may be and still merge; ``batch`` (the rebuild mode) makes every
    merge look at all stories.
    """

    def __init__(
        self,
        settings: ClusterSettings,
        window: timedelta,
        docs: Mapping[int, Doc],
        *,
        batch: bool = False,
        bridge: Bridge | None = None,
    ) -> None:
        self.settings = settings
        self.bridge = bridge
        self.batch = batch
        self._window = window
        self._docs = docs
        self.stories: dict[int, Story] = {}
        self.events: dict[str, Event] = {}
        self._order = 0
        self.dirty: dict[str, None] = {}  # events changed since the last merge_events

    # -- neighbour lists ---------------------------------------------------------------------

    def story_sims(self, sims: dict[int, float], own: int) -> dict[int, float]:
        """Article similarities -> the best one per story, leaving out story ``own``."""
        out: dict[int, float] = {}
        for aid, sim in sims.items():
            sid = self._docs[aid].story
            if sid != own and sim > out.get(sid, 0.0):
                out[sid] = sim
        return out

    def offer(self, story: Story, other: int, sim: float) -> None:
        """Keep ``story.neighbours`` the ``neighbours`` most similar other stories (a change
        marks the story's event for the next ``merge_events``)."""
        nbrs = story.neighbours
        if other in nbrs:
            if sim > nbrs[other]:  # (a near-copy joined ``other``: its best link may rise)
                nbrs[other] = sim
                story.floor = min(nbrs.values())  # (it may have been the weakest)
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

    def _touch(self, story: Story) -> None:
        if story.event:
            self.dirty[story.event] = None

    def mutual(self, story: Story) -> dict[int, float]:
        """The neighbours of ``story`` that keep it among theirs too, with their similarity."""
        out = {}
        for sid, sim in story.neighbours.items():
            other = self.stories.get(sid)
            if other is not None and story.sid in other.neighbours:
                out[sid] = sim
        return out

    def linkage(self, story: Story) -> list[tuple[float, int, str]]:
        """(average linkage over mutual neighbours, mutual links, event key) per linked event,
        best first."""
        totals: dict[str, float] = {}
        links: dict[str, int] = {}
        for sid, sim in self.mutual(story).items():
            key = self.stories[sid].event
            if key != story.event:
                totals[key] = totals.get(key, 0.0) + sim
                links[key] = links.get(key, 0) + 1
        k = self.settings.neighbours
        scored = [
            (s / score.possible_links(1, len(self.events[key].stories), k), links[key], key)
            for key, s in totals.items()
        ]
        scored.sort(key=lambda p: (-p[0], self.events[p[2]].order))
        return scored

    # -- events ------------------------------------------------------------------------------

    def new_event(self, key: str) -> Event:
        self._order += 1
        event = Event(key, self._order)
        self.events[key] = event
        return event

    def forget(self, event: Event) -> list[Story]:
        """Drop ``event`` and its stories from the graph; return the stories."""
        stories = [self.stories.pop(sid) for sid in event.stories]
        del self.events[event.key]
        self.dirty.pop(event.key, None)
        return stories

    def total(self, event: Event) -> Vector:
        """Sum of the member vectors (computed when asked: only labels and explain need it)."""
        vectors = [self._docs[a].vector for s in event.stories for a in self.stories[s].members]
        total: Vector = dict(vectors[0]) if vectors else {}  # (0 + w is w)
        get = total.get
        for vector in vectors[1:]:
            for term, weight in vector.items():
                total[term] = get(term, 0.0) + weight
        return total

    def _stories_to_link(self, full: bool) -> list[tuple[Story, dict[int, float]]]:
        """Stories whose links a merge must see, with their ``mutual`` neighbours: all, or
        those of the events changed since the last merge and of the events they link to (the
        others' linkage has not moved)."""
        if full:
            return [(story, self.mutual(story)) for story in self.stories.values()]
        stories, found = self.stories, {}  # (each story's mutual neighbours, found once)
        keys = dict.fromkeys(k for k in self.dirty if k in self.events)
        for key in list(keys):
            for sid in self.events[key].stories:
                found[sid] = self.mutual(stories[sid])
                keys.update(dict.fromkeys(stories[other].event for other in found[sid]))
        return [
            (stories[sid], found[sid] if sid in found else self.mutual(stories[sid]))
            for key in keys
            for sid in self.events[key].stories
        ]

    def merge_events(self, *, full: bool) -> list[Merge]:
        """Average-linkage agglomeration of events over mutual-neighbour links.

        Two events merge, best pair first, while the summed link weight
        (``score.link_weight``) of their mutually neighbouring stories divided by the number of
        links they could have (``score.possible_links``) passes ``merge_threshold`` and their
        time spans are within the window. The older key survives. Only events changed since
        the last call (and their linked events) are looked at, unless ``full`` or ``batch``.
        """
        # each link once, weighed from the end met last (the weight's float sum runs in that
        # end's order), in the order the links were first met
        ends: dict[tuple[int, int], tuple[Story, Story, float]] = {}
        for story, found in self._stories_to_link(full or self.batch):
            for sid, sim in found.items():
                key = (sid, story.sid) if sid < story.sid else (story.sid, sid)
                ends[key] = (story, self.stories[sid], sim)
        self.dirty.clear()
        events, settings = self.events, self.settings
        links: dict[tuple[str, str], float] = {}
        for story, other, sim in ends.values():
            a, b = story.event, other.event
            if a != b:
                floor = score.margin_floor(story.language, other.language, settings)
                weight = score.link_weight(
                    sim, story.neighbours, other.neighbours, settings, floor=floor
                )
                pair = (a, b) if events[a].order < events[b].order else (b, a)
                links[pair] = links.get(pair, 0.0) + weight
        linked = {k: events[k] for pair in links for k in pair}  # (only they can merge)
        merges = score.agglomerate(
            links,
            {k: len(e.stories) for k, e in linked.items()},
            {k: e.order for k, e in linked.items()},
            settings,
            near=lambda keep, gone: self._spans_near(events[keep], events[gone]),
            fold=lambda gone, keep: self._fold(events[gone], events[keep]),
        )
        merges += self._merge_fragments()
        merges += self._merge_languages()
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
            for story in self.stories.values():
                a = self.events[story.event]
                if len(a.stories) < self.settings.fragment_stories:
                    continue
                for sid in story.neighbours:
                    other = self.stories.get(sid)
                    if other is None or other.event == a.key:
                        continue
                    b = self.events[other.event]
                    if len(b.stories) >= self.settings.fragment_stories:
                        pairs[(a.key, b.key) if a.order < b.order else (b.key, a.key)] = None
            scored = []
            for a_key, b_key in pairs:
                a, b = self.events[a_key], self.events[b_key]
                if not self._spans_near(a, b):
                    continue
                for event in (a, b):
                    if event.key not in totals:
                        totals[event.key] = self.total(event)
                sim = dot(totals[a_key], totals[b_key]) / (a.size * b.size)
                if sim >= limit:
                    scored.append((sim, a_key, b_key))
            scored.sort(key=lambda p: (-p[0], p[1], p[2]))
            touched: set[str] = set()
            for sim, keep, gone in scored:
                if keep in touched or gone in touched:
                    continue
                touched.update((keep, gone))
                self._fold(self.events[gone], self.events[keep])
                total = totals.pop(keep)
                for term, weight in totals.pop(gone).items():
                    total[term] = total.get(term, 0.0) + weight
                totals[keep] = total
                merges.append(Merge(gone, keep, sim))
            if not touched:
                return merges

    def members(self, key: str) -> list[int]:
        """The article ids of event ``key``."""
        return [aid for sid in self.events[key].stories for aid in self.stories[sid].members]

    def _merge_languages(self) -> list[Merge]:
        """Join events in different languages that report one event (``bridge``)."""
        bridge = self.bridge
        if bridge is None or not bridge.active:
            return []
        stories, docs, events = self.stories, self._docs, self.events
        event_of = {aid: stories[docs[aid].story].event for aid in bridge.language}

        def fold(gone: str, keep: str) -> None:
            for aid in self.members(gone):
                event_of[aid] = keep
            self._fold(events[gone], events[keep])

        return cross_merges(
            bridge,
            self.members,
            event_of,
            lambda key: events[key].order,
            threshold=self.settings.bridge_threshold,
            min_keys=self.settings.bridge_keys,
            near=lambda keep, gone: self._spans_near(events[keep], events[gone]),
            fold=fold,
        )

    def regroup(self, cutoff: datetime | None) -> dict[int, str]:
        """Re-cluster the events from their stories; return the articles that moved.

        Every story starts alone, ``merge_events`` agglomerates them afresh, and each
        resulting event takes the key that most of its articles already had (older event on a
        tie) unless another took it first, else ``e<its oldest article id>``. Unchanged events
        keep their keys. With a ``cutoff`` only the events with an article at or after it (and
        undated ones) are re-clustered. Returns ``{article_id: new_event_key}`` for articles
        whose key changed.
        """
        keys = [
            key
            for key, event in self.events.items()
            if cutoff is None or event.last is None or event.last >= cutoff
        ]
        old_order = {key: self.events[key].order for key in keys}
        stories = sorted(
            (self.stories[sid] for key in keys for sid in self.events[key].stories),
            key=lambda st: (old_order[st.event], st.members[0]),
        )
        before = {aid: st.event for st in stories for aid in st.members}
        kept = {k: e for k, e in self.events.items() if k not in old_order}
        self.events = dict(kept)
        fresh: list[Event] = []
        for story in stories:
            event = self.new_event(f"~{story.sid}")
            event.stories.append(story.sid)
            story.event = event.key
            for aid in story.members:
                tally(event, self._docs[aid])
            self.dirty[event.key] = None
            fresh.append(event)
        self.merge_events(full=cutoff is None)
        claimed = set(kept)
        renamed: dict[str, Event] = {}
        for event in sorted(
            (e for e in fresh if self.events.get(e.key) is e), key=lambda e: e.order
        ):
            members = [a for sid in event.stories for a in self.stories[sid].members]
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
            del self.events[event.key]
            event.key = key
            event.order = old_order.get(key, event.order)
            for sid in event.stories:
                self.stories[sid].event = key
            renamed[key] = event
        self.events.update(renamed)
        self.events = dict(sorted(self.events.items(), key=lambda kv: kv[1].order))
        after = {aid: self.stories[self._docs[aid].story].event for aid in before}
        return {aid: key for aid, key in after.items() if before[aid] != key}

    def _spans_near(self, a: Event, b: Event) -> bool:
        if a.first is None or a.last is None or b.first is None or b.last is None:
            return True
        return b.first - self._window <= a.last and a.first - self._window <= b.last

    def _fold(self, gone: Event, keep: Event) -> None:
        for sid in gone.stories:
            self.stories[sid].event = keep.key
        keep.stories.extend(gone.stories)
        keep.size += gone.size
        dates = [d for d in (gone.first, gone.last, keep.first, keep.last) if d is not None]
        keep.first, keep.last = (min(dates), max(dates)) if dates else (None, None)
        del self.events[gone.key]
