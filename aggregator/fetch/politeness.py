"""A host name in, a request slot out (after the host's minimum delay); touches only the clock.

Politeness is keyed by **host name** (lower-case, port ignored): one server is one host however
many ports it listens on, and ``feeds.yaml`` names hosts. ``127.0.0.1`` and ``localhost`` are two
hosts. Each host has a minimum delay between request starts and a number of concurrent requests;
on top of those, a global limit caps requests in flight across all hosts.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Iterator

log = logging.getLogger(__name__)


def host_key(host: str) -> str:
    """``Example.org``, ``example.org:8080``, ``[::1]:80`` -> the bare lower-case host name."""
    host = host.strip().lower()
    if host.startswith("["):
        return host[1 : host.index("]")] if "]" in host else host[1:]
    return host.split(":", 1)[0] if host.count(":") == 1 else host


class _Host:
    """Politeness state of one host: its slots and when its next request may start."""

    def __init__(self, min_delay_s: float, concurrency: int) -> None:
        self.min_delay_s = min_delay_s
        self.slots = threading.BoundedSemaphore(concurrency)
        self.concurrency = concurrency
        self.next_start = 0.0
        self.lock = threading.Lock()


class Politeness:
    """Per-host delays and slots plus a global slot limit for one Fetcher. Thread-safe.

    Waits use real time (``time.sleep``), never an injected clock: they pace a real server.
    """

    def __init__(
        self, *, min_delay_s: float, concurrency: int, total_concurrency: int, max_delay_s: float
    ) -> None:
        self._default = (min_delay_s, concurrency)
        self._max_delay_s = max_delay_s
        self._hosts: dict[str, _Host] = {}
        self._policies: dict[str, tuple[float, int]] = {}
        self._lock = threading.Lock()
        self._global = threading.BoundedSemaphore(total_concurrency)

    def set_host_policy(
        self, host: str, *, min_delay_s: float | None = None, concurrency: int | None = None
    ) -> None:
        """Override the minimum delay and concurrency of one host name (a port is ignored)."""
        key = host_key(host)
        with self._lock:
            old_delay, old_conc = self._policies.get(key, self._default)
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

    def lengthen_delay(self, host: str, delay: float) -> None:
        """Raise the host's minimum delay to ``delay`` (capped at ``max_delay_s``), never lower it.

        How a robots.txt ``Crawl-delay`` is honoured.
        """
        delay = min(delay, self._max_delay_s)
        state = self._host(host)
        with state.lock:
            if delay > state.min_delay_s:
                log.info("%s asks for Crawl-delay %ss; honouring it", host, delay)
                state.min_delay_s = delay

    def _host(self, host: str) -> _Host:
        with self._lock:
            state = self._hosts.get(host)
            if state is None:
                delay, conc = self._policies.get(host, self._default)
                state = self._hosts[host] = _Host(delay, conc)
            return state

    @contextlib.contextmanager
    def slot(self, host: str) -> Iterator[None]:
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
