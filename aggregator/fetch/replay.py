"""WARC files in, ``FetchResult`` out: reads what ``archive.py`` wrote; touches only those files.

``iter_responses`` reads the response records back into ``FetchResult`` with a ``WarcPointer``
to each; ``read_metadata`` returns the caller's fields archived beside one; ``ReplayFetcher``
answers ``fetch(url)`` from the files with the live fetcher's call shape and no network.
"""

from __future__ import annotations

import hashlib
import logging
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from aggregator.errors import ArchiveError
from aggregator.fetch.archive import RESERVED_FIELDS
from aggregator.fetch.reasons import fetch_failure
from aggregator.records import FetchResult, Validators, WarcPointer
from aggregator.urls import strip_tracking

log = logging.getLogger(__name__)


@dataclass
class _Pending:
    result: FetchResult
    record_id: str


def warc_files(path: Path) -> list[Path]:
    """The WARC files at ``path``: the file itself, or a folder's ``*.warc.gz``/``*.warc``."""
    path = Path(path)
    if path.is_dir():
        return sorted(p for p in path.iterdir() if p.name.endswith((".warc.gz", ".warc")))
    if path.is_file():
        return [path]
    raise ArchiveError(f"no WARC file or folder at {path}")


def iter_responses(path: Path) -> Iterator[FetchResult]:
    """Replay the response records of a WARC file, or of a folder of them in name order.

    Each result's ``warc`` pointer names the file relative to the folder passed (for a single
    file: its name) and the response record's id and offset. Fields that the ``metadata``
    record carries (requested URL, redirects, fetch time, elapsed, not-modified) are restored
    from it; without one, the response's target URI and WARC-Date are used. A corrupt or
    truncated file raises ``ArchiveError`` naming the file and offset, after yielding every
    response read before the damage.
    """
    path = Path(path)
    base = path if path.is_dir() else path.parent
    for file in warc_files(path):
        yield from _iter_file(file, file.relative_to(base).as_posix())


def _iter_file(file: Path, name: str) -> Iterator[FetchResult]:
    pending: _Pending | None = None
    next_offset = 0
    try:
        with file.open("rb") as fh:
            records = ArchiveIterator(fh)
            for record in records:
                body = record.raw_stream.read()
                if (
                    record.format != "warc"
                    or record.length is None
                    or getattr(record.raw_stream, "limit", 0) > 0
                ):
                    raise ValueError("not a complete WARC record")
                offset = records.get_record_offset()
                next_offset = offset + records.get_record_length()
                if record.rec_type == "response":
                    if pending is not None:
                        yield pending.result
                    pending = _response(record, body, name, offset)
                elif record.rec_type == "metadata" and pending is not None:
                    linked = record.rec_headers.get_header("WARC-Concurrent-To")
                    if linked == pending.record_id:
                        yield _with_metadata(pending.result, body)
                        pending = None
            # warcio stops quietly at a gzip member cut short: compare with the file's size
            if next_offset < file.stat().st_size:
                raise ValueError("unreadable bytes after the last complete record")
    except (ArchiveLoadFailed, OSError, EOFError, zlib.error, ValueError, TypeError) as exc:
        if pending is not None:
            yield pending.result
        said = str(exc).split(", first line:", 1)[0]  # not warcio's quote of the bytes it met
        raise ArchiveError(
            f"WARC file {file} is corrupt or truncated at offset {next_offset}: {said}; "
            + ("the records before it were read" if next_offset else "no record was read")
        ) from exc
    if pending is not None:
        yield pending.result


def _response(record: Any, body: bytes, name: str, offset: int) -> _Pending:
    record_id = record.rec_headers.get_header("WARC-Record-ID")
    url = record.rec_headers.get_header("WARC-Target-URI")
    date = record.rec_headers.get_header("WARC-Date")
    if not (record_id and url and date):
        raise ValueError("response record without WARC-Record-ID, WARC-Target-URI or WARC-Date")
    http = record.http_headers
    status = int(http.get_statuscode()) if http is not None else 200
    headers = tuple((str(k), str(v)) for k, v in http.headers) if http is not None else ()
    fetched_at = datetime.fromisoformat(date.replace("Z", "+00:00"))
    result = FetchResult(
        url=url,
        final_url=url,
        status=status,
        headers=headers,
        body=body,
        fetched_at=fetched_at,
        elapsed_s=0.0,
        body_sha256=hashlib.sha256(body).hexdigest(),
        not_modified=status == 304,
        warc=WarcPointer(file=name, record_id=record_id, offset=offset),
    )
    return _Pending(result, record_id)


def _with_metadata(result: FetchResult, block: bytes) -> FetchResult:
    fields: dict[str, str] = {}
    redirects: list[str] = []
    for line in block.decode("utf-8", errors="replace").splitlines():
        key, sep, value = line.partition(":")
        if not sep or key not in RESERVED_FIELDS:
            continue
        if key == "redirect":
            redirects.append(value.strip())
        else:
            fields[key] = value.strip()
    changes: dict[str, Any] = {"redirects": tuple(redirects)}
    if "requested-url" in fields:
        changes["url"] = fields["requested-url"]
    if "final-url" in fields:
        changes["final_url"] = fields["final-url"]
    if "fetched-at" in fields:
        changes["fetched_at"] = datetime.fromisoformat(fields["fetched-at"])
    if "elapsed-s" in fields:
        changes["elapsed_s"] = float(fields["elapsed-s"])
    if "not-modified" in fields:
        changes["not_modified"] = fields["not-modified"] == "true"
    return replace(result, **changes)


def read_metadata(path: Path, pointer: WarcPointer) -> dict[str, str]:
    """The caller's metadata fields (feed, outlet ...) archived with the response at ``pointer``.

    ``path`` is the folder the pointer's file is relative to (or the file itself).
    """
    path = Path(path)
    file = path / pointer.file if path.is_dir() else path
    fields: dict[str, str] = {}
    try:
        with file.open("rb") as fh:
            if pointer.offset is not None:
                fh.seek(pointer.offset)
            for record in ArchiveIterator(fh):
                linked = record.rec_headers.get_header("WARC-Concurrent-To")
                if record.rec_type == "metadata" and linked == pointer.record_id:
                    for line in record.raw_stream.read().decode("utf-8").splitlines():
                        key, sep, value = line.partition(":")
                        if sep and key not in RESERVED_FIELDS:
                            fields[key] = value.strip()
                    return fields
    except (ArchiveLoadFailed, OSError, EOFError, zlib.error, ValueError) as exc:
        raise ArchiveError(f"cannot read metadata of {pointer.record_id} in {file}: {exc}") from exc
    raise ArchiveError(f"no metadata record for {pointer.record_id} in {file}")


def read_response(root: Path, pointer: WarcPointer) -> FetchResult:
    """The response record at ``pointer`` (its file relative to ``root``), read back with its
    body; ``ArchiveError`` when the file is gone, the pointer has no offset or the record there
    is not a readable response with that id."""
    file = Path(root) / pointer.file
    if pointer.offset is None:
        raise ArchiveError(f"no offset for record {pointer.record_id} in {file}")
    try:
        with file.open("rb") as fh:
            fh.seek(pointer.offset)
            record = next(iter(ArchiveIterator(fh)))
            if record.rec_type != "response":
                raise ValueError(f"a {record.rec_type} record, not a response")
            result = _response(record, record.raw_stream.read(), pointer.file, pointer.offset)
    except (ArchiveLoadFailed, OSError, EOFError, zlib.error, ValueError, StopIteration) as exc:
        raise ArchiveError(
            f"cannot read the record at offset {pointer.offset} of {file}: {exc}"
        ) from exc
    if result.record_id != pointer.record_id:
        raise ArchiveError(
            f"the record at offset {pointer.offset} of {file} is {result.record_id},"
            f" not {pointer.record_id}"
        )
    return result.result


def _lookup_keys(url: str) -> list[str]:
    """``url`` as asked, then without tracking, then with its path's trailing slash toggled."""
    clean = strip_tracking(url)
    parts = urlsplit(clean)
    path = parts.path[:-1] if parts.path.endswith("/") else parts.path + "/"
    toggled = urlunsplit((parts.scheme, parts.netloc, path, parts.query, ""))
    return [url, clean, toggled] if parts.path not in ("", "/") else [url, clean]


class ReplayFetcher:
    """Answers ``fetch(url)`` from WARC files, with the live fetcher's call shape; no network.

    Responses are indexed by the URL first asked for and by the final URL. A URL not archived
    as asked is looked up again without its fragment and tracking parameters (a live server
    ignores ``?utm_source=...`` too) and then with its trailing slash added or removed (as a
    live server's redirect would), so feed links and canonical URLs replay. When one URL was
    captured several times, successive ``fetch()`` calls return the captures in time order and
    then keep returning the last. A recorded 4xx/5xx raises ``FetchError`` (``reason``
    ``http_<status>``, transient for 429 and 5xx), as a live fetch would.
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._captures: dict[str, list[FetchResult]] = {}
        self._cursor: dict[str, int] = {}
        self._served: dict[str, int] = {}
        # what the pointers of the replayed records are relative to
        self.base = self.path if self.path.is_dir() else self.path.parent
        for result in iter_responses(self.path):
            # keep the index small: bodies are read back from the file when fetched
            result = replace(result, body=b"")
            for key in dict.fromkeys((result.url, result.final_url)):
                self._captures.setdefault(key, []).append(result)
        for captures in self._captures.values():
            captures.sort(key=lambda r: r.fetched_at)  # stable: file order breaks ties
        log.info("replaying %d URLs from %s", len(self._captures), self.path)

    def __enter__(self) -> ReplayFetcher:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self._captures.clear()
        self._cursor.clear()

    def set_host_policy(self, host: str, *, min_delay_s: float, concurrency: int) -> None:
        """No-op: replay has no hosts to be polite to (kept for parity with the live fetcher)."""

    def _body(self, result: FetchResult) -> bytes:
        """Read the payload of ``result``'s response record back from its WARC file."""
        pointer = result.warc
        if pointer is None or pointer.offset is None:
            return b""
        return read_response(self.base, pointer).body

    def has_unseen(self, url: str) -> bool:
        """True when fetching ``url`` now would return a capture this fetcher has not served:
        how a replay knows that a revisit has something new to show."""
        key = next((k for k in _lookup_keys(url) if k in self._captures), None)
        if key is None:
            return False
        return self._served.get(key, 0) < len(self._captures[key])

    def captures(self, url: str) -> tuple[FetchResult, ...]:
        """Every capture of ``url`` in time order, bodies not loaded (does not move the cursor)."""
        return tuple(self._captures.get(url, ()))

    def fetch(
        self,
        url: str,
        *,
        validators: Validators | None = None,
        allow_private: bool = False,
        accept: str | None = None,
    ) -> FetchResult:
        """The next capture of ``url``; ``not_modified`` when its body hash matches validators."""
        key = next((k for k in _lookup_keys(url) if k in self._captures), url)
        captures = self._captures.get(key)
        if not captures:
            raise fetch_failure(
                url,
                "not_in_archive",
                f"not in the WARC archive {self.path}",
                after="skipped in this replay",
            )
        index = self._cursor.get(key, 0)
        self._cursor[key] = min(index + 1, len(captures) - 1)
        self._served[key] = self._served.get(key, 0) + 1
        result = captures[index]
        if result.status >= 400:
            raise fetch_failure(
                url,
                f"http_{result.status}",
                f"archived with status {result.status}",
                transient=result.status == 429 or result.status >= 500,
                status=result.status,
                after="skipped in this replay",
            )
        same = validators is not None and validators.body_sha256 == result.body_sha256
        return replace(
            result,
            body=self._body(result),
            url=url,
            redirects=result.redirects if url == result.url else (),
            not_modified=result.not_modified or same,
        )
