"""A PostgreSQL server that is down (or a wrong port in AGGREGATOR_DATABASE_URL) is one line
naming the database, with exit 1, for every command: the jobs that take the database lock
(ingest, cluster) printed a traceback, and `db upgrade` a message over two lines."""

from __future__ import annotations

import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy.engine import make_url

from aggregator.cli import cli
from aggregator.store import session
from tests.support.http import serve
from tests.support.pipeline import feed, rss

pytest.importorskip("psycopg")  # the [postgres] extra; part of [dev]


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.parametrize("command", [["ingest"], ["cluster"], ["db", "upgrade"], ["status"]])
def test_a_database_server_that_is_down_is_one_line(command: list[str], tmp_path: Path) -> None:
    config = tmp_path / "feeds.yaml"
    config.write_text(
        f"settings:\n  lock_dir: {tmp_path}\n"
        "outlets:\n  bbc:\n    feeds: [{url: 'https://example.org/rss'}]\n",
        encoding="utf-8",
    )
    url = f"postgresql://news:secret@127.0.0.1:{_closed_port()}/news"
    env = {"AGGREGATOR_DATABASE_URL": url, "AGGREGATOR_CONFIG": str(config)}
    result = CliRunner().invoke(cli, command, env=env)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    [line] = result.output.splitlines()
    assert line.startswith("aggregator: ") and "127.0.0.1" in line and "refused" in line, line
    assert "secret" not in line


@pytest.mark.postgres
def test_db_upgrade_on_a_database_not_created_says_to_create_it(postgres_admin_url: str) -> None:
    # the server is up but the database was never created: a hint (exit 2), not exit 1 with
    # the server's FATAL message
    url = make_url(postgres_admin_url).set(database="aggregator_never_created")
    env = {"AGGREGATOR_DATABASE_URL": url.render_as_string(hide_password=False)}
    result = CliRunner().invoke(cli, ["db", "upgrade"], env=env)
    assert result.exit_code == 2, result.output
    [line] = result.output.splitlines()
    assert "createdb aggregator_never_created" in line, line


@pytest.fixture
def rss_url() -> Iterator[str]:
    """A feed with no entries on 127.0.0.1."""
    with serve({"/rss": feed(rss([]))}) as srv:
        yield srv.url("/rss")


HOLD_WRITE_LOCK = """
import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("BEGIN IMMEDIATE")
print("held", flush=True)
sys.stdin.read()
"""


@pytest.mark.parametrize("command", [["ingest"], ["cluster"], ["import", "corpus.jsonl"]])
def test_a_sqlite_database_another_process_keeps_locked_is_one_line(
    command: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, rss_url: str
) -> None:
    """Another process in a write transaction (a sqlite3 shell left in BEGIN, a long job): the
    writing commands waited 30 s, then died with a traceback ending 'database is locked'."""
    monkeypatch.setattr(session, "SQLITE_BUSY_S", 0.2)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "corpus.jsonl").write_text(
        '{"id": "1", "url": "https://example.org/1", "outlet": "bbc", "title": "T", '
        '"text": "Some text.", "published": "2026-03-02T09:30:00Z"}\n',
        encoding="utf-8",
    )
    config = tmp_path / "feeds.yaml"
    config.write_text(
        f"settings:\n  lock_dir: {tmp_path}\n  archive_dir: {tmp_path / 'warc'}\n"
        f"outlets:\n  bbc:\n    allow_private: true\n    feeds: [{{url: '{rss_url}'}}]\n",
        encoding="utf-8",
    )
    database = tmp_path / "news.sqlite"
    env = {"AGGREGATOR_DATABASE_URL": f"sqlite:///{database}", "AGGREGATOR_CONFIG": str(config)}
    runner = CliRunner()
    assert runner.invoke(cli, ["db", "upgrade"], env=env).exit_code == 0
    with subprocess.Popen(
        [sys.executable, "-c", HOLD_WRITE_LOCK, str(database)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    ) as holder:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        result = runner.invoke(cli, command, env=env)
        holder.communicate("", timeout=30)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    [line] = result.output.splitlines()
    assert line.startswith(f"aggregator: database {database} is locked: another process "), line
    assert "run it again once that process ends" in line
    assert runner.invoke(cli, command, env=env).exit_code == 0  # and again once it ended
