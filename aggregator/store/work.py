"""Leases on work: which outlets, feeds, articles and revisits are due, claimed atomically by one
run at a time (``FOR UPDATE SKIP LOCKED`` on PostgreSQL), returned as task records; each run
holds about its share of the outlets (outlets with work / live workers). Touches the lease
columns of outlets, feeds and articles, the ``workers`` heartbeat rows, and marks the runs of
dead processes crashed."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, Select, func, select, update
from sqlalchemy.orm import Session

from aggregator.records import Entry, Validators, utcnow
from aggregator.store.models import Article, ArticleVersion, Feed, Outlet, Worker
from aggregator.store.revisits import revisit_task
from aggregator.store.workers import in_flight_outlets, live_workers
from aggregator.store.workers import release_dead_claims as release_dead_claims  # its old home
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


def process_of(owner: str) -> str:
    """The ``host:pid`` of a lease owner (``host:pid:run-token``)."""
    return owner.rsplit(":", 1)[0]


def hold_outlets(
    session: Session, due: WorkDue, *, owner: str, lease: timedelta, limit: int
) -> list[int]:
    """The outlets with work ``due`` that this run (``owner``) may fetch from now, leased to it.

    Only the holder of an outlet fetches from it, so per-host politeness holds across workers.
    A run holds at most its share: ``limit`` or, fewer, the outlets with work divided among
    the live workers (``workers`` rows seen within one ``lease``, this one counted once). The
    outlets it works on and those with its claims in flight count against the share and are
    renewed; others of its own are left to run out, and new ones are taken only up to the
    share, so a worker that just started gets outlets as soon as the others let theirs go
    (``release_outlets``) instead of the first worker taking them straight back. Returns the
    ids of held outlets that have work due."""
    now = due.now
    me = process_of(owner)
    session.execute(update(Worker).where(Worker.name == me).values(seen_at=now))
    with_work = set(session.scalars(select(_due(due).subquery().c.outlet_id).distinct()))
    if not with_work:
        return []
    live = live_workers(session, me, now - lease)
    share = min(limit, -(-len(with_work) // live))
    mine = set(
        session.scalars(
            select(Outlet.id).where(Outlet.lease_owner == owner, Outlet.lease_until > now)
        )
    )
    in_flight = mine & in_flight_outlets(session, owner, now)
    # when the share shrank (a worker joined), work only a share of ours, those with claims in
    # flight first; the rest are not renewed: their lease (a cool-down after a phase) runs out
    # and another worker takes them
    ours = sorted(mine & with_work, key=lambda outlet: (outlet not in in_flight, outlet))
    # renewed like a claim (skipping rows another run is taking): a renewal that waited could
    # deadlock with another run's claim or release; what another run took meanwhile is not ours
    keep = set(ours[:share]) | in_flight
    renewed = set(
        _claim(
            session,
            Outlet,
            Outlet.id.in_(list(keep)) & (Outlet.lease_owner == owner),
            limit=len(keep),
            owner=owner,
            until=now + lease,
        )
        if keep
        else ()
    )
    working = [outlet for outlet in ours[:share] if outlet in renewed]
    room = share - len(renewed)
    if room > 0:
        free = (
            Outlet.id.not_in(list(mine))
            & Outlet.id.in_(list(with_work))
            & (
                (Outlet.lease_owner == owner)
                | Outlet.lease_until.is_(None)
                | (Outlet.lease_until < now)
            )
        )
        working += _claim(session, Outlet, free, limit=room, owner=owner, until=now + lease)
    return sorted(working)


def release_outlets(session: Session, owner: str, *, cool_down: timedelta) -> None:
    """Give up this run's outlets at the end of a phase: the lease shrinks to ``cool_down``
    (the politeness delay), so another run, whose fetcher does not know when this one last
    asked the host, waits that long; this run keeps the owner mark and may take them back at
    once, within its share (``hold_outlets``), in its next phase."""
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
        revisit_task(article, slug, version) for article, slug, version in session.execute(stmt)
    ]


def work_outstanding(
    session: Session, *, outlets: Sequence[str], now: datetime, fetched_before: datetime
) -> int:
    """Items some run still has to do: articles to fetch (leased or not), feeds due, and
    revisits due (leased or not; one whose last try failed for a passing reason waits for a
    later run and does not count)."""
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
    revisits = session.execute(
        select(func.count())
        .select_from(Article)
        .join(Outlet, Outlet.id == Article.outlet_id)
        .where(
            Outlet.slug.in_(outlets),
            Article.next_revisit_at <= now,
            Article.gone_at.is_(None),
            Article.url.is_not(None),
            Article.current_version_id.is_not(None),
            # a failed try leaves the lease time without an owner (``release_revisit``)
            Article.lease_owner.is_not(None) | Article.lease_until.is_(None),
        )
    ).scalar_one()
    return int(articles) + int(feeds) + int(revisits)
