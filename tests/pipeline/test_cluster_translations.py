"""The cluster job keeps translations together on both databases: a version that arrives in a
later run joins the event of the one clustered before, and a rebuild agrees."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from aggregator.config import load_settings
from aggregator.pipeline.cluster import run_cluster
from aggregator.store.models import Article, Event, EventArticle
from aggregator.store.session import make_engine, session_factory
from tests.support.translations import store_page

REPO = Path(__file__).resolve().parents[2]


def _events(sessions: sessionmaker[Session]) -> dict[int, str]:
    with sessions() as session:
        rows = session.execute(
            select(Article.id, Event.key)
            .join(EventArticle, EventArticle.article_id == Article.id)
            .join(Event, Event.id == EventArticle.event_id)
        )
        return dict(rows.all())


def test_a_translation_arriving_later_joins_the_clustered_version(
    db_url: str, tmp_path: Path
) -> None:
    settings = load_settings(REPO / "feeds.yaml", env={"AGGREGATOR_DATABASE_URL": db_url})
    settings = replace(settings, lock_dir=tmp_path)
    engine = make_engine(db_url)
    sessions = session_factory(engine)
    english = store_page(sessions, "mid_en_1901214")
    bbc = store_page(sessions, "bbc_ru_c0fishru7vyo")  # Russian, no version of its own here
    assert run_cluster(settings, engine=engine).ok
    first = _events(sessions)
    assert first[english] != first[bbc]

    russian = store_page(sessions, "mid_ru_1901200")  # the original, stored a run later
    second = run_cluster(settings, engine=engine)
    after = _events(sessions)
    assert after[russian] == after[english]
    assert second.counts["translations_joined"] == 1  # the words alone do not join them
    # the BBC's Russian report of the same call joins the Russian original on its words
    # (Russian is analysed as Russian), and so the event
    assert after[bbc] == after[russian]

    assert run_cluster(settings, rebuild=True, engine=engine).ok
    rebuilt = _events(sessions)
    assert rebuilt[russian] == rebuilt[english] == rebuilt[bbc]
    engine.dispose()
