"""Export job: stored articles, events, revisions or comparisons -> one CSV or JSONL file,
streamed. Reads the store; writes only the output file (or standard output)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from aggregator.config import Settings
from aggregator.errors import ConfigError
from aggregator.pipeline.runs import stop_on_signals
from aggregator.rows import Selection
from aggregator.store.reads import (
    iter_article_rows,
    iter_event_rows,
    iter_events_with_articles,
    iter_versions,
    latest_event_keys,
    outlet_slugs,
    unknown_event_keys,
)
from aggregator.store.session import open_database, session_factory


def writes_stdout(out: Path) -> bool:
    """Whether an export to ``out`` goes to standard output (``-``, ``/dev/stdout``)."""
    from aggregator.output.export import is_stdout

    return is_stdout(out)


class UnknownFilterError(ConfigError):
    """Raised when an ``--outlet`` or ``--event`` filter names nothing stored (a usage error:
    a typo would otherwise give an empty file and exit 0)."""


def check_filters(
    engine: Engine, *, outlets: Sequence[str] = (), event_keys: Sequence[str] = ()
) -> None:
    """Raise ``UnknownFilterError`` listing the known values when a filter names no stored
    outlet or event."""
    if not outlets and not event_keys:
        return
    with session_factory(engine)() as session:
        if outlets:
            known = outlet_slugs(session)
            unknown = [slug for slug in outlets if slug not in known]
            if unknown:
                raise UnknownFilterError(
                    f"unknown outlet {', '.join(unknown)}; "
                    f"known outlets: {', '.join(known) or '(none stored yet)'}"
                )
        missing = unknown_event_keys(session, event_keys) if event_keys else []
        if missing:
            latest = latest_event_keys(session)
            raise UnknownFilterError(
                f"unknown event {', '.join(missing)}; "
                + (
                    f"latest events: {', '.join(latest)} (all: aggregator export events)"
                    if latest
                    else "no events stored yet (run aggregator cluster)"
                )
            )


def default_format(kind: str) -> str:
    """The format of an export when none is asked for: JSONL for `texts` (long bodies with
    line breaks read badly as CSV cells), CSV for the rest."""
    return "jsonl" if kind == "texts" else "csv"


def _run_export(
    settings: Settings,
    kind: str,
    *,
    fmt: str | None,
    out: Path,
    since: datetime | None = None,
    until: datetime | None = None,
    outlets: Sequence[str] = (),
    min_outlets: int = 0,
    event_keys: Sequence[str] = (),
    excel: bool = False,
    all_versions: bool = False,
    said: list[str] | None = None,
    engine: Engine,
) -> int:
    """Stream one export KIND to ``out``; returns the number of rows written. ``fmt`` None is
    CSV with ``excel``, else the kind's default (``default_format``); ``all_versions``: `texts`
    of every version; ``said`` gets a line about each temporary file of a killed export into
    ``out`` that was removed."""
    from aggregator.output import export

    if kind not in export.COLUMNS:
        raise UnknownFilterError(f"unknown export {kind!r}; allowed: {', '.join(export.COLUMNS)}")
    check_filters(engine, outlets=outlets, event_keys=event_keys)
    columns = export.COLUMNS[kind]
    fmt = fmt or ("csv" if excel else default_format(kind))
    selection = Selection(
        since=since,
        until=until,
        outlets=tuple(outlets),
        event_keys=tuple(event_keys),
        min_outlets=min_outlets,
    )

    def write(rows: Iterator[dict[str, Any]]) -> int:
        return export.write_rows(rows, columns=columns, fmt=fmt, out=out, excel=excel, said=said)

    if kind in ("comparison", "terms", "quotes", "translations"):
        from aggregator.pipeline.compare import iter_comparisons, term_rule

        to_rows = {
            "comparison": export.comparison_records,
            "terms": export.term_records,
            "quotes": export.quote_records,
            "translations": export.translation_records,
        }[kind]
        compared = iter_comparisons(engine, selection, rule=term_rule(settings))
        rows: Iterator[dict[str, Any]] = (
            row
            for comparison, _ in compared
            for row in to_rows(comparison)
            if not outlets or row.get("outlet") in (None, *outlets)
        )
        return write(rows)
    if kind == "revisions":
        return write(_revision_rows(engine, selection))
    if kind == "entities":
        return write(_entity_rows(engine, selection))
    if kind == "texts":
        from aggregator.store.texts import iter_text_rows

        with session_factory(engine)() as session:
            texts = iter_text_rows(session, selection, all_versions=all_versions)
            return write(export.text_record(row) for row in texts)
    with session_factory(engine)() as session:
        if kind == "events":
            rows = (export.event_record(e) for e in iter_event_rows(session, selection))
        else:
            rows = (export.article_record(item) for item in iter_article_rows(session, selection))
        return write(rows)


def _revision_rows(engine: Engine, selection: Selection) -> Iterator[dict[str, Any]]:
    from aggregator.compare.revisions import article_revisions
    from aggregator.output import export

    with session_factory(engine)() as session:
        for article in iter_versions(session, selection):
            revisions = article_revisions(article.article_id, article.versions)
            yield from export.revision_records(article, revisions)


def _entity_rows(engine: Engine, selection: Selection) -> Iterator[dict[str, Any]]:
    """Named entities of each stored event's articles (tagged now: see docs/codebook.md)."""
    from aggregator.compare.named import event_entities
    from aggregator.output import export

    with session_factory(engine)() as session:
        for event in iter_events_with_articles(session, selection):
            external = {a.article_id: a.external_id for a in event.articles}
            for row in export.entity_records(
                event.event_id, event_entities(event.articles), external
            ):
                if not selection.outlets or row["outlet"] in selection.outlets:
                    yield row


def run_export(
    settings: Settings, kind: str, *, engine: Engine | None = None, **kwargs: Any
) -> int:
    """Write one export; see ``_run_export``. SIGTERM or SIGINT stops it with
    ``RunInterrupted`` and the file is left as it was (its temporary file removed)."""
    with stop_on_signals(), open_database(settings.database_url, engine) as db:
        return _run_export(settings, kind, engine=db, **kwargs)
