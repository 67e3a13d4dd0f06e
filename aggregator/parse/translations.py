"""Parsed HTML page -> Translations: the page's versions in other languages, as it declares them.

Two kinds of evidence, both the publisher's own word:

* a **document key** shared by every language version of one document: mid.ru prints a
  document number on each version (``412-03-03-2026`` -> ``mid.ru:doc:412-03-03-2026``);
* **links to the other versions**: ``<link rel="alternate" hreflang="ru" href=...>`` in the
  head (RT, the BBC and most multilingual sites); anchors whose text says what they are ("Read
  in Russian", "This story is also available in English", "Читать на английском"); and
  ``<a hreflang=...>`` anchors whose text names a language ("Русский": footers tag other links
  with ``hreflang`` too).

A link counts only when it leads to an article-like page in another language than the page's
own: ``x-default``, regional variants of the page's language, links to the page itself and
links to a site's or a language's home page (``/en/``, ``/russian``) are left out.
The URLs come out canonical (``urls.canonical_url``), so they can be matched with stored
articles' URL keys. Pure: lxml and ``urls`` only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from lxml import html as lxml_html

from aggregator.parse.sites.mid import document_number
from aggregator.urls import canonical_url

# language names in link texts -> ISO 639-1
_LANGUAGE_NAMES = {
    "english": "en",
    "russian": "ru",
    "french": "fr",
    "german": "de",
    "spanish": "es",
    "portuguese": "pt",
    "arabic": "ar",
    "ukrainian": "uk",
    "chinese": "zh",
    "английском": "en",
    "русском": "ru",
    "французском": "fr",
    "немецком": "de",
    "испанском": "es",
    "португальском": "pt",
    "арабском": "ar",
    "украинском": "uk",
    "китайском": "zh",
}
_NAMES = "|".join(_LANGUAGE_NAMES)
# "Read in Russian", "Read this story in English", "also available in Russian", "Russian
# version"; "Читать на русском", "Читайте эту статью на английском языке", "версия на русском"
_LINK_TEXT = re.compile(
    rf"\b(?:(?:read|available|published)\b.{{0,40}}?\bin ({_NAMES})\b"
    rf"|({_NAMES}) version\b"
    rf"|(?:читать|читайте|прочитать|прочтите|версия|доступна|опубликована)\b.{{0,40}}?"
    rf"\bна ({_NAMES})\b)",
    re.IGNORECASE,
)
_LINK_TEXT_MAX = 80  # characters: a sentence of running text is not a language link
# the text of a language switcher's link: a language's name, in English or in itself
_SWITCHER_TEXT = {
    **{name: code for name, code in _LANGUAGE_NAMES.items() if name.isascii()},
    "русский": "ru",
    "по-русски": "ru",
    "français": "fr",
    "deutsch": "de",
    "español": "es",
    "português": "pt",
    "українська": "uk",
    "العربية": "ar",
    "中文": "zh",
}


@dataclass(frozen=True)
class Translations:
    """What a page says about its versions in other languages."""

    document_key: str | None = None
    urls: tuple[str, ...] = ()  # canonical URLs of the other-language versions, sorted


def _document_key(tree: lxml_html.HtmlElement, host: str) -> str | None:
    if host == "mid.ru" or host.endswith(".mid.ru"):
        number = document_number(tree)
        return f"mid.ru:doc:{number}" if number else None
    return None


def _primary(code: str | None) -> str | None:
    if not code:
        return None
    primary = code.strip().replace("_", "-").split("-")[0].lower()
    return primary if primary.isalpha() and 2 <= len(primary) <= 3 else None


# a language name anywhere in a text: the cheap test before ``_LINK_TEXT`` (a page has hundreds
# of links, and few name a language)
# (on lower-cased text: an IGNORECASE alternation with Cyrillic names is several times slower)
_NAME_HINT = re.compile(_NAMES)


def _link_text_language(text: str) -> str | None:
    if not _NAME_HINT.search(text.lower()):
        return None
    words = " ".join(text.split())
    if not words or len(words) > _LINK_TEXT_MAX:
        return None
    match = _LINK_TEXT.search(words)
    if match is None:
        return None
    name = next(group for group in match.groups() if group)
    return _LANGUAGE_NAMES[name.lower()]


def _declared_links(tree: lxml_html.HtmlElement) -> list[tuple[str | None, str]]:
    """(language or None, href) of every alternate-language link on the page."""
    found: list[tuple[str | None, str]] = []
    for element in tree.iter("link", "a"):  # (one walk of the tree for both)
        href = element.get("href")
        if href is None:
            continue
        if element.tag == "link":
            rel = element.get("rel") or ""
            if href and element.get("hreflang") is not None and "alternate" in rel.lower().split():
                found.append((element.get("hreflang"), href))
            continue
        # (most links are one text node: its text without walking the element)
        text = "".join(element.itertext()) if len(element) else (element.text or "")
        language = _link_text_language(text)
        if language is None and element.get("hreflang"):
            # a switcher's link names a language; footers tag "Ad Choices" with hreflang too
            named = _SWITCHER_TEXT.get(" ".join(text.split()).casefold())
            language = element.get("hreflang") if named else None
        if language is not None:
            found.append((language, href))
    return found


def _article_like(url: str) -> bool:
    """At least two path segments: ``/en/`` or ``/russian`` is a home page, not a document."""
    segments = [s for s in urlsplit(url).path.split("/") if s]
    return len(segments) >= 2


def read_translations(
    tree: lxml_html.HtmlElement, *, url: str, language: str | None
) -> Translations:
    """The document key and the canonical URLs of the other-language versions of the page at
    ``url`` (written in ``language``, when known)."""
    try:
        own = canonical_url(url)
    except ValueError:
        return Translations()
    host = (urlsplit(own).hostname or "").lower()
    page_language = _primary(language)
    urls: set[str] = set()
    for hreflang, href in _declared_links(tree):
        code = (hreflang or "").strip().lower()
        if code == "x-default":
            continue
        other = _primary(code)
        if other is not None and other == page_language:
            continue
        absolute = urljoin(url, href.strip())
        if urlsplit(absolute).scheme not in ("http", "https"):
            continue
        try:
            key = canonical_url(absolute)
        except ValueError:
            continue
        if key != own and _article_like(key):
            urls.add(key)
    return Translations(_document_key(tree, host), tuple(sorted(urls)))
