"""Helpers shared by the pipeline jobs: engine lifetime and failure summaries."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from sqlalchemy import Engine

from aggregator.config import Settings
from aggregator.store.session import make_engine, require_schema


@contextmanager
def database(settings: Settings, engine: Engine | None) -> Iterator[Engine]:
    """The given engine, or one made from settings and disposed of afterwards."""
    if engine is not None:
        require_schema(engine)
        yield engine
        return
    created = make_engine(settings.database_url)
    try:
        require_schema(created)
        yield created
    finally:
        created.dispose()


def summarise_failures(failures: Iterable[str], limit: int = 5) -> str:
    items = list(failures)
    shown = "; ".join(items[:limit])
    more = f" (+{len(items) - limit} more)" if len(items) > limit else ""
    return shown + more
