"""A site reader's paragraphs checked against trafilatura's text of the same page; trafilatura's
paragraphs checked against the page's declared JSON-LD body.

A site rule reads an outlet's layout precisely while the layout is the one it was written for;
on another generation or section of the site (a regional or World Service page, a live page,
a gallery) it may drag unrelated blocks in or miss part of the story. trafilatura is a second
opinion that knows no layout. The two agree on most pages (then the rule's cleaner text is
kept); where they do not:

- the rule has much text trafilatura does not (``site_share`` below ``AGREE``): its paragraphs
  that trafilatura does not share are taken for dragged-in blocks and dropped;
- the rule has much less text than trafilatura and is only a structural guess (the story
  container found by structure, not by the outlet's own markup): trafilatura's text is used
  unless the rule's is a clean part (``SUBSET``) of at least ``MIN_SHARE`` of it;
- the rule found no story container, only the element holding most paragraphs (an old table
  layout): trafilatura's text is used when it lies within that element's text (``SUBSET``),
  the rule's paragraphs when trafilatura's text reaches outside it (navigation, a "most read"
  column glued into one table cell).

Pure; counts of ``\\w+`` tokens, as the bag-of-words scorers count them.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

_TOKEN = re.compile(r"\w+")

AGREE = 0.8  # share of one text's words found in the other, above which the two agree
PARAGRAPH_SHARE = 0.5  # share of a paragraph's words trafilatura has, to keep a disputed one
SUBSET = 0.9  # a rule's text this much inside trafilatura's is a clean part of it
MIN_SHARE = 0.4  # ...and is kept if it has at least this share of trafilatura's words


@dataclass(frozen=True)
class Verdict:
    """Which text to use: ``"site"`` or ``"filtered"`` (then ``paragraphs``, the site reader's
    or those of them kept) or ``"trafilatura"``."""

    choice: str
    paragraphs: tuple[str, ...] = ()


def _counts(paragraphs: tuple[str, ...]) -> Counter[str]:
    return Counter(_TOKEN.findall(" ".join(paragraphs).casefold()))


def _shares(site: tuple[str, ...], t: Counter[str]) -> tuple[float, float]:
    s = _counts(site)
    common = sum((s & t).values())
    return common / max(1, sum(s.values())), common / max(1, sum(t.values()))


def check_site_text(
    site: tuple[str, ...], traf: tuple[str, ...], *, structural: bool, region: str = ""
) -> Verdict:
    """Which of a site reader's paragraphs (``site``) to trust given trafilatura's (``traf``);
    ``structural``: the reader found the story container by structure only; ``region``: the
    whole text of that container when only the density of its paragraphs found it."""
    t = _counts(traf)
    if not t:
        return Verdict("site", site)
    if not _counts(site):
        return Verdict("trafilatura")
    if region and _inside(t, _counts((region,))) >= SUBSET:
        return Verdict("trafilatura")  # trafilatura's text lies within the container: its own
    choice = "site"
    site_share, traf_share = _shares(site, t)
    if site_share < AGREE:
        vocabulary = set(t)
        site = tuple(p for p in site if _shared(p, vocabulary) >= PARAGRAPH_SHARE)
        if not site:
            return Verdict("trafilatura")
        choice = "filtered"
        site_share, traf_share = _shares(site, t)
    if not structural or traf_share >= AGREE:
        return Verdict(choice, site)
    # a structural guess much shorter than trafilatura's text
    if site_share >= SUBSET and traf_share >= MIN_SHARE:
        return Verdict(choice, site)
    return Verdict("trafilatura")


def _inside(inner: Counter[str], outer: Counter[str]) -> float:
    """Share of ``inner``'s words that ``outer`` holds."""
    return sum((inner & outer).values()) / max(1, sum(inner.values()))


def _shared(paragraph: str, vocabulary: set[str]) -> float:
    words = _TOKEN.findall(paragraph.casefold())
    return sum(w in vocabulary for w in words) / len(words) if words else 0.0


# a page's own JSON-LD articleBody, when complete, tells trafilatura's story text from furniture
DECLARED_MIN_SHARE = 0.5  # the declared body has at least this share of trafilatura's words
LONG_PARAGRAPH = 25  # words: trafilatura's last paragraph this long must be in the declared body
_TRUNCATED = re.compile(r"(\.\.\.|…)\s*$")


def _trigrams(text: str) -> set[tuple[str, ...]]:
    words = _TOKEN.findall(text.casefold())
    return {tuple(words[i : i + 3]) for i in range(len(words) - 2)}


def filter_by_declared_body(paragraphs: tuple[str, ...], declared: str) -> tuple[str, ...] | None:
    """trafilatura's ``paragraphs`` without those the page's declared ``articleBody`` does not
    contain (captions, promos, sign-up lines), when that body is complete: not cut short
    ("…"), nearly all of its words in trafilatura's text (``SUBSET``) and at least
    ``DECLARED_MIN_SHARE`` of trafilatura's words; None when it cannot tell (keep them all).

    A paragraph is contained when half its word trigrams are the declared body's; one too
    short for a trigram when all its words are. A declared body cut short without saying so
    (a paywall's first paragraphs) is told by trafilatura's last long paragraph missing from
    it: then nothing is dropped."""
    if not declared or _TRUNCATED.search(declared):
        return None
    d, t = _counts((declared,)), _counts(paragraphs)
    common = sum((d & t).values())
    if not t or common / max(1, sum(d.values())) < SUBSET:
        return None
    if sum(d.values()) < DECLARED_MIN_SHARE * sum(t.values()):
        return None
    grams, vocabulary = _trigrams(declared), set(d)

    def inside(paragraph: str) -> bool:
        own = _trigrams(paragraph)
        if own:
            return len(own & grams) / len(own) >= PARAGRAPH_SHARE
        return all(w in vocabulary for w in _TOKEN.findall(paragraph.casefold()))

    long = [p for p in paragraphs if len(p.split()) >= LONG_PARAGRAPH]
    if not long or not inside(long[-1]):
        return None
    kept = tuple(p for p in paragraphs if inside(p))
    return kept if kept and len(kept) < len(paragraphs) else None
