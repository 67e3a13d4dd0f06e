"""CPU milliseconds per article of the framing stage (entities, quotes, terms, passages, ...):
ours beside the taggers as they were called before, measured in one run, rounds interleaved.

Usage: PYTHONPATH=. .venv/bin/python bench/bench_framing_speed.py [--data ../shared/data]
       [--rounds 3] [--baseline REV]

Articles (read by path, never copied): English = ``crossling-dev/articles.jsonl`` English
articles (grouped into events by their ``story``) and ``bench/framing/en_dev.jsonl`` (one event
each, its text joined from ``outlets/`` by ``gold_texts.py``); Russian = the crossling-dev
Russian articles and ``framing-dev/ner_ru_dev.jsonl``. Each
round runs ``compare_event`` over every event, once with our taggers and once with the
baseline, in alternating order, and prints CPU ms per article (``time.process_time``: all
threads of the process, so BLAS threads spinning count). The mention caches are emptied before
every pass, so each pass tags every article; pymorphy3's per-word caches are shared (warm after
the first pass, so the first round is also shown apart). Baseline = the code before this
change: spaCy's pipeline call (``nlp(text).ents``), natasha's ``Doc`` with segmentation, the
default BLAS thread pool. The entities of both must be equal (checked, printed).

``--baseline REV`` times the framing stage of commit REV instead (its ``aggregator`` package,
unpacked with ``git archive``, nothing checked out): each round runs one child process per
tree, ours and REV's in alternating order, each tagging every article ``--rounds`` times with
its own taggers (the first pass cold, as above); the CPU ms per article of each pass, the
median, and whether both trees give the same entities are printed.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import io
import json
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
# --tree: the package to time (a child of --baseline); the bench's own files stay ROOT's
TREE = Path(sys.argv[sys.argv.index("--tree") + 1]) if "--tree" in sys.argv else ROOT
sys.path.insert(0, str(TREE))

from gold_texts import load_gold  # noqa: E402  (bench/, this script's folder)

from aggregator.compare import quotes  # noqa: E402
from aggregator.compare.event import compare_event  # noqa: E402
from aggregator.compare.terms import TermPrior  # noqa: E402
from aggregator.language import entities, ner_en, ner_ru  # noqa: E402
from aggregator.records import CompareArticle, EventComparison  # noqa: E402

Events = list[list[CompareArticle]]


def load(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def stories(rows: list[dict[str, Any]], lang: str) -> dict[str, list[CompareArticle]]:
    """The crossling-dev rows of one language as events, by story (a row without one alone)."""
    grouped: dict[str, list[CompareArticle]] = defaultdict(list)
    for k, row in enumerate(rows):
        key = row.get("story") or f"single-{k}"
        grouped[key].append(
            CompareArticle(
                article_id=k,
                outlet=row.get("outlet") or f"outlet-{k % 5}",
                url=row.get("url"),
                title=row.get("title") or "",
                lede="",
                text=row["text"],
                published=None,
                language=lang,
            )
        )
    return grouped


def events_of(rows: list[dict[str, Any]], lang: str) -> Events:
    return list(stories(rows, lang).values())


OURS = {"en": ner_en.raw_spans, "ru": ner_ru.raw_spans}
BASE = {"en": ner_en.spacy_spans, "ru": ner_ru.doc_spans}


def run(
    events: Events, prior: TermPrior, spans: dict[str, Callable[..., Any]]
) -> tuple[float, list[EventComparison]]:
    """CPU ms per article of the framing stage over ``events`` with the taggers ``spans``."""
    ner_en.raw_spans, ner_ru.raw_spans = spans["en"], spans["ru"]  # type: ignore[assignment]
    entities._mentions.cache_clear()
    quotes._mentions.cache_clear()
    started = time.process_time()
    out = [compare_event(str(k), "x", arts, prior=prior) for k, arts in enumerate(events)]
    cpu = time.process_time() - started
    return cpu * 1000 / sum(len(e) for e in events), out


def article_sets(data: Path) -> dict[str, list[dict[str, Any]]]:
    cross = load(data / "crossling-dev" / "articles.jsonl")
    return {
        "en": [r for r in cross if r["language"] == "en"]
        + (load_gold(ROOT / "bench" / "framing" / "en_dev.jsonl", data) or []),
        "ru": [r for r in cross if r["language"] == "ru"]
        + load(data / "framing-dev" / "ner_ru_dev.jsonl"),
    }


def warm() -> None:
    """Load the models before timing, in this tree or an older one (``--baseline``): the one
    pymorphy3 analyser lives in ``language/morph_ru`` now; before, ``ner_ru`` handed it out."""
    ner_en.model()
    ner_ru.models()
    owner = "aggregator.language.morph_ru"
    module: Any = importlib.import_module(owner) if importlib.util.find_spec(owner) else ner_ru
    module.morph()


def passes(data: Path, rounds: int) -> None:
    """(A child of --baseline.) The framing stage of this process's tree, ``rounds`` passes
    per language: one JSON line of CPU ms per pass and a digest of the entities found."""
    warm()
    out: dict[str, Any] = {}
    for lang, rows in article_sets(data).items():
        events = events_of(rows, lang)
        prior = TermPrior.from_texts(r["text"] for r in rows)
        times = []
        for _ in range(rounds):
            ms, results = run(events, prior, OURS)
            times.append(ms)
        found = repr([c.entities for c in results])
        out[lang] = {"ms": times, "entities": hash(found)}
    print(json.dumps(out))


def against(rev: str, data: Path, rounds: int) -> None:
    """Our tree beside commit ``rev``'s, each in its own processes, rounds interleaved."""
    with tempfile.TemporaryDirectory(prefix="framing-speed-") as tmp:
        tar = subprocess.run(
            ["git", "-C", str(ROOT), "archive", "--format=tar", rev, "aggregator"],
            check=True,
            capture_output=True,
        ).stdout
        with tarfile.open(fileobj=io.BytesIO(tar)) as archive:
            archive.extractall(tmp, filter="data")
        trees = {"ours": ROOT, rev: Path(tmp)}
        times: dict[str, dict[str, list[float]]] = {name: {"en": [], "ru": []} for name in trees}
        digests: dict[str, dict[str, int]] = {}
        print(f"load average {os.getloadavg()[0]:.1f}; CPU ms per article, framing stage")
        for round_no in range(2):
            order = list(trees) if round_no % 2 == 0 else list(trees)[::-1]
            for name in order:
                command = [sys.executable, __file__, "--tree", str(trees[name]), "--passes"]
                child = subprocess.run(
                    [*command, "--data", str(data), "--rounds", str(rounds)],
                    check=True,
                    capture_output=True,
                    text=True,
                    env={**os.environ, "PYTHONHASHSEED": "0", "PYTHONPATH": str(trees[name])},
                )
                result = json.loads(child.stdout.strip().splitlines()[-1])
                for lang in ("en", "ru"):
                    times[name][lang] += result[lang]["ms"]
                digests[name] = {lang: result[lang]["entities"] for lang in ("en", "ru")}
                passes_ms = {lang: [round(t, 1) for t in result[lang]["ms"]] for lang in result}
                print(f"  process {round_no + 1}, {name}: {passes_ms}")
        for lang in ("en", "ru"):
            medians = {name: statistics.median(times[name][lang]) for name in trees}
            same = digests["ours"][lang] == digests[rev][lang]
            print(
                f"{lang}: ours {medians['ours']:.1f} ms, {rev} {medians[rev]:.1f} ms"
                f" (median of {len(times['ours'][lang])} passes);"
                f" ratio {medians['ours'] / medians[rev]:.2f}; entities equal: {same}"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    default_data = os.environ.get("AGGREGATOR_SHARED_DATA") or str(ROOT.parent / "shared" / "data")
    parser.add_argument("--data", type=Path, default=Path(default_data))
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--baseline", metavar="REV", help="time commit REV's framing stage too")
    parser.add_argument("--tree", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--passes", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.passes:
        passes(args.data, args.rounds)
        return
    if args.baseline:
        against(args.baseline, args.data, args.rounds)
        return
    warm()
    print(f"load average {os.getloadavg()[0]:.1f}; CPU ms per article, framing stage")
    for lang, rows in article_sets(args.data).items():
        events = events_of(rows, lang)
        prior = TermPrior.from_texts(r["text"] for r in rows)
        chars = statistics.mean(len(r["text"]) for r in rows)
        times: dict[str, list[float]] = {"ours": [], "baseline": []}
        same = True
        for round_no in range(args.rounds):
            order = ("ours", "baseline") if round_no % 2 == 0 else ("baseline", "ours")
            results = {}
            for name in order:
                ms, results[name] = run(events, prior, OURS if name == "ours" else BASE)
                times[name].append(ms)
            same &= [c.entities for c in results["ours"]] == [
                c.entities for c in results["baseline"]
            ]
            print(
                f"  {lang} round {round_no + 1}: ours {times['ours'][-1]:.1f}"
                f"  baseline {times['baseline'][-1]:.1f}"
            )
        ours, base = statistics.median(times["ours"]), statistics.median(times["baseline"])
        print(
            f"{lang}: {len(rows)} articles of {chars:.0f} characters on average:"
            f" ours {ours:.1f} ms, baseline {base:.1f} ms (median of {args.rounds});"
            f" entities equal: {same}"
        )
    ner_en.raw_spans, ner_ru.raw_spans = OURS["en"], OURS["ru"]  # type: ignore[assignment]


if __name__ == "__main__":
    main()
