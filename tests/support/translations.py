"""The translation-pair pages of tests/fixtures/translations/ (made by us), extracted and stored
as a fetch would store them: for the store, cluster and compare tests of translations."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from aggregator.parse.extract import extract_article
from aggregator.records import Extraction
from aggregator.store.articles import add_article_url, store_version
from aggregator.store.models import Article, Outlet
from aggregator.urls import canonical_url

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "translations"
PAGES: dict[str, dict[str, Any]] = json.loads(
    (FIXTURES / "expected.json").read_text(encoding="utf-8")
)["pages"]
CAPTURED = datetime(2025, 5, 15, 8, 0, tzinfo=UTC)


def extraction(name: str) -> Extraction:
    """The extraction of fixture page ``name`` (short pages: ``min_words`` 5)."""
    page = PAGES[name]
    return extract_article((FIXTURES / f"{name}.html").read_bytes(), url=page["url"], min_words=5)


def pending_article(session: Session, name: str) -> int:
    """The article of fixture ``name`` as a feed leaves it (pending), created on first use; its
    outlet is the name's first part (``mid``, ``rt``, ``bbc``)."""
    slug = name.split("_")[0]
    outlet_id = session.scalar(select(Outlet.id).where(Outlet.slug == slug))
    if outlet_id is None:
        outlet = Outlet(slug=slug, name=slug)
        session.add(outlet)
        session.flush()
        outlet_id = outlet.id
    key = canonical_url(PAGES[name]["url"])
    found = session.scalar(select(Article.id).where(Article.url_key == key))
    if found is not None:
        return found
    article = Article(outlet_id=outlet_id, url_key=key, url=PAGES[name]["url"], status="pending")
    session.add(article)
    session.flush()
    add_article_url(session, key, article.id)
    return article.id


def store_page(sessions: sessionmaker[Session], name: str, *, captured: datetime = CAPTURED) -> int:
    """Store fixture ``name`` as its article's next version; returns the article id."""
    with sessions.begin() as session:
        article_id = pending_article(session, name)
        store_version(
            session, article_id, extraction(name), captured_at=captured, result=None, pointer=None
        )
    return article_id
