"""What an operator reads of a failing feed or article page names its URL once and its reason
once: in the run's failures, in ``status`` (text and JSON) and in the article examples."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from aggregator.cli import cli
from aggregator.pipeline import run_ingest
from aggregator.pipeline.status import collect_status, render_status
from tests.support.http import Response, serve
from tests.support.pipeline import feed, rss, settings_for


def test_failing_feeds_and_pages_are_named_once(db_url: str, tmp_path: Path) -> None:
    with serve() as srv:
        links = [(f"Story {n}", srv.url(f"/a{n}")) for n in range(3)]
        srv.routes.update(
            {
                "/missing.xml": Response(404, b"no"),
                "/page.xml": Response(
                    body=b"<html><body>menu</body></html>", content_type="text/html"
                ),
                "/rss": feed(rss(links)),
                **{f"/a{n}": Response(404) for n in range(3)},
            }
        )
        urls = [srv.url("/missing.xml"), srv.url("/page.xml"), srv.url("/rss")]
        settings = settings_for({"bbc": urls}, tmp_path, db_url, obey_robots=False)
        summary = run_ingest(settings)
        report = collect_status(settings)

    by_url = {url: [f for f in summary.failures if url in f] for url in urls[:2]}
    assert by_url[urls[0]] == [f"feed {urls[0]}: status 404 [http_404]; skipped"]
    assert by_url[urls[1]] == [
        f"feed {urls[1]}: served an HTML page instead of a feed [html_not_feed]; skipped"
    ]
    for _, link in links:
        [line] = [f for f in summary.failures if link in f]
        assert line == f"article {link}: status 404 [http_404]; skipped"

    feeds = {state["url"]: state for state in report["feeds"]}
    assert feeds[urls[0]]["last_error"] == "status 404 [http_404]; skipped"
    text = render_status(report)
    for url in urls[:2]:
        [attention] = [item for item in report["attention"] if url in item]
        assert attention.count(url) == 1, attention
        assert all(line.count(url) <= 1 for line in text.splitlines())
    [outlet] = report["articles"]
    for example in outlet["examples"]:
        assert example.count(srv.url("/a")) == 1 and example.count("http_404") == 1, example


def test_the_command_lists_failures_one_a_line(db_url: str, tmp_path: Path) -> None:
    # each failure ends in "; skipped" or "; may succeed on a later run": joined by "; " on one
    # line, a cron mail could not be read failure by failure
    with serve() as srv:
        urls = [srv.url(f"/gone{n}.xml") for n in range(7)]
        srv.routes.update({f"/gone{n}.xml": Response(410) for n in range(7)})
        config = tmp_path / "feeds.yaml"
        config.write_text(
            json.dumps(
                {
                    "settings": {"retries": 0, "min_delay_s": 0.0, "lock_dir": str(tmp_path)},
                    "outlets": {
                        "bbc": {"allow_private": True, "feeds": [{"url": u} for u in urls]}
                    },
                }
            ),
            encoding="utf-8",
        )
        env = {"AGGREGATOR_DATABASE_URL": db_url, "AGGREGATOR_CONFIG": str(config)}
        result = CliRunner().invoke(cli, ["ingest"], env=env)
    assert result.exit_code == 1
    assert result.stdout.startswith("ingest: failed (7 failures) ")  # every feed failed
    first, *listed, more = result.stderr.splitlines()
    assert first == "failures:" and more == "  (+2 more)"
    assert len(listed) == 5
    for line in listed:
        [url] = [u for u in urls if u in line]
        assert line == f"  feed {url}: status 410 [http_410]; skipped"


def test_a_backed_off_run_says_so_not_that_something_failed(db_url: str, tmp_path: Path) -> None:
    with serve({"/gone.xml": Response(404)}) as srv:
        config = tmp_path / "feeds.yaml"
        config.write_text(
            json.dumps(
                {
                    "settings": {"retries": 0, "min_delay_s": 0.0, "lock_dir": str(tmp_path)},
                    "outlets": {
                        "bbc": {"allow_private": True, "feeds": [{"url": srv.url("/gone.xml")}]}
                    },
                }
            ),
            encoding="utf-8",
        )
        env = {"AGGREGATOR_DATABASE_URL": db_url, "AGGREGATOR_CONFIG": str(config)}
        outputs = [CliRunner().invoke(cli, ["ingest"], env=env) for _ in range(4)]
    assert [r.exit_code for r in outputs] == [1, 1, 1, 1]
    assert outputs[0].stdout.startswith("ingest: failed (1 failure) feeds=1 ")
    # the fourth run fetched nothing: the feed rests after three failures
    assert outputs[3].stdout.startswith("ingest: backed-off feeds_backing_off=1"), outputs[3].stdout
    assert "all 1 feeds are backing off" in outputs[3].stderr
