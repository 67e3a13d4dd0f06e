"""A database URL -> the one engine factory (SQLite with WAL and foreign keys, or PostgreSQL),
sessions, dialect-specific inserts and schema upgrades; touches only the database it is given."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from aggregator.errors import ConfigError, StoreError
from aggregator.store.models import Base

MIGRATIONS_DIR = Path(__file__).resolve().parents[2] / "migrations"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def make_engine(database_url: str) -> Engine:
    """An Engine for ``database_url``; creates the folder of a SQLite file if missing."""
    try:
        url = make_url(database_url)
    except ArgumentError as exc:
        raise ConfigError(f"AGGREGATOR_DATABASE_URL: not a database URL: {database_url!r}") from exc
    if url.drivername.startswith("postgresql") and url.drivername == "postgresql":
        url = url.set(drivername="postgresql+psycopg")
    try:
        if url.get_backend_name() == "sqlite":
            if url.database and url.database != ":memory:":
                Path(url.database).parent.mkdir(parents=True, exist_ok=True)
            engine = create_engine(url, connect_args={"timeout": 30})
            event.listen(engine, "connect", _sqlite_pragmas)
            return engine
        return create_engine(url, pool_pre_ping=True)
    except (NoSuchModuleError, ModuleNotFoundError) as exc:
        raise ConfigError(
            f"AGGREGATOR_DATABASE_URL: no driver for {url.drivername!r}: {exc}"
        ) from exc


@contextmanager
def engine_for(database_url: str) -> Iterator[Engine]:
    """An engine for ``database_url`` for the length of the block, disposed of afterwards."""
    engine = make_engine(database_url)
    try:
        yield engine
    finally:
        engine.dispose()


@contextmanager
def open_database(database_url: str, engine: Engine | None = None) -> Iterator[Engine]:
    """``engine`` when given (the caller disposes of it), else one made for ``database_url``
    and disposed of afterwards; either way StoreError unless the schema is there."""
    if engine is not None:
        require_schema(engine)
        yield engine
        return
    with engine_for(database_url) as created:
        require_schema(created)
        yield created


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


def dialect_insert(session: Session, model: type[Base]) -> postgresql.Insert | sqlite.Insert:
    """An INSERT for ``model`` in the session's dialect, so ``on_conflict_do_nothing`` works
    on SQLite and PostgreSQL alike."""
    if session.get_bind().dialect.name == "postgresql":
        return postgresql.insert(model)
    return sqlite.insert(model)


def alembic_config(engine: Engine) -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.attributes["engine"] = engine
    return cfg


def upgrade_database(engine: Engine, revision: str = "head") -> None:
    """Create or migrate the schema to ``revision`` with Alembic."""
    from alembic import command

    try:
        command.upgrade(alembic_config(engine), revision)
    except OperationalError as exc:
        raise StoreError(f"database upgrade failed on {engine.url!r}: {exc.orig}") from exc


def require_schema(engine: Engine) -> None:
    """Raise StoreError unless the schema exists (tells the user to run `db upgrade`)."""
    try:
        tables = set(inspect(engine).get_table_names())
    except OperationalError as exc:
        raise StoreError(f"cannot open database {engine.url!r}: {exc.orig}") from exc
    if "articles" not in tables:
        raise StoreError(
            f"database {engine.url.render_as_string(hide_password=True)} has no schema; "
            "run `aggregator db upgrade` first"
        )
