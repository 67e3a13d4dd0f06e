"""Stored rows -> CSV / JSONL files for researchers (streamed; written atomically).

Every column of every export is described in ``docs/codebook.md``; ``COLUMNS`` is the one list
both the writers and the codebook test use. Times are ISO 8601 UTC; text that a spreadsheet
would run as a formula is neutralised with a leading apostrophe.
"""

from __future__ import annotations

import csv
import io
import json
import os
import stat
import sys
from collections.abc import Iterable, Iterator, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any, TextIO

from aggregator.errors import AggregatorError
from aggregator.language.bridge import name_key
from aggregator.output.leftovers import partial_file
from aggregator.output.revisions import revision_records as revision_records
from aggregator.output.translations import TRANSLATION_COLUMNS
from aggregator.output.translations import translation_records as translation_records
from aggregator.records import ArticleEntity, EventComparison
from aggregator.rows import ArticleRow, EventRow, TextRow
from aggregator.times import format_utc

FORMATS = ("csv", "jsonl")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

COLUMNS: dict[str, tuple[str, ...]] = {
    "articles": (
        "article_id",
        "external_id",
        "outlet",
        "url",
        "title",
        "published",
        "modified",
        "first_seen",
        "language",
        "section",
        "authors",
        "word_count",
        "status",
        "summary_only",
        "event_id",
        "translation_of",
        "version_count",
        "content_sha256",
        "method",
        "extractor_version",
        "warc_file",
        "warc_record_id",
        "lede",
        "first_title",
        "published_source",
    ),
    "events": (
        "event_id",
        "label",
        "top_terms",
        "first_published",
        "last_published",
        "article_count",
        "outlet_count",
        "outlets",
    ),
    "comparison": (
        "event_id",
        "outlet",
        "single_source",
        "article_ids",
        "headline",
        "first_headline",
        "lede",
        "section",
        "authors",
        "word_count",
        "first_published",
        "lag_s",
        "timing",
        "published_source",
        "first_seen",
        "last_modified",
        "summary_only",
        "quote_count",
        "speakers",
        "exclusive_speakers",
        "entities",
        "shared_share",
        "independent",
        "omitted",
        "terms",
        "terms_note",
        "languages",
    ),
    "translations": TRANSLATION_COLUMNS,
    "terms": (
        "event_id",
        "outlet",
        "term",
        "forms",
        "count",
        "others_count",
        "z",
        "example",
        "note",
    ),
    "entities": (
        *("event_id", "outlet", "article_id", "external_id"),
        *("name", "type", "key", "mentions", "surfaces"),
    ),
    "quotes": (
        "event_id",
        "outlet",
        "article_id",
        "external_id",
        "kind",
        *("speaker", "speaker_type", "speaker_key"),
        "quote",
        "sentence",
    ),
    "texts": (
        *("article_id", "external_id", "outlet", "event_id", "url", "language", "published"),
        *("version_no", "current", "captured_at", "title", "text", "word_count"),
        *("content_sha256", "warc_file", "warc_offset", "warc_record_id", "extractor_change"),
    ),
    "revisions": (
        "article_id",
        "outlet",
        "event_id",
        "url",
        "at",
        "from_version",
        "to_version",
        "kind",
        "old",
        "new",
        "reason",
        "size",
    ),
}


class ExportError(AggregatorError):
    """Raised when an export cannot be written (bad path, permissions)."""


def neutralise(value: str) -> str:
    """Prefix text that a spreadsheet would evaluate as a formula with an apostrophe."""
    if value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return format_utc(value)
    if isinstance(value, list | tuple):
        return "; ".join(str(v) for v in value)
    if isinstance(value, int | float):
        return str(value)
    return neutralise(str(value))


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return format_utc(value)
    if isinstance(value, tuple):
        return list(value)
    return value


def write_rows(
    rows: Iterable[Mapping[str, Any]],
    *,
    columns: tuple[str, ...],
    fmt: str,
    out: Path,
    excel: bool = False,
    said: list[str] | None = None,
) -> int:
    """Write ``rows`` to ``out``; returns the count (``said``: a line about each temporary file a
    killed export into ``out`` had left and this one removed, ``leftovers.partial_file``).

    ``out`` ``-`` is standard output; a path that exists and is not a regular file (a device
    such as ``/dev/stdout``, a FIFO) is opened and written directly; anything else is written
    to a temporary file in the same folder, given the permissions a new file would get (or the
    replaced file's), and renamed over ``out`` at the end, so a reader never sees half a file.
    ``excel`` (CSV only) starts the file with a UTF-8 byte order mark, which Excel needs to
    read UTF-8 (lines end in CRLF either way, as RFC 4180 has it).
    """
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}; allowed: {', '.join(FORMATS)}")
    if excel and fmt != "csv":
        raise ExportError("the Excel flavour applies to CSV only")
    encoding = "utf-8-sig" if excel else "utf-8"
    out = Path(out)
    if is_stdout(out):
        return _write_stdout(rows, columns=columns, fmt=fmt, encoding=encoding)
    if _is_special(out):
        try:
            handle = out.open("w", encoding=encoding, newline="")
        except OSError as exc:
            raise ExportError(f"cannot write {out}: {exc.strerror}") from exc
        with handle:
            return _write(handle, rows, columns, fmt)
    folder = out.parent if str(out.parent) else Path(".")
    if not folder.is_dir():
        raise ExportError(f"cannot write {out}: folder {folder} does not exist")
    try:
        fd, tmp_name, lock = partial_file(out, said if said is not None else [])
    except OSError as exc:
        raise ExportError(f"cannot write {out}: {exc.strerror}") from exc
    try:
        os.fchmod(fd, _new_file_mode(out))  # mkstemp makes it 0600
        with os.fdopen(fd, "w", encoding=encoding, newline="") as handle:
            count = _write(handle, rows, columns, fmt)
        os.replace(tmp_name, out)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    finally:
        os.close(lock)
    return count


_STDOUT_NAMES = ("-", "/dev/stdout", "/dev/fd/1", "/proc/self/fd/1")


def is_stdout(out: Path) -> bool:
    """Whether ``out`` names standard output: ``-`` or ``/dev/stdout`` (written through the
    open descriptor: reopening it would truncate a redirected file under what came before)."""
    return str(out) in _STDOUT_NAMES


def _is_special(out: Path) -> bool:
    """Whether ``out`` exists and is not a regular file (a device, a FIFO, a socket), or is
    named under /dev or /proc (``/dev/stdout`` of a command run with ``> file`` leads to a
    regular file; a rename would replace the link, not fill the file)."""
    try:
        mode = out.stat().st_mode
    except OSError:  # missing (or unreadable: the write will say so)
        return False
    return not stat.S_ISREG(mode) or Path(os.path.abspath(out)).parts[1:2] in _SYSTEM_DIRS


_SYSTEM_DIRS = (("dev",), ("proc",))


def _new_file_mode(out: Path) -> int:
    """The mode of the file ``out`` replaces, else what ``open`` would give under the umask."""
    try:
        return stat.S_IMODE(out.stat().st_mode)
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask


def _write_stdout(
    rows: Iterable[Mapping[str, Any]], *, columns: tuple[str, ...], fmt: str, encoding: str
) -> int:
    sys.stdout.flush()
    handle = io.TextIOWrapper(sys.stdout.buffer, encoding=encoding, newline="")
    try:
        return _write(handle, rows, columns, fmt)
    finally:
        handle.flush()
        handle.detach()  # standard output stays open for the summary and the caller


def _write(
    handle: TextIO, rows: Iterable[Mapping[str, Any]], columns: tuple[str, ...], fmt: str
) -> int:
    count = 0
    if fmt == "csv":
        writer = csv.writer(handle, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([_cell(row.get(c)) for c in columns])
            count += 1
    else:
        for row in rows:
            record = {c: _json_value(row.get(c)) for c in columns}
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
            count += 1
    return count


def article_record(row: ArticleRow) -> dict[str, Any]:
    """One `articles` row."""
    record = dict(vars(row))  # a shallow copy: asdict's deep copy costs a third of the export
    record["authors"] = list(row.authors)
    return record


def text_record(row: TextRow) -> dict[str, Any]:
    """One `texts` row: a version's full text (the outlet's copyright; research use only)."""
    return dict(vars(row))


def event_record(row: EventRow) -> dict[str, Any]:
    """One `events` row."""
    record = dict(vars(row))
    record["top_terms"], record["outlets"] = list(row.top_terms), list(row.outlets)
    return record


def comparison_records(comparison: EventComparison) -> Iterator[dict[str, Any]]:
    """`comparison` rows: one per outlet of the event."""
    omitted: dict[str, list[str]] = {}
    for item in comparison.omissions:
        omitted.setdefault(item.outlet, []).append(f"{item.kind}:{item.item}")
    for framing in comparison.outlets:
        yield {
            "event_id": comparison.event_key,
            "outlet": framing.outlet,
            "single_source": comparison.single_source,
            "article_ids": list(framing.article_ids),
            "headline": framing.headline,
            "first_headline": framing.first_headline,
            "lede": framing.lede,
            "section": framing.section,
            "authors": list(framing.authors),
            "word_count": framing.word_count,
            "first_published": framing.first_published,
            "lag_s": None if framing.lag_s is None else round(framing.lag_s),
            "timing": framing.timing,
            "published_source": framing.published_source,
            "first_seen": framing.first_seen,
            "last_modified": framing.last_modified,
            "summary_only": framing.summary_only,
            "quote_count": framing.quote_count,
            "speakers": [f"{name} ({n})" for name, n in framing.speakers],
            "exclusive_speakers": list(framing.exclusive_speakers),
            "entities": [f"{name} ({n})" for name, n in framing.entities[:15]],
            "shared_share": round(framing.shared_share, 3),
            "independent": framing.independent,
            "omitted": omitted.get(framing.outlet, []),
            "terms": [
                f"{t.term} ({t.z:+.2f})" for t in comparison.terms if t.outlet == framing.outlet
            ],
            "terms_note": comparison.terms_note or None,
            "languages": list(framing.languages),
        }


def entity_records(
    event_key: str, entities: Iterable[ArticleEntity], external_ids: Mapping[int, str | None]
) -> Iterator[dict[str, Any]]:
    """`entities` rows: one per article and named entity (``external_ids``: article id -> id)."""
    for entity in entities:
        external = external_ids.get(entity.article_id)
        yield {**vars(entity), "event_id": event_key, "external_id": external}


def term_records(comparison: EventComparison) -> Iterator[dict[str, Any]]:
    """`terms` rows: one per significant term of an outlet in the event, or one row with only
    a ``note`` when the event has none (one outlet; no term significant)."""
    if not comparison.terms and comparison.terms_note:
        yield {"event_id": comparison.event_key, "note": comparison.terms_note}
    for term in comparison.terms:
        yield {
            "event_id": comparison.event_key,
            "outlet": term.outlet,
            "term": term.term,
            "forms": list(term.forms),
            "count": term.count,
            "others_count": term.others_count,
            "z": round(term.z, 3),
            "example": term.example,
        }


def quote_records(comparison: EventComparison) -> Iterator[dict[str, Any]]:
    """`quotes` rows: one per quotation (direct or reported)."""
    for quote in comparison.quotes:
        # a named speaker's key made as the entities': one speaker across events ("WHO" = "ВОЗ")
        key = name_key(quote.speaker or "", quote.speaker_type) if quote.speaker_type else ""
        yield {
            "event_id": comparison.event_key,
            "outlet": quote.outlet,
            "article_id": quote.article_id,
            "external_id": quote.external_id,
            "kind": quote.kind,
            "speaker": quote.speaker,
            "speaker_type": quote.speaker_type,
            "speaker_key": key,
            "quote": quote.text,
            "sentence": quote.sentence,
        }
