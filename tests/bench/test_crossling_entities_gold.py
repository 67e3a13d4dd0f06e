"""The English entity gold on crossling-dev articles (bench/framing/crossling_entities.jsonl) keeps
its shape: ids, excerpts as offsets (never the articles' text), splits by the fixed hash rule,
typed distinct surfaces; with the shared data present, each excerpt is the article's opening cut
at a paragraph boundary as the README says, every surface is written in it, and the second
batch is the articles its choice rule picks."""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

import pytest

from bench.gold_texts import load_gold, of_batch, shared_texts
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
    for batch in (1, 2):
        outlets = [d["outlet"] for d in of_batch(DOCS, batch)]
        assert len(set(outlets)) == len(outlets), f"one article per outlet in batch {batch}"
    assert [len(of_batch(DOCS, batch)) for batch in (1, 2)] == [36, 45]
    for doc in DOCS:
        fields = {"id", "lang", "split", "outlet", "excerpt", "check", "gold"}
        assert set(doc) == (fields | {"batch"} if "batch" in doc else fields), doc["id"]
        assert doc.get("batch", 1) in (1, 2), doc["id"]
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
    """Batch 2 took every article its rule picked, one naming nobody among them."""
    assert_entities(doc["gold"]["entities"], may_be_empty=doc.get("batch") == 2)  # type: ignore[index]


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


def _shingles(text: str) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.lower())
    return {tuple(words[i : i + 8]) for i in range(len(words) - 7)}


def _near(one: set[tuple[str, ...]], other: set[tuple[str, ...]]) -> bool:
    """More than 15% of the smaller text's 8-word shingles are in the other text."""
    return bool(one and other) and len(one & other) / min(len(one), len(other)) > 0.15


@needs_shared
def test_the_second_batch_is_the_articles_its_rule_picks() -> None:
    """Batch 2's choice, fixed before annotating: English articles of 800 characters or more not
    in batch 1, in ``sha1("ent2" + id)`` order, at most one per outlet, passing over one that
    shares more than 15% of its 8-word shingles with an ``en_dev.jsonl`` text, a batch-1 article
    or an earlier pick, until 45."""
    assert ARTICLES is not None and _DATA is not None
    en_dev = load_gold(GOLD.parent / "en_dev.jsonl", Path(_DATA))
    if en_dev is None:
        pytest.skip("the shared outlet pages are absent")
    articles = [row for row in read_jsonl(ARTICLES) if row["language"] == "en"]
    first = {str(d["id"]) for d in of_batch(DOCS, 1)}
    seen = [_shingles(d["text"]) for d in en_dev]
    seen += [_shingles(a["text"]) for a in articles if a["id"] in first]
    candidates = sorted(
        (a for a in articles if len(a["text"]) >= 800 and a["id"] not in first),
        key=lambda a: hashlib.sha1(("ent2" + a["id"]).encode()).hexdigest(),
    )
    picked: list[str] = []
    outlets: set[str] = set()
    for article in candidates:
        if len(picked) == 45:
            break
        shingles = _shingles(article["text"])
        if article["outlet"] in outlets or any(_near(shingles, s) for s in seen):
            continue
        picked.append(article["id"])
        outlets.add(article["outlet"])
        seen.append(shingles)
    assert [d["id"] for d in of_batch(DOCS, 2)] == picked
