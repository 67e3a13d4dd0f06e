"""Events: cluster results -> events, memberships, labels and stored embeddings; stored articles
-> ClusterDocs for the cluster job. Touches events, event_articles, article_embeddings and the
``clustered`` flag of articles."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from aggregator.records import ClusterDoc, utcnow
from aggregator.store.models import (
    Article,
    ArticleEmbedding,
    ArticleVersion,
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


def event_ids(session: Session, keys: Sequence[str]) -> dict[str, int]:
    """Ids of the events with these keys, creating the missing ones."""
    now = utcnow()
    for key in keys:
        session.execute(
            dialect_insert(session, Event)
            .values(
                key=key,
                label="",
                top_terms=[],
                article_count=0,
                outlet_count=0,
                outlets=[],
                created_at=now,
                updated_at=now,
            )
            .on_conflict_do_nothing(index_elements=["key"])
        )
    rows = session.execute(select(Event.key, Event.id).where(Event.key.in_(list(keys))))
    return {key: eid for key, eid in rows}


def save_memberships(
    session: Session, assignments: Mapping[int, tuple[str, float]]
) -> tuple[int, set[str]]:
    """Put each article in its event; returns (articles moved or added, keys touched)."""
    keys = sorted({key for key, _ in assignments.values()})
    ids = event_ids(session, keys)
    current = dict(
        session.execute(
            select(EventArticle.article_id, Event.key)
            .join(Event, Event.id == EventArticle.event_id)
            .where(EventArticle.article_id.in_(list(assignments)))
        ).all()
    )
    changed = 0
    touched: set[str] = set()
    now = utcnow()
    for article_id, (key, score) in assignments.items():
        old = current.get(article_id)
        if old == key:
            continue
        changed += 1
        touched.add(key)
        if old is not None:
            touched.add(old)
            session.execute(
                update(EventArticle)
                .where(EventArticle.article_id == article_id)
                .values(event_id=ids[key], score=score, assigned_at=now)
            )
        else:
            session.execute(
                dialect_insert(session, EventArticle)
                .values(article_id=article_id, event_id=ids[key], score=score, assigned_at=now)
                .on_conflict_do_nothing(index_elements=["article_id"])
            )
    if assignments:
        session.execute(
            update(Article).where(Article.id.in_(list(assignments))).values(clustered=True)
        )
    return changed, touched


def clear_memberships(session: Session, article_ids: Sequence[int]) -> None:
    for start in range(0, len(article_ids), 500):
        chunk = list(article_ids[start : start + 500])
        session.execute(delete(EventArticle).where(EventArticle.article_id.in_(chunk)))
        session.execute(update(Article).where(Article.id.in_(chunk)).values(clustered=False))


def save_event_label(
    session: Session,
    key: str,
    *,
    label: str,
    top_terms: Sequence[str],
    first: datetime | None,
    last: datetime | None,
    outlets: Sequence[str],
    article_count: int,
) -> None:
    session.execute(
        update(Event)
        .where(Event.key == key)
        .values(
            label=label,
            top_terms=list(top_terms),
            first_published_at=first,
            last_published_at=last,
            outlets=list(outlets),
            outlet_count=len(outlets),
            article_count=article_count,
            updated_at=utcnow(),
        )
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
