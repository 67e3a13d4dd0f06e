"""A database URL -> the one engine factory (SQLite with WAL and foreign keys, or PostgreSQL),
sessions, dialect-specific inserts and schema upgrades; touches only the database it is given.

The Alembic scripts are the top-level ``migrations/`` folder of the checkout; a built wheel carries
a copy as ``aggregator/store/migrations`` (``migrations/ship.py`` puts it there), found first.
Only ``db upgrade`` creates a database: the readers and writers refuse a SQLite file that does not
exist (``ConfigError``, exit 2) before connecting, since connecting would create it.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, Table, create_engine, event, inspect, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from aggregator.config.database import database_url as normalised_url
from aggregator.errors import ConfigError, StoreError
from aggregator.store.models import Base

# the copy a wheel carries, then the checkout's own folder (editable installs, tests)
MIGRATION_DIRS = (
    Path(__file__).resolve().parent / "migrations",
    Path(__file__).resolve().parents[2] / "migrations",
)


def migrations_dir() -> Path:
    """The folder of the Alembic environment (env.py and versions/); StoreError if missing."""
    for folder in MIGRATION_DIRS:
        if (folder / "env.py").is_file() and (folder / "versions").is_dir():
            return folder
    raise StoreError(
        "the database migrations are missing (looked in "
        f"{' and '.join(str(d) for d in MIGRATION_DIRS)}); reinstall the aggregator package"
    )


#: seconds a SQLite statement waits for another process's write transaction before it fails
SQLITE_BUSY_S = 30.0


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute(f"PRAGMA busy_timeout={int(SQLITE_BUSY_S * 1000)}")
    cursor.close()


def make_engine(database_url: str) -> Engine:
    """An Engine for ``database_url``; creates the folder of a SQLite file if missing."""
    try:
        url = make_url(normalised_url(database_url))
    except ArgumentError as exc:
        raise ConfigError(f"AGGREGATOR_DATABASE_URL: not a database URL: {database_url!r}") from exc
    try:
        if url.get_backend_name() == "sqlite":
            if url.database and url.database != ":memory:":
                _make_folder(Path(url.database))
            engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_S})
            event.listen(engine, "connect", _sqlite_pragmas)
            return engine
        return create_engine(url, pool_pre_ping=True)
    except (NoSuchModuleError, ImportError) as exc:
        raise ConfigError(
            f"AGGREGATOR_DATABASE_URL: the driver of {url.drivername!r} cannot be loaded ({exc}); "
            "for PostgreSQL install the [postgres] extra: pip install 'aggregator[postgres]'"
        ) from exc


def _make_folder(database: Path) -> None:
    """Create the folder of the SQLite file ``database``; ConfigError when it cannot be."""
    try:
        database.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        why = f"{exc.strerror} ({exc.filename})"
        if isinstance(exc, FileExistsError):
            why = f"{exc.filename} is a file, not a folder"
        raise ConfigError(
            f"AGGREGATOR_DATABASE_URL: cannot create the folder of the database file {database}: "
            f"{why}; name a file in a folder this user can write"
        ) from exc


def sqlite_file(database_url: str) -> Path | None:
    """The file of a SQLite URL (None for PostgreSQL and in-memory SQLite)."""
    try:
        url = make_url(normalised_url(database_url))
    except ArgumentError as exc:
        raise ConfigError(f"AGGREGATOR_DATABASE_URL: not a database URL: {database_url!r}") from exc
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    if url.database.startswith("file:"):
        return None  # a SQLite URI: its options decide, leave it to SQLite
    return Path(url.database)


def require_database(database_url: str) -> None:
    """ConfigError (exit 2) when ``database_url`` names a SQLite file that does not exist, before
    anything connects to it (connecting would create an empty file)."""
    path = sqlite_file(database_url)
    if path is not None and not path.is_file():
        raise ConfigError(f"no database at {path.resolve()}; run `aggregator db upgrade`")


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
        with _lock_waits_are_one_line(engine):
            yield engine
        return
    require_database(database_url)
    with engine_for(database_url) as created:
        require_schema(created)
        with _lock_waits_are_one_line(created):
            yield created


@contextmanager
def _lock_waits_are_one_line(engine: Engine) -> Iterator[None]:
    """SQLite's "database is locked" (another process held a write transaction longer than
    ``SQLITE_BUSY_S``) as a StoreError naming the file and what to do, not a traceback."""
    try:
        yield
    except OperationalError as exc:
        if engine.dialect.name != "sqlite" or "database is locked" not in str(exc.orig):
            raise
        raise StoreError(
            f"database {engine.url.database} is locked: another process has held a write "
            f"transaction on it for over {SQLITE_BUSY_S:g} s (another aggregator command, or a "
            "sqlite3 session left inside BEGIN); this command stopped, what it had committed is "
            "kept; run it again once that process ends"
        ) from exc


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def snapshot_session(engine: Engine) -> Iterator[Session]:
    """A session whose reads all see one state of the database, whatever commits meanwhile:
    one read transaction (SQLite: BEGIN, its snapshot taken at the first read, kept until the
    end: WAL lets writers go on; PostgreSQL: REPEATABLE READ, READ ONLY). Rolled back at the
    end. For exports that must agree with each other (``export all``)."""
    with session_factory(engine)() as session:
        if engine.dialect.name == "sqlite":
            connection = session.connection()
            connection.exec_driver_sql("BEGIN")  # pysqlite opens none before a SELECT
        else:
            options = {"isolation_level": "REPEATABLE READ", "postgresql_readonly": True}
            connection = session.connection(execution_options=options)
        connection.execute(text("SELECT 1 FROM articles LIMIT 1"))  # the snapshot starts here
        try:
            yield session
        finally:
            session.rollback()


def dialect_insert(
    session: Session, model: type[Base] | Table
) -> postgresql.Insert | sqlite.Insert:
    """An INSERT for ``model`` (a mapped class, or a table for a Core executemany) in the
    session's dialect, so ``on_conflict_do_nothing`` works on SQLite and PostgreSQL alike."""
    if session.get_bind().dialect.name == "postgresql":
        return postgresql.insert(model)
    return sqlite.insert(model)


def alembic_config(engine: Engine) -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_dir()))
    cfg.attributes["engine"] = engine
    return cfg


def upgrade_database(engine: Engine, revision: str = "head") -> None:
    """Create or migrate the schema to ``revision`` with Alembic."""
    from alembic import command

    try:
        command.upgrade(alembic_config(engine), revision)
    except OperationalError as exc:
        shown = engine.url.render_as_string(hide_password=True)
        reason = " ".join(str(exc.orig).split())  # psycopg's hint is on a line of its own
        if engine.dialect.name == "postgresql" and "does not exist" in reason:
            raise ConfigError(  # the server is up; the database is the operator's to create
                f"no database at {shown}; create it (createdb {engine.url.database}) and run "
                "`aggregator db upgrade` again"
            ) from exc
        if engine.dialect.name == "sqlite" and "unable to open database file" in reason:
            raise ConfigError(  # a folder this user cannot write, or no file system to write
                f"AGGREGATOR_DATABASE_URL: cannot create or open the database file "
                f"{engine.url.database} (SQLite: {reason}); its folder must be one this user can "
                "write (and the file too, when it exists)"
            ) from exc
        raise StoreError(f"database upgrade failed on {shown}: {reason}") from exc


def require_schema(engine: Engine) -> None:
    """Raise StoreError unless the schema exists (tells the user to run `db upgrade`)."""
    shown = engine.url.render_as_string(hide_password=True)
    try:
        tables = set(inspect(engine).get_table_names())
    except OperationalError as exc:
        reason = " ".join(str(exc.orig).split())
        if engine.dialect.name == "postgresql" and "does not exist" in reason:
            raise ConfigError(
                f"no database at {shown}; create it (createdb) and run `aggregator db upgrade`"
            ) from exc
        raise StoreError(f"cannot open database {shown}: {reason}") from exc
    if "articles" not in tables:
        raise StoreError(f"database {shown} has no schema; run `aggregator db upgrade` first")
    if "alembic_version" in tables:  # made by `db upgrade` (tests may build it without)
        with engine.connect() as connection:
            at = set(connection.execute(text("SELECT version_num FROM alembic_version")).scalars())
        _require_head(at, shown)


@functools.cache
def _revisions() -> tuple[frozenset[str], frozenset[str]]:
    """The heads of the migrations, and every revision they know."""
    from alembic.script import ScriptDirectory

    scripts = ScriptDirectory(str(migrations_dir()))
    known = frozenset(script.revision for script in scripts.walk_revisions())
    return frozenset(scripts.get_heads()), known


def _require_head(at: set[str], shown: str) -> None:
    """ConfigError unless the schema is at the newest revision these migrations know: code
    newer than its database (the package upgraded, `db upgrade` not run yet) failed deep in
    a query with a traceback ('no such column: feeds.removed_at')."""
    heads, known = _revisions()
    if at == heads:
        return
    given = ", ".join(sorted(at)) or "none"
    newest = ", ".join(sorted(heads))
    if at <= known:
        raise ConfigError(
            f"database {shown} is at schema revision {given}; this aggregator needs {newest}: "
            "run `aggregator db upgrade`"
        )
    raise ConfigError(
        f"database {shown} is at schema revision {given}, which this aggregator does not know "
        f"(its newest is {newest}): a newer aggregator migrated it; run that version"
    )


#: SQLSTATEs of a transaction PostgreSQL aborted for another one's sake: deadlock_detected and
#: serialization_failure. The other transaction went through; doing the work again is the remedy.
_LOST_CONFLICT = frozenset({"40P01", "40001"})


def lost_a_conflict(exc: BaseException) -> bool:
    """Whether ``exc`` is the database aborting this transaction in favour of a concurrent one
    (a deadlock or serialization failure between workers), so that retrying is safe."""
    sqlstate = getattr(getattr(exc, "orig", None), "sqlstate", None)
    return isinstance(exc, DBAPIError) and sqlstate in _LOST_CONFLICT
