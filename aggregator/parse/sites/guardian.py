"""Parsed Guardian page -> SiteText: body, crossheads and standfirst of each layout generation."""

from __future__ import annotations

from lxml import html as lxml_html

from aggregator.parse.sites.blocks import (
    SiteText,
    block_texts,
    first_node,
    layout_known,
    text_of,
    xpath_class,
)
from aggregator.parse.sites.story import structural_site_text, with_captions

# body containers, first match wins, by layout generation
_BODIES = (
    (
        "guardian:2024",
        f'//div[@data-gu-name="body"]//div[{xpath_class("article-body-commercial-selector")}]',
    ),
    ("guardian:2024", '//div[@data-gu-name="body"]'),
    ("guardian:2014", f"//div[{xpath_class('article-body-commercial-selector')}]"),
    ("guardian:2014", f'//div[@itemprop="articleBody" or {xpath_class("content__article-body")}]'),
    ("guardian:2011", '//div[@id="article-body-blocks"]'),
)


def read_guardian(tree: lxml_html.HtmlElement) -> SiteText | None:
    """Guardian pages, one body container per layout generation, first match wins:

    - 2024+ DCR: ``div[data-gu-name="body"]`` (its ``article-body-commercial-selector``);
    - 2014-2020: ``div.article-body-commercial-selector``, ``div.content__article-body`` or
      ``itemprop="articleBody"``;
    - 2011-2013 guardian.co.uk: ``div#article-body-blocks``;
    - any other layout: the story container by structure (``story.structural_site_text``), as
      ``site:guardian-structure``.

    Body text is the container's paragraphs, crossheads (h2/h3), list items and the paragraphs
    of block quotes. Left out, in every generation: the headline (``Extraction.title``); the
    standfirst (kept as the lede: ``data-gu-name="standfirst"`` or the DCR grid area
    ``standfirst``, ``div.content__standfirst``, ``#stand-first``); picture captions
    (``figcaption``, except on a gallery, whose captions are its story; the 2011-2013
    ``#main-content-picture .caption`` sits outside the body
    container); the byline/date block and "article history" box. The reader's paragraphs are
    the story alone; ``extract`` puts in front of them the lines the page's markup counts as
    body text (``sites.front``: the headline and lead caption of a page without HTML5
    sectioning, a standfirst beside the story in its ``<article>``), by structure rather than
    by generation.
    """
    body = first_node(tree, tuple(xpath for layout, xpath in _BODIES if layout_known(layout)))
    lede = text_of(
        tree,
        (
            '//div[@data-gu-name="standfirst"]',
            '//div[contains(@style, "grid-area:standfirst")]',
            f"//div[{xpath_class('content__standfirst')}]",
            '//*[@id="stand-first"]',
        ),
    )
    # the standfirst is the lede; whether it is also body text is the page's markup's say
    # (``sites.front``): added everywhere, it cost the 2011-2020 pages (bow F1 0.9754 -> 0.9749)
    if body is not None:  # a gallery: little text, the captions (maybe beside it) are the story
        container = first_node(tree, ("//main", "//article"))
        where = body if container is None else container
        paragraphs = with_captions(where, tuple(block_texts(body)))
        return SiteText("site:guardian", paragraphs, lede)
    # a layout not listed (live blogs, galleries, a new generation): the story container by
    # structure, which ``extract`` checks against trafilatura's text before trusting it
    return structural_site_text(tree, "site:guardian-structure", lede)
