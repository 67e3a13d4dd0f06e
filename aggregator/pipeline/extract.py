"""Saved page files -> JSON-ready extractions, one per file: the `aggregator extract` job.

Reads the files it is given; touches no database and no network. A page that cannot be
extracted gives an object with ``error`` (the reason tag) and ``message`` instead.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from aggregator.errors import ExtractError
from aggregator.parse.extract import extract_article, extraction_to_json


@dataclass(frozen=True)
class PageExtraction:
    """One file's result: ``record`` is JSON-ready; ``ok`` is False for a failure object."""

    path: Path
    record: dict[str, object]
    ok: bool


def extract_pages(paths: Sequence[Path], *, url: str, min_words: int) -> Iterator[PageExtraction]:
    """Extract each saved page as if fetched from ``url``, in the order given."""
    for path in paths:
        try:
            result = extract_article(path.read_bytes(), url=url, min_words=min_words)
        except ExtractError as exc:
            failure: dict[str, object] = {
                "file": str(path),
                "error": exc.reason,
                "message": str(exc),
            }
            yield PageExtraction(path, failure, ok=False)
            continue
        record = extraction_to_json(result)
        if len(paths) > 1:
            record = {"file": str(path), **record}
        yield PageExtraction(path, record, ok=True)
