"""Framing comparisons -> a static HTML site on disk: ``index.html`` and ``events/<key>.html``.

Input: ``(EventComparison, its CompareArticles)`` pairs from the compare stage, streamed (only
one index row per event stays in memory). Output: a directory of self-contained pages (inline CSS
and SVG, no scripts, no external resources) that replaces ``out_dir`` only once it is complete.
Touches ``out_dir`` and a temporary sibling of it, nothing else.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from aggregator.errors import AggregatorError
from aggregator.output.leftovers import hold, remove_report_leftovers
from aggregator.output.report.event import event_page
from aggregator.output.report.index import IndexRow, index_page, index_row
from aggregator.output.report.render import render_event, render_index
from aggregator.records import CompareArticle, EventComparison

# Marks a directory as ours, so a rerun may replace it and nothing else is ever replaced.
MARKER = ".aggregator-report"
_SAFE_KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,80}")


class ReportError(AggregatorError):
    """Raised when the report directory cannot be written (nothing is left half-written)."""


@dataclass(frozen=True)
class ReportSummary:
    """Where a report was written and how many event pages it has."""

    out_dir: Path
    index: Path
    pages: int
    removed: tuple[str, ...] = ()  # what killed reports into out_dir had left, now cleaned up


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
        lock = hold(out_dir)  # through the move aside: a killed run's is told from ours
        old = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.old-", dir=out_dir.parent))
        old.rmdir()
        out_dir.rename(old)
    try:
        tmp.rename(out_dir)
    except OSError:
        if old is not None:
            old.rename(out_dir)
        raise
    finally:
        if old is not None:
            os.close(lock)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _write_pages(
    events: Iterable[tuple[EventComparison, Sequence[CompareArticle]]],
    tmp: Path,
    title: str,
    generated_at: datetime,
) -> int:
    """Every event page, then the index, into ``tmp``; returns the number of event pages."""
    (tmp / "events").mkdir()
    rows: list[IndexRow] = []
    used: set[str] = set()
    for event, articles in events:
        page = _page_name(event.event_key, used)
        # errors="replace": a lone surrogate from a badly decoded page becomes "?", not a crash.
        (tmp / "events" / page).write_text(
            render_event(event_page(event, articles, generated_at)),
            encoding="utf-8",
            errors="replace",
        )
        rows.append(index_row(event, articles, page))
    with (tmp / "index.html").open("w", encoding="utf-8", errors="replace") as index:
        index.writelines(render_index(index_page(rows, title, generated_at)))
    return len(rows)


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
    caller's iterator) leaves the previous report, or nothing, in place. The temporary is
    locked while it is filled: what a killed report left is removed by the next
    (``leftovers.remove_report_leftovers``; ``ReportSummary.removed`` says what).
    """
    out_dir = Path(out_dir).absolute()
    try:
        _check_target(out_dir)
        out_dir.parent.mkdir(parents=True, exist_ok=True)
        removed = tuple(remove_report_leftovers(out_dir))
        tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.tmp-", dir=out_dir.parent))
        lock = hold(tmp)
    except OSError as exc:
        raise ReportError(
            f"cannot write report to {out_dir}: {exc.strerror or exc}; nothing was written"
        ) from exc
    try:
        pages = _write_pages(events, tmp, title, generated_at)
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
    finally:
        os.close(lock)
    return ReportSummary(
        out_dir=out_dir, index=out_dir / "index.html", pages=pages, removed=removed
    )
