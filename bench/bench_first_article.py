"""The cost of framing the first Russian article in a fresh process: CPU seconds of the first
``compare_event`` (model and dictionary loads included), the process's resident memory after
it, and how many pymorphy3 analysers it holds; ours beside commit REV's, each in its own child
processes, interleaved.

Usage: PYTHONPATH=. .venv/bin/python bench/bench_first_article.py --baseline REV
       [--data ../shared/data] [--rounds 3]

The article is the first of ``framing-dev/ner_ru_dev.jsonl`` (read by path, never copied), one
event of one article. REV's ``aggregator`` package is unpacked with ``git archive`` (nothing
checked out). CPU time is ``time.process_time`` (all threads of the process); memory is VmRSS
from ``/proc/self/status`` after the article and the peak (``ru_maxrss``).
"""

from __future__ import annotations

import argparse
import gc
import io
import json
import os
import resource
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def child(data: Path) -> None:
    """(A child process.) Frame one Russian article; one JSON line of what it cost."""
    started = time.process_time()
    from aggregator.compare.event import compare_event
    from aggregator.compare.terms import TermPrior
    from aggregator.records import CompareArticle

    with (data / "framing-dev" / "ner_ru_dev.jsonl").open(encoding="utf-8") as handle:
        row = json.loads(handle.readline())
    article = CompareArticle(
        article_id=1,
        outlet="outlet",
        url=None,
        title="",
        lede="",
        text=row["text"],
        published=None,
        language="ru",
    )
    prior = TermPrior.from_texts([row["text"]])
    result = compare_event("1", "x", [article], prior=prior)
    cpu = time.process_time() - started
    status = Path("/proc/self/status").read_text(encoding="utf-8")
    rss = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS"))
    analysers = sum(type(o).__name__ == "MorphAnalyzer" for o in gc.get_objects())
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    digest = hash(repr(result))
    print(json.dumps({"cpu": cpu, "rss": rss, "peak": peak, "analysers": analysers, "d": digest}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    default_data = os.environ.get("AGGREGATOR_SHARED_DATA") or str(ROOT.parent / "shared" / "data")
    parser.add_argument("--data", type=Path, default=Path(default_data))
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--baseline", metavar="REV", required="--child" not in sys.argv)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.data)
        return
    with tempfile.TemporaryDirectory(prefix="first-article-") as tmp:
        tar = subprocess.run(
            ["git", "-C", str(ROOT), "archive", "--format=tar", args.baseline, "aggregator"],
            check=True,
            capture_output=True,
        ).stdout
        with tarfile.open(fileobj=io.BytesIO(tar)) as archive:
            archive.extractall(tmp, filter="data")
        trees = {"ours": ROOT, args.baseline: Path(tmp)}
        runs: dict[str, list[dict[str, float]]] = {name: [] for name in trees}
        print(f"load average {os.getloadavg()[0]:.1f}")
        for round_no in range(args.rounds):
            order = list(trees) if round_no % 2 == 0 else list(trees)[::-1]
            for name in order:
                done = subprocess.run(
                    [sys.executable, __file__, "--child", "--data", str(args.data)],
                    check=True,
                    capture_output=True,
                    text=True,
                    cwd=tmp,
                    env={**os.environ, "PYTHONHASHSEED": "0", "PYTHONPATH": str(trees[name])},
                )
                runs[name].append(json.loads(done.stdout.strip().splitlines()[-1]))
                last = runs[name][-1]
                print(
                    f"  {name}: first article {last['cpu']:.2f} s CPU, RSS {last['rss'] / 1024:.0f}"
                    f" MiB (peak {last['peak'] / 1024:.0f}), {last['analysers']} analyser(s)"
                )
        for name, got in runs.items():
            print(
                f"{name}: median first article {statistics.median(r['cpu'] for r in got):.2f} s"
                f" CPU, RSS {statistics.median(r['rss'] for r in got) / 1024:.0f} MiB,"
                f" analysers {got[0]['analysers']:.0f}"
            )
        digests = {name: {r["d"] for r in got} for name, got in runs.items()}
        print(f"same comparison: {len({d for s in digests.values() for d in s}) == 1}")


if __name__ == "__main__":
    main()
