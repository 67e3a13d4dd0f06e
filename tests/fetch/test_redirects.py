"""Redirects followed by hand: the chain recorded, loops, long chains, non-http targets."""

from __future__ import annotations

from typing import Any

from aggregator.errors import BlockedURLError
from tests.support.http import Response, redirect, serve


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


def test_redirect_loop(fetcher_factory: Any, fetch_error: Any) -> None:
    routes = {"/a": redirect("/b"), "/b": redirect("/a")}
    with serve(routes) as srv:
        error = fetch_error(fetcher_factory(), srv.url("/a"))
        count = len(srv.requests)
    assert error.reason == "redirect_loop" and not error.transient
    assert count == 2


def test_redirect_chain_too_long(fetcher_factory: Any, fetch_error: Any) -> None:
    routes = {f"/r{i}": redirect(f"/r{i + 1}") for i in range(10)}
    with serve(routes) as srv:
        error = fetch_error(fetcher_factory(max_redirects=3), srv.url("/r0"))
        count = len(srv.requests)
    assert error.reason == "too_many_redirects"
    assert count == 4  # the first request plus three followed hops


def test_redirect_to_ftp_is_blocked(fetcher_factory: Any, fetch_error: Any) -> None:
    with serve({"/a": redirect("ftp://files.example.org/x")}) as srv:
        error = fetch_error(fetcher_factory(), srv.url("/a"))
    assert isinstance(error, BlockedURLError)
    assert error.reason == "scheme"
