"""Feed health: failures counted, backoff after repeated failures, recovery, status exit code."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from sqlalchemy import select, update

from aggregator.pipeline import run_ingest
from aggregator.pipeline.status import collect_status, render_status
from aggregator.records import utcnow
from aggregator.store.models import Feed
from aggregator.store.session import make_engine, session_factory
from tests.support.http import Response, serve
from tests.support.pipeline import article_html, feed, page, rss, settings_for


def _feed(db_url: str) -> Feed:
    engine = make_engine(db_url)
    with session_factory(engine)() as session:
        row = session.scalars(select(Feed)).one()
    engine.dispose()
    return row


def test_failing_feed_backs_off_is_reported_and_recovers(db_url: str, tmp_path: Path) -> None:
    with serve() as srv:
        srv.routes["/rss"] = Response(status=503, body=b"busy")
        settings = settings_for({"bbc": [srv.url("/rss")]}, tmp_path, db_url)
        for _ in range(3):
            assert not run_ingest(settings).ok
        state = _feed(db_url)
        assert state.consecutive_failures == 3
        assert state.last_error_reason is not None and "503" in state.last_error_reason
        assert state.backoff_until is not None and state.backoff_until > utcnow()
        report = collect_status(settings)
        assert report["attention"] and "failing (3 in a row" in report["attention"][0]
        assert report["feeds"][0]["backing_off_until"]
        assert "!!" in render_status(report)

        # while backing off the feed is not fetched at all
        before = len(srv.requests_for("/rss"))
        assert run_ingest(settings).ok
        assert len(srv.requests_for("/rss")) == before

        # the server recovers and the backoff has passed: the feed is healthy again
        srv.routes["/rss"] = feed(rss([("Back", srv.url("/a"))]))
        srv.routes["/a"] = page(article_html("Back online", seed=11))
        engine = make_engine(db_url)
        with session_factory(engine).begin() as session:
            session.execute(update(Feed).values(backoff_until=utcnow() - timedelta(seconds=1)))
        engine.dispose()
        summary = run_ingest(settings)
        assert summary.ok and summary.counts["versions"] == 1
    state = _feed(db_url)
    assert state.consecutive_failures == 0 and state.backoff_until is None
    assert collect_status(settings)["attention"] == []
