"""The quote gold on factRuEval-2016's dev documents (bench/framing/factru_quotes.jsonl) keeps its
shape: every document of the shared file once, the split bench_framing.py uses for that file,
character spans and speakers only (never the articles' text); with the shared data present, every
span is still the text it was annotated on."""

from __future__ import annotations

import json
import os
import re
import zlib
from pathlib import Path
from typing import Any

import pytest

GOLD = Path(__file__).resolve().parents[2] / "bench" / "framing" / "factru_quotes.jsonl"
SPEAKER_FROM = {"name", "pronoun", "role", "continuation", "unnamed"}
TYPES = {"PER", "ORG", "LOC"}
_DATA = os.environ.get("AGGREGATOR_SHARED_DATA")
SOURCE = Path(_DATA) / "framing-dev" / "ner_ru_dev.jsonl" if _DATA else None


def _docs() -> list[dict[str, Any]]:
    with GOLD.open(encoding="utf-8") as src:
        return [json.loads(line) for line in src if line.strip()]


DOCS = _docs()


def _split(doc_id: str) -> str:
    """bench/bench_framing.py's rule for ner_ru_dev.jsonl, fixed before any prediction was seen."""
    return "holdout" if zlib.crc32(doc_id.encode()) % 4 == 0 else "dev"


def _check(text: str) -> str:
    return format(zlib.crc32(" ".join(text.split()).encode()), "08x")


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
    gold = doc["gold"]
    assert isinstance(gold, dict) and set(gold) == {"quotes", "quotes_optional"}
    for quote in gold["quotes"] + gold["quotes_optional"]:
        assert "quote" not in quote and "text" not in quote, "the articles' text stays out"
        assert re.fullmatch(r"[0-9a-f]{8}", quote["check"]), quote
        spans = quote["spans"]
        assert spans and all(isinstance(a, int) and 0 <= a < b for a, b in spans), quote
        assert all(spans[k][1] <= spans[k + 1][0] for k in range(len(spans) - 1)), quote
    for quote in gold["quotes"]:
        assert quote["speaker_from"] in SPEAKER_FROM, quote
        if quote["speaker"]:
            assert quote["speaker_type"] in TYPES, quote
        else:
            assert quote["speaker_desc"], f"who speaks, when no name is given: {quote}"
    for quote in gold["quotes_optional"]:
        assert set(quote) == {"spans", "check"}, quote


@pytest.mark.skipif(
    SOURCE is None or not SOURCE.exists(),
    reason="AGGREGATOR_SHARED_DATA does not point at the shared data (framing-dev)",
)
def test_spans_still_match_the_shared_documents() -> None:
    assert SOURCE is not None
    texts: dict[str, str] = {}
    with SOURCE.open(encoding="utf-8") as src:
        for line in src:
            article = json.loads(line)
            texts[article["id"]] = article["text"]
    assert set(texts) == {str(d["id"]) for d in DOCS}
    for doc in DOCS:
        text = texts[str(doc["id"])]
        gold = doc["gold"]
        assert isinstance(gold, dict)
        for quote in gold["quotes"] + gold["quotes_optional"]:
            words = " ".join(text[a:b] for a, b in quote["spans"])
            assert _check(words) == quote["check"], (doc["id"], words[:40])
            assert words == words.strip() and words[0] not in '"“”«»„', (doc["id"], words[:40])
        for quote in gold["quotes"]:
            words = " ".join(text[a:b] for a, b in quote["spans"])
            assert len(re.findall(r"\w+", words)) >= 3, f"short quotes are optional: {words}"
            if quote["speaker"] and quote["speaker_type"] == "PER":
                stem = quote["speaker"].split()[-1][:4].casefold()
                assert stem in text.casefold(), f"speaker not in the document: {quote}"
