"""Import benchmark: a generated N-row JSONL corpus -> `aggregator import` into a fresh SQLite.

Prints the import's wall time, rows/s and peak RSS (the console script runs as a real
subprocess), and two baselines measured in the same run on the same file: reading and
validating it alone (``read_corpus``), and a bare ``executemany`` of the same rows into one
SQLite table; then the import's time as a multiple of each. Run it twice on the same database
(``--again``) to time a re-import, where every row is unchanged.

    .venv/bin/python bench/bench_import.py --rows 20000
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from aggregator.parse.corpus import read_corpus
from aggregator.store.session import make_engine, upgrade_database

SUBJECTS = [
    "The foreign minister",
    "A spokesman for the ministry",
    "Officials in Brussels",
    "The prime minister",
    "Grain traders",
    "Port authorities",
    "The central bank",
    "Opposition lawmakers",
    "Aid agencies",
    "Diplomats at the summit",
]
VERBS = [
    "said on Tuesday that",
    "warned that",
    "told reporters that",
    "insisted that",
    "denied reports that",
    "confirmed that",
    "argued that",
]
CLAUSES = [
    "talks on grain shipments through the Black Sea would resume next week",
    "inspections of cargo ships had been delayed by a dispute over insurance",
    "sanctions on the banking sector would stay in place until the autumn",
    "the ceasefire along the coast was holding despite reports of shelling",
    "inflation had fallen for a third month as energy prices eased",
    "the embassy would reopen once security guarantees were agreed",
    "the budget deficit was likely to widen as defence spending rose",
    "flood defences in the region had been strengthened after last year's storm",
    "the vote in parliament had been postponed until the committee reported",
    "no agreement had been reached on the price cap for crude oil",
]
OUTLETS = ["guardian", "bbc", "rt", "mid", "politico.com", "The Hill"]


def article_text(rng: random.Random) -> str:
    """About 500 words in 6 to 10 paragraphs of news-like sentences."""
    paragraphs = []
    for _ in range(rng.randint(6, 10)):
        sentences = [
            f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(CLAUSES)}."
            for _ in range(rng.randint(2, 5))
        ]
        paragraphs.append(" ".join(sentences))
    return "\n\n".join(paragraphs)


def write_corpus(path: Path, rows: int, outlets: list[str], seed: int = 12) -> None:
    rng = random.Random(seed)
    base = datetime(2026, 3, 1, tzinfo=UTC)
    with path.open("w", encoding="utf-8") as handle:
        for i in range(rows):
            outlet = outlets[i % len(outlets)]
            record = {
                "id": f"row-{i}",
                "url": f"https://news.example/{i % len(outlets)}/story-{i}" if i % 3 else "",
                "outlet": outlet,
                "title": f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} talks resume ({i})",
                "text": article_text(rng),
                "published": (base + timedelta(minutes=7 * i)).isoformat(),
                "language": "en",
            }
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")


def parse_only(path: Path) -> tuple[float, list[tuple[str, str, str, str]]]:
    start = time.perf_counter()
    rows = [
        (r.external_id, r.outlet, r.title, r.text)
        for r in read_corpus(path)
        if not isinstance(r, Exception)
    ]
    return time.perf_counter() - start, rows


def bare_insert(db: Path, rows: list[tuple[str, str, str, str]]) -> float:
    start = time.perf_counter()
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE t (id TEXT PRIMARY KEY, outlet TEXT, title TEXT, text TEXT)")
    with conn:
        conn.executemany("INSERT INTO t VALUES (?, ?, ?, ?)", rows)
    conn.close()
    return time.perf_counter() - start


def run_import(db: Path, corpus: Path) -> tuple[float, str]:
    env = dict(os.environ, AGGREGATOR_DATABASE_URL=f"sqlite:///{db}")
    script = Path(sys.executable).with_name("aggregator")
    start = time.perf_counter()
    done = subprocess.run(
        [str(script), "import", str(corpus)], env=env, capture_output=True, text=True, check=False
    )
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1):
        sys.exit(f"import failed ({done.returncode}): {done.stderr.strip()[-2000:]}")
    return elapsed, done.stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20000)
    parser.add_argument("--again", action="store_true", help="also time a re-import")
    parser.add_argument(
        "--outlets",
        default=",".join(OUTLETS),
        help="comma-separated outlet column values, used in turn (slugs, domains or names)",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        corpus = root / "corpus.jsonl"
        write_corpus(corpus, args.rows, args.outlets.split(","))
        size_mb = corpus.stat().st_size / 1e6
        print(f"corpus: {args.rows} rows, {size_mb:.1f} MB JSONL")
        db = root / "import.db"
        upgrade_database(make_engine(f"sqlite:///{db}"))

        parse_s, rows = parse_only(corpus)
        insert_s = bare_insert(root / "bare.db", rows)
        import_s, summary = run_import(db, corpus)
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(f"import:      {import_s:7.2f} s  {args.rows / import_s:8.0f} rows/s  ({summary})")
        print(f"peak RSS of the import process: {peak_mb:.0f} MB")
        print(
            f"baseline, read_corpus alone:    {parse_s:7.2f} s  {args.rows / parse_s:8.0f} rows/s"
        )
        print(
            f"baseline, bare executemany:     {insert_s:7.2f} s  {args.rows / insert_s:8.0f} rows/s"
        )
        print(
            f"import / (read + bare insert): x{import_s / (parse_s + insert_s):.1f}"
            f"  (import / read alone: x{import_s / parse_s:.1f})"
        )
        if args.again:
            again_s, summary = run_import(db, corpus)
            print(f"re-import:   {again_s:7.2f} s  {args.rows / again_s:8.0f} rows/s  ({summary})")


if __name__ == "__main__":
    main()
