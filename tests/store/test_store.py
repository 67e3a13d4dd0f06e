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
    from aggregator.store.articles import best_published

    day = datetime(2026, 3, 3, tzinfo=UTC)
    feed = datetime(2026, 3, 3, 14, 5, tzinfo=UTC)
    assert best_published(day, feed) == feed
    assert best_published(day, None) == day
    assert best_published(None, feed) == feed
    precise = datetime(2026, 3, 3, 9, 30, tzinfo=UTC)
    assert best_published(precise, feed) == precise  # the page's own time wins
    assert best_published(day, day + timedelta(days=5)) == day  # a far-off feed time is not used


def test_version_content_hash_is_the_one_stored_rows_carry() -> None:
    """Versions are deduplicated on (article, content_sha256): the digest must stay the SHA-256 of
    the whitespace-collapsed headline and body that rows already stored were keyed with."""
    from aggregator.records import Extraction

    def extraction(title: str, text: str) -> Extraction:
        return Extraction(
            url="https://example.org/a",
            title=title,
            text=text,
            paragraphs=(),
            lede="",
            authors=(),
            published=None,
            modified=None,
            language=None,
            section=None,
            canonical_url=None,
            method="test",
        )

    first = extraction("  Talks  resume\tin Geneva ", "First  paragraph.\n\nSecond\u00a0one. ")
    assert first.content_sha256 == (
        "3bc2600bc1b35b2f22f020ff952a8e7cf5c4774edad87f46a0639685501d3d53"
    )
    # only runs of whitespace are normalised: a changed word is a new version
    assert (
        first.content_sha256
        == extraction("Talks resume in Geneva", "First paragraph. Second one.").content_sha256
    )
    assert (
        first.content_sha256
        != extraction("Talks resume in Geneva", "First paragraph.").content_sha256
    )


def test_the_source_of_the_publication_time_is_kept() -> None:
    from aggregator.records import Extraction
    from aggregator.store.articles import published_with_source

    feed = datetime(2026, 3, 2, 14, 35, tzinfo=UTC)
    day = datetime(2026, 3, 2, tzinfo=UTC)
    precise = datetime(2026, 3, 2, 9, 15, tzinfo=UTC)

    def page(when: datetime | None, source: str | None = "page") -> Extraction:
        return Extraction("u", "t", "x", ("x",), "x", (), when, None, None, None, None, "m",
                          published_source=source if when else None)  # fmt: skip

    assert published_with_source(page(precise), feed, "feed") == (precise, "page")
    assert published_with_source(page(day), feed, "feed") == (feed, "feed")  # refined by feed
    assert published_with_source(page(day), None, None) == (day, "page-date")
    assert published_with_source(page(None), feed, "feed") == (feed, "feed")
    assert published_with_source(page(feed, "feed"), None, None) == (feed, "feed")
    assert published_with_source(page(None), None, None) == (None, None)
