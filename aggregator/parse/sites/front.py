"""Parsed outlet page -> the lines above its story that count as body text, found by structure.

What a reader calls body text around the story's paragraphs depends on how the page marks it,
and the Guardian and BBC gold sets follow the markup:

- a page built before HTML5 sectioning (no ``<article>``, ``<main>``, ``<header>``, ``<figure>``
  …: the 2011-2012 guardian.co.uk and BBC ``story-body`` pages) draws no line between its
  headline and its story: the headline (the ``<h1>`` the page's title repeats) and the caption
  of the lead picture (the first element of class ``caption`` after the headline, before the
  story's first paragraph) are read as body text (25 of 25 such gold pages count the headline,
  13 of the 20 lead captions found);
- a page with sectioning marks its headline, byline and pictures (``<header>``, ``<figure>``):
  they stay out (no gold page of that kind counts them), and so does a standfirst inside a
  header (the 2014-2020 Guardian ``content__head``); a standfirst that sits in the
  ``<article>`` or ``<main>`` beside the story, outside any header (the Guardian's 2021+ grid),
  opens the body (both gold pages of that kind count it).

``read_front`` reads them before trafilatura may prune the tree; ``with_front`` puts those the
story's own paragraphs do not already hold in front of them. Pure; lxml only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from lxml import etree
from lxml import html as lxml_html

from aggregator.parse.sites.blocks import node_text, xpath_class

# elements that only HTML5 pages have: their presence marks where headline and story part
_SECTIONING = ("article", "main", "header", "footer", "nav", "section", "aside", "figure",
               "figcaption")  # fmt: skip
_WORD = re.compile(r"\w+")
# a headline must share this much of its words with the page's declared title (a logo in an
# <h1> does not)
_TITLE_SHARE = 0.6
_HEADLINE_WORDS = 3  # fewer, and a later <h1> matching the title is preferred (a logo)
# the story's first paragraph: a caption after it belongs to a picture further down
_STORY_PARAGRAPH = 120  # characters
# (a standfirst between headline and picture, however long, is not the story's paragraph)
_CAPTION_OR_PARAGRAPH = (
    f"following::*[{xpath_class('caption')} or "
    f"(self::p and string-length(normalize-space(.)) > {_STORY_PARAGRAPH} and "
    "not(contains(concat(@class, ' ', @id), 'standfirst') or "
    "contains(concat(@class, ' ', @id), 'stand-first')))][1]"
)
# a block named standfirst (class, id, data attributes, a grid area), looked for in the
# page's <main> or <article>: a standfirst elsewhere is a promo card's or a header's
_STANDFIRST = etree.XPath(
    ".//*[self::div or self::p][contains(concat(@class, ' ', @id, ' ', @data-gu-name, ' ',"
    " @data-component, ' ', @data-testid, ' ', @style), 'standfirst')]"
)
_OPENING = 3  # the story's paragraphs a front line is looked for in, to be moved up
_HEADER = re.compile(r"header|masthead", re.IGNORECASE)
_PROMO_TAGS = frozenset({"a", "li", "aside", "nav", "footer", "section"})


def _words(text: str) -> list[str]:
    return [w.casefold() for w in _WORD.findall(text)]


def has_sectioning(tree: lxml_html.HtmlElement) -> bool:
    """True when the page uses any HTML5 sectioning or figure element."""
    return next(tree.iter(*_SECTIONING), None) is not None


def _headline(tree: lxml_html.HtmlElement, title: str) -> etree._Element | None:
    """The first ``<h1>`` of three words or more (else of two) whose words are mostly those of
    the declared ``title`` or the page's ``<title>`` (a logo's "BBC News" has two words);
    when the page has neither title, the first ``<h1>`` of three words or more."""
    declared = set(_words(f"{title} {tree.findtext('.//title') or ''}"))
    short: etree._Element | None = None
    for h1 in tree.iter("h1"):
        words = _words(node_text(h1))
        if len(words) < 2:
            continue
        if declared and sum(w in declared for w in words) < _TITLE_SHARE * len(words):
            continue
        if len(words) >= _HEADLINE_WORDS:
            return h1
        if short is None and declared:
            short = h1
    return short


def _lead_caption(headline: etree._Element) -> str | None:
    """The caption between the headline and the story's first paragraph, if any."""
    found = headline.xpath(_CAPTION_OR_PARAGRAPH)
    if not found or not isinstance(found[0], etree._Element):
        return None
    node = found[0]
    classes = (node.get("class") or "").split()
    return node_text(node) or None if "caption" in classes else None


def _in_header_or_promo(node: etree._Element, container: etree._Element) -> bool:
    """True when ``node`` sits, below ``container``, in a header (an element or a box named
    so) or in a card, list item, aside or section of its own (a promo's standfirst)."""
    for ancestor in node.iterancestors():
        if ancestor is container:
            return False
        tag = ancestor.tag if isinstance(ancestor.tag, str) else ""
        names = f"{ancestor.get('class') or ''} {ancestor.get('id') or ''}"
        if tag == "header" or tag in _PROMO_TAGS or _HEADER.search(names):
            return True
    return True


def _standfirst(tree: lxml_html.HtmlElement) -> str | None:
    """The standfirst beside the story in its ``<main>``/``<article>``, outside any header."""
    containers = list(tree.iter("main")) or list(tree.iter("article"))
    for container in containers:
        for node in _STANDFIRST(container):
            if not isinstance(node, etree._Element) or _in_header_or_promo(node, container):
                continue
            items = [node_text(item) for item in node.iter("p", "li")]
            text = " ".join(" ".join(items).split()) if items else node_text(node)
            if len(text.split()) >= 3:
                return text
    return None


def read_front(tree: lxml_html.HtmlElement, title: str) -> tuple[str, ...]:
    """The lines above the story that are body text on this page's kind of layout, in page
    order: headline and lead caption (no sectioning), or the standfirst (sectioning)."""
    if has_sectioning(tree):
        standfirst = _standfirst(tree)
        return (standfirst,) if standfirst else ()
    headline = _headline(tree, title)
    if headline is None:
        return ()
    lines = [node_text(headline)]
    caption = _lead_caption(headline)
    if caption:
        lines.append(caption)
    return tuple(lines)


def with_front(paragraphs: tuple[str, ...], front: Iterable[str]) -> tuple[str, ...]:
    """``paragraphs`` after the ``front`` lines, in the front's order: a front line among the
    story's opening paragraphs (trafilatura keeps a headline after a dateline) is moved up;
    one further down (a crosshead repeating the headline) stays where it is."""
    keys = [tuple(_words(line)) for line in front]
    opening = {tuple(_words(p)) for p in paragraphs[:_OPENING]}
    lines = [line for line, key in zip(front, keys, strict=True) if key]
    moved = {key for key in keys if key in opening}
    story = [p for i, p in enumerate(paragraphs) if i >= _OPENING or tuple(_words(p)) not in moved]
    held = {tuple(_words(p)) for p in story}
    out: list[str] = []
    for line in lines:
        key = tuple(_words(line))
        if key not in held:
            held.add(key)
            out.append(line)
    return (*out, *story)
