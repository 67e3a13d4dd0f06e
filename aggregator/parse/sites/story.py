"""The story of a page found by structure rather than by an outlet's class names.

``structural_text``: the story container (``itemprop=articleBody``, the ``<article>`` holding
the text blocks, the ``<article>`` in ``<main>``, ``<main>``), the posts of a live page, and
``with_captions``: the captions of a gallery, whose pictures are the story. What a reader uses
on a layout no rule names (World Service and regional pages, live pages, galleries, a new
generation). Pure; lxml only.
"""

from __future__ import annotations

import re

from lxml import etree
from lxml import html as lxml_html

from aggregator.parse.sites.blocks import (
    SiteText,
    block_texts,
    is_boilerplate,
    link_share,
    node_text,
)
from aggregator.parse.sites.furniture import is_box

_STORY_CONTAINERS = (
    '//*[@itemprop="articleBody"]',
    '//*[@data-component="text-block"]/ancestor::article[1]',
    "//main//article",
    "//article",
    '//main | //*[@role="main"]',
)
_STORY_TAGS = ("p", "h2", "h3", "li", "blockquote")
_STREAM_POSTS = 3  # articles with _POST_WORDS each that make a page a stream of posts
_POST_WORDS = 40
_SHORT_POST_WORDS = 8  # a shorter post of the same stream still counts from this many words


def structural_site_text(
    tree: lxml_html.HtmlElement, method: str, lede: str | None = None
) -> SiteText | None:
    """``structural_text`` as a reader's ``SiteText`` (``method``), None when it finds nothing;
    a story found only by its paragraphs' container carries that container's whole text as
    ``region`` (``crosscheck`` prefers trafilatura's text when it lies within it)."""
    paragraphs = structural_text(tree)
    if paragraphs:
        return SiteText(method, paragraphs, lede)
    container = _paragraphs_parent(tree)
    if container is None:
        return None
    paragraphs = tuple(block_texts(container, _STORY_TAGS))
    region = node_text(container)
    return SiteText(method, paragraphs, lede, region=region) if paragraphs else None


def structural_text(tree: lxml_html.HtmlElement) -> tuple[str, ...]:
    """Paragraphs of the story container a page's structure shows (``itemprop=articleBody``,
    the ``<article>`` holding the text blocks, else the one in ``<main>``, else ``<main>``),
    with asides, figures, navigation, related-link and promo boxes left out; () if none.

    Of several ``<article>`` elements (teasers and promos are articles too) the one with the
    most paragraph text is the story, unless ``_STREAM_POSTS`` or more of them each hold
    ``_POST_WORDS`` words: then they are the posts of a live page, kept in page order with the
    shorter posts of the same stream (same parent) and each post's own heading. A container
    with little text and many captioned pictures is a gallery (``with_captions``)."""
    for xpath in _STORY_CONTAINERS:
        found = [n for n in tree.xpath(xpath) if isinstance(n, etree._Element)][:200]
        texts = [tuple(block_texts(node, _STORY_TAGS)) for node in found]
        stream = _stream(found, texts)
        if stream:
            return stream
        if not found:
            continue
        best = max(range(len(found)), key=lambda i: sum(len(p) for p in texts[i]))
        text = with_captions(found[best], texts[best])
        if text:
            return text
    return ()


_PARAGRAPH_WORDS = 8  # a <p> this long (and not mostly link) counts towards its container
_CONTAINER_WORDS = 80  # the least a container found by its paragraphs must hold


def _paragraphs_parent(tree: lxml_html.HtmlElement) -> etree._Element | None:
    """A page with no ``<article>`` or ``<main>`` (an old table layout): the element holding
    most paragraph text, each ``<p>`` counting fully for its parent and half for the parent's
    parent (a story's paragraphs may be wrapped one by one); None below ``_CONTAINER_WORDS``."""
    scores: dict[etree._Element, float] = {}
    for paragraph in tree.iter("p"):
        text = node_text(paragraph)
        words = len(text.split())
        if words < _PARAGRAPH_WORDS or link_share(paragraph, text) > 0.5:
            continue
        parent = paragraph.getparent()
        if parent is None:
            continue
        scores[parent] = scores.get(parent, 0.0) + words
        grandparent = parent.getparent()
        if grandparent is not None:
            scores[grandparent] = scores.get(grandparent, 0.0) + words / 2
    best = max(scores, key=lambda node: scores[node], default=None)
    return best if best is not None and scores[best] >= _CONTAINER_WORDS else None


def _words(paragraphs: tuple[str, ...]) -> int:
    return sum(len(p.split()) for p in paragraphs)


def _stream_key(node: etree._Element) -> etree._Element | None:
    """The element a post sits in: its parent, or the list holding its ``<li>`` wrapper."""
    parent = node.getparent()
    if parent is not None and parent.tag == "li":
        return parent.getparent()
    return parent


def _stream(found: list[etree._Element], texts: list[tuple[str, ...]]) -> tuple[str, ...]:
    """The posts of a live page in page order, or () when ``found`` is not a stream."""
    long = [i for i, t in enumerate(texts) if _words(t) >= _POST_WORDS]
    if len(long) < _STREAM_POSTS or _nested(found):
        return ()
    streams = {_stream_key(found[i]) for i in long}
    out: list[str] = []
    for i, node in enumerate(found):
        if i in long or (_words(texts[i]) >= _SHORT_POST_WORDS and _stream_key(node) in streams):
            out.extend(_post_heading(node))
            out.extend(texts[i])
    return tuple(out)


def _post_heading(post: etree._Element) -> list[str]:
    """The headings in a post's own ``<header>`` (its title; not its time or share bar)."""
    out: list[str] = []
    for header in post.iterchildren("header"):
        for heading in header.iter("h2", "h3", "h4"):
            text = node_text(heading)
            if text and link_share(heading, text) < 0.9 and not is_boilerplate(text):
                out.append(text)
    return out


def _nested(nodes: list[etree._Element]) -> bool:
    """True when one of ``nodes`` holds another (a story article with articles inside)."""
    members = set(nodes)
    return any(ancestor in members for node in nodes for ancestor in node.iterancestors())


GALLERY_TEXT_WORDS = 60  # a container with fewer words of text may be a gallery...
GALLERY_PICTURES = 3  # ...when this many captions...
GALLERY_SHARE = 2.0  # ...hold this many times its words
_CREDIT = re.compile(r"credit|copyright|byline", re.IGNORECASE)
_CAPTION_LABEL = re.compile(r"^(image caption|caption|подпись к фото)\s*[,:]\s*", re.IGNORECASE)
_CAPTION_CREDIT = re.compile(
    r"\s*(photograph|photo|picture|image|автор фото|фото)\s*:\s*[^.]{0,80}\.?$", re.IGNORECASE
)


def with_captions(container: etree._Element, paragraphs: tuple[str, ...]) -> tuple[str, ...]:
    """``paragraphs`` of ``container`` followed by its picture captions when it is a gallery:
    under ``GALLERY_TEXT_WORDS`` words of text, and ``GALLERY_PICTURES`` captions or more holding
    ``GALLERY_SHARE`` times as many words. Captions are the story of a gallery and furniture
    anywhere else; a caption's label ("Image caption,") and credit ("Photograph: …") are not
    kept."""
    words = _words(paragraphs)
    if words >= GALLERY_TEXT_WORDS:
        return paragraphs
    captions = [c for c in map(_caption, container.iter("figcaption")) if c]
    if len(captions) < GALLERY_PICTURES or _words(tuple(captions)) < GALLERY_SHARE * max(words, 20):
        return paragraphs
    return (*paragraphs, *captions)


def _caption(figcaption: etree._Element) -> str:
    """A caption's text without its label and credit; "" for one in a furniture box."""
    if any(is_box(a, str(a.tag).lower()) for a in figcaption.iterancestors()):
        return ""
    parts: list[str] = []

    def collect(node: etree._Element) -> None:
        for child in node:
            marks = f"{child.get('class') or ''} {child.get('id') or ''}"
            shown = child.get("aria-hidden") != "true" and not _CREDIT.search(marks)
            if isinstance(child.tag, str) and shown and child.tag not in ("script", "style"):
                gap = " " if child.tag in _INLINE else "\n"  # a block's text is a line apart
                parts.extend((gap, child.text or ""))
                collect(child)
                parts.append(gap)
            parts.append(child.tail or "")

    parts.append(figcaption.text or "")
    collect(figcaption)
    lines = [" ".join(line.split()) for line in "".join(parts).split("\n")]
    text = " ".join(line for line in lines if line)
    text = _CAPTION_CREDIT.sub("", _CAPTION_LABEL.sub("", text))
    return "" if is_boilerplate(text) else text


_INLINE = frozenset({"a", "b", "i", "em", "strong", "span", "small", "abbr", "cite", "q", "sup"})
