"""The English entity gold on crossling-dev articles (bench/framing/crossling_entities.jsonl) keeps
its shape: ids, excerpts as offsets (never the articles' text), splits by the fixed hash rule,
typed distinct surfaces; with the shared data present, each excerpt is the article's opening cut
at a paragraph boundary as the README says, and every surface is written in it."""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

import pytest

from bench.gold_texts import load_gold, shared_texts
from tests.support.entity_gold import assert_entities, written_in
from tests.support.quote_gold import read_jsonl

GOLD = Path(__file__).resolve().parents[2] / "bench" / "framing" / "crossling_entities.jsonl"
_DATA = os.environ.get("AGGREGATOR_SHARED_DATA")
ARTICLES = Path(_DATA) / "crossling-dev" / "articles.jsonl" if _DATA else None
HAVE_ARTICLES = ARTICLES is not None and ARTICLES.exists()
LONGEST = 3500  # characters: an excerpt's ceiling

DOCS = read_jsonl(GOLD)
JOINED = (load_gold(GOLD, Path(str(_DATA))) or []) if HAVE_ARTICLES else []
needs_shared = pytest.mark.skipif(
    not HAVE_ARTICLES,
    reason="AGGREGATOR_SHARED_DATA does not point at the shared data (crossling-dev articles)",
)


def _split(doc_id: str) -> str:
    """The split rule, fixed before any prediction was looked at (crossling_quotes.jsonl's)."""
    return "holdout" if int(hashlib.sha1(doc_id.encode()).hexdigest(), 16) % 3 == 0 else "dev"


def test_ids_splits_and_shape() -> None:
    ids = [str(d["id"]) for d in DOCS]
    assert len(ids) == len(set(ids)), "document ids repeat"
    outlets = [d["outlet"] for d in DOCS]
    assert len(set(outlets)) == len(outlets), "one article per outlet"
    for doc in DOCS:
        assert set(doc) == {"id", "lang", "split", "outlet", "excerpt", "check", "gold"}
        assert re.fullmatch(r"dan-[0-9a-f]{12}", str(doc["id"])), doc["id"]
        assert doc["lang"] == "en"
        assert doc["split"] == _split(str(doc["id"])), doc["id"]
        start, end = doc["excerpt"]
        assert start == 0 and 500 < end <= LONGEST, doc["id"]
        assert re.fullmatch(r"[0-9a-f]{8}", doc["check"]), doc["id"]
        assert set(doc["gold"]) == {"entities"}, doc["id"]
    splits = [d["split"] for d in DOCS]
    assert splits.count("dev") >= 20 and splits.count("holdout") >= 8


@pytest.mark.parametrize("doc", DOCS, ids=[str(d["id"]) for d in DOCS])
def test_entities_are_typed_and_distinct(doc: dict[str, object]) -> None:
    assert_entities(doc["gold"]["entities"])  # type: ignore[index]


@needs_shared
def test_excerpts_are_the_articles_openings_cut_at_a_paragraph() -> None:
    """The excerpt rule: the whole article up to 3,500 characters, else its paragraphs up to the
    last line break at or before character 3,500."""
    assert ARTICLES is not None
    texts = shared_texts(ARTICLES, {str(d["id"]) for d in DOCS})
    for doc in DOCS:
        text = texts[str(doc["id"])]
        _, end = doc["excerpt"]
        if len(text) <= LONGEST:
            assert end == len(text), doc["id"]
        else:
            rest = text[end : LONGEST + 1]
            assert rest[0] == "\n" and "\n" not in rest.lstrip("\n"), doc["id"]


@needs_shared
@pytest.mark.parametrize("doc", JOINED, ids=[str(d["id"]) for d in JOINED])
def test_surfaces_are_written_in_the_excerpt(doc: dict[str, object]) -> None:
    for entity in doc["gold"]["entities"]:  # type: ignore[index]
        assert written_in(entity["surface"], str(doc["text"])), f"not in text: {entity}"
