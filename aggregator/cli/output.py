"""Commands that write what researchers read: ``export`` (CSV/JSONL files, docs/codebook.md)
and ``report`` (the static HTML side-by-side report)."""

from __future__ import annotations

import functools
from pathlib import Path

import click

from aggregator.console import (
    EXPORT_KINDS,
    export_done,
    export_options,
    handle_errors,
    kind_options,
    period,
    settings_of,
    tell_removed,
    term_options,
    usage_errors,
)


@click.command()
@click.argument("kind", type=click.Choice([*EXPORT_KINDS, "all"]))
@click.option(
    "--format", "fmt", type=click.Choice(["csv", "jsonl"]), help="Default csv; texts: jsonl."
)
@click.option(
    "--out",
    type=click.Path(allow_dash=True, path_type=Path),
    required=True,
    help="File to write; - for standard output (a device or FIFO is written directly); "
    "all: the folder.",
)
@click.option(
    "--excel", is_flag=True, help="CSV that Excel opens correctly (UTF-8 byte order mark)."
)
@export_options
@click.pass_context
@handle_errors
def export(
    ctx: click.Context,
    kind: str,
    fmt: str | None,
    out: Path,
    excel: bool,
    since: str | None,
    until: str | None,
    outlets: tuple[str, ...],
    min_outlets: int,
    events: tuple[str, ...],
) -> None:
    """Write an export (CSV or JSONL); columns are described in docs/codebook.md. `all`: every
    kind into the folder --out from one read of the database (KIND.csv, texts.jsonl).

    \b
    Examples:
      aggregator export articles --format csv --out articles.csv --since 2026-01-01
      aggregator export events --format jsonl --out - | jq .label
      aggregator export comparison --excel --out comparison.csv
      aggregator export all --out exports/2026-03-20
    """
    from aggregator.pipeline.export import UnknownFilterError, run_export
    from aggregator.pipeline.export_all import run_export_all

    if excel and fmt == "jsonl":
        raise click.UsageError("--excel applies to --format csv only")
    removed: list[str] = []  # what killed exports into --out had left
    with usage_errors(UnknownFilterError):
        single = functools.partial(run_export, kind=kind, said=removed)
        count = (single if kind != "all" else run_export_all)(
            settings_of(ctx),
            fmt=fmt,
            out=out,
            excel=excel,
            **period(since, until),
            outlets=outlets,
            min_outlets=min_outlets,
            event_keys=events,
            **kind_options(ctx, kind),
        )
    export_done(kind, count, out, removed)


@click.command()
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), required=True)
@click.option("--since", help="Events active at or after (ISO 8601).")
@click.option("--until", help="Events that began before (ISO 8601).")
@click.option("--outlet", "outlets", multiple=True, help="Only events this outlet covers.")
@click.option(
    "--min-outlets",
    type=click.IntRange(min=0),
    default=0,
    help="Only events covered by at least this many outlets.",
)
@term_options
@click.pass_context
@handle_errors
def report(
    ctx: click.Context,
    out: Path,
    since: str | None,
    until: str | None,
    outlets: tuple[str, ...],
    min_outlets: int,
) -> None:
    """Write the static HTML side-by-side report (open DIR/index.html in a browser).

    \b
    Example:
      aggregator report --out out/report --min-outlets 2
    """
    from aggregator.pipeline.compare import run_report
    from aggregator.pipeline.export import UnknownFilterError

    with usage_errors(UnknownFilterError):
        summary = run_report(
            settings_of(ctx),
            out,
            **period(since, until),
            outlets=outlets,
            min_outlets=min_outlets,
        )
    tell_removed(summary.removed)
    click.echo(f"report: {summary.pages} event pages -> {summary.index}")
