"""Revisits: re-fetch stored articles on their schedule and keep a version only on real change.

A revisit asks with the article's validators first: a 304 or an unchanged body hash costs no
extraction. A changed page is extracted and compared with the current version after removing
noise (timestamps, share counts, ...): only a real change becomes a new version, with a
``revised`` entry in the article's history. A 404/410 is recorded as ``deleted`` and a redirect
to another story as ``moved``; stored versions are kept. A revisit that fails for a passing
reason (timeout, reset, 5xx) keeps its place in the schedule and is retried on the next run.
Takes a leased RevisitTask; touches the network (through the fetcher), the archive and the store.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from aggregator.compare.revisions import change_key, is_moved
from aggregator.errors import FetchError
from aggregator.pipeline.capture import Capture, FetcherLike
from aggregator.pipeline.extraction import Extracted, extract_or_reason
from aggregator.records import Extraction, FetchResult, utcnow
from aggregator.store.articles import store_version
from aggregator.store.revisits import (
    mark_gone,
    record_history,
    release_revisit,
    schedule_revisit,
    update_validators,
)
from aggregator.tasks import RevisitTask

GONE_STATUSES = ("http_404", "http_410")


@dataclass(frozen=True)
class RevisitOutcome:
    task: RevisitTask
    result: FetchResult | None
    extraction: Extraction | None
    reason: str | None = None
    error: str | None = None
    transient: bool = False
    change_key: str | None = None


def revisit_page(
    fetcher: FetcherLike, task: RevisitTask, *, min_words: int, allow_private: bool
) -> RevisitOutcome:
    """Fetch one article again (conditionally) and extract it when the page changed."""
    try:
        result = fetcher.fetch(task.url, validators=task.validators, allow_private=allow_private)
    except FetchError as exc:
        return RevisitOutcome(task, None, None, exc.reason, exc.detail, exc.transient)
    if result.not_modified or is_moved(task.url, result.final_url):
        return RevisitOutcome(task, result, None)
    done = extract_or_reason(
        result.body, result.final_url, min_words, None, result.header("Content-Type")
    )
    if not isinstance(done, Extracted):
        return RevisitOutcome(task, result, None, done[0], done[1])
    extraction = done.extraction
    if extraction.word_count < min_words:
        # a page that now yields next to nothing (an error page served with 200, a stub) is
        # a failed extraction, never a new version
        return RevisitOutcome(
            task, result, None, "too_short", f"{task.url}: {extraction.reason or 'too short'}"
        )
    return RevisitOutcome(task, result, extraction, change_key=done.change_key)


def next_revisit(first_seen: datetime, done: int, schedule_s: tuple[float, ...]) -> datetime | None:
    """When revisit number ``done`` (0-based) is due: ``first_seen`` plus ``schedule_s[done]``
    seconds; None when the schedule is over. A failed revisit does not count as done, so it keeps
    its place. Raises ValueError when ``done`` is negative."""
    if done < 0:
        raise ValueError(f"revisits done must be 0 or more, got {done}")
    if done >= len(schedule_s):
        return None
    return first_seen + timedelta(seconds=schedule_s[done])


def store_revisit(capture: Capture, outcome: RevisitOutcome) -> None:
    """Record one revisit: fetch log, schedule, history and (on real change) a new version."""
    task = outcome.task
    counts = capture.counts
    counts["revisits"] += 1
    outlet = capture.settings.outlet(task.outlet)
    schedule = outlet.revisit_s if outlet else ()
    advance = next_revisit(task.first_seen, task.revisits_done + 1, schedule)
    pointer = capture.archive_result(outcome.result, kind="revisit", outlet=task.outlet)
    with capture.sessions.begin() as session:
        capture.log_outcome(session, task.url, outcome, pointer, article_id=task.article_id)
        result = outcome.result
        if result is None:  # the fetch failed
            if outcome.reason in GONE_STATUSES:
                record_history(
                    session,
                    task.article_id,
                    kind="deleted",
                    at=utcnow(),
                    detail=outcome.error,
                    http_status=int((outcome.reason or "_0").split("_")[1]),
                )
                mark_gone(session, task.article_id, utcnow())
                counts["revisits_gone"] += 1
                return
            counts["revisits_failed"] += 1
            capture.fail(f"revisit {task.url}", outcome.reason, outcome.error)
            if outcome.transient:  # keeps its place: still due, retried by a later run
                release_revisit(session, task.article_id)
            else:
                schedule_revisit(
                    session, task.article_id, done=task.revisits_done + 1, next_at=advance
                )
            return
        done = task.revisits_done + 1
        if result.not_modified:
            counts["revisits_not_modified"] += 1
            schedule_revisit(session, task.article_id, done=done, next_at=advance)
            return
        update_validators(session, task.article_id, result)
        if is_moved(task.url, result.final_url):
            record_history(
                session,
                task.article_id,
                kind="moved",
                at=result.fetched_at,
                detail=f"redirected to {result.final_url}",
                http_status=result.status,
            )
            mark_gone(session, task.article_id, result.fetched_at)
            counts["revisits_moved"] += 1
            return
        schedule_revisit(session, task.article_id, done=done, next_at=advance)
        counts["revisit_extractions"] += 1
        extraction = outcome.extraction
        if extraction is None:
            counts["revisits_extract_failed"] += 1
            return
        if extraction.summary_only and not task.current_summary_only:
            counts["revisits_unchanged"] += 1
            return
        key = outcome.change_key or change_key(extraction.title, extraction.text)
        current_key = task.current_change_key or (
            change_key(task.current.title, task.current.text) if task.current else None
        )
        if key == current_key:
            counts["revisits_unchanged"] += 1
            return
        counts["extractions_changed"] += 1
        created = store_version(
            session,
            task.article_id,
            extraction,
            captured_at=result.fetched_at,
            result=result,
            pointer=pointer,
            change_key=key,
        )
        if created:
            counts["revisions"] += 1
            record_history(
                session,
                task.article_id,
                kind="revised",
                at=result.fetched_at,
                from_version=task.current.version_no if task.current else None,
                to_version=(task.current.version_no + 1) if task.current else None,
            )
