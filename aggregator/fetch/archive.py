"""A ``FetchResult`` in, a ``WarcPointer`` out: appends records to WARC files under a folder.

``WarcArchive`` appends one exchange per ``write()`` to rotating gzipped WARC 1.1 files as three
records linked by ``WARC-Concurrent-To``: ``response`` (status line, headers and body),
``request`` and ``metadata`` (what the fetcher knew beyond the HTTP bytes). ``replay.py`` reads
them back.

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
"""

from __future__ import annotations

import io
import logging
import os
import threading
import zlib
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from http import HTTPStatus
from pathlib import Path
from types import TracebackType
from typing import IO, Any
from urllib.parse import urlsplit

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from aggregator import __version__
from aggregator.errors import ArchiveError
from aggregator.records import FetchResult, WarcPointer

log = logging.getLogger(__name__)

SOFTWARE = f"aggregator/{__version__} (warcio)"
_DROPPED_HEADERS = frozenset({"content-encoding", "transfer-encoding"})
# the metadata fields written here (and read back by replay.py); callers' keys must differ
RESERVED_FIELDS = frozenset(
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
            if key in RESERVED_FIELDS or not key or any(c in key for c in ": \t\r\n"):
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
