"""What an ingest run records of each fetch, whichever phase made it: fetched responses -> WARC
records, fetch-log rows, counts and the run's failure list. Touches the WARC archive and the
fetch log; the fetcher protocol the phases fetch through lives here too."""

from __future__ import annotations

import logging
from collections import Counter
from pathlib import Path
from typing import Protocol

from sqlalchemy.orm import Session, sessionmaker

from aggregator.config import Settings
from aggregator.errors import with_reason
from aggregator.fetch.archive import WarcArchive
from aggregator.records import FetchResult, Validators, WarcPointer
from aggregator.store.runs import log_fetch

log = logging.getLogger(__name__)


class FetcherLike(Protocol):
    """A live ``Fetcher`` or a ``ReplayFetcher`` reading WARC files."""

    def fetch(
        self,
        url: str,
        *,
        validators: Validators | None = None,
        allow_private: bool = False,
        accept: str | None = None,
    ) -> FetchResult: ...

    def set_host_policy(self, host: str, *, min_delay_s: float, concurrency: int) -> None: ...


class Outcome(Protocol):
    """What a feed, article or revisit task came to: a response, or why there is none."""

    @property
    def result(self) -> FetchResult | None: ...

    @property
    def reason(self) -> str | None: ...

    @property
    def error(self) -> str | None: ...


class Capture:
    """The record one ingest run keeps: its run id, counts and failures, the archive its
    responses go to, and the sessions its writes go through."""

    def __init__(
        self, settings: Settings, sessions: sessionmaker[Session], archive: WarcArchive | None
    ) -> None:
        self.settings = settings
        self.sessions = sessions
        self.archive = archive
        self.run_id: int | None = None
        self.counts: Counter[str] = Counter()
        self.per_outlet: Counter[str] = Counter()
        self.failures: list[str] = []
        # where stored versions' WARC pointers may be relative to (``revisit.archive_roots``)
        self.roots: tuple[Path, ...] = (settings.archive_dir,)

    def archive_result(self, result: FetchResult | None, **meta: str) -> WarcPointer | None:
        """Where ``result`` is archived: its own record when replayed, else a new one (None
        without a response or an archive)."""
        if result is None:
            return None
        if result.warc is not None:
            return result.warc
        if self.archive is None:
            return None
        return self.archive.write(result, metadata=meta)

    def fail(self, what: str, reason: str | None, error: str | None) -> None:
        """Record the failure of ``what`` ("feed URL"); ``error`` is a detail without the URL."""
        line = f"{what}: {with_reason(reason or 'error', error or '')}"
        self.failures.append(line)
        log.warning("%s", line)

    def log_outcome(
        self,
        session: Session,
        url: str,
        outcome: Outcome,
        pointer: WarcPointer | None,
        *,
        feed_id: int | None = None,
        article_id: int | None = None,
    ) -> None:
        """One fetch-log row for the outcome of a feed, article or revisit task."""
        log_fetch(
            session,
            run_id=self.run_id,
            url=url,
            ok=outcome.error is None,
            result=outcome.result,
            feed_id=feed_id,
            article_id=article_id,
            reason=outcome.reason,
            error=outcome.error,
            pointer=pointer,
        )
