"""A single `export KIND` or a `report` killed outright (SIGKILL: the OOM killer, a power cut)
left its hidden temporary beside the target for good; the next run into the same place removes
it (and says so on stderr, which cron mails), leaves a running one's alone, and puts back an
earlier report a killed run had moved aside. Both databases, real subprocesses."""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from click.testing import CliRunner

from aggregator.cli import cli
from aggregator.config import Settings

REPO = Path(__file__).resolve().parents[2]


def _kill_when(command: list[str], settings: Settings, pattern: str, folder: Path) -> Path:
    """Run ``aggregator COMMAND`` and SIGKILL it once ``pattern`` exists in ``folder``; the
    hidden temporary it left."""
    env = {**os.environ, "AGGREGATOR_DATABASE_URL": settings.database_url, "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "aggregator", *command],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 120
    while not list(folder.glob(pattern)) and proc.poll() is None:
        assert time.monotonic() < deadline
        time.sleep(0.01)
    assert proc.poll() is None, proc.communicate()  # still writing when killed
    proc.kill()
    proc.communicate(timeout=60)
    [left] = folder.glob(pattern.split("/")[0])
    return left


@contextmanager
def _held(path: Path) -> Iterator[None]:
    """``path`` locked as a running export or report holds its temporary."""
    fd = os.open(path, os.O_RDONLY)
    fcntl.flock(fd, fcntl.LOCK_EX)
    try:
        yield
    finally:
        os.close(fd)


def _hidden(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def test_what_a_killed_single_export_left_is_removed_by_the_next_and_said(
    demo: Settings, tmp_path: Path
) -> None:
    out = tmp_path / "comparison.csv"
    command = ["export", "comparison", "--out", str(out)]
    left = _kill_when(command, demo, ".comparison.csv.*.part", tmp_path)
    assert left.is_file() and not out.exists()
    live = tmp_path / ".comparison.csv.live.part"  # another export into the file, running
    live.write_text("event_id\r\n", encoding="utf-8")
    env = {"AGGREGATOR_DATABASE_URL": demo.database_url}
    with _held(live):
        done = CliRunner().invoke(cli, command, env=env)
        again = CliRunner().invoke(cli, command, env=env)  # nothing left: nothing said
    assert done.exit_code == 0, done.output
    assert done.stdout.startswith(f"export comparison: 17 rows -> {out}")
    assert done.stderr == (
        f"aggregator: removed {left}: a partial export left by an export that was killed\n"
    )
    assert again.exit_code == 0 and again.stderr == "", again.output
    assert _hidden(tmp_path) == [live.name] and out.read_text(encoding="utf-8")


def test_what_a_killed_report_left_is_removed_by_the_next_and_said(
    demo: Settings, tmp_path: Path
) -> None:
    out = tmp_path / "report"
    command = ["report", "--out", str(out)]
    env = {"AGGREGATOR_DATABASE_URL": demo.database_url}
    assert CliRunner().invoke(cli, command, env=env).exit_code == 0
    left = _kill_when(command, demo, ".report.tmp-*/events/*.html", tmp_path)
    assert left.is_dir() and (out / "index.html").is_file()
    aside = tmp_path / ".report.old-killed"  # killed between moving the report aside and
    out.rename(aside)  # renaming its own in: no report at all
    live = tmp_path / ".report.tmp-live"  # another report into the folder, running
    live.mkdir()
    with _held(live):
        done = CliRunner().invoke(cli, command, env=env)
    assert done.exit_code == 0, done.output
    assert done.stdout.startswith("report: 5 event pages -> ")
    assert done.stderr == (
        f"aggregator: put back {out}: a report was killed while replacing it\n"
        f"aggregator: removed {left}: a partial report left by a report that was killed\n"
    )
    assert _hidden(tmp_path) == [live.name] and (out / "index.html").is_file()
