"""Export job ``export all``: every kind of docs/codebook.md into one folder, from one read.

All kinds are read in one database transaction (``snapshot_session``: SQLite read transaction,
PostgreSQL REPEATABLE READ), so a `cluster` or `ingest` committing meanwhile cannot make the
files disagree (an article naming an event `events.csv` lacks). Each event's framing analysis
runs once and feeds the five framing kinds (comparison, terms, quotes, entities,
translations). Rows stream to the files as they come (memory does not grow with the database);
the folder appears whole or not at all (``output.folder``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from aggregator.config import Settings
from aggregator.pipeline.export import check_filters, default_format
from aggregator.pipeline.runs import stop_on_signals
from aggregator.rows import Selection
from aggregator.store.reads import iter_article_rows, iter_event_rows, iter_versions
from aggregator.store.session import open_database, snapshot_session

if TYPE_CHECKING:
    from aggregator.output.folder import ExportFolder

# the kinds in the order they are written (and listed in the summary line)
ALL_KINDS = (
    *("articles", "events", "comparison", "terms", "quotes", "entities", "translations"),
    *("revisions", "texts"),
)
FRAMING_KINDS = ("comparison", "terms", "quotes", "entities", "translations")


@dataclass(frozen=True)
class AllExported:
    """What ``export all`` did: rows written by kind, in order; what it cleaned up first."""

    counts: dict[str, int]
    removed: tuple[str, ...] = ()


def run_export_all(
    settings: Settings,
    *,
    out: Path,
    fmt: str | None = None,
    excel: bool = False,
    since: datetime | None = None,
    until: datetime | None = None,
    outlets: Sequence[str] = (),
    min_outlets: int = 0,
    event_keys: Sequence[str] = (),
    all_versions: bool = False,
    engine: Engine | None = None,
) -> AllExported:
    """Write every kind into the folder ``out`` (each in ``fmt``, else its default format;
    the filters as ``export KIND`` has them); returns the rows written by kind and what earlier,
    killed exports into ``out`` had left and was removed. SIGTERM or SIGINT:
    ``RunInterrupted``, ``out`` left as it was."""
    from aggregator.output.folder import export_folder

    selection = Selection(
        since=since,
        until=until,
        outlets=tuple(outlets),
        event_keys=tuple(event_keys),
        min_outlets=min_outlets,
    )
    with stop_on_signals(), open_database(settings.database_url, engine) as db:
        check_filters(db, outlets=outlets, event_keys=event_keys)
        with export_folder(out, excel=excel) as folder, snapshot_session(db) as session:
            formats = {k: fmt or ("csv" if excel else default_format(k)) for k in ALL_KINDS}
            _tables(session, selection, folder, formats)
            _framing(session, selection, folder, formats, settings)
            _revisions(session, selection, folder, formats)
            _texts(session, selection, folder, formats, all_versions=all_versions)
            return AllExported(folder.counts(), tuple(folder.removed))


def _tables(
    session: Session, selection: Selection, folder: ExportFolder, formats: dict[str, str]
) -> None:
    from aggregator.output import export

    articles = folder.open("articles", formats["articles"])
    articles.write(export.article_record(row) for row in iter_article_rows(session, selection))
    folder.close("articles")
    events = folder.open("events", formats["events"])
    events.write(export.event_record(row) for row in iter_event_rows(session, selection))
    folder.close("events")


def _framing(
    session: Session,
    selection: Selection,
    folder: ExportFolder,
    formats: dict[str, str],
    settings: Settings,
) -> None:
    """One comparison of each event -> the five framing files, as the single kinds write them."""
    from aggregator.output import export
    from aggregator.pipeline.compare import compared_events, term_rule

    files = {kind: folder.open(kind, formats[kind]) for kind in FRAMING_KINDS}
    to_rows = {
        "comparison": export.comparison_records,
        "terms": export.term_records,
        "quotes": export.quote_records,
        "translations": export.translation_records,
    }
    outlets = selection.outlets
    for event, comparison, _ in compared_events(session, selection, rule=term_rule(settings)):
        for kind, records in to_rows.items():
            files[kind].write(
                row
                for row in records(comparison)
                if not outlets or row.get("outlet") in (None, *outlets)
            )
        # `export entities` lists them in the stored order of the event's articles
        place = {a.article_id: n for n, a in enumerate(event.articles)}
        entities = sorted(comparison.entities, key=lambda e: place[e.article_id])
        external = {a.article_id: a.external_id for a in event.articles}
        files["entities"].write(
            row
            for row in export.entity_records(event.event_id, entities, external)
            if not outlets or row["outlet"] in outlets
        )
    for kind in FRAMING_KINDS:
        folder.close(kind)


def _revisions(
    session: Session, selection: Selection, folder: ExportFolder, formats: dict[str, str]
) -> None:
    from aggregator.compare.revisions import article_revisions
    from aggregator.output import export

    revisions = folder.open("revisions", formats["revisions"])
    for article in iter_versions(session, selection):
        changes = article_revisions(article.article_id, article.versions)
        revisions.write(export.revision_records(article, changes))
    folder.close("revisions")


def _texts(
    session: Session,
    selection: Selection,
    folder: ExportFolder,
    formats: dict[str, str],
    *,
    all_versions: bool,
) -> None:
    from aggregator.output import export
    from aggregator.store.texts import iter_text_rows

    texts = folder.open("texts", formats["texts"])
    rows = iter_text_rows(session, selection, all_versions=all_versions)
    texts.write(export.text_record(row) for row in rows)
    folder.close("texts")


def summary_line(done: AllExported, out: Path) -> str:
    """``export all: articles 18 rows, events 4 rows, … -> DIR``."""
    parts = [f"{kind} {n} row" + ("" if n == 1 else "s") for kind, n in done.counts.items()]
    return f"export all: {', '.join(parts)} -> {out}"
