"""Stored feed and run state -> a status report (text or JSON) and whether it needs attention.

A feed needs attention when it has failed ``FAILING_AFTER`` times in a row, or has had no
successful fetch for ``SILENT_AFTER``; the last run of a job needs attention when it crashed.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from aggregator.config import Settings
from aggregator.records import utcnow
from aggregator.rows import FeedHealth, RunRecord
from aggregator.store.feeds import feed_health
from aggregator.store.runs import latest_runs
from aggregator.store.session import open_database, session_factory
from aggregator.times import format_utc as iso

FAILING_AFTER = 3
SILENT_AFTER = timedelta(hours=24)


def _feed_problems(feed: FeedHealth, now: datetime) -> list[str]:
    problems = []
    if feed.consecutive_failures >= FAILING_AFTER:
        problems.append(f"failing ({feed.consecutive_failures} in a row: {feed.last_error_reason})")
    if feed.last_success_at is not None and now - feed.last_success_at > SILENT_AFTER:
        problems.append("no success in 24 h")
    return problems


def _feed_status(feed: FeedHealth, problems: list[str], now: datetime) -> dict[str, Any]:
    share_304 = feed.not_modified_count / feed.fetch_count if feed.fetch_count else 0.0
    return {
        "outlet": feed.outlet,
        "url": feed.url,
        "last_success": iso(feed.last_success_at),
        "last_error": feed.last_error,
        "last_error_reason": feed.last_error_reason,
        "last_error_at": iso(feed.last_error_at),
        "consecutive_failures": feed.consecutive_failures,
        "fetches": feed.fetch_count,
        "items_last_fetch": feed.items_last_fetch,
        "share_not_modified": round(share_304, 3),
        "backing_off_until": iso(feed.backoff_until)
        if feed.backoff_until and feed.backoff_until > now
        else "",
        "problems": problems,
    }


def _run_status(run: RunRecord) -> dict[str, Any]:
    duration = (run.finished_at - run.started_at).total_seconds() if run.finished_at else None
    return {
        "job": run.job,
        "started": iso(run.started_at),
        "finished": iso(run.finished_at),
        "status": run.status,
        "duration_s": round(duration, 1) if duration is not None else None,
        "counts": run.counts,
        "failures": run.failures,
    }


def collect_status(settings: Settings, *, now: datetime | None = None) -> dict[str, Any]:
    """The status report: every enabled feed, the last run of each job, what needs attention."""
    now = now or utcnow()
    with open_database(settings.database_url) as engine, session_factory(engine)() as session:
        healths = feed_health(session)
        runs = latest_runs(session)
    feeds: list[dict[str, Any]] = []
    attention: list[str] = []
    for feed in healths:
        problems = _feed_problems(feed, now)
        feeds.append(_feed_status(feed, problems, now))
        attention.extend(f"feed {feed.url}: {p}" for p in problems)
    attention.extend(f"last {run.job} run crashed" for run in runs if run.status == "crashed")
    return {"feeds": feeds, "runs": [_run_status(run) for run in runs], "attention": attention}


def render_status(report: dict[str, Any]) -> str:
    lines = ["feeds:"]
    for feed in report["feeds"]:
        flag = "!!" if feed["problems"] else "ok"
        lines.append(
            f"  {flag} {feed['outlet']:<10} {feed['url']}\n"
            f"       last success {feed['last_success'] or 'never'}, "
            f"failures in a row {feed['consecutive_failures']}, items {feed['items_last_fetch']},"
            f" 304 share {feed['share_not_modified']:.0%}"
            + (
                f", backing off until {feed['backing_off_until']}"
                if feed["backing_off_until"]
                else ""
            )
            + (
                f"\n       last error: {feed['last_error_reason']}: {feed['last_error']}"
                if feed["last_error"] and feed["problems"]
                else ""
            )
        )
    lines.append("runs:")
    for run in report["runs"]:
        counts = " ".join(f"{k}={v}" for k, v in sorted(run["counts"].items()))
        lines.append(
            f"  {run['job']:<8} {run['started']} {run['status']:<8} {run['duration_s']} s  {counts}"
        )
    if report["attention"]:
        lines.append("needs attention:")
        lines.extend(f"  - {item}" for item in report["attention"])
    return "\n".join(lines)
