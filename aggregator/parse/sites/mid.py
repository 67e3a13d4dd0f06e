"""Parsed mid.ru page -> SiteText: the article body and the date line, read in Moscow time."""

from __future__ import annotations

import re
from datetime import timedelta, timezone

from lxml import html as lxml_html

from aggregator.parse.sites.blocks import SiteText, block_texts, first_node, text_of, xpath_class
from aggregator.times import parse_page_time

MOSCOW = timezone(timedelta(hours=3), "MSK")  # the zone of mid.ru's date lines (no DST since 2014)

_MID_DATE = re.compile(r"(\d{2}\.\d{2}\.\d{4})(?:\s+(\d{1,2}:\d{2}))?")


def read_mid(tree: lxml_html.HtmlElement) -> SiteText | None:
    """mid.ru (1C-Bitrix) pages: ``div.text.article-content`` or ``div.announcement__text``.

    The date line (``p.article-line__note``, "dd.mm.yyyy HH:MM", Moscow time) gives the
    publication time when the page declares none.
    """
    body = first_node(
        tree,
        (
            f"//div[{xpath_class('text')} and {xpath_class('article-content')}]",
            f"//div[{xpath_class('announcement__text')}]",
        ),
    )
    if body is None:
        return None
    published = None
    note = text_of(
        tree, (f"//*[{xpath_class('article-line__note')}]", "//*[@class='announce__date']")
    )
    match = _MID_DATE.search(note or "")
    if match:
        stamp = match.group(1) + (" " + match.group(2) if match.group(2) else "")
        published = parse_page_time(stamp, assume_tz=MOSCOW)
    paragraphs = tuple(block_texts(body, ("p", "h2", "h3", "li", "blockquote")))
    return SiteText("site:mid", paragraphs, published=published)
