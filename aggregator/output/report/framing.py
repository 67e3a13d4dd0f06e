"""An ``EventComparison`` in, the framing rows of its page out: headlines as first published and
now, who published first (and from what time source), typed named entities per outlet, and every
quotation with its speaker and kind. Pure view models of plain text for ``templates/``."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from aggregator.compare.bilingual import documents, once_per_document
from aggregator.output.report.formatting import fmt_day, fmt_time
from aggregator.records import CompareArticle, EventComparison, OutletFraming

ENTITY_TYPES = (("PER", "People"), ("ORG", "Organisations"), ("LOC", "Places"))
_TIMING = {
    "first": "first to publish",
    "tied": "tied first",
    "later": "later",
    "date-only": "date only: not ranked",
    "undated": "undated: not ranked",
}
_SOURCE = {
    "page": "page metadata",
    "page-date": "page, date only",
    "feed": "feed entry",
    "import": "imported file",
    "import-date": "imported file, date only",
    "unrecorded": "source not recorded",
    "undated": "first seen",
}
_KIND = {"direct": "direct", "reported": "reported speech"}
_TYPE = {"PER": "person", "ORG": "organisation", "LOC": "place"}


@dataclass(frozen=True)
class HeadlineRow:
    """One outlet's headline as first captured and now, and when it published."""

    outlet: str
    first: str
    now: str
    changed: bool
    published: str  # the time, or "–"
    timing: str  # "first to publish", "tied first", "later", "undated: not ranked" ...
    source: str  # where the time came from: "page metadata", "feed entry", "first seen" ...


@dataclass(frozen=True)
class EntityGroup:
    """One type of named entity an outlet names: "People: Sergei Lavrov (4), Badr Abdelatty (2)"."""

    label: str
    names: str


@dataclass(frozen=True)
class QuoteItem:
    """One quotation: who said it (and what they are), direct or reported, and the words."""

    outlet: str
    speaker: str  # "" when unattributed
    speaker_type: str  # "person", "organisation", "place" or ""
    kind: str  # "direct" or "reported speech"
    text: str


def headline_rows(framings: Sequence[OutletFraming]) -> tuple[HeadlineRow, ...]:
    """The headline table: one row per outlet, in the order given."""
    rows = []
    for f in framings:
        first = f.first_headline or f.headline
        when = f.first_published or (f.first_seen if f.timing == "undated" else None)
        rows.append(
            HeadlineRow(
                outlet=f.outlet,
                first=first or "(no headline)",
                now=f.headline or "(no headline)",
                changed=first != f.headline,
                published=(fmt_day if f.timing == "date-only" else fmt_time)(when) if when else "–",
                timing=_TIMING.get(f.timing, f.timing or "–"),
                source=_SOURCE.get(f.published_source, f.published_source or "–"),
            )
        )
    return tuple(rows)


def entity_groups(
    event: EventComparison, outlet: str, articles: Sequence[CompareArticle], top: int = 6
) -> tuple[EntityGroup, ...]:
    """The outlet's named entities by type, most mentioned first (``top`` a type), counted as
    the comparison's ``entities``: a document in two languages once (``articles``, the
    outlet's, say which are translations of which)."""
    document = documents(articles)
    counted = once_per_document(
        (
            e.outlet,
            document.get(e.article_id, e.article_id),
            e.article_id,
            f"{e.type}:{e.name}",
            e.mentions,
        )
        for e in event.entities
        if e.outlet == outlet
    ).get(outlet, Counter())
    counts: dict[str, Counter[str]] = {code: Counter() for code, _ in ENTITY_TYPES}
    for typed, mentions in counted.items():
        code, name = typed.split(":", 1)
        if code in counts:
            counts[code][name] += mentions
    groups = []
    for code, label in ENTITY_TYPES:
        ranked = sorted(counts[code].items(), key=lambda kv: (-kv[1], kv[0]))[:top]
        if ranked:
            groups.append(EntityGroup(label, ", ".join(f"{name} ({n})" for name, n in ranked)))
    return tuple(groups)


def quote_items(event: EventComparison, order: Sequence[str]) -> tuple[QuoteItem, ...]:
    """Every quotation of the event, outlets in ``order``, each outlet's in article order."""
    rank = {outlet: k for k, outlet in enumerate(order)}
    quotes = sorted(event.quotes, key=lambda q: rank.get(q.outlet, len(rank)))
    return tuple(
        QuoteItem(
            outlet=q.outlet,
            speaker=q.speaker or "",
            speaker_type=_TYPE.get(q.speaker_type or "", ""),
            kind=_KIND.get(q.kind, q.kind),
            text=q.text,
        )
        for q in quotes
    )
