"""Wires the stages to each other and to the store; one module per job.

Stages never import this package; the CLI and the cron wrappers call only these functions.
The job functions named here are imported on first use (PEP 562), so that a command needing
one job (``aggregator extract`` imports ``pipeline.extract`` only) does not pay for loading
the database layer and every other job first.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from aggregator.pipeline.corpus import run_import
    from aggregator.pipeline.export import run_export
    from aggregator.pipeline.ingest import run_ingest
    from aggregator.pipeline.schema import upgrade_schema

__all__ = ["run_export", "run_import", "run_ingest", "upgrade_schema"]

_MODULES = {
    "run_export": "export",
    "run_import": "corpus",
    "run_ingest": "ingest",
    "upgrade_schema": "schema",
}


def __getattr__(name: str) -> Any:
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)
