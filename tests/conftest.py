"""Shared fixtures: databases (SQLite always; PostgreSQL when a server is available)."""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from aggregator.store.session import make_engine, upgrade_database
from tests.support.postgres import LocalPostgres, find_bin_dir

REPO = Path(__file__).resolve().parent.parent
REQUIRE_POSTGRES = os.environ.get("AGGREGATOR_REQUIRE_POSTGRES") == "1"
_counter = itertools.count()


@pytest.fixture(scope="session")
def postgres_admin_url() -> Iterator[str]:
    """URL of a PostgreSQL superuser connection, or a skip (a failure when it is required)."""
    url = os.environ.get("AGGREGATOR_TEST_POSTGRES_URL")
    if url:
        yield url
        return
    bin_dir = find_bin_dir()
    if bin_dir is None:
        reason = "PostgreSQL not available: set AGGREGATOR_TEST_POSTGRES_URL or install postgresql"
        if REQUIRE_POSTGRES:
            pytest.fail(reason)
        pytest.skip(reason)
    server = LocalPostgres(bin_dir)
    try:
        yield server.start()
    finally:
        server.stop()


@pytest.fixture(scope="session")
def postgres_template(postgres_admin_url: str) -> str:
    """Name of a database at schema head, cloned for each test."""
    name = f"agg_template_{os.getpid()}"
    admin = create_engine(postgres_admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    url = make_url(postgres_admin_url).set(database=name)
    engine = make_engine(url.render_as_string(hide_password=False))
    upgrade_database(engine)
    engine.dispose()
    return name


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database at schema head: a fresh SQLite file, or a fresh PostgreSQL database."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'test.sqlite'}"
        engine = make_engine(url)
        upgrade_database(engine)
        engine.dispose()
        yield url
        return
    admin_url: str = request.getfixturevalue("postgres_admin_url")
    template: str = request.getfixturevalue("postgres_template")
    yield from _postgres_database(admin_url, template)


@pytest.fixture
def pg_url(postgres_admin_url: str, postgres_template: str) -> Iterator[str]:
    """A fresh PostgreSQL database at schema head, for tests about PostgreSQL itself (row locks,
    statements cancelled in the server)."""
    yield from _postgres_database(postgres_admin_url, postgres_template)


def _postgres_database(admin_url: str, template: str) -> Iterator[str]:
    """Create a database from ``template``, yield its URL, drop it (connections and all)."""
    name = f"agg_test_{os.getpid()}_{next(_counter)}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
    url = make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def empty_db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A SQLite URL with no schema yet."""
    return f"sqlite:///{tmp_path / 'empty.sqlite'}"
