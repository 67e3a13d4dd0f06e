"""Leases on work (store.work) on a real database: due revisits are outstanding work, and live
workers (the ``workers`` heartbeat rows) share the outlets instead of one holding them all."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from sqlalchemy import select, update

from aggregator.pipeline import run_ingest
from aggregator.records import utcnow
from aggregator.store.feeds import sync_config
from aggregator.store.models import Article, Outlet
from aggregator.store.session import make_engine, session_factory
from aggregator.store.work import FeedsDue, hold_outlets, release_outlets, work_outstanding
from aggregator.store.workers import register_worker, retire_worker
from tests.support.http import serve
from tests.support.pipeline import article_html, feed, page, rss, settings_for

HOUR = timedelta(hours=1)


def test_due_revisits_are_outstanding_work(db_url: str, tmp_path: Path) -> None:
    with serve() as srv:
        srv.routes["/rss"] = feed(rss([("Talks", srv.url("/story"))]))
        srv.routes["/story"] = page(article_html("Talks resume in Geneva", seed=1))
        settings = settings_for({"guardian": [srv.url("/rss")]}, tmp_path, db_url, revisit=["1h"])
        assert run_ingest(settings).ok
    engine = make_engine(db_url)
    sessions = session_factory(engine)

    def outstanding() -> int:
        with sessions() as session:
            now = utcnow()
            return work_outstanding(
                session, outlets=["guardian"], now=now, fetched_before=now - HOUR
            )

    assert outstanding() == 0  # fetched, its revisit an hour away
    with sessions.begin() as session:
        session.execute(update(Article).values(next_revisit_at=utcnow() - timedelta(seconds=1)))
    assert outstanding() == 1
    with sessions.begin() as session:  # claimed by another worker: still to be done
        session.execute(update(Article).values(lease_owner="h:1:x", lease_until=utcnow() + HOUR))
    assert outstanding() == 1
    with sessions.begin() as session:  # the article is gone: no revisit left
        session.execute(update(Article).values(gone_at=utcnow()))
    assert outstanding() == 0
    engine.dispose()


def test_live_workers_share_the_outlets(db_url: str, tmp_path: Path) -> None:
    slugs = [f"outlet{n}" for n in range(5)]
    settings = settings_for({s: [f"http://127.0.0.1:9/{s}.xml"] for s in slugs}, tmp_path, db_url)
    engine = make_engine(db_url)
    sessions = session_factory(engine)
    lease = timedelta(minutes=10)
    with sessions.begin() as session:
        sync_config(session, settings)
        for name in ("h:1", "h:2", "h:3"):
            register_worker(session, name, utcnow())

    def hold(owner: str) -> list[int]:
        with sessions.begin() as session:
            due = FeedsDue(tuple(slugs), utcnow(), utcnow())
            return hold_outlets(session, due, owner=owner, lease=lease, limit=8)

    first, second, third = hold("h:1:a"), hold("h:2:b"), hold("h:3:c")
    assert [len(first), len(second), len(third)] == [2, 2, 1]  # about 5 outlets / 3 workers
    assert len(set(first) | set(second) | set(third)) == 5
    assert hold("h:1:a") == first  # a holder keeps its share (renewed), takes no more

    with sessions.begin() as session:  # h:1 ends a phase holding all five (cooling down)
        session.execute(
            update(Outlet).values(lease_owner="h:1:a", lease_until=utcnow() + timedelta(seconds=30))
        )
    again = hold("h:1:a")  # its next phase: still a share only, the rest left to cool down
    assert len(again) == 2
    with sessions() as session:
        renewed = {
            outlet.id
            for outlet in session.scalars(select(Outlet))
            if outlet.lease_until is not None
            and outlet.lease_until > utcnow() + timedelta(minutes=1)
        }
    assert renewed == set(again)

    with sessions.begin() as session:  # the others stop; every pass released its outlets
        retire_worker(session, "h:3")
        retire_worker(session, "h:2")
        release_outlets(session, "h:1:a", cool_down=timedelta(0))
        session.execute(update(Outlet).values(lease_owner=None, lease_until=None))
    assert len(hold("h:1:d")) == 5  # alone now (a new pass of worker h:1): every outlet
    with sessions() as session:
        owners = set(session.scalars(select(Outlet.lease_owner)))
    assert owners == {"h:1:d"}
    engine.dispose()


def test_a_run_that_is_no_registered_worker_counts_itself(db_url: str, tmp_path: Path) -> None:
    """`aggregator ingest` (cron) does not register: with no worker alive it takes up to its
    limit; with one registered worker alive it takes half."""
    slugs = [f"outlet{n}" for n in range(4)]
    settings = settings_for({s: [f"http://127.0.0.1:9/{s}.xml"] for s in slugs}, tmp_path, db_url)
    engine = make_engine(db_url)
    sessions = session_factory(engine)
    with sessions.begin() as session:
        sync_config(session, settings)
        due = FeedsDue(tuple(slugs), utcnow(), utcnow())
        assert len(hold_outlets(session, due, owner="h:7:a", lease=HOUR, limit=3)) == 3
        session.execute(update(Outlet).values(lease_owner=None, lease_until=None))
        register_worker(session, "h:8", utcnow())
        assert len(hold_outlets(session, due, owner="h:7:b", lease=HOUR, limit=3)) == 2
        # a worker not seen for longer than a lease is not counted
        register_worker(session, "h:8", utcnow() - 2 * HOUR)
        session.execute(update(Outlet).values(lease_owner=None, lease_until=None))
        assert len(hold_outlets(session, due, owner="h:7:c", lease=HOUR, limit=3)) == 3
    engine.dispose()
