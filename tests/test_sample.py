"""The bundled demo sample: it replays, its feeds list only archived articles, events cover all."""

from __future__ import annotations

import hashlib
import json
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import feedparser
import pytest

from aggregator.errors import FetchError
from aggregator.fetch.replay import ReplayFetcher, iter_responses, read_metadata
from aggregator.records import FetchResult
from aggregator.sample import DEMO_WARC, EXPECTED_EVENTS, SOURCE_DIR
from aggregator.sample.build import build_sample, read_manifest
from aggregator.urls import strip_tracking

RSS_FEEDS = (
    "https://www.theguardian.com/world/rss",
    "https://www.theguardian.com/politics/rss",
    "https://www.theguardian.com/uk-news/rss",
    "https://feeds.bbci.co.uk/news/world/rss.xml",
    "https://feeds.bbci.co.uk/news/rss.xml",
    "https://www.rt.com/rss/news/",
    "https://mid.ru/en/rss.php",
    "https://mid.ru/ru/rss.php",
)
SITEMAP = "https://www.theguardian.com/sitemaps/news.xml"
HOSTS = ("www.theguardian.com", "feeds.bbci.co.uk", "www.bbc.com", "www.rt.com", "mid.ru")
NEWS_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture(scope="module")
def responses() -> list[FetchResult]:
    return list(iter_responses(DEMO_WARC))


def feed_links(result: FetchResult) -> list[str]:
    if result.url == SITEMAP:
        root = ET.fromstring(result.body)
        return [loc.text or "" for loc in root.iter(f"{NEWS_NS}loc")]
    headers = {k.lower(): v for k, v in result.headers}
    parsed = feedparser.parse(result.body, response_headers=headers)
    assert not parsed.bozo, (result.url, parsed.get("bozo_exception"))
    return [entry.link for entry in parsed.entries]


def article_urls(responses: list[FetchResult]) -> set[str]:
    return {r.url for r in responses if r.url not in (*RSS_FEEDS, SITEMAP)} - {
        r.url for r in responses if r.url.endswith(("/robots.txt", "/de/rss.php"))
    }


def test_demo_replays_every_manifest_capture(responses: list[FetchResult]) -> None:
    manifest = read_manifest()
    assert [r.url for r in responses] == [c.url for c in manifest]
    for result, capture in zip(responses, manifest, strict=True):
        body = (SOURCE_DIR / capture.file).read_bytes()
        assert result.body_sha256 == hashlib.sha256(body).hexdigest(), (
            f"{DEMO_WARC.name} is stale for {capture.file}: run python -m aggregator.sample.build"
        )
        assert result.fetched_at == capture.captured
        assert result.header("content-length") == str(len(body))
        assert result.warc is not None and result.warc.file == DEMO_WARC.name
    pointer = responses[0].warc
    assert pointer is not None
    assert read_metadata(DEMO_WARC, pointer)["sample"] == "true"


def test_build_writes_an_equivalent_single_file(tmp_path: Path) -> None:
    out = build_sample(out=tmp_path / "rebuilt.warc.gz")
    assert [p.name for p in tmp_path.iterdir()] == ["rebuilt.warc.gz"]
    rebuilt = [(r.url, r.body_sha256) for r in iter_responses(out)]
    committed = [(r.url, r.body_sha256) for r in iter_responses(DEMO_WARC)]
    assert rebuilt == committed


def test_every_feed_and_robots_is_archived(responses: list[FetchResult]) -> None:
    urls = {r.url for r in responses}
    assert set(RSS_FEEDS) | {SITEMAP} <= urls
    assert {f"https://{host}/robots.txt" for host in HOSTS} <= urls
    for result in responses:
        if result.url.endswith("/robots.txt"):
            assert b"Allow: /" in result.body


def test_feed_links_resolve_in_the_archive(responses: list[FetchResult]) -> None:
    linked: set[str] = set()
    fetcher = ReplayFetcher(DEMO_WARC)
    for feed in (*RSS_FEEDS, SITEMAP):
        links = feed_links(fetcher.fetch(feed))
        assert links, feed
        for link in links:
            page = fetcher.fetch(link)
            assert page.status == 200
            assert (page.header("content-type") or "").startswith("text/html")
            linked.add(strip_tracking(link))
    assert linked == article_urls(responses)


def test_tracking_variants_and_two_feed_article() -> None:
    fetcher = ReplayFetcher(DEMO_WARC)
    world = feed_links(fetcher.fetch("https://feeds.bbci.co.uk/news/world/rss.xml"))
    front = feed_links(fetcher.fetch("https://feeds.bbci.co.uk/news/rss.xml"))
    shared = {strip_tracking(u) for u in world} & {strip_tracking(u) for u in front}
    assert shared
    assert any(u in front for u in shared), "one article listed without tracking parameters"
    assert any(f"{u}?at_medium=RSS&at_campaign=rss" in world for u in shared)
    rt = feed_links(fetcher.fetch("https://www.rt.com/rss/news/"))
    assert all(u.endswith("?utm_source=rss&utm_medium=rss&utm_campaign=RSS") for u in rt)


def test_russian_feed_is_windows_1251(responses: list[FetchResult]) -> None:
    (feed,) = [r for r in responses if r.url == "https://mid.ru/ru/rss.php"]
    assert "windows-1251" in (feed.header("content-type") or "")
    assert feed.body.startswith(b'<?xml version="1.0" encoding="windows-1251"?>')
    title = feedparser.parse(feed.body).entries[0].title
    assert "Лаврова" in title
    with pytest.raises(UnicodeDecodeError):
        feed.body.decode("utf-8")


def test_revised_article_is_captured_twice_in_order() -> None:
    url = (
        "https://www.theguardian.com/uk-news/2026/mar/05/storm-gwendolyn-cornwall-devon-power-cuts"
    )
    fetcher = ReplayFetcher(DEMO_WARC)
    first, second, again = fetcher.fetch(url), fetcher.fetch(url), fetcher.fetch(url)
    assert first.fetched_at < second.fetched_at
    assert again.body == second.body != first.body
    assert b"tens of thousands without power" in first.body
    assert b"woman dies" in second.body and b"woman dies" not in first.body
    assert b"Okehampton" in second.body and b"Okehampton" not in first.body


def test_mid_de_feed_is_a_javascript_challenge() -> None:
    challenge = ReplayFetcher(DEMO_WARC).fetch("https://mid.ru/de/rss.php")
    assert challenge.status == 200
    assert b"<script>" in challenge.body and b"<rss" not in challenge.body
    assert feedparser.parse(challenge.body).bozo


def test_expected_events_cover_every_article(responses: list[FetchResult]) -> None:
    data = json.loads(EXPECTED_EVENTS.read_text(encoding="utf-8"))
    mapping: dict[str, str] = data["articles"]
    assert set(mapping) == article_urls(responses)
    assert set(mapping.values()) == set(data["events"])
    sizes = Counter(mapping.values())
    assert all(size >= 3 for size in sizes.values()), sizes
    outlets = {
        event: {url.split("/")[2] for url, e in mapping.items() if e == event} for event in sizes
    }
    assert all(len(hosts) >= 3 for hosts in outlets.values()), outlets


def test_every_page_is_marked_as_sample_data(responses: list[FetchResult]) -> None:
    for result in responses:
        assert b"SAMPLE DATA" in result.body, result.url


def test_unknown_url_is_not_in_archive() -> None:
    with pytest.raises(FetchError) as info:
        ReplayFetcher(DEMO_WARC).fetch("https://www.bbc.com/news/articles/c000000000xo")
    assert info.value.reason == "not_in_archive"
