"""Ingest: feeds due -> entries -> articles -> versions, from the network or replayed WARC files.

Network and CPU work (fetch, parse, extract) runs in a thread pool, one task per feed or
article; every database write and every WARC write happens on the calling thread, as each
task completes, so a crash loses at most the items in flight and a rerun picks them up.
This module runs the phases; the work they do is claimed by ``claims`` (leases on outlets and
items), each phase's fetch and store lives in its own module (feeds, articles, revisit), and
what they record goes through ``capture``.
"""

from __future__ import annotations

import functools
import itertools
import logging
import os
import socket
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from contextlib import ExitStack
from datetime import timedelta
from pathlib import Path
from typing import TypeVar
from urllib.parse import urlsplit

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from aggregator.config import Settings, require_enabled_feeds
from aggregator.errors import ConfigError
from aggregator.fetch.archive import WarcArchive
from aggregator.fetch.client import Fetcher
from aggregator.fetch.replay import ReplayFetcher
from aggregator.pipeline.articles import fetch_article, store_article
from aggregator.pipeline.capture import Capture, FetcherLike
from aggregator.pipeline.claims import Claims
from aggregator.pipeline.extraction import ExtractorPool
from aggregator.pipeline.feeds import fetch_feed, store_feed
from aggregator.pipeline.locks import pid_alive
from aggregator.pipeline.revisit import archive_roots, revisit_page, store_revisit
from aggregator.pipeline.runs import BACKED_OFF, ingest_state, recorded_end
from aggregator.records import RunSummary, utcnow
from aggregator.store.feeds import feeds_backing_off, sync_config
from aggregator.store.runs import finish_run, forget_run, start_run
from aggregator.store.session import open_database, session_factory
from aggregator.store.work import release_dead_claims
from aggregator.times import format_utc

log = logging.getLogger(__name__)

Progress = Callable[[str, int, int], None]

T = TypeVar("T")


def _bounded(
    pool: ThreadPoolExecutor, work: Iterable[Callable[[], T]], window: int, *, ordered: bool
) -> Iterator[T]:
    """Run ``work`` in ``pool`` with at most ``window`` tasks in flight; yield results as they
    complete, or (``ordered``) in the order of ``work``. Completed futures are dropped at once,
    so memory does not grow with the work."""
    if ordered:
        queue: deque[Future[T]] = deque()
        for item in work:
            queue.append(pool.submit(item))
            if len(queue) >= window:
                yield queue.popleft().result()
        while queue:
            yield queue.popleft().result()
        return
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
        # a replay stores in claim order, so two replays of one archive give the same ids
        self.replay = isinstance(fetcher, ReplayFetcher)
        self.capture = Capture(settings, sessions, archive)
        self.capture.roots = archive_roots(settings, fetcher)
        self.outlets = tuple(outlets)
        self.progress = progress
        self.window = settings.fetch.total_concurrency * 4
        self.started = utcnow()
        self.claims = Claims(
            settings, sessions, self.outlets, started=self.started, window=self.window
        )
        self.settings_interval: timedelta | None = feed_interval
        self.allow_private = {o.slug: o.allow_private for o in settings.outlets}

    def run(self) -> RunSummary:
        capture = self.capture
        with self.sessions.begin() as session:
            sync_config(session, self.settings)
            freed = release_dead_claims(session, socket.gethostname(), pid_alive)
            if freed:
                log.warning("took over %s claims of runs that died on this host", freed)
            back_off = feeds_backing_off(session, self.outlets, utcnow())
            run_id = capture.run_id = start_run(session, "ingest")
        for outlet in self.settings.outlets:
            for feed in outlet.feeds:
                self.fetcher.set_host_policy(
                    _host(feed.url), min_delay_s=outlet.min_delay_s, concurrency=outlet.concurrency
                )
        if back_off.backing_off:
            capture.counts["feeds_backing_off"] = back_off.backing_off

        def progress() -> tuple[dict[str, int], int]:
            return dict(capture.counts), len(capture.failures)

        # the run is recorded before the pool drains: a stopped run starts nothing queued, and
        # the fetches in flight end within their timeout without being stored
        pool = ThreadPoolExecutor(self.settings.fetch.total_concurrency)
        with ExitStack() as stack:
            stack.callback(pool.shutdown, wait=True, cancel_futures=True)
            stack.enter_context(recorded_end(self.sessions, run_id, progress))
            for phase in (self._feeds, self._articles, self._revisits):
                try:
                    phase(pool)
                finally:
                    self.claims.release_outlets()
            counts = dict(capture.counts)
            state = ingest_state(counts, len(capture.failures), back_off)
            if state == BACKED_OFF:
                capture.failures.append(
                    f"nothing fetched: all {back_off.backing_off} feeds are backing off"
                    f" (the first retry at {format_utc(back_off.first_retry)})"
                )
            with self.sessions.begin() as session:
                idle = not capture.failures and not counts.keys() - {"feeds_backing_off"}
                if self.settings_interval is not None and idle:
                    forget_run(session, run_id)  # a worker's pass with nothing due: no run
                else:
                    finish_run(
                        session,
                        run_id,
                        counts=counts,
                        failures=len(capture.failures),
                        message="; ".join(capture.failures[:20]) or None,
                        status=state,
                    )
        counts.update({f"outlet:{k}": v for k, v in capture.per_outlet.items()})
        return RunSummary("ingest", counts, tuple(capture.failures), status=state)

    def _feeds(self, pool: ThreadPoolExecutor) -> None:
        fetched_before = self.started
        if self.settings_interval is not None:
            fetched_before = min(self.started, utcnow() - self.settings_interval)
        work = (
            functools.partial(fetch_feed, self.fetcher, t, self.allow_private.get(t.outlet, False))
            for t in self.claims.feeds(fetched_before)
        )
        for done, outcome in enumerate(_bounded(pool, work, self.window, ordered=self.replay), 1):
            store_feed(self.capture, outcome)
            if self.progress:
                self.progress("feeds", done, 0)

    def _articles(self, pool: ThreadPoolExecutor) -> None:
        tasks = self.claims.articles()
        first = list(itertools.islice(tasks, self.window))
        with ExitStack() as stack:
            extractor: ExtractorPool | None = None
            processes = self.settings.extract_processes or (os.cpu_count() or 1)
            if processes > 1 and len(first) >= min(self.window, MIN_TASKS_FOR_PROCESSES):
                extractor = stack.enter_context(ExtractorPool(processes))
            work = (
                functools.partial(
                    fetch_article,
                    self.fetcher,
                    t,
                    min_words=self.settings.min_words,
                    allow_private=self.allow_private.get(t.outlet, False),
                    extractor=extractor,
                )
                for t in itertools.chain(first, tasks)
            )
            for done, outcome in enumerate(
                _bounded(pool, work, self.window, ordered=self.replay), 1
            ):
                store_article(self.capture, outcome)
                if self.progress:
                    self.progress("articles", done, 0)

    def _revisits(self, pool: ThreadPoolExecutor) -> None:
        """Due revisits; a replay revisits every article with an unserved later capture."""
        # rounds: claim a round's revisits, finish them all, then claim again, so that an
        # article whose revisit just finished (a replay with more captures) is seen again
        while True:
            round_tasks = self.claims.revisit_round(self.fetcher)
            if not round_tasks:
                return
            work = (
                functools.partial(
                    revisit_page,
                    self.fetcher,
                    t,
                    min_words=self.settings.min_words,
                    allow_private=self.allow_private.get(t.outlet, False),
                    roots=self.capture.roots,
                )
                for t in round_tasks
            )
            for done, outcome in enumerate(
                _bounded(pool, work, self.window, ordered=self.replay), 1
            ):
                store_revisit(self.capture, outcome)
                if self.progress:
                    self.progress("revisits", done, len(round_tasks))


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
    if outlets:  # else the CLI's ingest and worker checked the whole file (require_outlets)
        require_enabled_feeds(settings, chosen)
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


def run_ingest(
    settings: Settings,
    *,
    outlets: Sequence[str] | None = None,
    replay: Path | None = None,
    engine: Engine | None = None,
    progress: Progress | None = None,
    worker: bool = False,
) -> RunSummary:
    """Fetch (or replay) feeds and articles into the database; see ``_run_ingest``."""
    with open_database(settings.database_url, engine) as db:
        return _run_ingest(
            settings, outlets=outlets, replay=replay, engine=db, progress=progress, worker=worker
        )
