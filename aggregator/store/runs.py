"""Job runs and the fetch log: a run's start and end, one row per fetch, the latest runs as
RunRecords and the latest fetch of each article page in a period. Touches the runs and fetch_log
tables (and reads articles and outlets)."""

from __future__ import annotations

import os
import socket
from datetime import datetime

from sqlalchemy import delete, desc, or_, select, update
from sqlalchemy.orm import Session

from aggregator.records import FetchResult, WarcPointer, utcnow
from aggregator.rows import ArticleFetch, RunRecord
from aggregator.store.models import Article, FetchLog, Outlet, Run


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
    status: str | None = None,
) -> None:
    """Record the end of a run still ``running`` (a run recorded once is never rewritten).

    ``status`` defaults to ``ok`` without failures and ``partial`` with some; the run states
    are listed in docs/status.md.
    """
    if status is None:
        status = "ok" if failures == 0 else "partial"
    session.execute(
        update(Run)
        .where(Run.id == run_id, Run.status == "running")
        .values(
            finished_at=utcnow(), status=status, counts=counts, failures=failures, message=message
        )
    )


def forget_run(session: Session, run_id: int) -> None:
    """Remove a run still ``running`` that did nothing and failed nothing (a worker's pass with
    no feed, page or revisit due): no run to show. Recorded, every pass of an idle worker was
    an ``ok`` ingest hiding the last real one from ``status``, which scans the newest runs."""
    session.execute(delete(Run).where(Run.id == run_id, Run.status == "running"))


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


def latest_runs(session: Session, *, scan: int = 50) -> list[RunRecord]:
    """The newest run of each job found among the last ``scan`` runs, newest first."""
    seen: set[str] = set()
    out: list[RunRecord] = []
    for run in session.scalars(select(Run).order_by(desc(Run.id)).limit(scan)):
        if run.job in seen:
            continue
        seen.add(run.job)
        out.append(
            RunRecord(
                job=run.job,
                started_at=run.started_at,
                finished_at=run.finished_at,
                status=run.status,
                counts={str(k): int(v) for k, v in (run.counts or {}).items()},
                failures=run.failures,
                run_id=run.id,
                message=run.message,
                host=run.host,
                pid=run.pid,
            )
        )
    return out


def article_fetches(session: Session, since: datetime) -> list[ArticleFetch]:
    """The latest fetch since ``since`` of each article page fetched then (first fetch or
    revisit), by outlet, with whether the article has only its feed summary; articles found
    deleted or moved are left out. Reads the fetch log
    through the runs of the period (its ``run_id`` index), not the whole log."""
    runs = select(Run.id).where(
        or_(Run.started_at >= since, Run.finished_at >= since, Run.finished_at.is_(None))
    )
    rows = session.execute(
        select(
            Outlet.slug,
            Article.id,
            FetchLog.url,
            FetchLog.ok,
            FetchLog.reason,
            FetchLog.error,
            Article.summary_only,
        )
        .join(Article, Article.id == FetchLog.article_id)
        .join(Outlet, Outlet.id == Article.outlet_id)
        .where(FetchLog.run_id.in_(runs), FetchLog.fetched_at >= since)
        .where(Article.gone_at.is_(None))
        .order_by(FetchLog.id)
    )
    latest: dict[int, ArticleFetch] = {}
    for slug, article_id, url, ok, reason, error, summary in rows:
        latest[article_id] = ArticleFetch(
            slug, article_id, url, bool(ok), reason, error, bool(summary)
        )
    return sorted(latest.values(), key=lambda fetch: (fetch.outlet, fetch.article_id))
