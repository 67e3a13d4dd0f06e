"""A worker's summary names each problem once: a page that failed in every pass that retried it
is one line "(in N passes)", not N identical lines (the summary of a worker that runs for weeks
is kept as one entry a problem, not one a pass)."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from click.testing import CliRunner
from sqlalchemy import func, select

from aggregator.cli import cli
from aggregator.pipeline.worker import run_worker
from aggregator.store.models import Run
from aggregator.store.session import engine_for
from tests.support.http import Response, serve
from tests.support.pipeline import article_html, feed, page, rss, settings_for


def test_a_page_failing_in_several_passes_is_one_failure(db_url: str, tmp_path: Path) -> None:
    with serve() as srv:
        srv.routes["/rss"] = feed(rss([("Good", srv.url("/a")), ("Broken", srv.url("/bad"))]))
        srv.routes["/a"] = page(article_html("A good story", seed=4))
        srv.routes["/bad"] = Response(body=bytes(range(256)) * 8, content_type="text/html")
        settings = settings_for({"bbc": [srv.url("/rss")]}, tmp_path, db_url)
        summary = run_worker(settings, until_idle=True, poll_s=0.0, sleep=lambda _: None)
    tried = summary.counts["pages_failed"]
    assert tried >= 2  # the broken page was retried by a later pass
    (failure,) = summary.failures
    assert srv.url("/bad") in failure and failure.endswith(f"(in {tried} passes)")


def _config(tmp_path: Path, feeds: list[str]) -> Path:
    """A feeds.yaml with one outlet of ``feeds`` on 127.0.0.1, fast timeouts, one retry."""
    doc = {
        "settings": {
            **{"timeout_s": 2.0, "total_timeout_s": 3.0, "retries": 1, "backoff_s": 0.01},
            **{"min_delay_s": 0.0, "min_words": 40, "obey_robots": False},
            **{"archive_dir": str(tmp_path / "warc"), "lock_dir": str(tmp_path / "locks")},
        },
        "outlets": {"bbc": {"allow_private": True, "feeds": [{"url": u} for u in feeds]}},
    }
    path = tmp_path / "feeds.yaml"
    path.write_text(yaml.safe_dump(doc), encoding="utf-8")
    return path


def test_an_idle_worker_names_the_feeds_failing_and_is_not_ok(db_url: str, tmp_path: Path) -> None:
    """A worker started after cron's ingest has no feed due: it fetched nothing, and printed
    `worker: ok` (exit 0) while a feed had failed, and again once that feed backed off."""
    runner = CliRunner()
    with serve() as srv:
        srv.routes["/rss"] = feed(rss([("Good", srv.url("/a"))]))
        srv.routes["/a"] = page(article_html("A good story", seed=4))
        srv.routes["/bad"] = Response(status=500)
        config = _config(tmp_path, [srv.url("/rss"), srv.url("/bad")])
        env = {"AGGREGATOR_DATABASE_URL": db_url, "AGGREGATOR_CONFIG": str(config)}
        worker = ["worker", "--until-idle", "--poll", "0"]
        assert runner.invoke(cli, ["ingest"], env=env).exit_code == 1  # the cron run: 1 failed
        idle = runner.invoke(cli, worker, env=env)
        fetches = len(srv.requests_for("/bad"))
        for _ in range(2):  # three failures in a row: the feed backs off
            runner.invoke(cli, ["ingest"], env=env)
        resting = runner.invoke(cli, worker, env=env)
    assert fetches == 2  # the worker did not fetch the feed (not due): the cron run's 2 tries
    assert idle.exit_code == 1, idle.output
    assert idle.stdout.startswith("worker: needs attention") and "feeds_failing=1" in idle.stdout
    assert f"feed {srv.url('/bad')}: failed at " in idle.stderr
    assert "(1 in a row): status 500 after 2 attempts [http_500]" in idle.stderr
    assert resting.exit_code == 1, resting.output
    assert resting.stdout.startswith("worker: ") and " ok " not in resting.stdout
    assert "feeds_backing_off=1 " in resting.stdout  # the feed, once (not once a pass)
    assert f"feed {srv.url('/bad')}: backing off until " in resting.stderr
    assert "after 3 failures: status 500" in resting.stderr


def test_a_pass_with_nothing_due_records_no_run(db_url: str, tmp_path: Path) -> None:
    """Every pass of a worker that found nothing due recorded an `ingest ok` run with no counts:
    after a pass in which every feed failed, `status` showed the last ingest run `ok`, and an
    idle worker polling every 30 s wrote 2,880 such rows a day, pushing the last cluster run
    out of the newest runs `status` scans."""
    runner = CliRunner()
    with serve() as srv:
        srv.routes["/bad"] = Response(status=500)
        config = _config(tmp_path, [srv.url("/bad")])
        env = {"AGGREGATOR_DATABASE_URL": db_url, "AGGREGATOR_CONFIG": str(config)}
        done = runner.invoke(cli, ["worker", "--until-idle", "--poll", "0"], env=env)
        status = runner.invoke(cli, ["status", "--format", "json"], env=env)
    assert done.exit_code == 1 and "passes=2" in done.stdout, done.output  # a pass found nothing
    assert status.exit_code == 1, status.output
    report = json.loads(status.stdout)
    assert [(r["job"], r["status"]) for r in report["runs"]] == [("ingest", "failed")]
    assert any(line.startswith("last ingest run failed: ") for line in report["attention"])
    with engine_for(db_url) as engine, engine.connect() as connection:
        assert connection.execute(select(func.count()).select_from(Run)).scalar_one() == 1
