"""The command-line contract: exit codes, one-line errors, --help with examples."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from aggregator.cli import cli
from aggregator.pipeline.locks import job_lock

REPO = Path(__file__).resolve().parent.parent
COMMANDS = [
    "db upgrade",
    "ingest",
    "import",
    "extract",
    "cluster",
    "export",
    "report",
    "status",
    "worker",
]


def _env(tmp_path: Path, db_url: str | None = None) -> dict[str, str]:
    config = tmp_path / "feeds.yaml"
    if not config.exists():
        config.write_text(
            "settings:\n"
            f"  lock_dir: {tmp_path / 'locks'}\n"
            f"  archive_dir: {tmp_path / 'warc'}\n"
            "outlets:\n  bbc:\n    feeds: []\n",
            encoding="utf-8",
        )
    return {
        "AGGREGATOR_DATABASE_URL": db_url or f"sqlite:///{tmp_path / 'cli.sqlite'}",
        "AGGREGATOR_CONFIG": str(config),
    }


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(command: str) -> None:
    result = CliRunner().invoke(cli, [*command.split(), "--help"])
    assert result.exit_code == 0, result.output
    assert "Example" in result.output


def test_readme_lists_every_command() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for command in COMMANDS:
        assert f"`aggregator {command}" in readme, command


def test_bad_configuration_exits_2_with_one_line(tmp_path: Path) -> None:
    config = tmp_path / "feeds.yaml"
    config.write_text("outlets:\n  bbc:\n    fedds: []\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["ingest"], env={"AGGREGATOR_CONFIG": str(config)})
    assert result.exit_code == 2
    assert "outlets.bbc.fedds: unknown key" in result.output
    assert "Traceback" not in result.output


def test_schema_missing_tells_to_upgrade_then_upgrade_works(tmp_path: Path) -> None:
    env = _env(tmp_path)
    runner = CliRunner()
    result = runner.invoke(cli, ["status"], env=env)
    assert result.exit_code == 1 and "aggregator db upgrade" in result.output
    assert runner.invoke(cli, ["db", "upgrade"], env=env).exit_code == 0
    status = runner.invoke(cli, ["status", "--format", "json"], env=env)
    assert status.exit_code == 0, status.output
    assert json.loads(status.output)["attention"] == []


def test_unknown_outlet_is_a_usage_error(tmp_path: Path) -> None:
    env = _env(tmp_path)
    runner = CliRunner()
    runner.invoke(cli, ["db", "upgrade"], env=env)
    result = runner.invoke(cli, ["ingest", "--outlet", "nope"], env=env)
    assert result.exit_code == 2
    assert "unknown outlet nope" in result.output


def test_second_ingest_exits_75_while_the_lock_is_held(tmp_path: Path) -> None:
    env = _env(tmp_path)
    runner = CliRunner()
    runner.invoke(cli, ["db", "upgrade"], env=env)
    with job_lock(tmp_path / "locks", "ingest"):
        result = runner.invoke(cli, ["ingest"], env=env)
    assert result.exit_code == 75
    assert "another ingest run holds" in result.output
    assert runner.invoke(cli, ["ingest"], env=env).exit_code == 0


def test_lock_of_a_killed_process_is_taken_over(tmp_path: Path) -> None:
    code = (
        "import sys, time; from pathlib import Path\n"
        "from aggregator.pipeline.locks import job_lock\n"
        f"with job_lock(Path({str(tmp_path)!r}), 'ingest'):\n"
        "    print('held', flush=True); time.sleep(60)\n"
    )
    with subprocess.Popen(
        [sys.executable, "-c", code], stdout=subprocess.PIPE, text=True
    ) as holder:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        from aggregator.errors import LockHeldError

        with pytest.raises(LockHeldError), job_lock(tmp_path, "ingest"):
            pass
        holder.kill()
        holder.wait(timeout=10)
        with job_lock(tmp_path, "ingest") as path:
            assert path.read_text() == str(os.getpid())


def test_export_rejects_unknown_kind_listing_the_allowed(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["export", "nonsense", "--out", str(tmp_path / "x.csv")], env=_env(tmp_path)
    )
    assert result.exit_code == 2
    assert "articles" in result.output


def test_export_rejects_bad_since(tmp_path: Path) -> None:
    env = _env(tmp_path)
    CliRunner().invoke(cli, ["db", "upgrade"], env=env)
    result = CliRunner().invoke(
        cli,
        ["export", "articles", "--out", str(tmp_path / "x.csv"), "--since", "last tuesday"],
        env=env,
    )
    assert result.exit_code == 2
    assert "ISO 8601" in result.output


def test_console_script_runs_in_a_subprocess(tmp_path: Path) -> None:
    exe = Path(sys.executable).parent / "aggregator"
    env = {**os.environ, **_env(tmp_path)}
    done = subprocess.run(
        [str(exe), "db", "upgrade"], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    done = subprocess.run([str(exe), "--version"], capture_output=True, text=True, timeout=60)
    assert re.search(r"aggregator, version \d+\.\d+", done.stdout)
