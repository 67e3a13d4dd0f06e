"""A URL in, its checked ``Target`` (scheme, host, port) or a ``BlockedURLError`` out; may ask DNS.

The fetcher refuses, before any request and at every redirect hop, what is not http/https, what
has no host, and (unless the outlet allows it) a host with any loopback, private, link-local,
reserved, multicast or unspecified address. The same address test runs again when the
connection is opened (``transport.py``), so a DNS answer that changes between the check and
the connect (rebinding) cannot reach a private address either.
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx

from aggregator.fetch.reasons import fetch_failure

SCHEMES = ("http", "https")


class PrivateAddressError(Exception):
    """Raised when a host resolves to a non-public address (turned into ``private_address``)."""

    def __init__(self, host: str, address: str) -> None:
        super().__init__(f"{host} resolves to non-public address {address}")
        self.host = host
        self.address = address


@dataclass(frozen=True)
class Target:
    """Where one request goes: lower-case scheme, ASCII host (IDNA-encoded) and port."""

    scheme: str
    host: str
    port: int

    @property
    def origin(self) -> str:
        """``scheme://host[:port]``, the port only when it is not the scheme's default."""
        default = 443 if self.scheme == "https" else 80
        host = f"[{self.host}]" if ":" in self.host else self.host
        return (
            f"{self.scheme}://{host}"
            if self.port == default
            else f"{self.scheme}://{host}:{self.port}"
        )


def target_of(url: str, origin_url: str) -> Target:
    """Scheme, ASCII host and port of ``url``, or BlockedURLError (``scheme`` / ``invalid_url``).

    ``origin_url`` is the URL first asked for: errors name it, whichever hop failed.
    """
    scheme = urlsplit(url).scheme.lower()
    if scheme not in SCHEMES:
        raise fetch_failure(origin_url, "scheme", "not http(s)", at=url, blocked=True)
    try:
        parsed = httpx.URL(url)
    except httpx.InvalidURL as exc:
        raise fetch_failure(origin_url, "invalid_url", str(exc), at=url, blocked=True) from exc
    host = parsed.raw_host.decode("ascii").lower()
    if not host:
        raise fetch_failure(origin_url, "invalid_url", "no host", at=url, blocked=True)
    return Target(scheme, host, parsed.port or (443 if scheme == "https" else 80))


def is_public(address: str) -> bool:
    """True for a globally routable unicast address (an IPv4-mapped IPv6 one is judged as IPv4)."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    refused = (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_reserved
        or ip.is_multicast
        or ip.is_unspecified
    )
    return ip.is_global and not refused


def public_addresses(host: str, port: int) -> list[str]:
    """The addresses of ``host``; PrivateAddressError if any is not public (fail closed).

    Raises OSError (``socket.gaierror``) when the name does not resolve.
    """
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    addresses = list(dict.fromkeys(str(info[4][0]) for info in infos))
    for address in addresses:
        if not is_public(address):
            raise PrivateAddressError(host, address)
    return addresses


def check_address(target: Target, origin_url: str) -> None:
    """BlockedURLError (``private_address``) or a transient ``dns`` FetchError, else nothing."""
    try:
        public_addresses(target.host, target.port)
    except PrivateAddressError as exc:
        raise fetch_failure(origin_url, "private_address", str(exc), blocked=True) from exc
    except OSError as exc:
        detail = f"cannot resolve {target.host}: {exc}"
        raise fetch_failure(origin_url, "dns", detail, transient=True) from exc
