"""Ingest: feeds due -> entries -> articles -> versions, from the network or replayed WARC files.

Network and CPU work (fetch, parse, extract) runs in a thread pool, one task per feed or
article; every database write and every WARC write happens on the calling thread, as each
task completes, so a crash loses at most the items in flight and a rerun picks them up.
"""

from __future__ import annotations

import functools
import itertools
import logging
import multiprocessing
import os
import socket
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import (
    FIRST_COMPLETED,
    Future,
    ProcessPoolExecutor,
    ThreadPoolExecutor,
    wait,
)
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar
from urllib.parse import urljoin, urlsplit

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from aggregator.config import Settings
from aggregator.errors import (
    ConfigError,
    FeedParseError,
    FetchError,
)
from aggregator.fetch.archive import ReplayFetcher, WarcArchive
from aggregator.fetch.client import Fetcher
from aggregator.parse.feeds import parse_feed
from aggregator.pipeline.common import (
    INTERNAL,
    Extracted,
    database,
    extract_or_reason,
    internal_error,
    pid_alive,
)
from aggregator.records import (
    Entry,
    Extraction,
    FetchResult,
    ParsedFeed,
    RunSummary,
    Validators,
    WarcPointer,
)
from aggregator.store import queries
from aggregator.store.models import utcnow
from aggregator.store.session import session_factory
from aggregator.urls import canonical_url, choose_canonical, strip_tracking

if TYPE_CHECKING:
    from aggregator.pipeline.revisit import RevisitOutcome

log = logging.getLogger(__name__)

Progress = Callable[[str, int, int], None]


class FetcherLike(Protocol):
    def fetch(
        self,
        url: str,
        *,
        validators: Validators | None = None,
        allow_private: bool = False,
        accept: str | None = None,
    ) -> FetchResult: ...

    def set_host_policy(self, host: str, *, min_delay_s: float, concurrency: int) -> None: ...


@dataclass(frozen=True)
class FeedOutcome:
    task: queries.FeedTask
    result: FetchResult | None
    parsed: ParsedFeed | None
    reason: str | None = None
    error: str | None = None
    children: tuple[FetchResult, ...] = ()


@dataclass(frozen=True)
class ArticleOutcome:
    task: queries.ArticleTask
    result: FetchResult | None
    extraction: Extraction | None
    reason: str | None = None
    error: str | None = None
    change_key: str | None = None


def _fetch_and_parse_feed(
    fetcher: FetcherLike, task: queries.FeedTask, allow_private: bool
) -> FeedOutcome:
    try:
        result = fetcher.fetch(task.url, validators=task.validators, allow_private=allow_private)
    except FetchError as exc:
        return FeedOutcome(task, None, None, exc.reason, str(exc))
    if result.not_modified:
        return FeedOutcome(task, result, None)
    try:
        parsed = parse_feed(
            result.body, url=result.final_url, headers=dict(result.headers), kind=task.kind
        )
    except FeedParseError as exc:
        return FeedOutcome(task, result, None, exc.reason, str(exc))
    except Exception as exc:  # a parser bug must cost one feed, not the whole run
        log.exception("parsing feed %s failed unexpectedly", task.url)
        return FeedOutcome(task, result, None, INTERNAL, internal_error(task.url, exc))
    if parsed.kind == "sitemap-index":
        return _read_sitemap_children(fetcher, task, result, parsed, allow_private)
    return FeedOutcome(task, result, parsed)


def _read_sitemap_children(
    fetcher: FetcherLike,
    task: queries.FeedTask,
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
            warnings.append(f"child sitemap {child.url}: {exc}")
            continue
        entries.extend(parsed.entries)
    pooled = ParsedFeed(index.url, "sitemap", index.title, tuple(entries), tuple(warnings))
    return FeedOutcome(task, result, pooled, children=tuple(children))


def _fetch_and_extract(
    fetcher: FetcherLike,
    task: queries.ArticleTask,
    *,
    min_words: int,
    allow_private: bool,
    extractor: ExtractorPool | None = None,
) -> ArticleOutcome:
    try:
        result = fetcher.fetch(task.url, allow_private=allow_private)
    except FetchError as exc:
        return ArticleOutcome(task, None, None, exc.reason, str(exc))
    if extractor is not None:
        done = extractor.extract(
            result.body, url=result.final_url, min_words=min_words, entry=task.entry
        )
    else:
        done = extract_or_reason(result.body, result.final_url, min_words, task.entry)
    if isinstance(done, Extracted):
        return ArticleOutcome(task, result, done.extraction, change_key=done.change_key)
    return ArticleOutcome(task, result, None, done[0], done[1])


def _extractor_started(parent: int) -> None:
    """In each extraction process: import the extractor once, and exit when the process that
    started the pool is gone (killed outright, it cannot tell its workers to stop)."""
    import aggregator.parse.extract  # noqa: F401

    def watch() -> None:
        while True:
            time.sleep(1.0)
            if not pid_alive(parent):
                os._exit(0)

    threading.Thread(target=watch, daemon=True, name="parent-watch").start()


class ExtractorPool:
    """Extraction in worker processes, so a large ingest or replay uses every core.

    Fetch threads hand page bytes to the pool and wait for the result; the GIL would otherwise
    hold extraction (pure CPU) to one core. Workers are spawned (not forked from a process
    with threads) and exit by themselves if the run is killed.
    """

    def __init__(self, processes: int) -> None:
        self._pool = ProcessPoolExecutor(
            processes,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_extractor_started,
            initargs=(os.getpid(),),
        )

    def __enter__(self) -> ExtractorPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)

    def extract(
        self, body: bytes, *, url: str, min_words: int, entry: Entry | None
    ) -> Extracted | tuple[str, str]:
        return self._pool.submit(extract_or_reason, body, url, min_words, entry).result()


T = TypeVar("T")


def _bounded(pool: ThreadPoolExecutor, work: Iterable[Callable[[], T]], window: int) -> Iterator[T]:
    """Run ``work`` in ``pool`` with at most ``window`` tasks in flight; yield results as they
    complete. Completed futures are dropped at once, so memory does not grow with the work."""
    pending: set[Future[T]] = set()
    for item in work:
        pending.add(pool.submit(item))
        if len(pending) >= window:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                yield future.result()
    while pending:
        done, pending = wait(pending, return_when=FIRST_COMPLETED)
        for future in done:
            yield future.result()


MIN_TASKS_FOR_PROCESSES = 40
REVISIT_ROUND = 2000


MAX_CHILD_SITEMAPS = 3


def _display_url(final_url: str, declared: str | None, key: str) -> str:
    """The article's URL as its page declares it when that is the chosen canonical, else the
    URL it was fetched from; tracking parameters removed, trailing slash as published."""
    if declared:
        absolute = urljoin(final_url, declared.strip())
        try:
            if canonical_url(absolute) == key:
                return strip_tracking(absolute)
        except ValueError:
            pass
    return strip_tracking(final_url)


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


class Ingest:
    """One ingest run: feeds due -> entries -> articles -> versions, recorded as a run."""

    def __init__(
        self,
        settings: Settings,
        sessions: sessionmaker[Session],
        fetcher: FetcherLike,
        archive: WarcArchive | None,
        *,
        outlets: Sequence[str],
        progress: Progress | None = None,
        feed_interval: timedelta | None = None,
    ) -> None:
        self.settings = settings
        self.sessions = sessions
        self.fetcher = fetcher
        self.archive = archive
        self.outlets = list(outlets)
        self.progress = progress
        self.window = settings.fetch.total_concurrency * 4
        self.started = utcnow()
        # an outlet handed to another run waits out the longest politeness delay first
        self.cool_down = timedelta(
            seconds=max([o.min_delay_s for o in settings.outlets] + [settings.fetch.min_delay_s])
        )
        # host:pid (for taking over the claims of dead processes) and a token for this run
        self.owner = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self.settings_interval: timedelta | None = feed_interval
        self.counts: Counter[str] = Counter()
        self.per_outlet: Counter[str] = Counter()
        self.failures: list[str] = []
        self.run_id: int | None = None
        self.allow_private = {o.slug: o.allow_private for o in settings.outlets}

    def archive_result(self, result: FetchResult | None, **meta: str) -> WarcPointer | None:
        return self._archive(result, **meta)

    def fail(self, what: str, reason: str | None, error: str | None) -> None:
        self._fail(what, reason, error)

    def _archive(self, result: FetchResult | None, **meta: str) -> WarcPointer | None:
        if result is None:
            return None
        if result.warc is not None:
            return result.warc
        if self.archive is None:
            return None
        return self.archive.write(result, metadata=meta)

    def _fail(self, what: str, reason: str | None, error: str | None) -> None:
        self.failures.append(f"{what}: {reason or 'error'}: {error or ''}".strip())
        log.warning("%s failed (%s): %s", what, reason, error)

    def run(self) -> RunSummary:
        with self.sessions.begin() as session:
            queries.sync_config(session, self.settings)
            freed = queries.release_dead_claims(session, socket.gethostname(), pid_alive)
            if freed:
                log.warning("took over %s claims of runs that died on this host", freed)
            self.run_id = queries.start_run(session, "ingest")
        for outlet in self.settings.outlets:
            for feed in outlet.feeds:
                self.fetcher.set_host_policy(
                    _host(feed.url), min_delay_s=outlet.min_delay_s, concurrency=outlet.concurrency
                )
        try:
            with ThreadPoolExecutor(self.settings.fetch.total_concurrency) as pool:
                for phase in (self._feeds, self._articles, self._revisits):
                    try:
                        phase(pool)
                    finally:
                        self._release_outlets()
        except BaseException:
            with self.sessions.begin() as session:
                queries.finish_run(
                    session,
                    self.run_id,
                    counts=dict(self.counts),
                    failures=len(self.failures) + 1,
                    message="crashed",
                )
            raise
        with self.sessions.begin() as session:
            queries.finish_run(
                session,
                self.run_id,
                counts=dict(self.counts),
                failures=len(self.failures),
                message="; ".join(self.failures[:20]) or None,
            )
        counts = dict(self.counts)
        counts.update({f"outlet:{k}": v for k, v in self.per_outlet.items()})
        return RunSummary("ingest", counts, tuple(self.failures))

    def _claimed(self, claim: Callable[[Session], list[T]]) -> Iterator[T]:
        """Work items claimed from the database batch by batch, as the pool asks for more.

        Claims are leases (see ``queries._claim``), so processes sharing one database never
        take the same item; a crashed holder's lease expires and another run takes the item.
        """
        while True:
            with self.sessions.begin() as session:
                batch = claim(session)
            if not batch:
                return
            yield from batch

    def _lease(self) -> timedelta:
        return timedelta(seconds=self.settings.lease_s)

    def _hold(self, session: Session, kind: str, **due: Any) -> list[int]:
        """Outlets with ``kind`` of work that this run holds now (see queries.hold_outlets)."""
        return queries.hold_outlets(
            session,
            having_work=queries.outlets_with_work(kind, **due),
            now=utcnow(),
            owner=self.owner,
            lease=self._lease(),
            limit=self.settings.fetch.total_concurrency,
        )

    def log_outcome(
        self,
        session: Session,
        url: str,
        outcome: FeedOutcome | ArticleOutcome | RevisitOutcome,
        pointer: WarcPointer | None,
        *,
        feed_id: int | None = None,
        article_id: int | None = None,
    ) -> None:
        """One fetch-log row for the outcome of a feed, article or revisit task."""
        queries.log_fetch(
            session,
            run_id=self.run_id,
            url=url,
            ok=outcome.error is None,
            result=outcome.result,
            feed_id=feed_id,
            article_id=article_id,
            reason=outcome.reason,
            error=outcome.error,
            pointer=pointer,
        )

    def _release_outlets(self) -> None:
        with self.sessions.begin() as session:
            queries.release_outlets(session, self.owner, cool_down=self.cool_down)

    def _feeds(self, pool: ThreadPoolExecutor) -> None:
        fetched_before = self.started
        if self.settings_interval is not None:
            fetched_before = min(self.started, utcnow() - self.settings_interval)

        def claim(session: Session) -> list[queries.FeedTask]:
            now = utcnow()
            held = self._hold(
                session, "feeds", outlets=self.outlets, now=now, fetched_before=fetched_before
            )
            return queries.claim_feeds(
                session,
                outlets=self.outlets,
                now=now,
                fetched_before=fetched_before,
                owner=self.owner,
                lease=self._lease(),
                limit=self.window,
                held=held,
            )

        work = (
            functools.partial(
                _fetch_and_parse_feed, self.fetcher, t, self.allow_private.get(t.outlet, False)
            )
            for t in self._claimed(claim)
        )
        for done, outcome in enumerate(_bounded(pool, work, self.window), 1):
            self._store_feed(outcome)
            if self.progress:
                self.progress("feeds", done, 0)

    def _store_feed(self, outcome: FeedOutcome) -> None:
        task = outcome.task
        self.counts["feeds"] += 1
        pointer = self._archive(outcome.result, kind="feed", feed=task.url, outlet=task.outlet)
        for child in outcome.children:
            self._archive(child, kind="feed", feed=task.url, outlet=task.outlet)
        with self.sessions.begin() as session:
            self.log_outcome(session, task.url, outcome, pointer, feed_id=task.feed_id)
            if outcome.error is not None or outcome.result is None:
                self.counts["feeds_failed"] += 1
                queries.record_feed_failure(
                    session,
                    task.feed_id,
                    reason=outcome.reason or "error",
                    message=outcome.error or "",
                )
                self._fail(f"feed {task.url}", outcome.reason, outcome.error)
                return
            if outcome.parsed is None:  # not modified
                self.counts["feeds_not_modified"] += 1
                queries.record_feed_success(
                    session, task.feed_id, outcome.result, items=0, new_items=0
                )
                return
            new = 0
            entries = outcome.parsed.entries[: self.settings.max_articles_per_feed]
            for entry in entries:
                try:
                    key = canonical_url(entry.url)
                except ValueError:
                    self.counts["entries_skipped"] += 1
                    continue
                _, created = queries.upsert_entry_article(
                    session,
                    outlet_id=task.outlet_id,
                    feed_id=task.feed_id,
                    url_key=key,
                    entry=entry,
                    language=task.language,
                    section=task.section,
                )
                new += created
            self.counts["entries"] += len(entries)
            self.counts["articles_new"] += new
            queries.record_feed_success(
                session, task.feed_id, outcome.result, items=len(entries), new_items=new
            )

    def _articles(self, pool: ThreadPoolExecutor) -> None:
        def claim(session: Session) -> list[queries.ArticleTask]:
            now = utcnow()
            held = self._hold(
                session, "articles", outlets=self.outlets, now=now, tried_before=self.started
            )
            return queries.claim_articles(
                session,
                outlets=self.outlets,
                now=now,
                tried_before=self.started,
                owner=self.owner,
                lease=self._lease(),
                limit=self.window,
                held=held,
            )

        tasks = self._claimed(claim)
        first = list(itertools.islice(tasks, self.window))
        with ExitStack() as stack:
            extractor: ExtractorPool | None = None
            processes = self.settings.extract_processes or (os.cpu_count() or 1)
            if processes > 1 and len(first) >= min(self.window, MIN_TASKS_FOR_PROCESSES):
                extractor = stack.enter_context(ExtractorPool(processes))
            work = (
                functools.partial(
                    _fetch_and_extract,
                    self.fetcher,
                    t,
                    min_words=self.settings.min_words,
                    allow_private=self.allow_private.get(t.outlet, False),
                    extractor=extractor,
                )
                for t in itertools.chain(first, tasks)
            )
            for done, outcome in enumerate(_bounded(pool, work, self.window), 1):
                self._store_article(outcome)
                if self.progress:
                    self.progress("articles", done, 0)

    def _revisits(self, pool: ThreadPoolExecutor) -> None:
        """Due revisits; a replay revisits every article with an unserved later capture."""
        from aggregator.pipeline.revisit import revisit_page, store_revisit

        fetcher = self.fetcher
        replay = isinstance(fetcher, ReplayFetcher)

        def claim(session: Session) -> list[queries.RevisitTask]:
            # a replay skips articles with nothing new archived; claim on past a batch of those
            while True:
                tasks = claim_once(session)
                if tasks is None or tasks:
                    return tasks or []

        def claim_once(session: Session) -> list[queries.RevisitTask] | None:
            """Claimed revisits with something to fetch; None when nothing was claimable."""
            now = utcnow()
            due_by = None if replay else now
            held = self._hold(
                session,
                "revisits",
                outlets=self.outlets,
                now=now,
                due_by=due_by,
                tried_before=self.started,
            )
            tasks = queries.claim_revisits(
                session,
                outlets=self.outlets,
                now=now,
                due_by=due_by,
                tried_before=self.started,
                owner=self.owner,
                lease=self._lease(),
                limit=self.window,
                held=held,
            )
            if not tasks:
                return None
            if isinstance(fetcher, ReplayFetcher):
                idle = [t for t in tasks if not fetcher.has_unseen(t.url)]
                for task in idle:  # nothing new archived for it: done for this run
                    queries.release_revisit(session, task.article_id)
                tasks = [t for t in tasks if fetcher.has_unseen(t.url)]
            return tasks

        # rounds: claim a round's revisits, finish them all, then claim again, so that an
        # article whose revisit just finished (a replay with more captures) is seen again
        while True:
            round_tasks: list[queries.RevisitTask] = []
            while len(round_tasks) < REVISIT_ROUND:
                with self.sessions.begin() as session:
                    batch = claim(session)
                if not batch:  # nothing of ours is in flight between rounds: done
                    break
                round_tasks.extend(batch)
            if not round_tasks:
                return
            work = (
                functools.partial(
                    revisit_page,
                    self.fetcher,
                    t,
                    min_words=self.settings.min_words,
                    allow_private=self.allow_private.get(t.outlet, False),
                )
                for t in round_tasks
            )
            for done, outcome in enumerate(_bounded(pool, work, self.window), 1):
                store_revisit(self, outcome)
                if self.progress:
                    self.progress("revisits", done, len(round_tasks))

    def _store_article(self, outcome: ArticleOutcome) -> None:
        task = outcome.task
        self.counts["pages"] += 1
        pointer = self._archive(outcome.result, kind="article", outlet=task.outlet)
        with self.sessions.begin() as session:
            self.log_outcome(session, task.url, outcome, pointer, article_id=task.article_id)
            if outcome.extraction is None or outcome.result is None:
                self.counts["pages_failed"] += 1
                queries.record_article_failure(
                    session,
                    task.article_id,
                    reason=outcome.reason or "error",
                    message=outcome.error or "",
                )
                self._fail(f"article {task.url}", outcome.reason, outcome.error)
                return
            extraction = outcome.extraction
            article_id = task.article_id
            try:
                canonical = choose_canonical(outcome.result.final_url, extraction.canonical_url)
            except ValueError:
                canonical = None
            if canonical:
                display = _display_url(
                    outcome.result.final_url, extraction.canonical_url, canonical
                )
                article_id = queries.resolve_canonical(session, article_id, canonical, display)
                if article_id != task.article_id:
                    self.counts["articles_merged"] += 1
            created = queries.store_version(
                session,
                article_id,
                extraction,
                captured_at=outcome.result.fetched_at,
                result=outcome.result,
                pointer=pointer,
                change_key=outcome.change_key,
            )
            if created:
                self.counts["versions"] += 1
                self.per_outlet[task.outlet] += 1
                outlet = self.settings.outlet(task.outlet)
                if outlet and outlet.revisit_s:
                    queries.schedule_first_revisit(
                        session,
                        article_id,
                        outcome.result.fetched_at + timedelta(seconds=outlet.revisit_s[0]),
                    )
            if extraction.summary_only:
                self.counts["summary_only"] += 1


def _run_ingest(
    settings: Settings,
    *,
    outlets: Sequence[str] | None = None,
    replay: Path | None = None,
    engine: Engine,
    progress: Progress | None = None,
    worker: bool = False,
) -> RunSummary:
    """Fetch (or replay) the feeds of ``outlets`` (default: all enabled) and store articles.

    ``worker``: poll each feed only every ``feed_interval_s`` (a long-running worker's pass)
    instead of every feed on every run (what cron's ingest does).
    """
    known = {o.slug for o in settings.outlets}
    chosen = list(outlets) if outlets else [o.slug for o in settings.outlets if o.enabled]
    unknown = [slug for slug in chosen if slug not in known]
    if unknown:
        raise ConfigError(
            f"{settings.source}: unknown outlet {', '.join(unknown)}; "
            f"known: {', '.join(sorted(known)) or 'none'}"
        )
    with ExitStack() as stack:
        fetcher: FetcherLike
        archive: WarcArchive | None = None
        if replay is not None:
            fetcher = stack.enter_context(ReplayFetcher(replay))
        else:
            fetcher = stack.enter_context(Fetcher(settings.fetch))
            archive = stack.enter_context(
                WarcArchive(settings.archive_dir, max_bytes=settings.warc_max_bytes)
            )
        ingest = Ingest(
            settings,
            session_factory(engine),
            fetcher,
            archive,
            outlets=chosen,
            progress=progress,
            feed_interval=timedelta(seconds=settings.feed_interval_s) if worker else None,
        )
        return ingest.run()


def run_ingest(settings: Settings, *, engine: Engine | None = None, **kwargs: Any) -> RunSummary:
    """Fetch (or replay) feeds and articles into the database; see ``_run_ingest``."""
    with database(settings, engine) as db:
        return _run_ingest(settings, engine=db, **kwargs)
