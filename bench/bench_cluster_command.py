"""The ``aggregator cluster`` command as a user runs it, on N imported articles in SQLite.

Input: the AllSides sets under ``--data`` (``clustering-dev/*.jsonl``, read where they lie; the
default is ``$AGGREGATOR_SHARED_DATA`` or ``../shared/data``): their headlines and texts, with
publication times and outlets generated here (an event's articles within 36 hours of each
other, about 1,900 articles a day: the 9,274 distinct articles over 5 days; the pool is reused,
shifted by 5 days, when N is larger). The rows go through ``aggregator import`` into a fresh
SQLite database, which is then copied for each command timed. The commands run with one
PYTHONHASHSEED, so that ours and the baseline break float ties alike and their events can be
compared exactly.

Output, for each size: the command's wall time as a subprocess (interpreter start to exit),
articles/s, its CPU time (the steadier figure on a shared machine), its peak RSS, and the span
its run record gives (first read to last write); beside them, measured in the same run on the
same articles: the algorithm alone in this process (``cluster_articles`` on the same
ClusterDocs) and, with ``--baseline REV``, the same command
from the code of commit ``REV`` (``git archive``, nothing checked out here). Quality of the
stored events against the AllSides labels (pairwise and B-cubed F1) is printed for each, and
how far the baseline's events agree with ours. Figures only, no pass/fail. Ours runs the
clustering's optional C kernel when it is built in this checkout (``make install`` builds it;
``python setup.py build_ext --inplace`` in place): the first line says which.

    .venv/bin/python bench/bench_cluster_command.py --sizes 5000,50000 [--baseline REV]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tarfile
import tempfile
import time
from datetime import UTC, datetime, timedelta
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from aggregator.cluster.batch import ClusterSettings, cluster_articles, score_clusters  # noqa: E402
from aggregator.store import events as stored_events  # noqa: E402
from aggregator.store.session import make_engine, session_factory, upgrade_database  # noqa: E402

SETS = ("allsides_dev.jsonl", "allsides_dev_stress.jsonl")
RATE = 1_000_000 / 365  # articles a day at most, as bench_cluster.py's stream
OUTLETS = 40
MIN_SPAN = timedelta(days=5)  # a cycle of the pool lasts at least this (see write_corpus)


def default_data() -> Path:
    env = os.environ.get("AGGREGATOR_SHARED_DATA")
    return Path(env) if env else (ROOT / ".." / "shared" / "data").resolve()


def load_pool(data: Path) -> list[tuple[str, str, str]]:
    """(title, text, gold event) of every AllSides article with text: the dev set and the
    stress set's own articles (the two share their events and most articles; an article in
    both is taken once)."""
    pool = []
    seen: set[str] = set()
    for name in SETS:
        path = data / "clustering-dev" / name
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                row = json.loads(line) if line.strip() else {}
                if row.get("text", "").strip() and row["id"] not in seen:  # import needs text
                    seen.add(row["id"])
                    pool.append((row["title"], row["text"], str(row["cluster"])))
    return pool


def write_corpus(path: Path, pool: list[tuple[str, str, str]], n: int, seed: int = 5) -> None:
    """``n`` import rows from ``pool``: each gold event starts at a random time of the pool's
    span, its articles within 36 hours; a later cycle is the pool again, one span later."""
    rng = random.Random(seed)
    events: dict[str, list[int]] = {}
    for i, (_, _, gold) in enumerate(pool):
        events.setdefault(gold, []).append(i)
    span = max(timedelta(days=len(pool) / RATE), MIN_SPAN)
    # an event keeps its time in the span in every cycle, so its copies are a span apart:
    # never within one window (3 days) of each other, its 36 hours included
    offsets = {gold: rng.uniform(0, span.total_seconds()) for gold in events}
    start = datetime(2026, 1, 5, tzinfo=UTC)
    with path.open("w", encoding="utf-8") as fh:
        written = cycle = 0
        while written < n:
            base = start + cycle * span
            for gold, members in events.items():
                when = base + timedelta(seconds=offsets[gold])
                for i in members:
                    if written >= n:
                        break
                    title, text, gold = pool[i]
                    published = when + timedelta(seconds=rng.uniform(0, 36 * 3600))
                    row = {
                        "id": f"c{cycle}-{i}",
                        "outlet": f"outlet{rng.randrange(OUTLETS):02d}",
                        "title": title,
                        "text": text,
                        "published": published.isoformat(),
                        "language": "en",
                        "gold": f"{cycle}:{gold}",
                    }
                    fh.write(json.dumps(row, ensure_ascii=False) + "\n")
                    written += 1
            cycle += 1


def gold_of(corpus: Path) -> dict[str, str]:
    """External id -> gold event of the corpus rows."""
    out = {}
    with corpus.open(encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            out[row["id"]] = row["gold"]
    return out


def timed(code: Path, db: Path, *args: str) -> tuple[float, float, float, str]:
    """Run the command line of the code under ``code`` on ``db``: (wall s, CPU s, the child's
    own peak RSS in MB, stdout), the child's figures from os.wait4."""
    env = dict(
        os.environ,
        AGGREGATOR_DATABASE_URL=f"sqlite:///{db}",
        PYTHONPATH=str(code),
        PYTHONHASHSEED="0",  # set iteration order decides float sums, hence rare ties
    )
    read_fd, write_fd = os.pipe()
    start = time.perf_counter()
    pid = os.fork()
    if pid == 0:  # the child: stdout to the pipe, stderr kept for errors
        os.close(read_fd)
        os.dup2(write_fd, 1)
        os.chdir(code)
        os.execve(sys.executable, [sys.executable, "-m", "aggregator", *args], env)
    os.close(write_fd)
    with os.fdopen(read_fd, encoding="utf-8") as fh:
        out = fh.read()
    _, status, usage = os.wait4(pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        sys.exit(f"{' '.join(args)} failed with status {status}")
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, out.strip()


def run_span(db: Path) -> float:
    """Seconds between the cluster run's recorded start and end (first read to last write)."""
    with sqlite3.connect(db) as conn:
        started, finished = conn.execute(
            "SELECT started_at, finished_at FROM runs WHERE job = 'cluster' ORDER BY id DESC"
        ).fetchone()
    return (datetime.fromisoformat(finished) - datetime.fromisoformat(started)).total_seconds()


def stored_events_of(db: Path) -> dict[str, str]:
    """External id -> stored event key of every clustered article."""
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            "SELECT a.external_id, e.key FROM articles a"
            " JOIN event_articles ea ON ea.article_id = a.id JOIN events e ON e.id = ea.event_id"
        ).fetchall()
    return dict(rows)


def scores(gold: dict[str, str], pred: dict[str, str]) -> str:
    ids = sorted(gold)
    missing = sum(1 for i in ids if i not in pred)
    s = score_clusters([gold[i] for i in ids], [pred.get(i, f"missing:{i}") for i in ids])
    extra = f", {missing} unclustered" if missing else ""
    return f"pairwise F1 {100 * s.pair_f1:5.1f}, B-cubed F1 {100 * s.b3_f1:5.1f}{extra}"


def algorithm_alone(db: Path) -> tuple[float, int]:
    """CPU seconds of ``cluster_articles`` on the stored articles, read beforehand (in process:
    the machine is shared, so CPU time is the steadier figure)."""
    engine = make_engine(f"sqlite:///{db}")
    with session_factory(engine)() as session:
        docs = [doc for doc, _ in stored_events.cluster_docs(session, clustered=None)]
    engine.dispose()
    start = time.process_time()
    cluster_articles(docs, settings=ClusterSettings())
    return time.process_time() - start, len(docs)


def export_code(rev: str, into: Path) -> Path:
    """The package and migrations of commit ``rev``, unpacked under ``into`` (git archive)."""
    blob = subprocess.run(
        ["git", "-C", str(ROOT), "archive", "--format=tar", rev, "aggregator", "migrations"],
        capture_output=True,
        check=True,
    ).stdout
    with tarfile.open(fileobj=BytesIO(blob)) as tar:
        tar.extractall(into, filter="data")
    for name in ("alembic.ini", "pyproject.toml"):  # read relative to the code by some versions
        if (ROOT / name).exists():
            shutil.copy(ROOT / name, into / name)
    return into


def measure(n: int, pool: list[tuple[str, str, str]], base: Path | None, tmp: Path) -> None:
    corpus = tmp / f"corpus{n}.jsonl"
    write_corpus(corpus, pool, n)
    gold = gold_of(corpus)
    imported = tmp / f"imported{n}.db"
    upgrade_database(make_engine(f"sqlite:///{imported}"))
    import_s, _, _, summary = timed(ROOT, imported, "import", str(corpus))
    print(f"\n== {n:,} articles (imported in {import_s:.1f} s: {summary})")
    alone_s, docs = algorithm_alone(imported)
    runs = [("ours", ROOT)] + ([("baseline", base)] if base is not None else [])
    results: dict[str, dict[str, str]] = {}
    for label, code in runs:
        db = tmp / f"{label}{n}.db"
        shutil.copy(imported, db)
        wall, cpu, peak, _ = timed(code, db, "cluster")
        span = run_span(db)
        results[label] = stored_events_of(db)
        print(
            f"{label:<8} aggregator cluster: {wall:6.2f} s wall = {n / wall:5.0f} articles/s"
            f" (CPU {cpu:6.2f} s = {n / cpu:5.0f}/s; run record {span:6.2f} s = {n / span:5.0f}/s);"
            f" peak RSS {peak:4.0f} MB; {scores(gold, results[label])}"
        )
        db.unlink()
    print(
        f"algorithm alone (cluster_articles in process on the same {docs:,} articles): CPU"
        f" {alone_s:6.2f} s = {docs / alone_s:5.0f} articles/s"
    )
    if "baseline" in results:
        ours, theirs = results["ours"], results["baseline"]
        common = sorted(set(ours) & set(theirs))
        agree = score_clusters([theirs[i] for i in common], [ours[i] for i in common])
        print(
            f"ours vs baseline, baseline as gold: pairwise F1 {100 * agree.pair_f1:5.1f},"
            f" B-cubed F1 {100 * agree.b3_f1:5.1f}"
        )
    imported.unlink()
    corpus.unlink()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--data", type=Path, default=None, help="shared data folder")
    ap.add_argument("--sizes", default="5000,50000", help="comma-separated article counts")
    ap.add_argument("--baseline", default="", help="also time the command of this git commit")
    args = ap.parse_args()
    pool = load_pool(args.data or default_data())
    from aggregator.cluster.index import KERNEL

    print(
        "the clustering's C kernel (setup.py): "
        + ("built, in use" if KERNEL else "not built: the Python fallback runs")
    )
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        base = export_code(args.baseline, tmp / "baseline") if args.baseline else None
        for n in (int(s) for s in args.sizes.split(",")):
            measure(n, pool, base, tmp)


if __name__ == "__main__":
    main()
