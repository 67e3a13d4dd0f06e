"""Parsed HTML page of a known outlet -> SiteText: body paragraphs and the site's own lede.

One module an outlet (``guardian``, ``bbc``, ``rt``, ``mid``), each a reader of its layouts;
``blocks`` holds what they share. A reader returns None when the page does not have its layout,
so the caller falls back to trafilatura. This module maps a page's host to its reader.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

from lxml import html as lxml_html

from aggregator.parse.sites.bbc import read_bbc
from aggregator.parse.sites.blocks import SiteText, is_boilerplate
from aggregator.parse.sites.front import read_front
from aggregator.parse.sites.guardian import read_guardian
from aggregator.parse.sites.mid import read_mid
from aggregator.parse.sites.rt import read_rt

__all__ = [
    "SITE_READERS",
    "SiteReader",
    "SiteText",
    "is_boilerplate",
    "page_front",
    "site_reader_for",
]

SiteReader = Callable[[lxml_html.HtmlElement], "SiteText | None"]

# host suffix -> reader; a saved page's URL decides which layout to try
SITE_READERS: dict[str, SiteReader] = {
    "theguardian.com": read_guardian,
    "guardian.co.uk": read_guardian,
    "bbc.co.uk": read_bbc,
    "bbc.com": read_bbc,
    "rt.com": read_rt,
    "mid.ru": read_mid,
}


# outlets whose gold sets read the lines above the story by the page's markup (``front``)
_FRONT_HOSTS = ("theguardian.com", "guardian.co.uk", "bbc.co.uk", "bbc.com")


def _host_matches(url: str, suffix: str) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    return host == suffix or host.endswith("." + suffix)


def site_reader_for(url: str) -> SiteReader | None:
    """The reader for the outlet hosting ``url``, or None for an unknown host."""
    for suffix, reader in SITE_READERS.items():
        if _host_matches(url, suffix):
            return reader
    return None


def page_front(tree: lxml_html.HtmlElement, url: str, title: str) -> tuple[str, ...]:
    """The lines above the story that are body text on this outlet page (``front``); none on
    other outlets' pages."""
    if any(_host_matches(url, suffix) for suffix in _FRONT_HOSTS):
        return read_front(tree, title)
    return ()
