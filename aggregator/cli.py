"""The `aggregator` command line: thin click commands over the pipeline.

Exit codes: 0 success; 1 some items failed but the run completed (or an expected error);
2 bad usage or configuration; 75 another run holds the job's lock.
"""

from __future__ import annotations

import functools
import json
import sys
from pathlib import Path

import click

from aggregator import __version__
from aggregator.console import (
    EXIT_PARTIAL,
    EXPORT_KINDS,
    ConfigAnywhere,
    configure_logging,
    export_done,
    export_options,
    finish,
    handle_errors,
    kind_options,
    period,
    print_pages,
    progress_bar,
    settings_of,
    summary_line,
    tell_removed,
    term_options,
    usage_errors,
)

wait_option = click.option(
    "--wait",
    "wait_s",
    type=click.FloatRange(min=0),
    default=0.0,
    help="Seconds to wait for another run's lock (default: exit 75 at once).",
)


@click.group(cls=ConfigAnywhere, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="aggregator")
@click.option(
    "--config",
    "config",
    type=click.Path(dir_okay=False, path_type=Path),
    help="feeds.yaml to use, before or after the command (default: $AGGREGATOR_CONFIG or "
    "./feeds.yaml).",
)
@click.option("-v", "--verbose", count=True, help="More logging (-v info, -vv debug).")
@click.pass_context
def cli(ctx: click.Context, config: Path | None, verbose: int) -> None:
    """Collect news from many outlets, group it into events and compare the framing.

    \b
    Example:
      aggregator db upgrade && aggregator ingest && aggregator cluster
    """
    configure_logging(verbose)
    ctx.ensure_object(dict)["config"] = config


@cli.group()
def db() -> None:
    """Database administration.

    \b
    Example:
      AGGREGATOR_DATABASE_URL=postgresql://user@host/news aggregator db upgrade
    """


@db.command("upgrade")
@click.option("--revision", default="head", show_default=True, help="Alembic revision.")
@click.pass_context
@handle_errors
def db_upgrade(ctx: click.Context, revision: str) -> None:
    """Create or migrate the database schema.

    \b
    Example:
      aggregator db upgrade
    """
    from aggregator.pipeline import upgrade_schema

    click.echo(f"database at {revision}: {upgrade_schema(settings_of(ctx), revision)}")


@cli.command()
@click.option("--outlet", "outlets", multiple=True, help="Only this outlet (repeatable).")
@click.option(
    "--replay",
    type=click.Path(exists=True, path_type=Path),
    help="Replay a WARC file or folder instead of using the network.",
)
@wait_option
@click.pass_context
@handle_errors
def ingest(
    ctx: click.Context, outlets: tuple[str, ...], replay: Path | None, wait_s: float
) -> None:
    """Fetch feeds and articles (or replay WARC files), extract, store.

    \b
    Examples:
      aggregator ingest
      aggregator ingest --outlet bbc --outlet rt
      aggregator ingest --replay aggregator/sample/demo.warc.gz
    """
    from aggregator.pipeline import run_ingest
    from aggregator.pipeline.locks import database_job_lock

    settings = settings_of(ctx, outlets=True)
    with (
        database_job_lock(settings.database_url, settings.lock_dir, "ingest", wait_s=wait_s),
        progress_bar(True) as progress,
    ):
        summary = run_ingest(settings, outlets=outlets or None, replay=replay, progress=progress)
    finish(summary)


@cli.command()
@click.option("--until-idle", is_flag=True, help="Exit once no work is left (else run forever).")
@click.option(
    "--poll",
    "poll_s",
    type=click.FloatRange(min=0),
    default=30.0,
    show_default=True,
    help="Seconds to sleep when there is nothing to do.",
)
@click.pass_context
@handle_errors
def worker(ctx: click.Context, until_idle: bool, poll_s: float) -> None:
    """Run ingest passes and clustering in a loop; start several to share the work.

    Workers on any number of machines can share one PostgreSQL database: feeds, articles and
    revisits are claimed with leases, so each piece of work is done once, and a crashed
    worker's claims expire after `lease_s` and are taken over.

    \b
    Example:
      AGGREGATOR_DATABASE_URL=postgresql://news@db/news aggregator worker
    """
    from aggregator.pipeline.worker import run_worker

    finish(run_worker(settings_of(ctx, outlets=True), until_idle=until_idle, poll_s=poll_s))


@cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.pass_context
@handle_errors
def import_(ctx: click.Context, file: Path) -> None:
    """Load a researcher's corpus (JSONL or CSV: id,url,outlet,title,text,published[,language]).

    The input `id` is kept as `external_id`; importing the same file twice changes nothing.

    \b
    Example:
      aggregator import my_corpus.csv
    """
    from aggregator.pipeline import run_import

    with progress_bar(True) as progress:
        summary = run_import(settings_of(ctx), file, progress=progress)
    for failure in summary.failures:
        click.echo(failure, err=True)
    click.echo(summary_line(summary))
    for outlet in summary.outlets:
        click.echo(f"outlet {outlet}")
    if not summary.ok:
        sys.exit(EXIT_PARTIAL)


@cli.command()
@click.argument("files", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--url", help="The URL the page was fetched from (one FILE only; default: the page's own)."
)
@click.option(
    "--manifest",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help='JSONL file of {"file": ..., "url": ...} lines (files relative to it).',
)
@click.option("--min-words", type=int, default=80, show_default=True)
@handle_errors
def extract(
    files: tuple[Path, ...], url: str | None, manifest: Path | None, min_words: int
) -> None:
    """Print the extraction of saved pages as JSON (one object per line).

    Each page is read as if fetched from its URL, which picks the outlet's site rules: --url
    (one FILE only), or its --manifest line, or else the page's own rel=canonical or og:url.
    Exits 1 when a page failed (its object has "error"; a text under --min-words is printed
    with "error": "too_short"), with one line on standard error for each.

    \b
    Examples:
      aggregator extract page.html --url https://www.bbc.com/news/articles/c0000000000o
      aggregator extract saved/*.html
      aggregator extract --manifest pages.jsonl
    """
    from aggregator.pipeline.extract import PageListError, extract_pages, saved_pages

    with usage_errors(PageListError):
        pages = saved_pages(files, url=url, manifest=manifest)
    if print_pages(extract_pages(pages, min_words=min_words)):
        sys.exit(EXIT_PARTIAL)


@cli.command()
@click.option("--rebuild", is_flag=True, help="Recompute the events of a period from scratch.")
@click.option("--since", help="With --rebuild: articles published at or after (ISO 8601).")
@click.option("--until", help="With --rebuild: articles published before (ISO 8601).")
@click.option(
    "--explain",
    "explain",
    type=int,
    metavar="ARTICLE_ID",
    help="Show the candidate events of one article and why it went where it did.",
)
@wait_option
@click.pass_context
@handle_errors
def cluster(
    ctx: click.Context,
    rebuild: bool,
    since: str | None,
    until: str | None,
    explain: int | None,
    wait_s: float,
) -> None:
    """Assign new articles to events (or rebuild a period, or explain one article).

    \b
    Examples:
      aggregator cluster
      aggregator cluster --rebuild --since 2026-03-01 --until 2026-04-01
      aggregator cluster --explain 1234
    """
    from aggregator.pipeline.cluster import run_cluster
    from aggregator.pipeline.locks import database_job_lock

    settings = settings_of(ctx)
    if (since or until) and not rebuild:
        raise click.UsageError("--since/--until apply to --rebuild only")
    if explain is not None and rebuild:  # explain only reads: the rebuild would not happen
        raise click.UsageError("--explain shows where an article went; run --rebuild first, alone")
    if explain is not None:
        from aggregator.pipeline.cluster import UnknownArticleError
        from aggregator.pipeline.explain import render_explanation

        with usage_errors(UnknownArticleError):
            click.echo(render_explanation(settings, explain))
        return
    with database_job_lock(settings.database_url, settings.lock_dir, "cluster", wait_s=wait_s):
        summary = run_cluster(
            settings,
            rebuild=rebuild,
            **period(since, until),
        )
    finish(summary)


@cli.command()
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


@cli.command()
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


@cli.command()
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@click.pass_context
@handle_errors
def status(ctx: click.Context, fmt: str) -> None:
    """Per-feed health and the last runs; exits 1 when something needs attention.

    \b
    Example:
      aggregator status --format json
    """
    from aggregator.pipeline.status import collect_status, render_status

    report = collect_status(settings_of(ctx))
    click.echo(json.dumps(report, indent=2) if fmt == "json" else render_status(report))
    if report["attention"]:
        sys.exit(EXIT_PARTIAL)


def main() -> None:
    cli(prog_name="aggregator")
