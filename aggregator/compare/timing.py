"""Each outlet's first article of an event in, who published first out: timing, lag, time source.

"First to publish" is decided on dated articles only, and on times precise to the minute: an
article whose page or imported row gives only the day (``published_source`` ``page-date`` or
``import-date``) is ``date-only`` and an
article with no publication time at all is ``undated`` (the time we first saw it is not its
publication time, and a slow crawl would otherwise make an outlet late, or an early crawl first).
Among the rest, the earliest is ``first``; every outlet within ``TIE_S`` seconds of it is
``tied`` (the first included); the others are ``later``, with their lag in seconds. Date-only
and undated outlets have no lag.

``source`` says where each time came from: ``page`` (the page's metadata), ``page-date``,
``feed`` (the feed entry), ``import`` (a researcher's file), ``import-date`` (a day in that file),
``unrecorded`` (stored before the source was kept) or ``undated``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from aggregator.records import CompareArticle

TIE_S = 60.0
DAY_ONLY = ("page-date", "import-date")  # sources that give the day, not the time


@dataclass(frozen=True)
class Timing:
    """When one outlet published on the event, relative to the others."""

    timing: str  # first, tied, later, date-only, undated
    source: str  # page, page-date, feed, import, import-date, unrecorded, undated
    lag_s: float | None  # seconds behind the first dated outlet; None when not comparable


def publication_timing(firsts: Mapping[str, CompareArticle]) -> dict[str, Timing]:
    """The ``Timing`` of each outlet, given its earliest article of the event."""
    sources = {outlet: _source(article) for outlet, article in firsts.items()}
    precise = {
        outlet: article.published
        for outlet, article in firsts.items()
        if article.published is not None and sources[outlet] not in (*DAY_ONLY, "undated")
    }
    first = min(precise.values(), default=None)
    near = {o for o, when in precise.items() if first and (when - first).total_seconds() <= TIE_S}
    out: dict[str, Timing] = {}
    for outlet, source in sources.items():
        when = precise.get(outlet)
        if when is None or first is None:
            kind = "undated" if source == "undated" else "date-only"
            out[outlet] = Timing(kind, source, None)
            continue
        kind = ("tied" if len(near) > 1 else "first") if outlet in near else "later"
        out[outlet] = Timing(kind, source, (when - first).total_seconds())
    return out


def _source(article: CompareArticle) -> str:
    if article.published is None:
        return "undated"
    return article.published_source or "unrecorded"
