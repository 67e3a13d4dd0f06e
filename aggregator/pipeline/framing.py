"""Framing jobs: stored events -> comparisons -> exports (comparison, terms, quotes) and report.

The term prior (background word counts for the log-odds scores) is built once per run from the
newest stored versions; events stream through ``compare_event`` one at a time.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine

from aggregator.compare import compare_event
from aggregator.terms import TermPrior
from aggregator.config import Settings
from aggregator.pipeline.common import database
from aggregator.records import CompareArticle, EventComparison
from aggregator.report import ReportSummary, write_report
from aggregator.store import queries
from aggregator.store.models import utcnow
from aggregator.store.session import session_factory

PRIOR_DOCUMENTS = 20000


def iter_comparisons(
    engine: Engine,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    outlets: Sequence[str] = (),
    min_outlets: int = 0,
    event_keys: Sequence[str] = (),
) -> Iterator[tuple[EventComparison, list[CompareArticle]]]:
    """Each stored event matching the filters, compared across its outlets."""
    sessions = session_factory(engine)
    with sessions() as session:
        prior = TermPrior.from_texts(queries.iter_corpus_texts(session, limit=PRIOR_DOCUMENTS))
    with sessions() as session:
        for event, articles in queries.iter_events_with_articles(
            session,
            since=since,
            until=until,
            outlets=outlets,
            min_outlets=min_outlets,
            event_keys=event_keys,
        ):
            if not articles:
                continue
            yield compare_event(event.key, event.label, articles, prior=prior), articles


def run_report(
    settings: Settings,
    out_dir: Path,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    outlets: Sequence[str] = (),
    min_outlets: int = 0,
    engine: Engine | None = None,
) -> ReportSummary:
    """Write the static HTML side-by-side report of the stored events to ``out_dir``."""
    with database(settings, engine) as db:
        return write_report(
            iter_comparisons(
                db, since=since, until=until, outlets=outlets, min_outlets=min_outlets
            ),
            out_dir=out_dir,
            generated_at=utcnow(),
        )
