"""A URL, reason tag and detail in, a ``FetchError`` or ``BlockedURLError`` out; touches nothing.

Every failure of the fetch package is built here, so each message has one shape: what failed,
the URL (once), the reason tag and what happens next: ``fetch URL: status 404 [http_404];
skipped``. A hop other than the URL asked for (after a redirect) is named as ``at``. The
reason tags of ``FetchError.reason`` (``BlockedURLError`` for the ones refused before any
request):

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
"""

from __future__ import annotations

from aggregator.errors import BlockedURLError, FetchError, failure_detail


def fetch_failure(
    url: str,
    reason: str,
    detail: str,
    *,
    at: str | None = None,
    transient: bool = False,
    status: int | None = None,
    blocked: bool = False,
    after: str | None = None,
) -> FetchError:
    """The error to raise for ``url`` (the URL first asked for) failing with ``reason``.

    ``detail`` says what went wrong without naming ``url``; ``at`` is the URL of the hop that
    failed, named only when a redirect led away from ``url``; ``after`` what happens next, when
    not what ``transient`` implies.
    """
    if after is None:
        after = "may succeed on a later run" if transient else "skipped"
    if at is not None and at != url:
        detail = f"{detail} (redirected to {at})"
    said = failure_detail(detail, reason, after)
    kind = BlockedURLError if blocked else FetchError
    return kind(
        f"fetch {url}: {said}",
        url=url,
        reason=reason,
        transient=transient,
        status=status,
        detail=said,
    )
