"""Framing comparisons -> a static HTML site: ``index.html`` and ``events/<key>.html``.

Input: ``(EventComparison, its CompareArticles)`` pairs from the compare stage, streamed (only
one index row per event stays in memory). Output: a directory of self-contained pages (inline CSS
and SVG, no scripts, no external resources) that replaces ``out_dir`` only once it is complete.
Everything that came from an article is escaped; only http(s) URLs become links.
"""

from __future__ import annotations

import hashlib
import math
import re
import shutil
import tempfile
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from aggregator.errors import AggregatorError
from aggregator.output.report.history import (
    HISTORY_CSS,
    EditNote,
    edit_notes,
    edits_section,
    history_block,
    revision_count,
    svg_marker,
)
from aggregator.output.report.history import duration as _duration
from aggregator.output.report.history import escape as _e
from aggregator.output.report.history import fmt_time as _fmt_time
from aggregator.output.report.history import utc as _utc
from aggregator.records import (
    CompareArticle,
    EventComparison,
    OutletFraming,
    Quote,
    SharedPassage,
)

# Marks a directory as ours, so a rerun may replace it and nothing else is ever replaced.
MARKER = ".aggregator-report"
OUTLET_COLOURS = {"guardian": "#052962", "bbc": "#b80000", "rt": "#4d7c0f", "mid": "#8a5a00"}
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
_SAFE_KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,80}")
_HTTP_URL = re.compile(r"https?://[^\s\x00-\x20\x7f]+", re.IGNORECASE)
_TICK_STEPS = (60, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 172800, 604800)
_MIN_MARK_CHARS = 15
# Hues for other outlets, kept clear of the four fixed colours (red, amber, green, blue).
_FREE_HUES = tuple(
    h for h in range(0, 360, 6) if min(abs(h - f) % 360 for f in (0, 360, 38, 84, 222)) >= 24
)


class ReportError(AggregatorError):
    """Raised when the report directory cannot be written (nothing is left half-written)."""


@dataclass(frozen=True)
class ReportSummary:
    """Where a report was written and how many event pages it has."""

    out_dir: Path
    index: Path
    pages: int


@dataclass(frozen=True)
class _IndexRow:
    label: str
    page: str
    first: datetime | None
    last: datetime | None
    articles: int
    outlets: tuple[str, ...]
    independent: int
    single_source: bool
    edited: int  # revisions across the event's articles


# --- small formatting helpers --------------------------------------------------------------


def _fmt_span(first: datetime | None, last: datetime | None) -> str:
    if first is None or last is None:
        return _fmt_time(first or last)
    a, b = _utc(first), _utc(last)
    if a.replace(second=0, microsecond=0) == b.replace(second=0, microsecond=0):
        return _fmt_time(a)
    end = b.strftime("%H:%M") if a.date() == b.date() else b.strftime("%Y-%m-%d %H:%M")
    return f"{a.strftime('%Y-%m-%d %H:%M')} – {end} UTC"


def format_lag(lag_s: float | None, first_outlet: str) -> str:
    """``lag_s`` seconds behind ``first_outlet`` as text: ``+2 h 15 min after guardian``."""
    if lag_s is None:
        return "publication time unknown"
    if lag_s == 0:
        return "first to publish"
    if lag_s < 0:
        return f"{_duration(-lag_s)} before {first_outlet}"
    return f"+{_duration(lag_s)} after {first_outlet}"


def safe_href(url: str | None) -> str | None:
    """``url`` when it is an absolute http(s) URL without spaces or control characters."""
    if url is None or not _HTTP_URL.fullmatch(url):
        return None
    return url


def outlet_colour(slug: str) -> str:
    """The badge colour of an outlet: fixed for the known four, a stable hashed hue otherwise."""
    if slug in OUTLET_COLOURS:
        return OUTLET_COLOURS[slug]
    digest = int.from_bytes(hashlib.sha256(slug.encode("utf-8")).digest()[:4], "big")
    return f"hsl({_FREE_HUES[digest % len(_FREE_HUES)]}, 60%, 34%)"


def _badge(slug: str) -> str:
    return f'<span class="badge" style="background:{outlet_colour(slug)}">{_e(slug)}</span>'


def _link(url: str | None, text: str) -> str:
    href = safe_href(url)
    if href is None:
        shown = f' <span class="url">{_e(url)}</span>' if url else ""
        return f"<span>{_e(text)}</span>{shown}"
    return f'<a href="{_e(href)}" rel="noopener noreferrer">{_e(text)}</a>'


def _page_name(key: str, used: set[str]) -> str:
    """A file name for an event key that stays inside ``events/`` and is unique in this run."""
    if _SAFE_KEY.fullmatch(key) and not key.endswith("."):
        base = key
    else:
        slug = re.sub(r"[^A-Za-z0-9_-]+", "-", key).strip("-")[:40]
        digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:10]
        base = f"{slug}-{digest}" if slug else digest
    name, n = base, 1
    while name.lower() in used:
        n += 1
        name = f"{base}-{n}"
    used.add(name.lower())
    return f"{name}.html"


# --- page skeleton ---------------------------------------------------------------------------

_CSS = """
:root { --fg: #1b1d21; --muted: #5c6370; --line: #d9dce1; --soft: #f5f6f8; --mark: #fff1a8; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--fg); background: #fff;
  font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", Arial, sans-serif; }
header.top { padding: 18px 28px 10px; border-bottom: 1px solid var(--line);
  background: var(--soft); }
header.top h1 { margin: 4px 0 6px; font-size: 24px; line-height: 1.25; overflow-wrap: anywhere; }
main { padding: 8px 28px 40px; }
h2 { font-size: 17px; margin: 26px 0 10px; padding-bottom: 4px;
  border-bottom: 1px solid var(--line); }
h3 { font-size: 13px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted);
  margin: 0 0 4px; }
a { color: #0b57d0; }
.meta, .muted { color: var(--muted); font-size: 13px; }
.meta span + span::before { content: " · "; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 10px; color: #fff;
  font-size: 12px; font-weight: 600; line-height: 18px; margin: 1px 2px 1px 0; }
.flag { display: inline-block; padding: 0 6px; border-radius: 4px; font-size: 12px;
  font-weight: 600; border: 1px solid #c47f00; color: #7a4f00; background: #fff6e0; }
.url { font-family: ui-monospace, monospace; font-size: 12px; overflow-wrap: anywhere; }
table { border-collapse: collapse; font-size: 14px; }
th, td { text-align: left; padding: 5px 10px; border-bottom: 1px solid var(--line);
  vertical-align: top; }
th { font-size: 12px; color: var(--muted); font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.when, .flag, .pill { white-space: nowrap; }
tr.group th { padding-top: 18px; font-size: 13px; color: var(--fg); background: #fff; }
.columns { display: grid; grid-auto-flow: column; grid-auto-columns: minmax(290px, 1fr);
  grid-template-rows: repeat(6, auto); column-gap: 14px; overflow-x: auto; padding-bottom: 6px; }
.outlet { display: grid; grid-row: span 6; grid-template-rows: subgrid; row-gap: 12px;
  border: 1px solid var(--line); border-top: 5px solid var(--c); border-radius: 6px;
  padding: 10px 14px 14px; min-width: 0; }
.outlet > div { min-width: 0; }
.outlet h2.headline { font-size: 18px; line-height: 1.3; margin: 6px 0 0; padding: 0; border: 0;
  overflow-wrap: anywhere; }
.lede { margin: 0; overflow-wrap: anywhere; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 10px; margin: 0;
  font-size: 13px; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; overflow-wrap: anywhere; }
ul.plain { list-style: none; padding: 0; margin: 0; font-size: 14px; }
ul.plain li { padding: 2px 0; overflow-wrap: anywhere; }
.terms li { display: flex; gap: 8px; align-items: baseline; }
.terms .term { flex: 1; }
.terms .z { font-variant-numeric: tabular-nums; color: var(--muted); font-size: 12px; }
.terms .ex { display: block; font-size: 12px; color: var(--muted); }
mark { background: var(--mark); padding: 0 1px; }
details { margin-top: 6px; font-size: 14px; }
details p { margin: 6px 0; overflow-wrap: anywhere; }
summary { cursor: pointer; color: #0b57d0; }
tr.exclusive td { background: #fff6e0; }
tr.exclusive td:first-child { font-weight: 600; }
.shared li { margin-bottom: 10px; }
.shared blockquote { margin: 0 0 3px; padding: 4px 10px; border-left: 4px solid #e0b400;
  background: #fffbe6; overflow-wrap: anywhere; }
svg.timeline { width: 100%; max-width: 1200px; height: auto; display: block; }
.pill { font-size: 12px; padding: 0 6px; border-radius: 4px; background: var(--soft);
  border: 1px solid var(--line); color: var(--muted); white-space: nowrap; }
@media print {
  header.top { background: none; }
  .columns { grid-auto-flow: row; grid-template-columns: repeat(2, 1fr); grid-auto-columns: auto;
    grid-template-rows: none; overflow: visible; }
  .outlet { display: block; break-inside: avoid; margin-bottom: 12px; }
  a { color: inherit; }
  details { display: none; }
}
"""


def _document(title: str, body: str) -> str:
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        '<meta name="referrer" content="no-referrer">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_e(title)}</title>\n<style>{_CSS}{HISTORY_CSS}</style></head>\n"
        f"<body>\n{body}\n</body></html>\n"
    )


# --- event page ------------------------------------------------------------------------------


def _time_span(
    event: EventComparison, articles: Sequence[CompareArticle]
) -> tuple[datetime | None, datetime | None]:
    """First and last publication time of an event, from its articles and its outlets."""
    dated = [_utc(a.published) for a in articles if a.published is not None]
    dated += [_utc(f.first_published) for f in event.outlets if f.first_published is not None]
    return min(dated, default=None), max(dated, default=None)


def _order(framings: Sequence[OutletFraming]) -> list[OutletFraming]:
    """Outlets in the order they first published (undated last, then by name)."""

    def key(f: OutletFraming) -> tuple[int, float, str]:
        when = f.first_published
        return (when is None, _utc(when).timestamp() if when else 0.0, f.outlet)

    return sorted(framings, key=key)


def _ticks(t0: float, t1: float) -> list[float]:
    step = next((s for s in _TICK_STEPS if (t1 - t0) / s <= 7), _TICK_STEPS[-1])
    while (t1 - t0) / step > 7:
        step *= 2
    first = math.ceil(t0 / step) * step
    return [float(t) for t in range(int(first), int(t1) + 1, step)]


def _timeline(
    outlets: Sequence[str],
    by_outlet: dict[str, list[CompareArticle]],
    notes: Sequence[EditNote] = (),
) -> str:
    """An inline SVG: one row per outlet, one dot per dated article, one marker per edit,
    deletion or move (``notes``), a UTC time axis spanning all of them."""
    times = [
        _utc(a.published).timestamp()
        for o in outlets
        for a in by_outlet.get(o, ())
        if a.published is not None
    ]
    times += [_utc(n.at).timestamp() for n in notes if n.outlet in outlets]
    if not times:
        return '<p class="muted">No article of this event has a publication time.</p>'
    lo, hi = min(times), max(times)
    if hi - lo < 1200:
        mid = (lo + hi) / 2
        lo, hi = mid - 600, mid + 600
    pad = (hi - lo) * 0.04
    lo, hi = lo - pad, hi + pad
    left, right, row_h, top = 120, 1180, 30, 10
    height = top + row_h * len(outlets) + 34

    def x(t: float) -> float:
        return left + (t - lo) / (hi - lo) * (right - left)

    ticks = _ticks(lo, hi)
    multi_day = datetime.fromtimestamp(lo, UTC).date() != datetime.fromtimestamp(hi, UTC).date()
    fmt = "%m-%d %H:%M" if multi_day else "%H:%M"
    axis_y = top + row_h * len(outlets) + 4
    parts = [
        f'<svg class="timeline" viewBox="0 0 1200 {height}" role="img" '
        f'xmlns="http://www.w3.org/2000/svg" aria-label="When each outlet published (UTC)">',
        f'<line x1="{left}" y1="{axis_y}" x2="{right}" y2="{axis_y}" stroke="#888"/>',
    ]
    for t in ticks:
        label = datetime.fromtimestamp(t, UTC).strftime(fmt)
        parts.append(
            f'<line x1="{x(t):.1f}" y1="{top}" x2="{x(t):.1f}" y2="{axis_y + 4}" '
            f'stroke="#e3e5e8"/><text x="{x(t):.1f}" y="{axis_y + 18}" font-size="11" '
            f'text-anchor="middle" fill="#5c6370">{label}</text>'
        )
    for row, outlet in enumerate(outlets):
        y = top + row_h * row + row_h / 2
        colour = outlet_colour(outlet)
        parts.append(
            f'<text x="{left - 10}" y="{y + 4:.1f}" font-size="13" text-anchor="end" '
            f'fill="{colour}" font-weight="600">{_e(outlet)}</text>'
            f'<line x1="{left}" y1="{y:.1f}" x2="{right}" y2="{y:.1f}" stroke="#eceef1"/>'
        )
        undated = 0
        for article in by_outlet.get(outlet, ()):
            if article.published is None:
                undated += 1
                continue
            tip = f"{outlet} · {_fmt_time(article.published)} · {article.title}"
            parts.append(
                f'<circle class="dot" cx="{x(_utc(article.published).timestamp()):.1f}" '
                f'cy="{y:.1f}" r="6" fill="{colour}" fill-opacity="0.8" stroke="#fff">'
                f"<title>{_e(tip)}</title></circle>"
            )
        for note in notes:
            if note.outlet == outlet:
                parts.append(svg_marker(note, x(_utc(note.at).timestamp()), y, colour))
        if undated:
            parts.append(
                f'<text x="{right}" y="{y - 8:.1f}" font-size="11" text-anchor="end" '
                f'fill="#5c6370">+{undated} undated</text>'
            )
    parts.append("</svg>")
    return "".join(parts)


def _marked(text: str, passages: Sequence[SharedPassage]) -> str:
    """``text`` escaped, with the shared passages it contains wrapped in ``<mark>``."""
    found = {p.text: p for p in passages if len(p.text) >= _MIN_MARK_CHARS and p.text in text}
    if not found:
        return _e(text)
    pattern = re.compile("|".join(re.escape(t) for t in sorted(found, key=len, reverse=True)))
    out, pos = [], 0
    for match in pattern.finditer(text):
        passage = found[match.group(0)]
        tip = f"shared with {', '.join(passage.outlets)}; first: {passage.first_outlet}"
        out.append(_e(text[pos : match.start()]))
        out.append(f'<mark title="{_e(tip)}">{_e(match.group(0))}</mark>')
        pos = match.end()
    out.append(_e(text[pos:]))
    return "".join(out)


def _column(
    framing: OutletFraming,
    first_outlet: str,
    articles: Sequence[CompareArticle],
    event: EventComparison,
) -> str:
    passages = [p for p in event.shared if framing.outlet in p.outlets]
    facts = [
        ("Published", _e(_fmt_time(framing.first_published))),
        ("Lag", _e(format_lag(framing.lag_s, first_outlet))),
        ("Words", f"{framing.word_count:,}"),
        ("Authors", _e(", ".join(framing.authors)) or '<span class="muted">none given</span>'),
        ("Section", _e(framing.section) if framing.section else '<span class="muted">–</span>'),
        ("Quotes", str(framing.quote_count)),
        ("Shared copy", f"{framing.shared_share:.0%} of words"),
    ]
    if framing.last_modified and framing.last_modified != framing.first_published:
        facts.insert(1, ("Edited", _e(_fmt_time(framing.last_modified))))
    flags = []
    if framing.summary_only:
        flags.append('<span class="flag">summary only</span>')
    if not framing.independent:
        flags.append('<span class="flag">mostly shared copy</span>')
    terms = sorted(
        (t for t in event.terms if t.outlet == framing.outlet and t.z > 0), key=lambda t: -t.z
    )[:8]
    fewer = sorted(
        (t for t in event.terms if t.outlet == framing.outlet and t.z < 0), key=lambda t: t.z
    )[:4]
    term_items = "".join(
        f'<li title="{_e(t.example)}"><span class="term">{_e(t.term)}'
        f'<span class="ex">{_e(_clip(t.example, 110))}</span></span>'
        f'<span class="z">z={t.z:.1f} · ×{t.count}</span></li>'
        for t in terms
    )
    terms_html = (
        f'<ul class="plain terms">{term_items}</ul>'
        if terms
        else '<p class="muted">No distinctive terms.</p>'
    )
    if fewer:
        less = ", ".join(f"{_e(t.term)} (z={t.z:.1f})" for t in fewer)
        terms_html += f'<p class="muted">Uses less: {less}</p>'
    entities = ", ".join(f"{_e(name)} ({n})" for name, n in framing.entities[:8])
    links = "".join(
        f'<li>{_link(a.url, a.title or "(untitled)")} <span class="muted">'
        f"{_e(_fmt_time(a.published))}"
        f"{f' · {a.version_count} versions' if a.version_count > 1 else ''}"
        f"{' · summary only' if a.summary_only else ''}</span></li>"
        for a in articles
    )
    lead = articles[0] if articles else None
    text_block = ""
    if lead is not None and lead.text:
        paragraphs = "".join(f"<p>{_marked(p, passages)}</p>" for p in lead.text.split("\n") if p)
        text_block = (
            f"<details><summary>Text of the first article "
            f"({len(lead.text.split()):,} words)</summary>{paragraphs}</details>"
        )
    return (
        f'<section class="outlet" data-outlet="{_e(framing.outlet)}" '
        f'style="--c:{outlet_colour(framing.outlet)}">'
        f"<div>{_badge(framing.outlet)} {' '.join(flags)}"
        f'<h2 class="headline">{_e(framing.headline) or "(no headline)"}</h2></div>'
        f'<div><h3>Lede</h3><p class="lede">{_marked(framing.lede, passages) or "–"}</p></div>'
        '<div><dl class="facts">'
        + "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in facts)
        + "</dl></div>"
        f"<div><h3>Distinctive terms</h3>{terms_html}</div>"
        f'<div><h3>Named most</h3><p class="lede">{entities or "–"}</p></div>'
        f'<div><h3>Articles ({len(articles)})</h3><ul class="plain">{links}</ul>{text_block}'
        f"{''.join(history_block(a) for a in articles)}</div>"
        "</section>"
    )


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _quotes_table(quotes: Sequence[Quote], outlets: Sequence[str]) -> str:
    """Who is quoted by whom: speaker × outlet counts; speakers only one outlet quotes stand out."""
    counts: Counter[tuple[str, str]] = Counter()
    example: dict[tuple[str, str], str] = {}
    for q in quotes:
        speaker = q.speaker or ""
        counts[(speaker, q.outlet)] += 1
        example.setdefault((speaker, q.outlet), q.text)
    if not counts:
        return '<p class="muted">No attributed quotations found.</p>'
    columns = list(outlets) + sorted({o for _, o in counts} - set(outlets))
    totals: Counter[str] = Counter()
    for (speaker, _), n in counts.items():
        totals[speaker] += n
    head = "".join(f'<th class="num">{_badge(o)}</th>' for o in columns)
    rows = []
    for speaker, total in sorted(totals.items(), key=lambda kv: (-kv[1], kv[0])):
        quoting = [o for o in columns if counts[(speaker, o)]]
        exclusive = bool(speaker) and len(quoting) == 1 and len(columns) > 1
        cells = "".join(
            f'<td class="num" title="{_e(example.get((speaker, o), ""))}">'
            f"{counts[(speaker, o)] or ''}</td>"
            for o in columns
        )
        name = _e(speaker) if speaker else '<span class="muted">(unattributed)</span>'
        note = f' <span class="pill">only {_e(quoting[0])}</span>' if exclusive else ""
        rows.append(
            f"<tr{' class=exclusive' if exclusive else ''}><td>{name}{note}</td>{cells}"
            f'<td class="num">{total}</td></tr>'
        )
    return (
        f'<table class="quotes"><thead><tr><th>Speaker</th>{head}<th class="num">Total</th>'
        f"</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def _shared_list(shared: Sequence[SharedPassage]) -> str:
    if not shared:
        return '<p class="muted">No passage appears in more than one outlet.</p>'
    items = "".join(
        f'<li><blockquote>{_e(p.text)}</blockquote><span class="muted">in '
        f"{''.join(_badge(o) for o in p.outlets)} · first: {_badge(p.first_outlet)} "
        f"{_e(_fmt_time(p.first_published))}</span></li>"
        for p in shared
    )
    return f'<ul class="plain shared">{items}</ul>'


def _omissions(event: EventComparison) -> str:
    if not event.omissions:
        return '<p class="muted">No omissions found.</p>'
    rows = "".join(
        f"<tr><td>{_badge(o.outlet)}</td><td>{_e(o.kind)}</td><td>{_e(o.item)}</td>"
        f"<td>{''.join(_badge(p) for p in o.present_in)}</td></tr>"
        for o in sorted(event.omissions, key=lambda o: (o.outlet, o.kind, o.item))
    )
    return (
        "<table><thead><tr><th>Left out by</th><th>Kind</th><th>Item</th>"
        f"<th>Present in</th></tr></thead><tbody>{rows}</tbody></table>"
    )


def _event_page(
    event: EventComparison, articles: Sequence[CompareArticle], generated_at: datetime
) -> str:
    by_outlet: dict[str, list[CompareArticle]] = defaultdict(list)
    far_future = datetime.max.replace(tzinfo=UTC)
    for article in sorted(
        articles, key=lambda a: (_utc(a.published) if a.published else far_future, a.article_id)
    ):
        by_outlet[article.outlet].append(article)
    framings = _order(event.outlets)
    order = [f.outlet for f in framings]
    order += sorted(set(by_outlet) - set(order))
    first_outlet = next((f.outlet for f in framings if f.lag_s == 0), order[0] if order else "")
    first, last = _time_span(event, articles)
    first_at = next((f.first_published for f in framings if f.outlet == first_outlet), None)
    notes = edit_notes(order, by_outlet, first_outlet, first_at or first)
    legend = " A hollow diamond marks an edit (larger: headline), × a deletion." if notes else ""
    hint = (
        f'<p class="muted">{len(framings)} outlets: scroll sideways to see them all.</p>'
        if len(framings) > 4
        else ""
    )
    span = _fmt_span(first, last)
    flags = '<span class="flag">single source</span>' if event.single_source else ""
    columns = "".join(
        _column(f, first_outlet, by_outlet.get(f.outlet, []), event) for f in framings
    )
    body = (
        '<header class="top"><a href="../index.html">← all events</a>'
        f"<h1>{_e(event.label)}</h1>"
        f'<div class="meta"><span>{_e(span)}'
        f"</span><span>{len(articles)} articles</span><span>{len(framings)} outlets</span>"
        f"<span>{event.independent_outlets} independent</span>"
        f"<span>event {_e(event.event_key)}</span></div>"
        f"<div>{''.join(_badge(o) for o in order)} {flags}</div></header>\n<main>"
        "<h2>Timeline</h2>"
        '<p class="muted">Times in UTC; one dot per article (hover for its headline).'
        f"{legend}</p>"
        f"{_timeline(order, by_outlet, notes)}{edits_section(notes)}"
        f'<h2>Side by side</h2>{hint}<div class="columns">{columns}</div>'
        f"<h2>Who is quoted by whom</h2>{_quotes_table(event.quotes, order)}"
        f"<h2>Shared passages</h2>{_shared_list(event.shared)}"
        f"<h2>Omissions</h2>{_omissions(event)}"
        f'<p class="muted">Generated {_e(_fmt_time(generated_at))}.</p></main>'
    )
    return _document(event.label or event.event_key, body)


# --- index -----------------------------------------------------------------------------------


def _index_order(row: _IndexRow) -> tuple[bool, bool, float, str]:
    """Multi-outlet events first, then the most recently published first, undated last."""
    latest = row.last or row.first
    return (
        len(row.outlets) < 2,
        latest is None,
        -_utc(latest).timestamp() if latest else 0.0,
        row.label,
    )


def _index_row(r: _IndexRow) -> str:
    single = '<span class="flag">single source</span>' if r.single_source else ""
    edited = (
        f' <span class="edited-flag" title="{r.edited} revisions of its articles">'
        f"edited ×{r.edited}</span>"
        if r.edited
        else ""
    )
    return (
        f'<tr><td><a href="events/{_e(r.page)}">{_e(r.label) or "(no label)"}</a>{edited}</td>'
        f'<td class="when">{_e(_fmt_span(r.first, r.last))}</td>'
        f'<td class="num">{r.articles}</td>'
        f"<td>{''.join(_badge(o) for o in r.outlets)}</td>"
        f'<td class="num">{r.independent}</td><td>{single}</td></tr>'
    )


def _index_parts(rows: list[_IndexRow], title: str, generated_at: datetime) -> Iterator[str]:
    """The index page in pieces, so thousands of rows are written without one big string."""
    rows.sort(key=_index_order)
    multi = sum(1 for r in rows if len(r.outlets) > 1)
    # "<" is escaped everywhere in the title, so the placeholder cannot occur in it.
    head, tail = _document(title, "<!--rows-->").split("<!--rows-->")
    yield head
    yield (
        f'<header class="top"><h1>{_e(title)}</h1><div class="meta">'
        f"<span>{len(rows)} events</span><span>{multi} reported by several outlets</span>"
        f"<span>generated {_e(_fmt_time(generated_at))}</span></div></header>\n<main>"
        '<table class="index"><thead><tr><th>Event</th><th>When</th>'
        '<th class="num">Articles</th><th>Outlets</th><th class="num">Independent</th>'
        "<th>Sources</th></tr></thead><tbody>"
    )
    groups = (
        (f"Reported by several outlets ({multi})", rows[:multi]),
        (f"Reported by one outlet ({len(rows) - multi})", rows[multi:]),
    )
    for heading, group in groups:
        if group:
            yield f'<tr class="group"><th colspan="6">{heading}</th></tr>\n'
        for row in group:
            yield _index_row(row) + "\n"
    yield "</tbody></table></main>"
    yield tail


# --- writing ---------------------------------------------------------------------------------


def _check_target(out_dir: Path) -> None:
    if out_dir.exists() and not out_dir.is_dir():
        raise ReportError(f"cannot write report to {out_dir}: it exists and is not a directory")
    if out_dir.is_dir() and any(out_dir.iterdir()) and not (out_dir / MARKER).exists():
        raise ReportError(
            f"refusing to replace {out_dir}: it is not empty and was not written by "
            "'aggregator report'; choose an empty or new directory"
        )


def _swap_in(tmp: Path, out_dir: Path) -> None:
    """Replace ``out_dir`` by the finished ``tmp`` directory (the old report is kept on failure)."""
    old: Path | None = None
    if out_dir.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.old-", dir=out_dir.parent))
        old.rmdir()
        out_dir.rename(old)
    try:
        tmp.rename(out_dir)
    except OSError:
        if old is not None:
            old.rename(out_dir)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def write_report(
    events: Iterable[tuple[EventComparison, Sequence[CompareArticle]]],
    *,
    out_dir: Path,
    title: str = "aggregator report",
    generated_at: datetime,
) -> ReportSummary:
    """Write ``index.html`` and one ``events/<key>.html`` per event into ``out_dir``.

    Pages are written into a temporary sibling directory as ``events`` is consumed; ``out_dir``
    is replaced only once every page and the index are written, so a failure (here or in the
    caller's iterator) leaves the previous report, or nothing, in place.
    """
    out_dir = Path(out_dir).absolute()
    try:
        _check_target(out_dir)
        out_dir.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.tmp-", dir=out_dir.parent))
    except OSError as exc:
        raise ReportError(
            f"cannot write report to {out_dir}: {exc.strerror or exc}; nothing was written"
        ) from exc
    try:
        (tmp / "events").mkdir()
        rows: list[_IndexRow] = []
        used: set[str] = set()
        for event, articles in events:
            page = _page_name(event.event_key, used)
            (tmp / "events" / page).write_text(
                _event_page(event, articles, generated_at), encoding="utf-8", errors="replace"
            )
            first, last = _time_span(event, articles)
            outlets = [f.outlet for f in _order(event.outlets)]
            outlets += sorted({a.outlet for a in articles} - set(outlets))
            rows.append(
                _IndexRow(
                    label=event.label,
                    page=page,
                    first=first,
                    last=last,
                    articles=len(articles),
                    outlets=tuple(outlets),
                    independent=event.independent_outlets,
                    single_source=event.single_source,
                    edited=revision_count(articles),
                )
            )
        with (tmp / "index.html").open("w", encoding="utf-8", errors="replace") as index:
            index.writelines(_index_parts(rows, title, generated_at))
        (tmp / MARKER).write_text("written by aggregator report; safe to replace\n")
        tmp.chmod(0o755)
        _swap_in(tmp, out_dir)
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise ReportError(
            f"cannot write report to {out_dir}: {exc.strerror or exc}; "
            "the previous report (if any) is unchanged"
        ) from exc
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return ReportSummary(out_dir=out_dir, index=out_dir / "index.html", pages=len(rows))
