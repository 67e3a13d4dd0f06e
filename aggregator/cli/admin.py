"""Commands for whoever runs the aggregator: ``db upgrade`` (the schema) and ``status`` (feed
health and the last runs)."""

from __future__ import annotations

import json
import sys

import click

from aggregator.console import EXIT_PARTIAL, handle_errors, settings_of


@click.group()
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


@click.command()
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
