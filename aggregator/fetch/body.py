"""A streamed httpx response in, its decoded body bytes out (gzip/deflate undone, size-capped).

The cap counts *decoded* bytes and every inflate call is bounded, so a small gzip bomb cannot
grow past ``max_bytes`` in memory. A declared ``Content-Length`` over the cap is refused before
the body is read; the request's wall-clock deadline is checked after every chunk.
"""

from __future__ import annotations

import time
import zlib
from typing import Any

import httpx

from aggregator.fetch.reasons import fetch_failure

ACCEPT_ENCODING = "gzip, deflate"  # the codings decoded here, with bounded output


class BodyDecoder:
    """Accumulates a response body, undoing gzip/deflate with output bounded by ``limit``."""

    def __init__(self, content_encoding: str | None, *, limit: int, url: str) -> None:
        codings = [c.strip().lower() for c in (content_encoding or "").split(",")]
        codings = [c for c in codings if c and c not in ("identity", "none")]
        self._url = url
        self._limit = limit
        self._out = bytearray()
        self._kind = codings[0] if len(codings) == 1 else ""
        if self._kind == "x-gzip":
            self._kind = "gzip"
        if codings and self._kind not in ("gzip", "deflate"):
            detail = f"unsupported Content-Encoding {content_encoding!r}"
            raise fetch_failure(url, "decode_error", detail)
        self._inflater = self._new_inflater()
        self._started = False

    def _new_inflater(self, wbits: int | None = None) -> Any:
        if not self._kind:
            return None
        if wbits is None:
            wbits = 16 + zlib.MAX_WBITS if self._kind == "gzip" else zlib.MAX_WBITS
        return zlib.decompressobj(wbits)

    def _append(self, data: bytes) -> None:
        self._out += data
        if len(self._out) > self._limit:
            raise fetch_failure(self._url, "too_large", f"body over the {self._limit}-byte cap")

    def feed(self, data: bytes) -> None:
        """Decode one chunk as received off the wire."""
        if self._inflater is None:
            self._append(data)
            return
        first = not self._started
        self._started = self._started or bool(data)
        try:
            self._inflate(data)
        except zlib.error as exc:
            if not (first and self._kind == "deflate"):
                detail = f"corrupt {self._kind} body: {exc}"
                raise fetch_failure(self._url, "decode_error", detail) from exc
            # Some servers send raw deflate (no zlib header); retry this first chunk that way.
            self._inflater = self._new_inflater(-zlib.MAX_WBITS)
            try:
                self._inflate(data)
            except zlib.error as exc2:
                detail = f"corrupt deflate body: {exc2}"
                raise fetch_failure(self._url, "decode_error", detail) from exc2

    def _inflate(self, data: bytes) -> None:
        while data:
            if self._inflater.eof:
                if self._kind == "gzip" and data[:2] == b"\x1f\x8b":
                    self._inflater = self._new_inflater()  # another gzip member follows
                else:
                    return  # trailing padding after the stream: ignored
            # max_length bounds the output of one call: a bomb cannot inflate past the cap.
            self._append(self._inflater.decompress(data, self._limit - len(self._out) + 1))
            data = self._inflater.unconsumed_tail or (
                self._inflater.unused_data if self._inflater.eof else b""
            )

    def finish(self) -> bytes:
        """The decoded body; ``decode_error`` when a compressed stream was cut short."""
        if self._inflater is not None and self._started and not self._inflater.eof:
            raise fetch_failure(self._url, "decode_error", f"truncated {self._kind} body")
        return bytes(self._out)


def read_body(
    response: httpx.Response, origin_url: str, *, max_bytes: int, deadline: float, budget_s: float
) -> bytes:
    """The decoded body of a streamed ``response``; ``too_large``, ``decode_error`` or ``timeout``.

    ``deadline`` is the ``time.monotonic()`` the request must end by (``budget_s`` after it
    started: named in the error message).
    """
    declared = response.headers.get("content-length", "")
    if declared.strip().isdigit() and int(declared) > max_bytes:
        raise fetch_failure(
            origin_url,
            "too_large",
            f"Content-Length {declared} over the {max_bytes}-byte cap",
            status=response.status_code,
        )
    body = BodyDecoder(response.headers.get("content-encoding"), limit=max_bytes, url=origin_url)
    for chunk in response.iter_raw():
        body.feed(chunk)
        if time.monotonic() > deadline:
            raise fetch_failure(
                origin_url,
                "timeout",
                f"body not complete within {budget_s}s",
                transient=True,
                status=response.status_code,
            )
    return body.finish()
