"""Import job: a researcher's corpus file (JSONL/CSV) -> articles with one version each, bad
rows reported by line and skipped. Touches the store (articles, versions, a run)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from sqlalchemy import Engine

from aggregator.config import Settings
from aggregator.errors import ImportRowError
from aggregator.parse.corpus import read_corpus, row_extraction
from aggregator.records import ImportRow, RunSummary
from aggregator.store.articles import import_article
from aggregator.store.runs import finish_run, start_run
from aggregator.store.session import open_database, session_factory


def _run_import(settings: Settings, path: Path, *, engine: Engine) -> RunSummary:
    """Load a researcher's corpus file; bad rows are reported with their line and skipped."""
    sessions = session_factory(engine)
    counts: Counter[str] = Counter()
    failures: list[str] = []
    with sessions.begin() as session:
        run_id = start_run(session, "import")
    batch: list[ImportRow] = []

    def flush() -> None:
        with sessions.begin() as session:
            for row in batch:
                created = import_article(session, row, row_extraction(row))
                counts["imported" if created else "unchanged"] += 1
        batch.clear()

    for item in read_corpus(path):
        if isinstance(item, ImportRowError):
            failures.append(str(item))
            counts["bad_rows"] += 1
            continue
        batch.append(item)
        if len(batch) >= 500:
            flush()
    flush()
    with sessions.begin() as session:
        finish_run(
            session,
            run_id,
            counts=dict(counts),
            failures=len(failures),
            message="; ".join(failures[:20]) or None,
        )
    return RunSummary("import", dict(counts), tuple(failures))


def run_import(settings: Settings, path: Path, *, engine: Engine | None = None) -> RunSummary:
    """Load a researcher's corpus file; see ``_run_import``."""
    with open_database(settings.database_url, engine) as db:
        return _run_import(settings, path, engine=db)
