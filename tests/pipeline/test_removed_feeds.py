"""feeds.yaml means what it says: a feed or an outlet deleted from it is not fetched from the
next run on (disabled, history kept, `status` shows it removed and not as needing attention);
put back, it is fetched again. Real ingest runs against a local HTTP server."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from aggregator.pipeline import run_ingest
from aggregator.pipeline.status import collect_status, render_status
from aggregator.store.models import Article, Feed
from aggregator.store.session import make_engine, session_factory
from tests.support.http import serve
from tests.support.pipeline import article_html, feed, page, rss, settings_for


def _feeds(db_url: str) -> dict[str, tuple[bool, bool, int]]:
    """url path -> (enabled, removed, fetch count)."""
    engine = make_engine(db_url)
    with session_factory(engine)() as session:
        rows = {
            f.url.rsplit("/", 1)[1]: (f.enabled, f.removed_at is not None, f.fetch_count)
            for f in session.scalars(select(Feed))
        }
    engine.dispose()
    return rows


def _articles(db_url: str) -> int:
    engine = make_engine(db_url)
    with session_factory(engine)() as session:
        count = session.scalar(select(func.count()).select_from(Article)) or 0
    engine.dispose()
    return count


def test_removed_feeds_and_outlets_stop_being_fetched_and_come_back(
    db_url: str, tmp_path: Path
) -> None:
    with serve() as srv:
        for name, seed in (("bbc-world", 1), ("bbc-uk", 2), ("rt-news", 3)):
            srv.routes[f"/{name}"] = feed(rss([(f"Story {seed}", srv.url(f"/a{seed}"))]))
            srv.routes[f"/a{seed}"] = page(article_html(f"Story number {seed}", seed=seed))
        everything = {
            "bbc": [srv.url("/bbc-world"), srv.url("/bbc-uk")],
            "rt": [srv.url("/rt-news")],
        }
        full = settings_for(everything, tmp_path, db_url)
        assert run_ingest(full).ok
        assert {path: len(srv.requests_for(f"/{path}")) for path in _feeds(db_url)} == {
            "bbc-world": 1,
            "bbc-uk": 1,
            "rt-news": 1,
        }
        assert _articles(db_url) == 3

        # one feed of bbc and the whole rt outlet leave feeds.yaml
        trimmed = settings_for({"bbc": [srv.url("/bbc-world")]}, tmp_path, db_url)
        summary = run_ingest(trimmed)
        assert summary.ok and summary.counts["feeds"] == 1
        assert len(srv.requests_for("/bbc-uk")) == 1 and len(srv.requests_for("/rt-news")) == 1
        assert len(srv.requests_for("/bbc-world")) == 2
        # disabled, marked removed, history (fetch count, articles) kept
        assert _feeds(db_url) == {
            "bbc-world": (True, False, 2),
            "bbc-uk": (False, True, 1),
            "rt-news": (False, True, 1),
        }
        assert _articles(db_url) == 3
        report = collect_status(trimmed)
        states = {f["url"].rsplit("/", 1)[1]: f["state"] for f in report["feeds"]}
        assert states == {"bbc-world": "ok", "bbc-uk": "removed", "rt-news": "removed"}
        assert report["attention"] == []
        assert all(f["removed_at"] for f in report["feeds"] if f["state"] == "removed")
        assert "removed from the configuration" in render_status(report)

        # a second run with the trimmed file still leaves them alone
        assert run_ingest(trimmed).ok
        assert len(srv.requests_for("/bbc-uk")) == 1 and len(srv.requests_for("/rt-news")) == 1

        # put back: enabled again and fetched at the next run
        assert run_ingest(full).ok
        assert len(srv.requests_for("/bbc-uk")) == 2 and len(srv.requests_for("/rt-news")) == 2
        assert {k: v[:2] for k, v in _feeds(db_url).items()} == {
            "bbc-world": (True, False),
            "bbc-uk": (True, False),
            "rt-news": (True, False),
        }
        assert {f["state"] for f in collect_status(full)["feeds"]} == {"ok"}
