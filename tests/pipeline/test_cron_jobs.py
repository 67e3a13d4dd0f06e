"""What cron runs (jobs/): mail is not silenced, healthy runs are quiet (their summaries go to a
log), and failures reach stderr, which cron mails. The wrappers run for real, as cron would."""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

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
