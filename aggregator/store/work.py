"""Leases on work: which outlets, feeds, articles and revisits are due, claimed atomically by one
run at a time (``FOR UPDATE SKIP LOCKED`` on PostgreSQL), returned as task records. Touches the
lease columns of outlets, feeds and articles, and marks the runs of dead processes crashed."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, Select, func, select, update
from sqlalchemy.orm import Session

from aggregator.records import Entry, Validators, VersionText, utcnow
from aggregator.store.models import Article, ArticleVersion, Feed, Outlet, Run
from aggregator.tasks import ArticleTask, FeedTask, RevisitTask

MAX_ARTICLE_ATTEMPTS = 3

Leased = type[Outlet] | type[Feed] | type[Article]


@dataclass(frozen=True)
class FeedsDue:
    """Enabled feeds of ``outlets``, not backing off or leased at ``now``, and not fetched since
    ``fetched_before``."""

    outlets: tuple[str, ...]
    now: datetime
    fetched_before: datetime


@dataclass(frozen=True)
class ArticlesDue:
    """Articles of ``outlets`` to fetch: pending, or failed with attempts left and last tried
    before ``tried_before`` (a run does not retry its own failures)."""

    outlets: tuple[str, ...]
    now: datetime
    tried_before: datetime


@dataclass(frozen=True)
class RevisitsDue:
    """Stored articles of ``outlets`` whose next revisit is due by ``due_by`` (None: every
    scheduled one, as a replay wants), not tried since ``tried_before``."""

    outlets: tuple[str, ...]
    now: datetime
    due_by: datetime | None
    tried_before: datetime


WorkDue = FeedsDue | ArticlesDue | RevisitsDue


def _claim(
    session: Session,
    model: Leased,
    wanted: ColumnElement[bool],
    *,
    limit: int,
    owner: str,
    until: datetime,
) -> list[int]:
    """Lease up to ``limit`` rows of ``model`` matching ``wanted`` (lowest ids first),
    atomically; returns the ids taken.

    One ``UPDATE ... WHERE id IN (SELECT ... LIMIT n) RETURNING id`` statement: on PostgreSQL the
    subquery locks with ``FOR UPDATE SKIP LOCKED`` so concurrent workers never take the same
    row; on SQLite the single statement runs under the database's write lock.
    """
    candidates = select(model.id).where(wanted).order_by(model.id).limit(limit)
    if session.get_bind().dialect.name == "postgresql":
        candidates = candidates.with_for_update(skip_locked=True, of=model)
    stmt = (
        update(model)
        .where(model.id.in_(candidates.scalar_subquery()))
        .values(lease_owner=owner, lease_until=until)
        .returning(model.id)
        .execution_options(synchronize_session=False)
    )
    return sorted(session.scalars(stmt).all())


def _feeds_due(due: FeedsDue) -> Select[int, int]:
    return (
        select(Feed.outlet_id, Feed.id)
        .join(Outlet, Outlet.id == Feed.outlet_id)
        .where(
            Feed.enabled.is_(True),
            Outlet.slug.in_(due.outlets),
            (Feed.backoff_until.is_(None)) | (Feed.backoff_until <= due.now),
            (Feed.lease_until.is_(None)) | (Feed.lease_until < due.now),
            (Feed.last_fetched_at.is_(None)) | (Feed.last_fetched_at < due.fetched_before),
        )
    )


def _articles_due(due: ArticlesDue) -> Select[int, int]:
    return (
        select(Article.outlet_id, Article.id)
        .join(Outlet, Outlet.id == Article.outlet_id)
        .where(
            Outlet.slug.in_(due.outlets),
            Article.url.is_not(None),
            (Article.status == "pending")
            | ((Article.status == "failed") & (Article.fetch_attempts < MAX_ARTICLE_ATTEMPTS)),
            (Article.lease_until.is_(None))
            | ((Article.lease_until < due.now) & (Article.lease_until < due.tried_before)),
        )
    )


def _revisits_due(due: RevisitsDue) -> Select[int, int]:
    stmt = (
        select(Article.outlet_id, Article.id)
        .join(Outlet, Outlet.id == Article.outlet_id)
        .where(
            Outlet.slug.in_(due.outlets),
            Article.next_revisit_at.is_not(None),
            Article.gone_at.is_(None),
            Article.url.is_not(None),
            Article.current_version_id.is_not(None),
            (Article.lease_until.is_(None))
            | ((Article.lease_until < due.now) & (Article.lease_until < due.tried_before)),
        )
    )
    if due.due_by is not None:
        stmt = stmt.where(Article.next_revisit_at <= due.due_by)
    return stmt


def _due(due: WorkDue) -> Select[int, int]:
    """(outlet id, item id) of the work ``due`` describes."""
    if isinstance(due, FeedsDue):
        return _feeds_due(due)
    if isinstance(due, ArticlesDue):
        return _articles_due(due)
    return _revisits_due(due)


def _spread(due: Select[int, int], limit: int, outlets: int) -> Select[int]:
    """Ids from ``due`` (outlet_id, id rows), at most an even share of ``limit`` per outlet:
    a batch then mixes outlets, so per-host delays overlap instead of queueing."""
    share = max(1, -(-limit // max(1, outlets)))
    ranked = due.add_columns(
        func.row_number().over(partition_by=Article.outlet_id, order_by=Article.id).label("rk")
    ).subquery()
    return select(ranked.c.id).where(ranked.c.rk <= share)


def hold_outlets(
    session: Session, due: WorkDue, *, owner: str, lease: timedelta, limit: int
) -> list[int]:
    """Lease up to ``limit`` outlets that have work ``due`` and that no other run holds;
    outlets this run holds already are renewed. Only the holder of an outlet fetches from it,
    so per-host politeness holds across workers, not just within one."""
    now = due.now
    having_work = select(_due(due).subquery().c.outlet_id).distinct()
    free = (
        (Outlet.lease_owner == owner) | (Outlet.lease_until.is_(None)) | (Outlet.lease_until < now)
    )
    wanted = Outlet.id.in_(having_work) & free
    return _claim(session, Outlet, wanted, limit=limit, owner=owner, until=now + lease)


def release_outlets(session: Session, owner: str, *, cool_down: timedelta) -> None:
    """Give up this run's outlets: the lease shrinks to ``cool_down`` (the politeness delay),
    so another run, whose fetcher does not know when this one last asked the host, waits that
    long; this run keeps the owner mark and may take them back at once."""
    session.execute(
        update(Outlet).where(Outlet.lease_owner == owner).values(lease_until=utcnow() + cool_down)
    )


def claim_feeds(
    session: Session,
    due: FeedsDue,
    *,
    owner: str,
    lease: timedelta,
    limit: int,
    held: Sequence[int],
) -> list[FeedTask]:
    """Lease up to ``limit`` feeds ``due`` of the outlets this run holds (``held``)."""
    wanted = Feed.id.in_(
        select(_feeds_due(due).where(Feed.outlet_id.in_(list(held))).subquery().c.id)
    )
    ids = _claim(session, Feed, wanted, limit=limit, owner=owner, until=due.now + lease)
    if not ids:
        return []
    return [
        FeedTask(
            feed.id,
            feed.url,
            feed.kind,
            slug,
            feed.outlet_id,
            feed.language,
            feed.section,
            Validators(feed.etag, feed.last_modified, feed.body_sha256),
        )
        for feed, slug in session.execute(
            select(Feed, Outlet.slug)
            .join(Outlet, Outlet.id == Feed.outlet_id)
            .where(Feed.id.in_(ids))
            .order_by(Feed.id)
        )
    ]


def claim_articles(
    session: Session,
    due: ArticlesDue,
    *,
    owner: str,
    lease: timedelta,
    limit: int,
    held: Sequence[int],
) -> list[ArticleTask]:
    """Lease up to ``limit`` articles ``due`` from the outlets this run holds, an even share
    from each."""
    ready = _articles_due(due).where(Article.outlet_id.in_(list(held)))
    wanted = Article.id.in_(_spread(ready, limit, len(held)))
    ids = _claim(session, Article, wanted, limit=limit, owner=owner, until=due.now + lease)
    if not ids:
        return []
    tasks = []
    for article, slug in session.execute(
        select(Article, Outlet.slug)
        .join(Outlet, Outlet.id == Article.outlet_id)
        .where(Article.id.in_(ids))
        .order_by(Article.id)
    ):
        entry = Entry(
            url=article.url or article.url_key,
            title=article.feed_title or "",
            summary=article.feed_summary or "",
            published=article.published_at,
            updated=article.modified_at,
            authors=tuple(article.authors or ()),
            language=article.language,
            section=article.section,
        )
        tasks.append(
            ArticleTask(
                article.id,
                article.url or article.url_key,
                slug,
                entry,
                article.fetch_attempts,
                Validators(article.etag, article.last_modified, article.body_sha256),
            )
        )
    return tasks


def claim_revisits(
    session: Session,
    due: RevisitsDue,
    *,
    owner: str,
    lease: timedelta,
    limit: int,
    held: Sequence[int],
) -> list[RevisitTask]:
    """Lease up to ``limit`` stored articles of held outlets whose revisit is ``due``."""
    wanted = Article.id.in_(
        select(_revisits_due(due).where(Article.outlet_id.in_(list(held))).subquery().c.id)
    )
    ids = _claim(session, Article, wanted, limit=limit, owner=owner, until=due.now + lease)
    if not ids:
        return []
    stmt = (
        select(Article, Outlet.slug, ArticleVersion)
        .join(Outlet, Outlet.id == Article.outlet_id)
        .join(ArticleVersion, ArticleVersion.id == Article.current_version_id)
        .where(Article.id.in_(ids))
        .order_by(Article.next_revisit_at, Article.id)
    )
    return [
        RevisitTask(
            article_id=article.id,
            url=article.url or article.url_key,
            outlet=slug,
            first_seen=article.first_seen_at,
            revisits_done=article.revisits_done,
            validators=Validators(article.etag, article.last_modified, article.body_sha256),
            current=VersionText(
                version.version_no, version.captured_at, version.title, version.text
            ),
            current_change_key=version.change_key,
            current_summary_only=version.summary_only,
        )
        for article, slug, version in session.execute(stmt)
    ]


def work_outstanding(
    session: Session, *, outlets: Sequence[str], now: datetime, fetched_before: datetime
) -> int:
    """Items some run still has to do: articles to fetch (leased or not) and feeds due."""
    articles = session.execute(
        select(func.count())
        .select_from(Article)
        .join(Outlet, Outlet.id == Article.outlet_id)
        .where(
            Outlet.slug.in_(outlets),
            Article.url.is_not(None),
            (Article.status == "pending")
            | ((Article.status == "failed") & (Article.fetch_attempts < MAX_ARTICLE_ATTEMPTS)),
        )
    ).scalar_one()
    feeds = session.execute(
        select(func.count())
        .select_from(Feed)
        .join(Outlet, Outlet.id == Feed.outlet_id)
        .where(
            Feed.enabled.is_(True),
            Outlet.slug.in_(outlets),
            (Feed.backoff_until.is_(None)) | (Feed.backoff_until <= now),
            (Feed.last_fetched_at.is_(None)) | (Feed.last_fetched_at < fetched_before),
        )
    ).scalar_one()
    return int(articles) + int(feeds)


def release_dead_claims(session: Session, host: str, alive: Callable[[int], bool]) -> int:
    """Free the leases held by processes of this host that no longer run, and mark their runs
    crashed: a run killed outright leaves both behind. Returns the number of leases freed."""
    freed = 0
    prefix = f"{host}:"
    models: tuple[Leased, ...] = (Outlet, Feed, Article)
    for model in models:
        owners = session.scalars(
            select(model.lease_owner).where(model.lease_owner.like(f"{prefix}%")).distinct()
        ).all()
        for owner in owners:
            parts = (owner or "").split(":")  # host:pid:run-token
            pid = parts[1] if len(parts) > 1 else ""
            if pid.isdigit() and not alive(int(pid)):
                result = session.execute(
                    update(model)
                    .where(model.lease_owner == owner)
                    .values(lease_owner=None, lease_until=None)
                    .returning(model.id)
                )
                freed += len(result.all())
    for run in session.scalars(select(Run).where(Run.status == "running", Run.host == host)):
        if run.pid is not None and not alive(run.pid):
            run.status = "crashed"
            run.finished_at = utcnow()
            run.message = "the process ended without finishing the run (killed?)"
    return freed
