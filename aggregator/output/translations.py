"""An event's ``TranslationComparison``s -> rows of the `translations` export (columns in
``docs/codebook.md``): one per translated article, beside its original. Pure; writes nothing."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from aggregator.records import EventComparison

TRANSLATION_COLUMNS = (
    "event_id",
    "outlet",
    "original_id",
    "translation_id",
    "first_language",
    "translation_language",
    "original_published",
    "translation_published",
    "lag_s",
    "original_title",
    "translation_title",
    "original_paragraphs",
    "translation_paragraphs",
    "aligned",
    "left_out",
    "added",
)


def translation_records(comparison: EventComparison) -> Iterator[dict[str, Any]]:
    """`translations` rows: one per translated article of the event, beside its original."""
    for pair in comparison.translations:
        yield {
            "event_id": comparison.event_key,
            "outlet": pair.outlet,
            "original_id": pair.original_id,
            "translation_id": pair.translation_id,
            "first_language": pair.original_language,
            "translation_language": pair.translation_language,
            "original_published": pair.original_published,
            "translation_published": pair.translation_published,
            "lag_s": None if pair.lag_s is None else round(pair.lag_s),
            "original_title": pair.original_title,
            "translation_title": pair.translation_title,
            "original_paragraphs": pair.aligned + len(pair.left_out),
            "translation_paragraphs": pair.aligned + len(pair.added),
            "aligned": pair.aligned,
            "left_out": list(pair.left_out),
            "added": list(pair.added),
        }
