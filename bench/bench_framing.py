"""Framing signals against human gold: typed entities (and quotes) by language, ours vs the library.

Usage: .venv/bin/python bench/bench_framing.py [--data ../shared/data] [--en EN.jsonl ...]
       [--ru RU.jsonl ...] [--no-quotes] [--no-ru] [--split dev|holdout|all] [--batch N]

Entities are scored at document level by ``../shared/tools/score_framing.py`` (the set of type +
surface as written per document; micro P/R/F1 by type): ours (``aggregator.language.entities``:
cleaned, typed, canonical) beside the plain library (spaCy's small English model, natasha's
Russian tagger, their labels mapped to PER/ORG/LOC and nothing else). Sets:

* Russian: ``framing-dev/ner_ru_dev.jsonl`` (factRuEval-2016 dev, 122 documents). It has no
  split; a fixed quarter of it (crc32 of the id mod 4 == 0) was kept unseen while tuning and is
  reported as ``holdout``. And ``bench/framing/crossling_entities_ru.jsonl`` (our annotation of
  excerpts of 170 crossling-dev Russian articles in three batches), split by its ``"split"`` field.
* English: ``bench/framing/en_dev.jsonl`` (our annotation of Guardian/BBC excerpts),
  ``bench/framing/crossling_entities.jsonl`` (our annotation of excerpts of crossling-dev English
  articles, 36 outlets) and ``bench/framing/allsides_entities.jsonl`` (our annotation of 300 US
  news excerpts of ``clustering-dev/allsides_dev.jsonl``, headline + lead), each split by its
  ``"split"`` field (``dev`` tuned on, anything else held out). The files hold references, not
  text: ``gold_texts.py`` joins the text from the shared data (a set whose shared data is absent
  is skipped). ``--batch N`` keeps the documents of one annotation batch in every set (``"batch"``
  field, 1 when absent: ``--batch 2`` scores the second AllSides batch, or the second batch of
  ``crossling_entities_ru.jsonl``, alone; a set without such documents is skipped); ``--split``
  prints one split only (tune with ``--split dev`` without seeing the holdouts).

Also: milliseconds per article (ours, models loaded) and the model load time.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gold_texts import load_gold, of_batch  # noqa: E402  (bench/, this script's folder)

from aggregator.language import morph_ru, ner_en, ner_ru  # noqa: E402
from aggregator.language.entities import document_entities  # noqa: E402

Doc = dict[str, Any]
Rows = list[dict[str, str]]
ENGLISH = ("en_dev.jsonl", "crossling_entities.jsonl", "allsides_entities.jsonl")
RU = "crossling_entities_ru.jsonl"
BASE_TYPES = {"PERSON": "PER", "PER": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC"}


def split_of(doc: Doc) -> str:
    if "split" in doc:
        return "dev" if doc["split"] == "dev" else "holdout"
    return "holdout" if zlib.crc32(doc["id"].encode()) % 4 == 0 else "dev"


def ours(doc: Doc) -> Rows:
    entities = document_entities(doc["text"], doc["lang"], title=doc.get("title") or "")
    return [{"id": doc["id"], "type": e.type, "surface": s} for e in entities for s in e.surfaces]


def library(doc: Doc) -> Rows:
    spans = (ner_en if doc["lang"] == "en" else ner_ru).raw_spans(doc["text"])
    return [
        {"id": doc["id"], "type": BASE_TYPES[label], "surface": doc["text"][start:end]}
        for start, end, label in spans
        if label in BASE_TYPES
    ]


def score_entities(scorer: Path, gold: list[Doc], rows: Rows) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        gold_path, pred_path = Path(tmp, "gold.jsonl"), Path(tmp, "pred.jsonl")
        gold_path.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in gold))
        pred_path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))
        out = subprocess.run(
            [sys.executable, str(scorer), str(gold_path), "--entities", str(pred_path), "--json"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    result: dict[str, Any] = json.loads(out)["entities"]
    return result


def score_quotes(data: Path, split: str | None) -> None:
    """The quote half: ``bench/bench_quotes.py`` on the English and the Russian quote gold
    (precision, recall, attribution; ours beside the quote finder before issue 14), on one
    split when ``split`` is given, as for the entities."""
    import bench_quotes  # bench/ is on sys.path when this file runs as a script

    print("== quotes")
    bench_quotes.main(["--data", str(data), *(["--split", split] if split else [])])


def run(predict: Callable[[Doc], Rows], docs: list[Doc]) -> tuple[Rows, float, float]:
    """Predictions, and wall and CPU milliseconds per document (CPU: less hurt by a busy box)."""
    started, cpu = time.perf_counter(), time.process_time()
    rows = [row for doc in docs for row in predict(doc)]
    n = max(1, len(docs))
    return rows, (time.perf_counter() - started) * 1000 / n, (time.process_time() - cpu) * 1000 / n


def report(scorer: Path, label: str, docs: list[Doc], splits: tuple[str, ...]) -> None:
    for split in splits:
        part = [d for d in docs if split == "all" or split_of(d) == split]
        if not part:
            continue
        print(f"== {label} {split}: {len(part)} documents")
        for name, predict in (("library", library), ("ours", ours)):
            rows, ms, cpu_ms = run(predict, part)
            scores = score_entities(scorer, part, rows)
            cells = "  ".join(
                f"{kind} P {s['p']:.3f} R {s['r']:.3f} F1 {s['f1']:.3f}"
                for kind in ("all", "PER", "ORG", "LOC")
                for s in [scores[kind]]
            )
            chars = sum(len(d["text"]) for d in part) / len(part)
            print(
                f"  {name:8s} {cells}  ({ms:.1f} ms wall, {cpu_ms:.1f} ms CPU per article of"
                f" {chars:.0f} characters)"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    default_data = os.environ.get("AGGREGATOR_SHARED_DATA") or str(ROOT.parent / "shared" / "data")
    parser.add_argument("--data", type=Path, default=Path(default_data))
    parser.add_argument(
        "--en",
        type=Path,
        nargs="*",
        default=[ROOT / "bench" / "framing" / name for name in ENGLISH],
        help="English gold files (default: en_dev, crossling_entities and allsides_entities)",
    )
    parser.add_argument(
        "--ru",
        type=Path,
        nargs="*",
        default=None,
        help="Russian gold files (default: <data>/framing-dev/ner_ru_dev.jsonl and"
        " crossling_entities_ru)",
    )
    parser.add_argument("--no-quotes", action="store_true", help="entities only")
    parser.add_argument("--no-ru", action="store_true", help="English sets only")
    parser.add_argument(
        "--split", choices=("dev", "holdout", "all"), help="one split (default: each and all)"
    )
    parser.add_argument(
        "--batch",
        type=int,
        help="documents of this annotation batch only, in every set (a line without a batch"
        " field is batch 1)",
    )
    args = parser.parse_args()
    splits = (args.split,) if args.split else ("dev", "holdout", "all")
    scorer = args.data.parent / "tools" / "score_framing.py"

    started = time.perf_counter()
    ner_en.model()
    loaded_en = time.perf_counter()
    ner_ru.models()
    morph_ru.morph()
    loaded_ru = time.perf_counter()
    print(f"model load: English {loaded_en - started:.2f} s, Russian {loaded_ru - loaded_en:.2f} s")
    russian = args.ru
    if russian is None:
        russian = [args.data / "framing-dev" / "ner_ru_dev.jsonl", ROOT / "bench" / "framing" / RU]
    for language, paths in (("Russian", [] if args.no_ru else russian), ("English", args.en)):
        for path in paths:
            docs = load_gold(path, args.data) if path.exists() else None
            if docs is None:
                print(f"(no {path}, or not the shared text it refers to)")
                continue
            name = "factRuEval-2016 dev" if path.name == "ner_ru_dev.jsonl" else path.name
            if args.batch is not None:
                docs = of_batch(docs, args.batch)
                name += f", batch {args.batch}"
                if not docs:
                    print(f"(no documents of batch {args.batch} in {path.name})")
                    continue
            report(scorer, f"{language} ({name})", docs, splits)
    if not args.no_quotes:
        score_quotes(args.data, args.split)


if __name__ == "__main__":
    main()
