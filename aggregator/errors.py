"""One exception tree for the whole package.

    AggregatorError                 base: anything this package raises on purpose
    ├── ConfigError                 feeds.yaml or the environment is invalid (exit 2)
    ├── LockHeldError               another run holds the job's lock (exit 75)
    ├── FetchError                  an HTTP fetch failed (``transient`` says if a retry may help)
    │   └── BlockedURLError         a URL is refused before any request (scheme, robots.txt, size)
    ├── FeedParseError              bytes could not be read as RSS, Atom or a news sitemap
    ├── ExtractError                a page yielded no usable article text
    ├── ArchiveError                a WARC file could not be written or read
    ├── ImportRowError              one row of a researcher's corpus file is invalid
    └── StoreError                  the database refused an operation

    RunInterrupted (a KeyboardInterrupt)  SIGTERM/SIGINT stopped a job run

Library exceptions are wrapped at the boundary with ``raise ... from exc``; messages name what
failed, the input (feed, URL, file:line) and what happens next. A failure about one URL
(``FetchError``, ``FeedParseError``, ``ExtractError``) names it once: its ``detail`` is the
message without the URL, "what went wrong [reason]; what happens next", for the lines (run
summaries, ``status``) that name the feed or article already.
"""

from __future__ import annotations

import signal


def failure_detail(what: str, reason: str, after: str) -> str:
    """The one shape of a URL's failure without the URL: ``what [reason]; after``."""
    return f"{what} [{reason}]; {after}"


def with_reason(reason: str | None, detail: str) -> str:
    """``detail`` with its reason tag: as it is when it carries ``[reason]``, else prefixed
    (details recorded before they carried it, or with no reason)."""
    if not reason or f"[{reason}]" in detail:
        return detail
    return f"{reason}: {detail}" if detail else reason


class AggregatorError(Exception):
    """Raised when any expected failure of the pipeline occurs."""


class ConfigError(AggregatorError):
    """Raised when configuration (feeds.yaml, environment) is missing or invalid."""


class LockHeldError(AggregatorError):
    """Raised when another run already holds the lock of the job being started."""


class FetchError(AggregatorError):
    """Raised when an HTTP fetch fails after its retries.

    ``transient`` is True when the same request may succeed later (timeouts, resets, 429, 5xx);
    ``status`` is the last HTTP status seen, if any; ``reason`` is a short machine-readable tag
    (``timeout``, ``connect``, ``http_404``, ``too_large``, ``redirect_loop`` ...); ``detail``
    is the message without the URL (``fetch.reasons.fetch_failure`` builds both).
    """

    def __init__(
        self,
        message: str,
        *,
        url: str,
        reason: str,
        transient: bool = False,
        status: int | None = None,
        detail: str | None = None,
    ) -> None:
        super().__init__(message)
        self.url = url
        self.reason = reason
        self.transient = transient
        self.status = status
        self.detail = message if detail is None else detail


class BlockedURLError(FetchError):
    """Raised when a URL is refused before any request (bad scheme, robots.txt, address)."""


class FeedParseError(AggregatorError):
    """Raised when bytes cannot be read as RSS, Atom or a news sitemap.

    ``what`` says what is wrong with the document ("an HTML page, not a feed"); the message is
    ``feed URL: what [reason]; after`` (``subject`` "sitemap" for a sitemap).
    """

    def __init__(
        self, what: str, *, url: str, reason: str, after: str = "skipped", subject: str = "feed"
    ) -> None:
        self.detail = failure_detail(what, reason, after)
        super().__init__(f"{subject} {url}: {self.detail}")
        self.url = url
        self.reason = reason


class ExtractError(AggregatorError):
    """Raised when a page yields no usable article text and no fallback applies.

    ``what`` says what is wrong with the page; the message is ``page URL: what [reason]; after``.
    """

    def __init__(self, what: str, *, url: str, reason: str, after: str = "skipped") -> None:
        self.detail = failure_detail(what, reason, after)
        super().__init__(f"page {url}: {self.detail}")
        self.url = url
        self.reason = reason


class ArchiveError(AggregatorError):
    """Raised when a WARC file cannot be written, found or read."""


class ImportRowError(AggregatorError):
    """Raised when one row of an imported corpus file is invalid (names file and line)."""


class StoreError(AggregatorError):
    """Raised when the database refuses an operation or is at the wrong schema version."""


class RunInterrupted(KeyboardInterrupt):
    """Raised in the main thread when SIGTERM or SIGINT arrives during a job run.

    Not an ``Exception``, so that ``except Exception`` around per-item work does not swallow it;
    the run records itself as ``interrupted`` and the command exits ``128 + signal`` (143, 130).
    A ``KeyboardInterrupt`` because it arrives at any point, like Ctrl-C, and the database
    libraries survive only that one there: psycopg cancels the statement in flight when a
    KeyboardInterrupt stops its wait, so the connection is not left mid-query (``ACTIVE``),
    where SQLAlchemy's pre-ping (which resets ``autocommit`` in a ``finally``) failed with a
    ProgrammingError that replaced the stop.
    """

    def __init__(self, signum: int) -> None:
        self.signum = signum
        self.exit_code = 128 + signum
        super().__init__(f"stopped by {signal_name(signum)}")


def signal_name(signum: int) -> str:
    """``SIGTERM`` for 15 and so on; ``signal N`` for a number with no name."""
    try:
        return signal.Signals(signum).name
    except ValueError:
        return f"signal {signum}"
