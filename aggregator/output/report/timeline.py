"""An event's articles and edits -> the geometry of its timeline SVG; pure, touches nothing.

Input: the outlets in column order, their articles and the ``EditNote``s. Output: a
``Timeline`` (one row an outlet, a dot an article, a mark an edit, ticks on a UTC axis) with
coordinates already formatted, which ``_timeline.html`` draws.

An SVG scales its text with its width, so one drawing cannot serve both screens: the ``WIDE``
frame (1200 units, outlet names at the left) shrank to 7 px letters on a phone. The page draws
the event twice, and the stylesheet shows one: ``NARROW`` (320 units, about the width of a
phone's column, outlet names above their row and at most four ticks) below 720 px.

An article dated to the day only (``published_source`` ``page-date``/``import-date``) is not a
dot at midnight: it is a ``Band`` over its day (cut to the axis when the dated articles sit
inside that day), marked "day only"; its day widens the axis only when it lies outside it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from aggregator.compare.timing import DAY_ONLY
from aggregator.output.report.formatting import fmt_day, fmt_time, outlet_colour, utc
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
class Band:
    """An article dated to the day only: its day, from ``x`` over ``width``."""

    x: str
    width: str
    mid: str  # where its label is centred; empty when the band is too short for one
    label: str  # "2026-03-03, day only", or "day only" on a shorter band
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
    days: tuple[Band, ...] = ()


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
    day_only: bool = False  # some article is drawn as a band over its day


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
    mine = [a for o in outlets for a in by_outlet.get(o, ())]
    times = [utc(a.published).timestamp() for a in mine if a.published and not _day_only(a)]
    times += [utc(n.at).timestamp() for n in notes if n.outlet in outlets]
    days = sorted({_midnight(a) for a in mine if _day_only(a)})
    if not times and not days:
        return None
    if times:
        lo, hi = min(times), max(times)
        if hi - lo < 1200:
            mid = (lo + hi) / 2
            lo, hi = mid - 600, mid + 600
        pad = (hi - lo) * 0.04
        lo, hi = lo - pad, hi + pad
        for day in days:  # a day apart from the dated articles is shown whole
            if day + 86400 <= lo or day >= hi:
                lo, hi = min(lo, day), max(hi, day + 86400)
    else:
        lo, hi = days[0], days[-1] + 86400

    def x(t: float) -> float:
        return frame.left + (t - lo) / (hi - lo) * (frame.right - frame.left)

    multi_day = datetime.fromtimestamp(lo, UTC).date() != datetime.fromtimestamp(hi, UTC).date()
    fmt = "%m-%d %H:%M" if multi_day else "%H:%M"
    ticks = tuple(
        Tick(f"{x(t):.1f}", datetime.fromtimestamp(t, UTC).strftime(fmt), _anchor(x(t), frame))
        # a narrow frame has room for two "03-13 10:45" labels, not three
        for t in _ticks(lo, hi, 2 if multi_day and frame.labels_above else frame.max_ticks)
    )
    rows = []
    for n, outlet in enumerate(outlets):
        top = TOP + frame.row_h * n
        # narrow: the name on a line of its own, the dots below it; wide: the name at the left
        label_y = top + 13 if frame.labels_above else top + frame.row_h / 2 + 4
        y = top + 27 if frame.labels_above else top + frame.row_h / 2
        row_articles = by_outlet.get(outlet, ())
        dots = tuple(
            Dot(
                f"{x(utc(a.published).timestamp()):.1f}",
                f"{outlet} · {fmt_time(a.published)} · {a.title}",
            )
            for a in row_articles
            if a.published is not None and not _day_only(a)
        )
        bands = tuple(
            _band(x(max(_midnight(a), lo)), x(min(_midnight(a) + 86400, hi)), outlet, a)
            for a in row_articles
            if _day_only(a)
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
                undated=len(row_articles) - len(dots) - len(bands),
                days=bands,
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
        day_only=bool(days),
    )


def _anchor(x: float, frame: Frame) -> str:
    """How a tick label hangs on its tick: centred, unless a narrow frame's edge would cut it."""
    if not frame.labels_above:
        return "middle"
    if x - frame.left < 40:
        return "start"
    return "end" if frame.right - x < 40 else "middle"


def _day_only(article: CompareArticle) -> bool:
    return article.published is not None and article.published_source in DAY_ONLY


def _midnight(article: CompareArticle) -> float:
    """The start of an article's day (UTC), as a timestamp."""
    assert article.published is not None
    day = utc(article.published).date()
    return datetime(day.year, day.month, day.day, tzinfo=UTC).timestamp()


def _band(x0: float, x1: float, outlet: str, article: CompareArticle) -> Band:
    tip = f"{outlet} · {fmt_day(article.published)} · {article.title}"
    width = x1 - x0
    day = datetime.fromtimestamp(_midnight(article), UTC)
    label = f"{day:%Y-%m-%d}, day only" if width >= 150 else "day only"
    mid = f"{(x0 + x1) / 2:.1f}" if width >= 60 else ""
    return Band(f"{x0:.1f}", f"{width:.1f}", mid=mid, label=label, tip=tip)
