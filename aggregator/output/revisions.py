"""Stored versions and history of one article -> `revisions` export rows (changes between
consecutive versions, deletions and moves), oldest first."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from aggregator.records import HistoryItem, Revision
from aggregator.rows import ArticleVersions


def revision_records(
    article: ArticleVersions, revisions: Iterable[Revision]
) -> Iterator[dict[str, Any]]:
    """`revisions` rows: one per change between consecutive versions, plus deletions and moves."""
    base = {
        "article_id": article.article_id,
        "outlet": article.outlet,
        "event_id": article.event_id,
        "url": article.url,
    }
    rows: list[dict[str, Any]] = []
    for revision in revisions:
        for change in revision.changes:
            rows.append(
                {
                    **base,
                    "at": revision.at,
                    "from_version": revision.from_version,
                    "to_version": revision.to_version,
                    "kind": change.kind,
                    "old": change.old,
                    "new": change.new,
                    "size": len(change.old) + len(change.new),
                }
            )
    for item in article.history:
        if item.kind in ("deleted", "moved"):
            new_url, reason = _history_cells(item)
            rows.append(
                {
                    **base,
                    "at": item.at,
                    "from_version": None,
                    "to_version": None,
                    "kind": item.kind,
                    "old": None,
                    "new": new_url,
                    "reason": reason,
                    "size": 0,
                }
            )
    rows.sort(key=lambda r: r["at"])
    yield from rows


_MOVED_PREFIX = "redirected to "


def _history_cells(item: HistoryItem) -> tuple[str | None, str | None]:
    """(``new``, ``reason``) of a deletion or move: the new URL alone for ``moved`` (rows
    stored before it was kept bare read ``redirected to URL``), the fetch's error for
    ``deleted``."""
    if item.kind == "moved":
        detail = item.detail or ""
        url = detail.removeprefix(_MOVED_PREFIX).strip()
        return (url or None), None
    return None, item.detail
