"""FetchResult -> WARC files (write), and WARC files -> FetchResult (replay).

Writing: ``WarcArchive`` appends one exchange per ``write()`` to rotating gzipped WARC 1.1
files as three records linked by ``WARC-Concurrent-To``: ``response`` (status line, headers and
body), ``request`` and ``metadata`` (what the fetcher knew beyond the HTTP bytes).

What is stored, and why:

- httpx hands us *decoded* bodies, so the stored HTTP headers are made to describe the stored
  bytes: ``Content-Encoding`` and ``Transfer-Encoding`` are dropped and ``Content-Length``
  (when present) is set to the length of the body as stored. All other headers are kept as
  received, in order; non-ASCII values are written as UTF-8 (warcio reads them back as such).
- A 304 (or a body whose hash equals the previous one) still gets a full ``response`` record,
  with whatever body was received (empty for a 304): every fetch is replayable, and the
  ``metadata`` record says ``not-modified: true``.
- The response's ``WARC-Target-URI`` is the final URL (after redirects); the URL first asked
  for, the redirect chain, the fetch time and the elapsed time live in the ``metadata`` record
  (``application/warc-fields``), followed by the caller's own fields (feed, outlet ...).

Replay: ``iter_responses`` reads those records back into ``FetchResult`` with a ``WarcPointer``
to the response record; ``ReplayFetcher`` answers ``fetch(url)`` from them with no network.
"""

from __future__ import annotations

import hashlib
import io
import logging
import os
import threading
import zlib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from http import HTTPStatus
from pathlib import Path
from types import TracebackType
from typing import IO, Any
from urllib.parse import urlsplit, urlunsplit

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from aggregator import __version__
from aggregator.errors import ArchiveError, FetchError
from aggregator.records import FetchResult, Validators, WarcPointer
from aggregator.urls import strip_tracking

log = logging.getLogger(__name__)

SOFTWARE = f"aggregator/{__version__} (warcio)"
_DROPPED_HEADERS = frozenset({"content-encoding", "transfer-encoding"})
# query parameters that feeds add to links and servers ignore (see ReplayFetcher)
_META_KEYS = frozenset(
    {"requested-url", "final-url", "redirect", "fetched-at", "elapsed-s", "not-modified",
     "body-sha256"}
)  # fmt: skip


class _Utf8Headers(StatusAndHeaders):  # type: ignore[misc]
    """HTTP headers serialised as UTF-8 (warcio would %-encode non-ASCII values otherwise)."""

    def compute_headers_buffer(self, header_filter: Any = None) -> None:
        self.headers_buff = self.to_bytes(header_filter, encoding="utf-8")


def _warc_date(moment: datetime) -> str:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _field(value: str) -> str:
    """One line of an application/warc-fields block (no line breaks inside a value)."""
    return " ".join(value.splitlines())


def _stored_headers(result: FetchResult) -> list[tuple[str, str]]:
    headers: list[tuple[str, str]] = []
    for name, value in result.headers:
        lowered = name.lower()
        if lowered in _DROPPED_HEADERS:
            continue
        if lowered == "content-length":
            value = str(len(result.body))
        headers.append((name, value))
    return headers


class WarcArchive:
    """Rotating gzipped WARC 1.1 files under ``root``; one ``write()`` per fetch.

    File names are ``<prefix>-<UTC timestamp>-<seq>-<pid>.warc.gz`` and are created with
    exclusive-create, so writers in several processes (or several writers in one process) never
    share a file. A file is closed once it exceeds ``max_bytes``; the next write opens a new one,
    starting with a ``warcinfo`` record. Every record is flushed as it is written, so a crash
    loses at most the record being written. Safe to call from several threads.
    """

    def __init__(self, root: Path, *, max_bytes: int, prefix: str = "aggregator") -> None:
        if max_bytes <= 0:
            raise ArchiveError(f"WARC max_bytes must be positive, got {max_bytes}")
        self.root = Path(root)
        self.max_bytes = max_bytes
        self.prefix = prefix
        self._seq = 0
        self._lock = threading.Lock()
        self._file: IO[bytes] | None = None
        self._name = ""
        self._writer: Any = None
        try:
            self.root.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ArchiveError(f"cannot create WARC folder {self.root}: {exc}") from exc

    def __enter__(self) -> WarcArchive:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @property
    def current_file(self) -> str | None:
        """Name (relative to root) of the file being written, or None between files."""
        return self._name if self._file is not None else None

    def close(self) -> None:
        """Close the current file; a later ``write()`` starts a new one."""
        with self._lock:
            self._close_file()

    def write(
        self,
        result: FetchResult,
        *,
        request_headers: Sequence[tuple[str, str]] = (),
        metadata: Mapping[str, str] | None = None,
    ) -> WarcPointer:
        """Archive one fetch as response + request + metadata; return where the response is.

        ``metadata`` keys must be plain tokens (no ``:`` or spaces) other than the fields this
        module writes itself (``requested-url``, ``redirect``, ``fetched-at`` ...).
        """
        for key in metadata or {}:
            if key in _META_KEYS or not key or any(c in key for c in ": \t\r\n"):
                raise ArchiveError(
                    f"metadata key {key!r} for {result.final_url} is reserved or not a plain "
                    "token; nothing was archived"
                )
        with self._lock:
            try:
                return self._write(result, request_headers, metadata or {})
            except (OSError, ValueError, zlib.error) as exc:
                name = self._name
                self._close_file()
                raise ArchiveError(
                    f"cannot write {result.final_url} to WARC file {self.root / name}: {exc}; "
                    "the file is closed and the next write starts a new one"
                ) from exc

    # -- internals ---------------------------------------------------------------------------

    def _open_file(self) -> None:
        while True:
            stamp = datetime.now(UTC).strftime("%Y%m%d%H%M%S%f")
            name = f"{self.prefix}-{stamp}-{self._seq:05d}-{os.getpid()}.warc.gz"
            self._seq += 1
            try:
                self._file = (self.root / name).open("xb")
            except FileExistsError:
                continue
            break
        self._name = name
        self._writer = WARCWriter(self._file, gzip=True, warc_version="1.1")
        info = {"software": SOFTWARE, "format": "WARC File Format 1.1"}
        self._writer.write_record(self._writer.create_warcinfo_record(name, info))
        log.info("opened WARC file %s", self.root / name)

    def _close_file(self) -> None:
        if self._file is not None:
            try:
                self._file.close()
            finally:
                log.info("closed WARC file %s", self.root / self._name)
                self._file = None
                self._writer = None

    def _write(
        self,
        result: FetchResult,
        request_headers: Sequence[tuple[str, str]],
        metadata: Mapping[str, str],
    ) -> WarcPointer:
        if self._file is None:
            self._open_file()
        assert self._file is not None
        writer = self._writer
        date = _warc_date(result.fetched_at)
        target = result.final_url

        reason = _reason(result.status)
        http = _Utf8Headers(f"{result.status} {reason}", _stored_headers(result), "HTTP/1.1")
        response = writer.create_warc_record(
            target,
            "response",
            payload=io.BytesIO(result.body),
            length=len(result.body),
            http_headers=http,
            warc_headers_dict={"WARC-Date": date},
        )
        response_id = response.rec_headers.get_header("WARC-Record-ID")
        offset = self._file.tell()
        writer.write_record(response)

        parts = urlsplit(target)
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        req_headers = [("Host", parts.netloc), *request_headers]
        request = writer.create_warc_record(
            target,
            "request",
            payload=io.BytesIO(b""),
            length=0,
            http_headers=_Utf8Headers(f"GET {path} HTTP/1.1", req_headers, is_http_request=True),
            warc_headers_dict={"WARC-Date": date, "WARC-Concurrent-To": response_id},
        )
        writer.write_record(request)

        fields = [
            ("requested-url", result.url),
            ("final-url", result.final_url),
            *[("redirect", hop) for hop in result.redirects],
            ("fetched-at", result.fetched_at.isoformat()),
            ("elapsed-s", repr(result.elapsed_s)),
            ("not-modified", "true" if result.not_modified else "false"),
            ("body-sha256", result.body_sha256),
            *sorted(metadata.items()),
        ]
        block = "".join(f"{_field(k)}: {_field(v)}\r\n" for k, v in fields).encode("utf-8")
        meta = writer.create_warc_record(
            target,
            "metadata",
            payload=io.BytesIO(block),
            length=len(block),
            warc_content_type="application/warc-fields",
            warc_headers_dict={"WARC-Date": date, "WARC-Concurrent-To": response_id},
        )
        writer.write_record(meta)

        pointer = WarcPointer(file=self._name, record_id=response_id, offset=offset)
        log.debug("archived %s as %s at %s:%s", target, response_id, self._name, offset)
        if self._file.tell() > self.max_bytes:
            self._close_file()
        return pointer


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Unknown"


# -- replay ------------------------------------------------------------------------------------


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
        raise ArchiveError(
            f"WARC file {file} is corrupt or truncated at offset {next_offset}: {exc}; "
            "the records before it were read"
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
        if not sep or key not in _META_KEYS:
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
                        if sep and key not in _META_KEYS:
                            fields[key] = value.strip()
                    return fields
    except (ArchiveLoadFailed, OSError, EOFError, zlib.error, ValueError) as exc:
        raise ArchiveError(f"cannot read metadata of {pointer.record_id} in {file}: {exc}") from exc
    raise ArchiveError(f"no metadata record for {pointer.record_id} in {file}")


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
        self._base = self.path if self.path.is_dir() else self.path.parent
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
        file = self._base / pointer.file
        try:
            with file.open("rb") as fh:
                fh.seek(pointer.offset)
                record = next(iter(ArchiveIterator(fh)))
                return _response(
                    record, record.raw_stream.read(), pointer.file, pointer.offset
                ).result.body
        except (ArchiveLoadFailed, OSError, EOFError, zlib.error, ValueError, StopIteration) as exc:
            raise ArchiveError(
                f"cannot read the record at offset {pointer.offset} of {file}: {exc}"
            ) from exc

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
            raise FetchError(
                f"{url} is not in the WARC archive {self.path}; skipped in this replay",
                url=url,
                reason="not_in_archive",
                transient=False,
            )
        index = self._cursor.get(key, 0)
        self._cursor[key] = min(index + 1, len(captures) - 1)
        self._served[key] = self._served.get(key, 0) + 1
        result = captures[index]
        if result.status >= 400:
            raise FetchError(
                f"{url} was archived with HTTP {result.status}",
                url=url,
                reason=f"http_{result.status}",
                transient=result.status == 429 or result.status >= 500,
                status=result.status,
            )
        same = validators is not None and validators.body_sha256 == result.body_sha256
        return replace(
            result,
            body=self._body(result),
            url=url,
            redirects=result.redirects if url == result.url else (),
            not_modified=result.not_modified or same,
        )
