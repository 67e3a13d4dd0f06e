"""Tests of store/translations.py on SQLite and PostgreSQL: versions of one document in two
languages are linked whichever arrives first, once, and the original is the earliest published.
Pages: tests/fixtures/translations/ (made by us)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import Engine, func, select, text
from sqlalchemy.orm import Session, sessionmaker

from aggregator.rows import Selection
from aggregator.store.articles import store_version
from aggregator.store.models import ArticleTranslation, TranslationKey
from aggregator.store.reads import iter_article_rows
from aggregator.store.session import make_engine, session_factory
from aggregator.store.translations import translation_groups, translation_originals
from tests.support.translations import CAPTURED, extraction, pending_article, store_page


def _pairs(sessions: sessionmaker[Session]) -> list[tuple[int, int]]:
    with sessions() as session:
        rows = session.execute(select(ArticleTranslation.article_id, ArticleTranslation.other_id))
        return sorted((a, b) for a, b in rows)


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    engine = make_engine(db_url)
    yield engine
    engine.dispose()


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("mid_ru_1901200", "mid_en_1901214"),  # a shared document number
        ("mid_en_1901214", "mid_ru_1901200"),
        ("rt_en_640101", "rt_ru_1500777"),  # the English page names the Russian one
        ("rt_ru_1500777", "rt_en_640101"),
        ("bbc_en_c9x7fishq2o", "bbc_ru_c0fishru7vyo"),  # "Read this story in Russian"
        ("bbc_ru_c0fishru7vyo", "bbc_en_c9x7fishq2o"),
    ],
)
def test_the_second_version_to_arrive_links_to_the_first(
    engine: Engine, first: str, second: str
) -> None:
    sessions = session_factory(engine)
    a = store_page(sessions, first)
    assert _pairs(sessions) == []
    b = store_page(sessions, second)
    assert _pairs(sessions) == [(min(a, b), max(a, b))]
    # a rerun (the same pages again, and a later capture) links nothing more
    store_page(sessions, first)
    store_page(sessions, second, captured=CAPTURED + timedelta(hours=1))
    assert _pairs(sessions) == [(min(a, b), max(a, b))]
    with sessions() as session:
        originals = translation_originals(session)
    # the original is the version published first, whichever arrived first
    times = {first: extraction(first).published, second: extraction(second).published}
    earlier, later = sorted((first, second), key=lambda n: times[n])
    ids = {first: a, second: b}
    assert originals == {ids[later]: ids[earlier]}


def test_a_declared_url_finds_a_pending_article_and_every_version_joins_one_group(
    engine: Engine,
) -> None:
    sessions = session_factory(engine)
    with sessions.begin() as session:  # the Russian RT page is known from a feed, not fetched
        pending = pending_article(session, "rt_ru_1500777")
    english = store_page(sessions, "rt_en_640101")
    assert _pairs(sessions) == [(min(pending, english), max(pending, english))]
    mid_ru, mid_en = store_page(sessions, "mid_ru_1901200"), store_page(sessions, "mid_en_1901214")
    with sessions() as session:
        keys = set(session.scalars(select(TranslationKey.key)))
        originals = translation_originals(session)
        assert session.scalar(select(func.count()).select_from(ArticleTranslation)) == 2
    assert keys == {
        "doc:mid.ru:doc:930-14-05-2025",
        "url:https://russian.rt.com/world/news/1500777-barents-kvoty",
    }
    assert originals[mid_en] == mid_ru  # 16:10 Moscow time before 18:45
    # a pending article has no publication time: the English page is first published, the
    # Russian one only first seen (now), so the English one is the original
    assert originals[pending] == english
    assert translation_groups([(5, 9), (9, 2), (7, 8)]) == [(2, 5, 9), (7, 8)]


def test_articles_export_names_the_original(engine: Engine) -> None:
    sessions = session_factory(engine)
    ru = store_page(sessions, "mid_ru_1901200")
    en = store_page(sessions, "mid_en_1901214")
    alone = store_page(sessions, "bbc_ru_c0fishru7vyo")
    with sessions() as session:
        rows = {row.article_id: row for row in iter_article_rows(session, Selection())}
    assert rows[en].translation_of == ru
    assert rows[ru].translation_of is None and rows[alone].translation_of is None
    assert rows[en].language == "en" and rows[ru].language == "ru"


@pytest.mark.postgres
def test_two_workers_storing_both_versions_at_once_still_link_them(pg_url: str) -> None:
    """Worker 1 stores the Russian version and has not committed when worker 2 stores the
    English one: worker 2 must wait for worker 1 (not miss its uncommitted rows)."""
    engine = make_engine(pg_url)
    sessions = session_factory(engine)
    with sessions.begin() as session:
        ru_id, en_id = (
            pending_article(session, "mid_ru_1901200"),
            pending_article(session, "mid_en_1901214"),
        )
    ru, en = extraction("mid_ru_1901200"), extraction("mid_en_1901214")
    release = threading.Event()
    errors: list[BaseException] = []

    def worker_1() -> None:
        try:
            with sessions.begin() as session:
                store_version(session, ru_id, ru, captured_at=CAPTURED, result=None, pointer=None)
                release.wait(timeout=60)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    def worker_2() -> None:
        try:
            with sessions.begin() as session:
                store_version(session, en_id, en, captured_at=CAPTURED, result=None, pointer=None)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    first = threading.Thread(target=worker_1)
    first.start()
    with engine.connect() as probe:  # worker 1 holds its advisory locks
        _wait_for(probe, f"{ADVISORY} AND granted")
        second = threading.Thread(target=worker_2)
        second.start()
        # worker 2 waits on a lock worker 1 holds
        _wait_for(probe, f"{ADVISORY} AND NOT granted")
    release.set()
    first.join(timeout=60)
    second.join(timeout=60)
    assert not errors, errors
    assert _pairs(sessions) == [(min(ru_id, en_id), max(ru_id, en_id))]
    engine.dispose()


# advisory locks in this test's database (a shared server may have others)
ADVISORY = (
    "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'"
    " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
)


def _wait_for(probe: Any, query: str) -> None:
    """Poll ``query`` (a count) until it is positive; fail after 30 s."""
    deadline = datetime.now(UTC) + timedelta(seconds=30)
    while datetime.now(UTC) < deadline:
        if probe.execute(text(query)).scalar_one() > 0:
            probe.rollback()
            return
        probe.rollback()
        threading.Event().wait(0.02)
    pytest.fail(f"timed out waiting for: {query}")
