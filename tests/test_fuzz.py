"""Fuzzing the boundaries that read what outlets and researchers send: feeds, pages, URLs, corpora.

The only allowed outcomes are a value or our own named error (``FeedParseError``,
``ExtractError``, ``ImportRowError`` yielded by the importer, ``ValueError`` from
``canonical_url``); any other exception fails the test. Values are checked for the promises
the modules make (http(s) entry links, UTC datetimes, idempotent canonical URLs, no entity or
external file expanded into the output).

``AGGREGATOR_FUZZ_EXAMPLES`` sets the examples per test (default 60, the file runs in well
under a minute; 10000 is the full run of the closing note). Runs are derandomized, so CI sees
the same inputs every time; ``AGGREGATOR_FUZZ_SEED`` picks another fixed sequence.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import os
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from aggregator.errors import ExtractError, FeedParseError, ImportRowError
from aggregator.parse.corpus import read_corpus
from aggregator.parse.extract import extract_article
from aggregator.parse.feeds import parse_feed
from aggregator.records import Entry, Extraction, ImportRow, ParsedFeed
from aggregator.urls import canonical_url

EXAMPLES = int(os.environ.get("AGGREGATOR_FUZZ_EXAMPLES", "60"))
SEED = int(os.environ.get("AGGREGATOR_FUZZ_SEED", "0"))
# a tripwire for super-linear blow-ups (a bomb costs ~0.5 s), generous for a shared CI machine
HOSTILE_BUDGET_S = 30.0
SECRET = "fuzz-secret-c0ffee-must-never-appear"

FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=SEED == 0,
    database=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.filter_too_much,
        HealthCheck.large_base_example,
        HealthCheck.function_scoped_fixture,
    ],
    print_blob=True,
)

TRIED: Counter[str] = Counter()


def _seeded(test: Any) -> Any:
    return seed(SEED)(test) if SEED else test


@pytest.fixture(scope="module", autouse=True)
def _report_inputs() -> Iterator[None]:
    yield
    if TRIED:
        print("\n[fuzz] inputs tried: " + ", ".join(f"{k} {v}" for k, v in sorted(TRIED.items())))


# --- shared checks ------------------------------------------------------------------------------


def _utc(value: datetime | None) -> None:
    assert value is None or value.utcoffset() == timedelta(0), value


def check_feed(parsed: ParsedFeed) -> None:
    assert isinstance(parsed, ParsedFeed)
    assert parsed.kind in ("rss", "atom", "sitemap", "sitemap-index")
    for entry in parsed.entries:
        assert isinstance(entry, Entry)
        assert entry.url.startswith(("http://", "https://")), entry.url
        _utc(entry.published)
        _utc(entry.updated)
    assert SECRET not in repr(parsed)


def check_amplification(parsed: ParsedFeed, body: bytes) -> None:
    """Entities may be expanded (expat bounds it), but the output stays near the input's size."""
    assert len(repr(parsed)) <= 20 * len(body) + 200_000, (len(repr(parsed)), len(body))


def feed_outcome(body: bytes, *, kind: str, headers: dict[str, str] | None) -> str:
    try:
        parsed = parse_feed(body, url="https://feeds.example.org/rss", headers=headers, kind=kind)
    except FeedParseError as exc:
        assert exc.reason, exc
        return f"error:{exc.reason}"
    check_feed(parsed)
    check_amplification(parsed, body)
    return "value"


def check_extraction(result: Extraction) -> None:
    assert isinstance(result, Extraction)
    assert isinstance(result.text, str) and isinstance(result.title, str)
    assert result.text.strip() or result.summary_only or result.paragraphs == ()
    _utc(result.published)
    _utc(result.modified)
    assert SECRET not in result.text


def extract_outcome(html: bytes | str, entry: Entry | None = None) -> str:
    try:
        result = extract_article(
            html, url="https://news.example.org/a/1", min_words=20, entry=entry
        )
    except ExtractError as exc:
        assert exc.reason, exc
        return f"error:{exc.reason}"
    check_extraction(result)
    return "value"


# --- parse_feed ---------------------------------------------------------------------------------

CHARSETS = st.sampled_from(
    [
        "utf-8",
        "UTF-8",
        "iso-8859-1",
        "windows-1251",
        "koi8-r",
        "utf-16",
        "utf-16-le",
        "utf-32",
        "utf-7",
        "shift_jis",
        "gb18030",
        "ebcdic-cp-us",
        "x-no-such-charset",
        "",
        "utf-8;;",
        "bogus\x00",
    ]
)
CONTENT_TYPES = st.sampled_from(
    [
        "application/rss+xml",
        "application/atom+xml",
        "application/xml",
        "text/xml",
        "text/html",
        "application/octet-stream",
        "text/plain",
        "",
    ]
)


@st.composite
def headers_st(draw: st.DrawFn) -> dict[str, str] | None:
    if draw(st.booleans()):
        return None
    ctype = draw(CONTENT_TYPES)
    charset = draw(CHARSETS)
    value = f"{ctype}; charset={charset}" if charset and draw(st.booleans()) else ctype
    out = {"Content-Type": value}
    if draw(st.booleans()):
        out["Content-Location"] = draw(st.sampled_from(["", "not a url", "ftp://x/", "//x/y"]))
    return out


KINDS = st.sampled_from(["rss", "atom", "sitemap"])


@FUZZ
@given(body=st.binary(max_size=4096), kind=KINDS, headers=headers_st())
@_seeded
def test_parse_feed_random_bytes(body: bytes, kind: str, headers: dict[str, str] | None) -> None:
    TRIED["parse_feed random bytes"] += 1
    feed_outcome(body, kind=kind, headers=headers)


# codec="utf-8": any code point but lone surrogates
XML_TEXT = st.text(alphabet=st.characters(codec="utf-8"), max_size=80)
LINKISH = st.one_of(
    st.sampled_from(
        [
            "https://news.example.org/a/1",
            "http://news.example.org/b?utm_source=x",
            "/relative/path",
            "javascript:alert(1)",
            "mailto:x@y",
            "https://[::1]/x",
            "https://xn--80ak6aa92e.com/путь",
            "http://user:pw@host:99999/x",
            "https://exa mple.org",
            "https://%zz/",
            " \t https://ok.example.org/x \n",
            "file:///etc/passwd",
            "",
        ]
    ),
    XML_TEXT,
)
DATES = st.one_of(
    st.sampled_from(
        [
            "Mon, 02 Mar 2026 09:30:00 GMT",
            "2026-03-02T09:30:00Z",
            "2026-03-02",
            "0000-00-00",
            "9999-12-31T23:59:59-23:59",
            "0001-01-01T00:00:00+14:00",
            "Tue, 31 Feb 2026 99:99:99 XYZ",
            "-1",
            "2026-13-45T25:61:61+99:99",
            "1e400",
        ]
    ),
    XML_TEXT,
)


def esc(text: str) -> str:
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )


@st.composite
def hostile_prolog(draw: st.DrawFn, secret_file: Path) -> tuple[str, str]:
    """A DOCTYPE (or none) and the entity reference to put into the document."""
    # bombs are rare: expat stops one only after 8 MiB of expansion (~0.5 s through feedparser)
    choice = draw(
        st.sampled_from(["none"] * 12 + ["bomb", "external", "external", "parameter", "quadratic"])
    )
    if choice == "none":
        return "", ""
    if choice == "bomb":
        lines = ['<!ENTITY lol0 "lol">']
        lines += [f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)]
        return f"<!DOCTYPE r [{''.join(lines)}]>", "&lol9;"
    if choice == "external":
        return f'<!DOCTYPE r [<!ENTITY xxe SYSTEM "file://{secret_file}">]>', "&xxe;"
    if choice == "parameter":
        return (
            f'<!DOCTYPE r [<!ENTITY % p SYSTEM "file://{secret_file}"> %p;'
            '<!ENTITY ext SYSTEM "http://127.0.0.1:9/evil.dtd">]>',
            "&ext;",
        )
    big = "A" * 50_000
    return f'<!DOCTYPE r [<!ENTITY big "{big}">]>', "&big;" * 200


@st.composite
def near_valid_feed(draw: st.DrawFn, secret_file: Path) -> tuple[bytes, str]:
    flavour = draw(st.sampled_from(["rss", "atom", "urlset", "sitemapindex", "rdf"]))
    doctype, ref = draw(hostile_prolog(secret_file))
    n = draw(st.integers(0, 4))
    items = []
    for _ in range(n):
        title = esc(draw(XML_TEXT)) + (ref if draw(st.booleans()) else "")
        link = esc(draw(LINKISH))
        date = esc(draw(DATES))
        if draw(st.booleans()):
            link = f"<![CDATA[{draw(LINKISH).replace(']]>', '')}]]>"
        if flavour == "rss":
            items.append(
                f"<item><title>{title}</title><link>{link}</link><guid>{link}</guid>"
                f"<description>{esc(draw(XML_TEXT))}{ref}</description>"
                f"<pubDate>{date}</pubDate><category>{title}</category></item>"
            )
        elif flavour == "atom":
            items.append(
                f'<entry><title type="html">{title}</title><link href="{link}"/>'
                f"<id>{link}</id><updated>{date}</updated>"
                f"<summary>{title}</summary></entry>"
            )
        elif flavour == "rdf":
            items.append(
                f'<item rdf:about="{link}"><title>{title}</title><link>{link}</link>'
                f"<dc:date>{date}</dc:date></item>"
            )
        elif flavour == "urlset":
            items.append(
                f"<url><loc>{link}</loc><lastmod>{date}</lastmod><news:news>"
                f"<news:publication><news:name>{title}</news:name><news:language>"
                f"{esc(draw(XML_TEXT))}</news:language></news:publication>"
                f"<news:publication_date>{date}</news:publication_date>"
                f"<news:title>{title}</news:title><news:keywords>{title}"
                f"</news:keywords></news:news></url>"
            )
        else:
            items.append(f"<sitemap><loc>{link}</loc><lastmod>{date}</lastmod></sitemap>")
    attr = ""
    if draw(st.booleans()):
        attr = f' data-x="{"x" * draw(st.sampled_from([10, 1_000, 70_000]))}"'
    body = "".join(items)
    if flavour == "rss":
        doc = (
            f'<rss version="2.0"{attr}><channel><title>T{ref}</title>'
            f"<link>http://example.org/</link><language>{esc(draw(XML_TEXT))}</language>"
            f"{body}</channel></rss>"
        )
    elif flavour == "atom":
        doc = f'<feed xmlns="http://www.w3.org/2005/Atom"{attr}><title>T{ref}</title>{body}</feed>'
    elif flavour == "rdf":
        doc = (
            '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
            'xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/"'
            f"{attr}><channel><title>T</title></channel>{body}</rdf:RDF>"
        )
    elif flavour == "urlset":
        doc = (
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
            f'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"{attr}>{body}</urlset>'
        )
    else:
        doc = (
            f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"{attr}>'
            f"{body}</sitemapindex>"
        )
    declared = draw(
        st.sampled_from(
            ["utf-8", "UTF-16", "iso-8859-1", "windows-1251", "x-bogus", "ebcdic-cp-us", None]
        )
    )
    actual = draw(st.sampled_from(["utf-8", "utf-16", "latin-1", "cp1251", "utf-8-sig"]))
    prolog = f'<?xml version="1.0" encoding="{declared}"?>' if declared else ""
    text = prolog + doctype + doc
    data = text.encode(actual, errors="replace")
    mutation = draw(st.sampled_from(["none", "truncate", "flip", "nul", "bom", "garbage"]))
    if mutation == "truncate" and data:
        data = data[: draw(st.integers(0, len(data)))]
    elif mutation == "flip" and data:
        at = draw(st.integers(0, len(data) - 1))
        data = data[:at] + bytes([data[at] ^ draw(st.integers(1, 255))]) + data[at + 1 :]
    elif mutation == "nul":
        data = data.replace(b">", b">\x00", 3)
    elif mutation == "bom":
        data = (
            draw(
                st.sampled_from(
                    [codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE]
                )
            )
            + data
        )
    elif mutation == "garbage":
        data = data + draw(st.binary(max_size=64))
    kind = {"atom": "atom", "urlset": "sitemap", "sitemapindex": "sitemap"}.get(flavour, "rss")
    return data, draw(st.sampled_from([kind, "rss", "sitemap"]))


@pytest.fixture(scope="module")
def secret_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("fuzz") / "secret.txt"
    path.write_text(SECRET, encoding="utf-8")
    return path


@FUZZ
@given(data=st.data(), headers=headers_st())
@_seeded
def test_parse_feed_near_valid_hostile_xml(
    data: st.DataObject, headers: dict[str, str] | None, secret_file: Path
) -> None:
    body, kind = data.draw(near_valid_feed(secret_file))
    TRIED["parse_feed near-valid XML"] += 1
    began = time.monotonic()
    feed_outcome(body, kind=kind, headers=headers)
    assert time.monotonic() - began < HOSTILE_BUDGET_S


def test_parse_feed_hostile_examples_are_refused_or_harmless(secret_file: Path) -> None:
    """Fixed hostile documents: each is a value without the payload, or a FeedParseError."""
    bomb = "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10))
    docs = {
        "bomb-rss": f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY lol0 "lol">{bomb}]>'
        '<rss version="2.0"><channel><title>&lol9;</title><item><title>&lol9;</title>'
        "<link>https://a.example.org/1</link></item></channel></rss>",
        "bomb-sitemap": f'<?xml version="1.0"?><!DOCTYPE urlset [<!ENTITY lol0 "lol">{bomb}]>'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url>'
        "<loc>https://a.example.org/&lol9;</loc></url></urlset>",
        "xxe-rss": f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file://{secret_file}">'
        ']><rss version="2.0"><channel><title>&x;</title><item><title>&x;</title>'
        "<link>https://a.example.org/1</link><description>&x;</description></item>"
        "</channel></rss>",
        "xxe-atom": f'<?xml version="1.0"?><!DOCTYPE feed [<!ENTITY x SYSTEM "file://{secret_file}">'
        ']><feed xmlns="http://www.w3.org/2005/Atom"><entry><title>&x;</title>'
        '<link href="https://a.example.org/1"/><summary>&x;</summary></entry></feed>',
        "xxe-sitemap": f'<?xml version="1.0"?><!DOCTYPE urlset [<!ENTITY x SYSTEM '
        f'"file://{secret_file}">]><urlset xmlns="http://www.sitemaps.org/schemas/'
        'sitemap/0.9"><url><loc>https://a.example.org/&x;</loc></url></urlset>',
    }
    for name, doc in docs.items():
        began = time.monotonic()
        outcome = feed_outcome(doc.encode(), kind="rss", headers=None)
        assert time.monotonic() - began < HOSTILE_BUDGET_S, name
        assert outcome.startswith(("value", "error:")), (name, outcome)


# Fixed hostile inputs found by the fuzzing above; each is a bug until the test passes.

SITEMAP = (
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
    "<url><loc>https://a.example.org/1</loc></url></urlset>"
)

PADDED_BOMB_SCRIPT = """
import logging, sys, time
logging.disable(logging.CRITICAL)
from aggregator.errors import FeedParseError
from aggregator.parse.feeds import parse_feed
bomb = "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10))
pad = "<!-- " + "x" * 2_000_000 + " -->"  # a 2 MB feed, well under fetch.max_bytes
body = (f'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY lol0 "lol">{bomb}]><rss version="2.0">'
        f"<channel>{pad}<title>&lol9;</title><item><title>t</title>"
        "<link>https://a.example.org/1</link></item></channel></rss>").encode()
began = time.monotonic()
try:
    parse_feed(body, url="https://f.example.org/rss")
except FeedParseError:
    pass
# VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the parent (pytest) across exec
hwm = next(line for line in open("/proc/self/status") if line.startswith("VmHWM:"))
print(time.monotonic() - began, int(hwm.split()[1]) // 1024)
"""


def test_parse_feed_entity_bomb_in_a_padded_feed_is_cheap() -> None:
    """expat stops entity expansion at 100x the input size, so padding the document buys an
    attacker 100x its size in expansion; a 2 MB feed must still parse in bounded time/memory."""
    budget = 5.0
    try:
        done = subprocess.run(
            [sys.executable, "-c", PADDED_BOMB_SCRIPT],
            capture_output=True,
            text=True,
            timeout=budget * 2,
            check=True,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"parse_feed of a padded 2 MB entity bomb took over {budget * 2}s")
    seconds, peak_mb = done.stdout.split()
    assert float(seconds) < budget, f"{seconds}s"
    assert int(peak_mb) < 500, f"{peak_mb} MB peak"


@pytest.mark.parametrize(
    "when", ["9999-12-31T23:59:59-23:59", "0001-01-01T00:00:00+14:00", "2026-03-02T09:30:00Z"]
)
@pytest.mark.parametrize("field", ["lastmod", "publication_date"])
def test_parse_feed_sitemap_dates_out_of_range_are_none(when: str, field: str) -> None:
    news = f"<news:news><news:{field}>{when}</news:{field}></news:news>"
    lastmod = f"<lastmod>{when}</lastmod>" if field == "lastmod" else news
    body = (
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">'
        f"<url><loc>https://a.example.org/1</loc>{lastmod}</url></urlset>"
    ).encode()
    parsed = parse_feed(body, url="https://f.example.org/sitemap.xml", kind="sitemap")
    entry = parsed.entries[0]
    value = entry.updated if field == "lastmod" else entry.published
    if when.startswith("2026"):
        assert value == datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
    else:
        assert value is None


@pytest.mark.parametrize(
    "body",
    [
        codecs.BOM_UTF32_LE + codecs.BOM_UTF16_LE + SITEMAP.encode("utf-16-le"),
        codecs.BOM_UTF32_LE + SITEMAP.encode("utf-16-le"),
        codecs.BOM_UTF16_LE + SITEMAP.encode("utf-8"),
    ],
    ids=["utf32-bom-utf16-bom", "utf32-bom-utf16", "utf16-bom-utf8"],
)
def test_parse_feed_sitemap_behind_a_lying_bom_is_a_feed_parse_error(body: bytes) -> None:
    """lxml's recovering parser raises (rather than returning None) on these."""
    assert feed_outcome(body, kind="sitemap", headers=None).startswith(("value", "error:"))


@pytest.mark.parametrize(
    ("name", "data", "rows", "errors"),
    [
        ("latin1.jsonl", b'\xe9\n{"id": "2", "outlet": "bbc", "text": "t"}\n', 1, 1),
        ("latin1.csv", b"id,outlet,text\n1,bbc,caf\xe9\n2,bbc,t\n", 1, 1),
        (
            "deep.jsonl",
            b"[" * 100_000 + b"]" * 100_000 + b'\n{"id": 2, "outlet": "bbc", "text": "t"}',
            1,
            1,
        ),
        ("no-title.jsonl", b'{"id": "1", "outlet": "bbc", "text": "t"}', 1, 0),
        ("no-title.csv", b"id,outlet,text\n1,bbc,t\n", 1, 0),
        (
            "year-1.jsonl",
            b'{"id": "1", "outlet": "bbc", "text": "t", "published": "0001-01-01T00:00:00+01:00"}',
            0,
            1,
        ),
    ],
    ids=lambda v: v if isinstance(v, str) else "data" if isinstance(v, bytes) else str(v),
)
def test_read_corpus_hostile_files_yield_rows_and_row_errors(
    tmp_path: Path, name: str, data: bytes, rows: int, errors: int
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    seen = corpus_outcome(path)
    assert (seen["row"], seen["error"]) == (rows, errors)


# --- extract_article ----------------------------------------------------------------------------

TAGS = st.sampled_from(
    [
        "p",
        "div",
        "article",
        "main",
        "section",
        "span",
        "h1",
        "h2",
        "a",
        "b",
        "table",
        "tr",
        "td",
        "ul",
        "li",
        "script",
        "style",
        "noscript",
        "template",
        "svg",
        "math",
        "iframe",
        "br",
        "img",
        "meta",
        "title",
        "head",
        "body",
        "html",
        "figure",
        "figcaption",
        "time",
        "header",
        "footer",
        "nav",
    ]
)
WORD = st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=12)
HTML_BITS = st.sampled_from(
    [
        "<",
        ">",
        "</",
        "/>",
        "&",
        "&amp;",
        "&#0;",
        "&#x110000;",
        "&#xD800;",
        "&nbsp;",
        "<!--",
        "-->",
        "<![CDATA[",
        "]]>",
        '"',
        "'",
        "=",
        "<?xml ",
        "?>",
        "<!doctype html>",
        "\x00",
        "\r",
        "\u2028",
        "<p>",
        "</p>",
        "<div>",
        "</div>",
        "<script>",
        "</script>",
        "<html>",
        "<body>",
    ]
)

HTMLISH = st.lists(st.one_of(HTML_BITS, WORD), max_size=200).map("".join)


@FUZZ
@given(text=HTMLISH, as_bytes=st.booleans(), charset=CHARSETS)
@_seeded
def test_extract_article_random_htmlish_text(text: str, as_bytes: bool, charset: str) -> None:
    TRIED["extract_article random HTML-ish"] += 1
    html: bytes | str = text
    if as_bytes:
        html = text.encode(charset if _known(charset) else "utf-8", errors="replace")
    extract_outcome(html)


def _known(name: str) -> bool:
    try:
        codecs.lookup(name)
    except (LookupError, ValueError):
        return False
    return True


@FUZZ
@given(data=st.binary(max_size=4096))
@_seeded
def test_extract_article_random_bytes(data: bytes) -> None:
    TRIED["extract_article random bytes"] += 1
    extract_outcome(data)


LD_KEYS = st.sampled_from(
    [
        "@type",
        "@graph",
        "headline",
        "datePublished",
        "dateModified",
        "author",
        "name",
        "articleBody",
        "inLanguage",
        "articleSection",
        "url",
        "mainEntityOfPage",
        "@id",
        "publisher",
        "description",
    ]
)


def _json_containers(inner: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.lists(inner, max_size=4) | st.dictionaries(LD_KEYS, inner, max_size=6)


JSONISH = st.one_of(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | WORD,
        _json_containers,
        max_leaves=20,
    ).map(lambda v: json.dumps(v, allow_nan=True)),
    st.sampled_from(
        [
            '{"@type": "NewsArticle", "headline": ',
            "[[[[[[",
            '{"@graph": [{"@type":',
            '{"datePublished": "2026-02-30T99:00:00Z", "@type": "NewsArticle"}',
            '{"author": {"name": {"name": {"name": null}}}, "@type": "Article"}',
            '{"@type": ["NewsArticle", 5], "headline": ["a", {"b": 1}]}',
            "</script><script>",
            '{"headline": "\\ud800"}',
            "1e99999",
        ]
    ),
)


ATTRS = st.sampled_from(["property", "name", "itemprop"])
META_NAMES = st.sampled_from(
    [
        "og:title",
        "article:published_time",
        "author",
        "og:url",
        "description",
        "og:site_name",
        "article:section",
    ]
)


@st.composite
def article_page(draw: st.DrawFn) -> bytes | str:
    charset = draw(CHARSETS)
    title = esc(draw(WORD))
    paras = "".join(
        f"<p>{esc(' '.join(draw(st.lists(WORD, max_size=40))))}</p>"
        for _ in range(draw(st.integers(0, 6)))
    )
    depth = draw(st.sampled_from([0, 1, 50, 300, 3000]))
    tag = draw(TAGS)
    nested = f"<{tag}>" * depth + paras + f"</{tag}>" * draw(st.integers(0, depth))
    ld = "".join(
        f'<script type="application/ld+json">{draw(JSONISH)}</script>'
        for _ in range(draw(st.integers(0, 3)))
    )
    metas = "".join(
        f'<meta {draw(ATTRS)}="{draw(META_NAMES)}" '
        f'content="{esc(draw(st.one_of(WORD, DATES, LINKISH)))}">'
        for _ in range(draw(st.integers(0, 5)))
    )
    canonical = f'<link rel="canonical" href="{esc(draw(LINKISH))}">' if draw(st.booleans()) else ""
    head = (
        f'<meta charset="{esc(charset)}">'
        if draw(st.booleans())
        else (f'<meta http-equiv="Content-Type" content="text/html; charset={esc(charset)}">')
    )
    doc = (
        f"<!doctype html><html><head>{head}<title>{title}</title>{metas}{canonical}{ld}</head>"
        f"<body><article><h1>{title}</h1>{nested}</article></body></html>"
    )
    if draw(st.booleans()):
        return doc
    encoding = charset if _known(charset) else "utf-8"
    data = doc.encode(encoding, errors="replace")
    if draw(st.booleans()) and data:
        data = data[: draw(st.integers(0, len(data)))]
    return data


@FUZZ
@given(page=article_page(), summary=st.one_of(st.just(""), WORD))
@_seeded
def test_extract_article_structured_pages(page: bytes | str, summary: str) -> None:
    TRIED["extract_article structured pages"] += 1
    entry = Entry(url="https://news.example.org/a/1", summary=summary) if summary else None
    extract_outcome(page, entry)


@pytest.mark.parametrize("when", ["9999-12-31T23:59:59-23:59", "0001-01-01T00:00:00+14:00"])
@pytest.mark.parametrize("where", ["json-ld", "meta"])
def test_extract_article_dates_out_of_range_are_none(where: str, when: str) -> None:
    """metadata.parse_date overflows in astimezone(); the page must still extract."""
    words = " ".join(["Ministers met in the capital to discuss grain shipments."] * 12)
    date = (
        f'<script type="application/ld+json">{{"@type": "NewsArticle", "headline": "T", '
        f'"datePublished": "{when}"}}</script>'
        if where == "json-ld"
        else f'<meta property="article:published_time" content="{when}">'
    )
    html = (
        f"<html><head><title>T</title>{date}</head><body><article><h1>T</h1>"
        f"<p>{words}</p><p>{words}</p></article></body></html>"
    )
    result = extract_article(html, url="https://news.example.org/a/1", min_words=20)
    assert result.published is None
    assert result.text


# --- canonical_url ------------------------------------------------------------------------------


@st.composite
def urlish(draw: st.DrawFn) -> str:
    scheme = draw(st.sampled_from(["http", "https", "HTTP", "hTtPs", "ftp", "", "javascript"]))
    host = draw(
        st.one_of(
            st.sampled_from(
                [
                    "example.org",
                    "WWW.Example.ORG.",
                    "amp.theguardian.com",
                    "m.bbc.co.uk",
                    "bbc.com",
                    "guardian.co.uk",
                    "rt.com",
                    "www.mid.ru",
                    "[::1]",
                    "[fe80::1%25eth0]",
                    "127.0.0.1",
                    "xn--80ak6aa92e.com",
                    "пример.рф",
                    "ex_ample.org",
                    "a..b",
                    "-bad-.org",
                    "xn--zz",
                    "ﬀ.com",
                    "ß.de",
                    "",
                    ".",
                    "例え.テスト",
                    "\u200d.com",
                    "a" * 64 + ".com",
                    "[",
                    "[::1",
                    "user@host",
                    "host:0",
                    "host:65536",
                    "host:-1",
                    "host:abc",
                ]
            ),
            st.text(max_size=20),
        )
    )
    port = draw(st.sampled_from(["", ":80", ":443", ":8080", ":", ":0", ":99999", ":１２"]))
    path = draw(
        st.lists(
            st.one_of(
                st.sampled_from(
                    [
                        "amp",
                        ".",
                        "..",
                        "",
                        "x.amp",
                        "%2e%2E",
                        "%zz",
                        "%41",
                        "%e2%82",
                        "%2F",
                        "a b",
                        "ü",
                        "\x00",
                        "%",
                        ";p=1",
                        "news",
                        "sport",
                    ]
                ),
                st.text(max_size=8),
            ),
            max_size=6,
        ).map("/".join)
    )
    query = draw(
        st.lists(
            st.tuples(
                st.sampled_from(
                    ["utm_source", "CMP", "fbclid", "id", "a", "", "=", "&", "%zz", "UTM_x"]
                ),
                st.text(max_size=6),
            ),
            max_size=4,
        )
    )
    q = "&".join(f"{k}={v}" for k, v in query)
    frag = draw(st.sampled_from(["", "#top", "#", "#x?y"]))
    return f"{scheme}://{host}{port}/{path}" + (f"?{q}" if q else "") + frag


def canonical_outcome(text: str, base: str | None = None) -> str:
    try:
        result = canonical_url(text, base=base)
    except ValueError as exc:
        assert str(exc), exc
        return "error"
    assert isinstance(result, str)
    assert result.startswith(("http://", "https://")), result
    assert "#" not in result, result
    assert canonical_url(result) == result, f"not idempotent: {text!r} -> {result!r}"
    return "value"


@FUZZ
@given(text=st.text(max_size=300))
@_seeded
def test_canonical_url_arbitrary_text(text: str) -> None:
    TRIED["canonical_url arbitrary text"] += 1
    canonical_outcome(text)


@FUZZ
@given(text=urlish(), base=st.one_of(st.none(), urlish()), relative=st.booleans())
@_seeded
def test_canonical_url_url_shaped_text(text: str, base: str | None, relative: bool) -> None:
    TRIED["canonical_url URL-shaped"] += 1
    if relative and base is not None:
        text = text.split("://", 1)[-1].partition("/")[2]
    canonical_outcome(text, base)


# --- read_corpus ---------------------------------------------------------------------------------

FIELDS = st.sampled_from(
    [
        "id",
        "url",
        "outlet",
        "title",
        "text",
        "published",
        "language",
        "",
        "extra",
        "ID",
        "Outlet",
        " id",
    ]
)
VALUES = st.one_of(
    st.text(max_size=30),
    DATES,
    LINKISH,
    st.sampled_from(
        [
            "bbc",
            "BBC",
            "rt ",
            "9lives",
            "a" * 41,
            "guardian",
            "ü",
            "x\x00y",
            "0001-01-01T00:00:00+01:00",
            "9999-12-31T23:59:59-01:00",
            "2026-03-02T09:30:00+24:00",
            "2026-03-02 09:30",
            "+002026-03-02",
        ]
    ),
)
JSON_VALUES = st.one_of(
    VALUES,
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)


@st.composite
def jsonl_file(draw: st.DrawFn) -> bytes:
    lines = []
    for _ in range(draw(st.integers(0, 8))):
        kind = draw(
            st.sampled_from(
                ["row", "row", "row", "array", "scalar", "broken", "deep", "blank", "bytes"]
            )
        )
        if kind == "row":
            row = {k: draw(JSON_VALUES) for k in draw(st.lists(FIELDS, max_size=8))}
            if draw(st.booleans()):
                row.update(
                    {
                        "id": draw(VALUES),
                        "outlet": draw(VALUES),
                        "text": draw(VALUES),
                        "published": draw(VALUES),
                    }
                )
            lines.append(json.dumps(row, ensure_ascii=draw(st.booleans())).encode())
        elif kind == "array":
            lines.append(b'[1, 2, {"id": 1}]')
        elif kind == "scalar":
            lines.append(draw(st.sampled_from([b"1", b'"x"', b"null", b"true", b"1e999"])))
        elif kind == "broken":
            lines.append(draw(st.sampled_from([b'{"id": 1,', b"{'id': 1}", b'{"a": NaN}', b"}"])))
        elif kind == "deep":
            lines.append(b"[" * 100_000 + b"]" * 100_000)
        elif kind == "blank":
            lines.append(b"   ")
        else:
            lines.append(draw(st.binary(max_size=40)))
    sep = draw(st.sampled_from([b"\n", b"\r\n", b"\r"]))
    return sep.join(lines)


@st.composite
def csv_file(draw: st.DrawFn) -> bytes:
    header = draw(st.lists(FIELDS, max_size=9))
    if draw(st.booleans()):
        header = ["id", "url", "outlet", "title", "text", "published", *header]
    out = io.StringIO()
    writer = csv.writer(
        out, quoting=draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL, csv.QUOTE_NONNUMERIC]))
    )
    writer.writerow(header)
    for _ in range(draw(st.integers(0, 6))):
        writer.writerow([draw(VALUES) for _ in range(draw(st.integers(0, len(header) + 2)))])
    data = out.getvalue().encode("utf-8", errors="surrogatepass")
    mutation = draw(st.sampled_from(["none", "none", "bom", "latin1", "quote", "nul", "garbage"]))
    if mutation == "bom":
        data = codecs.BOM_UTF8 + data
    elif mutation == "latin1":
        data = data + "é,ü,\n".encode("latin-1")
    elif mutation == "quote":
        data = data + b'"unterminated,field\nmore'
    elif mutation == "nul":
        data = data.replace(b",", b",\x00", 2)
    elif mutation == "garbage":
        data = data + draw(st.binary(max_size=40))
    return data


def corpus_outcome(path: Path) -> Counter[str]:
    seen: Counter[str] = Counter()
    for item in read_corpus(path):  # anything raised here fails the test
        if isinstance(item, ImportRowError):
            assert str(item).startswith(str(path)), item  # names the file (and line)
            seen["error"] += 1
            continue
        assert isinstance(item, ImportRow), item
        assert item.external_id and item.outlet and item.text
        assert item.url is None or item.url.startswith(("http://", "https://"))
        _utc(item.published)
        seen["row"] += 1
    return seen


@FUZZ
@given(data=jsonl_file(), suffix=st.sampled_from([".jsonl", ".ndjson", ".json"]))
@_seeded
def test_read_corpus_random_jsonl(data: bytes, suffix: str, tmp_path: Path) -> None:
    TRIED["read_corpus JSONL"] += 1
    path = tmp_path / f"corpus{suffix}"
    path.write_bytes(data)
    corpus_outcome(path)


@FUZZ
@given(data=csv_file(), suffix=st.sampled_from([".csv", ".CSV", ".tsv", ""]))
@_seeded
def test_read_corpus_random_csv(data: bytes, suffix: str, tmp_path: Path) -> None:
    TRIED["read_corpus CSV"] += 1
    path = tmp_path / f"corpus{suffix}"
    path.write_bytes(data)
    corpus_outcome(path)


def test_fuzz_budget_is_applied() -> None:
    """The example count comes from the environment (a typo there must not silently run 0)."""
    assert EXAMPLES >= 1
    assert FUZZ.max_examples == EXAMPLES
    assert FUZZ.deadline is None
