"""An event's articles and edits -> the geometry of its timeline SVG; pure, touches nothing.

Input: the outlets in column order, their articles and the ``EditNote``s. Output: a
``Timeline`` (one row an outlet, a dot an article, a mark an edit, ticks on a UTC axis) with
coordinates already formatted, which ``_timeline.html`` draws.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from aggregator.output.report.formatting import fmt_time, outlet_colour, utc
from aggregator.output.report.history import EditNote
from aggregator.records import CompareArticle

_TICK_STEPS = (60, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 172800, 604800)
LEFT, RIGHT, ROW_H, TOP = 120, 1180, 30, 10


@dataclass(frozen=True)
class Tick:
    x: str
    label: str


@dataclass(frozen=True)
class Dot:
    x: str
    tip: str


@dataclass(frozen=True)
class Mark:
    """An edit (hollow diamond ``d``), a deletion (× ``d``) or a move (square at ``x0``/``y0``)."""

    kind: str
    tip: str
    x: str
    y: str
    d: str  # the path of a diamond or an ×; empty for a move
    x0: str  # top left corner of a move's square
    y0: str


@dataclass(frozen=True)
class Row:
    outlet: str
    colour: str
    y: str
    label_y: str
    undated_y: str
    dots: tuple[Dot, ...]
    marks: tuple[Mark, ...]
    undated: int


@dataclass(frozen=True)
class Timeline:
    height: int
    axis_y: int
    tick_bottom: int
    tick_label_y: int
    ticks: tuple[Tick, ...]
    rows: tuple[Row, ...]


def _ticks(t0: float, t1: float) -> list[float]:
    step = next((s for s in _TICK_STEPS if (t1 - t0) / s <= 7), _TICK_STEPS[-1])
    while (t1 - t0) / step > 7:
        step *= 2
    first = math.ceil(t0 / step) * step
    return [float(t) for t in range(int(first), int(t1) + 1, step)]


def _mark(note: EditNote, x: float, y: float) -> Mark:
    if note.kind in ("headline", "text"):
        # A headline change is drawn larger than a text edit.
        r = 8 if note.kind == "headline" else 6
        d = f"M{x:.1f},{y - r:.1f} L{x + r:.1f},{y:.1f} L{x:.1f},{y + r:.1f} L{x - r:.1f},{y:.1f} Z"
    elif note.kind == "moved":
        d = ""
    else:
        d = (
            f"M{x - 5:.1f},{y - 5:.1f} L{x + 5:.1f},{y + 5:.1f} "
            f"M{x + 5:.1f},{y - 5:.1f} L{x - 5:.1f},{y + 5:.1f}"
        )
    return Mark(note.kind, note.tip, f"{x:.1f}", f"{y:.1f}", d, f"{x - 5:.1f}", f"{y - 5:.1f}")


def timeline(
    outlets: Sequence[str],
    by_outlet: Mapping[str, Sequence[CompareArticle]],
    notes: Sequence[EditNote] = (),
) -> Timeline | None:
    """The timeline of ``outlets``, spanning their dated articles and ``notes``; None when
    nothing has a time."""
    times = [
        utc(a.published).timestamp()
        for o in outlets
        for a in by_outlet.get(o, ())
        if a.published is not None
    ]
    times += [utc(n.at).timestamp() for n in notes if n.outlet in outlets]
    if not times:
        return None
    lo, hi = min(times), max(times)
    if hi - lo < 1200:
        mid = (lo + hi) / 2
        lo, hi = mid - 600, mid + 600
    pad = (hi - lo) * 0.04
    lo, hi = lo - pad, hi + pad

    def x(t: float) -> float:
        return LEFT + (t - lo) / (hi - lo) * (RIGHT - LEFT)

    multi_day = datetime.fromtimestamp(lo, UTC).date() != datetime.fromtimestamp(hi, UTC).date()
    fmt = "%m-%d %H:%M" if multi_day else "%H:%M"
    ticks = tuple(
        Tick(f"{x(t):.1f}", datetime.fromtimestamp(t, UTC).strftime(fmt)) for t in _ticks(lo, hi)
    )
    rows = []
    for n, outlet in enumerate(outlets):
        y = TOP + ROW_H * n + ROW_H / 2
        mine = by_outlet.get(outlet, ())
        dots = tuple(
            Dot(
                f"{x(utc(a.published).timestamp()):.1f}",
                f"{outlet} · {fmt_time(a.published)} · {a.title}",
            )
            for a in mine
            if a.published is not None
        )
        marks = tuple(_mark(e, x(utc(e.at).timestamp()), y) for e in notes if e.outlet == outlet)
        rows.append(
            Row(
                outlet=outlet,
                colour=outlet_colour(outlet),
                y=f"{y:.1f}",
                label_y=f"{y + 4:.1f}",
                undated_y=f"{y - 8:.1f}",
                dots=dots,
                marks=marks,
                undated=len(mine) - len(dots),
            )
        )
    axis_y = TOP + ROW_H * len(outlets) + 4
    return Timeline(
        height=TOP + ROW_H * len(outlets) + 34,
        axis_y=axis_y,
        tick_bottom=axis_y + 4,
        tick_label_y=axis_y + 18,
        ticks=ticks,
        rows=tuple(rows),
    )
