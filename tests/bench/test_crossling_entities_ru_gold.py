"""The Russian entity gold on crossling-dev articles (bench/framing/crossling_entities_ru.jsonl)
keeps its shape: ids, excerpts as offsets (never the articles' text), the fixed choice and split
rules of its four batches, typed distinct surfaces; with the shared data present, each excerpt
is the article's opening cut at a paragraph boundary (a sentence boundary when the opening
paragraph runs past the cut) as the README says, and every surface is written in it."""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections import Counter
from pathlib import Path

import pytest

from bench.gold_texts import load_gold, of_batch, read_jsonl, shared_texts
from tests.support.entity_gold import TYPES, written_in

GOLD = Path(__file__).resolve().parents[2] / "bench" / "framing" / "crossling_entities_ru.jsonl"
_DATA = os.environ.get("AGGREGATOR_SHARED_DATA")
ARTICLES = Path(_DATA) / "crossling-dev" / "articles.jsonl" if _DATA else None
HAVE_ARTICLES = ARTICLES is not None and ARTICLES.exists()
WHOLE, CUT = 1700, 1500  # characters: an article kept whole / where a longer one is cut
FIRST, SECOND = 70, 60  # articles of batch 1 (no "batch" field) and of batch 2 ("batch": 2)
THIRD, THIRD_CAP = 40, 5  # articles of batch 3 ("batch": 3), at most five per outlet
FOURTH = 36  # articles of batch 4 ("batch": 4): every Russian article left, no cap

DOCS = read_jsonl(GOLD)
JOINED = (load_gold(GOLD, Path(str(_DATA))) or []) if HAVE_ARTICLES else []
needs_shared = pytest.mark.skipif(
    not HAVE_ARTICLES,
    reason="AGGREGATOR_SHARED_DATA does not point at the shared data (crossling-dev articles)",
)


def _split(doc_id: str) -> str:
    """The split rule, fixed before any prediction was looked at (crossling_quotes.jsonl's)."""
    return "holdout" if int(hashlib.sha1(doc_id.encode()).hexdigest(), 16) % 3 == 0 else "dev"


def _order(doc_id: str, salt: str = "ruent") -> str:
    return hashlib.sha1(f"{salt}{doc_id}".encode()).hexdigest()


def test_ids_splits_and_shape() -> None:
    ids = [str(d["id"]) for d in DOCS]
    assert len(ids) == FIRST + SECOND + THIRD + FOURTH and len(set(ids)) == len(ids)
    batches = [1] * FIRST + [2] * SECOND + [3] * THIRD + [4] * FOURTH
    assert [d.get("batch", 1) for d in DOCS] == batches
    first = of_batch(DOCS, 1)
    assert max(Counter(d["outlet"] for d in first).values()) <= 2, "at most two per outlet"
    earlier = of_batch(DOCS, 1) + of_batch(DOCS, 2)
    assert max(Counter(d["outlet"] for d in earlier).values()) <= 3, "at most three per outlet"
    third = Counter(d["outlet"] for d in of_batch(DOCS, 3))
    assert max(third.values()) <= THIRD_CAP, "batch 3: at most five per outlet"
    for doc in DOCS:
        fields = {"id", "lang", "split", "outlet", "excerpt", "check", "gold"}
        assert set(doc) == fields | ({"batch"} if "batch" in doc else set())
        assert re.fullmatch(r"dan-[0-9a-f]{12}", str(doc["id"])), doc["id"]
        assert doc["lang"] == "ru"
        assert doc["split"] == _split(str(doc["id"])), doc["id"]
        start, end = doc["excerpt"]
        assert start == 0 and 300 < end <= WHOLE, doc["id"]
        assert re.fullmatch(r"[0-9a-f]{8}", doc["check"]), doc["id"]
        assert set(doc["gold"]) == {"entities"}, doc["id"]
    splits = [d["split"] for d in first]
    assert splits.count("dev") >= 40 and splits.count("holdout") >= 20
    second = [d["split"] for d in of_batch(DOCS, 2)]
    assert second.count("dev") == 34 and second.count("holdout") == 26
    third_splits = [d["split"] for d in of_batch(DOCS, 3)]
    assert third_splits.count("dev") == 27 and third_splits.count("holdout") == 13
    fourth_splits = [d["split"] for d in of_batch(DOCS, 4)]
    assert fourth_splits.count("dev") == 24 and fourth_splits.count("holdout") == 12


@pytest.mark.parametrize("doc", DOCS, ids=[str(d["id"]) for d in DOCS])
def test_entities_are_typed_trimmed_and_distinct(doc: dict[str, object]) -> None:
    seen: set[tuple[str, str]] = set()
    for entity in doc["gold"]["entities"]:  # type: ignore[index]
        kind, surface = entity["type"], entity["surface"]
        assert kind in TYPES and surface and surface == surface.strip(), entity
        assert surface[0] not in '«»"„“', f"quotation mark kept on the name: {entity}"
        assert (kind, surface.casefold()) not in seen, f"listed twice: {entity}"
        seen.add((kind, surface.casefold()))


def _choose(
    articles: list[dict[str, str]],
    cap: int,
    count: int,
    taken: list[str],
    *,
    salt: str = "ruent",
    counted: list[str] | None = None,
) -> list[str]:
    """The next ``count`` articles in sha1(salt + id) order after ``taken``, at most ``cap``
    per outlet counting those of ``counted`` (default: ``taken``); fewer when the cap runs out
    of articles."""
    outlet = {a["id"]: a["outlet"] for a in articles}
    per_outlet = Counter(outlet[i] for i in (taken if counted is None else counted))
    chosen: list[str] = []
    for article in sorted(articles, key=lambda a: _order(a["id"], salt)):
        if article["id"] in taken or len(chosen) == count:
            continue
        if per_outlet[article["outlet"]] < cap:
            per_outlet[article["outlet"]] += 1
            chosen.append(article["id"])
    return chosen


@needs_shared
def test_choice_and_excerpts() -> None:
    """Batch 1: the first 70 Russian articles in sha1("ruent" + id) order, at most two per
    outlet, none passed over. Batch 2: the rest that the two-per-outlet cap allows (51), then,
    the cap run out, the next in the same order at most three per outlet, to 60. Batch 3: of the
    76 articles left, the first 40 in sha1("ruent3" + id) order, at most five per outlet in this
    batch (fixed before reading any of them; none passed over). Batch 4: all 36 articles left,
    in sha1("ruent4" + id) order (no cap per outlet: every one is taken). Each whole up to 1,700
    characters, else cut at the last line break at or before character 1,500; an article with
    no line break there (one, of batch 4) at the last sentence end at or before it."""
    assert ARTICLES is not None
    texts = shared_texts(ARTICLES)
    with ARTICLES.open(encoding="utf-8") as handle:
        articles = [json.loads(line) for line in handle if line.strip()]
    russian = [a for a in articles if a["language"] == "ru"]
    first = _choose(russian, 2, FIRST, [])
    assert first == [d["id"] for d in of_batch(DOCS, 1)]
    two_each = _choose(russian, 2, SECOND, first)
    assert len(two_each) == 51, "the two-per-outlet cap runs out after 51"
    three_each = _choose(russian, 3, SECOND - len(two_each), first + two_each)
    assert two_each + three_each == [d["id"] for d in of_batch(DOCS, 2)]
    earlier = first + two_each + three_each
    assert len(russian) - len(earlier) == 76
    third = _choose(russian, THIRD_CAP, THIRD, earlier, salt="ruent3", counted=[])
    assert third == [d["id"] for d in of_batch(DOCS, 3)]
    left = [a for a in russian if a["id"] not in earlier + third]
    fourth = _choose(left, len(left), FOURTH, [], salt="ruent4")
    assert len(left) == FOURTH and fourth == [d["id"] for d in of_batch(DOCS, 4)]
    for doc in DOCS:
        text = texts[str(doc["id"])]
        _, end = doc["excerpt"]
        if len(text) <= WHOLE:
            assert end == len(text), doc["id"]
        elif "\n" not in text[: CUT + 1]:  # the opening paragraph runs past the cut
            ends = [m.end() - 1 for m in re.finditer(r'[.!?]["»]? ', text[: CUT + 1])]
            assert end == ends[-1], doc["id"]
        else:
            rest = text[end : CUT + 1]
            assert rest[0] == "\n" and "\n" not in rest[1:], doc["id"]


@needs_shared
@pytest.mark.parametrize("doc", JOINED, ids=[str(d["id"]) for d in JOINED])
def test_surfaces_are_written_in_the_excerpt(doc: dict[str, object]) -> None:
    # a headline list glues times to names ("Санкт-Петербурге5 января", "13:08Мирон"), and a
    # caption a capitalised surname to the next line's first word ("ИВАНОВВчера"): a join
    text = str(doc["text"])
    joined = re.sub(
        r"(?<=[a-zа-яё])(?=\d)|(?<=\d)(?=[A-ZА-ЯЁ])|(?<=[А-ЯЁ]{2})(?=[А-ЯЁ][а-яё])", " ", text
    )
    for entity in doc["gold"]["entities"]:  # type: ignore[index]
        surface = entity["surface"]
        assert written_in(surface, text) or written_in(surface, joined), f"not in text: {entity}"


def test_one_batch_is_scored_alone() -> None:
    """``bench_framing.py --batch N`` keeps one batch of every set (``of_batch``): a line without
    a batch field is batch 1, so factRuEval and the older files stay whole under ``--batch 1``."""
    docs = [{"id": "a"}, {"id": "b", "batch": 2}, {"id": "c", "batch": 1}, {"id": "d", "batch": 2}]
    assert [d["id"] for d in of_batch(docs, 1)] == ["a", "c"]
    assert [d["id"] for d in of_batch(docs, 2)] == ["b", "d"]
    assert of_batch(docs, 3) == [] and of_batch(docs, None) == docs
    assert len(of_batch(DOCS, 2)) == SECOND and len(of_batch(DOCS, 1)) == FIRST
    assert len(of_batch(DOCS, 3)) == THIRD and len(of_batch(DOCS, 4)) == FOURTH
