"""Refusals before any request: non-http schemes, hosts with private addresses; what is public."""

from __future__ import annotations

from typing import Any

import pytest

from aggregator.errors import BlockedURLError
from aggregator.fetch.guard import Target, is_public, target_of
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


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("8.8.8.8", True),
        ("2606:4700:4700::1111", True),
        ("::ffff:8.8.8.8", True),
        ("127.0.0.1", False),
        ("::ffff:127.0.0.1", False),  # loopback dressed as IPv6
        ("::1", False),
        ("10.1.2.3", False),
        ("fd00::1", False),
        ("169.254.169.254", False),  # cloud metadata endpoints live here
        ("fe80::1%eth0", False),
        ("100.64.0.1", False),  # carrier-grade NAT: not global
        ("0.0.0.0", False),
        ("224.0.0.1", False),
    ],
)
def test_which_addresses_are_public(address: str, public: bool) -> None:
    assert is_public(address) is public


def test_targets_are_ascii_hosts_with_ports_and_origins() -> None:
    idn = target_of("https://Bücher.example/x", "https://Bücher.example/x")
    assert idn == Target("https", "xn--bcher-kva.example", 443)
    assert idn.origin == "https://xn--bcher-kva.example"
    assert target_of("http://[::1]:8080/x", "u").origin == "http://[::1]:8080"
    assert target_of("HTTPS://a.example:443/", "u").origin == "https://a.example"
