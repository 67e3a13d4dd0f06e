"""Politeness per host name: minimum delay between starts, concurrency, hosts in parallel."""

from __future__ import annotations

import itertools
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from tests.support.http import Exchange, Response, serve


def test_min_delay_per_host_with_four_threads(fetcher_factory: Any) -> None:
    with serve({"/p": Response(body=b"ok")}) as srv:
        fetcher = fetcher_factory(concurrency=4)
        fetcher.set_host_policy(f"127.0.0.1:{srv.port}", min_delay_s=0.5, concurrency=4)
        with ThreadPoolExecutor(4) as pool:
            results = list(
                pool.map(lambda _: fetcher.fetch(srv.url("/p"), allow_private=True), range(4))
            )
        times = sorted(r.time for r in srv.requests_for("/p"))
    assert all(r.status == 200 for r in results)
    gaps = [b - a for a, b in itertools.pairwise(times)]
    assert len(gaps) == 3
    # 0.5 s apart when sent; arrival is logged by a server thread that a loaded machine may
    # start late, so each gap may be that much shorter
    assert min(gaps) >= 0.35, gaps


def test_host_concurrency_limit(fetcher_factory: Any) -> None:
    total = 6
    in_flight = arrived = peak = 0
    changed = threading.Condition()

    def slow(exchange: Exchange) -> Response:
        nonlocal in_flight, arrived, peak
        with changed:
            in_flight += 1
            arrived += 1
            peak = max(peak, in_flight)
            changed.notify_all()
            # a slow server: each request waits for a second one in flight (however late the
            # loaded machine starts it; the last one may be alone), then a while longer, when a
            # third could come in too
            changed.wait_for(lambda: in_flight >= 2 or arrived == total, timeout=30)
        exchange.stopping.wait(0.15)
        with changed:
            in_flight -= 1
        return Response(body=b"ok")

    with serve({"/s": slow}) as srv:
        fetcher = fetcher_factory(timeout_s=30.0, total_timeout_s=60.0)  # a request may wait
        fetcher.set_host_policy("127.0.0.1", min_delay_s=0.0, concurrency=2)
        with ThreadPoolExecutor(6) as pool:
            list(pool.map(lambda _: fetcher.fetch(srv.url("/s"), allow_private=True), range(total)))
    assert peak == 2


def test_two_hosts_are_fetched_concurrently(fetcher_factory: Any) -> None:
    # Politeness is per host name: 127.0.0.1 and localhost are two hosts (same port). The delay
    # is long beside the scheduling delays of a loaded machine (threads starting late).
    delay = 1.5
    with serve({"/p": Response(body=b"ok")}) as srv:
        fetcher = fetcher_factory()
        for host in ("127.0.0.1", "localhost"):
            fetcher.set_host_policy(host, min_delay_s=delay, concurrency=1)
        urls = [srv.url("/p", host=h) for h in ("127.0.0.1", "localhost") for _ in range(2)]
        started = time.monotonic()
        with ThreadPoolExecutor(4) as pool:
            list(pool.map(lambda u: fetcher.fetch(u, allow_private=True), urls))
        took = time.monotonic() - started
        log = srv.requests_for("/p")
    by_host: dict[str, list[float]] = {}
    for request in log:
        by_host.setdefault((request.header("host") or "").split(":")[0], []).append(request.time)
    assert sorted(by_host) == ["127.0.0.1", "localhost"]
    for times in by_host.values():
        times.sort()
        assert times[1] - times[0] >= delay - 0.1  # `delay` apart when sent
    firsts = [times[0] for times in by_host.values()]
    assert abs(firsts[0] - firsts[1]) < delay - 0.5  # neither host waited for the other
    assert took < 3 * delay - 0.5  # serial politeness over one shared host would need 3 delays
