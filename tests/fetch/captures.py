"""``FetchResult`` values as a fetch would return them, for the archive and replay tests."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

from aggregator.records import FetchResult

T0 = datetime(2026, 3, 2, 8, 15, 0, 123456, tzinfo=UTC)


def make_result(
    url: str,
    body: bytes,
    *,
    minutes: int = 0,
    status: int = 200,
    headers: tuple[tuple[str, str], ...] = (("Content-Type", "text/html; charset=utf-8"),),
    final_url: str | None = None,
    redirects: tuple[str, ...] = (),
    not_modified: bool = False,
) -> FetchResult:
    """A capture of ``url`` taken ``minutes`` after T0 (its hash computed from ``body``)."""
    return FetchResult(
        url=url,
        final_url=final_url or url,
        status=status,
        headers=headers,
        body=body,
        fetched_at=T0 + timedelta(minutes=minutes),
        elapsed_s=0.25 + minutes / 100,
        body_sha256=hashlib.sha256(body).hexdigest(),
        not_modified=not_modified,
        redirects=redirects,
    )
