"""The ``cluster`` command: new articles into events, a period rebuilt, or one article's
placement explained."""

from __future__ import annotations

import click

from aggregator.console import finish, handle_errors, period, settings_of, usage_errors, wait_option


@click.command()
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
