"""A real HTTP/1.1 server on 127.0.0.1 (port 0) for tests: routes in, base URL and request log out.

Usage::

    from tests.support.http import Response, serve, redirect

    with serve({"/feed.xml": Response(body=b"<rss/>", content_type="application/rss+xml")}) as srv:
        fetch_something(srv.url("/feed.xml"))
        assert srv.requests_for("/feed.xml")[0].header("user-agent").startswith("aggregator/")

A route value is one of:

- a ``Response``: served every time;
- a list of ``Response``: served in turn, the last one repeating (``[Response(503), Response()]``);
- a callable ``(Exchange) -> Response | None``: computes the answer; returning ``None`` means the
  callable wrote (or deliberately did not write) the answer itself through ``exchange.handler``
  (ready-made: ``redirect``, ``hang``, ``drip``, ``reset``, ``truncate``, ``chunked``).

Routes match on the path with its query string first, then on the bare path; anything else is
a 404. ``srv.routes`` may be changed while the server runs. Every request is logged *before* it is
answered, with a ``time.monotonic()`` timestamp, so tests can measure spacing between requests.
Misbehaving handlers wake up when the server stops, so leaving the ``with`` block never hangs.
``srv.url(path, host="localhost")`` names the same server under a second host name;
``serve(routes, tls=context)`` speaks HTTPS with the certificate in ``context``.
"""

from __future__ import annotations

import contextlib
import socket
import ssl
import struct
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass(frozen=True)
class Response:
    """One canned answer. ``Content-Length`` is added unless ``headers`` already has one."""

    status: int = 200
    body: bytes = b""
    headers: Sequence[tuple[str, str]] = ()
    content_type: str | None = "text/plain; charset=utf-8"


@dataclass(frozen=True)
class LoggedRequest:
    """What the server saw of one request (``time`` is ``time.monotonic()`` on arrival)."""

    time: float
    method: str
    path: str
    headers: tuple[tuple[str, str], ...]
    client_port: int

    def header(self, name: str) -> str | None:
        """First value of header ``name`` (case-insensitive), or None."""
        lowered = name.lower()
        return next((v for k, v in self.headers if k.lower() == lowered), None)


@dataclass
class Exchange:
    """Handed to callable routes: the logged request, the raw handler and the stop signal."""

    request: LoggedRequest
    handler: BaseHTTPRequestHandler
    stopping: threading.Event
    count: int = 0  # how many requests this route had before this one

    def write_head(self, status: int, headers: Sequence[tuple[str, str]] = ()) -> None:
        """Send a status line and headers (no body) and flush them."""
        self.handler.send_response(status)
        for key, value in headers:
            self.handler.send_header(key, value)
        self.handler.end_headers()
        self.handler.wfile.flush()


Handler = Callable[[Exchange], Response | None]
Route = Response | Sequence[Response] | Handler


@dataclass
class TestServer:
    """A running server: ``base_url`` like ``http://127.0.0.1:PORT``, routes and request log."""

    __test__ = False  # not a pytest test class

    base_url: str
    port: int
    routes: dict[str, Route]
    stopping: threading.Event
    _log: list[LoggedRequest] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _counts: dict[str, int] = field(default_factory=dict)

    def url(self, path: str, *, host: str | None = None) -> str:
        """Absolute URL of ``path``; ``host="localhost"`` gives a second host name for it."""
        scheme = self.base_url.split(":", 1)[0]
        return f"{scheme}://{host or '127.0.0.1'}:{self.port}{path}"

    @property
    def requests(self) -> list[LoggedRequest]:
        """A copy of the request log, oldest first."""
        with self._lock:
            return list(self._log)

    def requests_for(self, path: str) -> list[LoggedRequest]:
        """Logged requests whose path (with or without query) equals ``path``."""
        return [r for r in self.requests if r.path == path or r.path.split("?")[0] == path]

    def _record(self, request: LoggedRequest, route_key: str) -> int:
        with self._lock:
            self._log.append(request)
            count = self._counts.get(route_key, 0)
            self._counts[route_key] = count + 1
            return count


# -- ready-made misbehaviour -------------------------------------------------------------------


def redirect(location: str, status: int = 302) -> Response:
    """A redirect to ``location`` (absolute or relative)."""
    return Response(status=status, headers=(("Location", location),), content_type=None)


def hang(exchange: Exchange) -> None:
    """Accept the request and never answer (until the server stops)."""
    exchange.stopping.wait(30)


def drip(body: bytes, interval: float, *, drip_headers: bool = False) -> Handler:
    """Send ``body`` one byte every ``interval`` seconds (the status line too if drip_headers)."""

    def handler(exchange: Exchange) -> None:
        head = (
            f"HTTP/1.1 200 OK\r\nContent-Length: {len(body)}\r\nContent-Type: text/plain\r\n\r\n"
        ).encode("ascii")
        out = exchange.handler.wfile
        if not drip_headers:
            out.write(head)
            out.flush()
            head = b""
        for byte in head + body:
            if exchange.stopping.wait(interval):
                break
            out.write(bytes([byte]))
            out.flush()
        exchange.handler.close_connection = True

    return handler


def reset(exchange: Exchange) -> None:
    """Close the connection abruptly (RST) without sending anything."""
    sock = exchange.handler.connection
    with contextlib.suppress(OSError):
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    exchange.handler.close_connection = True
    with contextlib.suppress(OSError):
        sock.close()


def truncate(head: Response, cut: int) -> Handler:
    """Announce ``head``'s full Content-Length, send only ``cut`` body bytes, then close."""

    def handler(exchange: Exchange) -> None:
        headers = [*head.headers, ("Content-Length", str(len(head.body)))]
        if head.content_type:
            headers.append(("Content-Type", head.content_type))
        exchange.write_head(head.status, headers)
        exchange.handler.wfile.write(head.body[:cut])
        exchange.handler.wfile.flush()
        exchange.handler.close_connection = True

    return handler


def chunked(
    parts: Sequence[bytes], *, status: int = 200, headers: Sequence[tuple[str, str]] = ()
) -> Handler:
    """Send ``parts`` with ``Transfer-Encoding: chunked`` (no Content-Length up front)."""

    def handler(exchange: Exchange) -> None:
        exchange.write_head(status, [*headers, ("Transfer-Encoding", "chunked")])
        out = exchange.handler.wfile
        for part in parts:
            if part:
                out.write(b"%x\r\n%s\r\n" % (len(part), part))
        out.write(b"0\r\n\r\n")
        out.flush()

    return handler


# -- the server ---------------------------------------------------------------------------------


class _Server(ThreadingHTTPServer):
    daemon_threads = False  # joined on close: handlers must finish, and they do when stopping
    block_on_close = True

    def __init__(self, state: TestServer | None) -> None:
        super().__init__(("127.0.0.1", 0), _RequestHandler)
        self.state = state
        self.open_sockets: set[socket.socket] = set()
        self.sockets_lock = threading.Lock()

    def handle_error(self, request: Any, client_address: Any) -> None:
        # Clients hanging up on misbehaving handlers is the point of many tests: stay quiet.
        pass


class _RequestHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def setup(self) -> None:
        if isinstance(self.request, ssl.SSLSocket):
            self.request.do_handshake()  # here, in the handler thread, not in accept()
        super().setup()
        with self.server.sockets_lock:
            self.server.open_sockets.add(self.connection)

    def finish(self) -> None:
        with contextlib.suppress(OSError):
            super().finish()
        with self.server.sockets_lock:
            self.server.open_sockets.discard(self.connection)

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        self._answer()

    def do_HEAD(self) -> None:
        self._answer()

    def _answer(self) -> None:
        state = self.server.state
        assert state is not None
        request = LoggedRequest(
            time=time.monotonic(),
            method=self.command,
            path=self.path,
            headers=tuple(self.headers.items()),
            client_port=self.client_address[1],
        )
        key = self.path if self.path in state.routes else self.path.split("?")[0]
        count = state._record(request, key)
        route = state.routes.get(key)
        try:
            if route is None:
                self._send(Response(404, b"not found"))
            elif isinstance(route, Response):
                self._send(route)
            elif isinstance(route, Sequence):
                self._send(route[min(count, len(route) - 1)])
            else:
                answer = route(Exchange(request, self, state.stopping, count))
                if answer is not None:
                    self._send(answer)
        except OSError:
            self.close_connection = True

    def _send(self, response: Response) -> None:
        self.send_response(response.status)
        names = {k.lower() for k, _ in response.headers}
        for key, value in response.headers:
            self.send_header(key, value)
        if response.content_type and "content-type" not in names:
            self.send_header("Content-Type", response.content_type)
        if "content-length" not in names and response.status not in (204, 304):
            self.send_header("Content-Length", str(len(response.body)))
        self.end_headers()
        if self.command != "HEAD" and response.status not in (204, 304):
            self.wfile.write(response.body)
        self.wfile.flush()


@contextlib.contextmanager
def serve(
    routes: Mapping[str, Route] | None = None, *, tls: ssl.SSLContext | None = None
) -> Iterator[TestServer]:
    """Run a threaded server on 127.0.0.1:0 with ``routes`` for the ``with`` block.

    With ``tls`` (a server-side context holding a certificate) it speaks HTTPS instead.
    """
    server = _Server(None)
    if tls is not None:
        server.socket = tls.wrap_socket(
            server.socket, server_side=True, do_handshake_on_connect=False
        )
    port = server.server_address[1]
    state = TestServer(
        base_url=f"{'https' if tls else 'http'}://127.0.0.1:{port}",
        port=port,
        routes=dict(routes or {}),
        stopping=threading.Event(),
    )
    server.state = state
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.daemon = True
    thread.start()
    try:
        yield state
    finally:
        state.stopping.set()
        server.shutdown()
        with server.sockets_lock:
            for sock in list(server.open_sockets):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
        server.server_close()
        thread.join(5)
