"""The outlet's own names (feeds.yaml ``name`` and ``aliases``) go from the file to the outlets
table and into the comparison: on the demo, mid.ru is no longer charged in ``omitted`` with
leaving out the Russian Foreign Ministry, on both databases."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from pathlib import Path

from aggregator.config import load_settings, parse_settings
from aggregator.pipeline import run_export, run_ingest
from aggregator.pipeline.cluster import run_cluster
from aggregator.sample import DEMO_WARC
from aggregator.store.feeds import sync_config
from aggregator.store.reads import outlet_names
from aggregator.store.session import engine_for, session_factory

REPO = Path(__file__).resolve().parents[2]


def test_the_outlets_names_are_stored_and_mid_does_not_omit_itself(
    db_url: str, tmp_path: Path
) -> None:
    settings = load_settings(REPO / "feeds.yaml", env={"AGGREGATOR_DATABASE_URL": db_url})
    settings = replace(settings, lock_dir=tmp_path / "locks", archive_dir=tmp_path / "warc")
    mid = settings.outlet("mid")
    assert mid is not None and "МИД России" in mid.aliases
    run_ingest(settings, replay=DEMO_WARC)
    assert run_cluster(settings).ok
    out = tmp_path / "comparison.csv"
    run_export(settings, "comparison", fmt="csv", out=out)
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    mids = [r for r in rows if r["outlet"] == "mid"]
    assert mids and all("Foreign Ministry" not in r["omitted"] for r in mids), mids
    assert all("number:20" not in r["omitted"] for r in rows)  # no year: 2018, 2022, 2024
    # another outlet is still charged with what it left out
    assert any("speaker:Daniel Hartley" in r["omitted"] for r in rows if r["outlet"] == "rt")

    with engine_for(settings.database_url) as engine, session_factory(engine)() as session:
        names = outlet_names(session)
        assert names["mid"] == (
            "Ministry of Foreign Affairs of the Russian Federation",
            *mid.aliases,
        )
        assert names["bbc"] == ("BBC News", "BBC")
        doc = {"outlets": {"mid": {"name": "MFA", "feeds": [{"url": "https://mid.ru/a"}]}}}
        sync_config(session, parse_settings(doc, source="t.yaml", env={}))
        session.commit()
        assert outlet_names(session)["mid"] == ("MFA",)  # aliases taken out of the file
