"""Stopped runs tell the truth: the console script stopped by SIGTERM or SIGINT mid-run records its
run as `interrupted` and exits 128 + signal; killed by SIGKILL, its run (left `running`) is shown
as `died` by `status`, and the next run takes over its work. Real subprocesses, a real server."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import select

from aggregator.store.models import Run
from aggregator.store.session import make_engine, session_factory
from tests.support.http import Exchange, Response, TestServer, serve
from tests.support.pipeline import feed, rss

SCRIPT = Path(sys.executable).parent / "aggregator"
DEADLINE_S = 60.0


def _config(tmp_path: Path, srv: TestServer) -> Path:
    path = tmp_path / "feeds.yaml"
    doc = {
        "settings": {
            "timeout_s": 20.0,
            "total_timeout_s": 30.0,
            "retries": 0,
            "min_delay_s": 0.0,
            "archive_dir": str(tmp_path / "warc"),
            "lock_dir": str(tmp_path / "locks"),
        },
        "outlets": {
            "bbc": {"allow_private": True, "min_delay_s": 0.0, "feeds": [{"url": srv.url("/rss")}]}
        },
    }
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def _cli(config: Path, db_url: str, *args: str) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AGGREGATOR_")}
    env["AGGREGATOR_DATABASE_URL"] = db_url
    return subprocess.Popen(
        [str(SCRIPT), "--config", str(config), *args],
        cwd=config.parent,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def _until(condition: Callable[[], bool], proc: subprocess.Popen[str]) -> None:
    """Poll ``condition`` (with a deadline) while ``proc`` runs."""
    deadline = time.monotonic() + DEADLINE_S
    while not condition():
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "condition never held"
        time.sleep(0.01)


def _runs(db_url: str) -> list[tuple[str, str, str | None]]:
    engine = make_engine(db_url)
    with session_factory(engine)() as session:
        rows = [(r.job, r.status, r.message) for r in session.scalars(select(Run).order_by(Run.id))]
    engine.dispose()
    return rows


def _held_feed(release: threading.Event) -> Callable[[Exchange], Response]:
    """A feed that answers only once ``release`` is set (the run is mid-fetch until then)."""

    def handler(exchange: Exchange) -> Response:
        release.wait(DEADLINE_S)
        return feed(rss([]))

    return handler


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_signal_mid_run_records_the_run_interrupted(
    db_url: str, tmp_path: Path, signum: signal.Signals
) -> None:
    release = threading.Event()
    with serve({"/rss": _held_feed(release)}) as srv:
        config = _config(tmp_path, srv)
        proc = _cli(config, db_url, "ingest")
        try:
            _until(lambda: bool(srv.requests_for("/rss")), proc)
            os.kill(proc.pid, signum)
            # recorded before the fetch in flight is let go: the stop does not wait for the network
            _until(lambda: _runs(db_url)[-1][1] == "interrupted", proc)
        finally:
            release.set()
            out, err = proc.communicate(timeout=DEADLINE_S)
    assert proc.returncode == 128 + signum, (proc.returncode, out, err)
    assert "Traceback" not in err, err
    assert f"stopped by {signum.name}; the run is recorded as interrupted" in err
    assert _runs(db_url) == [("ingest", "interrupted", f"stopped by {signum.name}")]

    shown = _cli(config, db_url, "status", "--format", "json")
    out, err = shown.communicate(timeout=DEADLINE_S)
    assert shown.returncode == 1, err
    report = json.loads(out)
    assert report["runs"][0]["status"] == "interrupted"
    assert f"last ingest run interrupted: stopped by {signum.name}" in report["attention"]


def test_a_run_killed_with_sigkill_is_shown_as_died(db_url: str, tmp_path: Path) -> None:
    release = threading.Event()
    with serve({"/rss": _held_feed(release)}) as srv:
        config = _config(tmp_path, srv)
        proc = _cli(config, db_url, "ingest")
        try:
            _until(lambda: bool(srv.requests_for("/rss")), proc)
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate(timeout=DEADLINE_S)
        finally:
            release.set()
        assert proc.returncode == -signal.SIGKILL
        assert _runs(db_url) == [("ingest", "running", None)]  # what the killed run left

        status = _cli(config, db_url, "status", "--format", "json")
        out, err = status.communicate(timeout=DEADLINE_S)
        assert status.returncode == 1, err
        report = json.loads(out)
        assert report["runs"][0]["status"] == "died"
        assert report["runs"][0]["pid"] == proc.pid
        assert any(a.startswith("last ingest run died: pid ") for a in report["attention"])

        text = _cli(config, db_url, "status")
        out, _ = text.communicate(timeout=DEADLINE_S)
        assert "died" in out and text.returncode == 1

        # the next run takes over the dead run's claim on the feed and fetches it
        again = _cli(config, db_url, "ingest")
        out, err = again.communicate(timeout=DEADLINE_S)
        assert again.returncode == 0, (out, err)
        assert len(srv.requests_for("/rss")) == 2
    # and records the dead run as died
    assert [status for _, status, _ in _runs(db_url)] == ["died", "ok"]
    status = _cli(config, db_url, "status", "--format", "json")
    out, _ = status.communicate(timeout=DEADLINE_S)
    assert json.loads(out)["runs"][0]["status"] == "ok" and status.returncode == 0
