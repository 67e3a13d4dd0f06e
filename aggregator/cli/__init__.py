"""The `aggregator` command line: thin click commands over the pipeline, one module a family.

Exit codes: 0 success; 1 some items failed but the run completed (or an expected error);
2 bad usage or configuration; 75 another run holds the job's lock.

The root group and its options are here; the commands, by what they are for: :mod:`collect`
(``ingest``, ``worker``, ``import``, ``extract``: articles in), :mod:`cluster` (``cluster``),
:mod:`output` (``export``, ``report``: files for researchers) and :mod:`admin` (``db upgrade``,
``status``: for whoever runs it). Each imports its pipeline job when it runs, so ``--help`` and
``extract`` load no database layer.
"""

from __future__ import annotations

from pathlib import Path

import click

from aggregator import __version__
from aggregator.cli.admin import db, status
from aggregator.cli.cluster import cluster
from aggregator.cli.collect import extract, import_, ingest, worker
from aggregator.cli.output import export, report
from aggregator.console import ConfigAnywhere, configure_logging


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


for _command in (db, ingest, worker, import_, extract, cluster, export, report, status):
    cli.add_command(_command)


def main() -> None:
    cli(prog_name="aggregator")
