"""An event's ``TranslationComparison``s -> ``TranslationView``s, what its page shows of one
outlet's document in two languages; pure, touches nothing.

Each view holds plain text: which language came first and how long before the translation,
both headlines (with a Latin-letter gloss of a Cyrillic one, for readers who do not read it), and
the paragraphs the translation left out or added. ``templates/_translations.html`` lays it out.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from aggregator.language.translit import transliterate
from aggregator.output.report.formatting import duration, fmt_time
from aggregator.records import TranslationComparison

_CYRILLIC = re.compile(r"[\u0400-\u04ff]")


@dataclass(frozen=True)
class Version:
    """One language version: its language, headline, a gloss of it, and when it appeared."""

    language: str  # "" when unknown
    title: str
    gloss: str  # the headline in Latin letters when it is Cyrillic, else ""
    published: str


@dataclass(frozen=True)
class TranslationView:
    outlet: str
    original: Version
    translation: Version
    timing: str  # "translated from ru 15 min later"
    summary: str  # "7 of 8 paragraphs paired; 1 left out, 0 added"
    left_out: tuple[str, ...]
    added: tuple[str, ...]


def _version(language: str | None, title: str, published: str) -> Version:
    gloss = transliterate(title) if _CYRILLIC.search(title) else ""
    return Version(language or "", title, gloss, published)


def translation_views(pairs: Sequence[TranslationComparison]) -> tuple[TranslationView, ...]:
    """What the page shows of each (original, translation) pair, in the order given."""
    views = []
    for pair in pairs:
        source = pair.original_language or "its original"
        if pair.lag_s is None:
            timing = f"translated from {source}; publication time unknown"
        elif pair.lag_s < 0:  # the original is the first published; undated ones sort last
            timing = f"translated from {source}, published {duration(-pair.lag_s)} before it"
        else:
            timing = f"translated from {source} {duration(pair.lag_s)} later"
        summary = (
            f"{pair.aligned} of {pair.aligned + len(pair.left_out)} paragraphs paired; "
            f"{len(pair.left_out)} left out, {len(pair.added)} added"
        )
        views.append(
            TranslationView(
                outlet=pair.outlet,
                original=_version(
                    pair.original_language, pair.original_title, fmt_time(pair.original_published)
                ),
                translation=_version(
                    pair.translation_language,
                    pair.translation_title,
                    fmt_time(pair.translation_published),
                ),
                timing=timing,
                summary=summary,
                left_out=pair.left_out,
                added=pair.added,
            )
        )
    return tuple(views)
