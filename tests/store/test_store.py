from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import inspect, select

from aggregator.errors import StoreError
from aggregator.store.models import Article, Outlet
from aggregator.store.session import make_engine, require_schema, session_factory, upgrade_database


def test_upgrade_creates_schema_and_is_idempotent(db_url: str) -> None:
    engine = make_engine(db_url)
    upgrade_database(engine)  # second time: nothing to do, no error
    tables = set(inspect(engine).get_table_names())
    assert {
        "outlets",
        "feeds",
        "articles",
        "article_versions",
        "events",
        "event_articles",
        "runs",
        "fetch_log",
        "article_urls",
    } <= tables
    engine.dispose()


def test_missing_schema_is_a_clear_error(empty_db_url: str) -> None:
    engine = make_engine(empty_db_url)
    with pytest.raises(StoreError, match="db upgrade"):
        require_schema(engine)


def test_times_come_back_as_utc(db_url: str) -> None:
    engine = make_engine(db_url)
    sessions = session_factory(engine)
    moscow = timezone(timedelta(hours=3))
    with sessions.begin() as session:
        outlet = Outlet(slug="mid", name="MFA")
        session.add(outlet)
        session.flush()
        session.add(
            Article(
                outlet_id=outlet.id,
                url_key="https://mid.ru/x",
                published_at=datetime(2026, 3, 1, 12, 0, tzinfo=moscow),
            )
        )
    with sessions() as session:
        article = session.scalars(select(Article)).one()
        assert article.published_at == datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
        assert article.published_at is not None and article.published_at.tzinfo is not None
    engine.dispose()


def test_naive_datetime_is_refused(db_url: str) -> None:
    engine = make_engine(db_url)
    sessions = session_factory(engine)
    with pytest.raises(Exception, match="naive datetime"), sessions.begin() as session:
        outlet = Outlet(slug="bbc", name="BBC")
        session.add(outlet)
        session.flush()
        session.add(Article(outlet_id=outlet.id, url_key="u", published_at=datetime(2026, 1, 1)))
        session.flush()
    engine.dispose()


def test_bare_page_date_is_refined_by_the_feed_time() -> None:
    from aggregator.store.queries import best_published

    day = datetime(2026, 3, 3, tzinfo=UTC)
    feed = datetime(2026, 3, 3, 14, 5, tzinfo=UTC)
    assert best_published(day, feed) == feed
    assert best_published(day, None) == day
    assert best_published(None, feed) == feed
    precise = datetime(2026, 3, 3, 9, 30, tzinfo=UTC)
    assert best_published(precise, feed) == precise  # the page's own time wins
    assert best_published(day, day + timedelta(days=5)) == day  # a far-off feed time is not used
