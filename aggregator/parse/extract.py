"""HTML page (bytes or text) -> records.Extraction: body text, lede and the page's metadata.

Fallback chain: the outlet's own layout reader (``parse.sites``) -> trafilatura -> JSON-LD
``articleBody`` -> the feed entry's summary (``summary_only``). When nothing usable is left
(empty page, JavaScript challenge, not HTML) ``ExtractError`` says why; text is never empty.
Body text means the story's running text: the headline (``title``), the standfirst (``lede``),
captions, datelines and page furniture are kept out of it wherever the layout rules in
``parse.sites`` (and the headline rule here) can tell them apart.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from importlib.metadata import PackageNotFoundError, version

import trafilatura
from lxml import etree
from lxml import html as lxml_html

from aggregator.errors import ExtractError
from aggregator.language.ledes import choose_lede
from aggregator.parse.charset import decode_html
from aggregator.parse.metadata import PageMetadata, clean_authors, read_metadata
from aggregator.parse.sites import SiteText, is_boilerplate, site_reader_for
from aggregator.parse.translations import Translations, read_translations
from aggregator.records import Entry, Extraction
from aggregator.times import parse_page_time

logger = logging.getLogger(__name__)

EXTRACTOR_NAME = "aggregator-extract/1"

# phrases of anti-bot interstitials (Cloudflare, DDoS-Guard, Qrator, ServicePipe, generic)
_CHALLENGE_MARKERS = (
    "cf-browser-verification",
    "cf_chl_",
    "challenge-platform",
    "just a moment...",
    "checking your browser",
    "ddos-guard",
    "ddos protection by",
    "qrator",
    "servicepipe",
    "enable javascript and cookies to continue",
    "please enable javascript",
    "javascript is required",
    "please turn javascript on",
    "включите javascript",
    "проверка браузера",
)
_HTML_SNIFF = re.compile(rb"<(!doctype\s+html|html|head|body|p|div|article|meta|title)\b", re.I)
_NOT_HTML_SNIFF = re.compile(rb"^\s*(%PDF-|\{|\[|<rss\b|<feed\b|<urlset\b|<sitemapindex\b)", re.I)
_CHALLENGE_MAX_WORDS = 150
# a site reader's body this long is trusted even below min_words (shorter: layout drift)
SITE_TRUST_WORDS = 20


def _extractor_version() -> str:
    try:
        traf = version("trafilatura")
    except PackageNotFoundError:  # pragma: no cover - trafilatura is a hard dependency
        traf = "unknown"
    return f"{EXTRACTOR_NAME} trafilatura/{traf}"


EXTRACTOR_VERSION = _extractor_version()


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


def _parse(text: str, url: str) -> lxml_html.HtmlElement:
    # lxml refuses str input that carries an XML encoding declaration
    cleaned = re.sub(r"^\s*<\?xml[^>]*\?>", "", text, count=1)
    try:
        tree = lxml_html.document_fromstring(cleaned)
    except (etree.ParserError, ValueError) as exc:
        raise ExtractError(
            f"{url}: page could not be parsed as HTML ({exc}); skipped", url=url, reason="not_html"
        ) from exc
    return tree


_VISIBLE_TEXT = etree.XPath(
    "//body//text()[not(ancestor::script or ancestor::style or ancestor::noscript"
    " or ancestor::template)]"
)


def _visible_words(tree: lxml_html.HtmlElement, *, limit: int) -> int:
    """Words a reader would see in <body> (script, style and noscript left out), up to limit."""
    count = 0
    for chunk in _VISIBLE_TEXT(tree):
        count += len(str(chunk).split())
        if count > limit:
            break
    return count


def detect_challenge(text: str, tree: lxml_html.HtmlElement) -> str | None:
    """The anti-bot marker found on a page with almost no visible text, else None."""
    lowered = text.lower()
    found = next((m for m in _CHALLENGE_MARKERS if m in lowered), None)
    if found is None and "document.cookie" in lowered and "location" in lowered:
        found = "script sets a cookie and reloads"
    if found is None or _visible_words(tree, limit=_CHALLENGE_MAX_WORDS) > _CHALLENGE_MAX_WORDS:
        return None
    return found


def _trafilatura_body(text: str, url: str) -> _Body | None:
    try:
        out = trafilatura.extract(
            text, url=url or None, include_comments=False, include_tables=True
        )
    except (ValueError, TypeError, etree.LxmlError) as exc:
        logger.warning("trafilatura failed on %s: %s", url, exc)
        return None
    if not out:
        return None
    paragraphs = tuple(p for p in _text_lines(out) if not is_boilerplate(p))
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


def _trafilatura_metadata(tree: lxml_html.HtmlElement, url: str) -> PageMetadata:
    """trafilatura's own metadata reader, as a fallback for what the page did not declare."""
    try:
        doc = trafilatura.extract_metadata(tree, default_url=url or None)
    except (ValueError, TypeError, AttributeError, etree.LxmlError) as exc:
        logger.debug("trafilatura metadata failed on %s: %s", url, exc)
        return PageMetadata()
    if doc is None:
        return PageMetadata()
    author = getattr(doc, "author", None)
    return PageMetadata(
        title=getattr(doc, "title", None) or None,
        authors=clean_authors(author.split(";")) if isinstance(author, str) else (),
        published=parse_page_time(getattr(doc, "date", None)),
        site_name=getattr(doc, "sitename", None) or None,
        description=getattr(doc, "description", None) or None,
    )


def _merge(declared: PageMetadata, fallback: PageMetadata, body: _Body) -> PageMetadata:
    """What the page declares, then what its layout reader found, then trafilatura's guesses."""
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


_HEADLINES = etree.XPath("//h1")
_WORDS = re.compile(r"\w+")


def _word_key(text: str) -> tuple[str, ...]:
    return tuple(w.casefold() for w in _WORDS.findall(text))


def _without_headline(body: _Body, tree: lxml_html.HtmlElement, meta: PageMetadata) -> _Body:
    """``body`` without a leading paragraph that is the page's headline.

    The headline is ``Extraction.title``, not body text. trafilatura keeps it when it sits
    inside the story container (BBC 2011-2014 ``story-body`` pages put ``h1.story-header``
    there); the site readers never read it. A paragraph counts as the headline when its words
    equal those of an ``<h1>`` or of the declared title; only the opening paragraph is dropped,
    and never the last one.
    """
    if len(body.paragraphs) < 2:
        return body
    keys = {_word_key(" ".join(str(t) for t in h.itertext())) for h in _HEADLINES(tree)}
    if meta.title:
        keys.add(_word_key(meta.title))
    keys.discard(())
    if _word_key(body.paragraphs[0]) not in keys:
        return body
    return _Body(body.method, body.paragraphs[1:], body.lede, body.published)


def _candidates(
    text: str, tree: lxml_html.HtmlElement, url: str, meta: PageMetadata
) -> Iterator[_Body]:
    """Candidate bodies in order of preference, produced lazily (the first long enough wins)."""
    reader = site_reader_for(url)
    if reader is not None:
        site: SiteText | None = reader(tree)
        if site is not None and site.paragraphs:
            yield _without_headline(
                _Body(site.method, site.paragraphs, site.lede, site.published), tree, meta
            )
    traf = _trafilatura_body(text, url)
    if traf is not None:
        yield _without_headline(traf, tree, meta)
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
    raw = html if isinstance(html, bytes) else None
    if raw is not None and not raw.strip():
        raise ExtractError(f"{url}: empty page; skipped", url=url, reason="empty")
    if raw is not None and (_NOT_HTML_SNIFF.match(raw[:64]) or b"\x00" in raw[:1024]):
        raise ExtractError(f"{url}: not an HTML page; skipped", url=url, reason="not_html")
    text = decode_html(raw, content_type) if raw is not None else str(html)
    if not text.strip():
        raise ExtractError(f"{url}: empty page; skipped", url=url, reason="empty")
    if raw is None and _NOT_HTML_SNIFF.match(text[:64].encode("utf-8", errors="replace")):
        raise ExtractError(f"{url}: not an HTML page; skipped", url=url, reason="not_html")
    if not _HTML_SNIFF.search(text[:20000].encode("utf-8", errors="replace")):
        raise ExtractError(f"{url}: no HTML markup found; skipped", url=url, reason="not_html")

    tree = _parse(text, url)
    challenge = detect_challenge(text, tree)
    meta = read_metadata(tree, url=url)
    fallback = PageMetadata()
    if not (meta.title and meta.published):  # (its author guesses alone are not worth the time)
        fallback = _trafilatura_metadata(tree, url)

    chosen, best = _select(_candidates(text, tree, url, meta), min_words)
    reason: str | None = None
    summary_only = False
    if chosen is None:
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
            raise ExtractError(
                f"{url}: {reason}; no feed summary to fall back on; skipped", url=url, reason=tag
            )
    logger.debug("extracted %s words from %s with %s", chosen.words, url, chosen.method)
    language = meta.language or (entry.language if entry else None)
    return _build(
        chosen,
        _merge(meta, fallback, chosen),
        url=url,
        entry=entry,
        summary_only=summary_only,
        reason=reason,
        translations=read_translations(tree, url=url, language=language),
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
) -> Extraction:
    lede = choose_lede(body.paragraphs, standfirst=body.lede or "")
    title = meta.title or (entry.title if entry else "") or ""
    return Extraction(
        url=url,
        title=title,
        text="\n\n".join(body.paragraphs),
        paragraphs=body.paragraphs,
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
