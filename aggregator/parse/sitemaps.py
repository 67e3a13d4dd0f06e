"""News sitemap bytes (``<urlset>`` or ``<sitemapindex>``) -> ``ParsedFeed``, read with lxml.

The parser neither resolves entities, loads a DTD nor touches the network. A ``<urlset>`` (news
sitemap or plain sitemap) gives ``kind="sitemap"``: ``Entry.url`` is the ``<loc>``,
``Entry.language`` the ``news:language`` and ``Entry.section`` the first ``news:keywords`` item.
A ``<sitemapindex>`` gives ``kind="sitemap-index"``, whose entries each point at a child
sitemap (``Entry.url`` = the child's ``<loc>``, ``Entry.updated`` = its ``<lastmod>``); the
caller fetches and parses those in turn. Broken XML is read as far as lxml recovers it, with a
warning; with no readable entries it raises ``FeedParseError`` (``malformed``).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from lxml import etree

from aggregator.errors import FeedParseError
from aggregator.parse.fragments import absolute_http, collapse_spaces, html_to_text
from aggregator.records import Entry, ParsedFeed
from aggregator.times import parse_iso_time

logger = logging.getLogger(__name__)


def _safe_parser(*, recover: bool) -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        load_dtd=False,
        dtd_validation=False,
        recover=recover,
    )


def parse_sitemap(body: bytes, *, url: str) -> ParsedFeed:
    """Read the entries of one sitemap or sitemap index; ``url`` is where it was fetched from."""
    warnings: list[str] = []
    try:
        root = etree.fromstring(body, parser=_safe_parser(recover=False))
    except etree.XMLSyntaxError as exc:
        try:
            root = etree.fromstring(body, parser=_safe_parser(recover=True))
        except etree.XMLSyntaxError:
            root = None
        if root is None:
            raise FeedParseError(
                f"not well-formed ({exc})", url=url, reason="malformed", subject="sitemap"
            ) from exc
        warnings.append(f"sitemap is not well-formed ({exc}); read what was recoverable")

    is_index = _local(root) == "sitemapindex"
    entries: list[Entry] = []
    title = ""
    for position, node in enumerate(_children(root, "sitemap" if is_index else "url"), start=1):
        loc = absolute_http(_child_text(node, "loc"), url)
        if loc is None:
            warnings.append(f"entry {position} has no http(s) <loc>; dropped")
            continue
        updated = _w3c_datetime(_child_text(node, "lastmod"))
        news = next(_children(node, "news"), None)
        if news is None:
            entries.append(Entry(url=loc, updated=updated))
            continue
        publication = next(_children(news, "publication"), None)
        language = _child_text(publication, "language") if publication is not None else ""
        title = title or (_child_text(publication, "name") if publication is not None else "")
        keywords = _child_text(news, "keywords")
        entries.append(
            Entry(
                url=loc,
                title=html_to_text(_child_text(news, "title")),
                published=_w3c_datetime(_child_text(news, "publication_date")),
                updated=updated,
                language=language or None,
                section=keywords.split(",")[0].strip() or None if keywords else None,
            )
        )
    if not entries and warnings and not is_index:
        raise FeedParseError("no readable entries", url=url, reason="malformed", subject="sitemap")
    for warning in warnings:
        logger.warning("sitemap %s: %s", url, warning)
    return ParsedFeed(
        url=url,
        kind="sitemap-index" if is_index else "sitemap",
        title=title,
        entries=tuple(entries),
        warnings=tuple(warnings),
    )


def _local(node: Any) -> str:
    tag = node.tag
    if not isinstance(tag, str):  # comments, processing instructions, unresolved entities
        return ""
    return tag.rsplit("}", 1)[-1].lower()


def _children(node: Any, name: str) -> Iterator[Any]:
    return (child for child in node if _local(child) == name)


def _child_text(node: Any, name: str) -> str:
    child = next(_children(node, name), None)
    return collapse_spaces("".join(child.itertext())) if child is not None else ""


def _w3c_datetime(text: str) -> datetime | None:
    """A sitemap's W3C datetime (ISO 8601) -> aware UTC; None when absent or unreadable."""
    try:
        return parse_iso_time(text)
    except ValueError:
        return None
