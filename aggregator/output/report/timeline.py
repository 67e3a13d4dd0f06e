"""An event's articles and edits -> the geometry of its timeline SVG; pure, touches nothing.

Input: the outlets in column order, their articles and the ``EditNote``s. Output: a
``Timeline`` (one row an outlet, a dot an article, a mark an edit, ticks on a UTC axis) with
coordinates already formatted, which ``_timeline.html`` draws.

An SVG scales its text with its width, so one drawing cannot serve both screens: the ``WIDE``
frame (1200 units, outlet names at the left) shrank to 7 px letters on a phone. The page draws
the event twice, and the stylesheet shows one: ``NARROW`` (320 units, about the width of a
phone's column, outlet names above their row and at most four ticks) below 720 px.
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
TOP = 10


@dataclass(frozen=True)
class Frame:
    """The drawing's size in SVG units and where its parts go."""

    width: int
    left: int  # the time axis runs from ``left`` to ``right``
    right: int
    row_h: int
    max_ticks: int
    labels_above: bool  # outlet names above their row (narrow), else left of it


WIDE = Frame(1200, 120, 1180, 30, 7, False)
NARROW = Frame(320, 8, 312, 40, 3, True)


@dataclass(frozen=True)
class Tick:
    x: str
    label: str
    anchor: str = "middle"  # start or end near the edges of a narrow frame, so it is not cut


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
    width: int
    left: int
    right: int
    label_x: int
    label_anchor: str
    narrow: bool
    height: int
    axis_y: int
    tick_bottom: int
    tick_label_y: int
    ticks: tuple[Tick, ...]
    rows: tuple[Row, ...]


def _ticks(t0: float, t1: float, most: int) -> list[float]:
    step = next((s for s in _TICK_STEPS if (t1 - t0) / s <= most), _TICK_STEPS[-1])
    while (t1 - t0) / step > most:
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
    frame: Frame = WIDE,
) -> Timeline | None:
    """The timeline of ``outlets`` in ``frame``, spanning their dated articles and ``notes``;
    None when nothing has a time."""
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
        return frame.left + (t - lo) / (hi - lo) * (frame.right - frame.left)

    multi_day = datetime.fromtimestamp(lo, UTC).date() != datetime.fromtimestamp(hi, UTC).date()
    fmt = "%m-%d %H:%M" if multi_day else "%H:%M"
    ticks = tuple(
        Tick(f"{x(t):.1f}", datetime.fromtimestamp(t, UTC).strftime(fmt), _anchor(x(t), frame))
        for t in _ticks(lo, hi, frame.max_ticks)
    )
    rows = []
    for n, outlet in enumerate(outlets):
        top = TOP + frame.row_h * n
        # narrow: the name on a line of its own, the dots below it; wide: the name at the left
        label_y = top + 13 if frame.labels_above else top + frame.row_h / 2 + 4
        y = top + 27 if frame.labels_above else top + frame.row_h / 2
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
                label_y=f"{label_y:.1f}",
                undated_y=f"{label_y if frame.labels_above else y - 8:.1f}",
                dots=dots,
                marks=marks,
                undated=len(mine) - len(dots),
            )
        )
    axis_y = TOP + frame.row_h * len(outlets) + 4
    return Timeline(
        width=frame.width,
        left=frame.left,
        right=frame.right,
        label_x=frame.left if frame.labels_above else frame.left - 10,
        label_anchor="start" if frame.labels_above else "end",
        narrow=frame.labels_above,
        height=TOP + frame.row_h * len(outlets) + 34,
        axis_y=axis_y,
        tick_bottom=axis_y + 4,
        tick_label_y=axis_y + 18,
        ticks=ticks,
        rows=tuple(rows),
    )


def _anchor(x: float, frame: Frame) -> str:
    """How a tick label hangs on its tick: centred, unless a narrow frame's edge would cut it."""
    if not frame.labels_above:
        return "middle"
    if x - frame.left < 40:
        return "start"
    return "end" if frame.right - x < 40 else "middle"
