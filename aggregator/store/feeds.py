"""Outlets and feeds: feeds.yaml -> the outlets and feeds tables (a feed that left the file is
disabled and marked removed, its history kept), each fetch's outcome -> the feed's health
columns, and those columns -> FeedHealth records. Touches outlets and feeds."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from aggregator.config import Settings
from aggregator.records import FetchResult, utcnow
from aggregator.rows import FeedHealth
from aggregator.store.models import Feed, Outlet
from aggregator.store.session import dialect_insert


def get_or_create_outlet(
    session: Session, slug: str, name: str | None = None, languages: Sequence[str] = ()
) -> int:
    stmt = (
        dialect_insert(session, Outlet)
        .values(slug=slug, name=name or slug, languages=",".join(languages), created_at=utcnow())
        .on_conflict_do_nothing(index_elements=["slug"])
    )
    session.execute(stmt)
    outlet_id: int = session.execute(select(Outlet.id).where(Outlet.slug == slug)).scalar_one()
    return outlet_id


def sync_config(session: Session, settings: Settings) -> None:
    """Make the outlets and feeds tables agree with feeds.yaml.

    Feeds are never deleted: one no longer in the file (alone or with its outlet) is disabled
    and stamped ``removed_at``, keeping its history; put back, it is enabled again.
    """
    configured = {feed.url for outlet in settings.outlets for feed in outlet.feeds}
    session.execute(
        update(Feed)
        .where(Feed.url.not_in(configured) if configured else Feed.id.is_not(None))
        .where(Feed.removed_at.is_(None))
        .values(enabled=False, removed_at=utcnow(), lease_owner=None, lease_until=None)
    )
    for outlet in settings.outlets:
        outlet_id = get_or_create_outlet(session, outlet.slug, outlet.name, outlet.languages)
        session.execute(
            update(Outlet)
            .where(Outlet.id == outlet_id)
            .values(
                name=outlet.name,
                languages=",".join(outlet.languages),
                aliases="\n".join(outlet.aliases),
            )
        )
        for feed in outlet.feeds:
            stmt = (
                dialect_insert(session, Feed)
                .values(
                    outlet_id=outlet_id,
                    url=feed.url,
                    kind=feed.kind,
                    language=feed.language,
                    section=feed.section,
                    enabled=feed.enabled and outlet.enabled,
                    consecutive_failures=0,
                    fetch_count=0,
                    failure_count=0,
                    not_modified_count=0,
                    items_last_fetch=0,
                    new_items_total=0,
                )
                .on_conflict_do_nothing(index_elements=["url"])
            )
            session.execute(stmt)
            session.execute(
                update(Feed)
                .where(Feed.url == feed.url)
                .values(
                    outlet_id=outlet_id,
                    kind=feed.kind,
                    language=feed.language,
                    section=feed.section,
                    enabled=feed.enabled and outlet.enabled,
                    removed_at=None,
                )
            )


def record_feed_success(
    session: Session, feed_id: int, result: FetchResult, *, items: int, new_items: int
) -> None:
    now = utcnow()
    stmt = (
        update(Feed)
        .where(Feed.id == feed_id)
        .values(
            last_fetched_at=now,
            last_success_at=now,
            consecutive_failures=0,
            fetch_count=Feed.fetch_count + 1,
            backoff_until=None,
            lease_owner=None,
            lease_until=None,
            new_items_total=Feed.new_items_total + new_items,
        )
    )
    if result.not_modified:
        stmt = stmt.values(not_modified_count=Feed.not_modified_count + 1)
    else:
        stmt = stmt.values(
            etag=result.header("etag"),
            last_modified=result.header("last-modified"),
            body_sha256=result.body_sha256,
            items_last_fetch=items,
        )
    session.execute(stmt)


def record_feed_failure(
    session: Session,
    feed_id: int,
    *,
    reason: str,
    message: str,
    backoff: Callable[[int], timedelta],
) -> None:
    """Count one failed fetch of the feed; it rests for ``backoff(failures in a row)``."""
    feed = session.get(Feed, feed_id)
    if feed is None:
        return
    now = utcnow()
    feed.consecutive_failures += 1
    feed.failure_count += 1
    feed.fetch_count += 1
    feed.last_fetched_at = now
    feed.last_error_at = now
    feed.last_error = message[:2000]
    feed.last_error_reason = reason
    delay = backoff(feed.consecutive_failures)
    feed.backoff_until = now + delay if delay else None
    feed.lease_owner = None
    feed.lease_until = None


def feed_health(session: Session) -> list[FeedHealth]:
    """The fetch record of every feed (disabled and removed ones too), by outlet and URL."""
    return [
        FeedHealth(
            outlet=slug,
            url=feed.url,
            enabled=feed.enabled,
            removed_at=feed.removed_at,
            last_fetched_at=feed.last_fetched_at,
            last_success_at=feed.last_success_at,
            last_error=feed.last_error,
            last_error_reason=feed.last_error_reason,
            last_error_at=feed.last_error_at,
            consecutive_failures=feed.consecutive_failures,
            fetch_count=feed.fetch_count,
            not_modified_count=feed.not_modified_count,
            items_last_fetch=feed.items_last_fetch,
            backoff_until=feed.backoff_until,
        )
        for feed, slug in session.execute(
            select(Feed, Outlet.slug)
            .join(Outlet, Outlet.id == Feed.outlet_id)
            .order_by(Outlet.slug, Feed.url)
        )
    ]


@dataclass(frozen=True)
class BackOff:
    """How many enabled feeds of some outlets there are, how many rest at ``now``, and until
    when the first of those rests."""

    enabled: int
    backing_off: int
    first_retry: datetime | None

    @property
    def everything(self) -> bool:
        """Every enabled feed is backing off (and there is at least one)."""
        return self.enabled > 0 and self.backing_off == self.enabled


def feeds_backing_off(session: Session, outlets: Sequence[str], now: datetime) -> BackOff:
    """The back-off census of the enabled feeds of ``outlets`` at ``now``."""
    scope = (
        select(Feed.backoff_until)
        .join(Outlet, Outlet.id == Feed.outlet_id)
        .where(Feed.enabled.is_(True), Outlet.slug.in_(list(outlets)))
        .subquery()
    )
    resting = scope.c.backoff_until > now
    enabled, backing, first = session.execute(
        select(
            func.count(),
            func.count().filter(resting),
            func.min(scope.c.backoff_until).filter(resting),
        ).select_from(scope)
    ).one()
    return BackOff(int(enabled), int(backing), first)
