"""The work one ingest run holds: its leases on outlets, and the feeds, articles and revisits
due that it claims batch by batch, as its thread pool asks for more.

Claims are leases (see ``store.work``), so processes sharing one database never take the same
item; a crashed holder's lease expires and another run takes the item. An outlet with work due
is held by one run at a time (so its politeness delay holds across processes) and given back at
the end of each phase with a cool-down. :class:`Claims` does the claiming for
:class:`aggregator.pipeline.ingest.Ingest`, which runs the phases; it writes leases only.
"""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime, timedelta
from typing import TypeVar

from sqlalchemy.orm import Session, sessionmaker

from aggregator.config import Settings
from aggregator.fetch.replay import ReplayFetcher
from aggregator.pipeline.capture import FetcherLike
from aggregator.records import utcnow
from aggregator.store.revisits import release_revisit
from aggregator.store.work import (
    ArticlesDue,
    FeedsDue,
    RevisitsDue,
    WorkDue,
    claim_articles,
    claim_feeds,
    claim_revisits,
    hold_outlets,
    release_outlets,
)
from aggregator.tasks import ArticleTask, FeedTask, RevisitTask

T = TypeVar("T")

REVISIT_ROUND = 2000


class Claims:
    """The leases of one ingest run (started at ``started``) on the work of ``outlets``, claimed
    ``window`` items at a time."""

    def __init__(
        self,
        settings: Settings,
        sessions: sessionmaker[Session],
        outlets: Sequence[str],
        *,
        started: datetime,
        window: int,
    ) -> None:
        self.settings = settings
        self.sessions = sessions
        self.outlets = tuple(outlets)
        self.started = started
        self.window = window
        # an outlet handed to another run waits out the longest politeness delay first
        self.cool_down = timedelta(
            seconds=max([o.min_delay_s for o in settings.outlets] + [settings.fetch.min_delay_s])
        )
        # host:pid (for taking over the claims of dead processes) and a token for this run
        self.owner = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"

    def feeds(self, fetched_before: datetime) -> Iterator[FeedTask]:
        """Feeds due (not fetched since ``fetched_before``), claimed as the pool asks for them."""

        def claim(session: Session) -> list[FeedTask]:
            due = FeedsDue(self.outlets, utcnow(), fetched_before)
            held = self._hold(session, due)
            return claim_feeds(
                session, due, owner=self.owner, lease=self._lease(), limit=self.window, held=held
            )

        return self._claimed(claim)

    def articles(self) -> Iterator[ArticleTask]:
        """Articles to fetch (not tried since this run started), claimed as the pool asks."""

        def claim(session: Session) -> list[ArticleTask]:
            due = ArticlesDue(self.outlets, utcnow(), self.started)
            held = self._hold(session, due)
            return claim_articles(
                session, due, owner=self.owner, lease=self._lease(), limit=self.window, held=held
            )

        return self._claimed(claim)

    def revisit_round(self, fetcher: FetcherLike) -> list[RevisitTask]:
        """Up to about ``REVISIT_ROUND`` revisits due, claimed at once (empty: none left). A
        replay revisits every article with an unserved later capture in ``fetcher``."""
        replay = isinstance(fetcher, ReplayFetcher)

        def claim(session: Session) -> list[RevisitTask]:
            # a replay skips articles with nothing new archived; claim on past a batch of those
            while True:
                tasks = claim_once(session)
                if tasks is None or tasks:
                    return tasks or []

        def claim_once(session: Session) -> list[RevisitTask] | None:
            """Claimed revisits with something to fetch; None when nothing was claimable."""
            now = utcnow()
            due = RevisitsDue(self.outlets, now, None if replay else now, self.started)
            held = self._hold(session, due)
            tasks = claim_revisits(
                session, due, owner=self.owner, lease=self._lease(), limit=self.window, held=held
            )
            if not tasks:
                return None
            if isinstance(fetcher, ReplayFetcher):
                idle = [t for t in tasks if not fetcher.has_unseen(t.url)]
                for task in idle:  # nothing new archived for it: done for this run
                    release_revisit(session, task.article_id)
                tasks = [t for t in tasks if fetcher.has_unseen(t.url)]
            return tasks

        round_tasks: list[RevisitTask] = []
        while len(round_tasks) < REVISIT_ROUND:
            with self.sessions.begin() as session:
                batch = claim(session)
            if not batch:  # nothing of ours is in flight between rounds: done
                break
            round_tasks.extend(batch)
        return round_tasks

    def release_outlets(self) -> None:
        """Give up this run's outlets at the end of a phase (see ``store.work``)."""
        with self.sessions.begin() as session:
            release_outlets(session, self.owner, cool_down=self.cool_down)

    def _claimed(self, claim: Callable[[Session], list[T]]) -> Iterator[T]:
        """Work items claimed from the database batch by batch, as the pool asks for more."""
        while True:
            with self.sessions.begin() as session:
                batch = claim(session)
            if not batch:
                return
            yield from batch

    def _lease(self) -> timedelta:
        return timedelta(seconds=self.settings.lease_s)

    def _hold(self, session: Session, due: WorkDue) -> list[int]:
        """Outlets with work ``due`` that this run holds now (see ``store.work.hold_outlets``)."""
        return hold_outlets(
            session,
            due,
            owner=self.owner,
            lease=self._lease(),
            limit=self.settings.fetch.total_concurrency,
        )
