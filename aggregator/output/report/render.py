"""View models -> HTML text through the Jinja2 templates shipped in ``templates/``.

Input: an ``EventPage`` or ``IndexPage``. Output: the page as one string (event) or as chunks
(index, thousands of rows). Touches nothing but the package's template files. Every value is
autoescaped and passed through ``clean_text`` first; only the templates write markup.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache

import jinja2
from markupsafe import Markup, escape

from aggregator.output.report.event import EventPage, Marked
from aggregator.output.report.formatting import (
    NEEDS_CLEANING,
    clean_runs,
    clean_text,
    fmt_time,
    outlet_colour,
)
from aggregator.output.report.history import Piece
from aggregator.output.report.index import IndexPage

_needs_cleaning = NEEDS_CLEANING.search


def _finalize(value: object) -> object:
    # Markup (a str subclass) is what the templates' own macros return: escaped and cleaned.
    # The search is done here first because nearly every value needs nothing (it is hot).
    if type(value) is str and _needs_cleaning(value) is not None:
        return clean_text(value)
    return value


@dataclass(frozen=True)
class _Runs:
    opening: Markup
    texts: tuple[Markup, ...]
    closing: Markup


def _runs(runs: Sequence[Piece | Marked]) -> _Runs:
    """The texts of ``runs`` (``Piece``s, ``Marked``s) cleaned as one text and escaped, for
    templates that wrap some runs in ``<del>``, ``<ins>`` or ``<mark>``: cleaning each run on
    its own would isolate the runs of one Arabic sentence from each other and scramble it."""
    opening, texts, closing = clean_runs([r.text for r in runs])
    return _Runs(Markup(opening), tuple(escape(t) for t in texts), Markup(closing))


def _when(value: datetime | None) -> str:
    return fmt_time(value)


def _thousands(value: int) -> str:
    return f"{value:,}"


@cache
def environment() -> jinja2.Environment:
    """The report's template environment (loaded from the installed package, built once)."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("aggregator.output.report", "templates"),
        # Escaping on for every page; the stylesheet is the one template with nothing to escape.
        autoescape=jinja2.select_autoescape(
            ["html"], ["css"], default_for_string=True, default=True
        ),
        undefined=jinja2.StrictUndefined,
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )
    env.filters["colour"] = outlet_colour
    env.filters["when"] = _when
    env.filters["thousands"] = _thousands
    env.filters["runs"] = _runs
    return env


def render_event(page: EventPage) -> str:
    """The HTML of one event page."""
    return environment().get_template("event.html").render(page=page)


def render_index(page: IndexPage) -> Iterator[str]:
    """The HTML of the index, in chunks, so its rows are never joined into one string."""
    return environment().get_template("index.html").generate(page=page)
