"""A PostgreSQL server that is down (or a wrong port in AGGREGATOR_DATABASE_URL) is one line
naming the database, with exit 1, for every command: the jobs that take the database lock
(ingest, cluster) printed a traceback, and `db upgrade` a message over two lines."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy.engine import make_url

from aggregator.cli import cli

pytest.importorskip("psycopg")  # the [postgres] extra; part of [dev]


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.parametrize("command", [["ingest"], ["cluster"], ["db", "upgrade"], ["status"]])
def test_a_database_server_that_is_down_is_one_line(command: list[str], tmp_path: Path) -> None:
    config = tmp_path / "feeds.yaml"
    config.write_text(f"settings:\n  lock_dir: {tmp_path}\noutlets: {{}}\n", encoding="utf-8")
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
