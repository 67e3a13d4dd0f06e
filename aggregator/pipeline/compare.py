"""Framing jobs: stored events -> comparisons -> exports (comparison, terms, quotes) and report.

The term prior (background word counts for the log-odds scores) is built once per run from the
newest stored versions; events stream through ``compare_event`` one at a time.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from aggregator.compare.event import compare_event
from aggregator.compare.revisions import article_revisions
from aggregator.compare.terms import TermPrior, TermRule
from aggregator.config import Settings
from aggregator.output.report import ReportSummary, write_report
from aggregator.pipeline.export import check_filters
from aggregator.pipeline.runs import stop_on_signals
from aggregator.records import CompareArticle, EventComparison, utcnow
from aggregator.rows import EventArticles, Selection
from aggregator.store.reads import (
    history_of,
    iter_corpus_texts,
    iter_events_with_articles,
    outlet_names,
    versions_of,
)
from aggregator.store.session import open_database, session_factory

PRIOR_DOCUMENTS = 20000


def term_rule(settings: Settings) -> TermRule:
    """The significance rule of distinctive terms in ``settings``."""
    return TermRule(min_z=settings.terms_min_z, min_count=settings.terms_min_count)


def iter_comparisons(
    engine: Engine, selection: Selection, *, rule: TermRule | None = None
) -> Iterator[tuple[EventComparison, list[CompareArticle]]]:
    """Each stored event matching the filters, compared across its outlets (distinctive terms
    reported by ``rule``, default ``TermRule()``)."""
    with session_factory(engine)() as session:
        for _, comparison, articles in compared_events(session, selection, rule=rule):
            yield comparison, articles


def compared_events(
    session: Session, selection: Selection, *, rule: TermRule | None = None
) -> Iterator[tuple[EventArticles, EventComparison, list[CompareArticle]]]:
    """``iter_comparisons`` in the caller's session (the term prior read there too), each
    comparison with the event as stored."""
    prior = TermPrior.from_texts(iter_corpus_texts(session, limit=PRIOR_DOCUMENTS))
    names = outlet_names(session)
    for event in iter_events_with_articles(session, selection):
        if not event.articles:
            continue
        articles = _with_revisions(session, event.articles)
        comparison = compare_event(
            event.event_id, event.label, articles, prior=prior, term_rule=rule, outlet_names=names
        )
        yield event, comparison, articles


def _with_revisions(session: Session, articles: Sequence[CompareArticle]) -> list[CompareArticle]:
    """Attach the revisions (diffs of consecutive versions) and deletions/moves to articles."""
    ids = [a.article_id for a in articles]
    versions = versions_of(session, [a.article_id for a in articles if a.version_count > 1])
    history = history_of(session, ids)
    out = []
    for article in articles:
        mine = versions.get(article.article_id, [])
        revisions = article_revisions(article.article_id, mine)
        items = tuple(
            h for h in history.get(article.article_id, []) if h.kind in ("deleted", "moved")
        )
        out.append(
            replace(article, revisions=revisions, history=items) if revisions or items else article
        )
    return out


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
    """Write the static HTML side-by-side report of the stored events to ``out_dir``
    (SIGTERM or SIGINT: ``RunInterrupted``, the folder left as it was)."""
    with stop_on_signals(), open_database(settings.database_url, engine) as db:
        check_filters(db, outlets=outlets)
        return write_report(
            iter_comparisons(
                db,
                Selection(
                    since=since, until=until, outlets=tuple(outlets), min_outlets=min_outlets
                ),
                rule=term_rule(settings),
            ),
            out_dir=out_dir,
            generated_at=utcnow(),
        )
