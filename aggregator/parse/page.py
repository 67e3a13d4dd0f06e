"""HTML page (bytes or text) -> ParsedPage: the decoded text and its lxml tree, parsed once.

The one place a page is decoded and parsed. The tree is parsed the way trafilatura parses its
own input (comments and processing instructions dropped, no default doctype, no id index, a
broken first-line doctype left out), so ``extract`` can hand it to ``trafilatura.extract``
and to the metadata and site readers without a second parse and with trafilatura's own output.
Its elements are all ``HtmlElement`` (no ``FormElement`` and kin: see ``_PARSER``).
Pages that are not HTML raise ``ExtractError`` with the reason tag. Pure; lxml and w3lib only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree
from lxml import html as lxml_html

from aggregator.errors import ExtractError
from aggregator.parse.charset import decode_html

_HTML_SNIFF = re.compile(rb"<(!doctype\s+html|html|head|body|p|div|article|meta|title)\b", re.I)
_NOT_HTML_SNIFF = re.compile(rb"^\s*(%PDF-|\{|\[|<rss\b|<feed\b|<urlset\b|<sitemapindex\b)", re.I)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
# characters XML 1.0 forbids: libxml2 may stop parsing at one of them
_INVALID_XML_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_INVALID_CHARS = tuple(chr(c) for c in (*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20)))
# a doctype line libxml2 misreads (lxml bug 1955915): the first line's doctype is dropped
_DOCTYPE = re.compile(r"<!DOCTYPE.*?>", re.I | re.S)

# phrases of anti-bot interstitials (Cloudflare, DDoS-Guard, Qrator, ServicePipe, generic)
_CHALLENGE_MARKERS = (
    "cf-browser-verification",
    "cf_chl_",
    "challenge-platform",
    "just a moment...",
    "checking your browser",
    "ddos-guard",
    "ddos protection by",
    "qrator",
    "servicepipe",
    "enable javascript and cookies to continue",
    "please enable javascript",
    "javascript is required",
    "please turn javascript on",
    "включите javascript",
    "проверка браузера",
)
_CHALLENGE_MAX_WORDS = 150

_PARSER = lxml_html.HTMLParser(
    collect_ids=False, default_doctype=False, remove_comments=True, remove_pis=True
)
# Every element an HtmlElement, chosen by lxml's C-level lookup: lxml.html's own lookup (a
# Python call each time an element is touched from Python, to make forms FormElement and
# such) costs ~1 us a time, and trafilatura touches thousands of elements a page (~10% of its
# time on the shared pages). Copies of the tree keep the parser, hence the lookup.
_PARSER.set_element_class_lookup(
    etree.ElementDefaultClassLookup(
        element=lxml_html.HtmlElement,
        comment=lxml_html.HtmlComment,
        pi=lxml_html.HtmlProcessingInstruction,
        entity=lxml_html.HtmlEntity,
    )
)


@dataclass(frozen=True)
class ParsedPage:
    """A page's decoded ``text`` and its parsed ``tree`` (root ``<html>``)."""

    text: str
    tree: lxml_html.HtmlElement


def parse_page(html: bytes | str, *, url: str, content_type: str | None = None) -> ParsedPage:
    """Decode (bytes: as a browser would, see ``charset``) and parse a page once.

    Raises ExtractError (reason ``empty`` or ``not_html``) for an empty page, a PDF, JSON, a
    feed or sitemap, or text without HTML markup; ``url`` names the page in the message.
    """
    raw = html if isinstance(html, bytes) else None
    if raw is not None and (not raw or raw.isspace()):  # (strip() would copy the page)
        raise ExtractError("empty page", url=url, reason="empty")
    if raw is not None and (_NOT_HTML_SNIFF.match(raw[:64]) or b"\x00" in raw[:1024]):
        raise ExtractError("not an HTML page", url=url, reason="not_html")
    text = decode_html(raw, content_type) if raw is not None else str(html)
    if not text.strip():
        raise ExtractError("empty page", url=url, reason="empty")
    if raw is None and _NOT_HTML_SNIFF.match(text[:64].encode("utf-8", errors="replace")):
        raise ExtractError("not an HTML page", url=url, reason="not_html")
    if not _HTML_SNIFF.search(text[:20000].encode("utf-8", errors="replace")):
        raise ExtractError("no HTML markup found", url=url, reason="not_html")
    return ParsedPage(text, _parse(text, url))


def _parse(text: str, url: str) -> lxml_html.HtmlElement:
    # lxml refuses str input that carries an XML encoding declaration
    cleaned = _XML_DECLARATION.sub("", text, count=1)
    # (str.__contains__ per character is several times faster than a regex scan of the page)
    if any(char in cleaned for char in _INVALID_CHARS):
        cleaned = _INVALID_XML_CHARS.sub("", cleaned)
    if "doctype" in cleaned[:50].lower():
        end = cleaned.find("\n")
        end = len(cleaned) if end < 0 else end
        found = _DOCTYPE.search(cleaned, 0, end)
        if found is not None:
            cleaned = cleaned[: found.start()] + cleaned[found.end() :]
    try:
        tree = lxml_html.document_fromstring(cleaned, parser=_PARSER)
    except (etree.ParserError, ValueError) as exc:
        raise ExtractError(
            f"could not be parsed as HTML ({exc})", url=url, reason="not_html"
        ) from exc
    return tree


_VISIBLE_TEXT = etree.XPath(
    "//body//text()[not(ancestor::script or ancestor::style or ancestor::noscript"
    " or ancestor::template)]"
)


def _visible_words(tree: lxml_html.HtmlElement, *, limit: int) -> int:
    """Words a reader would see in <body> (script, style and noscript left out), up to limit."""
    count = 0
    for chunk in _VISIBLE_TEXT(tree):
        count += len(str(chunk).split())
        if count > limit:
            break
    return count


def detect_challenge(page: ParsedPage, *, tree_intact: bool = True) -> str | None:
    """The anti-bot marker found on a page with almost no visible text, else None;
    ``tree_intact=False``: ``page.tree`` may have been pruned, the words are counted on a new
    parse of the text (only when a marker is found)."""
    lowered = page.text.lower()
    found = next((m for m in _CHALLENGE_MARKERS if m in lowered), None)
    if found is None and "document.cookie" in lowered and "location" in lowered:
        found = "script sets a cookie and reloads"
    if found is None:
        return None
    tree = page.tree if tree_intact else _parse(page.text, "")
    if _visible_words(tree, limit=_CHALLENGE_MAX_WORDS) > _CHALLENGE_MAX_WORDS:
        return None
    return found
