"""All reads and writes of the database: config sync, runs, feeds, articles, versions, events.

Writers are idempotent: articles are keyed by canonical URL (``url_key``), imported rows by
(outlet, external_id), versions by (article, content hash), so a rerun after a crash or an
overlapping run never duplicates rows.
"""

from __future__ import annotations

import hashlib
import os
import socket
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Select, delete, func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from aggregator.config import Settings
from aggregator.records import (
    ClusterDoc,
    CompareArticle,
    Entry,
    Extraction,
    FetchResult,
    Validators,
    VersionText,
    WarcPointer,
)
from aggregator.store.models import (
    Article,
    ArticleEmbedding,
    ArticleHistory,
    ArticleURL,
    ArticleVersion,
    Event,
    EventArticle,
    Feed,
    FetchLog,
    Outlet,
    Run,
    utcnow,
)
from aggregator.urls import strip_tracking

MAX_ARTICLE_ATTEMPTS = 3


def _insert(session: Session, model: Any) -> Any:
    """A dialect-specific INSERT that supports ``on_conflict_do_nothing``."""
    if session.get_bind().dialect.name == "postgresql":
        return postgresql.insert(model)
    return sqlite.insert(model)


# --- outlets and feeds -------------------------------------------------------------------


def get_or_create_outlet(
    session: Session, slug: str, name: str | None = None, languages: Sequence[str] = ()
) -> int:
    stmt = (
        _insert(session, Outlet)
        .values(slug=slug, name=name or slug, languages=",".join(languages), created_at=utcnow())
        .on_conflict_do_nothing(index_elements=["slug"])
    )
    session.execute(stmt)
    outlet_id: int = session.execute(select(Outlet.id).where(Outlet.slug == slug)).scalar_one()
    return outlet_id


def sync_config(session: Session, settings: Settings) -> None:
    """Make the outlets and feeds tables agree with feeds.yaml (feeds are never deleted)."""
    for outlet in settings.outlets:
        outlet_id = get_or_create_outlet(session, outlet.slug, outlet.name, outlet.languages)
        session.execute(
            update(Outlet)
            .where(Outlet.id == outlet_id)
            .values(name=outlet.name, languages=",".join(outlet.languages))
        )
        for feed in outlet.feeds:
            stmt = (
                _insert(session, Feed)
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
                )
            )


@dataclass(frozen=True)
class FeedTask:
    feed_id: int
    url: str
    kind: str
    outlet: str
    outlet_id: int
    language: str | None
    section: str | None
    validators: Validators


def _claim(
    session: Session, model: Any, wanted: Any, *, limit: int, owner: str, until: datetime
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


def hold_outlets(
    session: Session,
    *,
    having_work: Select[Any],
    now: datetime,
    owner: str,
    lease: timedelta,
    limit: int,
) -> list[int]:
    """Lease up to ``limit`` outlets that have work (``having_work`` selects their ids) and that
    no other run holds; outlets this run holds already are renewed. Only the holder of an outlet
    fetches from it, so per-host politeness holds across workers, not just within one."""
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


def _feeds_due(outlets: Sequence[str], now: datetime, fetched_before: datetime) -> Any:
    return (
        select(Feed.outlet_id, Feed.id)
        .join(Outlet, Outlet.id == Feed.outlet_id)
        .where(
            Feed.enabled.is_(True),
            Outlet.slug.in_(outlets),
            (Feed.backoff_until.is_(None)) | (Feed.backoff_until <= now),
            (Feed.lease_until.is_(None)) | (Feed.lease_until < now),
            (Feed.last_fetched_at.is_(None)) | (Feed.last_fetched_at < fetched_before),
        )
    )


def _articles_due(outlets: Sequence[str], now: datetime, tried_before: datetime) -> Any:
    return (
        select(Article.outlet_id, Article.id)
        .join(Outlet, Outlet.id == Article.outlet_id)
        .where(
            Outlet.slug.in_(outlets),
            Article.url.is_not(None),
            (Article.status == "pending")
            | ((Article.status == "failed") & (Article.fetch_attempts < MAX_ARTICLE_ATTEMPTS)),
            (Article.lease_until.is_(None))
            | ((Article.lease_until < now) & (Article.lease_until < tried_before)),
        )
    )


def _revisits_due(
    outlets: Sequence[str], now: datetime, due_by: datetime | None, tried_before: datetime
) -> Any:
    stmt = (
        select(Article.outlet_id, Article.id)
        .join(Outlet, Outlet.id == Article.outlet_id)
        .where(
            Outlet.slug.in_(outlets),
            Article.next_revisit_at.is_not(None),
            Article.gone_at.is_(None),
            Article.url.is_not(None),
            Article.current_version_id.is_not(None),
            (Article.lease_until.is_(None))
            | ((Article.lease_until < now) & (Article.lease_until < tried_before)),
        )
    )
    if due_by is not None:
        stmt = stmt.where(Article.next_revisit_at <= due_by)
    return stmt


def _spread(due: Any, limit: int, outlets: int) -> Select[Any]:
    """Ids from ``due`` (outlet_id, id rows), at most an even share of ``limit`` per outlet:
    a batch then mixes outlets, so per-host delays overlap instead of queueing."""
    share = max(1, -(-limit // max(1, outlets)))
    ranked = due.add_columns(
        func.row_number().over(partition_by=Article.outlet_id, order_by=Article.id).label("rk")
    ).subquery()
    return select(ranked.c.id).where(ranked.c.rk <= share)


def outlets_with_work(kind: str, **kwargs: Any) -> Select[Any]:
    """Ids of the outlets with feeds due (``feeds``), articles to fetch (``articles``) or
    revisits due (``revisits``); kwargs as the matching claim function takes them."""
    queries_by_kind: dict[str, Callable[..., Any]] = {
        "feeds": _feeds_due,
        "articles": _articles_due,
        "revisits": _revisits_due,
    }
    sub = queries_by_kind[kind](**kwargs).subquery()
    return select(sub.c.outlet_id).distinct()


def claim_feeds(
    session: Session,
    *,
    outlets: Sequence[str],
    now: datetime,
    fetched_before: datetime,
    owner: str,
    lease: timedelta,
    limit: int,
    held: Sequence[int],
) -> list[FeedTask]:
    """Lease up to ``limit`` due feeds of the outlets this run holds (``held``): not fetched
    since ``fetched_before``, not backing off, not leased by another run."""
    due = _feeds_due(outlets, now, fetched_before).where(Feed.outlet_id.in_(list(held)))
    wanted = Feed.id.in_(select(due.subquery().c.id))
    ids = _claim(session, Feed, wanted, limit=limit, owner=owner, until=now + lease)
    if not ids:
        return []
    tasks = []
    for feed, slug in session.execute(
        select(Feed, Outlet.slug)
        .join(Outlet, Outlet.id == Feed.outlet_id)
        .where(Feed.id.in_(ids))
        .order_by(Feed.id)
    ):
        tasks.append(
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
        )
    return tasks


def backoff_delay(consecutive_failures: int) -> timedelta:
    """How long a failing feed rests: none for the first two failures, then doubling to 6 h."""
    if consecutive_failures < 3:
        return timedelta(0)
    return timedelta(minutes=min(15 * 2 ** (consecutive_failures - 3), 360))


def record_feed_success(
    session: Session, feed_id: int, result: FetchResult, *, items: int, new_items: int
) -> None:
    now = utcnow()
    values: dict[str, Any] = dict(
        last_fetched_at=now,
        last_success_at=now,
        consecutive_failures=0,
        fetch_count=Feed.fetch_count + 1,
        backoff_until=None,
        lease_owner=None,
        lease_until=None,
        new_items_total=Feed.new_items_total + new_items,
    )
    if result.not_modified:
        values["not_modified_count"] = Feed.not_modified_count + 1
    else:
        values.update(
            etag=result.header("etag"),
            last_modified=result.header("last-modified"),
            body_sha256=result.body_sha256,
            items_last_fetch=items,
        )
    session.execute(update(Feed).where(Feed.id == feed_id).values(**values))


def record_feed_failure(session: Session, feed_id: int, *, reason: str, message: str) -> None:
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
    delay = backoff_delay(feed.consecutive_failures)
    feed.backoff_until = now + delay if delay else None
    feed.lease_owner = None
    feed.lease_until = None


# --- runs and the fetch log --------------------------------------------------------------


def start_run(session: Session, job: str) -> int:
    run = Run(
        job=job,
        started_at=utcnow(),
        status="running",
        counts={},
        failures=0,
        host=socket.gethostname(),
        pid=os.getpid(),
    )
    session.add(run)
    session.flush()
    return run.id


def finish_run(
    session: Session,
    run_id: int,
    *,
    counts: dict[str, int],
    failures: int,
    message: str | None = None,
) -> None:
    status = "ok" if failures == 0 else "partial"
    session.execute(
        update(Run)
        .where(Run.id == run_id)
        .values(
            finished_at=utcnow(), status=status, counts=counts, failures=failures, message=message
        )
    )


def log_fetch(
    session: Session,
    *,
    run_id: int | None,
    url: str,
    ok: bool,
    result: FetchResult | None = None,
    feed_id: int | None = None,
    article_id: int | None = None,
    reason: str | None = None,
    error: str | None = None,
    status: int | None = None,
    pointer: WarcPointer | None = None,
) -> None:
    session.add(
        FetchLog(
            run_id=run_id,
            url=url[:2000],
            ok=ok,
            feed_id=feed_id,
            article_id=article_id,
            fetched_at=result.fetched_at if result else utcnow(),
            status=result.status if result else status,
            not_modified=result.not_modified if result else False,
            reason=reason,
            error=error[:2000] if error else None,
            elapsed_s=result.elapsed_s if result else None,
            bytes=len(result.body) if result else None,
            warc_file=pointer.file if pointer else None,
            warc_record_id=pointer.record_id if pointer else None,
        )
    )


# --- articles ----------------------------------------------------------------------------


def find_article_by_url(session: Session, url: str) -> int | None:
    found: int | None = session.execute(
        select(ArticleURL.article_id).where(ArticleURL.url == url)
    ).scalar_one_or_none()
    return found


def add_article_url(session: Session, url: str, article_id: int) -> None:
    session.execute(
        _insert(session, ArticleURL)
        .values(url=url, article_id=article_id)
        .on_conflict_do_nothing(index_elements=["url"])
    )


def upsert_entry_article(
    session: Session,
    *,
    outlet_id: int,
    feed_id: int,
    url_key: str,
    entry: Entry,
    language: str | None,
    section: str | None,
) -> tuple[int, bool]:
    """The article for a feed entry, created as ``pending`` when new. Returns (id, created)."""
    existing = find_article_by_url(session, url_key)
    if existing is not None:
        session.execute(
            update(Article)
            .where(Article.id == existing)
            .values(
                last_seen_at=utcnow(),
                # a feed with a section fills a gap, whichever feed was read first
                section=func.coalesce(Article.section, entry.section or section),
            )
        )
        return existing, False
    now = utcnow()
    stmt = (
        _insert(session, Article)
        .values(
            outlet_id=outlet_id,
            url_key=url_key,
            url=strip_tracking(entry.url),
            feed_id=feed_id,
            status="pending",
            first_seen_at=now,
            last_seen_at=now,
            title=entry.title or "",
            feed_title=entry.title or None,
            feed_summary=entry.summary or None,
            published_at=entry.published,
            modified_at=entry.updated,
            language=entry.language or language,
            section=entry.section or section,
            authors=list(entry.authors),
            word_count=0,
            summary_only=False,
            version_count=0,
            fetch_attempts=0,
            clustered=False,
        )
        .on_conflict_do_nothing(index_elements=["url_key"])
        .returning(Article.id)
    )
    created = session.execute(stmt).scalar_one_or_none() is not None
    article_id: int = session.execute(
        select(Article.id).where(Article.url_key == url_key)
    ).scalar_one()
    add_article_url(session, url_key, article_id)
    return article_id, created


@dataclass(frozen=True)
class ArticleTask:
    article_id: int
    url: str
    outlet: str
    entry: Entry
    attempts: int
    validators: Validators


def claim_articles(
    session: Session,
    *,
    outlets: Sequence[str],
    now: datetime,
    tried_before: datetime,
    owner: str,
    lease: timedelta,
    limit: int,
    held: Sequence[int],
) -> list[ArticleTask]:
    """Lease up to ``limit`` articles to fetch from the outlets this run holds: pending ones,
    and failed ones with attempts left whose last try was before ``tried_before`` (so a run
    does not retry its own failures)."""
    due = _articles_due(outlets, now, tried_before).where(Article.outlet_id.in_(list(held)))
    wanted = Article.id.in_(_spread(due, limit, len(held)))
    ids = _claim(session, Article, wanted, limit=limit, owner=owner, until=now + lease)
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


def content_hash(title: str, text: str) -> str:
    normalised = " ".join(title.split()) + "\n" + " ".join(text.split())
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


def resolve_canonical(
    session: Session, article_id: int, canonical: str, display_url: str | None = None
) -> int:
    """Attach ``canonical`` (a comparison key) to the article, merging a pending duplicate into
    an existing one; ``display_url`` (the URL as the page declares it) becomes the article's url.

    Returns the id of the article that should receive the version: the existing article when
    another one already owns that canonical URL (the duplicate is removed if it has no
    versions), else ``article_id``.
    """
    owner = find_article_by_url(session, canonical)
    if owner is None:
        add_article_url(session, canonical, article_id)
        session.execute(
            update(Article).where(Article.id == article_id).values(url=display_url or canonical)
        )
        return article_id
    if owner == article_id:
        return article_id
    duplicate = session.get(Article, article_id)
    if duplicate is not None and duplicate.version_count == 0:
        session.execute(
            update(ArticleURL).where(ArticleURL.article_id == article_id).values(article_id=owner)
        )
        session.execute(
            update(FetchLog).where(FetchLog.article_id == article_id).values(article_id=owner)
        )
        session.execute(delete(Article).where(Article.id == article_id))
    return owner


def best_published(page: datetime | None, feed: datetime | None) -> datetime | None:
    """The page's publication time, unless it is a bare date (midnight) that the feed's own
    time refines: mid.ru pages, for one, print only the day."""
    if page is None:
        return feed
    if feed is None:
        return page
    bare_date = (page.hour, page.minute, page.second, page.microsecond) == (0, 0, 0, 0)
    if bare_date and abs(feed - page) <= timedelta(hours=27):
        return feed
    return page


def store_version(
    session: Session,
    article_id: int,
    extraction: Extraction,
    *,
    captured_at: datetime,
    result: FetchResult | None,
    pointer: WarcPointer | None,
    source: str = "fetch",
    change_key: str | None = None,
) -> bool:
    """Store one extraction as a version unless identical text is stored. True when new."""
    digest = content_hash(extraction.title, extraction.text)
    article = session.get(Article, article_id)
    if article is None:
        return False
    version_no = (
        session.execute(
            select(func.count())
            .select_from(ArticleVersion)
            .where(ArticleVersion.article_id == article_id)
        ).scalar_one()
    ) + 1
    published = best_published(extraction.published, article.published_at)
    stmt = (
        _insert(session, ArticleVersion)
        .values(
            article_id=article_id,
            version_no=version_no,
            captured_at=captured_at,
            title=extraction.title,
            text=extraction.text,
            lede=extraction.lede,
            authors=list(extraction.authors),
            published_at=published,
            modified_at=extraction.modified,
            language=extraction.language,
            section=extraction.section,
            canonical_url=extraction.canonical_url,
            word_count=extraction.word_count,
            content_sha256=digest,
            method=extraction.method,
            summary_only=extraction.summary_only,
            reason=extraction.reason,
            extractor_version=extraction.extractor_version,
            http_status=result.status if result else None,
            final_url=result.final_url if result else None,
            warc_file=pointer.file if pointer else None,
            warc_record_id=pointer.record_id if pointer else None,
            source=source,
            change_key=change_key,
        )
        .on_conflict_do_nothing(index_elements=["article_id", "content_sha256"])
        .returning(ArticleVersion.id)
    )
    created = session.execute(stmt).scalar_one_or_none() is not None
    values: dict[str, Any] = dict(
        status="summary_only" if extraction.summary_only else "extracted",
        last_seen_at=utcnow(),
        last_error=None,
        last_error_reason=None,
        lease_owner=None,
        lease_until=None,
    )
    if created:
        version_id = session.execute(
            select(ArticleVersion.id).where(
                ArticleVersion.article_id == article_id, ArticleVersion.content_sha256 == digest
            )
        ).scalar_one()
        values.update(
            title=extraction.title or article.title,
            published_at=published,
            modified_at=extraction.modified or article.modified_at,
            language=extraction.language or article.language,
            section=extraction.section or article.section,
            authors=list(extraction.authors) or article.authors,
            word_count=extraction.word_count,
            summary_only=extraction.summary_only,
            current_version_id=version_id,
            version_count=version_no,
        )
    if result is not None and not result.not_modified:
        values.update(
            etag=result.header("etag"),
            last_modified=result.header("last-modified"),
            body_sha256=result.body_sha256,
        )
    session.execute(update(Article).where(Article.id == article_id).values(**values))
    return created


def record_article_failure(session: Session, article_id: int, *, reason: str, message: str) -> None:
    session.execute(
        update(Article)
        .where(Article.id == article_id)
        .values(
            status="failed",
            fetch_attempts=Article.fetch_attempts + 1,
            last_error=message[:2000],
            last_error_reason=reason,
            # the lease becomes the time of this try: retried by a later run, not this one
            lease_owner=None,
            lease_until=utcnow(),
        )
    )


# --- import ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportRow:
    external_id: str
    outlet: str
    title: str
    text: str
    published: datetime | None
    url: str | None
    language: str | None


def import_article(session: Session, row: ImportRow, extraction: Extraction) -> bool:
    """Insert one imported article with its version; False when it was already there."""
    outlet_id = get_or_create_outlet(session, row.outlet)
    url_key = row.url or f"import:{row.outlet}:{row.external_id}"
    existing = session.execute(
        select(Article.id).where(
            Article.outlet_id == outlet_id, Article.external_id == row.external_id
        )
    ).scalar_one_or_none()
    if existing is None and find_article_by_url(session, url_key) is not None:
        return False
    if existing is not None:
        return store_version(
            session,
            existing,
            extraction,
            captured_at=utcnow(),
            result=None,
            pointer=None,
            source="import",
        )
    now = utcnow()
    stmt = (
        _insert(session, Article)
        .values(
            outlet_id=outlet_id,
            url_key=url_key,
            url=row.url,
            external_id=row.external_id,
            status="pending",
            first_seen_at=now,
            last_seen_at=now,
            title=row.title,
            published_at=row.published,
            language=row.language,
            authors=[],
            word_count=0,
            summary_only=False,
            version_count=0,
            fetch_attempts=0,
            clustered=False,
        )
        .on_conflict_do_nothing()
        .returning(Article.id)
    )
    if session.execute(stmt).scalar_one_or_none() is None:
        return False
    article_id: int = session.execute(
        select(Article.id).where(Article.url_key == url_key)
    ).scalar_one()
    add_article_url(session, url_key, article_id)
    store_version(
        session, article_id, extraction, captured_at=now, result=None, pointer=None, source="import"
    )
    return True


# --- reading for exports and status ------------------------------------------------------


def iter_article_rows(
    session: Session,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    outlets: Sequence[str] = (),
    batch: int = 1000,
    event_keys: Sequence[str] = (),
) -> Iterator[dict[str, Any]]:
    """Articles joined with outlet, current version and event, streamed in id order."""
    last_id = 0
    while True:
        stmt = (
            select(Article, Outlet.slug, ArticleVersion, Event.key)
            .join(Outlet, Outlet.id == Article.outlet_id)
            .outerjoin(ArticleVersion, ArticleVersion.id == Article.current_version_id)
            .outerjoin(EventArticle, EventArticle.article_id == Article.id)
            .outerjoin(Event, Event.id == EventArticle.event_id)
            .where(Article.id > last_id)
            .order_by(Article.id)
            .limit(batch)
        )
        if since is not None:
            stmt = stmt.where(Article.published_at >= since)
        if until is not None:
            stmt = stmt.where(Article.published_at < until)
        if event_keys:
            stmt = stmt.where(Event.key.in_(list(event_keys)))
        if outlets:
            stmt = stmt.where(Outlet.slug.in_(outlets))
        rows = session.execute(stmt).all()
        if not rows:
            return
        for article, slug, version, event_key in rows:
            yield {"article": article, "outlet": slug, "version": version, "event": event_key}
        last_id = rows[-1][0].id
        session.expunge_all()


# --- events ------------------------------------------------------------------------------

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
            _insert(session, Event)
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
                _insert(session, EventArticle)
                .values(article_id=article_id, event_id=ids[key], score=score, assigned_at=now)
                .on_conflict_do_nothing(index_elements=["article_id"])
            )
    if assignments:
        session.execute(
            update(Article).where(Article.id.in_(list(assignments))).values(clustered=True)
        )
    return changed, touched


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


def clear_memberships(session: Session, article_ids: Sequence[int]) -> None:
    for start in range(0, len(article_ids), 500):
        chunk = list(article_ids[start : start + 500])
        session.execute(delete(EventArticle).where(EventArticle.article_id.in_(chunk)))
        session.execute(update(Article).where(Article.id.in_(chunk)).values(clustered=False))


def iter_event_rows(
    session: Session,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    outlets: Sequence[str] = (),
    min_outlets: int = 0,
    batch: int = 1000,
    event_keys: Sequence[str] = (),
) -> Iterator[Event]:
    """Events in id order, streamed."""
    last_id = 0
    while True:
        stmt = select(Event).where(Event.id > last_id).order_by(Event.id).limit(batch)
        if since is not None:
            stmt = stmt.where(Event.last_published_at >= since)
        if until is not None:
            stmt = stmt.where(Event.first_published_at < until)
        if event_keys:
            stmt = stmt.where(Event.key.in_(list(event_keys)))
        if min_outlets:
            stmt = stmt.where(Event.outlet_count >= min_outlets)
        rows = session.scalars(stmt).all()
        if not rows:
            return
        for event in rows:
            if outlets and not set(outlets) & set(event.outlets or ()):
                continue
            yield event
        last_id = rows[-1].id
        session.expunge_all()


@dataclass(frozen=True)
class EventStats:
    count: int
    outlets: tuple[str, ...]
    first: datetime | None
    last: datetime | None
    first_title: str


def event_stats(session: Session, keys: Sequence[str]) -> dict[str, EventStats]:
    """Size, outlets, time span and earliest headline of each event, from its members."""
    out: dict[str, EventStats] = {}
    when = func.coalesce(Article.published_at, Article.first_seen_at)
    for start in range(0, len(keys), 500):
        chunk = list(keys[start : start + 500])
        rows = session.execute(
            select(Event.key, Outlet.slug, when, Article.title, Article.id)
            .join(EventArticle, EventArticle.event_id == Event.id)
            .join(Article, Article.id == EventArticle.article_id)
            .join(Outlet, Outlet.id == Article.outlet_id)
            .where(Event.key.in_(chunk))
            .order_by(Event.key, when, Article.id)
        ).all()
        grouped: dict[str, list[tuple[str, datetime | None, str]]] = {}
        for key, slug, moment, title, _ in rows:
            grouped.setdefault(key, []).append((slug, moment, title))
        for key, members in grouped.items():
            times = [m for _, m, _ in members if m is not None]
            out[key] = EventStats(
                count=len(members),
                outlets=tuple(sorted({slug for slug, _, _ in members})),
                first=min(times) if times else None,
                last=max(times) if times else None,
                first_title=members[0][2] or "",
            )
    return out


def count_events(session: Session) -> int:
    return int(session.execute(select(func.count()).select_from(Event)).scalar_one())


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


# --- comparison inputs -------------------------------------------------------------------


def iter_events_with_articles(
    session: Session,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    outlets: Sequence[str] = (),
    min_outlets: int = 0,
    event_keys: Sequence[str] = (),
    batch: int = 200,
) -> Iterator[tuple[Event, list[CompareArticle]]]:
    """Events (id order, streamed in batches) with their articles' current versions."""
    last_id = 0
    while True:
        stmt = select(Event).where(Event.id > last_id).order_by(Event.id).limit(batch)
        if since is not None:
            stmt = stmt.where(Event.last_published_at >= since)
        if until is not None:
            stmt = stmt.where(Event.first_published_at < until)
        if min_outlets:
            stmt = stmt.where(Event.outlet_count >= min_outlets)
        if event_keys:
            stmt = stmt.where(Event.key.in_(list(event_keys)))
        events = session.scalars(stmt).all()
        if not events:
            return
        ids = [e.id for e in events]
        rows = session.execute(
            select(EventArticle.event_id, Article, Outlet.slug, ArticleVersion)
            .join(Article, Article.id == EventArticle.article_id)
            .join(Outlet, Outlet.id == Article.outlet_id)
            .outerjoin(ArticleVersion, ArticleVersion.id == Article.current_version_id)
            .where(EventArticle.event_id.in_(ids))
            .order_by(EventArticle.event_id, Article.published_at, Article.id)
        ).all()
        grouped: dict[int, list[CompareArticle]] = {}
        for event_id, article, slug, version in rows:
            grouped.setdefault(event_id, []).append(
                CompareArticle(
                    article_id=article.id,
                    outlet=slug,
                    url=article.url,
                    title=article.title,
                    lede=version.lede if version else "",
                    text=version.text if version else (article.feed_summary or ""),
                    published=article.published_at or article.first_seen_at,
                    modified=article.modified_at,
                    section=article.section,
                    authors=tuple(article.authors or ()),
                    word_count=article.word_count,
                    summary_only=article.summary_only or version is None,
                    version_count=article.version_count,
                    language=article.language,
                )
            )
        for event in events:
            if outlets and not set(outlets) & set(event.outlets or ()):
                continue
            yield event, grouped.get(event.id, [])
        last_id = events[-1].id
        session.expunge_all()


def iter_corpus_texts(session: Session, *, limit: int = 20000) -> Iterator[str]:
    """Titles and texts of the newest current versions: the background corpus of the term prior."""
    stmt = (
        select(ArticleVersion.title, ArticleVersion.text)
        .join(Article, Article.current_version_id == ArticleVersion.id)
        .order_by(Article.id.desc())
        .limit(limit)
        .execution_options(yield_per=500)
    )
    for title, text_ in session.execute(stmt):
        yield f"{title}\n{text_}"


# --- revisits ----------------------------------------------------------------------------


@dataclass(frozen=True)
class RevisitTask:
    article_id: int
    url: str
    outlet: str
    first_seen: datetime
    revisits_done: int
    validators: Validators
    current: VersionText | None
    current_change_key: str | None
    current_summary_only: bool


def claim_revisits(
    session: Session,
    *,
    outlets: Sequence[str],
    now: datetime,
    due_by: datetime | None,
    tried_before: datetime,
    owner: str,
    lease: timedelta,
    limit: int,
    held: Sequence[int],
) -> list[RevisitTask]:
    """Lease up to ``limit`` stored articles of held outlets whose next revisit is due by
    ``due_by`` (None: every scheduled one, as a replay does)."""
    due = _revisits_due(outlets, now, due_by, tried_before).where(Article.outlet_id.in_(list(held)))
    wanted = Article.id.in_(select(due.subquery().c.id))
    ids = _claim(session, Article, wanted, limit=limit, owner=owner, until=now + lease)
    if not ids:
        return []
    stmt = (
        select(Article, Outlet.slug, ArticleVersion)
        .join(Outlet, Outlet.id == Article.outlet_id)
        .join(ArticleVersion, ArticleVersion.id == Article.current_version_id)
        .where(Article.id.in_(ids))
        .order_by(Article.next_revisit_at, Article.id)
    )
    tasks = []
    for article, slug, version in session.execute(stmt):
        tasks.append(
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
        )
    return tasks


def schedule_revisit(
    session: Session, article_id: int, *, done: int, next_at: datetime | None
) -> None:
    session.execute(
        update(Article)
        .where(Article.id == article_id)
        .values(revisits_done=done, next_revisit_at=next_at, lease_owner=None, lease_until=None)
    )


def schedule_first_revisit(session: Session, article_id: int, next_at: datetime | None) -> None:
    """Start the revisit schedule of an article that has just got its first version."""
    session.execute(
        update(Article)
        .where(Article.id == article_id, Article.version_count == 1, Article.revisits_done == 0)
        .values(next_revisit_at=next_at)
    )


def record_history(
    session: Session,
    article_id: int,
    *,
    kind: str,
    at: datetime,
    detail: str | None = None,
    http_status: int | None = None,
    from_version: int | None = None,
    to_version: int | None = None,
) -> None:
    session.add(
        ArticleHistory(
            article_id=article_id,
            at=at,
            kind=kind,
            detail=detail,
            http_status=http_status,
            from_version=from_version,
            to_version=to_version,
        )
    )


def release_revisit(session: Session, article_id: int) -> None:
    """A revisit failed for a passing reason: keep its place, retry it in a later run."""
    session.execute(
        update(Article)
        .where(Article.id == article_id)
        .values(lease_owner=None, lease_until=utcnow())
    )


def update_validators(session: Session, article_id: int, result: FetchResult) -> None:
    """Remember the validators and body hash of the latest fetch of an article."""
    session.execute(
        update(Article)
        .where(Article.id == article_id)
        .values(
            etag=result.header("etag"),
            last_modified=result.header("last-modified"),
            body_sha256=result.body_sha256,
        )
    )


def mark_gone(session: Session, article_id: int, at: datetime) -> None:
    session.execute(
        update(Article).where(Article.id == article_id).values(gone_at=at, next_revisit_at=None)
    )


def iter_versions(
    session: Session,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    outlets: Sequence[str] = (),
    event_keys: Sequence[str] = (),
    batch: int = 500,
) -> Iterator[tuple[Article, str, str | None, list[VersionText]]]:
    """Articles with two or more versions (or a history), with all their versions in order."""
    last_id = 0
    while True:
        stmt = (
            select(Article, Outlet.slug, Event.key)
            .join(Outlet, Outlet.id == Article.outlet_id)
            .outerjoin(EventArticle, EventArticle.article_id == Article.id)
            .outerjoin(Event, Event.id == EventArticle.event_id)
            .where(Article.id > last_id)
            .where((Article.version_count > 1) | (Article.gone_at.is_not(None)))
            .order_by(Article.id)
            .limit(batch)
        )
        if since is not None:
            stmt = stmt.where(Article.published_at >= since)
        if until is not None:
            stmt = stmt.where(Article.published_at < until)
        if outlets:
            stmt = stmt.where(Outlet.slug.in_(outlets))
        if event_keys:
            stmt = stmt.where(Event.key.in_(list(event_keys)))
        rows = session.execute(stmt).all()
        if not rows:
            return
        versions = versions_of(session, [row[0].id for row in rows])
        for article, slug, key in rows:
            yield article, slug, key, versions.get(article.id, [])
        last_id = rows[-1][0].id
        session.expunge_all()


def versions_of(session: Session, article_ids: Sequence[int]) -> dict[int, list[VersionText]]:
    """Every stored version of these articles, oldest first."""
    out: dict[int, list[VersionText]] = {}
    for start in range(0, len(article_ids), 500):
        chunk = list(article_ids[start : start + 500])
        for aid, no, at, title, text_ in session.execute(
            select(
                ArticleVersion.article_id,
                ArticleVersion.version_no,
                ArticleVersion.captured_at,
                ArticleVersion.title,
                ArticleVersion.text,
            )
            .where(ArticleVersion.article_id.in_(chunk))
            .order_by(ArticleVersion.article_id, ArticleVersion.version_no)
        ):
            out.setdefault(aid, []).append(VersionText(no, at, title, text_))
    return out


def history_of(session: Session, article_ids: Sequence[int]) -> dict[int, list[ArticleHistory]]:
    out: dict[int, list[ArticleHistory]] = {}
    for start in range(0, len(article_ids), 500):
        chunk = list(article_ids[start : start + 500])
        for item in session.scalars(
            select(ArticleHistory)
            .where(ArticleHistory.article_id.in_(chunk))
            .order_by(ArticleHistory.article_id, ArticleHistory.at, ArticleHistory.id)
        ):
            out.setdefault(item.article_id, []).append(item)
    return out


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
    for model in (Outlet, Feed, Article):
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
