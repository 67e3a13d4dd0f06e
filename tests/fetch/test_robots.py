"""robots.txt: RFC 9309 matching (wildcards, ``$``, longest match), status policy, one fetch per
origin, Crawl-delay; rules alone and through the Fetcher against a real server."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from aggregator.errors import BlockedURLError
from aggregator.fetch.robots import parse_robots
from tests.support.http import Response, serve

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "robots"
NEWS_SITE = (FIXTURES / "news_site.txt").read_bytes()
NEWS_SITE_EXPECTED = json.loads((FIXTURES / "news_site.json").read_text(encoding="utf-8"))
ORIGIN = "https://news.example"


@pytest.mark.parametrize("case", NEWS_SITE_EXPECTED["cases"], ids=lambda case: case["path"])
def test_news_site_rules(case: dict[str, Any]) -> None:
    rules = parse_robots(NEWS_SITE, origin=ORIGIN)
    allowed = rules.allows(ORIGIN + case["path"], NEWS_SITE_EXPECTED["user_agent"])
    assert allowed is case["allowed"], case["why"]


def test_news_site_crawl_delay_and_other_groups() -> None:
    rules = parse_robots(NEWS_SITE, origin=ORIGIN)
    assert rules.crawl_delay(NEWS_SITE_EXPECTED["user_agent"]) == NEWS_SITE_EXPECTED["crawl_delay"]
    assert not rules.allows(ORIGIN + "/article/1", "OtherBot/2.0")


@pytest.mark.parametrize(
    "robots",
    [
        b"User-agent: *\nDisallow: /news\nAllow: /news/public\n",
        b"User-agent: *\nAllow: /news/public\nDisallow: /news\n",
    ],
    ids=["disallow-first", "allow-first"],
)
def test_longest_match_wins_whatever_the_order(robots: bytes) -> None:
    rules = parse_robots(robots, origin=ORIGIN)
    assert rules.allows(ORIGIN + "/news/public/story", "aggregator")
    assert not rules.allows(ORIGIN + "/news/world/story", "aggregator")


def test_wildcard_rules_through_the_fetcher(fetcher_factory: Any, fetch_error: Any) -> None:
    routes = {
        "/robots.txt": Response(body=NEWS_SITE),
        "/reports/annual.pdf": Response(body=b"%PDF"),
        "/news/public/story": Response(body=b"public story"),
    }
    with serve(routes) as srv:
        fetcher = fetcher_factory(obey_robots=True)
        pdf = fetch_error(fetcher, srv.url("/reports/annual.pdf"))
        story = fetcher.fetch(srv.url("/news/public/story"), allow_private=True)
        pdf_requests = srv.requests_for("/reports/annual.pdf")
    assert isinstance(pdf, BlockedURLError) and pdf.reason == "robots"
    assert pdf_requests == []
    assert story.body == b"public story"


def test_robots_disallow_blocks_and_is_fetched_once(fetcher_factory: Any, fetch_error: Any) -> None:
    robots = Response(body=b"User-agent: *\nDisallow: /private\n")
    routes = {"/robots.txt": robots, "/public": Response(body=b"ok"), "/private/x": Response()}
    with serve(routes) as srv:
        fetcher = fetcher_factory(obey_robots=True, user_agent="robots-test/1.0")
        error = fetch_error(fetcher, srv.url("/private/x"))
        result = fetcher.fetch(srv.url("/public"), allow_private=True)
        robots_requests = srv.requests_for("/robots.txt")
        private_requests = srv.requests_for("/private/x")
    assert isinstance(error, BlockedURLError) and error.reason == "robots"
    assert result.body == b"ok"
    assert len(robots_requests) == 1
    assert robots_requests[0].header("user-agent") == "robots-test/1.0"
    assert private_requests == []


@pytest.mark.parametrize(
    ("robots", "allowed"),
    [(Response(404), True), (Response(403), False), (Response(401), False), (Response(503), True)],
)
def test_robots_status_policy(
    fetcher_factory: Any, robots: Response, allowed: bool, fetch_error: Any
) -> None:
    with serve({"/robots.txt": robots, "/page": Response(body=b"ok")}) as srv:
        fetcher = fetcher_factory(obey_robots=True)
        if allowed:
            assert fetcher.fetch(srv.url("/page"), allow_private=True).body == b"ok"
        else:
            assert fetch_error(fetcher, srv.url("/page")).reason == "robots"


def test_robots_rules_name_our_user_agent(fetcher_factory: Any, fetch_error: Any) -> None:
    robots = Response(body=b"User-agent: aggregator-test\nDisallow: /\n\nUser-agent: *\nAllow: /\n")
    with serve({"/robots.txt": robots, "/page": Response(body=b"ok")}) as srv:
        error = fetch_error(fetcher_factory(obey_robots=True), srv.url("/page"))
    assert error.reason == "robots"


def test_robots_fetched_once_when_threads_start_together(fetcher_factory: Any) -> None:
    routes = {"/robots.txt": Response(body=b"User-agent: *\nAllow: /\n"), "/p": Response()}
    with serve(routes) as srv:
        fetcher = fetcher_factory(obey_robots=True)
        with ThreadPoolExecutor(4) as pool:
            list(
                pool.map(lambda i: fetcher.fetch(srv.url(f"/p?{i}"), allow_private=True), range(8))
            )
        robots_count = len(srv.requests_for("/robots.txt"))
        page_count = len(srv.requests_for("/p"))
    assert robots_count == 1
    assert page_count == 8


def test_robots_crawl_delay_lengthens_host_delay(fetcher_factory: Any) -> None:
    routes = {"/robots.txt": Response(body=b"User-agent: *\nCrawl-delay: 1\n"), "/p": Response()}
    with serve(routes) as srv:
        fetcher = fetcher_factory(obey_robots=True)
        fetcher.set_host_policy("127.0.0.1", min_delay_s=0.0)
        for i in range(2):
            fetcher.fetch(srv.url(f"/p?{i}"), allow_private=True)
        times = [r.time for r in srv.requests_for("/p")]
    assert times[1] - times[0] >= 0.9
