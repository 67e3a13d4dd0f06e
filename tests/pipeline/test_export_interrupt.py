"""SIGTERM during `aggregator export` or `report`: exit 143, a one-line message, and no
temporary file or folder left beside the target (the previous file or report is untouched).

The command runs in a real process against a real SQLite database; the writer is held in the
middle of its file (after the temporary file is made) so that the signal lands there every
time, not by a race with a fast export."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from click.testing import CliRunner

from aggregator.cli import cli

REPO = Path(__file__).resolve().parents[2]

_HELD = """
import sys, time
import aggregator.output.export as export
import aggregator.output.report.site as site

def held(*args, **kwargs):
    sys.stderr.write("writing\\n"); sys.stderr.flush()
    time.sleep(60)

export._write = held  # the export writes its header, then waits here for the signal
site.render_event = held  # the report, likewise, at its first page
from aggregator.cli import cli
cli(sys.argv[1:], prog_name="aggregator")
"""


def _populated(tmp_path: Path) -> dict[str, str]:
    env = {**os.environ, "AGGREGATOR_DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite'}"}
    env["PYTHONPATH"] = str(REPO)
    runner = CliRunner()
    assert runner.invoke(cli, ["db", "upgrade"], env=env).exit_code == 0
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(
        '{"id": "1", "outlet": "bbc", "title": "T", "text": "Some words.", "published": ""}\n',
        encoding="utf-8",
    )
    assert runner.invoke(cli, ["import", str(corpus)], env=env).exit_code == 0
    assert runner.invoke(cli, ["cluster"], env=env).exit_code == 0  # one event for the report
    return env


def _stopped(env: dict[str, str], args: list[str]) -> subprocess.CompletedProcess[str]:
    proc = subprocess.Popen(
        [sys.executable, "-c", _HELD, *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stderr is not None
    try:
        deadline = time.monotonic() + 60
        while proc.stderr.readline().strip() != "writing":
            assert time.monotonic() < deadline and proc.poll() is None, "the writer never began"
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.communicate()
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


def test_sigterm_during_export_leaves_the_old_file_and_no_temporary_file(tmp_path: Path) -> None:
    env = _populated(tmp_path)
    out = tmp_path / "out" / "articles.csv"
    out.parent.mkdir()
    out.write_text("yesterday's export\n", encoding="utf-8")
    done = _stopped(env, ["export", "articles", "--out", str(out)])
    assert done.returncode == 143, done.stderr
    assert "aggregator: stopped by SIGTERM; the export was not finished" in done.stderr
    assert "Traceback" not in done.stderr
    assert sorted(p.name for p in out.parent.iterdir()) == ["articles.csv"]  # no .part left
    assert out.read_text(encoding="utf-8") == "yesterday's export\n"


def test_sigterm_during_report_leaves_no_temporary_folder(tmp_path: Path) -> None:
    env = _populated(tmp_path)
    done = _stopped(env, ["report", "--out", str(tmp_path / "out" / "report")])
    assert done.returncode == 143, done.stderr
    assert "aggregator: stopped by SIGTERM; the report was not finished" in done.stderr
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())
