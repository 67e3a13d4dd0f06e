"""Refusals before any request: non-http schemes, hosts with private addresses."""

from __future__ import annotations

from typing import Any

import pytest

from aggregator.errors import BlockedURLError
from tests.support.http import Response, serve


@pytest.mark.parametrize("url", ["ftp://example.org/feed", "file:///etc/passwd", "javascript:x"])
def test_non_http_scheme_is_blocked(fetcher_factory: Any, url: str, fetch_error: Any) -> None:
    error = fetch_error(fetcher_factory(), url)
    assert isinstance(error, BlockedURLError) and error.reason == "scheme"


def test_private_address_refused_without_allow_private(
    fetcher_factory: Any, fetch_error: Any
) -> None:
    with serve({"/a": Response(body=b"secret")}) as srv:
        fetcher = fetcher_factory()
        error = fetch_error(fetcher, srv.url("/a"), allow_private=False)
        localhost = fetch_error(fetcher, srv.url("/a", host="localhost"), allow_private=False)
        count = len(srv.requests)
    assert isinstance(error, BlockedURLError) and error.reason == "private_address"
    assert localhost.reason == "private_address"
    assert count == 0
