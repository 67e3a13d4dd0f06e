"""`export all` writes every kind into one folder from one read of the database, on the demo,
both databases: the same bytes as each `export KIND` on the same database (with filters and in
JSONL too), one consistent snapshot while a `cluster --rebuild` commits, the folder whole or
not at all, and a clear refusal where it cannot write."""

from __future__ import annotations

import fcntl
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from click.testing import CliRunner

from aggregator.cli import cli
from aggregator.config import Settings
from aggregator.console import EXPORT_KINDS
from aggregator.pipeline import run_export
from aggregator.pipeline.cluster import run_cluster
from aggregator.pipeline.export_all import run_export_all
from aggregator.rows import Selection
from aggregator.store.reads import iter_event_rows
from aggregator.store.session import engine_for, session_factory, snapshot_session

REPO = Path(__file__).resolve().parents[2]


def _singles(settings: Settings, folder: Path, fmt: str | None, **filters: object) -> None:
    folder.mkdir()
    for kind in EXPORT_KINDS:
        ext = fmt or ("jsonl" if kind == "texts" else "csv")
        run_export(settings, kind, fmt=fmt, out=folder / f"{kind}.{ext}", **filters)


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_export_all_writes_the_bytes_each_single_export_writes(
    demo: Settings, tmp_path: Path
) -> None:
    counts = run_export_all(demo, out=tmp_path / "all").counts
    _singles(demo, tmp_path / "one", None)
    every = _files(tmp_path / "all")
    assert set(every) == {f"{k}.csv" for k in EXPORT_KINDS if k != "texts"} | {"texts.jsonl"}
    assert every == _files(tmp_path / "one")
    assert set(counts) == set(EXPORT_KINDS) and all(counts.values())
    assert counts["articles"] == 18 and counts["texts"] == 18

    # with filters, in JSONL: the same again (and an earlier export there is replaced whole)
    filters: dict[str, object] = {"min_outlets": 4, "outlets": ("bbc", "rt")}
    run_export_all(demo, out=tmp_path / "all", fmt="jsonl", **filters)
    _singles(demo, tmp_path / "one-jsonl", "jsonl", **filters)
    narrow = _files(tmp_path / "all")
    assert narrow == _files(tmp_path / "one-jsonl")
    assert len(narrow["articles.jsonl"].splitlines()) < 18
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_one_snapshot_while_cluster_commits(demo: Settings) -> None:
    """Reads in ``snapshot_session`` see the database as at its first read: a `cluster
    --rebuild` committing in between (it relabels the demo's events) is not seen, while a
    plain session sees it (so the test can fail)."""
    with engine_for(demo.database_url) as engine, snapshot_session(engine) as session:
        before = list(iter_event_rows(session, Selection()))
        assert run_cluster(demo, rebuild=True).ok
        assert list(iter_event_rows(session, Selection())) == before
        with session_factory(engine)() as fresh:
            after = list(iter_event_rows(fresh, Selection()))
    assert [e.label for e in after] != [e.label for e in before]


def test_a_stopped_export_all_leaves_the_earlier_folder(demo: Settings, tmp_path: Path) -> None:
    """SIGTERM (as systemd or cron's kill sends) while the temporary folder is being filled:
    the earlier night's folder stays as it was, nothing half-written is left beside it."""
    out = tmp_path / "night"
    run_export_all(demo, out=out)
    earlier = _files(out)
    env = {**os.environ, "AGGREGATOR_DATABASE_URL": demo.database_url, "PYTHONPATH": str(REPO)}
    command = [sys.executable, "-m", "aggregator", "export", "all", "--out", str(out)]
    proc = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while not list(tmp_path.glob(".night.*.part")) and proc.poll() is None:
        assert time.monotonic() < deadline
        time.sleep(0.02)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 143, err  # 128 + SIGTERM: it was stopped mid-way
    assert b"SIGTERM" in err
    assert _files(out) == earlier
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_the_command_prints_one_line_and_refuses_what_it_cannot_write(
    demo: Settings, tmp_path: Path
) -> None:
    env = {"AGGREGATOR_DATABASE_URL": demo.database_url}
    runner = CliRunner()
    done = runner.invoke(cli, ["export", "all", "--out", str(tmp_path / "x")], env=env)
    assert done.exit_code == 0, done.output
    assert done.output.count("\n") == 1
    assert done.output.startswith("export all: articles 18 rows, events ")
    assert "texts 18 rows -> " in done.output

    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "thesis.docx").write_text("x", encoding="utf-8")
    refused = runner.invoke(cli, ["export", "all", "--out", str(tmp_path / "mine")], env=env)
    assert refused.exit_code == 1
    assert "holds files that are not exports (thesis.docx)" in refused.output
    assert [p.name for p in (tmp_path / "mine").iterdir()] == ["thesis.docx"]
    stdout = runner.invoke(cli, ["export", "all", "--out", "-"], env=env)
    assert stdout.exit_code == 1 and "writes a folder" in stdout.output
    unknown = runner.invoke(cli, ["export", "all", "--out", "y", "--event", "e999"], env=env)
    assert unknown.exit_code == 2 and "unknown event e999" in unknown.output


def test_what_a_killed_export_all_left_is_removed_by_the_next_and_said(
    demo: Settings, tmp_path: Path
) -> None:
    """SIGKILL (the OOM killer, a power cut) mid-way left `.night.XXXX.part` half written for
    good; the next run now removes it and says so, leaves a live export's alone, and puts back
    an earlier export one was killed while moving aside."""
    out = tmp_path / "night"
    env = {**os.environ, "AGGREGATOR_DATABASE_URL": demo.database_url, "PYTHONPATH": str(REPO)}
    command = [sys.executable, "-m", "aggregator", "export", "all", "--out", str(out)]
    proc = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while not list(tmp_path.glob(".night.*.part/articles.csv")) and proc.poll() is None:
        assert time.monotonic() < deadline
        time.sleep(0.02)
    proc.kill()
    proc.communicate(timeout=60)
    [left] = tmp_path.glob(".night.*.part")
    moved_aside = tmp_path / ".night.killed.old"  # as _replace leaves it, killed mid-way
    moved_aside.mkdir()
    run_export_all(demo, out=moved_aside / "night")
    live = tmp_path / ".night.live.part"  # another export all, still writing
    live.mkdir()
    holder = os.open(live, os.O_RDONLY)
    fcntl.flock(holder, fcntl.LOCK_EX)
    try:
        done = CliRunner().invoke(cli, ["export", "all", "--out", str(out)], env=env)
    finally:
        os.close(holder)
    assert done.exit_code == 0, done.output
    assert done.stdout.startswith("export all: articles 18 rows")
    assert (
        f"aggregator: removed {left}: a partial export left by an export all that was killed\n"
        in done.stderr
    )
    assert f"aggregator: put back {out}: an export all stopped while replacing it\n" in done.stderr
    assert f"removed {moved_aside}: an export moved aside" in done.stderr
    assert str(live) not in done.stderr and live.is_dir()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".night")) == [
        ".night.live.part"
    ]
    run_export_all(demo, out=tmp_path / "fresh")
    assert _files(out) == _files(tmp_path / "fresh")
