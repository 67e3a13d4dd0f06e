"""One redirect answer (status, Location) in, the next URL to request out, or why not; pure.

Redirects are followed by hand, one hop at a time, so every hop goes through the same scheme,
address and robots.txt checks as the first request. A chain ends in an error when a redirect has
no ``Location``, leaves http/https, points back to a URL already in the chain (compared without
fragment, with scheme and host lower-cased) or makes the chain longer than ``max_redirects``.
"""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit, urlunsplit

from aggregator.fetch.guard import SCHEMES
from aggregator.fetch.reasons import fetch_failure

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})


def _loop_key(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(
        (parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", parts.query, "")
    )


class RedirectChain:
    """The hops followed so far from ``url`` (the URL first asked for, which errors name)."""

    def __init__(self, url: str, *, max_redirects: int) -> None:
        self.url = url
        self.max_redirects = max_redirects
        self._hops: list[str] = []
        self._seen = {_loop_key(url)}

    @property
    def hops(self) -> tuple[str, ...]:
        """The URLs redirected to, in order."""
        return tuple(self._hops)

    def follow(self, current: str, status: int, location: str | None) -> str:
        """The URL that ``current``'s ``status`` redirect points to, added to the chain.

        Raises FetchError ``bad_redirect``, ``redirect_loop`` or ``too_many_redirects``, or
        BlockedURLError ``scheme``.
        """
        if not location:
            detail = f"status {status} without Location"
            raise fetch_failure(self.url, "bad_redirect", detail, at=current, status=status)
        following = urljoin(current, location.strip()).split("#", 1)[0]
        if urlsplit(following).scheme.lower() not in SCHEMES:
            detail = f"redirects to non-http {following!r}"
            raise fetch_failure(self.url, "scheme", detail, at=current, status=status, blocked=True)
        if _loop_key(following) in self._seen:
            detail = f"redirects back to {following}"
            raise fetch_failure(self.url, "redirect_loop", detail, at=current, status=status)
        if len(self._hops) >= self.max_redirects:
            detail = f"more than {self.max_redirects} redirects"
            raise fetch_failure(self.url, "too_many_redirects", detail, status=status)
        self._seen.add(_loop_key(following))
        self._hops.append(following)
        return following
