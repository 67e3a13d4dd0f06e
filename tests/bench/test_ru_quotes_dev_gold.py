"""The Russian quote passages written by us (bench/framing/ru_quotes_dev.jsonl) keep their shape:
ids in order, the split rule of each batch (fixed before any prediction was looked at), every
gold quote written in its passage, speakers annotated as the other quote gold files are."""

from __future__ import annotations

import json
import re
from pathlib import Path

GOLD = Path(__file__).resolve().parents[2] / "bench" / "framing" / "ru_quotes_dev.jsonl"
DOCS = [json.loads(line) for line in GOLD.read_text("utf-8").splitlines() if line.strip()]
FROM = {"name", "pronoun", "role", "continuation", "unnamed"}


def _split(number: int) -> str:
    """Batch 1: ru-q01…q10 dev, q11…q16 holdout; batch 2 (ru-q17 on): divisible by 3 -> holdout."""
    if number <= 16:
        return "dev" if number <= 10 else "holdout"
    return "holdout" if number % 3 == 0 else "dev"


def test_ids_and_splits() -> None:
    numbers = [int(re.fullmatch(r"ru-q(\d+)", d["id"]).group(1)) for d in DOCS]  # type: ignore[union-attr]
    assert numbers == list(range(1, len(DOCS) + 1))
    for doc, number in zip(DOCS, numbers, strict=True):
        assert doc["lang"] == "ru"
        assert doc["split"] == _split(number), doc["id"]
        assert doc.get("batch", 1) == (1 if number <= 16 else 2), doc["id"]


def test_quotes_are_in_their_passage() -> None:
    """Batch 2 quotes are written as in the text (batch 1 joins a dash quote's two parts)."""
    for doc in (d for d in DOCS if d.get("batch") == 2):
        for quote in doc["gold"]["quotes"] + doc["gold"]["quotes_optional"]:
            assert quote["quote"] in doc["text"], (doc["id"], quote["quote"])


def test_second_batch_is_annotated_like_the_other_gold() -> None:
    second = [d for d in DOCS if d.get("batch") == 2]
    assert len(second) >= 40
    quotes = [q for d in second for q in d["gold"]["quotes"]]
    assert len(quotes) >= 100
    for quote in quotes:
        assert quote["speaker_from"] in FROM, quote
        assert len(quote["quote"].split()) >= 3, quote
        if quote["speaker"]:
            assert quote["speaker_type"] in ("PER", "ORG", "LOC"), quote
        else:
            assert quote["speaker_from"] == "unnamed" and quote["speaker_desc"], quote
    assert {d["split"] for d in second} == {"dev", "holdout"}
