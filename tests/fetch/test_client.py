"""Fetcher against real HTTP servers on 127.0.0.1: answers, validators, retries."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from aggregator.fetch.client import parse_retry_after
from aggregator.records import Validators
from tests.support.http import Exchange, Response, reset, serve, truncate


def test_200_returns_body_headers_hash_and_utc_time(fetcher_factory: Any) -> None:
    body = b"<rss>hello</rss>"
    route = Response(
        body=body,
        headers=(("ETag", '"v1"'), ("Last-Modified", "Wed, 01 Jan 2025 00:00:00 GMT")),
        content_type="application/rss+xml",
    )
    with serve({"/feed": route}) as srv:
        fetcher = fetcher_factory(user_agent="client-test/1.0 (+https://example.org/)")
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
    assert seen.header("user-agent") == "client-test/1.0 (+https://example.org/)"
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


def test_429_retry_after_is_slept_then_200(fetcher_factory: Any, sleeps: list[float]) -> None:
    routes = {"/a": [Response(429, headers=(("Retry-After", "7"),)), Response(body=b"ok")]}
    with serve(routes) as srv:
        result = fetcher_factory().fetch(srv.url("/a"), allow_private=True)
        count = len(srv.requests_for("/a"))
    assert result.body == b"ok"
    assert sleeps == [7.0]
    assert count == 2


def test_retry_after_longer_than_cap_gives_up_at_once(
    fetcher_factory: Any, sleeps: list[float], fetch_error: Any
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


def test_503_storm_is_transient_after_retries(
    fetcher_factory: Any, sleeps: list[float], fetch_error: Any
) -> None:
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
def test_4xx_is_not_transient_and_not_retried(
    fetcher_factory: Any, status: int, fetch_error: Any
) -> None:
    with serve({"/gone": Response(status)}) as srv:
        error = fetch_error(fetcher_factory(), srv.url("/gone"))
        count = len(srv.requests_for("/gone"))
    assert error.reason == f"http_{status}"
    assert not error.transient and error.status == status
    assert count == 1


def test_connection_reset_is_transient(fetcher_factory: Any, fetch_error: Any) -> None:
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


def test_server_hanging_up_mid_body_is_transient(fetcher_factory: Any, fetch_error: Any) -> None:
    with serve({"/cut": truncate(Response(body=b"x" * 5000), 1000)}) as srv:
        error = fetch_error(fetcher_factory(retries=1), srv.url("/cut"))
        count = len(srv.requests_for("/cut"))
    assert error.reason == "network" and error.transient
    assert count == 2


def test_refused_connection_is_transient_connect(fetcher_factory: Any, fetch_error: Any) -> None:
    with serve({}) as srv:
        url = srv.url("/x")
    error = fetch_error(fetcher_factory(retries=0), url)
    assert error.reason == "connect" and error.transient
