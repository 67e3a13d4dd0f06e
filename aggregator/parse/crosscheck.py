"""A site reader's paragraphs checked against trafilatura's text of the same page.

A site rule reads an outlet's layout precisely while the layout is the one it was written for;
on another generation or section of the site (a regional or World Service page, a live page,
a gallery) it may drag unrelated blocks in or miss part of the story. trafilatura is a second
opinion that knows no layout. The two agree on most pages (then the rule's cleaner text is
kept); where they do not:

- the rule has much text trafilatura does not (``site_share`` below ``AGREE``): its paragraphs
  that trafilatura does not share are taken for dragged-in blocks and dropped;
- the rule has much less text than trafilatura and is only a structural guess (the story
  container found by structure, not by the outlet's own markup): trafilatura's text is used
  unless the rule's is a clean part (``SUBSET``) of at least ``MIN_SHARE`` of it.

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


def check_site_text(site: tuple[str, ...], traf: tuple[str, ...], *, structural: bool) -> Verdict:
    """Which of a site reader's paragraphs (``site``) to trust given trafilatura's (``traf``);
    ``structural``: the reader found the story container by structure only."""
    t = _counts(traf)
    if not t:
        return Verdict("site", site)
    if not _counts(site):
        return Verdict("trafilatura")
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


def _shared(paragraph: str, vocabulary: set[str]) -> float:
    words = _TOKEN.findall(paragraph.casefold())
    return sum(w in vocabulary for w in words) / len(words) if words else 0.0
