"""Fixtures of the pipeline tests: the demo sample ingested and clustered."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from aggregator.config import Settings, load_settings
from aggregator.pipeline import run_ingest
from aggregator.pipeline.cluster import run_cluster
from aggregator.sample import DEMO_WARC

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def demo(db_url: str, tmp_path: Path) -> Settings:
    """The bundled demo replayed into ``db_url`` and clustered; its settings (locks and WARC
    files under ``tmp_path``)."""
    settings = load_settings(REPO / "feeds.yaml", env={"AGGREGATOR_DATABASE_URL": db_url})
    settings = replace(settings, lock_dir=tmp_path / "locks", archive_dir=tmp_path / "warc")
    run_ingest(settings, replay=DEMO_WARC)
    assert run_cluster(settings).ok
    return settings
