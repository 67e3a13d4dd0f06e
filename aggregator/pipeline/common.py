"""Helpers shared by the pipeline jobs: engine lifetime and failure summaries."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import Engine

from aggregator.compare.revisions import change_key
from aggregator.config import Settings
from aggregator.errors import ExtractError
from aggregator.parse.extract import extract_article
from aggregator.records import Entry, Extraction
from aggregator.store.session import make_engine, require_schema

log = logging.getLogger(__name__)


@contextmanager
def database(settings: Settings, engine: Engine | None) -> Iterator[Engine]:
    """The given engine, or one made from settings and disposed of afterwards."""
    if engine is not None:
        require_schema(engine)
        yield engine
        return
    created = make_engine(settings.database_url)
    try:
        require_schema(created)
        yield created
    finally:
        created.dispose()


def summarise_failures(failures: Iterable[str], limit: int = 5) -> str:
    items = list(failures)
    shown = "; ".join(items[:limit])
    more = f" (+{len(items) - limit} more)" if len(items) > limit else ""
    return shown + more


def pid_alive(pid: int) -> bool:
    """Whether process ``pid`` of this machine still runs."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a killed process not yet reaped is a zombie: dead for our purposes
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as stat:
            return stat.read().rsplit(")", 1)[-1].split()[0] != "Z"
    except (OSError, IndexError):
        return True


@dataclass(frozen=True)
class Extracted:
    """An extraction with its change key (computed where the extraction ran: in a worker
    process when there is a pool, keeping the storing thread free)."""

    extraction: Extraction
    change_key: str


def extract_or_reason(
    body: bytes, url: str, min_words: int, entry: Entry | None
) -> Extracted | tuple[str, str]:
    """extract_article, with a failure as (reason, message): picklable across processes."""
    try:
        extraction = extract_article(body, url=url, min_words=min_words, entry=entry)
        return Extracted(extraction, change_key(extraction.title, extraction.text))
    except ExtractError as exc:
        return exc.reason, str(exc)
    except Exception as exc:  # an extractor bug must cost one page, not the whole run
        log.exception("extracting %s failed unexpectedly", url)
        return INTERNAL, internal_error(url, exc)


INTERNAL = "internal_error"


def internal_error(url: str, exc: Exception) -> str:
    return f"{url}: unexpected {type(exc).__name__}: {exc} (a bug; please report it); skipped"
