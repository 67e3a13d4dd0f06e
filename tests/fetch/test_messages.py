"""Fetch failures name the URL once: ``fetch URL: what [reason]; what next``, and a ``detail``
without the URL for the lines that name the feed or article already."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support.http import Response, hang, redirect, reset, serve


@pytest.mark.parametrize(
    ("route", "reason", "what"),
    [
        (Response(404), "http_404", "status 404"),
        (Response(503), "http_503", "status 503 after 1 attempts"),
        (reset, "network", "Connection reset"),
        (hang, "timeout", "timed out"),
    ],
)
def test_a_failure_names_the_url_once(
    fetcher_factory: Any, fetch_error: Any, route: Any, reason: str, what: str
) -> None:
    with serve({"/feed.xml": route}) as srv:
        url = srv.url("/feed.xml")
        error = fetch_error(fetcher_factory(retries=0, timeout_s=0.3, total_timeout_s=1.0), url)
    assert error.reason == reason
    message = str(error)
    assert message.count(url) == 1, message
    assert message.startswith(f"fetch {url}: ")
    assert message.count(f"[{reason}]") == 1 and what in message
    assert error.detail == message.removeprefix(f"fetch {url}: ")
    assert url not in error.detail and srv.url("") not in error.detail


def test_a_refused_connection_names_the_url_once(fetcher_factory: Any, fetch_error: Any) -> None:
    with serve({}) as srv:
        url = srv.url("/gone.xml")
    error = fetch_error(fetcher_factory(retries=0), url)
    assert str(error).count(url) == 1, str(error)
    assert error.detail.endswith("[connect]; may succeed on a later run")
    assert url not in error.detail


def test_a_redirect_names_the_hop_that_failed_once(fetcher_factory: Any, fetch_error: Any) -> None:
    with serve({"/old": redirect("/new"), "/new": Response(410)}) as srv:
        old, new = srv.url("/old"), srv.url("/new")
        error = fetch_error(fetcher_factory(), old)
    assert error.detail == f"status 410 (redirected to {new}) [http_410]; skipped"
    assert str(error) == f"fetch {old}: {error.detail}"
