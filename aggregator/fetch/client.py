"""URL in, ``FetchResult`` out: the only HTTP code of the package (httpx, one client per Fetcher).

``Fetcher`` is polite and defensive: per-host minimum delay and concurrency plus a global
concurrency limit, robots.txt, conditional GET backed by a body hash, retries with exponential
backoff and full jitter (honouring ``Retry-After``), connect/read timeouts plus a wall-clock
deadline per request, a size cap on *decoded* bytes, http/https only, no private addresses
(checked before the request and again at connect time, so DNS rebinding cannot slip through),
and redirects followed by hand so every hop gets the same checks.

Politeness is keyed by **host name** (lower-case, port ignored): one server is one host however
many ports it listens on, and ``feeds.yaml`` names hosts. ``127.0.0.1`` and ``localhost`` are two
hosts. robots.txt is cached per origin (scheme, host, port), as RFC 9309 says.

The body is returned decoded (gzip/deflate undone here, with bounded output); ``headers`` are
as received, so ``Content-Encoding``/``Content-Length`` describe the wire form, not ``body``.

Reason tags of ``FetchError.reason`` (``BlockedURLError`` for the refused-before-request ones):

============================  =========  ==========================================================
reason                        transient  raised when
============================  =========  ==========================================================
``scheme``                    no         not http/https (also a redirect to ftp:, mailto: ...)
``invalid_url``               no         the URL cannot be parsed or has no host
``private_address``           no         the host resolves to a loopback/private/link-local/reserved
                                         address and ``allow_private`` is False (at every hop)
``robots``                    no         robots.txt disallows the URL for our User-Agent
``dns``                       yes        the host name does not resolve
``connect``                   yes        the TCP/TLS connection failed (after retries)
``timeout``                   yes        connect/read timeout or the total deadline (after retries)
``network``                   yes        reset, server hung up, protocol error (after retries)
``http_429``, ``http_5xx``    yes        still 429 / 5xx after retries (``http_503`` ...)
``retry_after_too_long``      yes        ``Retry-After`` exceeds ``max_retry_after_s``
``http_4xx``                  no         any other 4xx: ``http_404``, ``http_410`` ...
``http_3xx``                  no         a 3xx that is not a usable redirect (300, 305 ...)
``bad_redirect``              no         a redirect without a ``Location`` header
``too_many_redirects``        no         more than ``max_redirects`` hops
``redirect_loop``             no         a hop points back to a URL already in the chain
``too_large``                 no         Content-Length or decoded body over ``max_bytes``
``decode_error``              no         corrupt or truncated gzip/deflate, unknown Content-Encoding
============================  =========  ==========================================================

The ``httpx`` and ``httpcore`` loggers are set to WARNING when a Fetcher is created (unless
someone already gave them a level): their per-request INFO lines would drown the run summary.
"""

from __future__ import annotations

import contextlib
import hashlib
import ipaddress
import logging
import random
import socket
import ssl
import threading
import time
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from types import TracebackType
from typing import Any
from urllib.parse import urljoin, urlsplit, urlunsplit

import httpcore
import httpx

from aggregator.config import FetchSettings
from aggregator.errors import BlockedURLError, FetchError
from aggregator.fetch.robots import RobotsCache, RobotsRules, rules_for_status, unavailable_rules
from aggregator.records import FetchResult, Validators

log = logging.getLogger(__name__)

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
ROBOTS_MAX_BYTES = 512_000  # RFC 9309: parse at least 500 KiB
_ACCEPT_ENCODING = "gzip, deflate"  # the codings we decode ourselves, with bounded output


# -- per-thread request context, read by the network backend -----------------------------------

_context = threading.local()


class _PrivateAddressError(Exception):
    """Raised inside the network backend when a host resolves to a non-public address."""

    def __init__(self, host: str, address: str) -> None:
        super().__init__(f"{host} resolves to non-public address {address}")
        self.host = host
        self.address = address


def _bounded(timeout: float | None, exc: type[Exception]) -> float | None:
    """``timeout`` shortened to what is left of this thread's request deadline."""
    deadline: float | None = getattr(_context, "deadline", None)
    if deadline is None:
        return timeout
    left = deadline - time.monotonic()
    if left <= 0:
        raise exc("total deadline of the request passed")
    return left if timeout is None else min(timeout, left)


def _is_public(address: str) -> bool:
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


def _public_addresses(host: str, port: int) -> list[str]:
    """Addresses of ``host``; raises _PrivateAddressError if any is not public (fail closed)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    addresses = list(dict.fromkeys(str(info[4][0]) for info in infos))
    for address in addresses:
        if not _is_public(address):
            raise _PrivateAddressError(host, address)
    return addresses


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
                targets = _public_addresses(host, port)
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


# -- small pieces ---------------------------------------------------------------------------------


def _fail(
    url: str,
    reason: str,
    detail: str,
    *,
    transient: bool = False,
    status: int | None = None,
    blocked: bool = False,
) -> FetchError:
    after = "may succeed on a later run" if transient else "skipped"
    message = f"fetch {url}: {detail} [{reason}]; {after}"
    kind = BlockedURLError if blocked else FetchError
    return kind(message, url=url, reason=reason, transient=transient, status=status)


def parse_retry_after(value: str | None, *, now: datetime | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` value (delta-seconds or HTTP date), or None."""
    if value is None:
        return None
    value = value.strip()
    if value.isdigit():
        return float(int(value))
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def _host_key(host: str) -> str:
    """``Example.org``, ``example.org:8080``, ``[::1]:80`` -> the bare lower-case host name."""
    host = host.strip().lower()
    if host.startswith("["):
        return host[1 : host.index("]")] if "]" in host else host[1:]
    return host.split(":", 1)[0] if host.count(":") == 1 else host


def _loop_key(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(
        (parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", parts.query, "")
    )


@dataclass(frozen=True)
class _Target:
    scheme: str
    host: str
    port: int

    @property
    def origin(self) -> str:
        default = 443 if self.scheme == "https" else 80
        netloc = self.host if self.port == default else f"{self.host}:{self.port}"
        if ":" in self.host:
            netloc = f"[{self.host}]" if self.port == default else f"[{self.host}]:{self.port}"
        return f"{self.scheme}://{netloc}"


def _target(url: str, origin_url: str) -> _Target:
    """Scheme, ASCII host and port of ``url``, or BlockedURLError (scheme / invalid_url)."""
    scheme = urlsplit(url).scheme.lower()
    if scheme not in ("http", "https"):
        raise _fail(origin_url, "scheme", f"{url!r} is not http(s)", blocked=True)
    try:
        parsed = httpx.URL(url)
    except httpx.InvalidURL as exc:
        raise _fail(origin_url, "invalid_url", f"{url!r}: {exc}", blocked=True) from exc
    host = parsed.raw_host.decode("ascii").lower()
    if not host:
        raise _fail(origin_url, "invalid_url", f"{url!r} has no host", blocked=True)
    return _Target(scheme, host, parsed.port or (443 if scheme == "https" else 80))


class _Body:
    """Accumulates a response body, undoing gzip/deflate with output bounded by ``limit``."""

    def __init__(self, content_encoding: str | None, *, limit: int, url: str) -> None:
        codings = [c.strip().lower() for c in (content_encoding or "").split(",")]
        codings = [c for c in codings if c and c not in ("identity", "none")]
        self._url = url
        self._limit = limit
        self._out = bytearray()
        self._kind = codings[0] if len(codings) == 1 else ""
        if self._kind == "x-gzip":
            self._kind = "gzip"
        if codings and self._kind not in ("gzip", "deflate"):
            raise _fail(url, "decode_error", f"unsupported Content-Encoding {content_encoding!r}")
        self._inflater = self._new_inflater()
        self._started = False

    def _new_inflater(self, wbits: int | None = None) -> Any:
        if not self._kind:
            return None
        if wbits is None:
            wbits = 16 + zlib.MAX_WBITS if self._kind == "gzip" else zlib.MAX_WBITS
        return zlib.decompressobj(wbits)

    def _append(self, data: bytes) -> None:
        self._out += data
        if len(self._out) > self._limit:
            raise _fail(self._url, "too_large", f"body over the {self._limit}-byte cap")

    def feed(self, data: bytes) -> None:
        if self._inflater is None:
            self._append(data)
            return
        first = not self._started
        self._started = self._started or bool(data)
        try:
            self._inflate(data)
        except zlib.error as exc:
            if not (first and self._kind == "deflate"):
                raise _fail(self._url, "decode_error", f"corrupt {self._kind} body: {exc}") from exc
            # Some servers send raw deflate (no zlib header); retry this first chunk that way.
            self._inflater = self._new_inflater(-zlib.MAX_WBITS)
            try:
                self._inflate(data)
            except zlib.error as exc2:
                raise _fail(self._url, "decode_error", f"corrupt deflate body: {exc2}") from exc2

    def _inflate(self, data: bytes) -> None:
        while data:
            if self._inflater.eof:
                if self._kind == "gzip" and data[:2] == b"\x1f\x8b":
                    self._inflater = self._new_inflater()  # another gzip member follows
                else:
                    return  # trailing padding after the stream: ignored
            # max_length bounds the output of one call: a bomb cannot inflate past the cap.
            self._append(self._inflater.decompress(data, self._limit - len(self._out) + 1))
            data = self._inflater.unconsumed_tail or (
                self._inflater.unused_data if self._inflater.eof else b""
            )

    def finish(self) -> bytes:
        if self._inflater is not None and self._started and not self._inflater.eof:
            raise _fail(self._url, "decode_error", f"truncated {self._kind} body")
        return bytes(self._out)


@dataclass(frozen=True)
class _Raw:
    """One HTTP exchange as read off the wire (body read only for 2xx)."""

    url: str
    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes
    fetched_at: datetime
    elapsed_s: float

    def header(self, name: str) -> str | None:
        lowered = name.lower()
        return next((v for k, v in self.headers if k.lower() == lowered), None)


class _Host:
    """Politeness state of one host: its slots and when its next request may start."""

    def __init__(self, min_delay_s: float, concurrency: int) -> None:
        self.min_delay_s = min_delay_s
        self.slots = threading.BoundedSemaphore(concurrency)
        self.concurrency = concurrency
        self.next_start = 0.0
        self.lock = threading.Lock()


# -- the fetcher ----------------------------------------------------------------------------------


class Fetcher:
    """One httpx client with politeness, robots.txt, retries and caps. Thread-safe.

    ``sleep`` waits between retries (inject a recorder in tests); ``rng`` draws the jitter;
    ``verify`` is an ``ssl.SSLContext`` trusting other CAs (or False: never in production).
    Politeness waits always use real time. Proxies from the environment are not used.
    """

    def __init__(
        self,
        settings: FetchSettings | None = None,
        *,
        sleep: Callable[[float], None] = time.sleep,
        rng: random.Random | None = None,
        verify: ssl.SSLContext | bool = True,
    ) -> None:
        self._settings = settings or FetchSettings()
        self._sleep = sleep
        self._rng = rng or random.Random()
        self._rng_lock = threading.Lock()
        self._hosts: dict[str, _Host] = {}
        self._policies: dict[str, tuple[float, int]] = {}
        self._hosts_lock = threading.Lock()
        self._global = threading.BoundedSemaphore(self._settings.total_concurrency)
        self._robots = RobotsCache()
        for name in ("httpx", "httpcore"):
            library_log = logging.getLogger(name)
            if library_log.level == logging.NOTSET:
                library_log.setLevel(logging.WARNING)
        s = self._settings
        transport = httpx.HTTPTransport(retries=0)
        # httpx exposes no network-backend hook; the pool is swapped for one whose backend
        # enforces the total deadline on every socket read and the address check at connect.
        transport._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(verify=verify),
            max_connections=s.total_concurrency * 2,
            max_keepalive_connections=s.total_concurrency,
            keepalive_expiry=5.0,
            retries=0,
            network_backend=_GuardedBackend(),
        )
        self._client = httpx.Client(
            transport=transport,
            follow_redirects=False,
            timeout=httpx.Timeout(s.timeout_s),
            headers={"User-Agent": s.user_agent, "Accept-Encoding": _ACCEPT_ENCODING},
            trust_env=False,
        )

    # lifetime

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the HTTP client and its connections."""
        self._client.close()

    # politeness

    def set_host_policy(
        self, host: str, *, min_delay_s: float | None = None, concurrency: int | None = None
    ) -> None:
        """Override the minimum delay and concurrency of one host name (a port is ignored)."""
        key = _host_key(host)
        with self._hosts_lock:
            old_delay, old_conc = self._policies.get(
                key, (self._settings.min_delay_s, self._settings.concurrency)
            )
            delay = old_delay if min_delay_s is None else min_delay_s
            conc = old_conc if concurrency is None else concurrency
            if delay < 0 or conc < 1:
                raise ValueError(f"bad policy for {host}: min_delay_s={delay}, concurrency={conc}")
            self._policies[key] = (delay, conc)
            state = self._hosts.get(key)
            if state is not None:
                state.min_delay_s = delay
                if conc != state.concurrency:
                    state.slots = threading.BoundedSemaphore(conc)
                    state.concurrency = conc

    def _host(self, host: str) -> _Host:
        with self._hosts_lock:
            state = self._hosts.get(host)
            if state is None:
                delay, conc = self._policies.get(
                    host, (self._settings.min_delay_s, self._settings.concurrency)
                )
                state = self._hosts[host] = _Host(delay, conc)
            return state

    @contextlib.contextmanager
    def _slot(self, host: str) -> Iterator[None]:
        """Hold one of the host's slots, after its minimum delay, and one global slot."""
        state = self._host(host)
        slots = state.slots
        slots.acquire()
        try:
            with self._global:
                # book the start only when the request can really go: a booking made before
                # waiting for a global slot could let the host's next request go too soon
                while True:
                    with state.lock:
                        now = time.monotonic()
                        if now >= state.next_start:
                            state.next_start = now + state.min_delay_s
                            break
                        wait = state.next_start - now
                    time.sleep(wait)
                yield
        finally:
            slots.release()

    # robots.txt

    def _check_robots(
        self, url: str, target: _Target, origin_url: str, allow_private: bool
    ) -> None:
        def load(origin: str) -> RobotsRules:
            robots_url = origin + "/robots.txt"
            try:
                raw, _final, _hops = self._follow(
                    robots_url,
                    {},
                    allow_private,
                    robots=False,
                    retries=0,
                    max_bytes=min(ROBOTS_MAX_BYTES, self._settings.max_bytes),
                )
            except FetchError as exc:
                return unavailable_rules(origin, exc.reason)
            rules = rules_for_status(raw.status, raw.body, origin=origin)
            log.debug("robots.txt of %s: %s (status %s)", origin, rules.source, raw.status)
            delay = rules.crawl_delay(self._settings.user_agent)
            if delay is not None:
                self._lengthen_delay(target.host, delay)
            return rules

        rules = self._robots.get(target.origin, load)
        if not rules.allows(url, self._settings.user_agent):
            raise _fail(
                origin_url, "robots", f"robots.txt of {target.origin} disallows {url}", blocked=True
            )

    def _lengthen_delay(self, host: str, delay: float) -> None:
        delay = min(delay, self._settings.max_retry_after_s)
        state = self._host(host)
        with state.lock:
            if delay > state.min_delay_s:
                log.info("%s asks for Crawl-delay %ss; honouring it", host, delay)
                state.min_delay_s = delay

    # fetching

    def fetch(
        self,
        url: str,
        *,
        validators: Validators | None = None,
        allow_private: bool = False,
        accept: str | None = None,
    ) -> FetchResult:
        """GET ``url`` politely; ``not_modified`` on 304 or when the body hash is unchanged.

        Raises BlockedURLError when refused before a request, FetchError when it failed.
        ``redirects`` lists the URLs redirected to, in order (the last is ``final_url``).
        """
        headers = dict(self._conditional_headers(validators, accept))
        raw, final_url, hops = self._follow(
            url,
            headers,
            allow_private,
            robots=self._settings.obey_robots,
            retries=self._settings.retries,
            max_bytes=self._settings.max_bytes,
        )
        status = raw.status
        previous = validators.body_sha256 if validators is not None else None
        if status == 304:
            body = b""
            digest = previous or hashlib.sha256(body).hexdigest()
            not_modified = True
        elif 200 <= status < 300:
            body = raw.body
            digest = hashlib.sha256(body).hexdigest()
            not_modified = previous is not None and previous == digest
        else:
            raise _fail(url, f"http_{status}", f"status {status} from {final_url}", status=status)
        log.debug("fetched %s -> %s %s (%d bytes)", url, final_url, status, len(body))
        return FetchResult(
            url=url,
            final_url=final_url,
            status=status,
            headers=raw.headers,
            body=body,
            fetched_at=raw.fetched_at,
            elapsed_s=raw.elapsed_s,
            body_sha256=digest,
            not_modified=not_modified,
            redirects=hops,
        )

    def request_headers(
        self, *, validators: Validators | None = None, accept: str | None = None
    ) -> tuple[tuple[str, str], ...]:
        """The headers ``fetch`` sends with these arguments (for the WARC request record)."""
        return (
            ("User-Agent", self._settings.user_agent),
            ("Accept-Encoding", _ACCEPT_ENCODING),
            *self._conditional_headers(validators, accept),
        )

    @staticmethod
    def _conditional_headers(
        validators: Validators | None, accept: str | None
    ) -> list[tuple[str, str]]:
        headers: list[tuple[str, str]] = []
        if accept:
            headers.append(("Accept", accept))
        if validators is not None and validators.etag:
            headers.append(("If-None-Match", validators.etag))
        if validators is not None and validators.last_modified:
            headers.append(("If-Modified-Since", validators.last_modified))
        return headers

    def _follow(
        self,
        url: str,
        headers: dict[str, str],
        allow_private: bool,
        *,
        robots: bool,
        retries: int,
        max_bytes: int,
    ) -> tuple[_Raw, str, tuple[str, ...]]:
        """Request ``url`` and follow its redirects, checking every hop; returns the last answer."""
        hops: list[str] = []
        seen = {_loop_key(url)}
        current = url
        while True:
            target = _target(current, url)
            if not allow_private:
                self._check_address(target, url)
            if robots:
                self._check_robots(current, target, url, allow_private)
            raw = self._with_retries(
                current, url, target, headers, allow_private, retries=retries, max_bytes=max_bytes
            )
            if raw.status not in REDIRECT_STATUSES:
                return raw, current, tuple(hops)
            location = raw.header("location")
            if not location:
                raise _fail(
                    url,
                    "bad_redirect",
                    f"{raw.status} from {current} without Location",
                    status=raw.status,
                )
            following = urljoin(current, location.strip()).split("#", 1)[0]
            if urlsplit(following).scheme.lower() not in ("http", "https"):
                raise _fail(
                    url,
                    "scheme",
                    f"{current} redirects to non-http {following!r}",
                    status=raw.status,
                    blocked=True,
                )
            if _loop_key(following) in seen:
                raise _fail(
                    url,
                    "redirect_loop",
                    f"{current} redirects back to {following}",
                    status=raw.status,
                )
            if len(hops) >= self._settings.max_redirects:
                raise _fail(
                    url,
                    "too_many_redirects",
                    f"more than {self._settings.max_redirects} redirects",
                    status=raw.status,
                )
            seen.add(_loop_key(following))
            hops.append(following)
            current = following

    def _check_address(self, target: _Target, origin_url: str) -> None:
        try:
            _public_addresses(target.host, target.port)
        except _PrivateAddressError as exc:
            raise _fail(origin_url, "private_address", str(exc), blocked=True) from exc
        except OSError as exc:
            raise _fail(
                origin_url, "dns", f"cannot resolve {target.host}: {exc}", transient=True
            ) from exc

    def _backoff(self, attempt: int) -> float:
        cap = min(self._settings.backoff_s * 2**attempt, self._settings.max_retry_after_s)
        with self._rng_lock:
            return self._rng.uniform(0, cap)

    def _with_retries(
        self,
        url: str,
        origin_url: str,
        target: _Target,
        headers: dict[str, str],
        allow_private: bool,
        *,
        retries: int,
        max_bytes: int,
    ) -> _Raw:
        """One hop with retries on transient failures, 429 and 5xx."""
        attempt = 0
        while True:
            try:
                raw = self._attempt(url, origin_url, target, headers, allow_private, max_bytes)
            except FetchError as exc:
                if not exc.transient or isinstance(exc, BlockedURLError) or attempt >= retries:
                    raise
                delay = self._backoff(attempt)
                why = exc.reason
            else:
                if raw.status != 429 and raw.status < 500:
                    return raw
                wait = parse_retry_after(raw.header("retry-after"))
                if wait is not None and wait > self._settings.max_retry_after_s:
                    raise _fail(
                        origin_url,
                        "retry_after_too_long",
                        f"{url} asks to wait {wait:.0f}s",
                        transient=True,
                        status=raw.status,
                    )
                if attempt >= retries:
                    raise _fail(
                        origin_url,
                        f"http_{raw.status}",
                        f"status {raw.status} from {url} after {attempt + 1} attempts",
                        transient=True,
                        status=raw.status,
                    )
                delay = wait if wait is not None else self._backoff(attempt)
                why = f"status {raw.status}"
            attempt += 1
            log.info(
                "retrying %s in %.2fs (%s; attempt %d of %d)",
                url,
                delay,
                why,
                attempt + 1,
                retries + 1,
            )
            self._sleep(delay)

    def _attempt(
        self,
        url: str,
        origin_url: str,
        target: _Target,
        headers: dict[str, str],
        allow_private: bool,
        max_bytes: int,
    ) -> _Raw:
        """One request, inside the host's politeness slot, under the total deadline."""
        with self._slot(target.host):
            started = time.monotonic()
            deadline = started + self._settings.total_timeout_s
            _context.deadline = deadline
            _context.allow_private = allow_private
            try:
                request = self._client.build_request("GET", url, headers=headers)
                response = self._client.send(request, stream=True)
                try:
                    fetched_at = datetime.now(UTC)
                    body = b""
                    if 200 <= response.status_code < 300:
                        body = self._read_body(response, origin_url, max_bytes, deadline)
                finally:
                    response.close()
            except httpx.TimeoutException as exc:
                raise _fail(
                    origin_url, "timeout", f"{url}: {exc or 'timed out'}", transient=True
                ) from exc
            except httpx.ConnectError as exc:
                raise _fail(origin_url, "connect", f"{url}: {exc}", transient=True) from exc
            except httpx.UnsupportedProtocol as exc:
                raise _fail(origin_url, "scheme", f"{url}: {exc}", blocked=True) from exc
            except httpx.TransportError as exc:
                raise _fail(origin_url, "network", f"{url}: {exc!r}", transient=True) from exc
            except httpx.InvalidURL as exc:
                raise _fail(origin_url, "invalid_url", f"{url}: {exc}", blocked=True) from exc
            except _PrivateAddressError as exc:
                raise _fail(origin_url, "private_address", str(exc), blocked=True) from exc
            finally:
                _context.deadline = None
                _context.allow_private = False
            return _Raw(
                url=url,
                status=response.status_code,
                headers=tuple(
                    (k.decode("latin-1"), v.decode("latin-1")) for k, v in response.headers.raw
                ),
                body=body,
                fetched_at=fetched_at,
                elapsed_s=time.monotonic() - started,
            )

    def _read_body(
        self, response: httpx.Response, origin_url: str, max_bytes: int, deadline: float
    ) -> bytes:
        declared = response.headers.get("content-length", "")
        if declared.strip().isdigit() and int(declared) > max_bytes:
            raise _fail(
                origin_url,
                "too_large",
                f"Content-Length {declared} over the {max_bytes}-byte cap",
                status=response.status_code,
            )
        body = _Body(response.headers.get("content-encoding"), limit=max_bytes, url=origin_url)
        for chunk in response.iter_raw():
            body.feed(chunk)
            if time.monotonic() > deadline:
                raise _fail(
                    origin_url,
                    "timeout",
                    f"body not complete within {self._settings.total_timeout_s}s",
                    transient=True,
                    status=response.status_code,
                )
        return body.finish()
