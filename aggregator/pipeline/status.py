"""Stored feed and run state -> a status report (text, or JSON with the schema of docs/status.md)
and the list of what needs attention. Reads the feeds and runs tables; checks whether the
process of a run still ``running`` on this machine is alive.

A feed needs attention from its first failure (``failed``), while it backs off
(``backing-off``) and when it has had no success for ``SILENT_AFTER`` (``silent``); a feed
removed from feeds.yaml or disabled there does not. The last run of a job needs attention when
it ended ``failed``, ``backed-off``, ``interrupted`` or ``crashed``, or ``died`` (left
``running`` by a process that is gone).
"""

from __future__ import annotations

import socket
from datetime import datetime, timedelta
from typing import Any

from aggregator.config import Settings
from aggregator.pipeline.locks import pid_alive
from aggregator.pipeline.runs import BACKED_OFF, CRASHED, DIED, FAILED, INTERRUPTED, RUNNING
from aggregator.records import utcnow
from aggregator.rows import FeedHealth, RunRecord
from aggregator.store.feeds import feed_health
from aggregator.store.runs import latest_runs
from aggregator.store.session import open_database, session_factory
from aggregator.times import format_utc as iso

SILENT_AFTER = timedelta(hours=24)
FEED_STATES_NEEDING_ATTENTION = ("failed", "backing-off", "silent")
RUN_STATES_NEEDING_ATTENTION = (FAILED, BACKED_OFF, INTERRUPTED, CRASHED, DIED)


def feed_state(feed: FeedHealth, now: datetime) -> str:
    """One word for a feed: removed, disabled, new, backing-off, failed, silent or ok."""
    if feed.removed_at is not None:
        return "removed"
    if not feed.enabled:
        return "disabled"
    if feed.last_fetched_at is None and not feed.fetch_count:
        return "new"
    if feed.backoff_until is not None and feed.backoff_until > now:
        return "backing-off"
    if feed.consecutive_failures:
        return "failed"
    if feed.last_success_at is not None and now - feed.last_success_at > SILENT_AFTER:
        return "silent"
    return "ok"


def _feed_problem(feed: FeedHealth, state: str) -> str | None:
    error = f"{feed.last_error_reason or 'error'}: {feed.last_error or ''}".rstrip(": ")
    if state == "failed":
        failures = feed.consecutive_failures
        return f"failed at {iso(feed.last_error_at)} ({failures} in a row): {error}"
    if state == "backing-off":
        return (
            f"backing off until {iso(feed.backoff_until)} after "
            f"{feed.consecutive_failures} failures: {error}"
        )
    if state == "silent":
        return f"no success since {iso(feed.last_success_at)}"
    return None


def _feed_status(feed: FeedHealth, now: datetime) -> dict[str, Any]:
    state = feed_state(feed, now)
    problem = _feed_problem(feed, state)
    share_304 = feed.not_modified_count / feed.fetch_count if feed.fetch_count else 0.0
    return {
        "outlet": feed.outlet,
        "url": feed.url,
        "state": state,
        "enabled": feed.enabled,
        "removed_at": iso(feed.removed_at),
        "last_fetched": iso(feed.last_fetched_at),
        "last_success": iso(feed.last_success_at),
        "last_error": feed.last_error or "",
        "last_error_reason": feed.last_error_reason or "",
        "last_error_at": iso(feed.last_error_at),
        "consecutive_failures": feed.consecutive_failures,
        "fetches": feed.fetch_count,
        "items_last_fetch": feed.items_last_fetch,
        "share_not_modified": round(share_304, 3),
        "backing_off_until": iso(feed.backoff_until) if state == "backing-off" else "",
        "problems": [problem] if problem else [],
    }


def run_state(run: RunRecord, *, host: str) -> str:
    """The recorded state, except that a run still ``running`` whose process on this machine
    is gone is ``died``. (A run of another machine cannot be checked from here.)"""
    if run.status != RUNNING or run.pid is None or run.host != host:
        return run.status
    return RUNNING if pid_alive(run.pid) else DIED


def _run_status(run: RunRecord, state: str) -> dict[str, Any]:
    duration = (run.finished_at - run.started_at).total_seconds() if run.finished_at else None
    return {
        "id": run.run_id,
        "job": run.job,
        "status": state,
        "started": iso(run.started_at),
        "finished": iso(run.finished_at),
        "duration_s": round(duration, 1) if duration is not None else None,
        "counts": run.counts,
        "failures": run.failures,
        "message": run.message or "",
        "host": run.host or "",
        "pid": run.pid,
    }


def collect_status(settings: Settings, *, now: datetime | None = None) -> dict[str, Any]:
    """The status report: every feed, the last run of each job, what needs attention."""
    now = now or utcnow()
    with open_database(settings.database_url) as engine, session_factory(engine)() as session:
        healths = feed_health(session)
        runs = latest_runs(session)
    feeds = [_feed_status(feed, now) for feed in healths]
    attention = [f"feed {f['url']}: {p}" for f in feeds for p in f["problems"]]
    host = socket.gethostname()
    run_rows = []
    for run in runs:
        state = run_state(run, host=host)
        run_rows.append(_run_status(run, state))
        if state in RUN_STATES_NEEDING_ATTENTION:
            why = f": {run.message}" if run.message and state != DIED else ""
            if state == DIED:
                why = f": pid {run.pid} on {run.host} is gone"
            attention.append(f"last {run.job} run {state}{why}"[:500])
    return {"generated": iso(now), "feeds": feeds, "runs": run_rows, "attention": attention}


def render_status(report: dict[str, Any]) -> str:
    lines = ["feeds:"]
    for feed in report["feeds"]:
        state = feed["state"]
        flag = "!!" if feed["problems"] else "  "
        if state == "removed":
            detail = f"removed from the configuration at {feed['removed_at']}"
        elif state == "disabled":
            detail = "disabled in the configuration"
        else:
            detail = (
                f"last success {feed['last_success'] or 'never'}, failures in a row "
                f"{feed['consecutive_failures']}, items {feed['items_last_fetch']}, "
                f"304 share {feed['share_not_modified']:.0%}"
            )
        lines.append(f"  {flag} {state:<11} {feed['outlet']:<10} {feed['url']}")
        lines.append(f"       {detail}")
        lines.extend(f"       {problem}" for problem in feed["problems"])
    lines.append("runs:")
    for run in report["runs"]:
        counts = " ".join(f"{k}={v}" for k, v in sorted(run["counts"].items()))
        duration = f"{run['duration_s']} s" if run["duration_s"] is not None else "-"
        lines.append(
            f"  {run['job']:<8} {run['started']} {run['status']:<11} {duration}  {counts}".rstrip()
        )
    if report["attention"]:
        lines.append("needs attention:")
        lines.extend(f"  - {item}" for item in report["attention"])
    return "\n".join(lines)
