"""Fields as feeds and sitemaps publish them -> plain text and absolute http(s) links.

Pure string work (the standard library's HTML parser, ``urllib.parse``); shared by ``feeds``
and ``sitemaps``.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

_SPACES = re.compile(r"\s+")


class _TextCollector(HTMLParser):
    """Visible text of an HTML fragment; never raises on broken markup."""

    _SKIP = frozenset({"script", "style", "noscript", "template"})
    _BREAKS = frozenset({"p", "br", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "tr", "td"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIP:
            self._skipping += 1
        elif tag in self._BREAKS:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP and self._skipping:
            self._skipping -= 1
        elif tag in self._BREAKS:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def html_to_text(markup: str) -> str:
    """Visible text of an HTML fragment (entities decoded), whitespace collapsed."""
    if "<" not in markup and "&" not in markup:
        return collapse_spaces(markup)
    collector = _TextCollector()
    collector.feed(markup)
    collector.close()
    return collapse_spaces("".join(collector.parts))


def collapse_spaces(text: str) -> str:
    """``text`` with each run of whitespace made one space, ends stripped."""
    return _SPACES.sub(" ", text).strip()


def absolute_http(link: str, base: str) -> str | None:
    """``link`` made absolute against ``base``; None unless it is an http(s) URL with a host."""
    link = collapse_spaces(link)
    if not link:
        return None
    try:
        absolute = urljoin(base, link)
        parts = urlsplit(absolute)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return absolute
