"""The quote gold on factRuEval-2016's dev documents (bench/framing/factru_quotes.jsonl) keeps its
shape: every document of the shared file once, the split bench_framing.py uses for that file,
character spans and speakers only (never the articles' text); with the shared data present, every
span is still the text it was annotated on."""

from __future__ import annotations

import os
import re
import zlib
from pathlib import Path

import pytest

from tests.support.quote_gold import (
    assert_gold_shape,
    assert_spans_match,
    read_jsonl,
    shared_texts,
)

GOLD = Path(__file__).resolve().parents[2] / "bench" / "framing" / "factru_quotes.jsonl"
_DATA = os.environ.get("AGGREGATOR_SHARED_DATA")
SOURCE = Path(_DATA) / "framing-dev" / "ner_ru_dev.jsonl" if _DATA else None


DOCS = read_jsonl(GOLD)


def _split(doc_id: str) -> str:
    """bench/bench_framing.py's rule for ner_ru_dev.jsonl, fixed before any prediction was seen."""
    return "holdout" if zlib.crc32(doc_id.encode()) % 4 == 0 else "dev"


def test_every_document_once_in_its_split() -> None:
    ids = [str(d["id"]) for d in DOCS]
    assert len(ids) == len(set(ids)) == 122, "the 122 documents of ner_ru_dev.jsonl, once each"
    for doc in DOCS:
        assert set(doc) == {"id", "lang", "split", "gold"}, doc["id"]
        assert re.fullmatch(r"book_\d+", str(doc["id"])), doc["id"]
        assert doc["lang"] == "ru"
        assert doc["split"] == _split(str(doc["id"])), doc["id"]
    for split in ("dev", "holdout"):
        quoted = [d for d in DOCS if d["split"] == split and d["gold"]["quotes"]]
        assert len(quoted) >= 10, f"too few {split} documents with quotes"


@pytest.mark.parametrize("doc", DOCS, ids=[str(d["id"]) for d in DOCS])
def test_quotes_are_spans_with_a_speaker_or_a_description(doc: dict[str, object]) -> None:
    assert_gold_shape(doc["gold"])


@pytest.mark.skipif(
    SOURCE is None or not SOURCE.exists(),
    reason="AGGREGATOR_SHARED_DATA does not point at the shared data (framing-dev)",
)
def test_spans_still_match_the_shared_documents() -> None:
    assert SOURCE is not None
    texts = shared_texts(SOURCE)
    assert set(texts) == {str(d["id"]) for d in DOCS}
    for doc in DOCS:
        assert_spans_match(str(doc["id"]), texts[str(doc["id"])], doc["gold"])
