"""The English entity gold on AllSides excerpts (bench/framing/allsides_entities.jsonl) keeps its
shape: ids and a check of the text (never the excerpts' text), the sample and
the split by their fixed hash rules, typed distinct surfaces; with the shared data present, every
surface is written in its document (headline + lead)."""

from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path

import pytest

from bench.gold_texts import load_gold
from tests.support.entity_gold import assert_entities, written_in
from tests.support.quote_gold import read_jsonl

GOLD = Path(__file__).resolve().parents[2] / "bench" / "framing" / "allsides_entities.jsonl"
_DATA = os.environ.get("AGGREGATOR_SHARED_DATA")
ARTICLES = Path(_DATA) / "clustering-dev" / "allsides_dev.jsonl" if _DATA else None
HAVE_ARTICLES = ARTICLES is not None and ARTICLES.exists()

DOCS = read_jsonl(GOLD)
JOINED = (load_gold(GOLD, Path(str(_DATA))) or []) if HAVE_ARTICLES else []
needs_shared = pytest.mark.skipif(
    not HAVE_ARTICLES,
    reason="AGGREGATOR_SHARED_DATA does not point at the shared data (clustering-dev AllSides)",
)


def _split(doc_id: str) -> str:
    """The split rule, fixed before any prediction was looked at (crossling_quotes.jsonl's)."""
    return "holdout" if int(hashlib.sha1(doc_id.encode()).hexdigest(), 16) % 3 == 0 else "dev"


def _pick(doc_id: str) -> str:
    """The sample's order: the first documents of allsides_dev.jsonl by this key."""
    return hashlib.sha1(("allsides-ent" + doc_id).encode()).hexdigest()


def test_ids_splits_and_shape() -> None:
    ids = [str(d["id"]) for d in DOCS]
    assert len(ids) == len(set(ids)), "document ids repeat"
    for doc in DOCS:
        assert set(doc) - {"batch"} == {"id", "lang", "split", "check", "gold"}
        assert re.fullmatch(r"an-[0-9a-f]{12}", str(doc["id"])), doc["id"]
        assert doc["lang"] == "en"
        assert doc["split"] == _split(str(doc["id"])), doc["id"]
        assert re.fullmatch(r"[0-9a-f]{8}", doc["check"]), doc["id"]
        assert set(doc["gold"]) == {"entities"}, doc["id"]
    splits = [d["split"] for d in DOCS]
    assert splits.count("dev") >= 150 and splits.count("holdout") >= 80


def test_the_second_batch_follows_the_first() -> None:
    """Batch 1 is the first 300 lines (no "batch" field), batch 2 the next 150 ("batch": 2),
    annotated later by another hand on the same rules; both keep the pick order and split rule."""
    batches = [d.get("batch", 1) for d in DOCS]
    assert batches == [1] * 300 + [2] * 150
    second = [d for d in DOCS if d.get("batch") == 2]
    assert [d["split"] for d in second].count("dev") == 100


@pytest.mark.parametrize("doc", DOCS, ids=[str(d["id"]) for d in DOCS])
def test_entities_are_typed_and_distinct(doc: dict[str, object]) -> None:
    assert_entities(doc["gold"]["entities"], may_be_empty=True)  # type: ignore[index]


@needs_shared
def test_the_sample_is_the_first_by_its_hash() -> None:
    """No excerpt was passed over: the gold holds the first len(DOCS) ids in the pick order."""
    assert ARTICLES is not None
    with ARTICLES.open(encoding="utf-8") as handle:
        every = [json.loads(line)["id"] for line in handle if line.strip()]
    assert sorted(every, key=_pick)[: len(DOCS)] == sorted((d["id"] for d in DOCS), key=_pick)


@needs_shared
@pytest.mark.parametrize("doc", JOINED, ids=[str(d["id"]) for d in JOINED])
def test_surfaces_are_written_in_the_headline_and_lead(doc: dict[str, object]) -> None:
    text = str(doc["text"])
    assert "\n\n" in text, "the headline is the first paragraph"
    assert_entities(doc["gold"]["entities"], text, may_be_empty=True)  # type: ignore[index]
    for entity in doc["gold"]["entities"]:  # type: ignore[index]
        assert written_in(entity["surface"], text), f"not in text: {entity}"
