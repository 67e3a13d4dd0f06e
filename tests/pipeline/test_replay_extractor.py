"""An extractor upgrade is not an outlet's edit on the other ways a new capture of a stored
article comes in: a replay of archived captures (``ingest --replay``), and a page fetched under
another URL of a stored story (its canonical URL names the stored article).

The older extractor is the one of ``test_revisit_extractor``; pages are served by a real server
on 127.0.0.1 and archived as a live ingest archives them."""

from __future__ import annotations

from pathlib import Path

import pytest

from aggregator.config import Settings
from aggregator.pipeline import run_ingest
from aggregator.records import RunSummary
from tests.pipeline.test_revisit import Page, _make_due, _served
from tests.pipeline.test_revisit_extractor import (
    BASE,
    NOISE,
    OLDER,
    _ingest_with_older_extractor,
    _rows,
    _versions,
)
from tests.support.http import TestServer, serve
from tests.support.pipeline import article_html, feed, rss


def test_replayed_later_capture_read_by_a_newer_extractor_is_not_an_edit(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    story = Page(BASE)
    with serve() as srv:
        settings = _served(srv, story, db_url, tmp_path)
        _ingest_with_older_extractor(settings, monkeypatch)
        # a later capture of the page (noise only, below the story, where the older extractor
        # reads it too) archived by the older extractor's revisit
        story.body = BASE.replace(b"</article>", NOISE.removeprefix(b"</h1>") + b"</article>")
        _make_due(db_url)
        _ingest_with_older_extractor(settings, monkeypatch)
    assert len(_versions(db_url)[0]) == 1
    # today's extractor replays the archive: both captures are served again
    summary = run_ingest(settings, replay=settings.archive_dir)
    assert summary.ok
    assert summary.counts.get("revisions", 0) == 0
    versions, _ = _versions(db_url)
    assert [(v.extractor_version == OLDER, v.extractor_change) for v in versions] == [
        (True, None),
        (False, "reextracted"),
    ]
    assert _rows(settings, tmp_path, "revisions") == []


def _also_at_a_second_address(srv: TestServer, html: bytes) -> None:
    """The feed links the story by a second address too, serving ``html`` (a page that names
    the first address as canonical)."""
    srv.routes["/story-2"] = Page(html)
    srv.routes["/rss"] = feed(rss([("Talks", srv.url("/story")), ("Talks", srv.url("/story-2"))]))


def _older_then_second_address(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, title: str, *, noise: bool
) -> tuple[Settings, RunSummary]:
    """The story ingested by the older extractor; then the feed links it by a second address
    too, whose page (headed ``title``, with noise or not) names the first as canonical, and
    today's extractor ingests again."""
    with serve() as srv:
        settings = _served(srv, Page(BASE), db_url, tmp_path)
        _ingest_with_older_extractor(settings, monkeypatch)
        html = article_html(title, seed=1, canonical=srv.url("/story"))
        _also_at_a_second_address(srv, html.replace(b"</h1>", NOISE) if noise else html)
        return settings, run_ingest(settings)


def test_page_under_another_url_read_by_a_newer_extractor_is_not_an_edit(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the same page with noise, fetched by today's extractor under the second address
    settings, summary = _older_then_second_address(
        db_url, tmp_path, monkeypatch, "Talks resume in Geneva", noise=True
    )
    assert summary.ok and summary.counts["articles_merged"] == 1
    versions, history = _versions(db_url)
    assert [v.extractor_change for v in versions] == [None, "reextracted"]
    assert [h.kind for h in history] == ["reextracted"]
    assert _rows(settings, tmp_path, "revisions") == []
    (article,) = _rows(settings, tmp_path, "articles")
    assert article["version_count"] == "1"


def test_page_under_another_url_with_noise_only_is_no_version(db_url: str, tmp_path: Path) -> None:
    story = Page(BASE)
    with serve() as srv:
        settings = _served(srv, story, db_url, tmp_path)
        assert run_ingest(settings).ok
        again = article_html("Talks resume in Geneva", seed=1, canonical=srv.url("/story"))
        _also_at_a_second_address(srv, again.replace(b"</h1>", NOISE))
        assert run_ingest(settings).counts["articles_merged"] == 1
    assert len(_versions(db_url)[0]) == 1
    assert _rows(settings, tmp_path, "revisions") == []


def test_page_under_another_url_edited_is_an_edit_of_the_page_only(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings, summary = _older_then_second_address(
        db_url, tmp_path, monkeypatch, "Talks collapse in Geneva", noise=False
    )
    assert summary.ok
    versions, history = _versions(db_url)
    assert [v.extractor_change for v in versions] == [None, "reextracted", None]
    assert [(h.kind, h.from_version, h.to_version) for h in history] == [
        ("reextracted", 1, 2),
        ("revised", 2, 3),
    ]
    rows = _rows(settings, tmp_path, "revisions")
    assert [(r["kind"], r["old"], r["new"]) for r in rows] == [
        ("headline", "Talks resume in Geneva", "Talks collapse in Geneva")
    ]
