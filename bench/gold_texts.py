"""Our gold files (``bench/framing/*.jsonl``) with their documents' text joined in from the shared
data: the one loader of the benches (bench_framing, bench_quotes, bench_framing_speed,
framing/spacy_baseline) and of the gold tests.

The project commits no copy of the shared data, so a gold document holds a reference, never text:

* ``source.file`` (+ ``source.outlet``): a page of ``<data>/outlets/<outlet>/gold.jsonl``; its
  ``body`` is the document's text (``en_dev.jsonl``);
* else its ``id`` in a shared JSONL file of documents with a ``text`` field
  (``<data>/crossling-dev/articles.jsonl`` by default, ``framing-dev/ner_ru_dev.jsonl`` for
  ``factru_quotes.jsonl``, ``clustering-dev/allsides_dev.jsonl`` for ``allsides_quotes.jsonl``
  and ``allsides_entities.jsonl``;
  see ``SOURCES``); for the files in ``TITLED`` the shared text is the document's ``title``,
  a blank line and its ``text`` (headline and lead, as the pipeline sees an article);
* ``excerpt: [start, end]`` (optional): character offsets into that text, the document being
  the slice; ``check``: CRC32 of the document's words (the slice's, with ``excerpt``), so a
  changed shared file is caught, not silently scored;
* each quote is ``spans`` into the document's text plus a ``check``; the loader adds its
  ``quote`` (the spans' text joined by a space).

A document that still has its ``text`` (a file written by us, as ``ru_quotes_dev.jsonl``) is
returned as it is. When the shared file a gold file needs is absent (a fresh clone without
``../shared``), ``load_gold`` returns None and the caller skips that set.
"""

from __future__ import annotations

import json
import os
import zlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
Doc = dict[str, Any]

CROSSLING = Path("crossling-dev") / "articles.jsonl"
# Where the text of a gold file's documents lies under the shared data folder, by the gold file's
# name, when its documents do not name an outlet page (default: the crossling-dev articles).
SOURCES = {
    "factru_quotes.jsonl": Path("framing-dev") / "ner_ru_dev.jsonl",
    "allsides_quotes.jsonl": Path("clustering-dev") / "allsides_dev.jsonl",
    "allsides_entities.jsonl": Path("clustering-dev") / "allsides_dev.jsonl",
}
# Gold files annotated on the shared document's title + "\n\n" + text (short excerpts whose
# headline often carries a quote).
TITLED = {"allsides_quotes.jsonl", "allsides_entities.jsonl"}


def default_data() -> Path:
    """The shared data folder: ``$AGGREGATOR_SHARED_DATA``, else ``../shared/data`` beside the
    repository."""
    return Path(os.environ.get("AGGREGATOR_SHARED_DATA") or ROOT.parent / "shared" / "data")


def read_jsonl(path: Path) -> list[Doc]:
    """Every line of a JSONL file, blank lines skipped."""
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def check(text: str) -> str:
    """The gold's check of a text: CRC32 of its words joined by single spaces, as hex."""
    return format(zlib.crc32(" ".join(text.split()).encode()), "08x")


def outlet_bodies(data: Path, outlets: Iterable[str]) -> dict[tuple[str, str], str] | None:
    """The ``body`` of every page of ``<data>/outlets/<outlet>/gold.jsonl``, by (outlet, file);
    None when one of those files is absent."""
    bodies: dict[tuple[str, str], str] = {}
    for outlet in sorted(set(outlets)):
        path = data / "outlets" / outlet / "gold.jsonl"
        if not path.exists():
            return None
        for page in read_jsonl(path):
            bodies[(outlet, page["file"])] = page["body"]
    return bodies


def shared_texts(
    path: Path, wanted: set[str] | None = None, *, titled: bool = False
) -> dict[str, str]:
    """The ``text`` of the documents of a shared JSONL file, by id (those in ``wanted`` only,
    when given); with ``titled``, each document's ``title`` + a blank line + its ``text``."""
    texts: dict[str, str] = {}
    with path.open(encoding="utf-8") as handle:
        for raw in handle:
            if not raw.strip():
                continue
            doc = json.loads(raw)
            if wanted is None or doc["id"] in wanted:
                texts[str(doc["id"])] = (
                    f"{doc['title']}\n\n{doc['text']}" if titled else doc["text"]
                )
    return texts


def full_texts(docs: list[Doc], data: Path, name: str = "") -> dict[str, str] | None:
    """The whole shared text each document of ``docs`` refers to (before its excerpt), by id;
    None when the shared file is absent. ``name`` is the gold file's name (see ``SOURCES``)."""
    paged = [d for d in docs if "file" in d.get("source", {})]
    texts: dict[str, str] = {}
    if paged:
        bodies = outlet_bodies(data, (d["source"]["outlet"] for d in paged))
        if bodies is None:
            return None
        for doc in paged:
            texts[doc["id"]] = bodies[(doc["source"]["outlet"], doc["source"]["file"])]
    by_id = [d for d in docs if "file" not in d.get("source", {})]
    if by_id:
        path = data / SOURCES.get(name, CROSSLING)
        if not path.exists():
            return None
        texts.update(shared_texts(path, {d["id"] for d in by_id}, titled=name in TITLED))
    return texts


def document_text(doc: Doc, full: str) -> str:
    """The document's text: its ``excerpt`` of ``full``, else ``full``; checked when the
    document has a ``check`` (CRC32 of the text's words)."""
    start, end = doc.get("excerpt", (0, len(full)))
    text = full[start:end]
    if "check" in doc and check(text) != doc["check"]:
        raise ValueError(f"{doc['id']}: the shared text changed (excerpt {start}:{end})")
    return text


def with_quotes(doc: Doc, text: str) -> Doc:
    """``doc`` with its ``text`` and each quote's ``quote`` (the text of its spans, checked)."""
    gold: dict[str, Any] = dict(doc.get("gold", {}))
    for key in ("quotes", "quotes_optional"):
        if key not in gold:
            continue
        quotes = []
        for quote in gold[key]:
            if "spans" in quote:
                words = " ".join(text[a:b] for a, b in quote["spans"])
                if check(words) != quote["check"]:
                    raise ValueError(f"{doc['id']}: the shared text changed ({words[:40]!r})")
                quote = {**quote, "speaker": quote.get("speaker", ""), "quote": words}
            quotes.append(quote)
        gold[key] = quotes
    return {**doc, "text": text, "gold": gold}


def join_texts(docs: list[Doc], data: Path, name: str = "") -> list[Doc] | None:
    """``docs`` (lines of the gold file called ``name``) with their text and quotes joined in
    from the shared data under ``data``; None when the shared file they need is absent."""
    if all("text" in doc for doc in docs):
        return docs
    full = full_texts([d for d in docs if "text" not in d], data, name)
    if full is None:
        return None
    return [
        doc if "text" in doc else with_quotes(doc, document_text(doc, full[doc["id"]]))
        for doc in docs
    ]


def load_gold(path: Path, data: Path | None = None) -> list[Doc] | None:
    """The documents of the gold file ``path`` with their text (see the module's docstring);
    None when the shared data they need is absent."""
    return join_texts(read_jsonl(path), data or default_data(), path.name)


def of_batch(docs: list[Doc], batch: int | None) -> list[Doc]:
    """The documents of one annotation batch (a line's ``"batch"`` field, 1 when absent: the
    first batch of a file written before there was a second); all of them when ``batch`` is
    None."""
    if batch is None:
        return docs
    return [doc for doc in docs if doc.get("batch", 1) == batch]
