"""A worker's summary names each problem once: a page that failed in every pass that retried it
is one line "(in N passes)", not N identical lines (the summary of a worker that runs for weeks
is kept as one entry a problem, not one a pass)."""

from __future__ import annotations

from pathlib import Path

from aggregator.pipeline.worker import run_worker
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
