"""The article phase of ingest: a leased article -> its fetched page -> an extraction -> its
first version (merged with the article that already owns its canonical URL) and the start of
its revisit schedule. A page whose canonical URL names a stored article is a new capture of
that article, stored by the revisit's rule (``revisit.store_text``): noise is no version and an
extractor upgrade no edit. Touches the network (through the fetcher), the archive and the
store."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urljoin

from aggregator.compare.revisions import change_key
from aggregator.errors import FetchError
from aggregator.pipeline.capture import Capture, FetcherLike
from aggregator.pipeline.extraction import Extracted, ExtractorPool, extract_or_reason
from aggregator.pipeline.revisit import NewText, extractor_check, store_text
from aggregator.records import Extraction, FetchResult
from aggregator.store.articles import record_article_failure, resolve_canonical, store_version
from aggregator.store.revisits import schedule_first_revisit, stored_task
from aggregator.tasks import ArticleTask
from aggregator.urls import canonical_url, choose_canonical, strip_tracking


@dataclass(frozen=True)
class ArticleOutcome:
    task: ArticleTask
    result: FetchResult | None
    extraction: Extraction | None
    reason: str | None = None
    error: str | None = None
    change_key: str | None = None


def fetch_article(
    fetcher: FetcherLike,
    task: ArticleTask,
    *,
    min_words: int,
    allow_private: bool,
    extractor: ExtractorPool | None = None,
) -> ArticleOutcome:
    """Fetch one article page and extract it (in ``extractor``'s processes when given)."""
    try:
        result = fetcher.fetch(task.url, allow_private=allow_private)
    except FetchError as exc:
        return ArticleOutcome(task, None, None, exc.reason, exc.detail)
    content_type = result.header("Content-Type")
    if extractor is not None:
        done = extractor.extract(
            result.body,
            url=result.final_url,
            min_words=min_words,
            entry=task.entry,
            content_type=content_type,
        )
    else:
        done = extract_or_reason(result.body, result.final_url, min_words, task.entry, content_type)
    if not isinstance(done, Extracted):
        return ArticleOutcome(task, result, None, done[0], done[1])
    extraction = done.extraction
    if extraction.word_count < min_words and not extraction.summary_only:
        # too few words and no feed summary to stand in: a failed extraction (a stub, an error
        # page served with 200, a layout we no longer read), as a revisit counts it
        words = f"{extraction.word_count} words < min_words {min_words}"
        return ArticleOutcome(task, result, None, "too_short", f"too short: {words} [too_short]")
    return ArticleOutcome(task, result, extraction, change_key=done.change_key)


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


def store_article(capture: Capture, outcome: ArticleOutcome) -> None:
    """Record one article fetch: archive, fetch log, and its version or its failure."""
    task = outcome.task
    counts = capture.counts
    counts["pages"] += 1
    pointer = capture.archive_result(outcome.result, kind="article", outlet=task.outlet)
    with capture.sessions.begin() as session:
        capture.log_outcome(session, task.url, outcome, pointer, article_id=task.article_id)
        if outcome.extraction is None or outcome.result is None:
            counts["pages_failed"] += 1
            record_article_failure(
                session,
                task.article_id,
                reason=outcome.reason or "error",
                message=outcome.error or "",
            )
            capture.fail(f"article {task.url}", outcome.reason, outcome.error)
            return
        extraction = outcome.extraction
        article_id = task.article_id
        try:
            canonical = choose_canonical(outcome.result.final_url, extraction.canonical_url)
        except ValueError:
            canonical = None
        if canonical:
            display = _display_url(outcome.result.final_url, extraction.canonical_url, canonical)
            article_id = resolve_canonical(session, article_id, canonical, display)
            if article_id != task.article_id:
                counts["articles_merged"] += 1
        owner = stored_task(session, article_id) if article_id != task.article_id else None
        if owner is not None:  # a new capture of a stored article
            key = outcome.change_key or change_key(extraction.title, extraction.text)
            done = Extracted(extraction, key)
            settings = capture.settings
            reread, why = extractor_check(owner, done, capture.roots, settings.min_words)
            new = NewText(extraction, key, outcome.result, pointer, reread, why)
            created = store_text(capture, session, owner, new)[1]
        else:
            created = store_version(
                session,
                article_id,
                extraction,
                captured_at=outcome.result.fetched_at,
                result=outcome.result,
                pointer=pointer,
                change_key=outcome.change_key,
            )
        if created:
            counts["versions"] += 1
            capture.per_outlet[task.outlet] += 1
            outlet = capture.settings.outlet(task.outlet)
            if outlet and outlet.revisit_s:
                schedule_first_revisit(
                    session,
                    article_id,
                    outcome.result.fetched_at + timedelta(seconds=outlet.revisit_s[0]),
                )
        if extraction.summary_only:
            counts["summary_only"] += 1
