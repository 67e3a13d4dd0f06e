"""One event's comparison and articles -> ``EventPage``, what its page shows; pure, touches nothing.

Input: an ``EventComparison`` and its ``CompareArticle``s (from ``records``). Output: frozen view
models (columns side by side, timeline, quotes table, shared passages, omissions) holding plain
text; ``templates/event.html`` escapes and lays them out.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from aggregator.compare.bilingual import documents, once_per_document
from aggregator.compare.timing import DAY_ONLY
from aggregator.output.report.formatting import (
    clip,
    fmt_day,
    fmt_span,
    fmt_time,
    format_lag,
    safe_href,
    utc,
)
from aggregator.output.report.framing import (
    EntityGroup,
    HeadlineRow,
    QuoteItem,
    entity_groups,
    headline_rows,
    quote_items,
)
from aggregator.output.report.history import (
    ArticleHistory,
    EditNote,
    article_history,
    edit_notes,
)
from aggregator.output.report.timeline import NARROW, Timeline, timeline
from aggregator.output.report.translations import TranslationView, translation_views
from aggregator.records import (
    CompareArticle,
    EventComparison,
    Omission,
    OutletFraming,
    SharedPassage,
    TermScore,
)

_MIN_MARK_CHARS = 15


@dataclass(frozen=True)
class Marked:
    """A run of text; ``tip`` is set when the run is a passage other outlets share."""

    text: str
    tip: str | None = None


@dataclass(frozen=True)
class Fact:
    label: str
    value: str
    empty: str = ""  # shown greyed when ``value`` is empty


@dataclass(frozen=True)
class Term:
    term: str
    example: str
    short: str
    z: str
    count: int


@dataclass(frozen=True)
class ArticleLink:
    text: str
    href: str | None  # only http(s) URLs become links
    url: str | None  # shown as text when it is not a link
    note: str  # "2026-11-27 09:00 UTC · 3 versions"


@dataclass(frozen=True)
class Column:
    """One outlet's column in "Side by side"."""

    outlet: str
    flags: tuple[str, ...]
    headline: str
    lede: tuple[Marked, ...]
    facts: tuple[Fact, ...]
    terms: tuple[Term, ...]
    fewer: tuple[TermScore, ...]
    entities: str
    entity_groups: tuple[EntityGroup, ...]  # typed (people, organisations, places); () if none
    first_headline: str  # the headline as first captured, when it differs from ``headline``
    terms_note: str  # why there are no distinctive terms ("no term significant ...")
    links: tuple[ArticleLink, ...]
    text_words: int  # words of the first article's text; 0: no text shown
    paragraphs: tuple[tuple[Marked, ...], ...]
    histories: tuple[ArticleHistory, ...]


@dataclass(frozen=True)
class QuoteRow:
    speaker: str  # "" for unattributed quotations
    only: str | None  # the one outlet quoting this speaker, when several outlets are compared
    cells: tuple[tuple[int, str], ...]  # (quotes, an example) per outlet column
    total: int


@dataclass(frozen=True)
class QuotesTable:
    outlets: tuple[str, ...]
    rows: tuple[QuoteRow, ...]


@dataclass(frozen=True)
class EventPage:
    title: str
    label: str
    key: str
    span: str
    articles: int
    independent: int
    single_source: bool
    outlets: tuple[str, ...]  # column order, then outlets with articles but no framing
    timeline: Timeline | None
    timeline_narrow: Timeline | None  # the same, drawn for a phone (see timeline.NARROW)
    edits: tuple[EditNote, ...]
    columns: tuple[Column, ...]
    quotes: QuotesTable | None
    shared: tuple[SharedPassage, ...]
    omissions: tuple[Omission, ...]
    generated: str
    translations: tuple[TranslationView, ...] = ()
    headlines: tuple[HeadlineRow, ...] = ()
    quote_items: tuple[QuoteItem, ...] = ()


def time_span(
    event: EventComparison, articles: Sequence[CompareArticle]
) -> tuple[datetime | None, datetime | None, tuple[datetime, ...]]:
    """First and last publication time of an event, from its articles and its outlets, and the
    days (midnight UTC) of its articles dated to the day only, which are not in the span: a
    day's midnight is not when it was published."""
    times = [(a.published, a.published_source in DAY_ONLY) for a in articles]
    times += [(f.first_published, f.timing == "date-only") for f in event.outlets]
    dated = [utc(t) for t, day_only in times if t is not None and not day_only]
    days = {utc(t) for t, day_only in times if t is not None and day_only}
    return min(dated, default=None), max(dated, default=None), tuple(sorted(days))


def by_first_published(framings: Sequence[OutletFraming]) -> list[OutletFraming]:
    """Outlets in the order they first published (undated last, then by name)."""

    def key(f: OutletFraming) -> tuple[int, float, str]:
        when = f.first_published
        return (when is None, utc(when).timestamp() if when else 0.0, f.outlet)

    return sorted(framings, key=key)


def _marked(text: str, passages: Sequence[SharedPassage]) -> tuple[Marked, ...]:
    """``text`` in runs, the shared passages it contains apart with their tooltip."""
    found = {p.text: p for p in passages if len(p.text) >= _MIN_MARK_CHARS and p.text in text}
    if not found:
        return (Marked(text),) if text else ()
    pattern = re.compile("|".join(re.escape(t) for t in sorted(found, key=len, reverse=True)))
    out, pos = [], 0
    for match in pattern.finditer(text):
        passage = found[match.group(0)]
        tip = f"shared with {', '.join(passage.outlets)}; first: {passage.first_outlet}"
        out += [Marked(text[pos : match.start()]), Marked(match.group(0), tip)]
        pos = match.end()
    out.append(Marked(text[pos:]))
    return tuple(m for m in out if m.text)


def _facts(framing: OutletFraming, first_outlet: str) -> tuple[Fact, ...]:
    facts = [
        Fact("Published", fmt_time(framing.first_published)),
        Fact("Lag", format_lag(framing.lag_s, first_outlet)),
    ]
    if framing.timing == "date-only":  # the day is known, the time is not: no lag to give
        facts[:2] = [
            Fact("Published", fmt_day(framing.first_published)),
            Fact("Lag", "date only: not ranked"),
        ]
    facts += [
        Fact("Words", f"{framing.word_count:,}"),
        Fact("Authors", ", ".join(framing.authors), "none given"),
        Fact("Section", framing.section or "", "–"),
        Fact("Direct quotes", str(framing.quote_count)),  # as the comparison's quote_count
        Fact("Shared copy", f"{framing.shared_share:.0%} of words"),
    ]
    # a page stamped modified within the minute of publication (RT's pages: 41 s) was not
    # edited as a reader means it: "Edited" would show the same minute as "Published"
    modified, published = framing.last_modified, framing.first_published
    if modified and (published is None or (modified - published).total_seconds() >= 60):
        facts.insert(1, Fact("Edited", fmt_time(modified)))
    return tuple(facts)


def _link(article: CompareArticle) -> ArticleLink:
    day_only = article.published_source in DAY_ONLY
    note = (fmt_day if day_only else fmt_time)(article.published)
    if article.version_count > 1:
        note += f" · {article.version_count} versions"
    if article.summary_only:
        note += " · summary only"
    href = safe_href(article.url)
    return ArticleLink(article.title or "(untitled)", href, None if href else article.url, note)


def _column(
    framing: OutletFraming,
    first_outlet: str,
    articles: Sequence[CompareArticle],
    event: EventComparison,
) -> Column:
    passages = [p for p in event.shared if framing.outlet in p.outlets]
    flags = []
    if framing.summary_only:
        flags.append("summary only")
    if not framing.independent:
        flags.append("mostly shared copy")
    mine = [t for t in event.terms if t.outlet == framing.outlet]
    more = sorted((t for t in mine if t.z > 0), key=lambda t: -t.z)[:8]
    fewer = sorted((t for t in mine if t.z < 0), key=lambda t: t.z)[:4]
    lead = articles[0] if articles else None
    text = lead.text if lead is not None else ""
    return Column(
        outlet=framing.outlet,
        flags=tuple(flags),
        headline=framing.headline,
        lede=_marked(framing.lede, passages),
        facts=_facts(framing, first_outlet),
        terms=tuple(
            Term(t.term, t.example, clip(t.example, 110), f"{t.z:.1f}", t.count) for t in more
        ),
        fewer=tuple(fewer),
        entities=", ".join(f"{name} ({n})" for name, n in framing.entities[:8]),
        entity_groups=entity_groups(event, framing.outlet, articles),
        first_headline=(
            framing.first_headline if framing.first_headline not in ("", framing.headline) else ""
        ),
        terms_note=event.terms_note,
        links=tuple(_link(a) for a in articles),
        text_words=len(text.split()) if text else 0,
        paragraphs=tuple(_marked(p, passages) for p in text.split("\n") if p) if text else (),
        histories=tuple(h for h in map(article_history, articles) if h is not None),
    )


def _quotes(
    event: EventComparison, outlets: Sequence[str], articles: Sequence[CompareArticle]
) -> QuotesTable | None:
    """Who is quoted by whom: speaker × outlet counts (a document in two languages counted
    once, as in the comparison's ``speakers``); speakers only one outlet quotes stand out."""
    document = documents(articles)
    counted = once_per_document(
        (q.outlet, document.get(q.article_id, q.article_id), q.article_id, q.speaker or "", 1)
        for q in event.quotes
    )
    counts = Counter({(s, o): n for o, by in counted.items() for s, n in by.items()})
    example: dict[tuple[str, str], str] = {}
    for q in event.quotes:
        example.setdefault((q.speaker or "", q.outlet), q.text)
    if not counts:
        return None
    columns = list(outlets) + sorted({o for _, o in counts} - set(outlets))
    totals: Counter[str] = Counter()
    for (speaker, _), n in counts.items():
        totals[speaker] += n
    rows = []
    for speaker, total in sorted(totals.items(), key=lambda kv: (-kv[1], kv[0])):
        quoting = [o for o in columns if counts[(speaker, o)]]
        exclusive = bool(speaker) and len(quoting) == 1 and len(columns) > 1
        cells = tuple((counts[(speaker, o)], example.get((speaker, o), "")) for o in columns)
        rows.append(QuoteRow(speaker, quoting[0] if exclusive else None, cells, total))
    return QuotesTable(tuple(columns), tuple(rows))


def event_page(
    event: EventComparison, articles: Sequence[CompareArticle], generated_at: datetime
) -> EventPage:
    """What the page of ``event`` shows."""
    by_outlet: dict[str, list[CompareArticle]] = defaultdict(list)
    far_future = datetime.max.replace(tzinfo=UTC)
    for article in sorted(
        articles, key=lambda a: (utc(a.published) if a.published else far_future, a.article_id)
    ):
        by_outlet[article.outlet].append(article)
    framings = by_first_published(event.outlets)
    order = [f.outlet for f in framings]
    order += sorted(set(by_outlet) - set(order))
    first_outlet = next(
        (f.outlet for f in framings if f.timing in ("first", "tied") or f.lag_s == 0),
        order[0] if order else "",
    )
    first, last, days = time_span(event, articles)
    first_at = next((f.first_published for f in framings if f.outlet == first_outlet), None)
    notes = edit_notes(order, by_outlet, first_outlet, first_at or first or min(days, default=None))
    return EventPage(
        title=event.label or event.event_key,
        label=event.label,
        key=event.event_key,
        span=fmt_span(first, last, days),
        articles=len(articles),
        independent=event.independent_outlets,
        single_source=event.single_source,
        outlets=tuple(order),
        timeline=timeline(order, by_outlet, notes),
        timeline_narrow=timeline(order, by_outlet, notes, NARROW),
        edits=tuple(notes),
        columns=tuple(
            _column(f, first_outlet, by_outlet.get(f.outlet, []), event) for f in framings
        ),
        quotes=_quotes(event, order, articles),
        shared=event.shared,
        omissions=tuple(sorted(event.omissions, key=lambda o: (o.outlet, o.kind, o.item))),
        generated=fmt_time(generated_at),
        translations=translation_views(event.translations),
        headlines=headline_rows(framings),
        quote_items=quote_items(event, order),
    )
