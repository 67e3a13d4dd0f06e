"""Times, durations, URLs and outlets -> the short strings the report shows; pure, touches nothing.

Also ``clean_text``: what every value interpolated into a page goes through before Jinja2
escapes it (control characters, right-to-left text isolated from its neighbours).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from datetime import UTC, datetime

OUTLET_COLOURS = {"guardian": "#052962", "bbc": "#b80000", "rt": "#4d7c0f", "mid": "#8a5a00"}
# Hues for other outlets, kept clear of the four fixed colours (red, amber, green, blue).
_FREE_HUES = tuple(
    h for h in range(0, 360, 6) if min(abs(h - f) % 360 for f in (0, 360, 38, 84, 222)) >= 24
)
_HTTP_URL = re.compile(r"https?://[^\s\x00-\x20\x7f]+", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Embeddings and overrides (LRE, RLE, LRO, RLO) end with PDF; isolates (LRI, RLI, FSI) with PDI.
_EMBED, _ISOLATE, _PDF, _PDI, _FSI = (
    "\u202a\u202b\u202d\u202e",
    "\u2066\u2067\u2068",
    "\u202c",
    "\u2069",
    "\u2068",
)
# Right-to-left letters (Hebrew, Arabic, Syriac, Thaana, N'Ko... and their presentation forms),
# the RLM and ALM marks, and the explicit bidirectional controls.
_NEEDS_ISOLATE = re.compile(
    "[\u0590-\u08ff\u061c\u200f\u202a-\u202e\u2066-\u2069\ufb1d-\ufdff\ufe70-\ufefe"
    "\U00010800-\U00010fff\U0001e800-\U0001efff]"
)
NEEDS_CLEANING = re.compile(f"{_CONTROL.pattern}|{_NEEDS_ISOLATE.pattern}")


def clean_runs(texts: Sequence[str]) -> tuple[str, list[str], str]:
    """Consecutive runs of one text (a paragraph with marked passages, one side of a diff),
    cleaned as a whole: ``(opening, runs, closing)`` to write around and between the markup.

    Control characters become U+FFFD. Text with right-to-left letters or bidirectional controls
    is isolated (FSI ... PDI, what ``<bdi>`` does) with the embeddings it opens closed, so an
    Arabic headline or an article's U+202E cannot reorder the times and names shown after it.
    """
    runs = [_CONTROL.sub("\ufffd", t) for t in texts]
    if not any(_NEEDS_ISOLATE.search(t) for t in runs):
        return "", runs, ""
    open_: list[str] = []
    for i, run in enumerate(runs):
        kept: list[str] = []
        for char in run:
            if char in _EMBED or char in _ISOLATE:
                open_.append(char)
            elif char == _PDF and open_ and open_[-1] in _EMBED:
                open_.pop()
            elif char == _PDI:
                if not any(c in _ISOLATE for c in open_):
                    continue  # a stray PDI would end the isolate around the text early
                # A PDI closes its isolate and every embedding opened inside it.
                while open_.pop() not in _ISOLATE:
                    pass
            kept.append(char)
        runs[i] = "".join(kept)
    closing = "".join(_PDI if c in _ISOLATE else _PDF for c in reversed(open_))
    return _FSI, runs, closing + _PDI


def clean_text(text: str) -> str:
    """``text`` as ``clean_runs`` cleans one run: what every value put on a page goes through."""
    if NEEDS_CLEANING.search(text) is None:  # nearly every value: one scan, no copy
        return text
    opening, (run,), closing = clean_runs((text,))
    return f"{opening}{run}{closing}"


def utc(value: datetime) -> datetime:
    """Aware datetimes in UTC; naive ones are taken to be UTC already (the records' contract)."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def fmt_time(value: datetime | None) -> str:
    """``2026-11-27 09:00 UTC``, or ``time unknown``."""
    return "time unknown" if value is None else utc(value).strftime("%Y-%m-%d %H:%M UTC")


def fmt_day(value: datetime | None) -> str:
    """``2026-11-27 (day only)`` for a time known to the day, or ``time unknown``."""
    return "time unknown" if value is None else f"{utc(value):%Y-%m-%d} (day only)"


def fmt_span(first: datetime | None, last: datetime | None, days: Sequence[datetime] = ()) -> str:
    """``2026-11-27 09:00 – 11:15 UTC`` (the end day only when it differs), or one time; then
    the ``days`` known to the day only that the span leaves out: ``…; 2026-11-26 (day only)``,
    or only those days when nothing has a time."""
    if first is None or last is None:
        span = "" if first is None and last is None and days else fmt_time(first or last)
    else:
        a, b = utc(first), utc(last)
        if a.replace(second=0, microsecond=0) == b.replace(second=0, microsecond=0):
            span = fmt_time(a)
        else:
            end = b.strftime("%H:%M") if a.date() == b.date() else b.strftime("%Y-%m-%d %H:%M")
            span = f"{a.strftime('%Y-%m-%d %H:%M')} – {end} UTC"
    known = [utc(t).date() for t in (first, last) if t is not None]
    extra = sorted(
        d
        for d in {utc(day).date() for day in days}
        if not known or not min(known) <= d <= max(known)
    )
    if not extra:
        return span
    day_text = ", ".join(f"{d:%Y-%m-%d}" for d in extra) + " (day only)"
    return f"{span}; {day_text}" if span else day_text


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


def format_lag(lag_s: float | None, first_outlet: str) -> str:
    """``lag_s`` seconds behind ``first_outlet`` as text: ``+2 h 15 min after guardian``."""
    if lag_s is None:
        return "publication time unknown"
    if lag_s == 0:
        return "first to publish"
    if lag_s < 0:
        return f"{duration(-lag_s)} before {first_outlet}"
    return f"+{duration(lag_s)} after {first_outlet}"


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


def clip(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters, ending in ``…`` when cut."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
