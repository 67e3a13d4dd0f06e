"""A replay dates what it stores by the archive, not by the day it runs: an article is first
seen at its earliest capture (its feed's or its page's), never after one of its versions. And
two replays of one archive give the same article ids, so the same event ids."""

from __future__ import annotations

import csv
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import func, select

from aggregator.config import load_settings
from aggregator.pipeline import run_export, run_ingest
from aggregator.pipeline.cluster import run_cluster
from aggregator.pipeline.schema import upgrade_schema
from aggregator.sample import DEMO_WARC
from aggregator.store.models import Article, ArticleVersion
from aggregator.store.session import make_engine, session_factory

REPO = Path(__file__).resolve().parents[2]


def test_replayed_articles_are_first_seen_at_their_earliest_capture(
    db_url: str, tmp_path: Path
) -> None:
    """The demo's articles.csv said first_seen 2026-12-03 (the replay day) for pages captured
    and published in March, 'first seen' nine months after their versions' captured_at."""
    settings = load_settings(REPO / "feeds.yaml", env={"AGGREGATOR_DATABASE_URL": db_url})
    settings = replace(settings, lock_dir=tmp_path, archive_dir=tmp_path / "warc")
    run_ingest(settings, replay=DEMO_WARC)
    engine = make_engine(db_url)
    with session_factory(engine)() as session:
        rows = session.execute(
            select(Article.id, Article.first_seen_at, func.min(ArticleVersion.captured_at))
            .join(ArticleVersion, ArticleVersion.article_id == Article.id)
            .group_by(Article.id, Article.first_seen_at)
        ).all()
    engine.dispose()
    assert len(rows) == 18
    sample_end = datetime(2026, 3, 14, tzinfo=UTC)  # the sample's last capture is on 13 March
    for article_id, first_seen, first_capture in rows:
        assert first_seen <= first_capture, (article_id, first_seen, first_capture)
        assert first_seen < sample_end
    out = tmp_path / "articles.csv"
    run_export(settings, "articles", fmt="csv", out=out)
    with out.open(encoding="utf-8", newline="") as handle:
        exported = list(csv.DictReader(handle))
    assert len(exported) == 18
    for row in exported:
        assert row["first_seen"].startswith("2026-03-"), row


def _replayed(tmp_path: Path, name: str) -> tuple[list[tuple[int, str]], list[str]]:
    url = f"sqlite:///{tmp_path / name}.sqlite"
    settings = load_settings(REPO / "feeds.yaml", env={"AGGREGATOR_DATABASE_URL": url})
    settings = replace(settings, lock_dir=tmp_path, archive_dir=tmp_path / "warc")
    upgrade_schema(settings)
    run_ingest(settings, replay=DEMO_WARC)
    assert run_cluster(settings).ok
    out = tmp_path / f"{name}.csv"
    run_export(settings, "articles", fmt="csv", out=out)
    with out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    ids = sorted((int(row["article_id"]), row["url"]) for row in rows)
    return ids, sorted(f"{row['event_id']} {row['url']}" for row in rows)


def test_two_replays_of_one_archive_give_the_same_ids(tmp_path: Path) -> None:
    """Feeds and pages were stored as their fetch threads finished: each replay of the demo
    numbered its articles differently, so its events (e<first article id>) too."""
    first, second = _replayed(tmp_path, "one"), _replayed(tmp_path, "two")
    assert len(first[0]) == 18
    assert first == second
