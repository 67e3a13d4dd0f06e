"""An upgrade of our extractor is not an outlet's edit: a revisit after ``EXTRACTOR_VERSION``
changed re-reads the archived page of the current version before it calls anything an edit.

The "older extractor" here is today's with its first body paragraph dropped, the site's name
left in the title and another version name, installed for the first ingest only; the revisit
runs today's extractor against a real server on 127.0.0.1."""

from __future__ import annotations

import csv
import re
import shutil
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import trafilatura
from sqlalchemy import select

from aggregator.config import Settings
from aggregator.parse.extract import EXTRACTOR_NAME, EXTRACTOR_VERSION
from aggregator.pipeline import extraction, run_export, run_ingest
from aggregator.pipeline.cluster import run_cluster
from aggregator.pipeline.compare import run_report
from aggregator.records import Extraction, RunSummary
from aggregator.store.models import ArticleHistory, ArticleVersion
from aggregator.store.session import make_engine, session_factory
from tests.pipeline.test_revisit import Page, _make_due, _served
from tests.support.http import serve
from tests.support.pipeline import article_html

OLDER = "aggregator-extract/0 (test)"
NOISE = b"</h1><p>Updated 5 minutes ago</p>"
BASE = article_html("Talks resume in Geneva", seed=1)


def _ingest_with_older_extractor(
    settings: Settings, monkeypatch: pytest.MonkeyPatch, version: str = OLDER
) -> None:
    today = extraction.extract_article

    def older(body: bytes, **kwargs: Any) -> Extraction:
        x = today(body, **kwargs)
        kept = x.paragraphs[1:]  # the older extractor missed the first paragraph
        title = f"{x.title} | Test outlet"  # and kept the site's name in the title
        return replace(
            x, title=title, text="\n\n".join(kept), paragraphs=kept, extractor_version=version
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


def _rows(settings: Settings, tmp_path: Path, kind: str, **options: Any) -> list[dict[str, str]]:
    """The rows of export ``kind``, as CSV."""
    out = tmp_path / f"{kind}.csv"
    run_export(settings, kind, fmt="csv", out=out, **options)
    with out.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _version_counts(settings: Settings, tmp_path: Path) -> tuple[str, str]:
    """The article's ``version_count`` in the articles export, and the versions its link in
    the HTML report is noted with (clustered first)."""
    (article,) = _rows(settings, tmp_path, "articles")
    assert run_cluster(settings).ok
    run_report(settings, tmp_path / "report")
    pages = [p.read_text(encoding="utf-8") for p in (tmp_path / "report").rglob("e*.html")]
    noted = re.findall(r"· (\d+) versions", "".join(pages))
    return article["version_count"], ",".join(noted)


def _revisit(
    db_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    then: bytes,
    before_revisit: Callable[[Settings], object] = lambda _: None,
    older: str = OLDER,
) -> tuple[Settings, RunSummary]:
    """The Geneva page ingested by the older extractor, then served as ``then`` and revisited
    by today's (``before_revisit`` runs between the two)."""
    story = Page(BASE)
    with serve() as srv:
        settings = _served(srv, story, db_url, tmp_path)
        _ingest_with_older_extractor(settings, monkeypatch, older)
        before_revisit(settings)
        story.body = then
        _make_due(db_url)
        return settings, run_ingest(settings)


def test_same_page_read_by_a_newer_extractor_is_not_an_edit(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the page again, with noise only (so its bytes differ and it is extracted)
    settings, summary = _revisit(db_url, tmp_path, monkeypatch, BASE.replace(b"</h1>", NOISE))
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
    assert _rows(settings, tmp_path, "revisions") == []
    # the headline as first captured is the first page as today's extractor reads it
    (article,) = _rows(settings, tmp_path, "articles")
    assert article["first_title"] == article["title"] == "Talks resume in Geneva"
    texts = _rows(settings, tmp_path, "texts", all_versions=True)
    marks = [(r["version_no"], r["extractor_change"]) for r in texts]
    assert marks == [("1", ""), ("2", "reextracted")]
    # one page as the outlet published it: the re-read is no version of its own to a reader
    assert _version_counts(settings, tmp_path) == ("1", "")


def test_page_changed_with_the_extractor_is_an_edit_of_the_page_only(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    changed = article_html("Talks collapse in Geneva", seed=1)
    settings, summary = _revisit(db_url, tmp_path, monkeypatch, changed)
    assert summary.counts["revisions"] == 1 and summary.counts["reextractions"] == 1
    versions, history = _versions(db_url)
    assert [v.extractor_change for v in versions] == [None, "reextracted", None]
    assert [(h.kind, h.from_version, h.to_version) for h in history] == [
        ("reextracted", 1, 2),
        ("revised", 2, 3),
    ]
    rows = _rows(settings, tmp_path, "revisions")
    # the outlet's edit alone: the headline, diffed against the re-read page, not the
    # paragraph the older extractor missed
    assert [(r["kind"], r["from_version"], r["to_version"]) for r in rows] == [
        ("headline", "2", "3")
    ]
    assert (rows[0]["old"], rows[0]["new"]) == (
        "Talks resume in Geneva",
        "Talks collapse in Geneva",
    )
    # the first page and its edit: two versions, as the one edit's rows say
    assert _version_counts(settings, tmp_path) == ("2", "2")


def test_old_page_not_archived_is_flagged_never_counted_as_an_edit(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def lose_the_archive(settings: Settings) -> None:  # the first capture's WARC file is gone
        shutil.rmtree(settings.archive_dir)

    noise = BASE.replace(b"</h1>", NOISE)
    settings, summary = _revisit(db_url, tmp_path, monkeypatch, noise, lose_the_archive)
    assert summary.counts.get("revisions", 0) == 0
    assert summary.counts["revisits_unverified"] == 1
    versions, history = _versions(db_url)
    assert [v.extractor_change for v in versions] == [None, "unverified"]
    assert [h.kind for h in history] == ["unverified"]
    assert history[0].detail and "cannot read" in history[0].detail
    rows = _rows(settings, tmp_path, "revisions")
    assert [(r["kind"], r["from_version"], r["to_version"]) for r in rows] == [
        ("extractor_changed", "1", "2")
    ]
    assert "extractor changed" in rows[0]["reason"]
    # maybe no edit: not counted as one
    assert _version_counts(settings, tmp_path) == ("1", "")


def test_another_trafilatura_under_our_extractor_name_is_another_extractor(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # our code unchanged, the library upgraded: its text may differ, so the page is read again
    assert f"trafilatura/{trafilatura.__version__}" in EXTRACTOR_VERSION
    older = f"{EXTRACTOR_NAME} trafilatura/0.0.1"
    assert older != EXTRACTOR_VERSION
    noise = BASE.replace(b"</h1>", NOISE)
    settings, summary = _revisit(db_url, tmp_path, monkeypatch, noise, older=older)
    assert summary.counts.get("revisions", 0) == 0 and summary.counts["reextractions"] == 1
    versions, _ = _versions(db_url)
    assert [(v.extractor_version, v.extractor_change) for v in versions] == [
        (older, None),
        (EXTRACTOR_VERSION, "reextracted"),
    ]
    assert _rows(settings, tmp_path, "revisions") == []
