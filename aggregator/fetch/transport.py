"""An ``httpx.Request`` in, an ``httpx.Response`` out, over sockets this module opens and guards.

``GuardedTransport`` is an httpx transport (the supported way to change how httpx talks to the
network) over two httpcore connection pools with our own network backend:

- a connection is opened only to the checked public addresses of a host, unless the request
  allows private ones (``request_extensions``); connections opened for requests that allow
  private addresses live in a pool of their own, so a request that does not allow them never
  rides on one (a keep-alive connection to 10.0.0.5 stays out of reach when DNS later answers
  a public address for the same host);
- every socket read and write waits at most until the request's wall-clock deadline, so a
  server dripping one byte a second cannot hold a request past ``total_timeout_s``.

httpcore errors are raised as the httpx errors of the same name, as httpx's own transport does;
``send_failure`` names the FetchError reason of each (``timeout``, ``connect``, ``network`` ...).
"""

from __future__ import annotations

import contextlib
import ssl
import threading
import time
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import httpcore
import httpx

from aggregator.errors import FetchError
from aggregator.fetch.guard import PrivateAddressError, public_addresses
from aggregator.fetch.reasons import fetch_failure

_DEADLINE = "aggregator.deadline"
_ALLOW_PRIVATE = "aggregator.allow_private"

# most specific first: the first class an httpcore error is an instance of names its httpx twin
_HTTPX_ERRORS: tuple[tuple[type[Exception], type[httpx.TransportError]], ...] = (
    (httpcore.ConnectTimeout, httpx.ConnectTimeout),
    (httpcore.ReadTimeout, httpx.ReadTimeout),
    (httpcore.WriteTimeout, httpx.WriteTimeout),
    (httpcore.PoolTimeout, httpx.PoolTimeout),
    (httpcore.TimeoutException, httpx.TimeoutException),
    (httpcore.ConnectError, httpx.ConnectError),
    (httpcore.ReadError, httpx.ReadError),
    (httpcore.WriteError, httpx.WriteError),
    (httpcore.NetworkError, httpx.NetworkError),
    (httpcore.RemoteProtocolError, httpx.RemoteProtocolError),
    (httpcore.LocalProtocolError, httpx.LocalProtocolError),
    (httpcore.ProtocolError, httpx.ProtocolError),
    (httpcore.UnsupportedProtocol, httpx.UnsupportedProtocol),
    (httpcore.ProxyError, httpx.ProxyError),
)


#: what sending a request may raise besides FetchError (``send_failure`` turns it into one)
SEND_ERRORS = (httpx.TransportError, httpx.InvalidURL, PrivateAddressError)


def request_extensions(*, deadline: float, allow_private: bool) -> dict[str, Any]:
    """What to pass as ``extensions=`` of a request: its ``time.monotonic()`` deadline and
    whether it may connect to private addresses."""
    return {_DEADLINE: deadline, _ALLOW_PRIVATE: allow_private}


# The deadline of the request this thread is sending or reading, for the streams to see:
# httpcore calls a stream's read() with no word of which request it serves.
_current = threading.local()


@contextlib.contextmanager
def _deadline(deadline: float | None) -> Iterator[None]:
    previous = getattr(_current, "deadline", None)
    _current.deadline = deadline
    try:
        yield
    finally:
        _current.deadline = previous


def _bounded(timeout: float | None, exc: type[Exception]) -> float | None:
    """``timeout`` shortened to what is left of this thread's request deadline."""
    deadline: float | None = getattr(_current, "deadline", None)
    if deadline is None:
        return timeout
    left = deadline - time.monotonic()
    if left <= 0:
        raise exc("total deadline of the request passed")
    return left if timeout is None else min(timeout, left)


@contextlib.contextmanager
def _as_httpx_errors(request: httpx.Request) -> Iterator[None]:
    """httpcore errors raised inside as the httpx errors of the same name; others untouched."""
    try:
        yield
    except Exception as exc:
        kind = next((ours for core, ours in _HTTPX_ERRORS if isinstance(exc, core)), None)
        if kind is None:
            raise
        raise kind(str(exc), request=request) from exc


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
    """Connects only to the checked public addresses of a host (unless ``allow_private``).

    A host with any non-public address raises ``guard.PrivateAddressError`` (not an httpcore
    error: it passes through httpx untouched and the Fetcher reports ``private_address``).
    """

    def __init__(self, *, allow_private: bool) -> None:
        self._inner = httpcore.SyncBackend()
        self._allow_private = allow_private

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        bounded = _bounded(timeout, httpcore.ConnectTimeout)
        if self._allow_private:
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


class _ResponseBody(httpx.SyncByteStream):
    """The body of an httpcore response, read under its request's deadline, httpx errors."""

    def __init__(self, response: httpcore.Response, request: httpx.Request) -> None:
        self._response = response
        self._request = request
        self._deadline: float | None = request.extensions.get(_DEADLINE)

    def __iter__(self) -> Iterator[bytes]:
        chunks = self._response.iter_stream()
        while True:
            with _deadline(self._deadline), _as_httpx_errors(self._request):
                chunk = next(chunks, None)
            if chunk is None:
                return
            yield chunk

    def close(self) -> None:
        with _as_httpx_errors(self._request):
            self._response.close()


class GuardedTransport(httpx.BaseTransport):
    """httpx transport over guarded sockets; ``verify`` as for httpx (an SSLContext or bool).

    Each pool keeps ``total_concurrency`` idle connections and opens at most twice as many.
    """

    def __init__(self, *, verify: ssl.SSLContext | bool, total_concurrency: int) -> None:
        ssl_context = httpx.create_ssl_context(verify=verify)
        self._pools = {
            allow: httpcore.ConnectionPool(
                ssl_context=ssl_context,
                max_connections=total_concurrency * 2,
                max_keepalive_connections=total_concurrency,
                keepalive_expiry=5.0,
                retries=0,  # the Fetcher retries, with backoff and its own bookkeeping
                network_backend=_GuardedBackend(allow_private=allow),
            )
            for allow in (False, True)
        }

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        extensions: Mapping[str, Any] = request.extensions
        pool = self._pools[bool(extensions.get(_ALLOW_PRIVATE, False))]
        assert isinstance(request.stream, httpx.SyncByteStream)
        core_request = httpcore.Request(
            method=request.method,
            url=httpcore.URL(
                scheme=request.url.raw_scheme,
                host=request.url.raw_host,
                port=request.url.port,
                target=request.url.raw_path,
            ),
            headers=request.headers.raw,
            content=request.stream,
            extensions={k: v for k, v in extensions.items() if not k.startswith("aggregator.")},
        )
        with _deadline(extensions.get(_DEADLINE)), _as_httpx_errors(request):
            response = pool.handle_request(core_request)
        return httpx.Response(
            status_code=response.status,
            headers=response.headers,
            stream=_ResponseBody(response, request),
            extensions=response.extensions,
        )

    def close(self) -> None:
        for pool in self._pools.values():
            pool.close()


def send_failure(
    exc: httpx.TransportError | httpx.InvalidURL | PrivateAddressError, url: str, origin_url: str
) -> FetchError:
    """The FetchError for one of ``SEND_ERRORS`` raised while requesting ``url``."""
    if isinstance(exc, httpx.TimeoutException):
        detail = str(exc) or "timed out"
        return fetch_failure(origin_url, "timeout", detail, at=url, transient=True)
    if isinstance(exc, httpx.ConnectError):
        return fetch_failure(origin_url, "connect", str(exc), at=url, transient=True)
    if isinstance(exc, httpx.UnsupportedProtocol):
        return fetch_failure(origin_url, "scheme", str(exc), at=url, blocked=True)
    if isinstance(exc, httpx.TransportError):
        return fetch_failure(origin_url, "network", repr(exc), at=url, transient=True)
    if isinstance(exc, httpx.InvalidURL):
        return fetch_failure(origin_url, "invalid_url", str(exc), at=url, blocked=True)
    return fetch_failure(origin_url, "private_address", str(exc), blocked=True)
