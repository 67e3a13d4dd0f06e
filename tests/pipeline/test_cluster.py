"""The cluster job on a real database: incremental, rerun, rebuild, explain, events export."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from click.testing import CliRunner
from sqlalchemy import select

from aggregator.cli import cli
from aggregator.config import parse_settings
from aggregator.pipeline import run_import
from aggregator.pipeline.cluster import explain_article, run_cluster
from aggregator.store.models import Article, Event
from aggregator.store.session import make_engine, session_factory
from tests.support.pipeline import event_rows

# (id, outlet, day, event, title, text) -- written for these tests
STORIES = [
    (
        "g1",
        "guardian",
        "2026-03-02T08:00:00Z",
        "storm",
        "Storm Dara floods coastal towns in Brittany",
        "Storm Dara brought floods to coastal towns in Brittany on Monday, forcing evacuations "
        "in Brest and Quimper as rivers burst their banks and rail services were suspended.",
    ),
    (
        "b1",
        "bbc",
        "2026-03-02T09:30:00Z",
        "storm",
        "Brittany evacuations as Storm Dara hits",
        "Thousands were evacuated in Brittany as Storm Dara hit, with floods in Brest and "
        "Quimper and rail services suspended across the region, officials said.",
    ),
    (
        "r1",
        "rt",
        "2026-03-02T11:00:00Z",
        "storm",
        "French storm chaos: Dara floods Brest",
        "Storm Dara flooded Brest and Quimper, French officials said, as rail services were "
        "suspended and residents evacuated from coastal towns in Brittany.",
    ),
    (
        "g2",
        "guardian",
        "2026-03-03T10:00:00Z",
        "bank",
        "Bank of England holds interest rates at 4.25%",
        "The Bank of England held interest rates at 4.25% on Thursday, with the monetary "
        "policy committee split seven to two over inflation and wage growth.",
    ),
    (
        "b2",
        "bbc",
        "2026-03-03T12:00:00Z",
        "bank",
        "Interest rates held at 4.25% by Bank of England",
        "Interest rates were held at 4.25% by the Bank of England, whose monetary policy "
        "committee voted seven to two, citing inflation and wage growth.",
    ),
    (
        "m1",
        "mid",
        "2026-03-04T07:00:00Z",
        "expel",
        "Russian MFA statement on the expulsion of diplomats from Oslo",
        "The Ministry of Foreign Affairs of Russia regards the expulsion of three Russian "
        "diplomats from Oslo as an unfriendly step and reserves the right to respond.",
    ),
    (
        "r2",
        "rt",
        "2026-03-04T09:00:00Z",
        "expel",
        "Moscow vows response as Norway expels three Russian diplomats",
        "Moscow vowed a response after Norway expelled three Russian diplomats from Oslo, the "
        "foreign ministry said, calling the expulsion an unfriendly step.",
    ),
]


def _setup(db_url: str, tmp_path: Path):  # type: ignore[no-untyped-def]
    settings = parse_settings(
        {"settings": {"lock_dir": str(tmp_path)}}, env={"AGGREGATOR_DATABASE_URL": db_url}
    )
    path = tmp_path / "corpus.jsonl"
    path.write_text(
        "\n".join(
            json.dumps({"id": i, "outlet": o, "published": p, "title": t, "text": x})
            for i, o, p, _, t, x in STORIES
        ),
        encoding="utf-8",
    )
    assert run_import(settings, path).ok
    return settings


def _events(db_url: str) -> dict[str, set[str]]:
    """event key -> external ids of its articles."""
    out: dict[str, set[str]] = {}
    for ext, key in event_rows(db_url, "external_id"):
        out.setdefault(key, set()).add(ext)
    return out


def _expected() -> set[frozenset[str]]:
    groups: dict[str, set[str]] = {}
    for ext, _, _, event, _, _ in STORIES:
        groups.setdefault(event, set()).add(ext)
    return {frozenset(g) for g in groups.values()}


def test_cluster_groups_events_and_rerun_changes_nothing(db_url: str, tmp_path: Path) -> None:
    settings = _setup(db_url, tmp_path)
    summary = run_cluster(settings)
    assert summary.counts["articles"] == len(STORIES)
    first = _events(db_url)
    assert {frozenset(v) for v in first.values()} == _expected()
    again = run_cluster(settings)
    assert again.counts.get("articles", 0) == 0
    assert _events(db_url) == first
    rebuilt = run_cluster(settings, rebuild=True)
    assert rebuilt.counts["articles"] == len(STORIES)
    assert _events(db_url) == first  # same keys: stable ids for unchanged events

    engine = make_engine(db_url)
    with session_factory(engine)() as session:
        storm = session.scalars(select(Event).where(Event.outlet_count == 3)).one()
        assert storm.outlets == ["bbc", "guardian", "rt"]
        assert storm.article_count == 3
        assert "Dara" in storm.label
        assert storm.first_published_at is not None
        assert storm.first_published_at.isoformat() == "2026-03-02T08:00:00+00:00"
        bbc_storm = session.scalars(select(Article).where(Article.external_id == "b1")).one()
    engine.dispose()
    _doc, key, candidates = explain_article(settings, bbc_storm.id)
    assert key is not None and candidates and candidates[0].event_key == key
    assert candidates[0].cosine > 0


def test_new_article_joins_existing_event_incrementally(db_url: str, tmp_path: Path) -> None:
    settings = _setup(db_url, tmp_path)
    run_cluster(settings)
    before = _events(db_url)
    late = tmp_path / "late.jsonl"
    late.write_text(
        json.dumps(
            {
                "id": "m2",
                "outlet": "mid",
                "published": "2026-03-02T15:00:00Z",
                "title": "Storm Dara: Russian citizens in Brittany advised to avoid flooded areas",
                "text": "The embassy advises Russian citizens in Brittany to avoid Brest and "
                "Quimper where Storm Dara caused floods and suspended rail services.",
            }
        )
        + "\n",
        encoding="utf-8",
    )
    assert run_import(settings, late).ok
    summary = run_cluster(settings)
    assert summary.counts["articles"] == 1 and summary.counts.get("joined") == 1
    after = _events(db_url)
    storm_key = next(k for k, v in before.items() if "g1" in v)
    assert after[storm_key] == before[storm_key] | {"m2"}
    assert {k: v for k, v in after.items() if k != storm_key} == {
        k: v for k, v in before.items() if k != storm_key
    }


def test_cli_cluster_and_events_export(db_url: str, tmp_path: Path) -> None:
    _setup(db_url, tmp_path)
    config = tmp_path / "feeds.yaml"
    config.write_text(f"settings:\n  lock_dir: {tmp_path}\n", encoding="utf-8")
    env = {"AGGREGATOR_DATABASE_URL": db_url, "AGGREGATOR_CONFIG": str(config)}
    runner = CliRunner()
    result = runner.invoke(cli, ["cluster"], env=env)
    assert result.exit_code == 0, result.output
    assert "cluster: ok" in result.output
    out = tmp_path / "events.csv"
    result = runner.invoke(
        cli, ["export", "events", "--out", str(out), "--min-outlets", "2"], env=env
    )
    assert result.exit_code == 0, result.output
    with out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 3
    assert all(int(r["outlet_count"]) >= 2 for r in rows)
    articles = tmp_path / "articles.csv"
    runner.invoke(cli, ["export", "articles", "--out", str(articles)], env=env)
    with articles.open(encoding="utf-8", newline="") as handle:
        event_ids = {r["external_id"]: r["event_id"] for r in csv.DictReader(handle)}
    assert event_ids["g1"] == event_ids["b1"] == event_ids["r1"] != event_ids["g2"]
    assert event_ids["g1"] in {r["event_id"] for r in rows}
    result = runner.invoke(cli, ["cluster", "--since", "2026-03-01"], env=env)
    assert result.exit_code == 2
