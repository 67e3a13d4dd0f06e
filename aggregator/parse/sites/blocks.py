"""Body container of a parsed page -> its paragraphs, page furniture left out.

What the outlet readers share: ``SiteText`` (what a reader returns), the block walker and
``is_boilerplate``, which ``extract`` also applies to trafilatura's output. Pure; lxml only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime

from lxml import etree
from lxml import html as lxml_html

# ancestors whose text is never article body: asides, media, forms, embedded widgets
SKIP_TAGS = frozenset(
    {"aside", "figure", "figcaption", "form", "nav", "footer", "header", "button", "script",
     "style", "noscript", "template", "svg", "gu-island", "select", "iframe"}
)  # fmt: skip
# class/id/data-* fragments that mark boilerplate boxes inside a body container
SKIP_MARKERS = re.compile(
    r"newsletter|signup|sign-up|rich-link|submeta|share|social|related|read-?more|"
    r"advert|ad-slot|promo|embed|caption|story-feature|hyperpuff|byline|mini-info|"
    r"links-block|tag-list|readmore|subscribe|outbrain|taboola|most-?read|top-?stories|"
    r"onward|recommend|podcast-promo|more-on-this|standfirst",
    re.IGNORECASE,
)
# attributes whose values name what a box is (class names may be hashed: ARIA and test ids not)
MARK_ATTRS = (
    "class", "id", "data-component", "data-gu-name", "data-spacefinder-role", "data-testid",
    "data-e2e", "aria-labelledby", "aria-label",
)  # fmt: skip
# a block element's own class or id naming it furniture: a byline, caption, credit or standfirst
SELF_MARKERS = re.compile(r"byline|caption|credit|standfirst|kicker|dateline", re.IGNORECASE)
# paragraphs that are page furniture wherever they appear (checked on short paragraphs only)
_BOILERPLATE_LINE = re.compile(
    r"^(sign up|read more|related:|related (articles|stories|links|internet links|bbc links)|"
    r"share this|follow us|subscribe|click here|advertisement|like this story|see also|"
    r"skip past newsletter|after newsletter promotion|privacy notice|page last updated|"
    r"(page )?last updated( at|:)? \d|media playback is (unsupported|not supported)|"
    r"please turn on javascript|image (copyright|caption|source)|автор фото|подпись к фото|"
    r"follow [\w ]{1,30} on (instagram|facebook|twitter|youtube|tiktok|x\b)|"
    r"listen to [\w' ]{1,60} on (bbc )?sounds|watch [\w' ]{1,60} on (bbc )?iplayer|"
    r"send your story ideas to|do you have a story (suggestion|idea)|"
    r"подписывайтесь на (наш|нас)|подпишитесь на (наш|нас)|"
    r"the bbc is not responsible for the content of external|"
    r"bookmark with|e-?mail this to a friend|what are these\?|printable version|"
    r"listen to newsbeat live|this (article|content) is (published|produced) by guardian "
    r"professional|to (browse|order|buy) .{0,80}visit guardianbookshop|"
    r"do you have an opinion on the issues raised in this article|"
    r"читайте также|подробнее)\b",
    re.IGNORECASE,
)
# short lines (up to _SHORT_FURNITURE_WORDS words) that are credits, counters and promo labels
# on any site: a picture credit, a copyright line, "From the section", "12 comments", "Also on"
_SHORT_FURNITURE = re.compile(
    r"^(©|\(c\) ?\d{4}|copyright\b|all rights reserved|"
    r"(photo(graph)?|image|picture|video)s? ?(credit|source|caption)?\s*[:,|]|"
    r"(getty images|ap photo|shutterstock|pa media)\b|"
    r"(top|most read|most popular|trending|recommended) (stories|articles|now)$|"
    r"advertisement$|sponsored( content)?$|also on [\w.-]+\.[a-z]{2,}\b|more on this story$)|"
    r"\bfrom the section\b|^\d+ comments?$",
    re.IGNORECASE,
)
_SHORT_FURNITURE_WORDS = 12
# the frame of an embedded post or promo ("Skip twitter post, 1", "Allow Instagram content?",
# "End of Instagram post, 2", "Skip podcast promotion and continue reading"; BBC Russian
# "Пропустить Telegram-пост, 1", "Конец истории Подкаст"), a whole short line
_EMBED_FRAME = re.compile(
    r"(skip|end of) ([\w'-]+ ){0,3}(post|content|promotion|video)( by [\w' .-]{1,40})?(, \d+)?"
    r"( and continue reading)?|"
    r"allow [\w' .-]{1,30} content\??|"
    r"this article contains content provided by .*|"
    r"(пропустить|конец) (\w+[ -]){0,3}(пост|поста|контент|контента|подкаст|подкаста|истории|"
    r"видео)\w*(,? \d+)?( и продолжить чтение)?( \w+)?|"
    r"разрешить (контент|содержимое) .{1,30}\??",
    re.IGNORECASE,
)
# a byline written as labelled list items (BBC World Service pages: "Author, Jo Bloggs",
# "Role, BBC News", "Reporting from, Kyiv"; "Автор, …", "Должность, …"), a whole short line
_BYLINE_LABEL = re.compile(
    r"(author|role|reporting from|автор|должность|роль|репортаж из|посада|звідки),"
    r" [\w'’.-]+( [\w'’.,-]+){0,5}",
    re.IGNORECASE,
)
_BULLET = re.compile(r"^[-*\u2022]\s+")  # trafilatura writes list items as "- item"
_MONTHS = (
    "jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|sep(t|tember)?|"
    "oct(ober)?|nov(ember)?|dec(ember)?"
)
# a day and month in Russian (genitive, as dates are written: "14 февраля")
_MONTHS_RU = "января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря"
# whole paragraphs that are page furniture, whatever their neighbours:
# - a time stamp alone ("14 December 2011 Last updated at 17:09 GMT", the dateline of BBC
#   2011-2014 story-body pages, which trafilatura keeps; a World Service page's "14 февраля
#   2012 09:30 GMT"): metadata, read from the page's markup;
# - the label of a pull-quote box ("“Start Quote", "End Quote"; the quote itself is kept)
_FURNITURE_PARAGRAPH = re.compile(
    rf"^((mon|tue|wed|thu|fri|sat|sun)[a-z]*,? )?\d{{1,2}} ({_MONTHS}|{_MONTHS_RU}),? \d{{4}}"
    r"( г\.)?,? ((last )?(updated|published|обновлено)( at|:)? )?\d{1,2}[:.]\d{2}"
    r"( ?(gmt|bst|utc|et|[ap]m|мск))?$|"
    r"^\W*(start|end) quote\W*$",
    re.IGNORECASE,
)
# a date alone, labelled ("Published 12 May 2024", "Updated: July 24, 2015 10:30") or a list
# item (trafilatura's "- 24 July 2015": a page's date list): the time stamp, not body text
_DATE = (
    rf"((mon|tue|wed|thu|fri|sat|sun)[a-z]*,? )?(\d{{1,2}} ({_MONTHS})|({_MONTHS}) \d{{1,2}}),? "
    r"\d{4}(,? (at )?\d{1,2}[:.]\d{2}( ?(gmt|bst|utc|et|[ap]m))?)?"
)
_DATE_LINE = re.compile(
    rf"^((last )?(published|updated|posted|first published)( on| at)?:?\s*{_DATE}|"
    rf"[-*\u2022]\s+{_DATE})$",
    re.IGNORECASE,
)
_BOILERPLATE_MAX_WORDS = 45
# browser-upgrade notices and the like: furniture wherever they appear in a paragraph
_BOILERPLATE_ANYWHERE = re.compile(
    r"this page is best viewed in an up-to-date web browser|"
    r"while you will be able to view the content of this page in your current browser",
    re.IGNORECASE,
)
_BLOCK_TAGS = ("p", "h2", "h3", "li", "pre")
_WS = re.compile(r"\s+")


@dataclass(frozen=True)
class SiteText:
    """Body paragraphs read by a site reader; ``lede`` is the site's standfirst, if any;
    ``region``: the whole text of the container the paragraphs were found in, when only their
    density found it (no story container), for ``crosscheck``."""

    method: str
    paragraphs: tuple[str, ...]
    lede: str | None = None
    published: datetime | None = None
    region: str = ""


# layouts (``outlet:generation``) whose own selectors a reader must not use: the leave-one-
# generation-out bench scores each generation as a layout the rules were not written for
_LEFT_OUT: ContextVar[frozenset[str]] = ContextVar("left_out_layouts", default=frozenset())


@contextmanager
def layouts_left_out(layouts: Iterable[str]) -> Iterator[None]:
    """Within the block, readers act as if the named layouts' selectors did not exist."""
    token = _LEFT_OUT.set(frozenset(layouts))
    try:
        yield
    finally:
        _LEFT_OUT.reset(token)


def layout_known(layout: str) -> bool:
    """False for a layout left out by ``layouts_left_out``."""
    return layout not in _LEFT_OUT.get()


def norm(text: str) -> str:
    """``text`` with each run of whitespace made one space, ends stripped."""
    return _WS.sub(" ", text).strip()


_NO_TEXT = frozenset({"script", "style"})
# boxes inside a block whose text is not the block's: a picture with its caption in a list
# item (a gallery's), a button, an embedded frame
_INNER_BOXES = frozenset({*_NO_TEXT, "figure", "figcaption", "aside", "button", "iframe", "svg"})


def node_text(node: etree._Element, leave_out: frozenset[str] = _NO_TEXT) -> str:
    """Whitespace-normalised text of ``node``; a <br> separates words as the browser shows;
    the text of elements below it tagged ``leave_out`` (``script``, ``style``) is left out."""
    parts: list[str] = []

    def collect(element: etree._Element) -> None:
        if isinstance(element.tag, str):  # comments and processing instructions: tail only
            if element.tag == "br":
                parts.append(" ")
            elif element is node or element.tag not in leave_out:
                parts.append(element.text or "")
                for child in element:
                    collect(child)
                    parts.append(child.tail or "")

    collect(node)
    return norm("".join(parts))


def link_share(node: etree._Element, text: str) -> float:
    """Share of ``node``'s text that sits inside links."""
    if not text:
        return 0.0
    linked = sum(len(node_text(a)) for a in node.iter("a"))
    return linked / len(text)


def skipped(node: etree._Element, stop: etree._Element) -> bool:
    """True when ``node`` or an ancestor below ``stop`` is a boilerplate box."""
    current: etree._Element | None = node
    while current is not None and current is not stop:
        tag = current.tag if isinstance(current.tag, str) else ""
        if tag.lower() in SKIP_TAGS:
            return True
        marks = " ".join(current.get(attr) or "" for attr in MARK_ATTRS)
        if current is not node and marks and SKIP_MARKERS.search(marks):
            return True
        if current.get("hidden") is not None or current.get("aria-hidden") == "true":
            return True
        current = current.getparent()
    return False


_HEADINGS = frozenset({"h2", "h3", "h4"})
# blocks that are not text when all link: list items, and headings (a crosshead introduces the
# text after it; a linked one is the headline of a promo or a related story)
_LINKED = frozenset({"li", *_HEADINGS})
_TIME_LABEL = 12  # characters besides a <time> that still make a block a time stamp


def block_texts(
    container: etree._Element, tags: tuple[str, ...] = _BLOCK_TAGS, *, trim_headings: bool = True
) -> Iterator[str]:
    """Text of the outermost block elements of ``container``, document order, boilerplate out.

    Left out by structure: blocks in boxes (``skipped``), list items and headings that are
    all link (related links, promo headlines; a paragraph that is one link is kept: the gold
    sets keep "Read the full transcript" and a results table's "Scorecard"), a block that is a
    time stamp (its text a ``<time>`` and a label: "Published 12 May 2024"); with
    ``trim_headings``, headings
    with no text after them (a crosshead introduces what follows; one at the end heads a links
    box or a widget: "Related Topics", "More on this story")."""
    found = list(_blocks(container, tags))
    while trim_headings and found and found[-1][0] in _HEADINGS:
        found.pop()
    return (text for _, text in found)


def _timestamp(node: etree._Element, text: str) -> bool:
    """True when ``node``'s text is a <time> element's and a short label at most."""
    times = node.findall(".//time")
    if not times:
        return False
    dated = sum(len(node_text(t)) for t in times)
    return dated > 0 and len(text) - dated <= _TIME_LABEL


_BOX_WORDS = 80  # a block's parent with a button and fewer words is a box, not the story


def _in_button_box(node: etree._Element) -> bool:
    """True when ``node``'s parent holds a button and little text: a consent prompt for an
    embedded post, a sign-up or a promo box."""
    parent = node.getparent()
    if parent is None or next(parent.iter("button"), None) is None:
        return False
    return len(node_text(parent).split()) < _BOX_WORDS


def _skip_link(node: etree._Element, text: str) -> bool:
    """True for a block that is all links within the page ("Skip Instagram post", "Back to
    top", "Jump to comments"): navigation, not text."""
    links = list(node.iter("a"))
    return (
        bool(links)
        and all((a.get("href") or "").startswith("#") for a in links)
        and link_share(node, text) >= 0.9
    )


def _blocks(container: etree._Element, tags: tuple[str, ...]) -> Iterator[tuple[str, str]]:
    """(tag, text) of the blocks ``block_texts`` keeps, headings included."""
    for node in container.iter(*tags):
        parent = node.getparent()
        nested = False
        while parent is not None and parent is not container:
            if isinstance(parent.tag, str) and parent.tag in tags:
                nested = True
                break
            parent = parent.getparent()
        if nested or skipped(node, container):
            continue
        if SELF_MARKERS.search(f"{node.get('class') or ''} {node.get('id') or ''}"):
            continue
        text = node_text(node, _INNER_BOXES)
        if node.tag in _LINKED and link_share(node, text) >= 0.9:
            continue  # a list of links or a promo's linked headline: "related stories"
        if _timestamp(node, text) or _skip_link(node, text) or _in_button_box(node):
            continue
        if text and not is_boilerplate(text):
            yield str(node.tag), text


def is_boilerplate(paragraph: str) -> bool:
    """True for a short paragraph that is page furniture ("Sign up to…", "Page last updated…")."""
    if _BOILERPLATE_ANYWHERE.search(paragraph) or _FURNITURE_PARAGRAPH.match(paragraph):
        return True
    if len(paragraph) <= 60 and _DATE_LINE.match(paragraph):
        return True
    line = _BULLET.sub("", paragraph)
    if len(line.split()) <= _SHORT_FURNITURE_WORDS and (
        _SHORT_FURNITURE.search(line)
        or _EMBED_FRAME.fullmatch(line)
        or _BYLINE_LABEL.fullmatch(line)
    ):
        return True
    return (
        len(paragraph.split()) <= _BOILERPLATE_MAX_WORDS
        and _BOILERPLATE_LINE.match(paragraph) is not None
    )


def first_node(tree: lxml_html.HtmlElement, xpaths: tuple[str, ...]) -> etree._Element | None:
    """The first element any of ``xpaths`` finds, trying them in order; None if none does."""
    for xpath in xpaths:
        found = tree.xpath(xpath)
        if found:
            node = found[0]
            if isinstance(node, etree._Element):
                return node
    return None


def text_of(tree: lxml_html.HtmlElement, xpaths: tuple[str, ...]) -> str | None:
    """Whitespace-normalised text of the first match of ``xpaths``; None if none or empty."""
    node = first_node(tree, xpaths)
    if node is None:
        return None
    # a standfirst written as a list or as paragraphs: its items are sentences apart
    items = [node_text(item) for item in node.iter("p", "li")]
    return norm(" ".join(items) if items else node.text_content()) or None


def xpath_class(name: str) -> str:
    """An XPath test for an element whose ``class`` list holds ``name`` (as CSS ``.name``)."""
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"
