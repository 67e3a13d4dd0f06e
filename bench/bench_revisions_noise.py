"""Real-change detection on the labelled page pairs: precision, recall, misses, sample diffs.

Usage: .venv/bin/python bench/bench_revisions_noise.py [tests/fixtures/revisions/pairs.jsonl]

A "real" pair should make a new version, a "noise" pair must not (a false version). Pairs
without a "split" were written and used while the rules were tuned; "split": "heldout" pairs
were written afterwards (see tests/fixtures/revisions/README.md for how they first scored).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from aggregator.compare.revisions import is_real_change, revision_between
from tests.compare.test_revisions import PAIRS, Pair, load_pairs

SAMPLE_DIFFS = ("r01", "r04", "r08", "r09", "r17", "h11")


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else PAIRS
    every = load_pairs(path)
    heldout_ids = _heldout_ids(path)
    splits = {
        "all": every,
        "tuning": [p for p in every if p.id not in heldout_ids],
        "heldout": [p for p in every if p.id in heldout_ids],
    }
    for name, pairs in splits.items():
        report(f"{name} ({path.name})", pairs)
    print()
    for pair in every:
        if pair.id in SAMPLE_DIFFS:
            show_diff(pair)


def report(name: str, pairs: list[Pair]) -> None:
    """Print precision and recall of real-change detection over ``pairs`` and every miss."""
    started = time.perf_counter()
    verdicts = [(pair, is_real_change(pair.old, pair.new)) for pair in pairs]
    elapsed = time.perf_counter() - started
    tp = sum(1 for p, real in verdicts if real and p.label == "real")
    fp = [p.id for p, real in verdicts if real and p.label == "noise"]
    fn = [p.id for p, real in verdicts if not real and p.label == "real"]
    n_real = sum(1 for p in pairs if p.label == "real")
    precision = tp / (tp + len(fp)) if tp + len(fp) else 1.0
    recall = tp / n_real if n_real else 1.0
    print(f"== {name}: {len(pairs)} pairs, {n_real} real, {len(pairs) - n_real} noise")
    print(f"precision {precision:.3f} ({tp}/{tp + len(fp)})  recall {recall:.3f} ({tp}/{n_real})")
    print(f"false versions (noise taken as real): {fp or 'none'}")
    print(f"missed real changes: {fn or 'none'}")
    per_pair = elapsed / len(pairs) * 1e6 if pairs else 0.0
    print(f"time: {elapsed * 1000:.1f} ms ({per_pair:.0f} µs per pair)")


def show_diff(pair: Pair) -> None:
    """Print the revision between the two captures of ``pair``."""
    revision = revision_between(0, pair.old, pair.new)
    print(
        f"-- {pair.id} ({pair.label}: {pair.note}): {len(revision.changes)} changes, "
        f"size {revision.size}"
    )
    for change in revision.changes:
        if change.kind in ("headline", "edited"):
            print(f"   {change.kind}:\n     - {change.old}\n     + {change.new}")
        elif change.kind == "added":
            print(f"   added:\n     + {change.new}")
        else:
            print(f"   removed:\n     - {change.old}")


def _heldout_ids(path: Path) -> set[str]:
    items = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
    return {item["id"] for item in items if item.get("split") == "heldout"}


if __name__ == "__main__":
    main()
