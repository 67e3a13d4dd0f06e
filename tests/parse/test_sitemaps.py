"""Tests of aggregator/parse/sitemaps.py on its own: links, dates, broken XML and entities.

The fixture sitemaps in tests/fixtures/feeds/ run through ``parse_feed`` in test_feeds.py;
these call ``parse_sitemap`` directly, past ``parse_feed``'s entity guard.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from aggregator.errors import FeedParseError
from aggregator.parse.sitemaps import parse_sitemap

URLSET = '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
NEWS = 'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"'


def _url(loc: str, lastmod: str = "") -> str:
    return f"<url><loc>{loc}</loc><lastmod>{lastmod}</lastmod></url>"


def test_links_are_made_absolute_and_non_http_ones_dropped() -> None:
    body = URLSET + _url(" /world/1 ") + _url("ftp://e.example/f") + _url("") + "</urlset>"
    feed = parse_sitemap(body.encode(), url="https://e.example/sitemaps/news.xml")
    assert feed.kind == "sitemap"
    assert [e.url for e in feed.entries] == ["https://e.example/world/1"]
    assert feed.warnings == (
        "entry 2 has no http(s) <loc>; dropped",
        "entry 3 has no http(s) <loc>; dropped",
    )


@pytest.mark.parametrize(
    ("lastmod", "want"),
    [
        ("2024-05-16T10:20:00+01:00", datetime(2024, 5, 16, 9, 20, tzinfo=UTC)),
        ("2024-05-16T09:20:00Z", datetime(2024, 5, 16, 9, 20, tzinfo=UTC)),
        ("2024-05-16T09:20:00", datetime(2024, 5, 16, 9, 20, tzinfo=UTC)),  # naive: UTC
        ("2024-05-16", datetime(2024, 5, 16, tzinfo=UTC)),
        (" 2024-05-16 ", datetime(2024, 5, 16, tzinfo=UTC)),
        ("0001-01-01T00:00:00+01:00", None),  # before the first UTC time
        ("16 May 2024", None),
        ("", None),
    ],
)
def test_lastmod_is_aware_utc_or_none(lastmod: str, want: datetime | None) -> None:
    body = URLSET + _url("https://e.example/a", lastmod) + "</urlset>"
    (entry,) = parse_sitemap(body.encode(), url="https://e.example/s.xml").entries
    assert entry.updated == want


def test_index_entries_point_at_child_sitemaps() -> None:
    body = (
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        "<sitemap><loc>news-1.xml</loc><lastmod>2024-05-16T12:00:00Z</lastmod></sitemap>"
        "</sitemapindex>"
    )
    feed = parse_sitemap(body.encode(), url="https://e.example/sitemaps/index.xml")
    assert feed.kind == "sitemap-index"
    assert [(e.url, e.updated) for e in feed.entries] == [
        ("https://e.example/sitemaps/news-1.xml", datetime(2024, 5, 16, 12, tzinfo=UTC))
    ]


def test_truncated_sitemap_keeps_what_lxml_recovers() -> None:
    body = URLSET + _url("https://e.example/a") + "<url><lo"
    feed = parse_sitemap(body.encode(), url="https://e.example/s.xml")
    assert [e.url for e in feed.entries] == ["https://e.example/a"]
    assert "not well-formed" in feed.warnings[0]
    assert feed.warnings[1:] == ("entry 2 has no http(s) <loc>; dropped",)  # the cut-off one


def test_broken_sitemap_without_entries_is_malformed() -> None:
    body = URLSET.encode() + b"<url><lo"
    with pytest.raises(FeedParseError) as info:
        parse_sitemap(body, url="https://e.example/sitemap.xml")
    assert info.value.reason == "malformed"
    assert "https://e.example/sitemap.xml" in str(info.value)


def test_entities_are_neither_expanded_nor_fetched(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE", encoding="utf-8")
    body = (
        f'<?xml version="1.0"?><!DOCTYPE urlset [<!ENTITY xxe SYSTEM "{secret.as_uri()}">'
        f'<!ENTITY ten "{"lol" * 10}">]>{URLSET}<url><loc>https://e.example/a</loc>'
        f"<news:news {NEWS}><news:title>t &xxe;&ten;</news:title></news:news></url></urlset>"
    )
    (entry,) = parse_sitemap(body.encode(), url="https://e.example/s.xml").entries
    assert "TOP-SECRET-VALUE" not in entry.title
    assert "lol" not in entry.title
