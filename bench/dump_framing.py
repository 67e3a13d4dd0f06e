"""Every framing output of every gold text, written one line per item, to diff two versions of
the code: a change meant only to be faster must leave this dump identical.

Usage: PYTHONPATH=. .venv/bin/python bench/dump_framing.py [--data ../shared/data] OUT

Texts: each gold file of ``bench/framing/`` (joined by ``gold_texts.py``), the shared
``framing-dev/ner_ru_dev.jsonl``, ``crossling-dev/articles.jsonl`` and the outlet pages'
bodies (``outlets/<outlet>/gold.jsonl``). Per text: the mentions (offsets, surface, type,
canonical name, key), the entities with the title (``document_entities``), the quotes (offsets,
kind, speaker and type, how attributed). Then ``compare_event`` over the crossling-dev articles
grouped by story, one language at a time (entities across articles, speakers, terms, passages).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench_framing_speed import stories  # noqa: E402  (bench/, this script's folder)
from gold_texts import default_data, load_gold, read_jsonl  # noqa: E402

from aggregator.compare.event import compare_event  # noqa: E402
from aggregator.compare.quotes import find_quotes  # noqa: E402
from aggregator.compare.terms import TermPrior  # noqa: E402
from aggregator.language.entities import document_entities, find_mentions  # noqa: E402

RUSSIAN = ("crossling_entities_ru.jsonl", "factru_quotes.jsonl", "ru_quotes_dev.jsonl")


def texts(data: Path) -> list[tuple[str, str, str, str]]:
    """(name, language, title, text) of every text dumped."""
    out = []
    for path in sorted((ROOT / "bench" / "framing").glob("*.jsonl")):
        default = "ru" if path.name in RUSSIAN else "en"
        for doc in load_gold(path, data) or []:
            lang = doc.get("lang") or default
            out.append((f"{path.name}:{doc['id']}", lang, doc.get("title") or "", doc["text"]))
    for doc in read_jsonl(data / "framing-dev" / "ner_ru_dev.jsonl"):
        out.append((f"factru:{doc['id']}", "ru", doc.get("title") or "", doc["text"]))
    for k, doc in enumerate(read_jsonl(data / "crossling-dev" / "articles.jsonl")):
        name = f"crossling:{doc.get('id', k)}"
        out.append((name, doc["language"], doc.get("title") or "", doc["text"]))
    for gold in sorted((data / "outlets").glob("*/gold.jsonl")):
        for doc in read_jsonl(gold):
            if doc.get("body"):
                name = f"outlet:{gold.parent.name}:{doc['file']}"
                out.append((name, "en", doc.get("title") or "", doc["body"]))
    return out


def dump_text(name: str, lang: str, title: str, text: str) -> list[str]:
    lines = [f"== {name} {lang}"]
    for m in find_mentions(text, lang):
        lines.append(f"M {m.start} {m.end} {m.type} {m.surface!r} {m.name!r} {m.key!r}")
    for e in document_entities(text, lang, title=title):
        lines.append(f"E {e.type} {e.name!r} {e.key!r} {e.mentions} {e.surfaces!r}")
    for q in find_quotes(text, lang):
        speaker = (q.speaker.name, q.speaker.type) if q.speaker else None
        lines.append(f"Q {q.start} {q.end} {q.kind} {q.paragraph} {q.via} {speaker!r} {q.text!r}")
    return lines


def events(data: Path) -> list[str]:
    rows = read_jsonl(data / "crossling-dev" / "articles.jsonl")
    lines = []
    for lang in ("en", "ru"):
        chosen = [r for r in rows if r["language"] == lang]
        grouped = stories(chosen, lang)
        prior = TermPrior.from_texts(r["text"] for r in chosen)
        for key, articles in sorted(grouped.items()):
            lines.append(f"== event {lang} {key}")
            lines.append(repr(compare_event(key, "x", articles, prior=prior)))
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=default_data())
    parser.add_argument("out", type=Path)
    args = parser.parse_args()
    lines: list[Any] = []
    for item in texts(args.data):
        lines += dump_text(*item)
    lines += events(args.data)
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(json.dumps({"lines": len(lines)}))


if __name__ == "__main__":
    main()
