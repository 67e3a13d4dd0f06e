"""Revisits against a real local server: 304s, noise, real edits, deletions, moves, failures."""

from __future__ import annotations

import csv
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, update

from aggregator.pipeline import run_export, run_ingest
from aggregator.pipeline.revisit import next_revisit
from aggregator.records import utcnow
from aggregator.store.models import Article, ArticleHistory, ArticleVersion
from aggregator.store.session import make_engine, session_factory
from tests.support.http import Exchange, Response, hang, redirect, serve
from tests.support.pipeline import article_html, feed, page, rss, settings_for


def _make_due(db_url: str) -> None:
    engine = make_engine(db_url)
    with session_factory(engine).begin() as session:
        session.execute(
            update(Article)
            .where(Article.next_revisit_at.is_not(None))
            .values(next_revisit_at=utcnow() - timedelta(seconds=1))
        )
    engine.dispose()


def _state(db_url: str) -> tuple[Article, list[ArticleVersion], list[ArticleHistory]]:
    engine = make_engine(db_url)
    with session_factory(engine)() as session:
        article = session.scalars(select(Article)).one()
        versions = list(session.scalars(select(ArticleVersion).order_by(ArticleVersion.id)))
        history = list(session.scalars(select(ArticleHistory).order_by(ArticleHistory.id)))
    engine.dispose()
    return article, versions, history


class Page:
    """A page whose body can change; answers If-None-Match with 304 when asked to."""

    def __init__(self, body: bytes, *, etag: str | None = None) -> None:
        self.body, self.etag, self.hits = body, etag, 0

    def __call__(self, exchange: Exchange) -> Response:
        self.hits += 1
        if self.etag and exchange.request.header("if-none-match") == self.etag:
            return Response(status=304, body=b"", content_type=None, headers=(("ETag", self.etag),))
        headers = (("ETag", self.etag),) if self.etag else ()
        return Response(body=self.body, content_type="text/html; charset=utf-8", headers=headers)


def _served(srv, story: Page, db_url: str, tmp_path: Path):  # type: ignore[no-untyped-def]
    srv.routes["/rss"] = feed(rss([("Talks", srv.url("/story"))]))
    srv.routes["/story"] = story
    return settings_for(
        {"guardian": [srv.url("/rss")]}, tmp_path, db_url, revisit=["15m", "1h", "3h"]
    )


def test_not_modified_and_noise_create_no_version_real_edit_does(
    db_url: str, tmp_path: Path
) -> None:
    base = article_html("Talks resume in Geneva", seed=1)
    story = Page(base, etag='"a"')
    with serve() as srv:
        settings = _served(srv, story, db_url, tmp_path)
        assert run_ingest(settings).ok
        article, versions, _ = _state(db_url)
        assert len(versions) == 1 and article.next_revisit_at is not None
        assert article.next_revisit_at - versions[0].captured_at == timedelta(minutes=15)

        # not due yet: nothing fetched
        hits = story.hits
        assert run_ingest(settings).counts.get("revisits", 0) == 0
        assert story.hits == hits

        # due, server says 304: no extraction, no version, schedule advances
        _make_due(db_url)
        summary = run_ingest(settings)
        assert summary.counts["revisits_not_modified"] == 1
        article, versions, _ = _state(db_url)
        assert article.revisits_done == 1 and len(versions) == 1

        # noise only: a timestamp line and a share count appear
        story.body = base.replace(b"</h1>", b"</h1><p>Updated 5 minutes ago</p><p>1,234 shares</p>")
        story.etag = '"b"'
        _make_due(db_url)
        summary = run_ingest(settings)
        assert summary.counts["revisits_unchanged"] == 1
        assert len(_state(db_url)[1]) == 1

        # a real edit: the headline changes and a paragraph is added
        story.body = article_html("Talks collapse in Geneva", seed=1, paragraphs=6)
        story.etag = '"c"'
        _make_due(db_url)
        summary = run_ingest(settings)
        assert summary.counts["revisions"] == 1
        article, versions, history = _state(db_url)
        assert [v.version_no for v in versions] == [1, 2]
        assert article.title == "Talks collapse in Geneva"
        assert [(h.kind, h.from_version, h.to_version) for h in history] == [("revised", 1, 2)]
        assert article.revisits_done == 3 and article.next_revisit_at is None  # schedule over

    out = tmp_path / "revisions.csv"
    run_export(settings, "revisions", fmt="csv", out=out)
    with out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    kinds = {r["kind"] for r in rows}
    assert "headline" in kinds and "added" in kinds
    headline = next(r for r in rows if r["kind"] == "headline")
    assert (headline["old"], headline["new"]) == (
        "Talks resume in Geneva",
        "Talks collapse in Geneva",
    )
    assert headline["from_version"] == "1" and headline["to_version"] == "2"


def test_deleted_article_keeps_its_versions(db_url: str, tmp_path: Path) -> None:
    story = Page(article_html("A story", seed=2))
    with serve() as srv:
        settings = _served(srv, story, db_url, tmp_path)
        run_ingest(settings)
        srv.routes["/story"] = Response(status=404, body=b"not here")
        _make_due(db_url)
        summary = run_ingest(settings)
        assert summary.counts["revisits_gone"] == 1
    article, versions, history = _state(db_url)
    assert article.gone_at is not None and article.next_revisit_at is None
    assert len(versions) == 1
    assert [(h.kind, h.http_status) for h in history] == [("deleted", 404)]


def test_redirect_to_another_story_is_a_move(db_url: str, tmp_path: Path) -> None:
    story = Page(article_html("A story", seed=3))
    with serve() as srv:
        settings = _served(srv, story, db_url, tmp_path)
        run_ingest(settings)
        srv.routes["/story"] = redirect(srv.url("/other-story"))
        srv.routes["/other-story"] = page(article_html("Something else", seed=4))
        _make_due(db_url)
        summary = run_ingest(settings)
        assert summary.counts["revisits_moved"] == 1
    article, versions, history = _state(db_url)
    assert len(versions) == 1 and article.title == "A story"
    assert history[0].kind == "moved" and "/other-story" in (history[0].detail or "")


def test_failed_revisit_keeps_its_place_and_is_retried(db_url: str, tmp_path: Path) -> None:
    story = Page(article_html("A story", seed=5))
    with serve() as srv:
        settings = _served(srv, story, db_url, tmp_path)
        run_ingest(settings)
        srv.routes["/story"] = hang
        _make_due(db_url)
        summary = run_ingest(settings)
        assert summary.counts["revisits_failed"] == 1 and not summary.ok
        article, _, _ = _state(db_url)
        assert article.revisits_done == 0 and article.next_revisit_at is not None
        assert article.next_revisit_at <= utcnow()  # still due

        # a page that now fails extraction creates no empty version
        srv.routes["/story"] = page(b"<html><body><p>Oops</p></body></html>")
        summary = run_ingest(settings)
        assert summary.counts["revisits_extract_failed"] == 1
        article, versions, _ = _state(db_url)
        assert article.revisits_done == 1 and len(versions) == 1


def test_next_revisit_counts_from_first_sight_and_ends() -> None:
    first_seen = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
    schedule = (900.0, 3600.0, 86400.0)
    due = [next_revisit(first_seen, done, schedule) for done in range(4)]
    assert due == [
        first_seen + timedelta(minutes=15),
        first_seen + timedelta(hours=1),
        first_seen + timedelta(days=1),
        None,  # the schedule is over
    ]
    assert next_revisit(first_seen, 0, ()) is None
    with pytest.raises(ValueError, match="0 or more"):
        next_revisit(first_seen, -1, schedule)


def test_page_that_goes_back_to_an_earlier_state_is_a_new_version(
    db_url: str, tmp_path: Path
) -> None:
    """A -> B -> A: the return to A is version 3 and a revision, and the article shows A."""
    first = article_html("Talks resume in Geneva", seed=6)
    second = article_html("Talks collapse in Geneva", seed=6, paragraphs=6)
    story = Page(first, etag='"a"')
    with serve() as srv:
        settings = _served(srv, story, db_url, tmp_path)
        assert run_ingest(settings).ok
        story.body, story.etag = second, '"b"'
        _make_due(db_url)
        assert run_ingest(settings).counts["revisions"] == 1
        story.body, story.etag = first, '"a2"'
        _make_due(db_url)
        summary = run_ingest(settings)
        assert summary.counts["revisions"] == 1
        article, versions, history = _state(db_url)
        assert [v.version_no for v in versions] == [1, 2, 3]
        assert [v.title for v in versions] == [
            "Talks resume in Geneva",
            "Talks collapse in Geneva",
            "Talks resume in Geneva",
        ]
        assert versions[2].text == versions[0].text
        assert article.current_version_id == versions[2].id and article.version_count == 3
        assert article.title == "Talks resume in Geneva"
        assert [(h.kind, h.from_version, h.to_version) for h in history] == [
            ("revised", 1, 2),
            ("revised", 2, 3),
        ]

    out = tmp_path / "revisions.csv"
    run_export(settings, "revisions", fmt="csv", out=out)
    with out.open(encoding="utf-8", newline="") as handle:
        rows = [r for r in csv.DictReader(handle) if r["kind"] == "headline"]
    assert [(r["from_version"], r["to_version"], r["old"], r["new"]) for r in rows] == [
        ("1", "2", "Talks resume in Geneva", "Talks collapse in Geneva"),
        ("2", "3", "Talks collapse in Geneva", "Talks resume in Geneva"),
    ]
