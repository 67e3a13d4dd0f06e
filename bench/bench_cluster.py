"""Benchmark of the cluster stage: quality on the AllSides sets, and throughput on a stream.

Input: ``clustering-dev/allsides_dev.jsonl`` and ``allsides_dev_stress.jsonl`` under
``--data`` (default ``$AGGREGATOR_SHARED_DATA`` or ``../shared/data``), read where they lie.
Output: printed figures: pairwise and B-cubed P/R/F1 for ours (rebuild, incremental) and the
single-pass TF-IDF baseline; the incremental-vs-rebuild difference; with ``--throughput``
articles/s, per-article time and peak memory at 10,000 and 100,000 generated articles
(``--million`` adds 1,000,000), arriving at a fixed daily rate (``--same-year``: every size
squeezed into one year instead). The million run stops at every tenth of the way while a
10,000 run is made: its CPU time is also given against those, measured under the same load
of the shared machine. Figures only, no pass/fail.

    .venv/bin/python bench/bench_cluster.py [--data PATH] [--throughput] [--million] [--same-year]
"""

from __future__ import annotations

import argparse
import csv
import heapq
import json
import math
import os
import random
import re
import resource
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections import deque
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime, timedelta
from itertools import islice
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from aggregator.cluster.batch import (  # noqa: E402
    ClusterScores,
    ClusterSettings,
    ClusterState,
    cluster_articles,
    score_clusters,
)
from aggregator.cluster.text import STOPWORDS  # noqa: E402
from aggregator.records import ClusterDoc  # noqa: E402

SETS = ("allsides_dev.jsonl", "allsides_dev_stress.jsonl")
# Like cron: merges and regroups at intervals of publication time, not of article counts,
# so that their cost per article does not grow with the rate of articles.
MERGE_HOURS = 6
REGROUP_HOURS = 24
# Articles a day in the generated stream: 40 outlets at about 70 a day each, 1,000,000 a year.
RATE = 1_000_000 / 365


def default_data() -> Path:
    env = os.environ.get("AGGREGATOR_SHARED_DATA")
    return Path(env) if env else (ROOT / ".." / "shared" / "data").resolve()


def load(path: Path) -> tuple[list[ClusterDoc], list[str], list[str]]:
    docs, gold, ids = [], [], []
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh):
            if not line.strip():
                continue
            row = json.loads(line)
            docs.append(ClusterDoc(n, "unknown", row["title"], row["text"], None))
            gold.append(str(row["cluster"]))
            ids.append(str(row["id"]))
    return docs, gold, ids


# -- the baseline: single-pass TF-IDF centroid, cosine >= 0.35, title counted twice -----------

_WORD = re.compile(r"\b\w\w+\b")


def baseline(docs: Sequence[ClusterDoc], threshold: float = 0.35) -> list[int]:
    """Single pass over the docs; each joins the nearest centroid at cosine >= ``threshold``."""
    bags = []
    df: dict[str, int] = {}
    for doc in docs:
        words = _WORD.findall(f"{doc.title} {doc.title} {doc.text}".lower())
        bag: dict[str, int] = {}
        for w in words:
            if w not in STOPWORDS:
                bag[w] = bag.get(w, 0) + 1
        bags.append(bag)
        for w in bag:
            df[w] = df.get(w, 0) + 1
    n = len(docs)
    idf = {w: math.log((1 + n) / (1 + c)) + 1 for w, c in df.items()}
    centroids: list[dict[str, float]] = []
    index: dict[str, list[int]] = {}
    labels = []
    for bag in bags:
        vec = {w: c * idf[w] for w, c in bag.items()}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        vec = {w: v / norm for w, v in vec.items()}
        seen: set[int] = set()
        best, best_sim = -1, threshold
        for w in vec:
            for cid in index.get(w, ()):
                if cid in seen:
                    continue
                seen.add(cid)
                cen = centroids[cid]
                cnorm = math.sqrt(sum(v * v for v in cen.values())) or 1.0
                sim = sum(vec[t] * cen[t] for t in vec.keys() & cen.keys()) / cnorm
                if sim >= best_sim:
                    best, best_sim = cid, sim
        if best < 0:
            best = len(centroids)
            centroids.append({})
        cen = centroids[best]
        for w, v in vec.items():
            if w not in cen:
                index.setdefault(w, []).append(best)
            cen[w] = cen.get(w, 0.0) + v
        labels.append(best)
    return labels


# -- quality ------------------------------------------------------------------------------


def fmt(s: ClusterScores) -> str:
    return (
        f"pairwise P {100 * s.pair_p:5.1f} R {100 * s.pair_r:5.1f} F1 {100 * s.pair_f1:5.1f}   "
        f"B-cubed P {100 * s.b3_p:5.1f} R {100 * s.b3_r:5.1f} F1 {100 * s.b3_f1:5.1f}"
    )


def incremental(docs: Sequence[ClusterDoc], every: int, how: str) -> dict[int, str]:
    """The stream way: IDF grows as articles arrive; ``how`` (``merge`` or ``regroup``) runs
    every ``every`` articles (0: never) and once at the end."""
    state = ClusterState(ClusterSettings())
    step = state.merge_events if how == "merge" else state.regroup
    for n, doc in enumerate(docs, 1):
        state.assign(doc)
        if every and n % every == 0:
            step()
    step()
    return state.assignments()


def write_pred(out: Path | None, name: str, ids: list[str], labels: Sequence[object]) -> None:
    if out is None:
        return
    out.mkdir(parents=True, exist_ok=True)
    with (out / name).open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["id", "cluster"])
        writer.writerows(zip(ids, labels, strict=True))


def quality(data: Path, out: Path | None) -> None:
    for name in SETS:
        path = data / "clustering-dev" / name
        if not path.exists():
            print(f"{path}: not found, skipped")
            continue
        docs, gold, ids = load(path)
        print(f"\n== {name}: {len(docs)} docs, {len(set(gold))} gold events")
        t0 = time.perf_counter()
        base = baseline(docs)
        print(
            f"baseline (single-pass TF-IDF >= 0.35)  {fmt(score_clusters(gold, base))}"
            f"   {time.perf_counter() - t0:.1f}s"
        )
        write_pred(out, f"{name}.baseline.csv", ids, base)
        t0 = time.perf_counter()
        rebuilt = cluster_articles(docs, settings=ClusterSettings()).assignments
        rb = [rebuilt[d.article_id] for d in docs]
        print(
            f"ours, rebuild                          {fmt(score_clusters(gold, rb))}"
            f"   {time.perf_counter() - t0:.1f}s"
        )
        write_pred(out, f"{name}.rebuild.csv", ids, rb)
        inc: list[str] = []
        for label, every, how in (
            ("incremental, merge_events at end     ", 0, "merge"),
            ("incremental, regroup every 1000      ", 1000, "regroup"),
            ("incremental, merge_events every 1000 ", 1000, "merge"),
        ):
            t0 = time.perf_counter()
            got = incremental(docs, every, how)
            pred = [got[d.article_id] for d in docs]
            print(
                f"ours, {label}{fmt(score_clusters(gold, pred))}   {time.perf_counter() - t0:.1f}s"
            )
            write_pred(out, f"{name}.{how}{every}.csv", ids, pred)
            if how == "regroup":
                inc = pred
        agree = score_clusters(rb, inc)
        print(f"incremental (regroup) vs rebuild, rebuild as gold: {fmt(agree)}")


# -- throughput ---------------------------------------------------------------------------


def _words(rng: random.Random, n: int, caps: bool) -> list[str]:
    """``n`` distinct made-up words; names (``caps``) come from other syllables than words."""
    if caps:
        syllables = [
            "zar",
            "quo",
            "xel",
            "myr",
            "vik",
            "jun",
            "oph",
            "gré",
            "tsu",
            "ild",
            "yan",
            "bor",
            "kee",
            "lux",
            "dav",
            "ost",
        ]
    else:
        syllables = [
            "ka",
            "lo",
            "mi",
            "ren",
            "tas",
            "vo",
            "di",
            "nur",
            "pel",
            "sa",
            "to",
            "ber",
            "fen",
            "hu",
            "ab",
            "est",
        ]
    out: dict[str, None] = {}
    while len(out) < n:
        w = "".join(rng.choice(syllables) for _ in range(rng.randint(2, 5)))
        out[w.capitalize() if caps else w] = None
    return list(out)


def stream(n: int, seed: int = 7, *, days: float = 0.0) -> Iterator[tuple[ClusterDoc, int]]:
    """``n`` articles in publication order, with their event number, spread over ``days``
    (default: at ``RATE`` articles a day, so 1,000,000 articles take a year), events of 1..50
    articles (heavy-tailed) spread over 36 hours, 40 outlets. Generated day by day, so
    memory holds only a couple of days of articles."""
    rng = random.Random(seed)
    # Real prose is about half function words: put them at the top of the Zipf ranks.
    function_words = sorted(w for w in STOPWORDS if w.isascii() and w.isalpha())
    common = function_words + _words(rng, 20_000, False)
    names = _words(rng, 50_000, True)
    cum = _accumulate([1.0 / (r + 10) for r in range(len(common))])
    start = datetime(2025, 1, 1, tzinfo=UTC)
    days = days or n / RATE
    events_per_day = n / days / 3.2  # the mean event size of the distribution below
    pending: list[tuple[datetime, int, str, str, str, int]] = []
    seq = emitted = event = day = 0
    while emitted < n:
        day_start = start + timedelta(days=day)
        count = int(events_per_day) + (rng.random() < events_per_day % 1)
        for _ in range(count):
            size = min(50, max(1, int(rng.paretovariate(1.1))))
            when = day_start + timedelta(seconds=rng.uniform(0, 86400))
            topic = rng.sample(names, 4) + rng.choices(common, cum_weights=cum, k=6)
            topic.append(str(rng.randint(2, 9999)))
            for _ in range(size):
                title = rng.sample(topic, 4) + rng.choices(common, cum_weights=cum, k=4)
                body = rng.choices(topic, k=14) + rng.choices(common, cum_weights=cum, k=50)
                rng.shuffle(body)
                text = ". ".join(" ".join(body[i : i + 16]) for i in range(0, 64, 16)) + "."
                published = when + timedelta(seconds=rng.uniform(0, 36 * 3600))
                outlet = f"outlet{rng.randrange(40):02d}"
                heapq.heappush(pending, (published, seq, outlet, " ".join(title), text, event))
                seq += 1
            event += 1
        day += 1
        limit = start + timedelta(days=day)  # later events start after this: safe to emit
        while pending and pending[0][0] < limit and emitted < n:
            published, _, outlet, head, text, ev = heapq.heappop(pending)
            yield ClusterDoc(emitted, outlet, head, text, published), ev
            emitted += 1


def _accumulate(values: list[float]) -> list[float]:
    total, out = 0.0, []
    for v in values:
        total += v
        out.append(total)
    return out


def run_stream(n: int, days: float = 0.0, pause: int = 0) -> dict[str, float]:
    """Cluster ``n`` generated articles (over ``days``, see ``stream``); time only the
    clustering calls. With ``pause``, the process stops itself (SIGSTOP) after every ``pause``
    articles, outside the timed part, until its parent continues it (see ``_paused_run``)."""
    state = ClusterState(ClusterSettings())
    next_regroup: datetime | None = None
    next_merge: datetime | None = None
    regroups = 0
    elapsed = 0.0
    tail: deque[tuple[ClusterDoc, int]] = deque(maxlen=5000)
    clock = time.perf_counter
    cpu = time.process_time  # CPU time: the machine is shared, wall time is noisy
    cpu_used = 0.0
    done = 0
    batch: list[tuple[ClusterDoc, int]] = []
    items = stream(n, days=days)
    while True:
        # generate 500 articles, then time their clustering: the clocks are read per batch
        # (reading the CPU clock is a slow system call here)
        batch = list(islice(items, 500))
        if not batch:
            break
        tail.extend(batch)
        t0, c0 = clock(), cpu()
        for doc, _ in batch:
            state.assign(doc)
            if doc.published and (next_merge is None or doc.published >= next_merge):
                state.merge_events()
                next_merge = doc.published + timedelta(hours=MERGE_HOURS)
            if doc.published and (next_regroup is None or doc.published >= next_regroup):
                state.regroup(recent_only=True)
                regroups += 1
                next_regroup = doc.published + timedelta(hours=REGROUP_HOURS)
        elapsed += clock() - t0
        cpu_used += cpu() - c0
        done += len(batch)
        if pause and done % pause == 0 and done < n:
            os.kill(os.getpid(), signal.SIGSTOP)
    t0, c0 = clock(), cpu()
    state.regroup(recent_only=True)
    elapsed += clock() - t0
    cpu_used += cpu() - c0
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    active = state.assignments()
    scored = [(str(e), active[d.article_id]) for d, e in tail if d.article_id in active]
    s = score_clusters([g for g, _ in scored], [p for _, p in scored])
    return {
        "articles": n,
        "seconds": elapsed,
        "per_s": n / elapsed,
        "us_per_article": 1e6 * elapsed / n,
        "cpu_us_per_article": 1e6 * cpu_used / n,
        "peak_mb": peak_mb,
        "active_articles": len(state),
        "regroups": regroups,
        "tail_pair_f1": s.pair_f1,
        "tail_b3_f1": s.b3_f1,
    }


def throughput(sizes: list[int], *, same_year: bool) -> None:
    """Cluster each size in its own process and print the figures against the first size.

    Default: the stream arrives at ``RATE`` articles a day, so a larger corpus is a longer
    history with the same crowding in the window (1,000,000 articles = a year). With
    ``same_year`` every size is spread over one year instead, so the window holds 100 times
    more articles at 1,000,000 than at 10,000: what crowding costs.
    """
    how = "every size over one year" if same_year else f"{RATE:,.0f} articles a day"
    print(
        f"\n== throughput (generated stream, {how}; merge_events every {MERGE_HOURS} h and"
        f" regroup of the events active in the last half window every {REGROUP_HOURS} h of"
        " publication time)"
    )
    base_us = base_cpu = None
    first = f"{sizes[0] // 1000}k"
    for n in sizes:
        days = 365.0 if same_year else 0.0
        # the machine is shared: the least disturbed of three runs (one run at a million)
        refs: list[float] = []
        if n >= 1_000_000 and hasattr(signal, "SIGSTOP"):
            runs, refs = _paused_run(n, days, sizes[0])
        else:
            runs = [_run(n, days) for _ in range(1 if n >= 1_000_000 else 3)]
        r = min(runs, key=lambda run: run["cpu_us_per_article"])
        base_us = base_us or r["us_per_article"]
        base_cpu = base_cpu or r["cpu_us_per_article"]
        print(
            f"{n:>9,} articles: {r['per_s']:6.0f} articles/s wall, {r['us_per_article']:6.1f} µs"
            f" (x{r['us_per_article'] / base_us:.2f} of {first}); CPU"
            f" {r['cpu_us_per_article']:6.1f} µs = {1e6 / r['cpu_us_per_article']:6.0f} articles/s"
            f" (x{r['cpu_us_per_article'] / base_cpu:.2f} of {first}); peak RSS"
            f" {r['peak_mb']:.0f} MB; active at end {r['active_articles']:,}; last-5000 pairwise"
            f" F1 {100 * r['tail_pair_f1']:.1f}, B-cubed F1 {100 * r['tail_b3_f1']:.1f}"
        )
        if refs:
            mid = statistics.median(refs)
            print(
                f"{'':>9}  against the {len(refs)} runs of {first} made during it, in its pauses"
                f" (the same load): CPU x{r['cpu_us_per_article'] / mid:.2f} of their median"
                f" {mid:.1f} µs (they ranged {min(refs):.1f}-{max(refs):.1f} µs)"
            )


def _run(n: int, days: float, *extra: str) -> dict[str, float]:
    proc = subprocess.run(
        [sys.executable, __file__, "--_stream", str(n), "--_days", str(days), *extra],
        capture_output=True,
        text=True,
        check=True,
    )
    return dict(json.loads(proc.stdout.strip().splitlines()[-1]))


def _paused_run(n: int, days: float, ref: int) -> tuple[list[dict[str, float]], list[float]]:
    """One run of ``n`` articles that stops itself every tenth of the way; at each stop (and
    before and after it), a run of ``ref`` articles. A long run meets every change of the
    shared machine's load, a short one only its moment; the short runs made in the long one's
    pauses met the same loads, so the CPU ratio against them is the one the load skews least.
    Returns ``([the run], [the reference runs' CPU µs an article])``."""
    step = max(500, n // 10 // 500 * 500)
    cmd = [sys.executable, __file__, "--_stream", str(n), "--_days", str(days)]
    with tempfile.TemporaryFile("w+") as out:
        refs = [_run(ref, days)["cpu_us_per_article"]]  # (and one before, one after)
        proc = subprocess.Popen([*cmd, "--_pause", str(step)], stdout=out, text=True)
        while True:
            _, status = os.waitpid(proc.pid, os.WUNTRACED)
            if not os.WIFSTOPPED(status):
                break
            refs.append(_run(ref, days)["cpu_us_per_article"])
            os.kill(proc.pid, signal.SIGCONT)
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode:
            raise subprocess.CalledProcessError(proc.returncode, cmd)
        refs.append(_run(ref, days)["cpu_us_per_article"])
        out.seek(0)
        return [json.loads(out.read().strip().splitlines()[-1])], refs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--data", type=Path, default=None, help="shared data folder")
    ap.add_argument("--out", type=Path, default=None, help="write PRED CSVs (id,cluster) here")
    ap.add_argument("--throughput", action="store_true", help="also measure throughput")
    ap.add_argument("--million", action="store_true", help="throughput at 1,000,000 too")
    ap.add_argument("--no-quality", action="store_true", help="skip the AllSides sets")
    ap.add_argument(
        "--same-year", action="store_true", help="throughput with every size over one year"
    )
    ap.add_argument("--_stream", type=int, default=0, help=argparse.SUPPRESS)
    ap.add_argument("--_days", type=float, default=0.0, help=argparse.SUPPRESS)
    ap.add_argument("--_pause", type=int, default=0, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args._stream:
        print(json.dumps(run_stream(args._stream, args._days, args._pause)))
        return
    if not args.no_quality:
        quality(args.data or default_data(), args.out)
    if args.throughput or args.million or args.same_year:
        sizes = [10_000, 100_000] + ([1_000_000] if args.million else [])
        throughput(sizes, same_year=args.same_year)


if __name__ == "__main__":
    main()
