"""Fetcher against real HTTP servers on 127.0.0.1 (tests/support_http.py)."""

from __future__ import annotations

import gzip
import hashlib
import itertools
import shutil
import ssl
import subprocess
import threading
import time
import tracemalloc
import zlib
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from aggregator.config import FetchSettings
from aggregator.errors import BlockedURLError, FetchError
from aggregator.fetch.client import Fetcher, parse_retry_after
from aggregator.records import Validators
from tests.support.http import (
    Exchange,
    Response,
    chunked,
    drip,
    hang,
    redirect,
    reset,
    serve,
    truncate,
)

UA = "aggregator-test/0.1 (+https://example.org/contact)"


def make_settings(**overrides: Any) -> FetchSettings:
    values: dict[str, Any] = {
        "user_agent": UA,
        "timeout_s": 2.0,
        "total_timeout_s": 5.0,
        "max_bytes": 100_000,
        "max_redirects": 3,
        "retries": 2,
        "backoff_s": 0.01,
        "max_retry_after_s": 30.0,
        "min_delay_s": 0.0,
        "concurrency": 4,
        "total_concurrency": 8,
        "obey_robots": False,
    }
    values.update(overrides)
    return FetchSettings(**values)


@pytest.fixture
def sleeps() -> list[float]:
    return []


@pytest.fixture
def fetcher_factory(sleeps: list[float]) -> Iterator[Callable[..., Fetcher]]:
    made: list[Fetcher] = []

    def factory(**overrides: Any) -> Fetcher:
        fetcher = Fetcher(make_settings(**overrides), sleep=sleeps.append)
        made.append(fetcher)
        return fetcher

    yield factory
    for fetcher in made:
        fetcher.close()


def fetch_error(fetcher: Fetcher, url: str, **kwargs: Any) -> FetchError:
    kwargs.setdefault("allow_private", True)
    with pytest.raises(FetchError) as info:
        fetcher.fetch(url, **kwargs)
    return info.value


# -- plain answers, validators ---------------------------------------------------------------------


def test_200_returns_body_headers_hash_and_utc_time(fetcher_factory: Any) -> None:
    body = b"<rss>hello</rss>"
    route = Response(
        body=body,
        headers=(("ETag", '"v1"'), ("Last-Modified", "Wed, 01 Jan 2025 00:00:00 GMT")),
        content_type="application/rss+xml",
    )
    with serve({"/feed": route}) as srv:
        fetcher = fetcher_factory()
        result = fetcher.fetch(srv.url("/feed"), allow_private=True, accept="text/xml")
        seen = srv.requests_for("/feed")[0]
    assert result.status == 200
    assert result.body == body
    assert result.body_sha256 == hashlib.sha256(body).hexdigest()
    assert result.header("content-type") == "application/rss+xml"
    assert ("ETag", '"v1"') in result.headers  # names as sent, for the WARC record
    assert result.validators == Validators(
        '"v1"', "Wed, 01 Jan 2025 00:00:00 GMT", result.body_sha256
    )
    assert result.fetched_at.tzinfo is not None
    assert result.fetched_at.utcoffset() == timedelta(0)
    assert result.final_url == result.url == srv.url("/feed")
    assert result.redirects == ()
    assert not result.not_modified
    assert isinstance(result.headers, tuple) and all(len(p) == 2 for p in result.headers)
    assert seen.header("user-agent") == UA
    assert seen.header("accept") == "text/xml"
    sent = dict(fetcher.request_headers(accept="text/xml"))
    assert all(seen.header(name) == value for name, value in sent.items())


def test_304_via_etag_keeps_previous_hash(fetcher_factory: Any) -> None:
    body = b"feed body"

    def conditional(exchange: Exchange) -> Response:
        if exchange.request.header("if-none-match") == '"v1"':
            return Response(304, headers=(("ETag", '"v1"'),))
        return Response(
            body=body,
            headers=(("ETag", '"v1"'), ("Last-Modified", "Mon, 02 Jan 2023 00:00:00 GMT")),
        )

    with serve({"/feed": conditional}) as srv:
        fetcher = fetcher_factory()
        first = fetcher.fetch(srv.url("/feed"), allow_private=True)
        second = fetcher.fetch(srv.url("/feed"), allow_private=True, validators=first.validators)
        conditional_request = srv.requests_for("/feed")[1]
    assert not first.not_modified
    assert second.status == 304
    assert second.not_modified
    assert second.body == b""
    assert second.body_sha256 == first.body_sha256
    assert conditional_request.header("if-modified-since") == "Mon, 02 Jan 2023 00:00:00 GMT"


def test_stale_validator_with_same_body_is_not_modified_by_hash(fetcher_factory: Any) -> None:
    route = Response(body=b"same", headers=(("ETag", '"always-new"'),))
    with serve({"/feed": route}) as srv:
        fetcher = fetcher_factory()
        first = fetcher.fetch(srv.url("/feed"), allow_private=True)
        stale = Validators(etag='"old"', body_sha256=first.body_sha256)
        second = fetcher.fetch(srv.url("/feed"), allow_private=True, validators=stale)
    assert second.status == 200
    assert second.not_modified
    assert second.body == b"same"


def test_changed_body_with_same_etag_is_new(fetcher_factory: Any) -> None:
    same_tag = (("ETag", '"stuck"'),)
    routes = {
        "/feed": [Response(body=b"old", headers=same_tag), Response(body=b"new", headers=same_tag)]
    }
    with serve(routes) as srv:
        fetcher = fetcher_factory()
        first = fetcher.fetch(srv.url("/feed"), allow_private=True)
        second = fetcher.fetch(srv.url("/feed"), allow_private=True, validators=first.validators)
    assert not second.not_modified
    assert second.body == b"new"
    assert second.body_sha256 != first.body_sha256


# -- retries ---------------------------------------------------------------------------------------


def test_429_retry_after_is_slept_then_200(fetcher_factory: Any, sleeps: list[float]) -> None:
    routes = {"/a": [Response(429, headers=(("Retry-After", "7"),)), Response(body=b"ok")]}
    with serve(routes) as srv:
        result = fetcher_factory().fetch(srv.url("/a"), allow_private=True)
        count = len(srv.requests_for("/a"))
    assert result.body == b"ok"
    assert sleeps == [7.0]
    assert count == 2


def test_retry_after_longer_than_cap_gives_up_at_once(
    fetcher_factory: Any, sleeps: list[float]
) -> None:
    with serve({"/a": Response(429, headers=(("Retry-After", "3600"),))}) as srv:
        error = fetch_error(fetcher_factory(max_retry_after_s=60), srv.url("/a"))
        count = len(srv.requests_for("/a"))
    assert error.reason == "retry_after_too_long"
    assert error.transient and error.status == 429
    assert count == 1 and sleeps == []


def test_parse_retry_after_seconds_and_http_date() -> None:
    now = datetime(2025, 1, 1, 12, 0, 0, tzinfo=UTC)
    assert parse_retry_after("120", now=now) == 120.0
    assert parse_retry_after("Wed, 01 Jan 2025 12:00:30 GMT", now=now) == 30.0
    assert parse_retry_after("Wed, 01 Jan 2025 11:00:00 GMT", now=now) == 0.0
    assert parse_retry_after("soon", now=now) is None
    assert parse_retry_after(None) is None


def test_503_storm_is_transient_after_retries(fetcher_factory: Any, sleeps: list[float]) -> None:
    with serve({"/a": Response(503, b"busy")}) as srv:
        error = fetch_error(fetcher_factory(retries=3, backoff_s=0.01), srv.url("/a"))
        count = len(srv.requests_for("/a"))
    assert error.reason == "http_503"
    assert error.transient and error.status == 503
    assert count == 4
    assert len(sleeps) == 3
    # full jitter: each wait is drawn from [0, base * 2**attempt]
    assert all(0 <= s <= 0.01 * 2**i for i, s in enumerate(sleeps))


@pytest.mark.parametrize("status", [404, 410, 403])
def test_4xx_is_not_transient_and_not_retried(fetcher_factory: Any, status: int) -> None:
    with serve({"/gone": Response(status)}) as srv:
        error = fetch_error(fetcher_factory(), srv.url("/gone"))
        count = len(srv.requests_for("/gone"))
    assert error.reason == f"http_{status}"
    assert not error.transient and error.status == status
    assert count == 1


def test_connection_reset_is_transient(fetcher_factory: Any) -> None:
    with serve({"/r": reset}) as srv:
        error = fetch_error(fetcher_factory(retries=1), srv.url("/r"))
        count = len(srv.requests_for("/r"))
    assert error.transient
    assert error.reason == "network"
    assert count == 2


def test_connection_reset_then_success_recovers(fetcher_factory: Any) -> None:
    def flaky(exchange: Exchange) -> Response | None:
        if exchange.count == 0:
            reset(exchange)
            return None
        return Response(body=b"fine")

    with serve({"/r": flaky}) as srv:
        result = fetcher_factory(retries=1).fetch(srv.url("/r"), allow_private=True)
    assert result.body == b"fine"


def test_server_hanging_up_mid_body_is_transient(fetcher_factory: Any) -> None:
    with serve({"/cut": truncate(Response(body=b"x" * 5000), 1000)}) as srv:
        error = fetch_error(fetcher_factory(retries=1), srv.url("/cut"))
        count = len(srv.requests_for("/cut"))
    assert error.reason == "network" and error.transient
    assert count == 2


def test_refused_connection_is_transient_connect(fetcher_factory: Any) -> None:
    with serve({}) as srv:
        url = srv.url("/x")
    error = fetch_error(fetcher_factory(retries=0), url)
    assert error.reason == "connect" and error.transient


# -- time bounds -----------------------------------------------------------------------------------


def test_server_that_never_answers_times_out(fetcher_factory: Any) -> None:
    with serve({"/hang": hang}) as srv:
        started = time.monotonic()
        error = fetch_error(fetcher_factory(timeout_s=0.3, retries=0), srv.url("/hang"))
        took = time.monotonic() - started
    assert error.reason == "timeout" and error.transient
    assert took < 3


@pytest.mark.parametrize("drip_headers", [False, True])
def test_slow_drip_hits_total_deadline(fetcher_factory: Any, drip_headers: bool) -> None:
    # each byte arrives well within the read timeout; only the total deadline can stop it
    route = drip(b"x" * 200, 0.05, drip_headers=drip_headers)
    with serve({"/drip": route}) as srv:
        fetcher = fetcher_factory(timeout_s=2.0, total_timeout_s=0.6, retries=0)
        started = time.monotonic()
        error = fetch_error(fetcher, srv.url("/drip"))
        took = time.monotonic() - started
    assert error.reason == "timeout" and error.transient
    assert 0.5 < took < 3


# -- size and decoding -----------------------------------------------------------------------------


def test_streamed_body_over_cap(fetcher_factory: Any) -> None:
    parts = [b"a" * 10_000] * 30  # chunked: no Content-Length to check up front
    with serve({"/big": chunked(parts)}) as srv:
        error = fetch_error(fetcher_factory(max_bytes=100_000), srv.url("/big"))
    assert error.reason == "too_large" and not error.transient


def test_content_length_over_cap_is_refused_before_reading(fetcher_factory: Any) -> None:
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


def test_truncated_gzip_is_decode_error(fetcher_factory: Any) -> None:
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


def test_gzip_bomb_is_stopped_by_decoded_cap(fetcher_factory: Any) -> None:
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


# -- redirects -------------------------------------------------------------------------------------


def test_redirect_chain_is_recorded(fetcher_factory: Any) -> None:
    routes = {
        "/one": redirect("/two", 301),
        "/two": redirect("/final?x=1", 308),
        "/final": Response(body=b"here"),
    }
    with serve(routes) as srv:
        result = fetcher_factory().fetch(srv.url("/one"), allow_private=True)
    assert result.body == b"here"
    assert result.url == srv.url("/one")
    assert result.redirects == (srv.url("/two"), srv.url("/final?x=1"))
    assert result.final_url == srv.url("/final?x=1")


def test_redirect_loop(fetcher_factory: Any) -> None:
    routes = {"/a": redirect("/b"), "/b": redirect("/a")}
    with serve(routes) as srv:
        error = fetch_error(fetcher_factory(), srv.url("/a"))
        count = len(srv.requests)
    assert error.reason == "redirect_loop" and not error.transient
    assert count == 2


def test_redirect_chain_too_long(fetcher_factory: Any) -> None:
    routes = {f"/r{i}": redirect(f"/r{i + 1}") for i in range(10)}
    with serve(routes) as srv:
        error = fetch_error(fetcher_factory(max_redirects=3), srv.url("/r0"))
        count = len(srv.requests)
    assert error.reason == "too_many_redirects"
    assert count == 4  # the first request plus three followed hops


def test_redirect_to_ftp_is_blocked(fetcher_factory: Any) -> None:
    with serve({"/a": redirect("ftp://files.example.org/x")}) as srv:
        error = fetch_error(fetcher_factory(), srv.url("/a"))
    assert isinstance(error, BlockedURLError)
    assert error.reason == "scheme"


# -- refusals before any request -------------------------------------------------------------------


@pytest.mark.parametrize("url", ["ftp://example.org/feed", "file:///etc/passwd", "javascript:x"])
def test_non_http_scheme_is_blocked(fetcher_factory: Any, url: str) -> None:
    error = fetch_error(fetcher_factory(), url)
    assert isinstance(error, BlockedURLError) and error.reason == "scheme"


def test_private_address_refused_without_allow_private(fetcher_factory: Any) -> None:
    with serve({"/a": Response(body=b"secret")}) as srv:
        fetcher = fetcher_factory()
        error = fetch_error(fetcher, srv.url("/a"), allow_private=False)
        localhost = fetch_error(fetcher, srv.url("/a", host="localhost"), allow_private=False)
        count = len(srv.requests)
    assert isinstance(error, BlockedURLError) and error.reason == "private_address"
    assert localhost.reason == "private_address"
    assert count == 0


def test_connect_time_check_catches_what_a_lookup_missed(
    fetcher_factory: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As if DNS answered a public address first and 127.0.0.1 at connect time (rebinding).
    monkeypatch.setattr(Fetcher, "_check_address", lambda self, target, url: None)
    with serve({"/a": Response(body=b"secret")}) as srv:
        error = fetch_error(fetcher_factory(), srv.url("/a"), allow_private=False)
        count = len(srv.requests)
    assert isinstance(error, BlockedURLError) and error.reason == "private_address"
    assert count == 0


# -- robots.txt ------------------------------------------------------------------------------------


def test_robots_disallow_blocks_and_is_fetched_once(fetcher_factory: Any) -> None:
    robots = Response(body=b"User-agent: *\nDisallow: /private\n")
    routes = {"/robots.txt": robots, "/public": Response(body=b"ok"), "/private/x": Response()}
    with serve(routes) as srv:
        fetcher = fetcher_factory(obey_robots=True)
        error = fetch_error(fetcher, srv.url("/private/x"))
        result = fetcher.fetch(srv.url("/public"), allow_private=True)
        robots_requests = srv.requests_for("/robots.txt")
        private_requests = srv.requests_for("/private/x")
    assert isinstance(error, BlockedURLError) and error.reason == "robots"
    assert result.body == b"ok"
    assert len(robots_requests) == 1
    assert robots_requests[0].header("user-agent") == UA
    assert private_requests == []


@pytest.mark.parametrize(
    ("robots", "allowed"),
    [(Response(404), True), (Response(403), False), (Response(401), False), (Response(503), True)],
)
def test_robots_status_policy(fetcher_factory: Any, robots: Response, allowed: bool) -> None:
    with serve({"/robots.txt": robots, "/page": Response(body=b"ok")}) as srv:
        fetcher = fetcher_factory(obey_robots=True)
        if allowed:
            assert fetcher.fetch(srv.url("/page"), allow_private=True).body == b"ok"
        else:
            assert fetch_error(fetcher, srv.url("/page")).reason == "robots"


def test_robots_rules_name_our_user_agent(fetcher_factory: Any) -> None:
    robots = Response(body=b"User-agent: aggregator-test\nDisallow: /\n\nUser-agent: *\nAllow: /\n")
    with serve({"/robots.txt": robots, "/page": Response(body=b"ok")}) as srv:
        error = fetch_error(fetcher_factory(obey_robots=True), srv.url("/page"))
    assert error.reason == "robots"


# -- politeness ------------------------------------------------------------------------------------


def test_min_delay_per_host_with_four_threads(fetcher_factory: Any) -> None:
    with serve({"/p": Response(body=b"ok")}) as srv:
        fetcher = fetcher_factory(concurrency=4)
        fetcher.set_host_policy(f"127.0.0.1:{srv.port}", min_delay_s=0.2, concurrency=4)
        with ThreadPoolExecutor(4) as pool:
            results = list(
                pool.map(lambda _: fetcher.fetch(srv.url("/p"), allow_private=True), range(4))
            )
        times = sorted(r.time for r in srv.requests_for("/p"))
    assert all(r.status == 200 for r in results)
    gaps = [b - a for a, b in itertools.pairwise(times)]
    assert len(gaps) == 3
    assert min(gaps) >= 0.15, gaps  # 0.2 s apart when sent; arrival jitter allowed


def test_host_concurrency_limit(fetcher_factory: Any) -> None:
    in_flight = 0
    peak = 0
    lock = threading.Lock()

    def slow(exchange: Exchange) -> Response:
        nonlocal in_flight, peak
        with lock:
            in_flight += 1
            peak = max(peak, in_flight)
        exchange.stopping.wait(0.15)  # a slow server: keeps requests in flight together
        with lock:
            in_flight -= 1
        return Response(body=b"ok")

    with serve({"/s": slow}) as srv:
        fetcher = fetcher_factory()
        fetcher.set_host_policy("127.0.0.1", min_delay_s=0.0, concurrency=2)
        with ThreadPoolExecutor(6) as pool:
            list(pool.map(lambda _: fetcher.fetch(srv.url("/s"), allow_private=True), range(6)))
    assert peak == 2


def test_two_hosts_are_fetched_concurrently(fetcher_factory: Any) -> None:
    # Politeness is per host name: 127.0.0.1 and localhost are two hosts (same port).
    with serve({"/p": Response(body=b"ok")}) as srv:
        fetcher = fetcher_factory()
        for host in ("127.0.0.1", "localhost"):
            fetcher.set_host_policy(host, min_delay_s=0.4, concurrency=1)
        urls = [srv.url("/p", host=h) for h in ("127.0.0.1", "localhost") for _ in range(2)]
        started = time.monotonic()
        with ThreadPoolExecutor(4) as pool:
            list(pool.map(lambda u: fetcher.fetch(u, allow_private=True), urls))
        took = time.monotonic() - started
        log = srv.requests_for("/p")
    by_host: dict[str, list[float]] = {}
    for request in log:
        by_host.setdefault((request.header("host") or "").split(":")[0], []).append(request.time)
    assert sorted(by_host) == ["127.0.0.1", "localhost"]
    for times in by_host.values():
        times.sort()
        assert times[1] - times[0] >= 0.3  # 0.4 s apart when sent
    firsts = [times[0] for times in by_host.values()]
    assert abs(firsts[0] - firsts[1]) < 0.3  # neither host waited for the other
    assert took < 1.2  # serial politeness over one shared host would need >= 1.2 s


def test_robots_fetched_once_when_threads_start_together(fetcher_factory: Any) -> None:
    routes = {"/robots.txt": Response(body=b"User-agent: *\nAllow: /\n"), "/p": Response()}
    with serve(routes) as srv:
        fetcher = fetcher_factory(obey_robots=True)
        with ThreadPoolExecutor(4) as pool:
            list(
                pool.map(lambda i: fetcher.fetch(srv.url(f"/p?{i}"), allow_private=True), range(8))
            )
        robots_count = len(srv.requests_for("/robots.txt"))
        page_count = len(srv.requests_for("/p"))
    assert robots_count == 1
    assert page_count == 8


def test_robots_crawl_delay_lengthens_host_delay(fetcher_factory: Any) -> None:
    routes = {"/robots.txt": Response(body=b"User-agent: *\nCrawl-delay: 1\n"), "/p": Response()}
    with serve(routes) as srv:
        fetcher = fetcher_factory(obey_robots=True)
        fetcher.set_host_policy("127.0.0.1", min_delay_s=0.0)
        for i in range(2):
            fetcher.fetch(srv.url(f"/p?{i}"), allow_private=True)
        times = [r.time for r in srv.requests_for("/p")]
    assert times[1] - times[0] >= 0.9


# -- https -----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("openssl command not available to make a test certificate")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            openssl,
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
        timeout=30,
    )
    return cert, key


def test_https_through_the_guarded_backend(
    fetcher_factory: Any, certificate: tuple[Path, Path]
) -> None:
    cert, key = certificate
    server_tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_tls.load_cert_chain(cert, key)
    trusting = ssl.create_default_context(cafile=str(cert))
    with serve({"/s": Response(body=b"secure")}, tls=server_tls) as srv:
        assert srv.base_url.startswith("https://")
        with Fetcher(make_settings(), verify=trusting) as fetcher:
            result = fetcher.fetch(srv.url("/s"), allow_private=True)
        untrusted = fetch_error(fetcher_factory(retries=0), srv.url("/s"))
    assert result.body == b"secure"
    assert result.final_url.startswith("https://")
    assert untrusted.reason == "connect"  # self-signed certificate refused by default
