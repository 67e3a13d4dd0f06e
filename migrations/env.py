"""Alembic environment: runs against the engine handed in by aggregator.store.session,
or AGGREGATOR_DATABASE_URL when alembic is run on its own (e.g. `alembic check`)."""

from __future__ import annotations

import os

from alembic import context
from sqlalchemy import Engine

from aggregator.config import DEFAULT_DATABASE_URL
from aggregator.store.models import Base
from aggregator.store.session import make_engine

target_metadata = Base.metadata


def run_migrations() -> None:
    engine = context.config.attributes.get("engine")
    if not isinstance(engine, Engine):
        engine = make_engine(os.environ.get("AGGREGATOR_DATABASE_URL") or DEFAULT_DATABASE_URL)
    with engine.begin() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()


run_migrations()
