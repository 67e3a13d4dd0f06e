"""robots.txt: a status and bytes in, allow/deny rules out (Protego, RFC 9309); cached per origin.

How a robots.txt answer becomes rules (RFC 9309 where it is explicit, conservative where not):

- 2xx: the body is parsed by Protego, which matches as RFC 9309 says: ``*`` for any run of
  characters, ``$`` for the end of the path and query, the longest matching rule wins whatever
  its place in the file, and Allow wins a tie. Undecodable bytes are replaced, not fatal.
- 401 / 403: **disallow all**. A site that refuses our crawler its robots.txt does not want it
  (RFC 9309 would allow; we choose to be polite).
- any other 4xx (404, 410 ...): allow all (there is no robots.txt).
- 5xx, a network failure or an oversized file: allow all, logged at WARNING; the answer is
  cached for the Fetcher's lifetime (one run) so a failing host is not asked again and again.

``Crawl-delay`` is read too; the Fetcher uses it to lengthen the host's minimum delay.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass

from protego import Protego

log = logging.getLogger(__name__)

ROBOTS_MAX_BYTES = 512_000  # RFC 9309: parse at least 500 KiB
_DISALLOW_ALL = "User-agent: *\nDisallow: /\n"


@dataclass(frozen=True)
class RobotsRules:
    """The rules of one origin. ``source`` says where they came from (for logs and tests):
    ``parsed``, ``missing`` (4xx), ``forbidden`` (401/403) or ``unavailable`` (5xx, network)."""

    origin: str
    source: str
    parser: Protego

    def allows(self, url: str, user_agent: str) -> bool:
        """True when ``user_agent`` may fetch ``url`` under these rules."""
        return self.parser.can_fetch(url, user_agent)

    def crawl_delay(self, user_agent: str) -> float | None:
        """The ``Crawl-delay`` for ``user_agent`` in seconds, or None when not given."""
        if self.source != "parsed":
            return None
        return self.parser.crawl_delay(user_agent)


def parse_robots(body: bytes, *, origin: str) -> RobotsRules:
    """Rules from the bytes of a robots.txt that was served with a 2xx status."""
    text = body.decode("utf-8", errors="replace")
    return RobotsRules(origin, "parsed", Protego.parse(text))


def rules_for_status(status: int, body: bytes, *, origin: str) -> RobotsRules:
    """Rules from the final status (and body) of a robots.txt request; see the module doc."""
    if 200 <= status < 300:
        return parse_robots(body, origin=origin)
    if status in (401, 403):
        return RobotsRules(origin, "forbidden", Protego.parse(_DISALLOW_ALL))
    if 400 <= status < 500:
        return RobotsRules(origin, "missing", Protego.parse(""))
    return unavailable_rules(origin, f"status {status}")


def unavailable_rules(origin: str, why: str) -> RobotsRules:
    """Allow-all rules for an origin whose robots.txt could not be read (logged at WARNING)."""
    log.warning("robots.txt of %s unavailable (%s); allowing all for this run", origin, why)
    return RobotsRules(origin, "unavailable", Protego.parse(""))


class RobotsCache:
    """Thread-safe per-origin cache; ``load`` runs at most once per origin (others wait).

    Hand-written rather than ``functools.lru_cache``, which may run ``load`` several times
    for one origin when threads ask together (several robots.txt requests to one host); the
    cache lives as long as its Fetcher (one ingest pass), so it needs no size bound.
    """

    def __init__(self) -> None:
        self._rules: dict[str, RobotsRules] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()

    def get(self, origin: str, load: Callable[[str], RobotsRules]) -> RobotsRules:
        """Cached rules of ``origin``, calling ``load(origin)`` on first use."""
        with self._guard:
            cached = self._rules.get(origin)
            if cached is not None:
                return cached
            lock = self._locks.setdefault(origin, threading.Lock())
        with lock:
            with self._guard:
                cached = self._rules.get(origin)
            if cached is not None:
                return cached
            rules = load(origin)
            with self._guard:
                self._rules[origin] = rules
            return rules
