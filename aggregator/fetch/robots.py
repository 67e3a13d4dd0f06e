"""robots.txt: a status and bytes in, allow/deny rules out; cached per origin for one Fetcher.

How a robots.txt answer becomes rules (RFC 9309 where it is explicit, conservative where not):

- 2xx: the body is parsed (``urllib.robotparser``); undecodable bytes are replaced, not fatal.
- 401 / 403: **disallow all**. A site that refuses our crawler its robots.txt does not want it;
  this matches ``urllib.robotparser`` (RFC 9309 would allow, we choose to be polite).
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
from urllib.robotparser import RobotFileParser

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RobotsRules:
    """The rules of one origin. ``source`` says where they came from (for logs and tests):
    ``parsed``, ``missing`` (4xx), ``forbidden`` (401/403) or ``unavailable`` (5xx, network)."""

    origin: str
    source: str
    parser: RobotFileParser

    def allows(self, url: str, user_agent: str) -> bool:
        """True when ``user_agent`` may fetch ``url`` under these rules."""
        return self.parser.can_fetch(user_agent, url)

    def crawl_delay(self, user_agent: str) -> float | None:
        """The ``Crawl-delay`` for ``user_agent`` in seconds, or None when not given."""
        if self.source != "parsed":
            return None
        delay = self.parser.crawl_delay(user_agent)
        return None if delay is None else float(delay)


def _blank(origin: str) -> RobotFileParser:
    """A parser with no rules (allows everything) that counts as read."""
    parser = RobotFileParser(origin + "/robots.txt")
    parser.modified()  # can_fetch() answers False for a parser that was never "read"
    return parser


def parse_robots(body: bytes, *, origin: str) -> RobotsRules:
    """Rules from the bytes of a robots.txt that was served with a 2xx status."""
    parser = _blank(origin)
    text = body.decode("utf-8", errors="replace")
    parser.parse(text.splitlines())
    return RobotsRules(origin, "parsed", parser)


def rules_for_status(status: int, body: bytes, *, origin: str) -> RobotsRules:
    """Rules from the final status (and body) of a robots.txt request; see the module doc."""
    if 200 <= status < 300:
        return parse_robots(body, origin=origin)
    if status in (401, 403):
        parser = _blank(origin)
        parser.parse(["User-agent: *", "Disallow: /"])
        return RobotsRules(origin, "forbidden", parser)
    if 400 <= status < 500:
        return RobotsRules(origin, "missing", _blank(origin))
    return unavailable_rules(origin, f"status {status}")


def unavailable_rules(origin: str, why: str) -> RobotsRules:
    """Allow-all rules for an origin whose robots.txt could not be read (logged at WARNING)."""
    log.warning("robots.txt of %s unavailable (%s); allowing all for this run", origin, why)
    return RobotsRules(origin, "unavailable", _blank(origin))


class RobotsCache:
    """Thread-safe per-origin cache; ``load`` runs at most once per origin (others wait)."""

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
