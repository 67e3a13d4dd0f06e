"""Benchmark of Russian and cross-lingual clustering: the crossling-dev set and our own fixtures.

Input: ``crossling-dev/articles.jsonl`` under ``--data`` (default ``$AGGREGATOR_SHARED_DATA`` or
``../shared/data``; read where it lies) and ``tests/fixtures/crossling/events.jsonl`` (news pairs
and near-misses on invented events, written by this project). Output: printed figures for ours
(rebuild and incremental) and a plain TF-IDF baseline from the same run: pairwise and B-cubed
P/R/F1 overall, Russian-only and English-only (the shared scorer
``tools/score_clustering.py`` on the gold filtered by language), and cross-lingual pair recall
and precision (pairs with one Russian and one English article: gold pairs predicted together;
predicted pairs that are gold). Figures only, no pass/fail.

    .venv/bin/python bench/bench_crosslingual.py [--data PATH]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import sys
import time
from datetime import datetime
from itertools import combinations
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_cluster import baseline  # noqa: E402

from aggregator.cluster.batch import ClusterSettings, cluster_articles, cluster_daily  # noqa: E402
from aggregator.records import ClusterDoc  # noqa: E402

FIXTURE = ROOT / "tests" / "fixtures" / "crossling" / "events.jsonl"


def default_data() -> Path:
    env = os.environ.get("AGGREGATOR_SHARED_DATA")
    return Path(env) if env else (ROOT / ".." / "shared" / "data").resolve()


def scorer(data: Path) -> ModuleType:
    """The shared scorer (``tools/score_clustering.py`` beside the data folder), imported."""
    path = data.parent / "tools" / "score_clustering.py"
    spec = importlib.util.spec_from_file_location("score_clustering", path)
    assert spec is not None and spec.loader is not None, path
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def load(path: Path, label: str) -> tuple[list[ClusterDoc], dict[int, str], dict[int, str]]:
    """Docs, gold event per article (singletons get their own) and language per article."""
    docs, gold, langs = [], {}, {}
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh):
            if not line.strip():
                continue
            row = json.loads(line)
            published = datetime.fromisoformat(row["published"])
            docs.append(
                ClusterDoc(n, row["outlet"], row["title"], row["text"], published, row["language"])
            )
            gold[n] = str(row.get(label) or f"single-{n}")
            langs[n] = row["language"]
    return docs, gold, langs


def crosslingual(
    gold: dict[int, str], pred: dict[int, str], langs: dict[int, str]
) -> tuple[float, float, int, int]:
    """Recall and precision over the pairs with one Russian and one English article; and the
    numbers of such gold and predicted pairs."""
    ru = [i for i in gold if langs[i] == "ru"]
    en = [i for i in gold if langs[i] == "en"]
    gold_pairs = {(a, b) for a in ru for b in en if gold[a] == gold[b]}
    pred_pairs = {(a, b) for a in ru for b in en if pred[a] == pred[b]}
    hit = len(gold_pairs & pred_pairs)
    recall = hit / len(gold_pairs) if gold_pairs else 0.0
    precision = hit / len(pred_pairs) if pred_pairs else 0.0
    return recall, precision, len(gold_pairs), len(pred_pairs)


def report(
    name: str,
    gold: dict[int, str],
    pred: dict[int, str],
    langs: dict[int, str],
    tool: ModuleType,
    seconds: float,
) -> None:
    parts = []
    for lang in ("all", "ru", "en"):
        ids = [i for i in gold if lang == "all" or langs[i] == lang]
        m = tool.score({str(i): gold[i] for i in ids}, {str(i): str(pred[i]) for i in ids})
        parts.append(
            f"{lang}: pair P {100 * m['pair_p']:5.1f} R {100 * m['pair_r']:5.1f} "
            f"F1 {100 * m['pair_f1']:5.1f} B3 F1 {100 * m['b3_f1']:5.1f}"
        )
    recall, precision, n_gold, n_pred = crosslingual(gold, pred, langs)
    print(f"  {name:<22} {seconds:5.1f}s")
    print("      " + " | ".join(parts))
    print(
        f"      cross-lingual pairs: recall {100 * recall:5.1f} ({n_gold} gold) "
        f"precision {100 * precision:5.1f} ({n_pred} predicted)"
    )


def run(path: Path, label: str, tool: ModuleType) -> None:
    docs, gold, langs = load(path, label)
    n_ru = sum(1 for v in langs.values() if v == "ru")
    print(f"\n== {path}: {len(docs)} articles ({n_ru} Russian), {len(set(gold.values()))} events")
    t0 = time.perf_counter()
    base = baseline(docs)
    report("TF-IDF baseline", gold, dict(enumerate(base)), langs, tool, time.perf_counter() - t0)
    t0 = time.perf_counter()
    rebuilt = cluster_articles(docs, settings=ClusterSettings()).assignments
    report("ours, rebuild", gold, rebuilt, langs, tool, time.perf_counter() - t0)
    t0 = time.perf_counter()
    inc = cluster_daily(docs)
    report("ours, incremental", gold, inc, langs, tool, time.perf_counter() - t0)
    ids = sorted(gold)
    same = sum(
        1 for a, b in combinations(ids, 2) if (rebuilt[a] == rebuilt[b]) != (inc[a] == inc[b])
    )
    print(f"  incremental vs rebuild: {same} article pairs grouped differently")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--data", type=Path, default=None, help="shared data folder")
    args = ap.parse_args()
    data = args.data or default_data()
    tool = scorer(data)
    dev = data / "crossling-dev" / "articles.jsonl"
    if dev.exists():
        run(dev, "story", tool)
    else:
        print(f"{dev}: not found, skipped")
    if FIXTURE.exists():
        run(FIXTURE, "event", tool)


if __name__ == "__main__":
    main()
