"""Rows read out of the store, as frozen records: what exports, the report and `status` read.

``store.reads``, ``store.feeds`` and ``store.runs`` build these from ORM rows inside the store, so
no ORM object (or its lazy loading) leaves ``store/``. Column names follow docs/codebook.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from aggregator.records import CompareArticle, HistoryItem, VersionText


@dataclass(frozen=True)
class Selection:
    """Which stored rows a reader returns: the filters of ``export`` and ``report``.

    Articles are selected by publication time, events by the span of their articles; an event
    is kept when it covers one of ``outlets`` and at least ``min_outlets`` outlets.
    """

    since: datetime | None = None
    until: datetime | None = None
    outlets: tuple[str, ...] = ()
    event_keys: tuple[str, ...] = ()
    min_outlets: int = 0


@dataclass(frozen=True)
class ArticleRow:
    """One article with its outlet, current version and event: a row of the `articles` export."""

    article_id: int
    external_id: str | None
    outlet: str
    url: str | None  # None for an imported article that came without one
    title: str
    published: datetime | None
    modified: datetime | None
    first_seen: datetime
    language: str | None
    section: str | None
    authors: tuple[str, ...]
    word_count: int
    status: str
    summary_only: bool
    event_id: str | None
    translation_of: int | None  # the original's article_id when this is a translation of it
    version_count: int
    content_sha256: str | None
    method: str | None
    extractor_version: str | None
    warc_file: str | None
    warc_record_id: str | None
    lede: str | None
    first_title: str | None = None  # the headline of its first stored version
    published_source: str | None = None  # where ``published`` came from (page, feed, ...)


@dataclass(frozen=True)
class EventRow:
    """One stored event: a row of the `events` export."""

    event_id: str
    label: str
    top_terms: tuple[str, ...]
    first_published: datetime | None
    last_published: datetime | None
    article_count: int
    outlet_count: int
    outlets: tuple[str, ...]


@dataclass(frozen=True)
class EventArticles:
    """One event with its articles' current versions, ready for the compare stage."""

    event_id: str
    label: str
    articles: tuple[CompareArticle, ...]


@dataclass(frozen=True)
class ArticleVersions:
    """An article that changed (two or more versions) or went away, with its whole record."""

    article_id: int
    url: str | None
    outlet: str
    event_id: str | None
    versions: tuple[VersionText, ...]
    history: tuple[HistoryItem, ...]


@dataclass(frozen=True)
class TextRow:
    """One stored version of an article with its text and WARC pointer: a `texts` export row."""

    article_id: int
    external_id: str | None
    outlet: str
    event_id: str | None
    url: str | None
    language: str | None
    published: datetime | None
    version_no: int
    current: bool  # the article's current version
    captured_at: datetime
    title: str
    text: str
    word_count: int
    content_sha256: str
    warc_file: str | None
    warc_offset: int | None
    warc_record_id: str | None
    extractor_change: str | None = None  # "reextracted" / "unverified": not the outlet's edit


@dataclass(frozen=True)
class EventStats:
    """Size, outlets, time span and earliest headline of one event, from its members."""

    count: int
    outlets: tuple[str, ...]
    first: datetime | None
    last: datetime | None
    first_title: str


@dataclass(frozen=True)
class FeedHealth:
    """The stored fetch record of one feed, as the status report reads it."""

    outlet: str
    url: str
    enabled: bool
    removed_at: datetime | None  # when it (or its outlet) left feeds.yaml
    last_fetched_at: datetime | None
    last_success_at: datetime | None
    last_error: str | None
    last_error_reason: str | None
    last_error_at: datetime | None
    consecutive_failures: int
    fetch_count: int
    not_modified_count: int
    items_last_fetch: int
    backoff_until: datetime | None


@dataclass(frozen=True)
class RunRecord:
    """One recorded job run: when, how it ended, and what it counted."""

    job: str
    started_at: datetime
    finished_at: datetime | None
    status: str
    counts: dict[str, int]
    failures: int
    run_id: int = 0
    message: str | None = None
    host: str | None = None  # the machine and process that ran it (to tell a dead run)
    pid: int | None = None


@dataclass(frozen=True)
class ArticleFetch:
    """The latest fetch of one article page in a period (its first fetch or a revisit): whether
    it gave a text, and why not; ``summary_only`` when the article has only its feed summary."""

    outlet: str
    article_id: int
    url: str
    ok: bool
    reason: str | None
    error: str | None
    summary_only: bool = False
