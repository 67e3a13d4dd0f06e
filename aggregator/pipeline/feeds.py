"""The feed phase of ingest: a leased feed -> its fetched and parsed entries (sitemap indexes
followed to their newest children) -> pending articles and the feed's health, with the backoff
policy for failing feeds. Touches the network (through the fetcher), the archive and the store."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

from aggregator.errors import FeedParseError, FetchError
from aggregator.parse.feeds import parse_feed
from aggregator.pipeline.capture import Capture, FetcherLike
from aggregator.pipeline.extraction import INTERNAL, internal_error
from aggregator.records import Entry, FetchResult, ParsedFeed, utcnow
from aggregator.store.articles import upsert_entry_article
from aggregator.store.feeds import record_feed_failure, record_feed_success
from aggregator.tasks import FeedTask
from aggregator.urls import canonical_url

log = logging.getLogger(__name__)

MAX_CHILD_SITEMAPS = 3


@dataclass(frozen=True)
class FeedOutcome:
    task: FeedTask
    result: FetchResult | None
    parsed: ParsedFeed | None
    reason: str | None = None
    error: str | None = None
    children: tuple[FetchResult, ...] = ()


def backoff_delay(consecutive_failures: int) -> timedelta:
    """How long a failing feed rests: none for the first two failures, then doubling to 6 h."""
    if consecutive_failures < 3:
        return timedelta(0)
    return timedelta(minutes=min(15 * 2 ** (consecutive_failures - 3), 360))


def fetch_feed(fetcher: FetcherLike, task: FeedTask, allow_private: bool) -> FeedOutcome:
    """Fetch one feed (conditionally) and parse it; a failure becomes the outcome's reason."""
    try:
        result = fetcher.fetch(task.url, validators=task.validators, allow_private=allow_private)
    except FetchError as exc:
        return FeedOutcome(task, None, None, exc.reason, exc.detail)
    if result.not_modified:
        return FeedOutcome(task, result, None)
    try:
        parsed = parse_feed(
            result.body, url=result.final_url, headers=dict(result.headers), kind=task.kind
        )
    except FeedParseError as exc:
        return FeedOutcome(task, result, None, exc.reason, exc.detail)
    except Exception as exc:  # a parser bug must cost one feed, not the whole run
        log.exception("parsing feed %s failed unexpectedly", task.url)
        return FeedOutcome(task, result, None, INTERNAL, internal_error(exc))
    if parsed.kind == "sitemap-index":
        return _read_sitemap_children(fetcher, task, result, parsed, allow_private)
    return FeedOutcome(task, result, parsed)


def _read_sitemap_children(
    fetcher: FetcherLike,
    task: FeedTask,
    result: FetchResult,
    index: ParsedFeed,
    allow_private: bool,
) -> FeedOutcome:
    """A sitemap index: read its newest child sitemaps and pool their entries."""
    newest = sorted(
        index.entries, key=lambda e: (e.updated is not None, e.updated or utcnow()), reverse=True
    )[:MAX_CHILD_SITEMAPS]
    entries: list[Entry] = []
    children: list[FetchResult] = []
    warnings = list(index.warnings)
    for child in newest:
        try:
            child_result = fetcher.fetch(child.url, allow_private=allow_private)
            children.append(child_result)
            parsed = parse_feed(
                child_result.body,
                url=child_result.final_url,
                headers=dict(child_result.headers),
                kind="sitemap",
            )
        except (FetchError, FeedParseError) as exc:
            warnings.append(f"child sitemap {child.url}: {exc.detail}")
            continue
        entries.extend(parsed.entries)
    pooled = ParsedFeed(index.url, "sitemap", index.title, tuple(entries), tuple(warnings))
    return FeedOutcome(task, result, pooled, children=tuple(children))


def store_feed(capture: Capture, outcome: FeedOutcome) -> None:
    """Record one feed fetch: archive, fetch log, the feed's health and its new articles."""
    task = outcome.task
    counts = capture.counts
    counts["feeds"] += 1
    pointer = capture.archive_result(outcome.result, kind="feed", feed=task.url, outlet=task.outlet)
    for child in outcome.children:
        capture.archive_result(child, kind="feed", feed=task.url, outlet=task.outlet)
    with capture.sessions.begin() as session:
        capture.log_outcome(session, task.url, outcome, pointer, feed_id=task.feed_id)
        if outcome.error is not None or outcome.result is None:
            counts["feeds_failed"] += 1
            record_feed_failure(
                session,
                task.feed_id,
                reason=outcome.reason or "error",
                message=outcome.error or "",
                backoff=backoff_delay,
            )
            capture.fail(f"feed {task.url}", outcome.reason, outcome.error)
            return
        if outcome.parsed is None:  # not modified
            counts["feeds_not_modified"] += 1
            record_feed_success(session, task.feed_id, outcome.result, items=0, new_items=0)
            return
        new = 0
        entries = outcome.parsed.entries[: capture.settings.max_articles_per_feed]
        for entry in entries:
            try:
                key = canonical_url(entry.url)
            except ValueError:
                counts["entries_skipped"] += 1
                continue
            _, created = upsert_entry_article(
                session,
                outlet_id=task.outlet_id,
                feed_id=task.feed_id,
                url_key=key,
                entry=entry,
                language=task.language,
                section=task.section,
                seen_at=outcome.result.fetched_at,
            )
            new += created
        counts["entries"] += len(entries)
        counts["articles_new"] += new
        record_feed_success(
            session, task.feed_id, outcome.result, items=len(entries), new_items=new
        )
