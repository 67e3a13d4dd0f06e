"""Feed bytes in, ``ParsedFeed`` out: RSS/Atom (feedparser) and news sitemaps (lxml).

Never fetches anything: feedparser gets the body as a byte stream plus the response headers
(so the charset of ``Content-Type`` counts), and sitemaps are read with an lxml parser that
neither resolves entities nor touches the network.

What comes back:

* ``kind="rss"`` or ``"atom"`` for feeds, read here with feedparser; ``"sitemap"`` or
  ``"sitemap-index"`` for news sitemaps, which ``parse_feed`` hands to ``sitemaps``.
* The ``kind`` argument is a hint only: the document's root element decides, so a feed
  configured as ``rss`` that serves a ``<urlset>`` is read as a sitemap, and vice versa.
* ``Entry.url`` is the item link as published (whitespace and CDATA stripped, made absolute
  against the feed URL), not yet canonical: ``urls.canonical_url`` does that. When the
  link goes through a feed redirector (feedsportal, ``feeds.theguardian.com/c/...``) and the
  guid is an http URL, the guid is used instead. A BBC
  ``guid`` of the form ``<url>#0`` is kept as ``guid`` only. Items without an http(s) link are
  dropped with a warning.
* Summaries are plain text: tags, images (tracking pixels), scripts and trailers such as
  "Read Full Article at RT.com", "Continue reading..." or a "© 2013 ... More Feeds" footer
  removed.
* Dates are timezone-aware UTC datetimes, or None when absent or unreadable.
* ``Entry.language`` is the feed's language (a news sitemap's ``news:language``);
  ``Entry.section`` the first category (a news sitemap's first ``news:keywords`` item).

Failures raise ``FeedParseError`` with ``reason``: ``empty`` (no bytes), ``html_not_feed``
(an HTML page), ``js_challenge`` (a JavaScript bot-check page), ``malformed`` (broken XML
with no readable entries; broken XML *with* entries is accepted, with a warning) or
``not_a_feed`` (well-formed, but neither RSS, Atom nor a sitemap).
"""

from __future__ import annotations

import calendar
import codecs
import io
import logging
import re
import time
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

import feedparser

from aggregator.errors import FeedParseError
from aggregator.parse.fragments import absolute_http, collapse_spaces, html_to_text
from aggregator.parse.sitemaps import parse_sitemap
from aggregator.records import Entry, ParsedFeed

logger = logging.getLogger(__name__)

_FEED_ROOTS = frozenset({"rss", "feed", "rdf", "channel"})
_SITEMAP_ROOTS = frozenset({"urlset", "sitemapindex"})
_HTML_ROOTS = frozenset({"html", "head", "body", "script", "noscript", "div", "meta", "title"})

# Root element: the first tag that is not a declaration, comment or processing instruction.
_ROOT_TAG = re.compile(rb"<(?![?!])\s*([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)")
_HTML_DOCTYPE = re.compile(rb"<!doctype\s+html", re.IGNORECASE)

# Phrases only bot-check pages carry; any one of them is enough.
_CHALLENGE_STRONG = (
    "checking your browser",
    "проверка браузера",
    "enable javascript and cookies",
    "jschl",
    "__cf_chl",
    "cf-challenge",
    "ddos-guard",
    "challenge-platform",
)
# Things ordinary pages also do; they mark a challenge only on a page with little text.
_CHALLENGE_WEAK = re.compile(
    r"document\.cookie|location\.(?:replace|reload|assign)\s*\(|"
    r"(?:window\.|document\.)?location(?:\.href)?\s*=[^=]|<noscript",
    re.IGNORECASE,
)
_CHALLENGE_MAX_TEXT = 1500

# Trailers feeds append to summaries (RT, Guardian, WordPress-style).
_TRAILERS = re.compile(
    r"\s*(?:Read Full Article at RT\.com|Continue reading(?:\.\.\.|…)?|Read more(?:\.\.\.|…)?"
    r"|The post .{1,200} appeared first on .{1,100}\."
    r"|\S*\s*© ?\d{4} .{0,300}?(?:More Feeds|All rights reserved\.?))\s*$",
    re.IGNORECASE,
)
# Hosts that only redirect feed readers to the article (click counting); the guid is better.
_REDIRECTOR_HOSTS = (
    "feedsportal.com",
    "feeds.theguardian.com",
    "feedproxy.google.com",
    "feeds.feedburner.com",
)


def parse_feed(
    body: bytes,
    *,
    url: str,
    headers: Mapping[str, str] | None = None,
    kind: str = "rss",
) -> ParsedFeed:
    """Read the entries of one feed or news sitemap from its raw bytes.

    ``url`` is the URL the body was fetched from (base for relative links, named in errors);
    ``headers`` the response headers (``Content-Type`` charset); ``kind`` the configured kind,
    a hint that the document's root element overrides.
    """
    if not body.strip():
        raise FeedParseError(
            "answered with an empty body", url=url, reason="empty", after="no entries read"
        )
    if _declares_entities(body):
        # no real feed declares entities; expat would expand them (an "entity bomb")
        raise FeedParseError(
            "declares XML entities (possible entity expansion attack)",
            url=url,
            reason="hostile_xml",
        )
    root = _root_name(body)
    if root in _SITEMAP_ROOTS:
        if kind != "sitemap":
            logger.info(
                "feed %s is configured as %s but is a sitemap; reading it as one", url, kind
            )
        return parse_sitemap(body, url=url)
    if root in _HTML_ROOTS or (root is None and _HTML_DOCTYPE.search(body[:4096])):
        raise _html_error(body, url)
    if root is None:
        raise FeedParseError("holds no XML element", url=url, reason="not_a_feed")
    if kind == "sitemap" and root in _FEED_ROOTS:
        logger.info("feed %s is configured as a sitemap but is %s; reading it as a feed", url, root)
    return _parse_syndication(body, url=url, headers=headers or {}, root=root)


_ENTITY_DECLARATIONS = tuple(
    "<!ENTITY".encode(codec) for codec in ("ascii", "utf-16-le", "utf-16-be", "utf-32-le")
)


def _declares_entities(body: bytes) -> bool:
    """True when the prolog (before the first element) declares an entity."""
    head = body[:262144]
    return any(marker in head for marker in _ENTITY_DECLARATIONS)


def _root_name(body: bytes) -> str | None:
    head = body[:65536]
    for bom, codec in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if head.startswith(bom):  # sniff UTF-16 documents in UTF-8 (feedparser decodes them)
            head = head[len(bom) : len(head) - len(head) % 2].decode(codec, "replace").encode()
    match = _ROOT_TAG.search(_strip_doctype(head))
    return match.group(2).decode("ascii").lower() if match else None


def _strip_doctype(head: bytes) -> bytes:
    # A DOCTYPE's internal subset holds "<!ENTITY ...>" lines: skip past its closing "]>".
    start = head.find(b"<!DOCTYPE")
    if start < 0:
        return head
    bracket, close = head.find(b"[", start), head.find(b">", start)
    if 0 <= bracket < close:
        end = head.find(b"]>", bracket)
        return head[end + 2 :] if end >= 0 else b""
    return head[close + 1 :] if close >= 0 else b""


def _html_error(body: bytes, url: str) -> FeedParseError:
    text = body[:200_000].decode("utf-8", "replace")
    lowered = text.lower()
    visible = html_to_text(text)
    if any(marker in lowered for marker in _CHALLENGE_STRONG) or (
        _CHALLENGE_WEAK.search(text) and len(visible) < _CHALLENGE_MAX_TEXT
    ):
        return FeedParseError(
            "served a JavaScript challenge page instead of a feed",
            url=url,
            reason="js_challenge",
        )
    return FeedParseError(
        "served an HTML page instead of a feed",
        url=url,
        reason="html_not_feed",
    )


# --- RSS / Atom -------------------------------------------------------------------------------


def _parse_syndication(
    body: bytes, *, url: str, headers: Mapping[str, str], root: str
) -> ParsedFeed:
    response_headers = {key.lower(): value for key, value in headers.items()}
    response_headers.setdefault("content-location", url)
    # Without a Content-Type feedparser flags every document; bytes with no header are XML
    # whose encoding the prolog (or UTF-8) gives.
    response_headers.setdefault("content-type", "application/xml")
    try:
        # A byte stream, never a string: feedparser treats some strings as URLs or paths.
        parsed = feedparser.parse(
            io.BytesIO(body),
            response_headers=response_headers,
            resolve_relative_uris=False,
            sanitize_html=True,
        )
    except Exception as exc:  # feedparser rarely raises; anything it does is a parse failure
        raise FeedParseError(f"could not be parsed ({exc})", url=url, reason="malformed") from exc

    raw_entries: list[Any] = list(parsed.get("entries") or [])
    version = str(parsed.get("version") or "")
    problem = parsed.get("bozo_exception")
    # An encoding override or a non-XML Content-Type is a remark, not broken XML.
    bozo = bool(parsed.get("bozo")) and not isinstance(
        problem, feedparser.CharacterEncodingOverride | feedparser.NonXMLContentType
    )
    meta = parsed.get("feed") or {}
    language = collapse_spaces(str(meta.get("language") or "")) or None
    entries: list[Entry] = []
    dropped: list[str] = []
    for position, item in enumerate(raw_entries, start=1):
        entry = _entry_from_item(item, url=url, language=language)
        if entry is None:
            dropped.append(f"entry {position} has no http(s) link; dropped")
        else:
            entries.append(entry)

    if not entries and bozo:
        raise FeedParseError(
            f"not well-formed and no readable entries ({problem})",
            url=url,
            reason="malformed",
        )
    if not raw_entries and not version and root not in _FEED_ROOTS:
        raise FeedParseError(
            f"XML <{root}>, not RSS, Atom or a sitemap",
            url=url,
            reason="not_a_feed",
        )
    warnings: list[str] = []
    if bozo:
        warnings.append(f"feed is not well-formed ({problem}); {len(entries)} entries read anyway")
    elif problem is not None:
        warnings.append(f"feed read despite: {problem}")
    warnings.extend(dropped)
    if not raw_entries:
        warnings.append("feed has no entries")

    for warning in warnings:
        logger.warning("feed %s: %s", url, warning)
    kind = "atom" if version.startswith("atom") else "rss"
    return ParsedFeed(
        url=url,
        kind=kind,
        title=html_to_text(str(meta.get("title") or "")),
        entries=tuple(entries),
        warnings=tuple(warnings),
    )


def _entry_from_item(item: Any, *, url: str, language: str | None) -> Entry | None:
    link = absolute_http(str(_field(item, "link") or ""), url)
    guid = collapse_spaces(str(_field(item, "id") or "")) or None
    if guid is not None and link is None and _field(item, "guidislink"):
        link = absolute_http(guid, url)
    elif guid is not None and link is not None and _redirector(link) and "://" in guid:
        # A feed-analytics redirector (often defunct) in front of the article: an http guid
        # is the article itself.
        link = absolute_http(guid, url) or link
    if link is None:
        return None
    authors = _unique(
        html_to_text(str(a.get("name") or "")) for a in _field(item, "authors") or [] if a
    ) or _unique([html_to_text(str(_field(item, "author") or ""))])
    tags = [collapse_spaces(str(t.get("term") or "")) for t in _field(item, "tags") or [] if t]
    return Entry(
        url=link,
        title=html_to_text(str(_field(item, "title") or "")),
        summary=_summary_text(str(_field(item, "summary") or "")),
        published=_struct_to_utc(_field(item, "published_parsed")),
        updated=_struct_to_utc(_field(item, "updated_parsed")),
        authors=authors,
        guid=guid,
        language=language,
        section=next((t for t in tags if t), None),
    )


def _redirector(link: str) -> bool:
    host = (urlsplit(link).hostname or "").lower()
    return any(host == h or host.endswith("." + h) for h in _REDIRECTOR_HOSTS)


def _field(item: Any, key: str) -> Any:
    # dict.get, not FeedParserDict.get: the latter maps missing keys to others with a
    # DeprecationWarning (``updated_parsed`` -> ``published_parsed``).
    return dict.get(item, key)


def _struct_to_utc(value: Any) -> datetime | None:
    if not isinstance(value, time.struct_time):
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(value), tz=UTC)
    except (OverflowError, ValueError, OSError):
        return None


def _unique(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v for v in values if v))


def _summary_text(markup: str) -> str:
    text = html_to_text(markup)
    while True:
        trimmed = _TRAILERS.sub("", text)
        if trimmed == text:
            return text
        text = trimmed
