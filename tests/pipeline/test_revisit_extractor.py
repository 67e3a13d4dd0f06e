"""An upgrade of our extractor is not an outlet's edit: a revisit after ``EXTRACTOR_VERSION``
changed re-reads the archived page of the current version before it calls anything an edit.

The "older extractor" here is today's with its first body paragraph dropped, the site's name
left in the title and another version name, installed for the first ingest only; the revisit
runs today's extractor against a real server on 127.0.0.1."""

from __future__ import annotations

import csv
import shutil
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from aggregator.config import Settings
from aggregator.pipeline import extraction, run_export, run_ingest
from aggregator.records import Extraction
from aggregator.store.models import ArticleHistory, ArticleVersion
from aggregator.store.session import make_engine, session_factory
from tests.pipeline.test_revisit import Page, _make_due, _served
from tests.support.http import serve
from tests.support.pipeline import article_html

OLDER = "aggregator-extract/0 (test)"
NOISE = b"</h1><p>Updated 5 minutes ago</p>"


def _ingest_with_older_extractor(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    today = extraction.extract_article

    def older(body: bytes, **kwargs: Any) -> Extraction:
        x = today(body, **kwargs)
        kept = x.paragraphs[1:]  # the older extractor missed the first paragraph
        title = f"{x.title} | Test outlet"  # and kept the site's name in the title
        return replace(
            x, title=title, text="\n\n".join(kept), paragraphs=kept, extractor_version=OLDER
        )

    with monkeypatch.context() as patched:
        patched.setattr(extraction, "extract_article", older)
        assert run_ingest(settings).ok


def _versions(db_url: str) -> tuple[list[ArticleVersion], list[ArticleHistory]]:
    engine = make_engine(db_url)
    with session_factory(engine)() as session:
        versions = list(session.scalars(select(ArticleVersion).order_by(ArticleVersion.id)))
        history = list(session.scalars(select(ArticleHistory).order_by(ArticleHistory.id)))
    engine.dispose()
    return versions, history


def _revision_rows(settings: Settings, tmp_path: Path) -> list[dict[str, str]]:
    out = tmp_path / "revisions.csv"
    run_export(settings, "revisions", fmt="csv", out=out)
    with out.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_same_page_read_by_a_newer_extractor_is_not_an_edit(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    base = article_html("Talks resume in Geneva", seed=1)
    story = Page(base)
    with serve() as srv:
        settings = _served(srv, story, db_url, tmp_path)
        _ingest_with_older_extractor(settings, monkeypatch)
        # the page again, with noise only (so its bytes differ and it is extracted)
        story.body = base.replace(b"</h1>", NOISE)
        _make_due(db_url)
        summary = run_ingest(settings)
    assert summary.ok
    assert summary.counts.get("revisions", 0) == 0
    assert summary.counts["reextractions"] == 1 and summary.counts["revisits_unchanged"] == 1
    versions, history = _versions(db_url)
    first, reread = versions
    assert (first.extractor_version, first.extractor_change) == (OLDER, None)
    assert reread.extractor_change == "reextracted" and reread.extractor_version != OLDER
    # the first capture read again: same time, same archived record, the paragraph back
    assert reread.captured_at == first.captured_at
    assert (reread.warc_file, reread.warc_record_id) == (first.warc_file, first.warc_record_id)
    assert "paragraph 0" in reread.text and "paragraph 0" not in first.text
    assert [h.kind for h in history] == ["reextracted"]
    assert _revision_rows(settings, tmp_path) == []
    # the headline as first captured is the first page as today's extractor reads it
    out = tmp_path / "articles.csv"
    run_export(settings, "articles", fmt="csv", out=out)
    with out.open(encoding="utf-8", newline="") as handle:
        (article,) = csv.DictReader(handle)
    assert article["first_title"] == article["title"] == "Talks resume in Geneva"
    texts = tmp_path / "texts.csv"
    run_export(settings, "texts", fmt="csv", out=texts, all_versions=True)
    with texts.open(encoding="utf-8", newline="") as handle:
        marks = [(r["version_no"], r["extractor_change"]) for r in csv.DictReader(handle)]
    assert marks == [("1", ""), ("2", "reextracted")]


def test_page_changed_with_the_extractor_is_an_edit_of_the_page_only(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    story = Page(article_html("Talks resume in Geneva", seed=1))
    with serve() as srv:
        settings = _served(srv, story, db_url, tmp_path)
        _ingest_with_older_extractor(settings, monkeypatch)
        story.body = article_html("Talks collapse in Geneva", seed=1)
        _make_due(db_url)
        summary = run_ingest(settings)
    assert summary.counts["revisions"] == 1 and summary.counts["reextractions"] == 1
    versions, history = _versions(db_url)
    assert [v.extractor_change for v in versions] == [None, "reextracted", None]
    assert [(h.kind, h.from_version, h.to_version) for h in history] == [
        ("reextracted", 1, 2),
        ("revised", 2, 3),
    ]
    rows = _revision_rows(settings, tmp_path)
    # the outlet's edit alone: the headline, diffed against the re-read page, not the
    # paragraph the older extractor missed
    assert [(r["kind"], r["from_version"], r["to_version"]) for r in rows] == [
        ("headline", "2", "3")
    ]
    assert (rows[0]["old"], rows[0]["new"]) == (
        "Talks resume in Geneva",
        "Talks collapse in Geneva",
    )


def test_old_page_not_archived_is_flagged_never_counted_as_an_edit(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    base = article_html("Talks resume in Geneva", seed=1)
    story = Page(base)
    with serve() as srv:
        settings = _served(srv, story, db_url, tmp_path)
        _ingest_with_older_extractor(settings, monkeypatch)
        shutil.rmtree(settings.archive_dir)  # the first capture's WARC file is gone
        story.body = base.replace(b"</h1>", NOISE)
        _make_due(db_url)
        summary = run_ingest(settings)
    assert summary.counts.get("revisions", 0) == 0
    assert summary.counts["revisits_unverified"] == 1
    versions, history = _versions(db_url)
    assert [v.extractor_change for v in versions] == [None, "unverified"]
    assert [h.kind for h in history] == ["unverified"]
    assert history[0].detail and "cannot read" in history[0].detail
    rows = _revision_rows(settings, tmp_path)
    assert [(r["kind"], r["from_version"], r["to_version"]) for r in rows] == [
        ("extractor_changed", "1", "2")
    ]
    assert "extractor changed" in rows[0]["reason"]
