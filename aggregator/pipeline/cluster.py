"""Cluster job: stored articles -> events (incremental, or a rebuild of a period), and explain.

Incremental: the articles not yet clustered are placed, in publication order, among the events
active in their time window (warmed from the database), then close events are merged. A rebuild
clears a period's memberships and clusters it from scratch. Either way the versions of one
document in several languages are then put in one event (``cluster/translations.py``). Event
keys are ``e<first article id>`` so an event that does not change keeps its id.
"""

from __future__ import annotations

import gc
import logging
import socket
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime, timedelta

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from aggregator.cluster.batch import (
    Candidate,
    ClusterSettings,
    ClusterState,
    Embedding,
    cluster_articles,
)
from aggregator.cluster.translations import join_translations
from aggregator.config import Settings
from aggregator.errors import AggregatorError
from aggregator.pipeline.locks import pid_alive
from aggregator.pipeline.runs import recorded_end
from aggregator.records import ClusterDoc, RunSummary
from aggregator.store import events as stored_events
from aggregator.store.reads import event_stats
from aggregator.store.runs import finish_run, start_run
from aggregator.store.session import open_database, session_factory
from aggregator.store.translations import ordered_translation_groups
from aggregator.store.work import release_dead_claims

log = logging.getLogger(__name__)


class UnknownArticleError(AggregatorError):
    """``cluster --explain`` was given an id of no stored article with text (a usage error)."""


def cluster_settings(settings: Settings) -> ClusterSettings:
    base = ClusterSettings(window_days=settings.cluster_window_days)
    if settings.cluster_embeddings:
        from aggregator.cluster import embed as cluster_embed

        return cluster_embed.tuned(base)
    return base


def _embeddings(
    settings: Settings, engine: Engine, docs: Sequence[ClusterDoc]
) -> dict[int, Embedding] | None:
    """With ``cluster_embeddings`` on: the docs' sentence embeddings, encoding only the
    articles without a stored vector for their current text (stored in batches, so a crash
    keeps what was encoded). None when the setting is off."""
    if not settings.cluster_embeddings or not docs:
        return None
    from aggregator.cluster import embed as cluster_embed

    if not cluster_embed.available():
        raise AggregatorError(
            "cluster_embeddings is on but the embeddings extra is not installed:"
            " run `make install-embeddings` (or turn the setting off)"
        )
    sessions = session_factory(engine)
    ids = [doc.article_id for doc in docs]
    with sessions() as session:
        stored = stored_events.stored_embeddings(session, ids, cluster_embed.MODEL)
    hashes = {doc.article_id: cluster_embed.text_hash(doc) for doc in docs}
    missing = [d for d in docs if stored.get(d.article_id, ("",))[0] != hashes[d.article_id]]
    if missing:
        log.info("encoding %s articles with %s", len(missing), cluster_embed.MODEL)
        model = cluster_embed.load_model()
        for start in range(0, len(missing), 1000):
            batch = missing[start : start + 1000]
            vectors = cluster_embed.embed_docs(batch, model)
            rows = {aid: (hashes[aid], cluster_embed.to_bytes(vec)) for aid, vec in vectors.items()}
            with sessions.begin() as session:
                stored_events.save_embeddings(session, cluster_embed.MODEL, rows)
            stored.update(rows)
    return {aid: cluster_embed.from_bytes(stored[aid][1]) for aid in ids}


def _order(doc: ClusterDoc) -> tuple[datetime, int]:
    assert doc.published is not None  # cluster_docs falls back to first-seen time
    return (doc.published, doc.article_id)


def _incremental(
    settings: Settings, engine: Engine
) -> tuple[dict[int, tuple[str, float]], ClusterState, Counter[str]]:
    counts: Counter[str] = Counter()
    sessions = session_factory(engine)
    window = timedelta(days=settings.cluster_window_days)
    with sessions() as session:
        low, high = stored_events.time_bounds_of_unclustered(session)
        if low is None or high is None:  # nothing new: the summary says articles=0
            counts["articles"] = 0
            return {}, ClusterState(cluster_settings(settings)), counts
        new = [doc for doc, _ in stored_events.cluster_docs(session, clustered=False)]
        warm = stored_events.cluster_docs(
            session, clustered=True, since=low - 2 * window, until=high + window
        )
    stream: list[tuple[ClusterDoc, str | None]] = [(d, k) for d, k in warm if k is not None]
    stream += [(d, None) for d in new]
    stream.sort(key=lambda item: _order(item[0]))
    vectors = _embeddings(settings, engine, [doc for doc, _ in stream])
    # batch mode: new articles join nothing in ``assign``; the agglomeration over the whole
    # window (stored events kept whole) decides, as a rebuild would
    state = ClusterState(cluster_settings(settings), batch=True, embeddings=vectors)
    for doc, _ in stream:
        state.observe(doc)
    placed: dict[int, tuple[str, float]] = {}
    for doc, key in stream:
        if key is not None:
            state.add_existing(doc, key, observed=True)
        else:
            assignment = state.assign(doc, observed=True)
            placed[doc.article_id] = (assignment.event_key, assignment.score)
    merges = state.merge_events()
    # regroup re-clusters the active window (it can also split what merges cannot undo);
    # its assignments are final for every active article, stored ones included
    regrouped = state.regroup()
    counts["merges"] = len(merges)
    counts["regrouped"] = len(regrouped)
    renamed = {m.old_key: m.new_key for m in merges}
    # articles whose events left the window during the pass keep their last key (retired)
    active = {**state.retired, **state.assignments()}

    def final(article_id: int, key: str) -> str:
        if article_id in active:
            return active[article_id]
        seen: set[str] = set()
        while key in renamed and key not in seen:  # evicted during the pass: follow merges
            seen.add(key)
            key = renamed[key]
        return key

    for doc, key in stream:
        if key is not None and final(doc.article_id, key) != key:
            placed[doc.article_id] = (final(doc.article_id, key), 0.0)
    for article_id, (key, score) in list(placed.items()):
        placed[article_id] = (final(article_id, key), score)
    stored_keys = {key for _, key in stream if key is not None}
    for doc, key in stream:
        if key is None:
            counts["joined" if placed[doc.article_id][0] in stored_keys else "in_new_events"] += 1
    counts["articles"] = len(new)
    return placed, state, counts


def _rebuild(
    settings: Settings, engine: Engine, since: datetime | None, until: datetime | None
) -> tuple[dict[int, tuple[str, float]], ClusterState, Counter[str]]:
    counts: Counter[str] = Counter()
    sessions = session_factory(engine)
    with sessions() as session:
        docs = [
            doc
            for doc, _ in stored_events.cluster_docs(
                session, clustered=None, since=since, until=until
            )
        ]
    vectors = _embeddings(settings, engine, docs)
    result = cluster_articles(docs, settings=cluster_settings(settings), embeddings=vectors)
    counts["articles"] = len(docs)
    counts["merges"] = len(result.merges)
    # relabel through a fresh state so labels of every event are available
    state = ClusterState(cluster_settings(settings), embeddings=vectors)
    for doc in sorted(docs, key=_order):
        state.observe(doc)
    for doc in sorted(docs, key=_order):
        state.add_existing(doc, result.assignments[doc.article_id], observed=True)
    return {a: (k, 1.0) for a, k in result.assignments.items()}, state, counts


def _join_translations(session: Session, placed: dict[int, tuple[str, float]]) -> int:
    """Put the versions of one document in several languages in one event (the rule is in
    ``cluster/translations.py``), changing ``placed`` before it is saved. Returns the moves."""
    groups = ordered_translation_groups(session)
    if not groups:
        return 0
    members = sorted({m for group in groups for m in group})
    stored = stored_events.event_keys_of(session, members)
    event_of = {
        m: placed[m][0] if m in placed else stored[m] for m in members if m in placed or m in stored
    }
    keys = sorted(set(event_of.values()))
    wanted = set(keys)
    placed_in = Counter(key for key, _ in placed.values() if key in wanted)
    size_of = {
        key: placed_in[key] + sum(1 for a in stored_ids if a not in placed)
        for key, stored_ids in stored_events.event_member_ids(session, keys).items()
    }
    moves = join_translations(groups, event_of, size_of)
    for article_id, key in moves.items():
        placed[article_id] = (key, placed[article_id][1] if article_id in placed else 0.0)
    return len(moves)


def _label_events(session: Session, state: ClusterState, keys: set[str]) -> None:
    active = set(state.event_keys())
    stats = event_stats(session, sorted(keys))
    labels = []
    for key, stat in stats.items():
        if key in active or key in state.retired_labels:
            label = state.label(key) if key in active else state.retired_labels[key]
            headline, terms = label.headline, label.top_terms
        else:
            headline, terms = stat.first_title, ()
        labels.append(
            stored_events.StoredLabel(
                key,
                label=headline,
                top_terms=terms,
                first=stat.first,
                last=stat.last,
                outlets=stat.outlets,
                article_count=stat.count,
            )
        )
    stored_events.save_event_labels(session, labels)


@contextmanager
def _cycle_collector_paused() -> Iterator[None]:
    """Keep CPython's cycle collector off while a run clusters, on again after.

    A run builds hundreds of thousands of objects that live to its end (articles, their
    vectors, posting lists, stories) and makes no reference cycles to free; the collector
    would walk that growing heap again and again (about 12% of the CPU of the run at 50,000
    articles, 5% at 5,000) to find nothing."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def run_cluster(
    settings: Settings,
    *,
    rebuild: bool = False,
    since: datetime | None = None,
    until: datetime | None = None,
    engine: Engine | None = None,
) -> RunSummary:
    """Assign unclustered articles to events, or rebuild a period's events from scratch."""
    if (since or until) and not rebuild:
        raise AggregatorError("--since/--until apply to --rebuild only")
    with open_database(settings.database_url, engine) as db:
        sessions = session_factory(db)
        with sessions.begin() as session:
            release_dead_claims(session, socket.gethostname(), pid_alive)
            run_id = start_run(session, "cluster")
        counts: Counter[str] = Counter()
        with recorded_end(sessions, run_id, lambda: (dict(counts), 0)), _cycle_collector_paused():
            if rebuild:
                placed, state, counts = _rebuild(settings, db, since, until)
            else:
                placed, state, counts = _incremental(settings, db)
            with sessions.begin() as session:  # one transaction: a crash keeps the old events
                counts["translations_joined"] = _join_translations(session, placed)
                if rebuild:
                    stored_events.clear_memberships(session, sorted(placed))
                changed, touched = stored_events.save_memberships(session, placed)
                counts["moved"] = changed
                _label_events(session, state, touched | set(state.event_keys()))
                counts["deleted_events"] = stored_events.delete_empty_events(session)
                counts["events"] = stored_events.count_events(session)
                finish_run(session, run_id, counts=dict(counts), failures=0)
    log.info("cluster: %s", dict(counts))
    return RunSummary("cluster", dict(counts))


def explain_article(
    settings: Settings, article_id: int, *, engine: Engine | None = None
) -> tuple[ClusterDoc, str | None, list[Candidate]]:
    """The candidate events of one stored article with the similarity components that decide."""
    with open_database(settings.database_url, engine) as db, session_factory(db)() as session:
        target = stored_events.cluster_doc(session, article_id)
        if target is None:
            raise UnknownArticleError(f"article {article_id} not found or has no text")
        doc, own_key = target
        assert doc.published is not None
        window = timedelta(days=settings.cluster_window_days)
        warm = stored_events.cluster_docs(
            session, clustered=True, since=doc.published - 2 * window, until=doc.published + window
        )
        others = [other for other, _ in warm if other.article_id != article_id]
        vectors = _embeddings(settings, db, [*others, doc])
    state = ClusterState(cluster_settings(settings), embeddings=vectors)
    for other, _ in warm:
        state.observe(other)
    for other, key in warm:
        if key is not None and other.article_id != article_id:
            state.add_existing(other, key, observed=True)
    return doc, own_key, state.explain(doc)


def translation_group_events(
    settings: Settings, article_id: int, *, engine: Engine | None = None
) -> list[tuple[int, str | None]]:
    """The versions of ``article_id``'s document in other languages with their events, the
    original first (``store.translations``); empty when it has none."""
    with open_database(settings.database_url, engine) as db, session_factory(db)() as session:
        group = next((g for g in ordered_translation_groups(session) if article_id in g), ())
        events = stored_events.event_keys_of(session, list(group)) if group else {}
    return [(member, events.get(member)) for member in group]
