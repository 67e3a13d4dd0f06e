"""Stored versions and history of one article -> `revisions` export rows (changes between
consecutive versions, deletions and moves, and versions whose difference our extractor may
have made), oldest first."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import pairwise
from typing import Any

from aggregator.records import HistoryItem, Revision
from aggregator.rows import ArticleVersions


def revision_records(
    article: ArticleVersions, revisions: Iterable[Revision]
) -> Iterator[dict[str, Any]]:
    """`revisions` rows: one per change of ``revisions`` (the outlet's edits), plus deletions,
    moves and one ``extractor_changed`` row for each ``unverified`` version (its text came from
    a newer extractor and the previous page could not be read again: not reported as edits)."""
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
    for old, new in pairwise(article.versions):
        if new.extractor_change == "unverified":
            rows.append(
                {
                    **base,
                    "at": new.captured_at,
                    "from_version": old.version_no,
                    "to_version": new.version_no,
                    "kind": "extractor_changed",
                    "old": None,
                    "new": None,
                    "reason": UNVERIFIED_REASON,
                    "size": 0,
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
UNVERIFIED_REASON = (
    "extractor changed and the previous page could not be read again from the archive:"
    " the differences may be the extractor's, not the outlet's"
)


def _history_cells(item: HistoryItem) -> tuple[str | None, str | None]:
    """(``new``, ``reason``) of a deletion or move: the new URL alone for ``moved`` (rows
    stored before it was kept bare read ``redirected to URL``), the fetch's error for
    ``deleted``."""
    if item.kind == "moved":
        detail = item.detail or ""
        url = detail.removeprefix(_MOVED_PREFIX).strip()
        return (url or None), None
    return None, item.detail
