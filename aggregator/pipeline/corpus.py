"""Import job: a researcher's corpus file (JSONL/CSV) -> articles with their versions, bad and
repeated rows reported by line and skipped. Touches the store (outlets, articles, versions, a
run); reports progress as (stage, rows done, rows in the file) to an optional callback."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine

from aggregator.config import Settings
from aggregator.errors import ImportRowError
from aggregator.parse.corpus import count_rows, read_corpus, row_extraction
from aggregator.records import Extraction, ImportRow, RunSummary
from aggregator.store.corpus import import_articles, import_outlets
from aggregator.store.runs import finish_run, start_run
from aggregator.store.session import open_database, session_factory
from aggregator.urls import registrable_domain

Progress = Callable[[str, int, int], None]
BATCH_ROWS = 1000  # rows written per transaction
PROGRESS_ROWS = 200  # rows read between two progress reports


@dataclass(frozen=True)
class ImportSummary(RunSummary):
    """A run summary plus each outlet value of the file that became another slug:
    ``'politico.com' -> politico (12 rows)``, sorted."""

    outlets: tuple[str, ...] = ()


def known_outlets(settings: Settings) -> dict[str, str]:
    """Configured outlets by lower-case name and by the registrable domain of their feeds, so
    that ``The Guardian`` or ``theguardian.com`` in a file is the configured ``guardian``."""
    known: dict[str, str] = {}
    for outlet in settings.outlets:
        known.setdefault(" ".join(outlet.name.lower().split()), outlet.slug)
        for feed in outlet.feeds:
            try:
                known.setdefault(registrable_domain(feed.url), outlet.slug)
            except ValueError:
                continue
    return known


def _run_import(
    settings: Settings, path: Path, *, engine: Engine, progress: Progress | None
) -> ImportSummary:
    sessions = session_factory(engine)
    counts: Counter[str] = Counter()
    failures: list[str] = []
    derived: Counter[tuple[str, str]] = Counter()
    outlet_ids: dict[str, int] = {}
    total = count_rows(path) if progress else 0
    done = 0
    with sessions.begin() as session:
        run_id = start_run(session, "import")
    batch: list[tuple[ImportRow, Extraction]] = []

    def flush() -> None:
        with sessions.begin() as session:
            new: dict[str, str] = {}  # a new outlet is named as its first row gives it
            for row, _ in batch:
                if row.outlet not in outlet_ids:
                    new.setdefault(row.outlet, row.outlet_given or row.outlet)
            outlet_ids.update(import_outlets(session, new))
            counts.update(import_articles(session, batch, outlet_ids))
        batch.clear()
        if progress:
            progress("rows", done, max(total, done))

    for item in read_corpus(path, known_outlets(settings)):
        done += 1
        if progress and done % PROGRESS_ROWS == 0:
            progress("rows", done, max(total, done))
        if isinstance(item, ImportRowError):
            failures.append(str(item))
            counts["bad_rows"] += 1
            continue
        if item.outlet_given and item.outlet_given.lower() != item.outlet:
            derived[(item.outlet_given, item.outlet)] += 1
        batch.append((item, row_extraction(item)))
        if len(batch) >= BATCH_ROWS:
            flush()
    flush()
    if done == 0:  # said `import: ok` with no count: an empty file is no corpus
        failures.append(f"{path}: no rows to import (the file is empty, or a header alone)")
    # nothing imported (no row, or none readable): the run failed, it is not `partial`
    status = "failed" if done == counts["bad_rows"] else None
    notes = tuple(
        f"{given!r} -> {slug} ({n} row{'' if n == 1 else 's'})"
        for (given, slug), n in sorted(derived.items())
    )
    with sessions.begin() as session:
        finish_run(
            session,
            run_id,
            counts=dict(counts),
            failures=len(failures),
            message="; ".join(failures[:20]) or None,
            status=status,
        )
    return ImportSummary(
        "import", dict(counts), tuple(failures), status=status or "", outlets=notes
    )


def run_import(
    settings: Settings,
    path: Path,
    *,
    engine: Engine | None = None,
    progress: Progress | None = None,
) -> ImportSummary:
    """Load a researcher's corpus file, ``BATCH_ROWS`` rows a transaction; bad rows, and rows
    repeating an earlier row's outlet and id or URL, are reported with their line and skipped.
    A known article (same outlet and id) gets a new version when its text changed, else
    nothing."""
    with open_database(settings.database_url, engine) as db:
        return _run_import(settings, path, engine=db, progress=progress)
