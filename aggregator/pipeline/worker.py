"""Long-running worker: ingest passes (feeds due, articles, revisits) and clustering, forever
or until there is no work left. Any number of workers on any number of machines share one
PostgreSQL database: work is claimed with leases (``store.work``), and clustering runs in
whichever worker holds the cluster lock at the time."""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Callable
from datetime import timedelta

from aggregator.config import Settings
from aggregator.errors import LockHeldError
from aggregator.pipeline.cluster import run_cluster
from aggregator.pipeline.ingest import run_ingest
from aggregator.pipeline.locks import database_job_lock
from aggregator.records import RunSummary, utcnow
from aggregator.store.session import open_database, session_factory
from aggregator.store.work import work_outstanding

log = logging.getLogger(__name__)

WORK_COUNTS = ("feeds", "pages", "revisits")


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
    and no feed due), which is how tests and batch back-fills use it.
    """
    totals: Counter[str] = Counter()
    failures: list[str] = []
    outlets = [o.slug for o in settings.outlets if o.enabled]
    interval = timedelta(seconds=settings.feed_interval_s)
    passes = 0
    with open_database(settings.database_url) as engine:
        while max_passes is None or passes < max_passes:
            passes += 1
            summary = run_ingest(settings, engine=engine, worker=True)
            totals.update(summary.counts)
            failures.extend(summary.failures)
            worked = sum(summary.counts.get(k, 0) for k in WORK_COUNTS)
            if summary.counts.get("versions", 0) or summary.counts.get("revisions", 0):
                try:
                    with database_job_lock(settings.database_url, settings.lock_dir, "cluster"):
                        clustered = run_cluster(settings, engine=engine)
                    totals["clustered"] += clustered.counts.get("articles", 0)
                except LockHeldError:
                    log.info("another worker is clustering; skipped")
            if worked:
                continue
            with session_factory(engine)() as session:
                now = utcnow()
                left = work_outstanding(
                    session, outlets=outlets, now=now, fetched_before=now - interval
                )
            if until_idle and not left:
                break
            sleep(min(poll_s, settings.lease_s) if left else poll_s)
    totals["passes"] = passes
    return RunSummary("worker", dict(totals), tuple(failures))
