"""Parsed HTML page -> PageMetadata: title, authors, dates, language, section, canonical URL.

Read from the page's own JSON-LD (NewsArticle and kin, ``@graph``, lists; broken blocks are
skipped), Open Graph and ``<meta>`` tags and ``<html lang>``. Used by the extract stage only.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

from lxml import html as lxml_html

from aggregator.times import parse_page_time

logger = logging.getLogger(__name__)

ARTICLE_TYPES = frozenset(
    {
        "Article",
        "NewsArticle",
        "ReportageNewsArticle",
        "AnalysisNewsArticle",
        "OpinionNewsArticle",
        "BackgroundNewsArticle",
        "ReviewNewsArticle",
        "AskPublicNewsArticle",
        "LiveBlogPosting",
        "BlogPosting",
        "Report",
        "ScholarlyArticle",
    }
)

# <meta name=...> / <meta property=...> keys, in order of preference, per field
_META_PUBLISHED = (
    "article:published_time",
    "og:article:published_time",
    "datepublished",
    "dc.date.issued",
    "dcterms.created",
    "originalpublicationdate",
    "publish-date",
    "pubdate",
    "date",
)
_META_MODIFIED = ("article:modified_time", "og:updated_time", "datemodified", "dcterms.modified")
_META_AUTHOR = ("author", "article:author", "byl", "dc.creator", "sailthru.author")
_META_SECTION = ("article:section", "section", "cxenseparse:recs:articlesection")
_META_TITLE = ("og:title", "twitter:title", "headline")
_META_DESCRIPTION = ("og:description", "description", "twitter:description")

_TRAILING_COMMA = re.compile(r",\s*([}\]])")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_BY_PREFIX = re.compile(r"^\s*(by|от|автор)\s*[:\s]\s*", re.IGNORECASE)


@dataclass(frozen=True)
class PageMetadata:
    """What a page says about itself; every field may be missing."""

    title: str | None = None
    authors: tuple[str, ...] = ()
    published: datetime | None = None
    modified: datetime | None = None
    language: str | None = None
    section: str | None = None
    canonical_url: str | None = None
    description: str | None = None
    site_name: str | None = None
    article_body: str | None = None
    jsonld_types: tuple[str, ...] = ()


def _load_jsonld(raw: str) -> Any:
    """One JSON-LD block -> Python value; tolerates comments, CDATA, trailing commas."""
    text = raw.strip()
    for wrapper in ("<!--", "-->", "<![CDATA[", "]]>", "//<![CDATA[", "//]]>"):
        text = text.replace(wrapper, "")
    try:
        return json.loads(text, strict=False)
    except ValueError:
        pass
    cleaned = _TRAILING_COMMA.sub(r"\1", _CONTROL.sub(" ", text)).strip().rstrip(";")
    return json.loads(cleaned, strict=False)


def _walk_jsonld(value: Any) -> Iterator[dict[str, Any]]:
    """Every JSON object in a JSON-LD value, depth-first (lists and ``@graph`` included)."""
    if isinstance(value, list):
        for item in value:
            yield from _walk_jsonld(item)
    elif isinstance(value, dict):
        yield value
        graph = value.get("@graph")
        if graph is not None:
            yield from _walk_jsonld(graph)


def _types(obj: dict[str, Any]) -> tuple[str, ...]:
    raw = obj.get("@type")
    items = raw if isinstance(raw, list) else [raw]
    return tuple(t.rsplit("/", 1)[-1] for t in items if isinstance(t, str))


def _first_str(value: Any) -> str | None:
    """A string, the first string of a list, or the ``name``/``@id``/``url`` of an object."""
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, list):
        for item in value:
            found = _first_str(item)
            if found:
                return found
        return None
    if isinstance(value, dict):
        for key in ("name", "@id", "url"):
            found = _first_str(value.get(key))
            if found:
                return found
    return None


def _person_names(value: Any) -> list[str]:
    if isinstance(value, list):
        return [name for item in value for name in _person_names(item)]
    if isinstance(value, dict):
        name = value.get("name")
        return _person_names(name) if name is not None else []
    if isinstance(value, str):
        return [value]
    return []


def clean_authors(names: list[str]) -> tuple[str, ...]:
    """Strip "By", drop URLs and blanks, split "A and B"; keep first-seen order without repeats."""
    out: list[str] = []
    seen: set[str] = set()
    for raw in names:
        text = _BY_PREFIX.sub("", " ".join(raw.split()))
        if not text or "://" in text or text.startswith("www."):
            continue
        for part in re.split(r"\s+(?:and|&)\s+", text):
            name = part.strip(" .;|")
            if name and len(name) <= 80 and name.lower() not in seen:
                seen.add(name.lower())
                out.append(name)
    return tuple(out)


@dataclass
class _HeadElements:
    """The elements metadata is read from, in page order, gathered in one walk of the tree."""

    scripts: list[lxml_html.HtmlElement]  # <script type=...>
    metas: list[lxml_html.HtmlElement]
    links: list[lxml_html.HtmlElement]  # <link rel=...>
    title: lxml_html.HtmlElement | None  # the first <title>


def _head_elements(tree: lxml_html.HtmlElement) -> _HeadElements:
    found = _HeadElements([], [], [], None)
    for element in tree.iter("script", "meta", "link", "title"):
        tag = element.tag
        if tag == "meta":
            found.metas.append(element)
        elif tag == "script":
            if element.get("type") is not None:
                found.scripts.append(element)
        elif tag == "link":
            if element.get("rel") is not None:
                found.links.append(element)
        elif found.title is None:
            found.title = element
    return found


def _jsonld_article(
    scripts: list[lxml_html.HtmlElement],
) -> tuple[dict[str, Any] | None, str | None]:
    """The page's article object from its JSON-LD blocks (first article type wins), site name."""
    article: dict[str, Any] | None = None
    site_name: str | None = None
    for script in scripts:
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        try:
            value = _load_jsonld(script.text_content())
        except ValueError as exc:
            logger.debug("skipping unreadable JSON-LD block: %s", exc)
            continue
        for obj in _walk_jsonld(value):
            types = _types(obj)
            if article is None and ARTICLE_TYPES.intersection(types):
                article = obj
            elif site_name is None and {"Organization", "NewsMediaOrganization"}.intersection(
                types
            ):
                site_name = _first_str(obj.get("name"))
    return article, site_name


def _meta_map(metas: list[lxml_html.HtmlElement]) -> dict[str, str]:
    """Lower-cased ``name``/``property``/``itemprop`` of every <meta> -> first content."""
    found: dict[str, str] = {}
    for meta in metas:
        content = meta.get("content")
        if content is None or not content.strip():
            continue
        for attr in ("property", "name", "itemprop", "http-equiv"):
            key = meta.get(attr)
            if key:
                found.setdefault(key.strip().lower(), content.strip())
    return found


def _pick(meta: dict[str, str], keys: tuple[str, ...]) -> str | None:
    for key in keys:
        if key in meta:
            return meta[key]
    return None


def _absolute(url: str | None, base: str) -> str | None:
    if not url:
        return None
    joined = urljoin(base, url.strip())
    return joined if urlsplit(joined).scheme in ("http", "https") else None


def _language(tree: lxml_html.HtmlElement, meta: dict[str, str], jsonld: Any) -> str | None:
    candidates: list[str | None] = [
        tree.get("lang"),
        tree.get("{http://www.w3.org/XML/1998/namespace}lang"),
        _first_str(jsonld.get("inLanguage")) if isinstance(jsonld, dict) else None,
        meta.get("content-language"),
        meta.get("og:locale"),
        meta.get("language"),
    ]
    for value in candidates:
        if value and value.strip():
            code = str(value).strip().replace("_", "-").split("-")[0].lower()
            if code.isalpha() and 2 <= len(code) <= 3:
                return code
    return None


def read_metadata(tree: lxml_html.HtmlElement, *, url: str) -> PageMetadata:
    """Collect a page's metadata; JSON-LD first, then Open Graph and other <meta> tags."""
    elements = _head_elements(tree)
    article, org_name = _jsonld_article(elements.scripts)
    ld: dict[str, Any] = article or {}
    meta = _meta_map(elements.metas)

    title = _first_str(ld.get("headline")) or _pick(meta, _META_TITLE)
    if not title:
        node = elements.title
        title = " ".join(node.text_content().split()) if node is not None else None

    authors = clean_authors(_person_names(ld.get("author")))
    if not authors:
        authors = clean_authors([_pick(meta, _META_AUTHOR) or ""])

    published = parse_page_time(ld.get("datePublished")) or parse_page_time(
        _pick(meta, _META_PUBLISHED)
    )
    modified = parse_page_time(ld.get("dateModified")) or parse_page_time(
        _pick(meta, _META_MODIFIED)
    )

    canonical = None
    for link in elements.links:
        if "canonical" in (link.get("rel") or "").lower().split():
            canonical = _absolute(link.get("href"), url)
            if canonical:
                break
    canonical = (
        canonical
        or _absolute(meta.get("og:url"), url)
        or _absolute(_first_str(ld.get("url")) or _first_str(ld.get("mainEntityOfPage")), url)
    )

    body = ld.get("articleBody")
    return PageMetadata(
        title=" ".join(title.split()) if title else None,
        authors=authors,
        published=published,
        modified=modified,
        language=_language(tree, meta, ld),
        section=_first_str(ld.get("articleSection")) or _pick(meta, _META_SECTION),
        canonical_url=canonical,
        description=_first_str(ld.get("description")) or _pick(meta, _META_DESCRIPTION),
        site_name=meta.get("og:site_name") or _first_str(ld.get("publisher")) or org_name,
        article_body=body.strip() if isinstance(body, str) and body.strip() else None,
        jsonld_types=_types(ld),
    )
