"""Fetch settings in, the httpx transport the Fetcher sends through out; opens sockets.

Its network backend connects only to the checked public addresses of a host (unless the request
allows private ones) and bounds every socket read and write by the request's wall-clock
deadline, which ``request_context`` sets for the calling thread.
"""

from __future__ import annotations

import contextlib
import ssl
import threading
import time
from collections.abc import Iterable, Iterator
from typing import Any

import httpcore
import httpx

from aggregator.fetch.guard import public_addresses

_context = threading.local()


@contextlib.contextmanager
def request_context(*, deadline: float, allow_private: bool) -> Iterator[None]:
    """For this thread's next request: its ``time.monotonic()`` deadline and address policy."""
    _context.deadline = deadline
    _context.allow_private = allow_private
    try:
        yield
    finally:
        _context.deadline = None
        _context.allow_private = False


def _bounded(timeout: float | None, exc: type[Exception]) -> float | None:
    """``timeout`` shortened to what is left of this thread's request deadline."""
    deadline: float | None = getattr(_context, "deadline", None)
    if deadline is None:
        return timeout
    left = deadline - time.monotonic()
    if left <= 0:
        raise exc("total deadline of the request passed")
    return left if timeout is None else min(timeout, left)


class _GuardedStream(httpcore.NetworkStream):
    """Every socket read/write waits at most until the request's wall-clock deadline."""

    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, _bounded(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, _bounded(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        bounded = _bounded(timeout, httpcore.ConnectTimeout)
        return _GuardedStream(self._inner.start_tls(ssl_context, server_hostname, bounded))

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class _GuardedBackend(httpcore.NetworkBackend):
    """Connects only to the checked public addresses of a host (unless private is allowed)."""

    def __init__(self) -> None:
        self._inner = httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        bounded = _bounded(timeout, httpcore.ConnectTimeout)
        if getattr(_context, "allow_private", False):
            targets = [host]
        else:
            try:
                targets = public_addresses(host, port)
            except OSError as exc:
                raise httpcore.ConnectError(f"cannot resolve {host}: {exc}") from exc
        failure: Exception = httpcore.ConnectError(f"no address for {host}")
        for target in targets:
            try:
                stream = self._inner.connect_tcp(
                    target, port, bounded, local_address, socket_options
                )
            except httpcore.ConnectError as exc:
                failure = exc
                continue
            return _GuardedStream(stream)
        raise failure

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.NetworkStream:
        raise httpcore.ConnectError("unix sockets are not used by the fetcher")

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


def guarded_transport(
    *, verify: ssl.SSLContext | bool, total_concurrency: int
) -> httpx.BaseTransport:
    """An HTTPTransport whose connection pool uses the guarded backend."""
    transport = httpx.HTTPTransport(retries=0)
    # httpx exposes no network-backend hook; the pool is swapped for one whose backend
    # enforces the total deadline on every socket read and the address check at connect.
    transport._pool = httpcore.ConnectionPool(
        ssl_context=httpx.create_ssl_context(verify=verify),
        max_connections=total_concurrency * 2,
        max_keepalive_connections=total_concurrency,
        keepalive_expiry=5.0,
        retries=0,
        network_backend=_GuardedBackend(),
    )
    return transport
