"""Feed bytes -> entries: fixture files with their expected entries beside them as JSON."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from aggregator.errors import FeedParseError
from aggregator.parse.feeds import parse_feed
from aggregator.records import ParsedFeed

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "feeds"
CASES = sorted(FIXTURES.glob("*.json"))


def _as_json(feed: ParsedFeed) -> dict[str, Any]:
    entries = []
    for entry in feed.entries:
        row = asdict(entry)
        row["authors"] = list(entry.authors)
        for key in ("published", "updated"):
            value = row[key]
            if value is not None:
                assert value.tzinfo is not None and value.utcoffset().total_seconds() == 0
                row[key] = value.isoformat()
        entries.append(row)
    return {
        "kind": feed.kind,
        "title": feed.title,
        "warnings": len(feed.warnings),
        "entries": entries,
    }


def _body_of(case: Path) -> bytes:
    (body,) = [p for p in FIXTURES.glob(case.stem + ".*") if p.suffix != ".json"]
    return body.read_bytes()


def test_every_fixture_has_expectations() -> None:
    bodies = {p.stem for p in FIXTURES.iterdir() if p.suffix != ".json"}
    assert bodies == {c.stem for c in CASES}
    assert len(CASES) >= 15


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.stem)
def test_fixture(case: Path) -> None:
    spec = json.loads(case.read_text(encoding="utf-8"))
    expected = spec["expected"]
    if "error" in expected:
        with pytest.raises(FeedParseError) as info:
            parse_feed(_body_of(case), **spec["parse"])
        assert info.value.reason == expected["error"]
        assert info.value.url == spec["parse"]["url"]
        assert spec["parse"]["url"] in str(info.value)
    else:
        assert _as_json(parse_feed(_body_of(case), **spec["parse"])) == expected


def test_bbc_guid_fragment_is_not_the_link() -> None:
    feed = parse_feed(
        (FIXTURES / "bbc_news_2024.xml").read_bytes(), url="https://feeds.bbci.co.uk/news/rss.xml"
    )
    first = feed.entries[0]
    assert first.guid is not None and first.guid.endswith("#0")
    assert "#" not in first.url


def test_warnings_name_what_was_dropped_or_broken() -> None:
    rt = parse_feed((FIXTURES / "rt_daily.xml").read_bytes(), url="https://www.rt.com/rss/")
    assert rt.warnings == ("entry 2 has no http(s) link; dropped",)
    broken = parse_feed((FIXTURES / "bozo_with_entries.xml").read_bytes(), url="https://b.example/")
    assert "not well-formed" in broken.warnings[0]


def test_windows_1251_decodes_with_and_without_prolog() -> None:
    for name, headers in [
        ("mid_ru_windows1251.xml", None),
        (
            "mid_ru_header_charset.xml",
            {"content-type": "application/rss+xml; charset=windows-1251"},
        ),
    ]:
        feed = parse_feed(
            (FIXTURES / name).read_bytes(), url="https://mid.ru/ru/rss.php", headers=headers
        )
        assert feed.title == "МИД России - Новости"


def test_utf16_feed_is_sniffed() -> None:
    body = (FIXTURES / "latin1_prolog.xml").read_bytes().decode("latin-1")
    body = body.replace('encoding="ISO-8859-1"', 'encoding="utf-16"')
    feed = parse_feed(body.encode("utf-16"), url="https://news.example.fr/rss")
    assert feed.entries[0].title.startswith("Élection")


@pytest.mark.parametrize("body", [b"", b"   \n\t  "])
def test_empty_body(body: bytes) -> None:
    with pytest.raises(FeedParseError) as info:
        parse_feed(body, url="https://e.example/feed")
    assert info.value.reason == "empty"
    # said "feed U: empty [empty]; no entries read": empty what?
    assert info.value.detail == "answered with an empty body [empty]; no entries read"


def test_plain_text_is_not_a_feed_and_is_never_fetched() -> None:
    # A body that looks like a URL must not make feedparser fetch it.
    with pytest.raises(FeedParseError) as info:
        parse_feed(b"https://127.0.0.1:9/feed.xml", url="https://e.example/feed")
    assert info.value.reason == "not_a_feed"


def test_feed_without_items_is_accepted_with_a_warning() -> None:
    body = b'<rss version="2.0"><channel><title>Quiet</title><link>https://q.example/</link></channel></rss>'
    feed = parse_feed(body, url="https://q.example/rss")
    assert feed.entries == () and feed.title == "Quiet"
    assert feed.warnings == ("feed has no entries",)


def test_entry_dates_are_utc() -> None:
    feed = parse_feed(
        (FIXTURES / "atom_relative.xml").read_bytes(), url="https://wire.example.org/a.xml"
    )
    assert feed.entries[0].published == datetime(2024, 5, 16, 9, 0, tzinfo=UTC)


_LAUGHS = "".join(f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(1, 10))


def _hostile(root: str, tmp_path: Path, *, laughs: bool) -> tuple[str, str]:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE", encoding="utf-8")
    dtd = tmp_path / "evil.dtd"
    dtd.write_text('<!ENTITY fromdtd "DTD-WAS-LOADED">', encoding="utf-8")
    doctype = (
        f'<!DOCTYPE {root} SYSTEM "{dtd.as_uri()}" [<!ENTITY lol0 "lol">{_LAUGHS if laughs else ""}'
        f'<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>'
    )
    return doctype, ("&lol9;" if laughs else "&lol0;") + "&xxe;&fromdtd;"


def _assert_not_expanded(feed: ParsedFeed) -> None:
    text = json.dumps([asdict(e) for e in feed.entries], default=str) + feed.title
    assert "TOP-SECRET-VALUE" not in text
    assert "DTD-WAS-LOADED" not in text
    assert text.count("lol") < 100


@pytest.mark.parametrize("laughs", [True, False], ids=["billion-laughs", "external-entities"])
def test_hostile_rss_does_not_expand_or_fetch(tmp_path: Path, laughs: bool) -> None:
    doctype, refs = _hostile("rss", tmp_path, laughs=laughs)
    body = (
        f'<?xml version="1.0"?>{doctype}<rss version="2.0"><channel><title>t {refs}</title>'
        f"<item><title>a {refs}</title><link>https://e.example/a</link></item></channel></rss>"
    ).encode()
    try:
        feed = parse_feed(body, url="https://e.example/feed")
    except FeedParseError as exc:
        assert exc.reason in ("malformed", "hostile_xml")
        return
    _assert_not_expanded(feed)


@pytest.mark.parametrize("laughs", [True, False], ids=["billion-laughs", "external-entities"])
def test_hostile_sitemap_does_not_expand_or_fetch(tmp_path: Path, laughs: bool) -> None:
    doctype, refs = _hostile("urlset", tmp_path, laughs=laughs)
    body = (
        f'<?xml version="1.0"?>{doctype}'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">'
        f"<url><loc>https://e.example/a</loc><news:news><news:title>x {refs}</news:title>"
        "</news:news></url></urlset>"
    ).encode()
    try:
        feed = parse_feed(body, url="https://e.example/sitemap.xml", kind="sitemap")
    except FeedParseError as exc:
        assert exc.reason in ("malformed", "hostile_xml")
        return
    assert feed.kind == "sitemap"
    _assert_not_expanded(feed)
