"""A researcher's own corpus file (JSONL or CSV) -> validated rows, one per line.

Columns: ``id, outlet, title, text, published`` and optionally ``url, language``. A bad row is
reported as an ``ImportRowError`` naming file and line; the good rows go on. A CSV may be
comma-, semicolon- or tab-delimited (told from its header line), with or without a UTF-8 BOM,
with LF or CRLF line ends, as spreadsheets save it. The outlet column may be a slug, a domain
or URL, or a name: ``outlet_slug`` says how each becomes a slug. A second row with the same
outlet and id, or the same URL, as an earlier row is reported with both lines and skipped.
Reads the file only.
"""

from __future__ import annotations

import csv
import json
import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Iterator, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any, BinaryIO

from aggregator.errors import ImportRowError
from aggregator.language.ledes import choose_lede
from aggregator.records import Extraction, ImportRow
from aggregator.times import parse_iso_time
from aggregator.urls import registrable_domain

REQUIRED = ("id", "outlet", "title", "text", "published")
OPTIONAL = ("url", "language")
_SLUG = re.compile(r"^[a-z][a-z0-9_-]{0,39}$")
_HOST = re.compile(r"^[a-z0-9-]+(\.[a-z0-9-]+)+\.?(:\d+)?(/\S*)?$")
DELIMITERS = {",": "comma", ";": "semicolon", "\t": "tab"}
IMPORT_VERSION = "aggregator-import/1"


def _key(value: str) -> str:
    return " ".join(value.split()).lower()


def outlet_slug(value: str, known: Mapping[str, str] | None = None) -> str:
    """The outlet slug for the outlet column of a row. Raises ValueError if none can be made.

    In order: a slug (``guardian``, ``new_outlet-2``; case is folded) stays as it is; a name or
    registrable domain in ``known`` (lower-case name or domain -> slug, e.g. the outlets of
    feeds.yaml) gives that outlet's slug; a domain or URL (``politico.com``,
    ``https://www.bbc.co.uk/news``) gives its registrable domain without the public suffix
    (``politico``, ``bbc``); any other name gives its letters and digits, accents dropped,
    lower-case, runs of anything else made one hyphen (``The Hill`` -> ``the-hill``), cut to 40
    characters. The result must start with a letter.
    """
    known = known or {}
    given = _key(value)
    if _SLUG.match(given):
        return given
    if given in known:
        return known[given]
    domain: str | None = None
    if "://" in given or _HOST.match(given):
        url = given if "://" in given else f"http://{given}"
        try:
            domain = registrable_domain(url)
        except ValueError as exc:
            raise ValueError(f"outlet {value!r} is not a usable domain or URL") from exc
        if domain in known:
            return known[domain]
    source = domain.split(".")[0] if domain else given
    ascii_text = unicodedata.normalize("NFKD", source).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:40].rstrip("-")
    if not _SLUG.match(slug):
        raise ValueError(
            f"outlet {value!r} gives no slug (it needs Latin letters to start one); "
            "give a slug (a-z, 0-9, -, _), a domain or a name"
        )
    return slug


_BARE_DATE = re.compile(r"\d{4}-?\d{2}-?\d{2}")  # a day without a time: not ranked to the minute


def _row(raw: Mapping[str, Any], where: str, known: Mapping[str, str]) -> ImportRow:
    # id, outlet and text must have a value; title and published may be empty
    missing = [k for k in ("id", "outlet", "text") if not str(raw.get(k) or "").strip()]
    if missing:
        raise ImportRowError(f"{where}: missing {', '.join(missing)}; row skipped")
    given = " ".join(str(raw["outlet"]).split())
    try:
        outlet = outlet_slug(given, known)
    except ValueError as exc:
        raise ImportRowError(f"{where}: {exc}; skipped") from exc
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
        outlet_given=given,
        date_only=published is not None
        and _BARE_DATE.fullmatch(str(raw["published"]).strip()) is not None,
    )


def _decoded_lines(handle: BinaryIO, bad: set[int]) -> Iterator[str]:
    """Lines of a binary file as text, a leading UTF-8 BOM dropped; a line that is not UTF-8 is
    decoded with replacement characters and its number put in ``bad`` so that its row is
    reported, not imported."""
    for number, raw in enumerate(handle, 1):
        if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        try:
            yield raw.decode("utf-8")
        except UnicodeDecodeError:
            bad.add(number)
            yield raw.decode("utf-8", errors="replace")


class _Seen:
    """The line of the first row of each (outlet, id) and each URL, to report repeats."""

    def __init__(self) -> None:
        self.ids: dict[tuple[str, str], int] = {}
        self.urls: dict[str, int] = {}

    def check(self, row: ImportRow, line: int, where: str) -> ImportRow | ImportRowError:
        first = self.ids.setdefault((row.outlet, row.external_id), line)
        if first != line:
            return ImportRowError(
                f"{where}: duplicate id {row.external_id!r} of outlet {row.outlet!r}"
                f" (first on line {first}); skipped"
            )
        if row.url is not None:
            first = self.urls.setdefault(row.url, line)
            if first != line:
                del self.ids[(row.outlet, row.external_id)]
                return ImportRowError(
                    f"{where}: duplicate url {row.url!r} (first on line {first}); skipped"
                )
        return row


def read_corpus(
    path: Path, known_outlets: Mapping[str, str] | None = None
) -> Iterator[ImportRow | ImportRowError]:
    """Yield a row or the error of that row, for every data line of ``path``;
    ``known_outlets`` as for ``outlet_slug``."""
    known = known_outlets or {}
    suffix = path.suffix.lower()
    bad: set[int] = set()
    seen = _Seen()
    with path.open("rb") as handle:
        lines = _decoded_lines(handle, bad)
        if suffix in (".jsonl", ".ndjson", ".json"):
            yield from _read_jsonl(path, lines, bad, known, seen)
        else:
            yield from _read_csv(path, lines, bad, known, seen)


def _read_jsonl(
    path: Path, lines: Iterator[str], bad: set[int], known: Mapping[str, str], seen: _Seen
) -> Iterator[ImportRow | ImportRowError]:
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
            yield seen.check(_row(raw, where, known), number, where)
        except ImportRowError as exc:
            yield exc


def _delimiter(header: str) -> str:
    """The delimiter of a CSV header line: the one that splits it into most known columns."""
    names = set(REQUIRED + OPTIONAL)

    def known_columns(delimiter: str) -> int:
        cells = next(csv.reader([header], delimiter=delimiter), [])
        return sum(1 for c in cells if _key(c) in names)

    return max(DELIMITERS, key=known_columns)  # a tie keeps the first: the comma


def _header_problem(fieldnames: list[str]) -> str:
    """What a header lacking required columns has instead, and what its delimiter looks like."""
    shown = ", ".join(repr(f) for f in fieldnames[:12])
    if len(fieldnames) > 12:
        shown += f", ... ({len(fieldnames) - 12} more)"
    plural = "" if len(fieldnames) == 1 else "s"
    found = f"found {len(fieldnames)} column{plural} {shown}"
    if len(fieldnames) == 1:
        punctuation = Counter(c for c in fieldnames[0] if not c.isalnum() and c not in " _-\"'")
        common = punctuation.most_common(1)
        if common and common[0][1] >= 2:
            found += (
                f"; the file looks {common[0][0]!r}-delimited (comma, semicolon and tab are read)"
            )
    return found


def _read_csv(
    path: Path, lines: Iterator[str], bad: set[int], known: Mapping[str, str], seen: _Seen
) -> Iterator[ImportRow | ImportRowError]:
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    first = next(lines, "")
    delimiter = _delimiter(first.rstrip("\r\n"))

    def all_lines() -> Iterator[str]:
        yield first
        yield from lines

    reader = csv.reader(all_lines(), delimiter=delimiter)
    try:
        fieldnames = [_key(name) for name in next(reader, [])]
    except csv.Error as exc:
        yield ImportRowError(f"{path}:1: not a readable CSV header ({exc})")
        return
    absent = [k for k in ("id", "outlet", "text") if k not in fieldnames]
    if absent:
        yield ImportRowError(
            f"{path}:1: header lacks {', '.join(absent)}; {_header_problem(fieldnames)}; "
            f"expected {', '.join(REQUIRED + OPTIONAL)}"
        )
        return
    previous = reader.line_num
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield ImportRowError(f"{path}:{reader.line_num}: not valid CSV ({exc})")
            return
        where = f"{path}:{reader.line_num}"
        spans = range(previous + 1, reader.line_num + 1)
        previous = reader.line_num
        if not any(c.strip() for c in cells):
            continue  # a blank line, or a spreadsheet's empty row (;;;;)
        if any(n in bad for n in spans):
            yield ImportRowError(f"{where}: not UTF-8 text; skipped")
            continue
        if len(cells) > len(fieldnames):
            yield ImportRowError(f"{where}: more fields than the header has; skipped")
            continue
        raw = dict(zip(fieldnames, cells, strict=False))
        try:
            yield seen.check(_row(raw, where, known), reader.line_num, where)
        except ImportRowError as exc:
            yield exc


def count_rows(path: Path) -> int:
    """About how many rows ``path`` holds (its non-blank lines, less a CSV's header), for a
    progress bar: exact for JSONL, an upper bound for a CSV with multi-line cells."""
    count = 0
    with path.open("rb") as handle:
        for line in handle:
            if line.strip():
                count += 1
    is_jsonl = path.suffix.lower() in (".jsonl", ".ndjson", ".json")
    return count if is_jsonl else max(count - 1, 0)


def _import_source(row: ImportRow) -> str:
    return "import-date" if row.date_only else "import"


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
        lede=choose_lede(paragraphs),
        authors=(),
        published=row.published,
        published_source=None if row.published is None else _import_source(row),
        modified=None,
        language=row.language,
        section=None,
        canonical_url=row.url,
        method="import",
        extractor_version=IMPORT_VERSION,
    )
