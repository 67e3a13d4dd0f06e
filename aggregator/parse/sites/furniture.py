"""A page's furniture lines, found by structure: the text of blocks in boxes that are not the story.

trafilatura knows no layout: on a page whose story container no rule names it may keep the
lines of a "related stories" list, a promo's headline, a caption or a "most read" box beside
the story. The same structural signs ``blocks`` reads inside a story container (asides, figures,
navigation, headers and footers, boxes whose class, id, ``data-*`` or ARIA label names them
related, promo, share, most read...) mark those lines anywhere in the page. ``furniture_keys``
gives the word keys of the lines found in such boxes; ``without_furniture`` drops trafilatura's
paragraphs that are one of those lines, unless that would take away much of its text (then the
structure is not understood, and nothing is dropped). Pure; lxml only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from lxml import etree

from aggregator.parse.sites.blocks import MARK_ATTRS, SELF_MARKERS

_WORD = re.compile(r"\w+")
_BULLET = re.compile(r"^[-*\u2022]\s+")
# elements whose text trafilatura writes as one line
_LINE_TAGS = frozenset(
    {"p", "li", "h2", "h3", "h4", "h5", "h6", "dt", "dd", "figcaption", "blockquote", "td"}
)
# inline elements never box a line (their names are not read: a link's class may say "share")
_INLINE = frozenset(
    {"a", "span", "b", "i", "em", "strong", "small", "img", "picture", "source", "br", "time",
     "abbr", "cite", "q", "sup", "sub", "u", "s", "mark", "wbr", "font", "label"}
)  # fmt: skip
_NOT_TEXT = frozenset({"script", "style", "noscript", "template", "svg", "head"})
# boxes that are never the story's, on any page: navigation, page header and footer, forms and
# buttons, and boxes named for what leads away from the story. Not asides, figures, captions,
# embeds or fact boxes (``blocks`` leaves those out of a story container, but trafilatura's
# text keeps them by choice and gold sets differ on them: a 2011 BBC fact box is story text)
_BOX_TAGS = frozenset({"nav", "header", "footer", "form", "button", "select", "iframe"})
_BOX_MARKERS = re.compile(
    r"newsletter|signup|sign-up|rich-link|submeta|share|social|related|read-?more|"
    r"advert|ad-slot|promo|hyperpuff|byline|links-block|tag-list|subscribe|outbrain|"
    r"taboola|most-?read|most-?viewed|most-?popular|top-?stories|onward|recommend|"
    r"more-on-this|see-?also|story-?tools|bookmark",
)  # matched on lower-cased names
# furniture dropped from trafilatura's text at most this share of its words; more, and the
# page's structure is not what the signs assume (the story itself inside a marked box)
MAX_DROPPED_SHARE = 0.5


def line_key(text: str) -> str:
    """A paragraph's words, case-folded, one space apart (a list item's bullet left out)."""
    return " ".join(_WORD.findall(_BULLET.sub("", text).casefold()))


def is_box(node: etree._Element, tag: str) -> bool:
    """True when ``node`` (its lower-case ``tag``) is itself a furniture box: navigation, a
    page header or footer, a form, a box named for what leads away from the story."""
    if tag in _BOX_TAGS:
        return True
    attrib = node.attrib
    if not attrib:
        return False
    if "hidden" in attrib or attrib.get("aria-hidden") == "true":
        return True
    marks = " ".join([attrib[name] for name in MARK_ATTRS if name in attrib]).lower()
    return bool(marks) and _BOX_MARKERS.search(marks) is not None


def furniture_keys(root: etree._Element) -> frozenset[str]:
    """Word keys (``line_key``) of the page's lines that sit in furniture boxes, or are
    themselves a byline, caption, credit or standfirst by their class or id."""
    furniture: set[str] = set()
    boxed: dict[etree._Element, bool] = {}  # element -> it or an ancestor is a box

    def in_box(node: etree._Element | None) -> bool:
        chain: list[etree._Element] = []
        found = False
        while node is not None:
            known = boxed.get(node)
            if known is not None:
                found = known
                break
            tag = node.tag.lower() if isinstance(node.tag, str) else ""
            if tag not in _INLINE and is_box(node, tag):
                found = True
                break
            chain.append(node)
            node = node.getparent()
        for element in chain:  # below the box (or the root): all boxed alike
            boxed[element] = found
        if node is not None:
            boxed[node] = found
        return found

    for line in root.iter(*_LINE_TAGS, "div"):
        if line.tag == "div" and not _text_only(line):
            continue
        names = line.get("class"), line.get("id")
        own = (names[0] or names[1]) and SELF_MARKERS.search(f"{names[0] or ''} {names[1] or ''}")
        if own or in_box(line):
            key = line_key(" ".join(line.itertext()))  # C-level; words are what count
            if key:
                furniture.add(key)
    return frozenset(furniture)


def _text_only(node: etree._Element) -> bool:
    """A ``<div>`` with text of its own and no block inside (written as one line)."""
    if not (node.text or "").strip():
        return False
    return all(
        not isinstance(c.tag, str) or (c.tag not in _LINE_TAGS and c.tag != "div") for c in node
    )


def without_furniture(paragraphs: Iterable[str], keys: frozenset[str]) -> tuple[str, ...]:
    """``paragraphs`` without those that are furniture lines (``keys``), unless those hold over
    ``MAX_DROPPED_SHARE`` of the words: then all of them."""
    paragraphs = tuple(paragraphs)
    if not keys:
        return paragraphs
    kept = tuple(p for p in paragraphs if line_key(p) not in keys)
    if len(kept) == len(paragraphs):
        return paragraphs
    words = sum(len(p.split()) for p in paragraphs)
    dropped = words - sum(len(p.split()) for p in kept)
    return kept if kept and dropped <= MAX_DROPPED_SHARE * words else paragraphs
