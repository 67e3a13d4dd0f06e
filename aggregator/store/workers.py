"""Workers: live ``aggregator worker`` processes (``host:pid`` -> ``workers`` heartbeat rows),
how many are alive, which outlets a run has work in flight on, and the claims and runs that dead
processes of this host left behind. Touches the workers and runs tables and the lease columns of
outlets, feeds and articles."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from aggregator.records import utcnow
from aggregator.store.models import Article, Feed, Outlet, Run, Worker
from aggregator.store.session import dialect_insert

Leased = type[Outlet] | type[Feed] | type[Article]


def register_worker(session: Session, name: str, now: datetime) -> None:
    """Record worker ``name`` (``host:pid``) as alive at ``now``: it gets a share of outlets."""
    session.execute(
        dialect_insert(session, Worker)
        .values(name=name, seen_at=now)
        .on_conflict_do_update(index_elements=["name"], set_={"seen_at": now})
    )


def retire_worker(session: Session, name: str) -> None:
    """Worker ``name`` stops: the others' shares grow at their next claim."""
    session.execute(delete(Worker).where(Worker.name == name))


def live_workers(session: Session, me: str, seen_since: datetime) -> int:
    """Workers seen since ``seen_since``, the caller counted once whether registered or not
    (a one-off `aggregator ingest` does not register)."""
    others = session.execute(
        select(func.count())
        .select_from(Worker)
        .where(Worker.name != me, Worker.seen_at >= seen_since)
    ).scalar_one()
    return int(others) + 1


def in_flight_outlets(session: Session, owner: str, now: datetime) -> set[int]:
    """Outlets with feeds or articles that run ``owner`` has claimed and not finished."""
    found: set[int] = set()
    for outlet_id in (Feed.outlet_id, Article.outlet_id):
        model = outlet_id.class_
        found.update(
            session.scalars(
                select(outlet_id)
                .where(model.lease_owner == owner, model.lease_until > now)
                .distinct()
            )
        )
    return found


def release_dead_claims(session: Session, host: str, alive: Callable[[int], bool]) -> int:
    """Free the leases held by processes of this host that no longer run, and mark their runs
    died: a run killed outright leaves both behind. Returns the number of leases freed."""
    freed = 0
    prefix = f"{host}:"
    models: tuple[Leased, ...] = (Outlet, Feed, Article)
    for model in models:
        owners = session.scalars(
            select(model.lease_owner).where(model.lease_owner.like(f"{prefix}%")).distinct()
        ).all()
        for owner in owners:
            parts = (owner or "").split(":")  # host:pid:run-token
            pid = parts[1] if len(parts) > 1 else ""
            if pid.isdigit() and not alive(int(pid)):
                result = session.execute(
                    update(model)
                    .where(model.lease_owner == owner)
                    .values(lease_owner=None, lease_until=None)
                    .returning(model.id)
                )
                freed += len(result.all())
    for name in session.scalars(select(Worker.name).where(Worker.name.like(f"{prefix}%"))):
        pid = name.split(":")[1] if ":" in name else ""
        if pid.isdigit() and not alive(int(pid)):
            retire_worker(session, name)
    for run in session.scalars(select(Run).where(Run.status == "running", Run.host == host)):
        if run.pid is not None and not alive(run.pid):
            run.status = "died"  # the run state for a vanished process (docs/status.md)
            run.finished_at = utcnow()
            run.message = "the process ended without finishing the run (killed?)"
    return freed
