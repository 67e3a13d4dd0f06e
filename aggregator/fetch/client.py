"""A URL in, a ``FetchResult`` out (or a ``FetchError``): the one HTTP client of the package.

``Fetcher`` sends every request through one httpx client and is polite and defensive: the
per-host delay and slots of ``politeness.py``, robots.txt (``robots.py``), conditional GET backed
by a body hash, retries with exponential backoff and full jitter (honouring ``Retry-After``),
connect/read timeouts plus a wall-clock deadline per request, a size cap on *decoded* bytes
(``body.py``), the scheme and address checks of ``guard.py`` (again at connect time, in
``transport.py``), and redirects followed by hand (``redirects.py``) so every hop gets the same
checks. Failures carry the reason tags listed in ``reasons.py``. robots.txt is cached per origin
(scheme, host, port), as RFC 9309 says.

The body is returned decoded (gzip/deflate undone, with bounded output); ``headers`` are as
received, so ``Content-Encoding``/``Content-Length`` describe the wire form, not ``body``.

The ``httpx`` and ``httpcore`` loggers are set to WARNING when a Fetcher is created (unless
someone already gave them a level): their per-request INFO lines would drown the run summary.
"""

from __future__ import annotations

import hashlib
import logging
import random
import ssl
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from types import TracebackType

import httpx

from aggregator.config import FetchSettings
from aggregator.errors import BlockedURLError, FetchError
from aggregator.fetch.body import ACCEPT_ENCODING, read_body
from aggregator.fetch.guard import Target, check_address, target_of
from aggregator.fetch.politeness import Politeness
from aggregator.fetch.reasons import fetch_failure
from aggregator.fetch.redirects import REDIRECT_STATUSES, RedirectChain
from aggregator.fetch.robots import (
    ROBOTS_MAX_BYTES,
    RobotsCache,
    RobotsRules,
    rules_for_status,
    unavailable_rules,
)
from aggregator.fetch.transport import (
    SEND_ERRORS,
    GuardedTransport,
    request_extensions,
    send_failure,
)
from aggregator.records import FetchResult, Validators

log = logging.getLogger(__name__)


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
        s = self._settings
        self._politeness = Politeness(
            min_delay_s=s.min_delay_s,
            concurrency=s.concurrency,
            total_concurrency=s.total_concurrency,
            max_delay_s=s.max_retry_after_s,
        )
        self._robots = RobotsCache()
        for name in ("httpx", "httpcore"):
            library_log = logging.getLogger(name)
            if library_log.level == logging.NOTSET:
                library_log.setLevel(logging.WARNING)
        self._client = httpx.Client(
            transport=GuardedTransport(verify=verify, total_concurrency=s.total_concurrency),
            follow_redirects=False,
            timeout=httpx.Timeout(s.timeout_s),
            headers={"User-Agent": s.user_agent, "Accept-Encoding": ACCEPT_ENCODING},
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
        self._politeness.set_host_policy(host, min_delay_s=min_delay_s, concurrency=concurrency)

    # robots.txt

    def _check_robots(self, url: str, target: Target, origin_url: str, allow_private: bool) -> None:
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
                self._politeness.lengthen_delay(target.host, delay)
            return rules

        rules = self._robots.get(target.origin, load)
        if not rules.allows(url, self._settings.user_agent):
            detail = f"robots.txt of {target.origin} disallows it"
            raise fetch_failure(origin_url, "robots", detail, at=url, blocked=True)

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
            raise fetch_failure(
                url, f"http_{status}", f"status {status}", at=final_url, status=status
            )
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
            ("Accept-Encoding", ACCEPT_ENCODING),
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
        chain = RedirectChain(url, max_redirects=self._settings.max_redirects)
        current = url
        while True:
            target = target_of(current, url)
            if not allow_private:
                check_address(target, url)
            if robots:
                self._check_robots(current, target, url, allow_private)
            raw = self._with_retries(
                current, url, target, headers, allow_private, retries=retries, max_bytes=max_bytes
            )
            if raw.status not in REDIRECT_STATUSES:
                return raw, current, chain.hops
            current = chain.follow(current, raw.status, raw.header("location"))

    def _backoff(self, attempt: int) -> float:
        cap = min(self._settings.backoff_s * 2**attempt, self._settings.max_retry_after_s)
        with self._rng_lock:
            return self._rng.uniform(0, cap)

    def _with_retries(
        self,
        url: str,
        origin_url: str,
        target: Target,
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
                    raise fetch_failure(
                        origin_url,
                        "retry_after_too_long",
                        f"asks to wait {wait:.0f}s",
                        at=url,
                        transient=True,
                        status=raw.status,
                    )
                if attempt >= retries:
                    raise fetch_failure(
                        origin_url,
                        f"http_{raw.status}",
                        f"status {raw.status} after {attempt + 1} attempts",
                        at=url,
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
        target: Target,
        headers: dict[str, str],
        allow_private: bool,
        max_bytes: int,
    ) -> _Raw:
        """One request, inside the host's politeness slot, under the total deadline."""
        budget = self._settings.total_timeout_s
        with self._politeness.slot(target.host):
            started = time.monotonic()
            deadline = started + budget
            try:
                extensions = request_extensions(deadline=deadline, allow_private=allow_private)
                request = self._client.build_request(
                    "GET", url, headers=headers, extensions=extensions
                )
                response = self._client.send(request, stream=True)
                try:
                    fetched_at = datetime.now(UTC)
                    body = b""
                    if 200 <= response.status_code < 300:
                        body = read_body(
                            response,
                            origin_url,
                            max_bytes=max_bytes,
                            deadline=deadline,
                            budget_s=budget,
                        )
                finally:
                    response.close()
            except SEND_ERRORS as exc:
                raise send_failure(exc, url, origin_url) from exc
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
