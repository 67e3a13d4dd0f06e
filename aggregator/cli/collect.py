"""Commands that bring articles in: ``ingest`` (feeds and pages, or replayed WARC files),
``worker`` (ingest and clustering in a loop), ``import`` (a researcher's corpus) and ``extract``
(saved pages printed as JSON, nothing stored)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from aggregator.console import (
    EXIT_PARTIAL,
    finish,
    handle_errors,
    print_pages,
    progress_bar,
    settings_of,
    summary_line,
    usage_errors,
    wait_option,
)


@click.command()
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


@click.command()
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


@click.command("import")
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


@click.command()
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
