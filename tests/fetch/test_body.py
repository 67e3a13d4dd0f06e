"""Response bodies: the decoded-size cap, gzip/deflate decoding, corrupt and bomb bodies."""

from __future__ import annotations

import gzip
import hashlib
import tracemalloc
import zlib
from typing import Any

from tests.support.http import Exchange, Response, chunked, serve


def test_streamed_body_over_cap(fetcher_factory: Any, fetch_error: Any) -> None:
    parts = [b"a" * 10_000] * 30  # chunked: no Content-Length to check up front
    with serve({"/big": chunked(parts)}) as srv:
        error = fetch_error(fetcher_factory(max_bytes=100_000), srv.url("/big"))
    assert error.reason == "too_large" and not error.transient


def test_content_length_over_cap_is_refused_before_reading(
    fetcher_factory: Any, fetch_error: Any
) -> None:
    def announce_huge(exchange: Exchange) -> None:
        exchange.write_head(200, [("Content-Length", str(10**9))])
        exchange.stopping.wait(10)  # a fetcher that tried to read would time out instead

    with serve({"/huge": announce_huge}) as srv:
        error = fetch_error(fetcher_factory(max_bytes=100_000, timeout_s=5), srv.url("/huge"))
    assert error.reason == "too_large" and error.status == 200


def test_gzip_and_deflate_bodies_are_decoded(fetcher_factory: Any) -> None:
    text = b"<html>" + b"word " * 2000 + b"</html>"
    raw_deflate = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    raw = raw_deflate.compress(text) + raw_deflate.flush()
    routes = {
        "/gz": Response(body=gzip.compress(text), headers=(("Content-Encoding", "gzip"),)),
        "/zl": Response(body=zlib.compress(text), headers=(("Content-Encoding", "deflate"),)),
        "/raw": Response(body=raw, headers=(("Content-Encoding", "deflate"),)),
    }
    with serve(routes) as srv:
        fetcher = fetcher_factory()
        results = [fetcher.fetch(srv.url(p), allow_private=True) for p in routes]
        asked = srv.requests_for("/gz")[0].header("accept-encoding")
    assert [r.body for r in results] == [text, text, text]
    assert results[0].body_sha256 == hashlib.sha256(text).hexdigest()
    assert asked == "gzip, deflate"


def test_truncated_gzip_is_decode_error(fetcher_factory: Any, fetch_error: Any) -> None:
    packed = gzip.compress(b"some article text " * 500)
    routes = {
        "/cut": Response(body=packed[: len(packed) // 2], headers=(("Content-Encoding", "gzip"),)),
        "/junk": Response(body=b"not gzip at all", headers=(("Content-Encoding", "gzip"),)),
    }
    with serve(routes) as srv:
        fetcher = fetcher_factory()
        errors = [fetch_error(fetcher, srv.url(p)) for p in routes]
    assert [e.reason for e in errors] == ["decode_error", "decode_error"]
    assert not any(e.transient for e in errors)


def test_gzip_bomb_is_stopped_by_decoded_cap(fetcher_factory: Any, fetch_error: Any) -> None:
    bomb = gzip.compress(b"\0" * 50_000_000, compresslevel=9)
    assert len(bomb) < 100_000  # small on the wire: the cap has to count decoded bytes
    with serve({"/bomb": Response(body=bomb, headers=(("Content-Encoding", "gzip"),))}) as srv:
        fetcher = fetcher_factory(max_bytes=1_000_000)
        tracemalloc.start()
        try:
            error = fetch_error(fetcher, srv.url("/bomb"))
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert error.reason == "too_large"
    assert peak < 10_000_000  # never inflated much past the 1 MB cap
