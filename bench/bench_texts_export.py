"""`texts` export benchmark: N stored articles with full texts -> JSONL, beside `articles` -> CSV.

Each export runs in a fresh process that reports its own wall time and peak resident memory
(``VmHWM`` of /proc/self/status: Linux carries a parent's ``ru_maxrss`` over fork and exec, which
would show the filling process's peak), so the figure is the whole process (Python, SQLAlchemy,
the driver's buffers), not only what tracemalloc sees. Memory that does not grow from the
smaller to the larger size is the constant-memory claim of docs/codebook.md. The database is
``bench_export.fill``'s (one version of about 3 KB of text per article, a third of them in
events); ``--versions`` adds that many extra versions to every tenth article for
``--all-versions``.

    .venv/bin/python bench/bench_texts_export.py --sizes 10000,100000
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import insert, select, update

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bench_export import TEXT, fill

ROOT = Path(__file__).resolve().parent.parent

_CHILD = """
import json, resource, sys, time
sys.path.insert(0, {root!r})
from aggregator.config import parse_settings
from aggregator.pipeline import run_export
settings = parse_settings({{}}, env={{"AGGREGATOR_DATABASE_URL": {url!r}}})
started = time.perf_counter()
rows = run_export(settings, {kind!r}, fmt={fmt!r}, out={out!r}, **{extra!r})
wall = time.perf_counter() - started
try:  # VmHWM: this process image only (ru_maxrss keeps the parent's peak across fork+exec)
    status = open("/proc/self/status").read()
    peak = int(status.split("VmHWM:")[1].split()[0]) / 1024
except (OSError, IndexError):
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({{"rows": rows, "wall": wall, "peak_mib": peak}}))
"""


def add_versions(url: str, extra: int) -> None:
    """``extra`` more versions for every tenth article (the current one stays the first)."""
    from aggregator.store.models import Article, ArticleVersion
    from aggregator.store.session import make_engine

    engine = make_engine(url)
    with engine.begin() as conn:
        ids = list(conn.scalars(select(Article.id).where(Article.id % 10 == 0)))
        template = conn.execute(select(ArticleVersion).limit(1)).mappings().one()
        next_id = conn.scalar(select(ArticleVersion.id).order_by(ArticleVersion.id.desc()))
        assert next_id is not None
        rows = []
        for aid in ids:
            for number in range(2, extra + 2):
                next_id += 1
                row = dict(template, id=next_id, article_id=aid, version_no=number)
                row["text"] = TEXT + f" Edit {number}."
                rows.append(row)
        for start in range(0, len(rows), 5000):
            conn.execute(insert(ArticleVersion), rows[start : start + 5000])
        conn.execute(update(Article).where(Article.id % 10 == 0).values(version_count=extra + 1))
    engine.dispose()


def run(url: str, kind: str, fmt: str, out: Path, **extra: object) -> dict[str, float]:
    code = _CHILD.format(root=str(ROOT), url=url, kind=kind, fmt=fmt, out=str(out), extra=extra)
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, cwd=ROOT
    )
    if done.returncode:
        raise SystemExit(f"{kind} {fmt} {extra} failed:\n{done.stderr[-3000:]}")
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    result["mib"] = out.stat().st_size / 2**20
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--versions", type=int, default=2)
    args = parser.parse_args()
    print("size     export                         rows   file MiB   rows/s   peak RSS MiB")
    for size in (int(s) for s in args.sizes.split(",")):
        with tempfile.TemporaryDirectory() as tmp:
            url = f"sqlite:///{Path(tmp) / 'texts.sqlite'}"
            started = time.perf_counter()
            fill(url, size)
            add_versions(url, args.versions)
            print(f"(filled {size} articles in {time.perf_counter() - started:.0f} s)")
            cases: list[tuple[str, str, str, dict[str, object]]] = [
                ("articles -> CSV (baseline)", "articles", "csv", {}),
                ("texts -> JSONL", "texts", "jsonl", {}),
                ("texts --all-versions -> JSONL", "texts", "jsonl", {"all_versions": True}),
                ("texts -> CSV", "texts", "csv", {}),
            ]
            for label, kind, fmt, extra in cases:
                out = Path(tmp) / f"out.{fmt}"
                r = run(url, kind, fmt, out, **extra)
                print(
                    f"{size:<8} {label:<30} {r['rows']:>7.0f} {r['mib']:>9.0f} "
                    f"{r['rows'] / r['wall']:>8.0f} {r['peak_mib']:>13.0f}"
                )
                out.unlink()


if __name__ == "__main__":
    main()
