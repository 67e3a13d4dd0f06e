"""What cron runs (jobs/): mail is not silenced, healthy runs are quiet (their summaries go to a
log), and failures reach stderr, which cron mails. The wrappers run for real, as cron would."""

from __future__ import annotations

import csv
import fcntl
import json
import os
import re
import subprocess
import sys
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from aggregator.config import load_settings
from aggregator.console import EXPORT_KINDS
from aggregator.pipeline import run_ingest
from aggregator.pipeline.cluster import run_cluster
from aggregator.sample import DEMO_WARC
from tests.support.http import Response, serve
from tests.support.pipeline import article_html, feed, page, rss

REPO = Path(__file__).resolve().parents[2]
JOBS = REPO / "jobs"


def test_the_crontab_does_not_silence_mail() -> None:
    crontab = (JOBS / "crontab").read_text(encoding="utf-8")
    settings = [line for line in crontab.splitlines() if not line.lstrip().startswith("#")]
    mailto = [line for line in settings if line.replace(" ", "").startswith("MAILTO=")]
    assert all(re.fullmatch(r'MAILTO=\s*"?\S+?"?', line) for line in mailto), mailto
    assert not any(line.replace(" ", "") in ('MAILTO=""', "MAILTO=''") for line in mailto)


def _job(name: str, config: Path, db_url: str, logs: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AGGREGATOR_")}
    env.update(
        AGGREGATOR_DATABASE_URL=db_url,
        AGGREGATOR_CONFIG=str(config),
        AGGREGATOR_LOG_DIR=str(logs),
    )
    return subprocess.run(
        ["/bin/sh", str(JOBS / name)], env=env, capture_output=True, text=True, timeout=120
    )


def test_jobs_are_quiet_when_healthy_and_write_failures_to_stderr(
    db_url: str, tmp_path: Path
) -> None:
    with serve() as srv:
        srv.routes["/rss"] = feed(rss([("One", srv.url("/a"))]))
        srv.routes["/a"] = page(article_html("One story", seed=5))
        config = tmp_path / "feeds.yaml"
        doc = {
            "settings": {
                "timeout_s": 2.0,
                "retries": 0,
                "min_delay_s": 0.0,
                "archive_dir": str(tmp_path / "warc"),
                "lock_dir": str(tmp_path / "locks"),
            },
            "outlets": {
                "bbc": {
                    "allow_private": True,
                    "min_delay_s": 0.0,
                    "feeds": [{"url": srv.url("/rss")}],
                }
            },
        }
        config.write_text(json.dumps(doc), encoding="utf-8")
        logs = tmp_path / "logs"

        healthy = _job("ingest.sh", config, db_url, logs)
        assert (healthy.returncode, healthy.stdout, healthy.stderr) == (0, "", "")
        assert (logs / "ingest.log").read_text(encoding="utf-8").startswith("ingest: ok")
        assert (logs / "cluster.log").read_text(encoding="utf-8").startswith("cluster: ok")
        status = _job("status.sh", config, db_url, logs)
        assert (status.returncode, status.stdout, status.stderr) == (0, "", "")

        srv.routes["/rss"] = Response(status=503, body=b"down")
        failing = _job("ingest.sh", config, db_url, logs)
        assert failing.returncode == 1 and failing.stdout == ""
        assert "http_503" in failing.stderr and "exited 1" in failing.stderr
        status = _job("status.sh", config, db_url, logs)
        assert status.returncode == 1 and status.stdout == ""
        assert "needs attention" in status.stderr and "http_503" in status.stderr


def _demo_database(db_url: str, tmp_path: Path) -> None:
    settings = load_settings(REPO / "feeds.yaml", env={"AGGREGATOR_DATABASE_URL": db_url})
    settings = replace(settings, lock_dir=tmp_path / "locks", archive_dir=tmp_path / "warc")
    run_ingest(settings, replay=DEMO_WARC)
    assert run_cluster(settings).ok


def _export_job(
    db_url: str, tmp_path: Path, exports: Path, **more: str
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AGGREGATOR_")}
    env.update(
        AGGREGATOR_DATABASE_URL=db_url,
        AGGREGATOR_LOG_DIR=str(tmp_path / "logs"),
        AGGREGATOR_EXPORT_DIR=str(exports),
        AGGREGATOR_EXPORT_KEEP="3",
        **more,
    )
    return subprocess.run(
        ["/bin/sh", str(JOBS / "export.sh")], env=env, capture_output=True, text=True, timeout=300
    )


def test_the_nightly_export_writes_every_kind_and_keeps_a_bounded_number_of_days(
    db_url: str, tmp_path: Path
) -> None:
    """A researcher finds every export of the codebook in the night's folder (the texts as
    JSONL); the operator's disk holds only the newest AGGREGATOR_EXPORT_KEEP nights."""
    _demo_database(db_url, tmp_path)
    exports = tmp_path / "exports"
    old = [f"2026-01-0{d}" for d in range(1, 6)]
    for name in (*old, "by-hand"):
        (exports / name).mkdir(parents=True)
        (exports / name / "articles.csv").write_text("x\n", encoding="utf-8")

    done = _export_job(db_url, tmp_path, exports)
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")
    day = datetime.now(UTC).strftime("%Y-%m-%d")
    written = {p.name for p in (exports / day).iterdir()}
    kinds = [k for k in EXPORT_KINDS if k != "texts"]
    assert written == {f"{k}.csv" for k in kinds} | {"texts.jsonl"}
    for kind in kinds:
        with (exports / day / f"{kind}.csv").open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        assert rows, kind  # the demo has rows of every kind
    texts = (exports / day / "texts.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(texts) == 18 and all(json.loads(line)["text"] for line in texts)
    # the newest three days stay (today and the two latest old ones); a folder not named as a
    # day is never touched; nothing half-written is left beside them
    assert {p.name for p in exports.iterdir()} == {"2026-01-04", "2026-01-05", "by-hand", day}
    log = (tmp_path / "logs" / "export.log").read_text(encoding="utf-8")
    assert (
        "texts 18 rows" in log
        and "export all: articles 18 rows" in log
        and "removed" in log
        and f"{day} written" in log
    )

    # AGGREGATOR_EXPORT_DAYS bounds the night's work to recent articles: the demo's March
    # stories are older than 30 days, so the night's files hold headers only
    recent = _export_job(db_url, tmp_path, exports, AGGREGATOR_EXPORT_DAYS="30")
    assert (recent.returncode, recent.stderr) == (0, "")
    with (exports / day / "articles.csv").open(encoding="utf-8", newline="") as handle:
        assert list(csv.DictReader(handle)) == []
    assert (exports / day / "texts.jsonl").read_text(encoding="utf-8") == ""
    wrong = _export_job(db_url, tmp_path, exports, AGGREGATOR_EXPORT_DAYS="a month")
    assert wrong.returncode == 2 and "AGGREGATOR_EXPORT_DAYS must be a whole number" in wrong.stderr


def test_a_failed_nightly_export_leaves_no_half_folder_and_keeps_the_earlier_days(
    tmp_path: Path,
) -> None:
    exports = tmp_path / "exports"
    (exports / "2026-01-01").mkdir(parents=True)
    missing = f"sqlite:///{tmp_path / 'gone.sqlite'}"
    done = _export_job(missing, tmp_path, exports)
    assert done.returncode == 2 and done.stdout == ""
    assert "no database at" in done.stderr
    assert "`aggregator export all` exited 2" in done.stderr and "not written" in done.stderr
    assert sorted(p.name for p in exports.iterdir()) == ["2026-01-01"]


def test_the_nightly_export_spares_a_running_export_and_reports_a_killed_ones_leftover(
    db_url: str, tmp_path: Path
) -> None:
    """Two nights' jobs overlapping (a slow night) must not pull the running export's folder
    from under it; what a killed night left is removed by `export all` and said on stderr,
    so cron mails the operator about the kill."""
    _demo_database(db_url, tmp_path)
    exports = tmp_path / "exports"
    day = datetime.now(UTC).strftime("%Y-%m-%d")
    live = exports / f".{day}.live.part"  # another night's export all, still writing
    dead = exports / f".{day}.dead.part"  # a killed one's
    for folder in (live, dead):
        folder.mkdir(parents=True)
        (folder / "articles.csv").write_text("x\n", encoding="utf-8")
    holder = os.open(live, os.O_RDONLY)
    fcntl.flock(holder, fcntl.LOCK_EX)
    try:
        done = _export_job(db_url, tmp_path, exports)
    finally:
        os.close(holder)
    assert done.returncode == 0, done.stderr
    assert (live / "articles.csv").read_text(encoding="utf-8") == "x\n"
    assert not dead.exists()
    assert f"removed {dead}: a partial export left by an export all that was killed" in (
        done.stderr
    )
    assert (exports / day / "articles.csv").is_file()


def test_jobs_run_the_virtualenv_the_crontab_names_and_say_when_there_is_none(
    db_url: str, tmp_path: Path
) -> None:
    """The production install puts aggregator in a virtualenv of its own (README): the jobs of
    a checkout without a .venv find it through AGGREGATOR_VENV, under cron's bare PATH; with
    neither, the job says what to set (exit 2) instead of 'aggregator: not found' (127)."""
    checkout = tmp_path / "checkout"
    (checkout / "jobs").mkdir(parents=True)
    for script in ("env.sh", "status.sh"):
        (checkout / "jobs" / script).write_bytes((JOBS / script).read_bytes())
    cron = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "AGGREGATOR_DATABASE_URL": db_url,
        "AGGREGATOR_LOG_DIR": str(tmp_path / "logs"),
    }

    def status(**more: str) -> subprocess.CompletedProcess[str]:
        script = str(checkout / "jobs" / "status.sh")
        env = {**cron, **more}
        return subprocess.run(["/bin/sh", script], env=env, capture_output=True, text=True)

    found = status(AGGREGATOR_VENV=sys.prefix)
    # nothing has run yet on this database: the report needs attention, on stderr (exit 1)
    assert found.returncode == 1 and "needs attention" in found.stderr, found.stderr
    missing = status()
    assert missing.returncode == 2, missing.stderr
    assert "set AGGREGATOR_VENV" in missing.stderr and "not found" not in missing.stderr
