"""A researcher's own corpus file (JSONL or CSV) -> validated rows, one per line.

Columns: ``id, outlet, title, text, published`` and optionally ``url, language``. A bad row is
reported as an ``ImportRowError`` naming file and line; the good rows go on.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from collections.abc import Iterator, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any, BinaryIO

from aggregator.errors import ImportRowError
from aggregator.records import Extraction, ImportRow
from aggregator.times import parse_iso_time

REQUIRED = ("id", "outlet", "title", "text", "published")
OPTIONAL = ("url", "language")
_SLUG = re.compile(r"^[a-z][a-z0-9_-]{0,39}$")
IMPORT_VERSION = "aggregator-import/1"


def _row(raw: Mapping[str, Any], where: str) -> ImportRow:
    # id, outlet and text must have a value; title and published may be empty
    missing = [k for k in ("id", "outlet", "text") if not str(raw.get(k) or "").strip()]
    if missing:
        raise ImportRowError(f"{where}: missing {', '.join(missing)}; row skipped")
    outlet = str(raw["outlet"]).strip().lower()
    if not _SLUG.match(outlet):
        raise ImportRowError(f"{where}: outlet {outlet!r} is not a slug (a-z, 0-9, -, _); skipped")
    published: datetime | None = None
    if str(raw.get("published") or "").strip():
        try:
            published = parse_iso_time(str(raw["published"]))
        except ValueError as exc:
            raise ImportRowError(
                f"{where}: published {raw['published']!r} is not an ISO 8601 time; skipped"
            ) from exc
    url = str(raw.get("url") or "").strip() or None
    if url is not None and not url.startswith(("http://", "https://")):
        raise ImportRowError(f"{where}: url {url!r} is not http(s); skipped")
    return ImportRow(
        external_id=str(raw["id"]).strip(),
        outlet=outlet,
        title=str(raw.get("title") or "").strip(),
        text=str(raw["text"]).strip(),
        published=published,
        url=url,
        language=(str(raw.get("language") or "").strip() or None),
    )


def _decoded_lines(handle: BinaryIO, bad: set[int]) -> Iterator[str]:
    """Lines of a binary file as text; a line that is not UTF-8 is decoded with replacement
    characters and its number put in ``bad`` so that its row is reported, not imported."""
    for number, raw in enumerate(handle, 1):
        try:
            yield raw.decode("utf-8")
        except UnicodeDecodeError:
            bad.add(number)
            yield raw.decode("utf-8", errors="replace")


def read_corpus(path: Path) -> Iterator[ImportRow | ImportRowError]:
    """Yield a row or the error of that row, for every data line of ``path``."""
    suffix = path.suffix.lower()
    bad: set[int] = set()
    with path.open("rb") as handle:
        lines = _decoded_lines(handle, bad)
        if suffix in (".jsonl", ".ndjson", ".json"):
            for number, line in enumerate(lines, 1):
                if not line.strip():
                    continue
                where = f"{path}:{number}"
                if number in bad:
                    yield ImportRowError(f"{where}: not UTF-8 text; skipped")
                    continue
                try:
                    raw = json.loads(line)
                except json.JSONDecodeError as exc:
                    yield ImportRowError(f"{where}: not valid JSON ({exc.msg}); skipped")
                    continue
                except RecursionError:
                    yield ImportRowError(f"{where}: JSON nested too deeply; skipped")
                    continue
                if not isinstance(raw, dict):
                    yield ImportRowError(f"{where}: expected a JSON object; skipped")
                    continue
                try:
                    yield _row(raw, where)
                except ImportRowError as exc:
                    yield exc
        else:
            csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
            reader = csv.DictReader(lines)
            try:
                fieldnames = reader.fieldnames or []
            except csv.Error as exc:
                yield ImportRowError(f"{path}:1: not a readable CSV header ({exc})")
                return
            absent = [k for k in ("id", "outlet", "text") if k not in fieldnames]
            if absent:
                yield ImportRowError(
                    f"{path}:1: header lacks {', '.join(absent)}; "
                    f"expected {', '.join(REQUIRED + OPTIONAL)}"
                )
                return
            previous = reader.line_num
            while True:
                try:
                    raw = next(reader)
                except StopIteration:
                    return
                except csv.Error as exc:
                    yield ImportRowError(f"{path}:{reader.line_num}: not valid CSV ({exc})")
                    return
                where = f"{path}:{reader.line_num}"
                spans = range(previous + 1, reader.line_num + 1)
                previous = reader.line_num
                if any(n in bad for n in spans):
                    yield ImportRowError(f"{where}: not UTF-8 text; skipped")
                    continue
                if None in raw:
                    yield ImportRowError(f"{where}: more fields than the header has; skipped")
                    continue
                try:
                    yield _row(raw, where)
                except ImportRowError as exc:
                    yield exc


def row_extraction(row: ImportRow) -> Extraction:
    """The imported text as an Extraction (paragraphs split on blank lines)."""
    paragraphs = tuple(p.strip() for p in re.split(r"\n\s*\n", row.text) if p.strip())
    if len(paragraphs) <= 1:
        paragraphs = tuple(p.strip() for p in row.text.splitlines() if p.strip()) or (row.text,)
    return Extraction(
        url=row.url or "",
        title=row.title,
        text="\n\n".join(paragraphs),
        paragraphs=paragraphs,
        lede=paragraphs[0] if paragraphs else "",
        authors=(),
        published=row.published,
        modified=None,
        language=row.language,
        section=None,
        canonical_url=row.url,
        method="import",
        extractor_version=IMPORT_VERSION,
    )
