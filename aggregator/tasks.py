"""Work items claimed from the store: a feed to fetch, an article's first fetch, a revisit.

``store.work`` builds these when it leases rows; the pipeline's phases consume them. Frozen, so
a task can cross a thread (or process) boundary without sharing state with the session.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from aggregator.records import Entry, Validators, VersionText, WarcPointer


@dataclass(frozen=True)
class FeedTask:
    """A feed leased for fetching, with what a conditional GET needs."""

    feed_id: int
    url: str
    kind: str
    outlet: str
    outlet_id: int
    language: str | None
    section: str | None
    validators: Validators


@dataclass(frozen=True)
class ArticleTask:
    """An article leased for its first fetch; ``entry`` is what its feed said about it."""

    article_id: int
    url: str
    outlet: str
    entry: Entry
    attempts: int
    validators: Validators


@dataclass(frozen=True)
class RevisitTask:
    """A stored article leased for a revisit, with its current version to compare against."""

    article_id: int
    url: str
    outlet: str
    first_seen: datetime
    revisits_done: int
    validators: Validators
    current: VersionText | None
    current_change_key: str | None
    current_summary_only: bool
    # which extractor made the current text, and where its page is archived (to read it again
    # when the extractor has changed since: ``pipeline.revisit``)
    current_extractor: str = ""
    current_capture: WarcPointer | None = None
    current_final_url: str | None = None
