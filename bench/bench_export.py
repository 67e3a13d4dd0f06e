"""Export benchmark: N stored articles (with versions and events) -> CSV, streamed.

Prints rows/s and the peak memory of the export alone (tracemalloc) at several sizes, so a
growth with the row count shows.

    .venv/bin/python bench/bench_export.py --sizes 10000,100000

``--all``: the night's work two ways on the same database, each as the nightly job runs it (a
process per command): the nine `aggregator export KIND` commands one after another, then one
`aggregator export all`, interleaved ``--repeat`` times; prints the CPU time of the child
processes (and wall time) of each and their ratio, and checks the files are the same bytes.

    .venv/bin/python bench/bench_export.py --all --sizes 300 --repeat 3
"""

from __future__ import annotations

import argparse
import hashlib
import os
import subprocess
import sys
import tempfile
import time
import tracemalloc
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from aggregator.config import parse_settings
from aggregator.pipeline import run_export
from aggregator.pipeline.export_all import run_export_all
from aggregator.store.models import Article, ArticleVersion, Event, EventArticle, Outlet
from aggregator.store.session import make_engine, upgrade_database

TEXT = "Ministers met in the capital to discuss grain shipments and port inspections. " * 40


def fill(url: str, count: int) -> None:
    engine = make_engine(url)
    upgrade_database(engine)
    base = datetime(2026, 1, 1, tzinfo=UTC)
    with engine.begin() as conn:
        conn.execute(
            insert(Outlet),
            [
                {
                    "id": i + 1,
                    "slug": f"outlet{i}",
                    "name": f"Outlet {i}",
                    "languages": "en",
                    "created_at": base,
                }
                for i in range(20)
            ],
        )
        for start in range(0, count, 5000):
            ids = range(start + 1, min(start + 5000, count) + 1)
            conn.execute(
                insert(Article),
                [
                    {
                        "id": i,
                        "outlet_id": i % 20 + 1,
                        "url_key": f"https://news.example/a/{i}",
                        "url": f"https://news.example/a/{i}",
                        "status": "extracted",
                        "first_seen_at": base,
                        "last_seen_at": base,
                        "title": f"Story {i}",
                        "published_at": base + timedelta(minutes=i),
                        "language": "en",
                        "authors": ["A. Writer"],
                        "word_count": 480,
                        "summary_only": False,
                        "current_version_id": i,
                        "version_count": 1,
                        "fetch_attempts": 1,
                        "clustered": True,
                        "revisits_done": 0,
                    }
                    for i in ids
                ],
            )
            conn.execute(
                insert(ArticleVersion),
                [
                    {
                        "id": i,
                        "article_id": i,
                        "version_no": 1,
                        "captured_at": base,
                        "title": f"Story {i}",
                        "text": TEXT,
                        "lede": TEXT[:200],
                        "authors": [],
                        "word_count": 480,
                        "content_sha256": hashlib.sha256(str(i).encode()).hexdigest(),
                        "method": "site:bench",
                        "summary_only": False,
                        "extractor_version": "bench",
                        "warc_file": "bench.warc.gz",
                        "warc_record_id": f"<urn:uuid:{i}>",
                        "source": "fetch",
                    }
                    for i in ids
                ],
            )
            events = [i for i in ids if i % 3 == 1]
            conn.execute(
                insert(Event),
                [
                    {
                        "id": i,
                        "key": f"e{i}",
                        "label": f"Story {i}",
                        "top_terms": [],
                        "article_count": 3,
                        "outlet_count": 3,
                        "outlets": [],
                        "created_at": base,
                        "updated_at": base,
                    }
                    for i in events
                ],
            )
            conn.execute(
                insert(EventArticle),
                [
                    {
                        "article_id": i,
                        "event_id": i - (i - 1) % 3,
                        "score": 1.0,
                        "assigned_at": base,
                    }
                    for i in ids
                    if i - (i - 1) % 3 in set(events)
                ],
            )
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--all", action="store_true", help="export all vs the nine commands")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if args.all:
        for size in (int(s) for s in args.sizes.split(",")):
            bench_all(size, args.repeat)
        return
    for size in (int(s) for s in args.sizes.split(",")):
        with tempfile.TemporaryDirectory() as tmp:
            url = f"sqlite:///{Path(tmp) / 'export.sqlite'}"
            fill(url, size)
            settings = parse_settings({}, env={"AGGREGATOR_DATABASE_URL": url})
            out = Path(tmp) / "articles.csv"
            tracemalloc.start()
            started = time.perf_counter()
            rows = run_export(settings, "articles", fmt="csv", out=out)
            wall = time.perf_counter() - started
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            print(
                f"{rows} articles -> CSV ({out.stat().st_size / 2**20:.0f} MiB) in {wall:.1f} s"
                f" = {rows / wall:.0f} rows/s; peak Python memory of the export "
                f"{peak / 2**20:.1f} MiB"
            )


KINDS = ("articles", "events", "comparison", "terms", "quotes", "entities", "revisions")


def _children(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Run the commands' processes; their CPU time (user + system) and wall time."""
    before, started = os.times(), time.perf_counter()
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)
    after = os.times()
    cpu = (after.children_user - before.children_user) + (
        after.children_system - before.children_system
    )
    return cpu, time.perf_counter() - started


def bench_all(size: int, repeat: int) -> None:
    """The nine single exports (a process each) vs one `export all`, interleaved."""
    root = Path(__file__).resolve().parent.parent
    aggregator = [sys.executable, "-m", "aggregator", "export"]
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'export.sqlite'}"
        fill(url, size)
        env = {**os.environ, "AGGREGATOR_DATABASE_URL": url, "PYTHONPATH": str(root)}
        singles, together = [], []
        for n in range(repeat):
            one, every = Path(tmp) / f"one{n}", Path(tmp) / f"all{n}"
            one.mkdir()
            cpu = wall = 0.0
            for kind in (*KINDS, "translations", "texts"):
                name = f"{kind}.jsonl" if kind == "texts" else f"{kind}.csv"
                c, w = _children([*aggregator, kind, "--out", str(one / name)], env)
                cpu, wall = cpu + c, wall + w
            singles.append((cpu, wall))
            together.append(_children([*aggregator, "all", "--out", str(every)], env))
            for f in sorted(one.iterdir()):
                assert f.read_bytes() == (every / f.name).read_bytes(), f.name
        print(f"{size} articles, {size // 3 + 1} events; CPU s (wall s) per run, {repeat} runs:")
        print("  nine export KIND: " + ", ".join(f"{c:.1f} ({w:.1f})" for c, w in singles))
        print("  export all:       " + ", ".join(f"{c:.1f} ({w:.1f})" for c, w in together))
        ratios = [s[0] / t[0] for s, t in zip(singles, together, strict=True)]
        print(
            f"  ratio nine / all (CPU): {', '.join(f'{r:.2f}' for r in ratios)}; "
            f"median {sorted(ratios)[len(ratios) // 2]:.2f}; the files are the same bytes"
        )
        settings = parse_settings({}, env={"AGGREGATOR_DATABASE_URL": url})
        run_export_all(settings, out=Path(tmp) / "warm")  # models loaded before measuring
        tracemalloc.start()
        run_export_all(settings, out=Path(tmp) / "warm")
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(
            f"  peak Python memory of export all in process (models loaded): {peak / 2**20:.1f} MiB"
        )


if __name__ == "__main__":
    main()
