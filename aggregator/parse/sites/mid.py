"""Parsed mid.ru page -> SiteText: the article body and the date line, read in Moscow time;
and the page's document number, which the Russian, English and other versions of one document
share (``document_number``)."""

from __future__ import annotations

import re
from datetime import timedelta, timezone

from lxml import html as lxml_html

from aggregator.parse.sites.blocks import SiteText, block_texts, first_node, text_of, xpath_class
from aggregator.times import parse_page_time

MOSCOW = timezone(timedelta(hours=3), "MSK")  # the zone of mid.ru's date lines (no DST since 2014)

_MID_DATE = re.compile(r"(\d{2}\.\d{2}\.\d{4})(?:\s+(\d{1,2}:\d{2}))?")
# "412-03-03-2026": a running number, then the day, month and year of the document
_DOC_NUMBER = re.compile(r"(?<![\d-])(\d{1,6}-\d{2}-\d{2}-\d{4})(?![\d-])")


def document_number(tree: lxml_html.HtmlElement) -> str | None:
    """The document number of a mid.ru page (``p.article-line__note``, or
    ``div.announcement__doc-num`` on statements), e.g. ``412-03-03-2026``; None when absent.

    The ministry gives one document one number in every language it publishes it in, while the
    URLs' numeric ids differ (``/ru/foreign_policy/news/2089407/`` and ``/en/.../2089411/``).
    """
    for path in (
        f"//*[{xpath_class('article-line__note')}]",
        f"//*[{xpath_class('announcement__doc-num')}]",
    ):
        for node in tree.xpath(path):
            match = _DOC_NUMBER.search(" ".join(node.text_content().split()))
            if match:
                return match.group(1)
    return None


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
