"""Wires the stages to each other and to the store; one module per job.

Stages never import this package; the CLI and the cron wrappers call only these functions.
"""

from aggregator.pipeline.corpus import run_import
from aggregator.pipeline.export import run_export
from aggregator.pipeline.ingest import run_ingest
from aggregator.pipeline.schema import upgrade_schema

__all__ = ["run_export", "run_import", "run_ingest", "upgrade_schema"]
