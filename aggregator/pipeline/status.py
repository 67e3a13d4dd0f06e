"""Stored feed and run state -> a status report (text, or JSON with the schema of docs/status.md)
and the list of what needs attention. Reads the feeds and runs tables; checks whether the
process of a run still ``running`` on this machine is alive.

A feed needs attention from its first failure (``failed``), while it backs off
(``backing-off``) and when it has had no success for ``SILENT_AFTER`` (``silent``); a feed
removed from feeds.yaml or disabled there does not. The last run of a job needs attention when
it ended ``failed``, ``backed-off``, ``interrupted`` or ``crashed``, or ``died`` (left
``running`` by a process that is gone). An outlet needs attention when at least half of the
article pages it was fetched for in the last ``ARTICLE_WINDOW``, and at least
``ARTICLE_FAILURES_MIN`` of them, gave no text of their own at their latest fetch (failed, or
left with only the feed summary): its feeds may all be ``ok`` while a changed layout or a
blocked host fails every page. A database no ``ingest`` (nor ``import``) has ever run on needs
attention too: a fresh install whose cron never runs must not look healthy.
"""

from __future__ import annotations

import socket
from collections import Counter, defaultdict
from collections.abc import Collection
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from aggregator.config import Settings
from aggregator.errors import with_reason
from aggregator.pipeline.locks import pid_alive
from aggregator.pipeline.runs import BACKED_OFF, CRASHED, DIED, FAILED, INTERRUPTED, RUNNING
from aggregator.records import utcnow
from aggregator.rows import ArticleFetch, FeedHealth, RunRecord
from aggregator.store.feeds import feed_health
from aggregator.store.runs import article_fetches, latest_runs
from aggregator.store.session import open_database, session_factory
from aggregator.times import format_utc as iso

SILENT_AFTER = timedelta(hours=24)
FEED_STATES_NEEDING_ATTENTION = ("failed", "backing-off", "silent")
RUN_STATES_NEEDING_ATTENTION = (FAILED, BACKED_OFF, INTERRUPTED, CRASHED, DIED)
ARTICLE_WINDOW = timedelta(hours=24)
ARTICLE_FAILURES_MIN = 2  # one failed page alone is noise (a dead link, a video page)
ARTICLE_EXAMPLES = 3
NOTHING_YET = (
    "no ingest run recorded yet: nothing has been fetched (run `aggregator ingest`, or check that "
    "cron runs jobs/ingest.sh)"
)


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
    error = with_reason(feed.last_error_reason or "error", feed.last_error or "")
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


def failing_feeds(
    session: Session, outlets: Collection[str], now: datetime
) -> list[tuple[str, str, str]]:
    """``(url, state, "feed URL: problem")`` of each feed of ``outlets`` that is ``failed`` or
    ``backing-off`` at ``now``, as ``status`` would list it (for a worker's summary)."""
    found = []
    for feed in feed_health(session):
        state = feed_state(feed, now)
        problem = _feed_problem(feed, state)
        if feed.outlet in outlets and state in ("failed", "backing-off") and problem:
            found.append((feed.url, state, f"feed {feed.url}: {problem}"))
    return found


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


def _example(fetch: ArticleFetch) -> str:
    """``reason: error``, the URL first unless the error names it."""
    if fetch.ok:
        return f"{fetch.url}: only the feed summary (the page gave too little text)"
    said = with_reason(fetch.reason or "error", fetch.error or "")
    return (said if fetch.url in said else f"{fetch.url}: {said}")[:300]


def _article_status(outlet: str, fetches: list[ArticleFetch], since: str) -> dict[str, Any]:
    failed = [fetch for fetch in fetches if not fetch.ok]
    summaries = [fetch for fetch in fetches if fetch.ok and fetch.summary_only]
    reasons = Counter(fetch.reason or "error" for fetch in failed)
    problems = []
    textless = len(failed) + len(summaries)
    if textless >= ARTICLE_FAILURES_MIN and 2 * textless >= len(fetches):
        why = [f"{r} {n}" for r, n in reasons.most_common()]
        why += [f"feed summary only {len(summaries)}"] if summaries else []
        problems.append(
            f"{textless} of {len(fetches)} article pages fetched since {since} gave no "
            f"text of their own ({', '.join(why)})"
        )
    return {
        "outlet": outlet,
        "since": since,
        "fetched": len(fetches),
        "failed": len(failed),
        "summary_only": len(summaries),
        "reasons": dict(reasons.most_common()),
        "examples": [_example(fetch) for fetch in (failed + summaries)[:ARTICLE_EXAMPLES]],
        "problems": problems,
    }


def _articles_status(fetches: list[ArticleFetch], since: str) -> list[dict[str, Any]]:
    by_outlet: defaultdict[str, list[ArticleFetch]] = defaultdict(list)
    for fetch in fetches:
        by_outlet[fetch.outlet].append(fetch)
    return [_article_status(outlet, rows, since) for outlet, rows in sorted(by_outlet.items())]


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
        fetches = article_fetches(session, now - ARTICLE_WINDOW)
    feeds = [_feed_status(feed, now) for feed in healths]
    articles = _articles_status(fetches, iso(now - ARTICLE_WINDOW))
    attention = [f"feed {f['url']}: {p}" for f in feeds for p in f["problems"]]
    for outlet in articles:
        attention.extend(
            f"articles of {outlet['outlet']}: {p}; e.g. {outlet['examples'][0]}"[:500]
            for p in outlet["problems"]
        )
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
    if not any(run.job in ("ingest", "import") for run in runs):
        attention.append(NOTHING_YET)
    return {
        "generated": iso(now),
        "feeds": feeds,
        "articles": articles,
        "runs": run_rows,
        "attention": attention,
    }


def render_status(report: dict[str, Any]) -> str:
    lines = ["feeds:"] if report["feeds"] else ["feeds: none yet (an ingest records them)"]
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
    if report["articles"]:
        lines.append(f"article pages fetched since {report['articles'][0]['since']}:")
    for outlet in report["articles"]:
        flag = "!!" if outlet["problems"] else "  "
        reasons = ", ".join(f"{r} {n}" for r, n in outlet["reasons"].items())
        lines.append(
            f"  {flag} {outlet['outlet']:<10} {outlet['fetched']} fetched, {outlet['failed']} "
            f"gave no text{f' ({reasons})' if reasons else ''}, {outlet['summary_only']} "
            "only the feed summary"
        )
        lines.extend(f"       {example}" for example in outlet["examples"])
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
