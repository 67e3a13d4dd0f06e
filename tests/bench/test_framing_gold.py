"""The English framing gold (bench/framing/en_dev.jsonl) keeps its shape: what score_framing.py
reads is there, every entity surface and quote is text of its own document, both splits exist."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

GOLD = Path(__file__).resolve().parents[2] / "bench" / "framing" / "en_dev.jsonl"
TYPES = {"PER", "ORG", "LOC"}
SPEAKER_FROM = {"name", "pronoun", "role", "continuation", "unnamed"}
NAMES_ENDING_IN_S = {"McDonald's"}  # the possessive-looking ending is the name itself
_QUOTE_MARKS = re.compile(r"[\"'“”‘’«»„`]")


def _docs() -> list[dict[str, object]]:
    with GOLD.open(encoding="utf-8") as src:
        return [json.loads(line) for line in src if line.strip()]


DOCS = _docs()


def _flat(text: str) -> str:
    """Text with quotation marks dropped and whitespace collapsed (quotes run over paragraphs)."""
    return " ".join(_QUOTE_MARKS.sub(" ", text).split())


def _written_in(surface: str, text: str) -> bool:
    """``surface`` occurs in ``text`` as whole words; a join where the page glued two lines
    together ("ex-NHS bossUK", "Nick TriggleHealth") counts as a word boundary."""
    for found in re.finditer(re.escape(surface), text):
        before = text[found.start() - 1] if found.start() else " "
        after = text[found.end()] if found.end() < len(text) else " "
        left = not before.isalnum() or (before.islower() and surface[0].isupper())
        right = not after.isalnum() or (after.isupper() and surface[-1].islower())
        if left and right:
            return True
    return False


def test_documents_have_the_scorers_fields_and_both_splits() -> None:
    ids = [d["id"] for d in DOCS]
    assert len(ids) == len(set(ids)), "document ids repeat"
    for doc in DOCS:
        assert doc["lang"] == "en"
        assert isinstance(doc["text"], str) and len(doc["text"]) > 500, doc["id"]
        assert doc["split"] in {"dev", "holdout"}, doc["id"]
        source = doc["source"]
        assert isinstance(source, dict) and source["outlet"] in {"guardian", "bbc", "rt"}
        gold = doc["gold"]
        assert isinstance(gold, dict)
        assert set(gold) == {"entities", "quotes", "quotes_optional"}, doc["id"]
    splits = [d["split"] for d in DOCS]
    assert splits.count("holdout") >= 5 and splits.count("dev") >= 10


@pytest.mark.parametrize("doc", DOCS, ids=[str(d["id"]) for d in DOCS])
def test_entities_are_typed_distinct_and_written_in_the_text(doc: dict[str, object]) -> None:
    text = str(doc["text"])
    entities = doc["gold"]["entities"]  # type: ignore[index]
    assert entities, "every document names someone or something"
    seen: set[tuple[str, str]] = set()
    for entity in entities:
        kind, surface = entity["type"], entity["surface"]
        assert kind in TYPES, entity
        assert surface == surface.strip() and surface, entity
        assert not surface.lower().startswith("the "), f"descriptor in the name: {entity}"
        if surface not in NAMES_ENDING_IN_S:
            assert not re.search(r"['’]s$", surface), f"possessive left on: {entity}"
        assert _written_in(surface, text), f"not in text: {entity}"
        key = (kind, surface.casefold())
        assert key not in seen, f"listed twice: {entity}"
        seen.add(key)


@pytest.mark.parametrize("doc", DOCS, ids=[str(d["id"]) for d in DOCS])
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
        assert set(quote) == {"speaker", "quote"}, quote
