"""Quotations found in a passage, as (words, speaker name) pairs: what the attribution tests
compare against."""

from __future__ import annotations

from aggregator.compare.quotes import find_quotes


def attributed(text: str, kind: str, lang: str = "en") -> list[tuple[str, str | None]]:
    """(words, speaker name or None) of each quotation of ``kind`` in ``text``, in text order."""
    return [
        (f.text, f.speaker.name if f.speaker else None)
        for f in find_quotes(text, lang)
        if f.kind == kind
    ]


def quoted(text: str) -> list[tuple[str, str | None]]:
    """The English direct quotes of ``text`` with their speakers."""
    return attributed(text, "direct")


def reported(text: str) -> list[tuple[str, str | None]]:
    """The English reported speech of ``text`` with its speakers."""
    return attributed(text, "reported")
