"""Page bytes -> an extraction with its change key, or a (reason, message) failure: in this
process or in a pool of spawned worker processes. Shared by the ingest and revisit phases;
touches no database and no network."""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

from aggregator.compare.revisions import change_key
from aggregator.errors import ExtractError, failure_detail
from aggregator.parse.extract import extract_article
from aggregator.pipeline.locks import pid_alive
from aggregator.records import Entry, Extraction

log = logging.getLogger(__name__)

INTERNAL = "internal_error"


def internal_error(exc: Exception) -> str:
    """The detail of a failure no stage expected (the line recording it names the URL)."""
    what = f"unexpected {type(exc).__name__}: {exc} (a bug; please report it)"
    return failure_detail(what, INTERNAL, "skipped")


@dataclass(frozen=True)
class Extracted:
    """An extraction with its change key (computed where the extraction ran: in a worker
    process when there is a pool, keeping the storing thread free)."""

    extraction: Extraction
    change_key: str


def extract_or_reason(
    body: bytes,
    url: str,
    min_words: int,
    entry: Entry | None,
    content_type: str | None = None,
) -> Extracted | tuple[str, str]:
    """extract_article, with a failure as (reason, message): picklable across processes.

    ``content_type`` is the response's Content-Type header: its charset decides how the page
    is decoded when the bytes carry no BOM.
    """
    try:
        extraction = extract_article(
            body, url=url, min_words=min_words, entry=entry, content_type=content_type
        )
        return Extracted(extraction, change_key(extraction.title, extraction.text))
    except ExtractError as exc:
        return exc.reason, exc.detail
    except Exception as exc:  # an extractor bug must cost one page, not the whole run
        log.exception("extracting %s failed unexpectedly", url)
        return INTERNAL, internal_error(exc)


def _extractor_started(parent: int) -> None:
    """In each extraction process: import the extractor once, and exit when the process that
    started the pool is gone (killed outright, it cannot tell its workers to stop)."""
    import aggregator.parse.extract  # noqa: F401

    def watch() -> None:
        while True:
            time.sleep(1.0)
            if not pid_alive(parent):
                os._exit(0)

    threading.Thread(target=watch, daemon=True, name="parent-watch").start()


class ExtractorPool:
    """Extraction in worker processes, so a large ingest or replay uses every core.

    Fetch threads hand page bytes to the pool and wait for the result; the GIL would otherwise
    hold extraction (pure CPU) to one core. Workers are spawned (not forked from a process
    with threads) and exit by themselves if the run is killed.
    """

    def __init__(self, processes: int) -> None:
        self._pool = ProcessPoolExecutor(
            processes,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_extractor_started,
            initargs=(os.getpid(),),
        )

    def __enter__(self) -> ExtractorPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)

    def extract(
        self,
        body: bytes,
        *,
        url: str,
        min_words: int,
        entry: Entry | None,
        content_type: str | None = None,
    ) -> Extracted | tuple[str, str]:
        return self._pool.submit(
            extract_or_reason, body, url, min_words, entry, content_type
        ).result()
