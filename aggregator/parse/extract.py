"""HTML page (bytes or text) -> records.Extraction: body text, lede and the page's metadata.

Fallback chain: the outlet's own layout reader (``parse.sites``) -> trafilatura -> JSON-LD
``articleBody`` -> the feed entry's summary (``summary_only``). When nothing usable is left
(empty page, JavaScript challenge, not HTML) ``ExtractError`` says why; text is never empty.
Body text means the story's running text: datelines and page furniture are kept out of it
wherever the layout rules in ``parse.sites`` can tell them apart. The lines above the story
follow the page's markup (``sites.front``, Guardian and BBC pages): a page without HTML5
sectioning opens its body with the headline and the lead picture's caption; a page with it
keeps headline (``title``) and captions out, and opens with a standfirst only when it sits
beside the story in its ``<article>``, not in a header. The lede is the story's own.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

import trafilatura
from htmldate import find_date
from lxml import etree
from lxml import html as lxml_html

from aggregator.errors import ExtractError
from aggregator.language.ledes import choose_lede
from aggregator.parse.crosscheck import check_site_text, filter_by_declared_body
from aggregator.parse.metadata import PageMetadata, read_metadata
from aggregator.parse.page import ParsedPage, detect_challenge, parse_page
from aggregator.parse.sites import SiteText, is_boilerplate, page_front, site_reader_for
from aggregator.parse.sites.front import with_front
from aggregator.parse.sites.furniture import furniture_keys, without_furniture
from aggregator.parse.trafilatura_text import trafilatura_text
from aggregator.parse.translations import Translations, read_translations
from aggregator.records import Entry, Extraction
from aggregator.times import parse_page_time

logger = logging.getLogger(__name__)

# 2: on Guardian and BBC pages the lines above the story follow the markup (``sites.front``)
EXTRACTOR_NAME = "aggregator-extract/2"

# a site reader's body this long is trusted even below min_words (shorter: layout drift)
SITE_TRUST_WORDS = 20


# trafilatura's own version string
EXTRACTOR_VERSION = f"{EXTRACTOR_NAME} trafilatura/{getattr(trafilatura, '__version__', 'unknown')}"


@dataclass(frozen=True)
class _Body:
    """A candidate body: its paragraphs, the method that found them and the site's lede."""

    method: str
    paragraphs: tuple[str, ...]
    lede: str | None = None
    published: datetime | None = None

    @property
    def words(self) -> int:
        return sum(len(p.split()) for p in self.paragraphs)


def _trafilatura_body(
    tree: lxml_html.HtmlElement,
    url: str,
    *,
    fast: bool = False,
    consume: bool = False,
    furniture: frozenset[str] = frozenset(),
) -> _Body | None:
    """trafilatura's text of the page, furniture out; ``fast``: without its readability/jusText
    comparisons (a second opinion, not the text); ``consume``: trafilatura may prune ``tree``
    itself instead of a copy (the caller reads nothing more from it); ``furniture``: the page's
    furniture lines found by structure (``sites.furniture``), dropped from the text."""
    try:
        out = trafilatura_text(tree, url or None, fast=fast, consume=consume)
    except (ValueError, TypeError, etree.LxmlError) as exc:
        logger.warning("trafilatura failed on %s: %s", url, exc)
        return None
    if not out:
        return None
    paragraphs = tuple(p for p in _text_lines(out) if not is_boilerplate(p))
    paragraphs = without_furniture(paragraphs, furniture)
    return _Body("trafilatura", paragraphs) if paragraphs else None


def _text_lines(out: str) -> Iterator[str]:
    """trafilatura's text output -> paragraphs; a table row becomes one paragraph per cell
    (old pages lay the whole story out in a table)."""
    for line in out.splitlines():
        stripped = line.strip()
        if stripped.startswith("|") and stripped.endswith("|"):
            cells = stripped.strip("|").split(" | ")
        else:
            cells = [stripped]
        for cell in cells:
            text = " ".join(cell.split())
            if text and text != "|":
                yield text


def _split_body(text: str) -> tuple[str, ...]:
    parts = re.split(r"\n\s*\n|\n", text)
    return tuple(p for p in (" ".join(part.split()) for part in parts) if p)


def _fallback_metadata(
    tree: lxml_html.HtmlElement, url: str, meta: PageMetadata, body: _Body
) -> PageMetadata:
    """What a page that declares no title or publication time still shows: its first <h1>;
    the date htmldate finds in its markup and URL without its extensive search (a few ms;
    trafilatura's whole metadata reader took 15-80 ms a page, more than extracting the text)."""
    title = None
    if not meta.title:
        head = next(tree.iter("h1"), None)
        title = " ".join(" ".join(head.itertext()).split()) if head is not None else None
    published = None
    if meta.published is None and body.published is None:
        try:
            found = find_date(tree, url=url or None, extensive_search=False, original_date=True)
        except (ValueError, TypeError, AttributeError, etree.LxmlError) as exc:
            logger.debug("htmldate failed on %s: %s", url, exc)
            found = None
        published = parse_page_time(found)
    return PageMetadata(title=title or None, published=published)


def _merge(declared: PageMetadata, fallback: PageMetadata, body: _Body) -> PageMetadata:
    """What the page declares, then what its layout reader found, then the fallback's."""
    return PageMetadata(
        title=declared.title or fallback.title,
        authors=declared.authors or fallback.authors,
        published=declared.published or body.published or fallback.published,
        modified=declared.modified,
        language=declared.language,
        section=declared.section,
        canonical_url=declared.canonical_url,
        description=declared.description or fallback.description,
        site_name=declared.site_name or fallback.site_name,
        article_body=declared.article_body,
        jsonld_types=declared.jsonld_types,
    )


_WORDS = re.compile(r"\w+")


def _word_key(text: str) -> tuple[str, ...]:
    return tuple(w.casefold() for w in _WORDS.findall(text))


def _headlines(tree: lxml_html.HtmlElement) -> tuple[str, ...]:
    """The text of each ``<h1>`` of the page (read before trafilatura may prune the tree)."""
    return tuple(" ".join(h.itertext()) for h in tree.iter("h1"))


def _without_headline(body: _Body, headlines: tuple[str, ...], meta: PageMetadata) -> _Body:
    """``body`` without a leading paragraph that is the page's headline.

    The headline is ``Extraction.title``; where it is also body text (``sites.front``) it is
    put back in front of the story after the lede is chosen. trafilatura keeps it when it sits
    inside the story container (BBC 2011-2014 ``story-body`` pages put ``h1.story-header``
    there); the site readers never read it. A paragraph counts as the headline when its words
    equal those of an ``<h1>`` (``headlines``) or of the declared title; only the opening
    paragraph is dropped, and never the last one.
    """
    if len(body.paragraphs) < 2:
        return body
    first = _word_key(body.paragraphs[0])
    if not first:
        return body
    if (meta.title and _word_key(meta.title) == first) or any(
        _word_key(h) == first for h in headlines
    ):
        return _Body(body.method, body.paragraphs[1:], body.lede, body.published)
    return body


def _candidates(
    tree: lxml_html.HtmlElement, url: str, meta: PageMetadata, *, consume: bool
) -> Iterator[_Body]:
    """Candidate bodies in order of preference, produced lazily (the first long enough wins).

    A site reader's text is checked against trafilatura's (``crosscheck``): kept where they
    agree, its disputed paragraphs dropped, or given up for trafilatura's where it is unsure.
    ``consume``: trafilatura's full run, the last reader of the tree, may prune it."""
    headlines = _headlines(tree)
    reader = site_reader_for(url)
    site: SiteText | None = reader(tree) if reader is not None else None
    # on an outlet's page, its furniture lines by structure, to drop from trafilatura's text;
    # read only when that text is wanted, before trafilatura's last run may prune the tree
    furniture: frozenset[str] = frozenset()
    traf: _Body | None = None
    full_run = False
    if site is not None and site.paragraphs:
        # trafilatura's fast mode (no readability/jusText comparison) costs about half; where
        # it disagrees with the site text, the full run decides (fast mode may see less of the
        # page: one post of a live page)
        structural = site.method.endswith("-structure")
        opinion = _trafilatura_body(tree, url, fast=True)
        verdict = check_site_text(
            site.paragraphs,
            opinion.paragraphs if opinion else (),
            structural=structural,
            region=site.region,
        )
        if verdict.choice != "site":
            furniture = furniture_keys(tree)
            traf = _trafilatura_body(tree, url, consume=consume, furniture=furniture)
            full_run = True
            verdict = check_site_text(
                site.paragraphs,
                traf.paragraphs if traf else (),
                structural=structural,
                region=site.region,
            )
        if verdict.choice != "trafilatura":
            method = site.method + ("+checked" if verdict.choice == "filtered" else "")
            yield _without_headline(
                _Body(method, verdict.paragraphs, site.lede, site.published), headlines, meta
            )
    if not full_run:
        if reader is not None:
            furniture = furniture_keys(tree)
        traf = _trafilatura_body(tree, url, consume=consume, furniture=furniture)
    if traf is not None and meta.article_body:
        declared = filter_by_declared_body(traf.paragraphs, meta.article_body)
        if declared is not None:
            traf = _Body("trafilatura+jsonld", declared)
    if traf is not None:
        yield _without_headline(traf, headlines, meta)
    if meta.article_body:
        yield _Body("jsonld", _split_body(meta.article_body))


def _select(candidates: Iterator[_Body], min_words: int) -> tuple[_Body | None, _Body | None]:
    """(the first candidate with ``min_words``, or None; the best short one, or None)."""
    tried: list[_Body] = []
    for candidate in candidates:
        tried.append(candidate)
        if candidate.words >= min_words:
            return candidate, candidate
        if candidate.method.startswith("site:") and candidate.words >= SITE_TRUST_WORDS:
            # the outlet's layout was recognised and holds little text: the page is short
            # (a results or video page); trafilatura would only add the page's boilerplate
            break
    # all short: keep the most preferred text unless another has over twice its words
    most = max((c.words for c in tried), default=0)
    return None, next((c for c in tried if 2 * c.words >= most), None)


def extract_article(
    html: bytes | str,
    *,
    url: str,
    min_words: int = 80,
    entry: Entry | None = None,
    content_type: str | None = None,
) -> Extraction:
    """Extract one article page; raise ExtractError when it has no usable text at all.

    ``min_words`` is the shortest body accepted as the full text; below it the feed entry's
    summary is used (``summary_only``) when one is given, else the short text is kept and
    ``summary_only`` stays False but ``reason`` says it is short. ``content_type`` is the
    response's ``Content-Type`` header: its charset decides how page bytes are decoded.
    """
    page = parse_page(html, url=url, content_type=content_type)
    return extract_parsed(page, url=url, min_words=min_words, entry=entry)


def extract_parsed(
    page: ParsedPage,
    *,
    url: str,
    min_words: int = 80,
    entry: Entry | None = None,
    meta: PageMetadata | None = None,
) -> Extraction:
    """``extract_article`` of a page already parsed (``parse_page``); ``meta`` is its
    ``read_metadata`` when the caller has read it already (with an absolute canonical URL)."""
    tree = page.tree
    meta = meta if meta is not None else read_metadata(tree, url=url)
    language = meta.language or (entry.language if entry else None)
    translations = read_translations(tree, url=url, language=language)
    front = page_front(tree, url, meta.title or "")  # before trafilatura may prune the tree
    # the tree is read after the body only for a title or time the page does not declare:
    # otherwise trafilatura's last run may prune it rather than copy it (``trafilatura_text``)
    consume = bool(meta.title and meta.published)
    chosen, best = _select(_candidates(tree, url, meta, consume=consume), min_words)
    reason: str | None = None
    summary_only = False
    if chosen is None:
        challenge = detect_challenge(page, tree_intact=not consume)
        if challenge:  # a challenge page's few words are not the article
            best = None
            reason = f"javascript challenge page ({challenge})"
        else:
            reason = f"extracted {best.words if best else 0} words < min_words {min_words}"
        summary = " ".join((entry.summary if entry else "").split())
        if summary:
            chosen = _Body("feed-summary", (summary,))
            summary_only = True
            reason += "; used the feed summary"
        elif best is not None:
            chosen = best
        else:
            tag = "js_challenge" if challenge else "no_text"
            after = "no feed summary to fall back on; skipped"
            raise ExtractError(reason, url=url, reason=tag, after=after)
    logger.debug("extracted %s words from %s with %s", chosen.words, url, chosen.method)
    fallback = PageMetadata()
    if not consume:
        fallback = _fallback_metadata(tree, url, meta, chosen)
    return _build(
        chosen,
        _merge(meta, fallback, chosen),
        url=url,
        entry=entry,
        summary_only=summary_only,
        reason=reason,
        translations=translations,
        front=() if summary_only else front,
    )


def _build(
    body: _Body,
    meta: PageMetadata,
    *,
    url: str,
    entry: Entry | None,
    summary_only: bool,
    reason: str | None,
    translations: Translations,
    front: tuple[str, ...],
) -> Extraction:
    """The record; ``front``: lines above the story the page's layout counts as body text."""
    lede = choose_lede(body.paragraphs, standfirst=body.lede or "")
    title = meta.title or (entry.title if entry else "") or ""
    paragraphs = with_front(body.paragraphs, front)
    return Extraction(
        url=url,
        title=title,
        text="\n\n".join(paragraphs),
        paragraphs=paragraphs,
        lede=lede,
        authors=meta.authors or (entry.authors if entry else ()),
        published=meta.published or (entry.published if entry else None),
        published_source="page"
        if meta.published
        else ("feed" if entry and entry.published else None),
        modified=meta.modified or (entry.updated if entry else None),
        language=meta.language or (entry.language if entry else None),
        section=meta.section or (entry.section if entry else None),
        canonical_url=meta.canonical_url,
        method=body.method,
        summary_only=summary_only,
        reason=reason,
        description=meta.description,
        site_name=meta.site_name,
        extractor_version=EXTRACTOR_VERSION,
        document_key=translations.document_key,
        translation_urls=translations.urls,
    )


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def extraction_to_json(x: Extraction) -> dict[str, object]:
    """An Extraction as JSON-ready values (times as ISO 8601 strings), for the CLI."""
    return {
        "url": x.url,
        "canonical_url": x.canonical_url,
        "title": x.title,
        "authors": list(x.authors),
        "published": _iso(x.published),
        "modified": _iso(x.modified),
        "language": x.language,
        "section": x.section,
        "site_name": x.site_name,
        "description": x.description,
        "lede": x.lede,
        "method": x.method,
        "summary_only": x.summary_only,
        "reason": x.reason,
        "word_count": x.word_count,
        "paragraphs": list(x.paragraphs),
        "text": x.text,
        "extractor_version": x.extractor_version,
        "document_key": x.document_key,
        "translation_urls": list(x.translation_urls),
    }
