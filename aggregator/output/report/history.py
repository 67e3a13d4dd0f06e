"""Article revisions and history -> HTML fragments for the report's event pages.

Input: ``CompareArticle.revisions`` / ``.history`` (from ``records``). Output: the per-article
"Version history" block with readable diffs, the timeline's edit markers (SVG) and the
"Edits after publication" sentences. It also holds the escaping and UTC formatting helpers that
``report.py`` imports, so each has one definition. Everything from an article is escaped here.
"""

from __future__ import annotations

import difflib
import html
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from aggregator.records import Change, CompareArticle, Revision

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_TOKEN = re.compile(r"\s+|[^\s]+")
# Beyond these sizes a page would get long and difflib slow; the rest is summarised.
_MAX_CHANGES = 40
_MAX_DIFF_TOKENS = 4000

HISTORY_CSS = """
details.history { margin-top: 10px; font-size: 13px; }
details.history > summary { font-size: 13px; }
.edited-flag { display: inline-block; padding: 0 6px; border-radius: 4px; font-size: 12px;
  font-weight: 600; border: 1px solid #7b61c4; color: #4b3590; background: #f1edfc;
  white-space: nowrap; }
ol.revs { list-style: none; padding: 0; margin: 6px 0 0; }
ol.revs > li { border-left: 3px solid var(--c, #888); padding: 2px 0 2px 8px; margin: 0 0 10px; }
.rev-head { font-weight: 600; font-size: 12px; color: var(--muted); }
.chg { margin: 4px 0; overflow-wrap: anywhere; }
.chg .k { font-size: 11px; text-transform: uppercase; letter-spacing: .04em;
  color: var(--muted); margin-right: 4px; }
.chg del, .chg ins { text-decoration-thickness: 1px; border-radius: 2px; padding: 0 1px; }
.chg del { background: #fde2e1; color: #8a1c14; text-decoration-line: line-through; }
.chg ins { background: #d5f2de; color: #0f5527; text-decoration: none; }
.chg.added { background: #eaf8ef; border-left: 3px solid #2e9a53; padding: 2px 6px;
  color: #0f5527; }
.chg.removed { background: #fdeeee; border-left: 3px solid #c9372c; padding: 2px 6px;
  color: #8a1c14; text-decoration: line-through; }
.chg.edited .old, .chg.edited .new { display: block; padding: 1px 6px; }
.chg.edited .old { border-left: 3px solid #e6a19b; }
.chg.edited .new { border-left: 3px solid #8fd0a5; }
ul.edits { font-size: 14px; }
ul.edits li { padding: 2px 0; }
ul.edits .when { color: var(--muted); font-size: 12px; white-space: nowrap; }
"""


# --- shared helpers (report.py imports these) -----------------------------------------------


def escape(text: str) -> str:
    """``text`` escaped for HTML text and attributes; control characters become U+FFFD."""
    return _CONTROL.sub("\ufffd", html.escape(text, quote=True))


def utc(value: datetime) -> datetime:
    """Aware datetimes in UTC; naive ones are taken to be UTC already (the records' contract)."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def fmt_time(value: datetime | None) -> str:
    """``2026-11-27 09:00 UTC``, or ``time unknown``."""
    return "time unknown" if value is None else utc(value).strftime("%Y-%m-%d %H:%M UTC")


def duration(seconds: float) -> str:
    """A non-negative duration as ``45 s``, ``12 min``, ``2 h 10 min`` or ``1 d 3 h``."""
    total = round(seconds)
    if total < 60:
        return f"{total} s"
    minutes, _ = divmod(total, 60)
    if minutes < 60:
        return f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    if hours < 24:
        return f"{hours} h {minutes} min" if minutes else f"{hours} h"
    days, hours = divmod(hours, 24)
    return f"{days} d {hours} h" if hours else f"{days} d"


# --- edits on the timeline -------------------------------------------------------------------


@dataclass(frozen=True)
class EditNote:
    """One edit, deletion or move of an article, placed on the event's timeline."""

    outlet: str
    at: datetime
    kind: str  # "headline", "text", "deleted" or "moved"
    sentence: str  # "guardian changed its headline 2 h 10 min after bbc first published"
    detail: str  # extra tooltip text: the headline change, the new address


def _after(at: datetime, first_outlet: str, first_at: datetime | None) -> str:
    if first_at is None or not first_outlet:
        return f"at {fmt_time(at)}"
    lag = (utc(at) - utc(first_at)).total_seconds()
    if lag < 0:
        return f"{duration(-lag)} before {first_outlet} first published"
    return f"{duration(lag)} after {first_outlet} first published"


def _revision_note(outlet: str, rev: Revision, when: str) -> EditNote:
    headline = next((c for c in rev.changes if c.kind == "headline"), None)
    if headline is not None:
        detail = f"“{headline.old}” → “{headline.new}”"
        return EditNote(outlet, rev.at, "headline", f"{outlet} changed its headline {when}", detail)
    detail = f"v{rev.from_version} → v{rev.to_version}, {rev.size:,} characters changed"
    return EditNote(outlet, rev.at, "text", f"{outlet} edited the text {when}", detail)


def edit_notes(
    outlets: Sequence[str],
    by_outlet: Mapping[str, Sequence[CompareArticle]],
    first_outlet: str,
    first_at: datetime | None,
) -> list[EditNote]:
    """Every revision, deletion and move of the event's articles, oldest first.

    The sentences measure the lag from ``first_at``, when ``first_outlet`` first published the
    event; without it they give the UTC time instead.
    """
    notes: list[EditNote] = []
    for outlet in outlets:
        for article in by_outlet.get(outlet, ()):
            for rev in article.revisions:
                notes.append(_revision_note(outlet, rev, _after(rev.at, first_outlet, first_at)))
            for item in article.history:
                when = _after(item.at, first_outlet, first_at)
                if item.kind == "moved":
                    sentence = f"{outlet}'s article was found moved {when}"
                    detail = f"now at {item.detail}" if item.detail else "new address unknown"
                else:
                    sentence = f"{outlet}'s article was found {item.kind} {when}"
                    detail = item.detail or "the page answered 404/410"
                notes.append(EditNote(outlet, item.at, item.kind, sentence, detail))
    notes.sort(key=lambda n: (utc(n.at), n.outlet))
    return notes


def svg_marker(note: EditNote, x: float, y: float, colour: str) -> str:
    """The timeline mark of ``note``: a hollow diamond for an edit, an × for a deletion, a
    hollow square for a move, each with its sentence as tooltip."""
    tip = f"<title>{escape(note.sentence)} ({fmt_time(note.at)}): {escape(note.detail)}</title>"
    if note.kind in ("headline", "text"):
        # A headline change is drawn larger than a text edit.
        r = 8 if note.kind == "headline" else 6
        return (
            f'<path class="rev rev-{note.kind}" d="M{x:.1f},{y - r:.1f} L{x + r:.1f},{y:.1f} '
            f'L{x:.1f},{y + r:.1f} L{x - r:.1f},{y:.1f} Z" fill="#fff" stroke="{colour}" '
            f'stroke-width="2">{tip}</path>'
        )
    # Transparent-filled hit area so the thin shapes are easy to hover.
    hit = f'<circle cx="{x:.1f}" cy="{y:.1f}" r="8" fill="#fff" fill-opacity="0"/>'
    if note.kind == "moved":
        shape = (
            f'<rect x="{x - 5:.1f}" y="{y - 5:.1f}" width="10" height="10" fill="#fff" '
            f'stroke="{colour}" stroke-width="2"/>'
        )
    else:
        shape = (
            f'<path d="M{x - 5:.1f},{y - 5:.1f} L{x + 5:.1f},{y + 5:.1f} M{x + 5:.1f},'
            f'{y - 5:.1f} L{x - 5:.1f},{y + 5:.1f}" stroke="{colour}" stroke-width="2.5" '
            'stroke-linecap="round"/>'
        )
    return f'<g class="gone gone-{escape(note.kind)}">{tip}{hit}{shape}</g>'


def edits_section(notes: Sequence[EditNote]) -> str:
    """The "Edits after publication" list under the timeline (empty when nothing changed)."""
    if not notes:
        return ""
    items = "".join(
        f'<li><span class="when">{escape(fmt_time(n.at))}</span> {escape(n.sentence)}'
        f' <span class="muted">· {escape(n.detail)}</span></li>'
        for n in notes
    )
    return f'<h3 class="edits">Edits after publication</h3><ul class="plain edits">{items}</ul>'


def revision_count(articles: Sequence[CompareArticle]) -> int:
    """How many revisions the articles of an event have between them."""
    return sum(len(a.revisions) for a in articles)


# --- per-article version history -------------------------------------------------------------


def word_diff(old: str, new: str) -> tuple[str, str]:
    """``old`` and ``new`` escaped, with the words only ``old`` has in ``<del>`` and the words
    only ``new`` has in ``<ins>`` (difflib on words and the whitespace between them)."""
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    if len(a) + len(b) > _MAX_DIFF_TOKENS:
        return f"<del>{escape(old)}</del>", f"<ins>{escape(new)}</ins>"
    # Runs of changed words separated only by whitespace read better as one change.
    runs: list[tuple[bool, str, str]] = []  # (changed, old text, new text)
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        gone, came = "".join(a[i1:i2]), "".join(b[j1:j2])
        changed = tag != "equal"
        if runs and runs[-1][0] == changed:
            runs[-1] = (changed, runs[-1][1] + gone, runs[-1][2] + came)
        elif not changed and runs and runs[-1][0] and gone.isspace():
            runs[-1] = (True, runs[-1][1] + gone, runs[-1][2] + came)
        else:
            runs.append((changed, gone, came))
    left: list[str] = []
    right: list[str] = []
    for changed, gone, came in runs:
        if not changed:
            left.append(escape(gone))
            right.append(escape(came))
            continue
        if gone:
            left.append(f"<del>{escape(gone)}</del>")
        if came:
            right.append(f"<ins>{escape(came)}</ins>")
    return "".join(left), "".join(right)


def _change(change: Change) -> str:
    if change.kind == "headline":
        return (
            f'<div class="chg headline"><span class="k">Headline</span>'
            f"<del>{escape(change.old)}</del> → <ins>{escape(change.new)}</ins></div>"
        )
    if change.kind == "added":
        return f'<div class="chg added"><span class="k">Added</span>{escape(change.new)}</div>'
    if change.kind == "removed":
        return f'<div class="chg removed"><span class="k">Removed</span>{escape(change.old)}</div>'
    old, new = word_diff(change.old, change.new)
    kind = escape(change.kind.capitalize() or "Edited")
    return (
        f'<div class="chg edited"><span class="k">{kind}</span>'
        f'<span class="old">{old}</span><span class="new">{new}</span></div>'
    )


def _revision(rev: Revision) -> str:
    shown = "".join(_change(c) for c in rev.changes[:_MAX_CHANGES])
    if len(rev.changes) > _MAX_CHANGES:
        shown += (
            f'<div class="muted">… and {len(rev.changes) - _MAX_CHANGES} more changes '
            "(aggregator export revisions lists them all)</div>"
        )
    if not rev.changes:
        shown = '<div class="muted">no change beyond noise</div>'
    return (
        f'<li class="rev"><div class="rev-head">v{rev.from_version} → v{rev.to_version}, '
        f"{escape(fmt_time(rev.at))}, +{rev.size:,} chars changed</div>{shown}</li>"
    )


def _history_item(at: datetime, kind: str, detail: str | None) -> str:
    text = f"{kind.capitalize()}: found on revisit at {fmt_time(at)}"
    extra = f' <span class="url">{escape(detail)}</span>' if detail else ""
    return f'<li class="gone"><div class="rev-head">{escape(text)}</div>{extra}</li>'


def history_block(article: CompareArticle) -> str:
    """The collapsible "Version history" of one article, or ``""`` when it never changed."""
    if not article.revisions and not article.history:
        return ""
    entries = [(utc(r.at), _revision(r)) for r in article.revisions]
    entries += [(utc(h.at), _history_item(h.at, h.kind, h.detail)) for h in article.history]
    entries.sort(key=lambda e: e[0])
    counts = []
    if article.revisions:
        n = len(article.revisions)
        counts.append(f"{n} revision{'s' if n != 1 else ''}")
    for kind in sorted({h.kind for h in article.history}):
        counts.append(kind)
    title = article.title if len(article.title) <= 60 else article.title[:59].rstrip() + "…"
    return (
        f'<details class="history" data-article="{article.article_id}"><summary>Version history'
        f" of “{escape(title)}” ({escape(', '.join(counts))})</summary>"
        f'<ol class="revs">{"".join(html_ for _, html_ in entries)}</ol></details>'
    )
