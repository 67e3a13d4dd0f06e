"""Events -> ``IndexRow``s and the ``IndexPage`` that lists them; pure, touches nothing.

Input: each event's comparison and articles as it streams past (only its row is kept). Output:
the rows grouped and ordered for ``templates/index.html``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from aggregator.output.report.event import by_first_published, time_span
from aggregator.output.report.formatting import fmt_span, fmt_time, utc
from aggregator.output.report.history import revision_count
from aggregator.records import CompareArticle, EventComparison


@dataclass(frozen=True)
class IndexRow:
    """One event on the index: all the index keeps of it."""

    label: str
    page: str
    first: datetime | None
    last: datetime | None
    articles: int
    outlets: tuple[str, ...]
    independent: int  # (one outlet alone: its group's heading says so, no column repeats it)
    edited: int  # revisions across the event's articles
    days: tuple[datetime, ...] = ()  # of articles dated to the day only

    @property
    def when(self) -> str:
        return fmt_span(self.first, self.last, self.days)


@dataclass(frozen=True)
class IndexGroup:
    heading: str
    rows: Sequence[IndexRow]


@dataclass(frozen=True)
class IndexPage:
    title: str
    events: int
    multi: int  # events reported by several outlets
    generated: str
    groups: tuple[IndexGroup, ...]  # only the non-empty ones


def index_row(event: EventComparison, articles: Sequence[CompareArticle], page: str) -> IndexRow:
    """The index row of ``event``, whose page is ``events/<page>``."""
    first, last, days = time_span(event, articles)
    outlets = [f.outlet for f in by_first_published(event.outlets)]
    outlets += sorted({a.outlet for a in articles} - set(outlets))
    return IndexRow(
        label=event.label,
        page=page,
        first=first,
        last=last,
        articles=len(articles),
        outlets=tuple(outlets),
        independent=event.independent_outlets,
        edited=revision_count(articles),
        days=days,
    )


def _index_order(row: IndexRow) -> tuple[bool, bool, float, str]:
    """Multi-outlet events first, then the most recently published first, undated last."""
    latest = row.last or row.first or max(row.days, default=None)
    return (
        len(row.outlets) < 2,
        latest is None,
        -utc(latest).timestamp() if latest else 0.0,
        row.label,
    )


def index_page(rows: list[IndexRow], title: str, generated_at: datetime) -> IndexPage:
    """The index of ``rows`` (sorted in place, so no second list of thousands is made)."""
    rows.sort(key=_index_order)
    multi = sum(1 for r in rows if len(r.outlets) > 1)
    groups = (
        IndexGroup(f"Reported by several outlets ({multi})", rows[:multi]),
        IndexGroup(f"Reported by one outlet ({len(rows) - multi})", rows[multi:]),
    )
    return IndexPage(
        title=title,
        events=len(rows),
        multi=multi,
        generated=fmt_time(generated_at),
        groups=tuple(g for g in groups if g.rows),
    )
