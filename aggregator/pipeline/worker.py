"""Long-running worker: ingest passes (feeds due, articles, revisits) and clustering, forever
or until there is no work left. Any number of workers on any number of machines share one
PostgreSQL database: each records itself in ``workers`` (so the live ones share the outlets,
see ``store.work.hold_outlets``), work is claimed with leases, and clustering runs in whichever
worker holds the cluster lock at the time; a worker that finds it held tries again before it
goes idle, so no stored article is left without an event. Takes settings; returns the totals."""

from __future__ import annotations

import logging
import os
import socket
import time
from collections import Counter
from collections.abc import Callable
from datetime import timedelta

from sqlalchemy import Engine

from aggregator.config import Settings
from aggregator.errors import LockHeldError
from aggregator.pipeline.cluster import run_cluster
from aggregator.pipeline.ingest import run_ingest
from aggregator.pipeline.locks import database_job_lock
from aggregator.pipeline.runs import stop_on_signals
from aggregator.pipeline.status import failing_feeds
from aggregator.records import RunSummary, utcnow
from aggregator.store.events import time_bounds_of_unclustered
from aggregator.store.session import lost_a_conflict, open_database, session_factory
from aggregator.store.work import work_outstanding
from aggregator.store.workers import register_worker, retire_worker

log = logging.getLogger(__name__)

WORK_COUNTS = ("feeds", "pages", "revisits")


def _cluster(settings: Settings, engine: Engine, totals: Counter[str], wait_s: float = 0) -> bool:
    """Cluster the articles not yet in an event, waiting up to ``wait_s`` for the cluster lock;
    False when another worker still holds it."""
    try:
        with database_job_lock(settings.database_url, settings.lock_dir, "cluster", wait_s=wait_s):
            clustered = run_cluster(settings, engine=engine)
    except LockHeldError:
        log.info("another worker is clustering; trying again before going idle")
        return False
    totals["clustered"] += clustered.counts.get("articles", 0)
    return True


def _unclustered(engine: Engine) -> bool:
    """Some stored article has no event yet."""
    with session_factory(engine)() as session:
        low, _ = time_bounds_of_unclustered(session)
    return low is not None


def run_worker(
    settings: Settings,
    *,
    until_idle: bool = False,
    poll_s: float = 30.0,
    max_passes: int | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> RunSummary:
    """Loop over ingest passes; cluster after passes that stored something new.

    ``until_idle``: stop once nothing is left to do (no article pending, leased ones included,
    no feed or revisit due, and every stored article in an event), which is how tests and batch
    back-fills use it.
    """
    totals: Counter[str] = Counter()
    failures: Counter[str] = Counter()  # each distinct failure once, with the passes it came in
    outlets = [o.slug for o in settings.outlets if o.enabled]
    interval = timedelta(seconds=settings.feed_interval_s)
    name = f"{socket.gethostname()}:{os.getpid()}"  # the host:pid of this process's leases
    passes = 0
    pending = False  # articles stored that no cluster run of ours has taken yet
    # SIGTERM/SIGINT between passes (the worker sleeping) stops it the same way as during one:
    # it retires from the workers table, so the others take its share at once
    with stop_on_signals(), open_database(settings.database_url) as engine:
        sessions = session_factory(engine)
        try:
            while max_passes is None or passes < max_passes:
                passes += 1
                with sessions.begin() as session:
                    register_worker(session, name, utcnow())
                try:
                    summary = run_ingest(settings, engine=engine, worker=True)
                except Exception as exc:
                    if not lost_a_conflict(exc):
                        raise
                    # another worker's transaction won a deadlock: its run is recorded as
                    # crashed, its leases expire after lease_s, and the next pass goes on
                    log.warning("ingest pass lost a database conflict, trying again: %s", exc)
                    sleep(min(poll_s, 1.0))
                    continue
                totals.update(summary.counts)
                failures.update(summary.failures)
                worked = sum(summary.counts.get(k, 0) for k in WORK_COUNTS)
                stored = summary.counts.get("versions", 0) or summary.counts.get("revisions", 0)
                if stored or pending:
                    pending = not _cluster(settings, engine, totals)
                if worked:
                    continue
                # a cluster run takes the articles stored when it started, so one that another
                # worker held may have missed ours: about to idle, wait for the lock and make sure
                if pending or _unclustered(engine):
                    pending = not _cluster(settings, engine, totals)
                    if pending:
                        pending = not _cluster(settings, engine, totals, wait_s=settings.lease_s)
                with sessions() as session:
                    now = utcnow()
                    left = work_outstanding(
                        session, outlets=outlets, now=now, fetched_before=now - interval
                    )
                if until_idle and not left and not pending:
                    break
                sleep(min(poll_s, settings.lease_s) if left or pending else poll_s)
        finally:
            with sessions.begin() as session:
                retire_worker(session, name)
        with sessions() as session:
            feeds = failing_feeds(session, outlets, utcnow())
    totals["passes"] = passes
    return _summary(totals, _distinct(failures), feeds)


def _summary(
    totals: Counter[str], failures: tuple[str, ...], feeds: list[tuple[str, str, str]]
) -> RunSummary:
    """The worker's totals and failures, with the feeds failing or backing off as it stops:
    an idle worker whose feeds fail (not due in its passes, or resting) is not ``ok``. A feed
    a pass already named failing is not named again, unless it now backs off."""
    for key, state in (("feeds_backing_off", "backing-off"), ("feeds_failing", "failed")):
        totals.pop(key, None)  # the passes' sum counted a resting feed once a pass
        if now := sum(s == state for _, s, _ in feeds):
            totals[key] = now
    named = [
        line
        for url, state, line in feeds
        if state == "backing-off" or not any(f"feed {url}:" in f for f in failures)
    ]
    status = "partial" if failures else "needs-attention" if named else "ok"
    return RunSummary("worker", dict(totals), (*failures, *named), status=status)


def _distinct(failures: Counter[str]) -> tuple[str, ...]:
    """Failures in the order first seen, each once: a page retried by three passes is one
    problem "(in 3 passes)", not three lines (and a worker that runs for weeks keeps one entry a
    problem, not one a pass)."""
    return tuple(f if n == 1 else f"{f} (in {n} passes)" for f, n in failures.items())
