"""Revisits: re-fetch stored articles on their schedule and keep a version only on real change.

A revisit asks with the article's validators first: a 304 or an unchanged body hash costs no
extraction. A changed page is extracted and compared with the current version after removing
noise (timestamps, share counts, ...): only a real change becomes a new version, with a
``revised`` entry in the article's history.

Our extractor changes too (``EXTRACTOR_VERSION``). When the new text differs from a current
version another extractor made, the current version's archived page is read back from its WARC
record and extracted again with today's extractor, and the new text is compared with that: a
differing re-read is stored first as a version marked ``reextracted`` (captured when the page
was; not an edit), and the new page is an edit only when it differs from the re-read. When the
old page cannot be read back (not archived, file gone, no longer extractable) the new text is
stored marked ``unverified``: never counted as an edit. Only a changed text with a changed
extractor costs the extra read, so a revisit stays one extraction otherwise. The article phase
stores a page fetched under another URL of a stored article by the same rule (``store_text``).

A 404/410 is recorded as ``deleted`` and a redirect to another story as ``moved``; stored
versions are kept. A revisit that fails for a passing reason (timeout, reset, 5xx) keeps its
place in the schedule and is retried on the next run. Takes a leased RevisitTask; touches the
network (through the fetcher), the archive and the store.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy.orm import Session

from aggregator.compare.revisions import change_key, is_moved
from aggregator.config import Settings
from aggregator.errors import ArchiveError, FetchError
from aggregator.fetch.replay import ReplayFetcher, read_response
from aggregator.pipeline.capture import Capture, FetcherLike
from aggregator.pipeline.extraction import Extracted, extract_or_reason
from aggregator.records import Extraction, FetchResult, WarcPointer, utcnow
from aggregator.store.articles import store_version
from aggregator.store.revisits import (
    mark_gone,
    record_history,
    release_revisit,
    schedule_revisit,
    update_validators,
)
from aggregator.tasks import RevisitTask

log = logging.getLogger(__name__)

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
    # the extractor changed since the current version: its page read again by today's
    # extractor, or why that was not possible
    reread: Extracted | None = None
    reread_error: str | None = None


def archive_roots(settings: Settings, fetcher: FetcherLike) -> tuple[Path, ...]:
    """Where stored versions' WARC pointers may be relative to: a replay's folder, then the
    archive of live fetches."""
    replayed = (fetcher.base,) if isinstance(fetcher, ReplayFetcher) else ()
    return (*replayed, settings.archive_dir)


def revisit_page(
    fetcher: FetcherLike,
    task: RevisitTask,
    *,
    min_words: int,
    allow_private: bool,
    roots: tuple[Path, ...] = (),
) -> RevisitOutcome:
    """Fetch one article again (conditionally) and extract it when the page changed; when the
    text changed and another extractor made the current version, re-read that version's
    archived page (under one of ``roots``) with today's extractor too."""
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
    outcome = RevisitOutcome(task, result, extraction, change_key=done.change_key)
    reread, why = extractor_check(task, done, roots, min_words)
    return replace(outcome, reread=reread, reread_error=why)


def extractor_check(
    task: RevisitTask, done: Extracted, roots: tuple[Path, ...], min_words: int
) -> tuple[Extracted | None, str | None]:
    """(the current version's page read again by today's extractor, or why it could not be)
    when another extractor made the current version and ``done``'s text differs from it;
    (None, None) otherwise. The extractors are told apart by their whole version string."""
    current = task.current
    if current is None or task.current_extractor == done.extraction.extractor_version:
        return None, None
    if done.change_key == (task.current_change_key or change_key(current.title, current.text)):
        return None, None
    reread = reread_current(task, roots, min_words)
    return (reread, None) if isinstance(reread, Extracted) else (None, reread)


def reread_current(task: RevisitTask, roots: tuple[Path, ...], min_words: int) -> Extracted | str:
    """The current version's archived page extracted again by today's extractor, or why not."""
    pointer = task.current_capture
    if pointer is None:
        return "its page was not archived"
    why = f"no archive folder holds {pointer.file}"
    for root in roots:
        try:
            page = read_response(root, pointer)
        except ArchiveError as exc:
            why = str(exc)
            continue
        url = task.current_final_url or page.url
        done = extract_or_reason(page.body, url, min_words, None, page.header("Content-Type"))
        return done if isinstance(done, Extracted) else f"extracting it again failed: {done[1]}"
    return why


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
        key = outcome.change_key or change_key(extraction.title, extraction.text)
        kind, created = store_text(
            capture,
            session,
            task,
            NewText(extraction, key, result, pointer, outcome.reread, outcome.reread_error),
        )
        if kind == "unchanged":
            counts["revisits_unchanged"] += 1
            return
        counts["extractions_changed"] += 1
        if kind == "unverified":
            counts["revisits_unverified"] += 1
        if created:
            counts["revisions" if kind == "revised" else "versions_unverified"] += 1


@dataclass(frozen=True)
class NewText:
    """A new capture's text of a stored article, and (when the extractor changed since the
    current version) that version's page read again, or why it could not be."""

    extraction: Extraction
    change_key: str
    result: FetchResult
    pointer: WarcPointer | None
    reread: Extracted | None = None
    reread_error: str | None = None


def store_text(
    capture: Capture, session: Session, task: RevisitTask, new: NewText
) -> tuple[str, bool]:
    """Store a new capture's text of the article of ``task`` (its current version) by the rule
    of this module: ``unchanged`` (the same text up to noise, or the same page read by a newer
    extractor: the re-read stored alone), ``revised`` (a real edit, after the re-read when
    there is one) or ``unverified``; with whether a version of the new text was stored."""
    extraction, key, current = new.extraction, new.change_key, task.current
    if extraction.summary_only and not task.current_summary_only:
        return "unchanged", False
    current_key = task.current_change_key or (
        change_key(current.title, current.text) if current else None
    )
    if key == current_key:
        return "unchanged", False
    current_no = current.version_no if current else 0
    if new.reread is not None and _store_reread(capture, session, task, new.reread):
        current_no += 1
    if new.reread is not None and key == new.reread.change_key:
        return "unchanged", False  # the same page, read by a newer extractor
    marked: str | None = None  # the new text's extractor_change
    if new.reread_error is not None:
        marked = "unverified"
        log.info(
            "%s: the extractor changed (%s -> %s) and version %s could not be read"
            " again: %s; the new text is stored as unverified, not as an edit",
            task.url,
            task.current_extractor or "unknown",
            extraction.extractor_version,
            current_no,
            new.reread_error,
        )
    created = store_version(
        session,
        task.article_id,
        extraction,
        captured_at=new.result.fetched_at,
        result=new.result,
        pointer=new.pointer,
        change_key=key,
        extractor_change=marked,
    )
    if created:
        record_history(
            session,
            task.article_id,
            kind=marked or "revised",
            at=new.result.fetched_at,
            detail=new.reread_error,
            from_version=current_no or None,
            to_version=current_no + 1 if current_no else None,
        )
    return marked or "revised", created


def _store_reread(capture: Capture, session: Session, task: RevisitTask, reread: Extracted) -> bool:
    """Store the current version's page as today's extractor reads it, as a ``reextracted``
    version captured when that page was (nothing when it reads the same: same change key)."""
    current = task.current
    if current is None or reread.change_key == (
        task.current_change_key or change_key(current.title, current.text)
    ):
        return False
    created = store_version(
        session,
        task.article_id,
        reread.extraction,
        captured_at=current.captured_at,
        result=None,
        pointer=task.current_capture,
        change_key=reread.change_key,
        extractor_change="reextracted",
    )
    if created:
        capture.counts["reextractions"] += 1
        record_history(
            session,
            task.article_id,
            kind="reextracted",
            at=utcnow(),
            detail=f"{task.current_extractor or '?'} -> {reread.extraction.extractor_version}",
            from_version=current.version_no,
            to_version=current.version_no + 1,
        )
    return created
