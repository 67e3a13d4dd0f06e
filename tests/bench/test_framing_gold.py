"""The English framing gold (bench/framing/en_dev.jsonl) keeps its shape: references to the shared
outlet pages (never their text), typed entities and quote spans, both splits; with the shared data
present, what score_framing.py reads is rebuilt (bench/gold_texts.py) and every entity surface and
quote is text of its own document."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from bench.gold_texts import load_gold, outlet_bodies
from tests.support.entity_gold import TYPES, assert_entities
from tests.support.quote_gold import assert_gold_shape as assert_quote_shape
from tests.support.quote_gold import read_jsonl

GOLD = Path(__file__).resolve().parents[2] / "bench" / "framing" / "en_dev.jsonl"
SPEAKER_FROM = {"name", "pronoun", "role", "continuation", "unnamed"}
_QUOTE_MARKS = re.compile(r"[\"'“”‘’«»„`]")


DOCS = read_jsonl(GOLD)
_DATA = os.environ.get("AGGREGATOR_SHARED_DATA")
_SHARED = bool(_DATA) and outlet_bodies(Path(str(_DATA)), ("guardian", "bbc", "rt")) is not None
# The documents with their text and quotes rebuilt from the shared pages (empty without them).
JOINED = (load_gold(GOLD, Path(str(_DATA))) or []) if _SHARED else []
needs_shared = pytest.mark.skipif(
    not _SHARED, reason="AGGREGATOR_SHARED_DATA does not point at the shared data (outlets/)"
)


def _flat(text: str) -> str:
    """Text with quotation marks dropped and whitespace collapsed (quotes run over paragraphs)."""
    return " ".join(_QUOTE_MARKS.sub(" ", text).split())


def test_documents_have_the_scorers_fields_and_both_splits() -> None:
    ids = [d["id"] for d in DOCS]
    assert len(ids) == len(set(ids)), "document ids repeat"
    for doc in DOCS:
        assert set(doc) == {"id", "lang", "title", "split", "source", "excerpt", "check", "gold"}
        assert doc["lang"] == "en"
        start, end = doc["excerpt"]
        assert start >= 0 and end - start > 500, doc["id"]
        assert re.fullmatch(r"[0-9a-f]{8}", doc["check"]), doc["id"]
        assert doc["split"] in {"dev", "holdout"}, doc["id"]
        source = doc["source"]
        assert isinstance(source, dict) and source["outlet"] in {"guardian", "bbc", "rt"}
        assert source["file"].endswith(".html"), doc["id"]
        gold = doc["gold"]
        assert isinstance(gold, dict)
        assert set(gold) == {"entities", "quotes", "quotes_optional"}, doc["id"]
        assert_quote_shape({"quotes": gold["quotes"], "quotes_optional": []})
        for quote in gold["quotes_optional"]:
            assert set(quote) == {"speaker", "spans", "check"}, quote
    splits = [d["split"] for d in DOCS]
    assert splits.count("holdout") >= 5 and splits.count("dev") >= 10


@needs_shared
def test_every_document_is_rebuilt_from_the_shared_pages() -> None:
    assert [d["id"] for d in JOINED] == [d["id"] for d in DOCS]
    for doc in JOINED:
        start, end = doc["excerpt"]
        assert len(doc["text"]) == end - start, doc["id"]


@needs_shared
@pytest.mark.parametrize("doc", JOINED, ids=[str(d["id"]) for d in JOINED])
def test_entities_are_typed_distinct_and_written_in_the_text(doc: dict[str, object]) -> None:
    assert_entities(doc["gold"]["entities"], str(doc["text"]))  # type: ignore[index]


@needs_shared
@pytest.mark.parametrize("doc", JOINED, ids=[str(d["id"]) for d in JOINED])
def test_quotes_are_in_the_text_with_a_speaker_or_a_description(doc: dict[str, object]) -> None:
    flat = _flat(str(doc["text"]))
    gold = doc["gold"]
    for quote in gold["quotes"]:  # type: ignore[index]
        assert _flat(quote["quote"]) in flat, quote
        assert len(re.findall(r"\w+", quote["quote"])) >= 3, f"short quotes are optional: {quote}"
        assert quote["speaker_from"] in SPEAKER_FROM, quote
        if quote["speaker_from"] == "unnamed":
            # an unnamed person; speaker is the organisation they speak for, if it is named
            assert quote["speaker_desc"], quote
            if not quote["speaker"]:
                continue
            assert quote["speaker_type"] == "ORG", quote
        assert quote["speaker"] and quote["speaker_type"] in TYPES, quote
        last = quote["speaker"].split()[-1].casefold()
        surfaces = {e["surface"].casefold() for e in gold["entities"]}  # type: ignore[index]
        assert any(last in s.split() for s in surfaces), f"speaker not an entity: {quote}"
    for quote in gold["quotes_optional"]:  # type: ignore[index]
        assert _flat(quote["quote"]) in flat, quote
        assert set(quote) == {"speaker", "quote", "spans", "check"}, quote
