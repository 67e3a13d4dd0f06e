"""Events: cluster results -> events, memberships, labels and stored embeddings; stored articles
-> ClusterDocs for the cluster job. Touches events, event_articles, article_embeddings and the
``clustered`` flag of articles."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Table, bindparam, delete, func, select, update
from sqlalchemy.orm import Session

from aggregator.records import ClusterDoc, utcnow
from aggregator.store.models import (
    Article,
    ArticleEmbedding,
    ArticleVersion,
    Base,
    Event,
    EventArticle,
    Outlet,
)
from aggregator.store.session import dialect_insert

CLUSTER_TEXT_CHARS = 2000


def cluster_docs(
    session: Session,
    *,
    clustered: bool | None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> list[tuple[ClusterDoc, str | None]]:
    """Articles with text, as ClusterDocs with their current event key (None when unassigned).

    Times: publication time, or first-seen time for articles without one. Ordered by that time,
    then id, so a rerun presents the same order.
    """
    when = func.coalesce(Article.published_at, Article.first_seen_at)
    stmt = (
        select(
            Article.id,
            Outlet.slug,
            Article.title,
            func.substr(ArticleVersion.text, 1, CLUSTER_TEXT_CHARS),
            Article.published_at,
            Article.first_seen_at,
            Article.language,
            Event.key,
        )
        .join(Outlet, Outlet.id == Article.outlet_id)
        .join(ArticleVersion, ArticleVersion.id == Article.current_version_id)
        .outerjoin(EventArticle, EventArticle.article_id == Article.id)
        .outerjoin(Event, Event.id == EventArticle.event_id)
        .order_by(when, Article.id)
    )
    if clustered is not None:
        stmt = stmt.where(Article.clustered.is_(clustered))
    if since is not None:
        stmt = stmt.where(when >= since)
    if until is not None:
        stmt = stmt.where(when < until)
    docs = []
    for aid, slug, title, text, published, first_seen, language, key in session.execute(stmt):
        doc = ClusterDoc(aid, slug, title or "", text or "", published or first_seen, language)
        docs.append((doc, key))
    return docs


def cluster_doc(session: Session, article_id: int) -> tuple[ClusterDoc, str | None] | None:
    """One article as a ClusterDoc with its event key, or None when missing or without text."""
    row = session.execute(
        select(
            Article.id,
            Outlet.slug,
            Article.title,
            func.substr(ArticleVersion.text, 1, CLUSTER_TEXT_CHARS),
            func.coalesce(Article.published_at, Article.first_seen_at),
            Article.language,
            Event.key,
        )
        .join(Outlet, Outlet.id == Article.outlet_id)
        .join(ArticleVersion, ArticleVersion.id == Article.current_version_id)
        .outerjoin(EventArticle, EventArticle.article_id == Article.id)
        .outerjoin(Event, Event.id == EventArticle.event_id)
        .where(Article.id == article_id)
    ).one_or_none()
    if row is None:
        return None
    aid, slug, title, text, when, language, key = row
    return ClusterDoc(aid, slug, title or "", text or "", when, language), key


def time_bounds_of_unclustered(session: Session) -> tuple[datetime | None, datetime | None]:
    when = func.coalesce(Article.published_at, Article.first_seen_at)
    low, high = session.execute(
        select(func.min(when), func.max(when)).where(
            Article.clustered.is_(False), Article.current_version_id.is_not(None)
        )
    ).one()
    return low, high


_CHUNK = 500  # ids per IN (...) list: well below every SQLite build's limit on parameters


def _table(model: type[Base]) -> Table:
    """The Core table of ``model``, for executemany statements without the ORM's bookkeeping."""
    return model.metadata.tables[model.__tablename__]


def _chunks(items: Sequence[Any], size: int = _CHUNK) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def event_ids(session: Session, keys: Sequence[str]) -> dict[str, int]:
    """Ids of the events with these keys, creating the missing ones (one executemany)."""
    now = utcnow()
    ids: dict[str, int] = {}
    for chunk in _chunks(keys):
        ids.update(session.execute(select(Event.key, Event.id).where(Event.key.in_(chunk))).all())
    missing = [key for key in keys if key not in ids]
    if not missing:
        return ids
    events = _table(Event)
    session.execute(
        dialect_insert(session, events).on_conflict_do_nothing(index_elements=["key"]),
        [
            {
                "key": key,
                "label": "",
                "top_terms": [],
                "article_count": 0,
                "outlet_count": 0,
                "outlets": [],
                "created_at": now,
                "updated_at": now,
            }
            for key in missing
        ],
    )
    for chunk in _chunks(missing):
        ids.update(session.execute(select(Event.key, Event.id).where(Event.key.in_(chunk))).all())
    return ids


def save_memberships(
    session: Session, assignments: Mapping[int, tuple[str, float]]
) -> tuple[int, set[str]]:
    """Put each article in its event; returns (articles moved or added, keys touched).

    A handful of statements whatever the number of articles: the current memberships are read
    in chunks, then one executemany each inserts the new memberships, moves the changed ones
    and sets the articles' ``clustered`` flag."""
    article_ids = sorted(assignments)
    current = event_keys_of(session, article_ids)
    changed = [aid for aid in article_ids if current.get(aid) != assignments[aid][0]]
    touched = {assignments[aid][0] for aid in changed}
    touched.update(current[aid] for aid in changed if aid in current)
    ids = event_ids(session, sorted({assignments[aid][0] for aid in changed}))
    now = utcnow()
    rows = [
        {"aid": aid, "eid": ids[assignments[aid][0]], "score": assignments[aid][1], "now": now}
        for aid in changed
    ]
    members = _table(EventArticle)
    moved = [row for row in rows if row["aid"] in current]
    if moved:
        session.execute(
            update(members)
            .where(members.c.article_id == bindparam("aid"))
            .values(
                event_id=bindparam("eid"), score=bindparam("score"), assigned_at=bindparam("now")
            ),
            moved,
        )
    added = [
        {"article_id": r["aid"], "event_id": r["eid"], "score": r["score"], "assigned_at": now}
        for r in rows
        if r["aid"] not in current
    ]
    if added:
        session.execute(
            dialect_insert(session, members).on_conflict_do_nothing(index_elements=["article_id"]),
            added,
        )
    articles = _table(Article)
    for chunk in _chunks(article_ids):
        session.execute(
            update(articles)
            .where(articles.c.id.in_(chunk), articles.c.clustered.is_(False))
            .values(clustered=True)
        )
    return len(changed), touched


def event_keys_of(session: Session, article_ids: Sequence[int]) -> dict[int, str]:
    """Article id -> the key of its stored event, for the articles that have one."""
    out: dict[int, str] = {}
    for chunk in _chunks(article_ids):
        rows = session.execute(
            select(EventArticle.article_id, Event.key)
            .join(Event, Event.id == EventArticle.event_id)
            .where(EventArticle.article_id.in_(chunk))
        )
        out.update({aid: key for aid, key in rows})
    return out


def event_member_ids(session: Session, keys: Sequence[str]) -> dict[str, set[int]]:
    """Event key -> the ids of its stored articles."""
    out: dict[str, set[int]] = {key: set() for key in keys}
    for chunk in _chunks(keys):
        rows = session.execute(
            select(Event.key, EventArticle.article_id)
            .join(EventArticle, EventArticle.event_id == Event.id)
            .where(Event.key.in_(chunk))
        )
        for key, aid in rows:
            out[key].add(aid)
    return out


def clear_memberships(session: Session, article_ids: Sequence[int]) -> None:
    for chunk in _chunks(article_ids):
        session.execute(delete(EventArticle).where(EventArticle.article_id.in_(chunk)))
        session.execute(update(Article).where(Article.id.in_(chunk)).values(clustered=False))


@dataclass(frozen=True)
class StoredLabel:
    """What ``save_event_labels`` writes to one event row."""

    key: str
    label: str
    top_terms: Sequence[str]
    first: datetime | None
    last: datetime | None
    outlets: Sequence[str]
    article_count: int


def save_event_labels(session: Session, labels: Sequence[StoredLabel]) -> None:
    """Write the labels, time spans, outlets and sizes of events (one executemany)."""
    if not labels:
        return
    events = _table(Event)
    now = utcnow()
    session.execute(
        update(events)
        .where(events.c.key == bindparam("k"))
        .values(
            label=bindparam("label"),
            top_terms=bindparam("top_terms"),
            first_published_at=bindparam("first"),
            last_published_at=bindparam("last"),
            outlets=bindparam("outlets"),
            outlet_count=bindparam("outlet_count"),
            article_count=bindparam("article_count"),
            updated_at=bindparam("now"),
        ),
        [
            {
                "k": item.key,
                "label": item.label,
                "top_terms": list(item.top_terms),
                "first": item.first,
                "last": item.last,
                "outlets": list(item.outlets),
                "outlet_count": len(item.outlets),
                "article_count": item.article_count,
                "now": now,
            }
            for item in labels
        ],
    )


def delete_empty_events(session: Session) -> int:
    members = select(EventArticle.event_id).distinct()
    empty = session.scalars(select(Event.id).where(Event.id.not_in(members))).all()
    if empty:
        session.execute(delete(Event).where(Event.id.in_(empty)))
    return len(empty)


def count_events(session: Session) -> int:
    return int(session.execute(select(func.count()).select_from(Event)).scalar_one())


def stored_embeddings(
    session: Session, article_ids: Sequence[int], model: str
) -> dict[int, tuple[str, bytes]]:
    """Article id -> (text hash, vector bytes) of the stored embeddings made by ``model``."""
    out: dict[int, tuple[str, bytes]] = {}
    for start in range(0, len(article_ids), 500):
        chunk = article_ids[start : start + 500]
        rows = session.execute(
            select(ArticleEmbedding.article_id, ArticleEmbedding.text_hash, ArticleEmbedding.vector)
            .where(ArticleEmbedding.article_id.in_(chunk))
            .where(ArticleEmbedding.model == model)
        )
        out.update({aid: (text_hash, bytes(vector)) for aid, text_hash, vector in rows})
    return out


def save_embeddings(session: Session, model: str, rows: Mapping[int, tuple[str, bytes]]) -> None:
    """Store (or replace) the embeddings of ``rows`` (article id -> (text hash, vector bytes))."""
    ids = sorted(rows)
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        session.execute(delete(ArticleEmbedding).where(ArticleEmbedding.article_id.in_(chunk)))
    session.add_all(
        ArticleEmbedding(article_id=aid, model=model, text_hash=rows[aid][0], vector=rows[aid][1])
        for aid in ids
    )
    session.flush()
