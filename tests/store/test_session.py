"""The engine factory: database URLs, the Alembic scripts it finds, and a database that is not
there (refused before connecting, so no file is created)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from aggregator.errors import ConfigError
from aggregator.pipeline.locks import database_job_lock
from aggregator.store.session import (
    make_engine,
    migrations_dir,
    open_database,
    require_database,
)

REPO = Path(__file__).resolve().parents[2]


def test_migrations_are_the_checkouts_folder_in_a_checkout() -> None:
    assert migrations_dir() == REPO / "migrations"


def test_missing_sqlite_file_is_refused_before_connecting(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'data' / 'none.sqlite'}"
    message = f"no database at {tmp_path / 'data' / 'none.sqlite'}; run `aggregator db upgrade`"
    with pytest.raises(ConfigError, match="^" + message.replace(".", r"\.") + "$"):
        require_database(url)
    with pytest.raises(ConfigError, match="no database at"), open_database(url):
        pass
    with (
        pytest.raises(ConfigError, match="no database at"),
        database_job_lock(url, tmp_path / "locks", "cluster"),
    ):
        pass
    assert list(tmp_path.iterdir()) == []  # no database file, no folder, no lock file
    require_database("sqlite:///:memory:")  # nothing to check


@pytest.mark.postgres
def test_postgres_scheme_connects_like_postgresql(postgres_admin_url: str) -> None:
    url = make_url(postgres_admin_url).set(drivername="postgres")
    engine = make_engine(url.render_as_string(hide_password=False))
    try:
        assert engine.url.drivername == "postgresql+psycopg"
        with engine.connect() as conn:
            assert conn.execute(text("SELECT 1")).scalar() == 1
    finally:
        engine.dispose()


def _aggregator(
    cwd: Path, *args: str, database: str = "sqlite:///data/news.sqlite"
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AGGREGATOR_")}
    env["AGGREGATOR_DATABASE_URL"] = database  # by default relative: under cwd
    env["PYTHONPATH"] = str(REPO)  # this checkout's package, whichever one is installed
    exe = Path(sys.executable).parent / "aggregator"
    return subprocess.run(
        [str(exe), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120
    )


def test_every_reading_command_says_no_database_and_creates_nothing(tmp_path: Path) -> None:
    work = tmp_path / "work"
    work.mkdir()
    (work / "feeds.yaml").write_text(
        "outlets:\n  bbc:\n    feeds: [{url: 'https://example.org/rss'}]\n", encoding="utf-8"
    )
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("", encoding="utf-8")
    expected = (
        f"aggregator: configuration error: no database at {work / 'data' / 'news.sqlite'}; "
        "run `aggregator db upgrade`\n"
    )
    for args in [
        ("status",),
        ("status", "--format", "json"),
        ("export", "articles", "--out", "articles.csv"),
        ("report", "--out", "report"),
        ("cluster",),
        ("import", str(corpus)),
        ("ingest",),
    ]:
        done = _aggregator(work, *args)
        assert (done.returncode, done.stderr) == (2, expected), args
        assert sorted(p.name for p in work.iterdir()) == ["feeds.yaml"], args
    done = _aggregator(work, "db", "upgrade")
    assert done.returncode == 0, done.stderr
    assert (work / "data" / "news.sqlite").is_file()
    status = _aggregator(work, "status")  # reads the new database: nothing was fetched yet
    assert (status.returncode, status.stderr) == (1, ""), status.stderr
    assert "no ingest run recorded yet" in status.stdout


@pytest.mark.postgres
def test_missing_postgres_database_says_so(postgres_admin_url: str) -> None:
    url = make_url(postgres_admin_url).set(database="agg_never_created")
    with (
        pytest.raises(
            ConfigError, match=r"^no database at postgresql\+psycopg://.*agg_never_created"
        ),
        open_database(url.render_as_string(hide_password=False)),
    ):
        pass


@pytest.mark.postgres
def test_a_real_deadlock_is_a_lost_conflict_and_other_errors_are_not(
    postgres_admin_url: str,
) -> None:
    """Two transactions lock two rows in opposite orders: PostgreSQL aborts one of them, and
    that error (only that kind) is what a worker may retry."""
    import threading

    from sqlalchemy.exc import DBAPIError

    from aggregator.store.session import lost_a_conflict, make_engine

    engine = make_engine(postgres_admin_url)
    table = f"deadlock_{os.getpid()}"
    with engine.begin() as conn:
        conn.execute(text(f"CREATE TABLE {table} (id int primary key, n int)"))
        conn.execute(text(f"INSERT INTO {table} VALUES (1, 0), (2, 0)"))
    both_hold_one = threading.Barrier(2)
    errors: list[BaseException] = []

    def lock(first: int, second: int) -> None:
        try:
            with engine.begin() as conn:
                conn.execute(text(f"UPDATE {table} SET n = n + 1 WHERE id = {first}"))
                both_hold_one.wait(timeout=10)
                conn.execute(text(f"UPDATE {table} SET n = n + 1 WHERE id = {second}"))
        except DBAPIError as exc:
            errors.append(exc)

    try:
        threads = [threading.Thread(target=lock, args=pair) for pair in ((1, 2), (2, 1))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        assert len(errors) == 1 and lost_a_conflict(errors[0])
        with engine.connect() as conn:
            try:
                conn.execute(text(f"INSERT INTO {table} VALUES (1, 0)"))
            except DBAPIError as exc:  # a unique violation is a real error, not a lost race
                assert not lost_a_conflict(exc)
            else:
                raise AssertionError("the duplicate key was accepted")
    finally:
        with engine.begin() as conn:
            conn.execute(text(f"DROP TABLE {table}"))
        engine.dispose()
    assert not lost_a_conflict(ValueError("not a database error"))


@pytest.mark.parametrize(
    ("where", "said"),
    [
        # a folder that cannot be made: db upgrade died with a FileExistsError traceback
        ("a-file/news.sqlite", "cannot create the folder of the database file {path}: "),
        ("a-file/deeper/news.sqlite", "cannot create the folder of the database file {path}: "),
        # a folder SQLite cannot create a file in (procfs refuses even root): exit 1,
        # "database upgrade failed on …: unable to open database file"
        ("/proc/news.sqlite", "cannot create or open the database file {path} (SQLite: "),
    ],
)
def test_a_database_file_that_cannot_be_created_is_a_configuration_error(
    tmp_path: Path, where: str, said: str
) -> None:
    (tmp_path / "a-file").write_text("not a folder", encoding="utf-8")
    path = tmp_path / where
    done = _aggregator(tmp_path, "db", "upgrade", database=f"sqlite:///{path}")
    assert done.returncode == 2, done.stderr
    [line] = done.stderr.splitlines()
    assert line.startswith("aggregator: configuration error: AGGREGATOR_DATABASE_URL: "), line
    assert said.format(path=path) in line and "Traceback" not in done.stderr
