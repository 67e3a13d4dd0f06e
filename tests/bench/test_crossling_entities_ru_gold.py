"""The Russian entity gold on crossling-dev articles (bench/framing/crossling_entities_ru.jsonl)
keeps its shape: ids, excerpts as offsets (never the articles' text), the fixed choice and split
rules, typed distinct surfaces; with the shared data present, each excerpt is the article's
opening cut at a paragraph boundary as the README says, and every surface is written in it."""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections import Counter
from pathlib import Path

import pytest

from bench.gold_texts import load_gold, read_jsonl, shared_texts
from tests.support.entity_gold import TYPES, written_in

GOLD = Path(__file__).resolve().parents[2] / "bench" / "framing" / "crossling_entities_ru.jsonl"
_DATA = os.environ.get("AGGREGATOR_SHARED_DATA")
ARTICLES = Path(_DATA) / "crossling-dev" / "articles.jsonl" if _DATA else None
HAVE_ARTICLES = ARTICLES is not None and ARTICLES.exists()
WHOLE, CUT = 1700, 1500  # characters: an article kept whole / where a longer one is cut

DOCS = read_jsonl(GOLD)
JOINED = (load_gold(GOLD, Path(str(_DATA))) or []) if HAVE_ARTICLES else []
needs_shared = pytest.mark.skipif(
    not HAVE_ARTICLES,
    reason="AGGREGATOR_SHARED_DATA does not point at the shared data (crossling-dev articles)",
)


def _split(doc_id: str) -> str:
    """The split rule, fixed before any prediction was looked at (crossling_quotes.jsonl's)."""
    return "holdout" if int(hashlib.sha1(doc_id.encode()).hexdigest(), 16) % 3 == 0 else "dev"


def _order(doc_id: str) -> str:
    return hashlib.sha1(f"ruent{doc_id}".encode()).hexdigest()


def test_ids_splits_and_shape() -> None:
    ids = [str(d["id"]) for d in DOCS]
    assert len(ids) == 70 and len(set(ids)) == 70
    assert max(Counter(d["outlet"] for d in DOCS).values()) <= 2, "at most two per outlet"
    for doc in DOCS:
        assert set(doc) == {"id", "lang", "split", "outlet", "excerpt", "check", "gold"}
        assert re.fullmatch(r"dan-[0-9a-f]{12}", str(doc["id"])), doc["id"]
        assert doc["lang"] == "ru"
        assert doc["split"] == _split(str(doc["id"])), doc["id"]
        start, end = doc["excerpt"]
        assert start == 0 and 300 < end <= WHOLE, doc["id"]
        assert re.fullmatch(r"[0-9a-f]{8}", doc["check"]), doc["id"]
        assert set(doc["gold"]) == {"entities"}, doc["id"]
    splits = [d["split"] for d in DOCS]
    assert splits.count("dev") >= 40 and splits.count("holdout") >= 20


@pytest.mark.parametrize("doc", DOCS, ids=[str(d["id"]) for d in DOCS])
def test_entities_are_typed_trimmed_and_distinct(doc: dict[str, object]) -> None:
    seen: set[tuple[str, str]] = set()
    for entity in doc["gold"]["entities"]:  # type: ignore[index]
        kind, surface = entity["type"], entity["surface"]
        assert kind in TYPES and surface and surface == surface.strip(), entity
        assert surface[0] not in '«»"„“', f"quotation mark kept on the name: {entity}"
        assert (kind, surface.casefold()) not in seen, f"listed twice: {entity}"
        seen.add((kind, surface.casefold()))


@needs_shared
def test_choice_and_excerpts() -> None:
    """The first 70 Russian articles in sha1("ruent" + id) order, at most two per outlet, none
    passed over; each whole up to 1,700 characters, else cut at the last line break at or
    before character 1,500."""
    assert ARTICLES is not None
    texts = shared_texts(ARTICLES)
    with ARTICLES.open(encoding="utf-8") as handle:
        articles = [json.loads(line) for line in handle if line.strip()]
    russian = [a for a in articles if a["language"] == "ru"]
    per_outlet: Counter[str] = Counter()
    chosen = []
    for article in sorted(russian, key=lambda a: _order(a["id"])):
        if per_outlet[article["outlet"]] < 2 and len(chosen) < 70:
            per_outlet[article["outlet"]] += 1
            chosen.append(article["id"])
    assert chosen == [d["id"] for d in DOCS]
    for doc in DOCS:
        text = texts[str(doc["id"])]
        _, end = doc["excerpt"]
        if len(text) <= WHOLE:
            assert end == len(text), doc["id"]
        else:
            rest = text[end : CUT + 1]
            assert rest[0] == "\n" and "\n" not in rest[1:], doc["id"]


@needs_shared
@pytest.mark.parametrize("doc", JOINED, ids=[str(d["id"]) for d in JOINED])
def test_surfaces_are_written_in_the_excerpt(doc: dict[str, object]) -> None:
    # a headline list glues times to names ("Санкт-Петербурге5 января", "13:08Мирон"): a join
    text = str(doc["text"])
    joined = re.sub(r"(?<=[a-zа-яё])(?=\d)|(?<=\d)(?=[A-ZА-ЯЁ])", " ", text)
    for entity in doc["gold"]["entities"]:  # type: ignore[index]
        surface = entity["surface"]
        assert written_in(surface, text) or written_in(surface, joined), f"not in text: {entity}"
