"""Quote attribution on the hand-labelled set: precision and recall, and every miss.

Usage: .venv/bin/python bench/bench_quotes.py [tests/fixtures/quotes/labelled.jsonl]

Items without a "split" were written and used while tuning the heuristics; items with
"split": "heldout" were written afterwards and not tuned against, so their figure is the
honest one.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.compare.test_quotes import LABELLED, load_labelled, score_all


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else LABELLED
    every = load_labelled(path)
    splits = {
        "all": every,
        "tuning": [i for i in every if i.get("split", "tuning") == "tuning"],
        "heldout": [i for i in every if i.get("split") == "heldout"],
    }
    for name, items in splits.items():
        report(f"{name} ({path.name})", items)


def report(name: str, items: list[dict[str, object]]) -> None:
    """Print quote and speaker precision/recall of ``items`` and every miss."""
    started = time.perf_counter()
    score, misses = score_all(items)
    elapsed = time.perf_counter() - started
    print(f"== {name}: {len(items)} items, {score.expected_quotes} quotes")
    print(
        f"quotes:   precision {score.quote_precision:.3f} "
        f"({score.matched_quotes}/{score.found_quotes})  "
        f"recall {score.quote_recall:.3f} ({score.matched_quotes}/{score.expected_quotes})"
    )
    print(
        f"speakers: precision {score.speaker_precision:.3f} "
        f"({score.correct_speakers}/{score.found_speakers})  "
        f"recall {score.speaker_recall:.3f} "
        f"({score.correct_speakers}/{score.expected_speakers})"
    )
    print(f"time: {elapsed * 1000:.1f} ms")
    for miss in misses:
        print("  miss:", miss)


if __name__ == "__main__":
    main()
