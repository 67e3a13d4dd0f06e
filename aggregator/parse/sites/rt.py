"""Parsed RT page -> SiteText: ``.article__text`` paragraphs, ``.article__summary`` as lede."""

from __future__ import annotations

from lxml import html as lxml_html

from aggregator.parse.sites.blocks import SiteText, block_texts, first_node, text_of, xpath_class


def read_rt(tree: lxml_html.HtmlElement) -> SiteText | None:
    """RT pages: ``.article__summary`` (the lede) and ``.article__text``."""
    body = first_node(tree, (f"//div[{xpath_class('article__text')}]",))
    if body is None:
        return None
    lede = text_of(tree, (f"//*[{xpath_class('article__summary')}]",))
    paragraphs = tuple(block_texts(body, ("p", "h2", "h3", "li", "blockquote")))
    # RT's summary is the story's opening sentence, shown above the picture: it is body text
    if lede and (not paragraphs or paragraphs[0] != lede):
        paragraphs = (lede, *paragraphs)
    return SiteText("site:rt", paragraphs, lede)
