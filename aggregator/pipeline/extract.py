"""Saved page files -> JSON-ready extractions, one per file: the `aggregator extract` job.

Takes ``SavedPage``s (a file, and the URL it was fetched from when known, else the page's own
``rel=canonical`` / ``og:url`` / JSON-LD url decides: the URL picks the outlet's site rules) or
a JSONL manifest of ``{"file": ..., "url": ...}`` lines. Reads the files it is given; touches no
database and no network. A page that cannot be extracted gives an object with ``error`` (the
reason tag) and ``message`` instead; a page whose text is shorter than ``min_words`` gives its
extraction with ``error`` ``too_short`` and ``message`` added.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from aggregator.errors import ConfigError, ExtractError
from aggregator.parse.extract import extract_parsed, extraction_to_json
from aggregator.parse.metadata import read_metadata
from aggregator.parse.page import parse_page


class PageListError(ConfigError):
    """Raised when the pages to extract are given wrongly: one URL for several files, nothing
    at all, or a manifest line that is not ``{"file": ..., "url": ...}`` (names file:line)."""


@dataclass(frozen=True)
class SavedPage:
    """A saved page file and the URL it was fetched from (None: the page's own URL)."""

    path: Path
    url: str | None = None


@dataclass(frozen=True)
class PageExtraction:
    """One file's result: ``record`` is JSON-ready; ``ok`` is False for a failure object."""

    path: Path
    record: dict[str, object]
    ok: bool


def saved_pages(
    files: Sequence[Path], *, url: str | None = None, manifest: Path | None = None
) -> list[SavedPage]:
    """The pages to extract: ``files`` (``url`` applies to one file only, never to several)
    then the ``manifest``'s."""
    if url is not None and (len(files) != 1 or manifest is not None):
        raise PageListError(
            "--url applies to exactly one FILE; for several pages give each its URL in a "
            "--manifest, or leave it out to use each page's own canonical URL"
        )
    if not files and manifest is None:
        raise PageListError("give FILE... or --manifest FILE.jsonl")
    pages = [SavedPage(path, url) for path in files]
    return pages + (read_manifest(manifest) if manifest is not None else [])


def read_manifest(manifest: Path) -> list[SavedPage]:
    """The pages a JSONL manifest lists; a relative ``file`` is relative to the manifest."""
    pages = []
    try:
        lines = manifest.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise PageListError(f"{manifest}: cannot be read ({exc})") from exc
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError:
            item = None
        if not (
            isinstance(item, dict)
            and isinstance(item.get("file"), str)
            and isinstance(item.get("url"), str)
            and item["url"].startswith(("http://", "https://"))
        ):
            raise PageListError(
                f'{manifest}:{number}: expected {{"file": "...", "url": "http(s)://..."}}'
            )
        path = manifest.parent / item["file"]
        if not path.is_file():
            raise PageListError(f"{manifest}:{number}: no file {path}")
        pages.append(SavedPage(path, item["url"]))
    return pages


def _failure(page: SavedPage, reason: str, message: str) -> PageExtraction:
    record: dict[str, object] = {"file": str(page.path), "error": reason, "message": message}
    return PageExtraction(page.path, record, ok=False)


def _no_url(page: SavedPage) -> PageExtraction:
    return _failure(
        page,
        "no_url",
        f"{page.path}: the page names no canonical or og:url URL; "
        "give it with --url, or in a --manifest line",
    )


def extract_pages(pages: Sequence[SavedPage], *, min_words: int) -> Iterator[PageExtraction]:
    """Extract each saved page as if fetched from its URL, in the order given."""
    for page in pages:
        raw = page.path.read_bytes()
        # each file is decoded and parsed once: its own URL, when needed, from the same tree
        try:
            parsed = parse_page(raw, url=page.url or str(page.path))
        except ExtractError as exc:  # not a page at all: no URL would help, so none is asked for
            yield _failure(page, exc.reason, str(exc))
            continue
        url, meta = page.url, None
        if url is None:
            meta = read_metadata(parsed.tree, url="")  # no base: relative URLs are dropped
            url = meta.canonical_url
        if url is None:
            yield _no_url(page)
            continue
        try:
            result = extract_parsed(parsed, url=url, min_words=min_words, meta=meta)
        except ExtractError as exc:
            yield _failure(page, exc.reason, str(exc))
            continue
        record = extraction_to_json(result)
        if len(pages) > 1:
            record = {"file": str(page.path), **record}
        if result.word_count < min_words and not result.summary_only:
            # the short text is shown, marked as the failure it is (as ingest would count it)
            words = f"{result.word_count} words < min_words {min_words}"
            message = f"{page.path}: too short: {words}"
            record = {**record, "error": "too_short", "message": message}
            yield PageExtraction(page.path, record, ok=False)
            continue
        yield PageExtraction(page.path, record, ok=True)
