"""Articles, their URLs and versions: feed entries and extractions -> article,
alias and version rows, written idempotently. Touches articles, article_urls, article_versions
(and fetch_log rows of a merged duplicate), and through ``store.translations`` the links between
an article and its versions in other languages."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import case, delete, func, literal, select, update
from sqlalchemy.orm import Session

from aggregator.records import Entry, Extraction, FetchResult, WarcPointer, utcnow
from aggregator.store.models import Article, ArticleURL, ArticleVersion, FetchLog
from aggregator.store.session import dialect_insert
from aggregator.store.translations import link_translations
from aggregator.urls import strip_tracking


def find_article_by_url(session: Session, url: str) -> int | None:
    found: int | None = session.execute(
        select(ArticleURL.article_id).where(ArticleURL.url == url)
    ).scalar_one_or_none()
    return found


def add_article_url(session: Session, url: str, article_id: int) -> None:
    session.execute(
        dialect_insert(session, ArticleURL)
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
    seen_at: datetime | None = None,
) -> tuple[int, bool]:
    """The article for a feed entry, created as ``pending`` when new, first seen at ``seen_at``
    (when the feed was captured: the archive's time in a replay; default now). Returns (id,
    created)."""
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
        dialect_insert(session, Article)
        .values(
            outlet_id=outlet_id,
            url_key=url_key,
            url=strip_tracking(entry.url),
            feed_id=feed_id,
            status="pending",
            first_seen_at=min(seen_at, now) if seen_at else now,
            last_seen_at=now,
            title=entry.title or "",
            feed_title=entry.title or None,
            feed_summary=entry.summary or None,
            published_at=entry.published,
            published_source="feed" if entry.published else None,
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


def published_with_source(
    extraction: Extraction, earlier: datetime | None, earlier_source: str | None
) -> tuple[datetime | None, str | None]:
    """``best_published`` of the extraction's time and the article's ``earlier`` one, with
    where it came from: the extraction's source (``page-date`` for a page's bare date), else
    the earlier time's."""
    chosen = best_published(extraction.published, earlier)
    if chosen is None or chosen is not extraction.published:
        return chosen, earlier_source if chosen is not None else None
    source = extraction.published_source or "page"
    if source == "page" and (chosen.hour, chosen.minute, chosen.second) == (0, 0, 0):
        source = "page-date"
    return chosen, source


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
    extractor_change: str | None = None,
) -> bool:
    """Store one extraction as the article's next version unless its text is the current
    version's or it was captured no later than the current version. True when new. A text the
    article had before and lost (A -> B -> A) is a new version: versions are numbered per
    article, not keyed by their text. The page's translation keys are recorded and the article
    linked to its stored versions in other languages either way (``link_translations``).

    ``extractor_change``: ``reextracted`` for the current version's own capture read again by
    a newer extractor (so captured when the current version was), ``unverified`` for a newer
    extractor's text whose previous capture could not be read again (``pipeline.revisit``)."""
    digest = extraction.content_sha256
    article = session.get(Article, article_id)
    if article is None:
        return False
    current = session.execute(
        select(ArticleVersion.content_sha256, ArticleVersion.captured_at).where(
            ArticleVersion.id == article.current_version_id
        )
    ).one_or_none()
    # the current text again, or a capture no later than the current one (a replay run again
    # serves its earlier captures): not a new version
    reread = extractor_change == "reextracted"
    stale = current is not None and (
        current[0] == digest or (captured_at < current[1] if reread else captured_at <= current[1])
    )
    last = session.execute(
        select(func.max(ArticleVersion.version_no)).where(ArticleVersion.article_id == article_id)
    ).scalar_one()
    version_no = (last or 0) + 1
    published, source_of_time = published_with_source(
        extraction, article.published_at, article.published_source
    )
    stmt = (
        dialect_insert(session, ArticleVersion)
        .values(
            article_id=article_id,
            version_no=version_no,
            captured_at=captured_at,
            title=extraction.title,
            text=extraction.text,
            lede=extraction.lede,
            authors=list(extraction.authors),
            published_at=published,
            published_source=source_of_time,
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
            warc_offset=pointer.offset if pointer else None,
            source=source,
            change_key=change_key,
            extractor_change=extractor_change,
        )
        .on_conflict_do_nothing(index_elements=["article_id", "version_no"])
        .returning(ArticleVersion.id)
    )
    # a concurrent writer that took this number first wins; this text is then not stored
    version_id = None if stale else session.execute(stmt).scalar_one_or_none()
    created = version_id is not None
    update_article = (
        update(Article)
        .where(Article.id == article_id)
        .values(
            status="summary_only" if extraction.summary_only else "extracted",
            last_seen_at=utcnow(),
            last_error=None,
            last_error_reason=None,
            lease_owner=None,
            lease_until=None,
        )
    )
    if created:
        # a replay stores pages captured before the feed capture that listed them: first seen
        # is the earliest capture, never after a version's
        captured = literal(captured_at, type_=Article.first_seen_at.type)
        first_seen = case((Article.first_seen_at > captured, captured), else_=Article.first_seen_at)
        update_article = update_article.values(
            first_seen_at=first_seen,
            title=extraction.title or article.title,
            published_at=published,
            published_source=source_of_time,
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
        update_article = update_article.values(
            etag=result.header("etag"),
            last_modified=result.header("last-modified"),
            body_sha256=result.body_sha256,
        )
    session.execute(update_article)
    link_translations(session, article_id, extraction.document_key, extraction.translation_urls)
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
