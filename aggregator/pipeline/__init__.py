"""Wires the stages to each other and to the store; one module per job.

Stages never import this package; the CLI and the cron wrappers call only these functions.
"""

from aggregator.pipeline.common import summarise_failures
from aggregator.pipeline.files import run_export, run_import
from aggregator.pipeline.ingest import run_ingest

__all__ = ["run_export", "run_import", "run_ingest", "summarise_failures"]
