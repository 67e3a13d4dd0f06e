"""Checks shared by the tests of our span-only quote gold files (bench/framing/*_quotes.jsonl):
each quote is character spans into a shared text plus a CRC32 check, never the text itself."""

from __future__ import annotations

import json
import re
import zlib
from pathlib import Path
from typing import Any

SPEAKER_FROM = {"name", "pronoun", "role", "continuation", "unnamed"}
TYPES = {"PER", "ORG", "LOC"}


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """Every line of a JSONL file, blank lines skipped."""
    with path.open(encoding="utf-8") as src:
        return [json.loads(line) for line in src if line.strip()]


def check(text: str) -> str:
    """The gold's check of a quote: CRC32 of its words joined by single spaces, as hex."""
    return format(zlib.crc32(" ".join(text.split()).encode()), "08x")


def assert_gold_shape(gold: Any) -> None:
    """Spans in order and a check for every quote; a speaker with its type, or a description of
    who speaks; optional quotes are spans and a check only; no text anywhere."""
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


def assert_spans_match(doc_id: str, text: str, gold: Any) -> None:
    """Every span is still the words it was annotated on (by its check), without the quote
    marks; a quote has three words or more; a person who speaks is named in the text."""
    for quote in gold["quotes"] + gold["quotes_optional"]:
        words = " ".join(text[a:b] for a, b in quote["spans"])
        assert check(words) == quote["check"], (doc_id, words[:40])
        assert words == words.strip() and words[0] not in '"“”«»„', (doc_id, words[:40])
    for quote in gold["quotes"]:
        words = " ".join(text[a:b] for a, b in quote["spans"])
        assert len(re.findall(r"\w+", words)) >= 3, f"short quotes are optional: {words}"
        if quote["speaker"] and quote["speaker_type"] == "PER":
            stem = quote["speaker"].split()[-1][:4].casefold()
            assert stem in text.casefold(), f"speaker not in the text of {doc_id}: {quote}"


def shared_texts(path: Path, *, titled: bool = False) -> dict[str, str]:
    """The ``text`` of every document of a shared JSONL file, by id; with ``titled``, its
    ``title``, a blank line and its ``text`` (what allsides_quotes.jsonl is annotated on)."""
    return {
        str(doc["id"]): f"{doc['title']}\n\n{doc['text']}" if titled else doc["text"]
        for doc in read_jsonl(path)
    }
