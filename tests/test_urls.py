"""Canonical URLs: tracking, AMP/mobile variants, outlet aliases, rel=canonical trust."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aggregator.urls import canonical_url, choose_canonical, is_http_url, registrable_domain


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # RT feed links: CDATA whitespace, utm_* trailer, trailing slash
        (
            "\n  https://www.rt.com/news/413483-germany-submarines/"
            "?utm_source=rss&utm_medium=rss&utm_campaign=RSS\n",
            "https://www.rt.com/news/413483-germany-submarines",
        ),
        # BBC 2024 feeds link to either domain with at_* parameters
        (
            "https://www.bbc.co.uk/news/articles/cz074vyvjzvo?at_medium=RSS&at_campaign=rss",
            "https://www.bbc.com/news/articles/cz074vyvjzvo",
        ),
        (
            "http://www.bbc.com/news/world-europe-38691103",
            "https://www.bbc.com/news/world-europe-38691103",
        ),
        # BBC paths outside /news and /sport keep their domain
        ("https://www.bbc.co.uk/iplayer/episode/x", "https://www.bbc.co.uk/iplayer/episode/x"),
        # Guardian AMP host, old domain, CMP tracking
        (
            "https://amp.theguardian.com/world/2021/may/23/cable-car?CMP=twt_gu",
            "https://www.theguardian.com/world/2021/may/23/cable-car",
        ),
        (
            "http://www.guardian.co.uk/world/2011/dec/15/story",
            "https://www.theguardian.com/world/2011/dec/15/story",
        ),
        (
            "https://www.mid.ru/en/foreign_policy/news/2049686/",
            "https://mid.ru/en/foreign_policy/news/2049686",
        ),
        # generic rules
        ("HTTP://Example.COM:80/a//b/./c/../d/#frag", "http://example.com/a/b/d"),
        ("https://example.com:8443/", "https://example.com:8443/"),
        ("https://example.com", "https://example.com/"),
        ("https://user:pw@example.com/x", "https://example.com/x"),
        ("https://m.example.com/story", "https://www.example.com/story"),
        ("https://mobile.example.co.uk/story", "https://www.example.co.uk/story"),
        ("https://example.com/news/amp/story", "https://example.com/news/story"),
        ("https://example.com/news/story.amp", "https://example.com/news/story"),
        ("https://example.com/news/story?amp", "https://example.com/news/story"),
        ("https://example.com/s?outputType=amp&id=3", "https://example.com/s?id=3"),
        ("https://example.com/s?src=rss&x=1", "https://example.com/s?x=1"),
        ("https://example.com/s?src=home", "https://example.com/s?src=home"),
        ("https://example.com/s?fbclid=1&gclid=2&ocid=3&ito=4&xtor=5", "https://example.com/s"),
        ("https://example.com/s?z=1&a=2&m", "https://example.com/s?a=2&m&z=1"),
        (
            "https://example.com/%7euser/%e2%82%ac?q=%41%2f",
            "https://example.com/~user/%E2%82%AC?q=A%2F",
        ),
        ("https://example.com/a b/ü", "https://example.com/a%20b/%C3%BC"),
        ("https://Bücher.example/x", "https://xn--bcher-kva.example/x"),
        ("https://example.com./x", "https://example.com/x"),
        ("https://mid.ru/ru/news/?PAGEN_1=2", "https://mid.ru/ru/news?PAGEN_1=2"),
    ],
)
def test_canonical_url(raw: str, expected: str) -> None:
    assert canonical_url(raw) == expected


def test_relative_url_resolved_against_base() -> None:
    assert (
        canonical_url("../news/1-x/", base="https://www.rt.com/rss/feed/")
        == "https://www.rt.com/rss/news/1-x"
    )


@pytest.mark.parametrize(
    "bad",
    [
        "",
        "   ",
        "mailto:a@b.c",
        "ftp://x.org/f",
        "javascript:alert(1)",
        "/relative",
        "http://",
        "http://a b/",
    ],
)
def test_non_http_raises_value_error(bad: str) -> None:
    with pytest.raises(ValueError):
        canonical_url(bad)
    assert not is_http_url(bad)


def test_is_http_url() -> None:
    assert is_http_url("https://www.bbc.com/news")


def test_registrable_domain() -> None:
    assert registrable_domain("https://www.bbc.co.uk/weather") == "bbc.co.uk"
    assert registrable_domain("https://feeds.theguardian.com/x") == "theguardian.com"
    assert registrable_domain("https://mid.ru/ru/") == "mid.ru"
    assert registrable_domain("https://www.kremlin.ru/events") == "kremlin.ru"
    assert registrable_domain("https://www.abc.net.au/news") == "abc.net.au"
    assert registrable_domain("http://127.0.0.1:8080/feed") == "127.0.0.1"
    assert registrable_domain("http://localhost/feed") == "localhost"


@pytest.mark.parametrize(
    ("url", "domain"),
    [
        # public suffixes the old hand-kept list of second-level labels did not know
        ("https://news.spb.ru/a", "news.spb.ru"),
        ("https://reporter.github.io/a", "reporter.github.io"),
        ("https://someone.blogspot.com/2026/01/x.html", "someone.blogspot.com"),
        ("https://www.gov.uk/government/news", "www.gov.uk"),
    ],
)
def test_registrable_domain_follows_the_public_suffix_list(url: str, domain: str) -> None:
    assert registrable_domain(url) == domain


def test_a_page_cannot_claim_a_neighbour_under_a_shared_suffix() -> None:
    """Two blogs (or regional .ru sites) under one public suffix are two sites: one page's
    rel=canonical cannot move its story to the other's URL."""
    fetched = "https://mirror.blogspot.com/2026/01/story.html"
    assert choose_canonical(fetched, "https://victim.blogspot.com/2026/01/story.html") == fetched
    fetched_ru = "https://news.spb.ru/story/1"
    assert choose_canonical(fetched_ru, "https://gazeta.spb.ru/story/1") == fetched_ru


def test_choose_canonical_same_site() -> None:
    fetched = "https://www.rt.com/news/1-x/?utm_source=rss"
    assert choose_canonical(fetched, "/news/1-x-updated/") == "https://www.rt.com/news/1-x-updated"
    # bbc.co.uk page declaring its bbc.com twin: one site
    assert (
        choose_canonical("https://www.bbc.co.uk/weather/1", "https://www.bbc.com/weather/1")
        == "https://www.bbc.com/weather/1"
    )


@pytest.mark.parametrize("declared", [None, "", "https://evil.example/claim", "mailto:x@y.z"])
def test_choose_canonical_falls_back_to_fetched(declared: str | None) -> None:
    fetched = "https://www.theguardian.com/world/x?CMP=share"
    assert choose_canonical(fetched, declared) == "https://www.theguardian.com/world/x"


def test_choose_canonical_rejects_bad_fetched_url() -> None:
    with pytest.raises(ValueError):
        choose_canonical("not a url", "https://example.com/")


_url_chars = st.lists(
    st.sampled_from([*"abcAB01/.:-_~%?&=#+ !@;ü€é", "amp", ".amp", "utm_x", "%2F", "%7e", ".."]),
    max_size=20,
).map("".join)
_urls = st.builds(
    lambda scheme, host, rest: f"{scheme}://{host}{rest}",
    st.sampled_from(["http", "HTTPS", "https"]),
    st.sampled_from(
        [
            "example.com",
            "M.Example.com",
            "amp.theguardian.com",
            "www.bbc.co.uk",
            "bücher.de",
            "[::1]:81",
        ]
    ),
    _url_chars,
)


@settings(max_examples=300, deadline=None)
@given(_urls)
def test_canonical_url_is_idempotent(url: str) -> None:
    try:
        once = canonical_url(url)
    except ValueError:
        return
    assert canonical_url(once) == once


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_canonical_url_raises_only_value_error_on_arbitrary_text(text: str) -> None:
    try:
        result = canonical_url(text)
    except ValueError:
        return
    assert result.startswith(("http://", "https://"))
    assert canonical_url(result) == result
