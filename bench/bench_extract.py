"""Benchmark of the extract stage on the shared outlet pages: quality and throughput.

Quality: per outlet, ``extract_article().text`` versus plain ``trafilatura.extract`` (the shared
scorer's options: no comments, tables kept) on the article pages with full gold text; bag-of-words
and 4-word-shingle precision/recall/F1. The measures are reimplemented here as
``shared/tools/score_extraction.py`` defines them (tokens ``\\w+``; per-page tp/fp/fn normalised
to sum 1; precision and recall macro-averaged over pages; F1 of the two means).

Throughput: N pages through ``extract_article`` and through a bare ``trafilatura.extract`` loop in
one process (overhead %), then ``extract_article`` in a 2-process Pool (rate ratio vs 1 process).

    .venv/bin/python bench/bench_extract.py [--data PATH] [--pages N] [--errors N]

``--errors N`` adds a per-page error listing: for each page with full gold, ordered by tokens
missed + extra (largest first), the N most frequent missed and extra bag-of-words tokens.

``--data`` defaults to $AGGREGATOR_SHARED_DATA, else ../shared/data next to the repository.
Prints figures; no pass/fail.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from multiprocessing import Pool
from pathlib import Path

import trafilatura

from aggregator.errors import ExtractError
from aggregator.parse.extract import extract_article

REPO = Path(__file__).resolve().parent.parent
OUTLETS = ("guardian", "bbc", "rt")
TOKEN = re.compile(r"\w+")

Counts = tuple[float, float, float]


def units(text: str, mode: str) -> Counter[object]:
    toks = TOKEN.findall(text or "")
    if mode == "bow":
        return Counter(toks)
    if len(toks) < 4:
        return Counter([tuple(toks)]) if toks else Counter()
    return Counter(tuple(toks[i : i + 4]) for i in range(len(toks) - 3))


def page_counts(gold: str, pred: str, mode: str) -> Counts:
    g, p = units(gold, mode), units(pred, mode)
    tp = sum((g & p).values())
    fp = sum(p.values()) - tp
    fn = sum(g.values()) - tp
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def prf(counts: list[Counts]) -> tuple[float, float, float]:
    precs: list[float] = []
    recs: list[float] = []
    for tp, fp, fn in counts:
        if tp + fp > 0:
            precs.append(tp / (tp + fp))
        elif fn == 0:
            precs.append(1.0)
        if tp + fn > 0:
            recs.append(tp / (tp + fn))
        elif fp == 0:
            recs.append(1.0)
    p = statistics.mean(precs) if precs else 0.0
    r = statistics.mean(recs) if recs else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def plain_trafilatura(raw: bytes, url: str) -> str:
    return (
        trafilatura.extract(raw, url=url or None, include_comments=False, include_tables=True) or ""
    )


def ours(raw: bytes, url: str) -> str:
    try:
        return extract_article(raw, url=url).text
    except ExtractError:
        return ""


def page_errors(gold: str, pred: str, top: int) -> tuple[int, int, str]:
    """(tokens missed, tokens extra, a one-line summary of the ``top`` most frequent of each)."""
    g, p = units(gold, "bow"), units(pred, "bow")
    missed, extra = g - p, p - g

    def most(c: Counter[object]) -> str:
        return " ".join(f"{tok}:{n}" for tok, n in c.most_common(top))

    return sum(missed.values()), sum(extra.values()), f"missed {most(missed)} | extra {most(extra)}"


def quality(data: Path, errors: int = 0) -> None:
    print("quality: bag-of-words (bow) and 4-shingle (sh4) P/R/F1, pages with full gold text")
    print(f"{'outlet':9} {'pages':>5}  {'extractor':12} {'bow P':>7} {'bow R':>7} {'bow F1':>7}"
          f" {'sh4 P':>7} {'sh4 R':>7} {'sh4 F1':>7}")  # fmt: skip
    for outlet in OUTLETS:
        folder = data / "outlets" / outlet
        if not (folder / "gold.jsonl").is_file():
            continue
        golds = [json.loads(line) for line in (folder / "gold.jsonl").open(encoding="utf-8")]
        golds = [g for g in golds if (g.get("body") or "").strip()]
        for name, run in (("trafilatura", plain_trafilatura), ("aggregator", ours)):
            preds = [run((folder / g["file"]).read_bytes(), g.get("url") or "") for g in golds]
            row: list[float] = []
            for mode in ("bow", "shingle4"):
                row.extend(
                    prf(
                        [page_counts(g["body"], p, mode) for g, p in zip(golds, preds, strict=True)]
                    )
                )
            print(f"{outlet:9} {len(golds):>5}  {name:12} " + " ".join(f"{v:7.4f}" for v in row))
            if errors and name == "aggregator":
                listing = [
                    (*page_errors(g["body"], p, errors), g["file"])
                    for g, p in zip(golds, preds, strict=True)
                ]
                for missed, extra, summary, file in sorted(listing, key=lambda e: -e[0] - e[1]):
                    print(f"    {missed:4} missed {extra:4} extra  {file[:60]}\n      {summary}")


_PAGES: list[tuple[bytes, str]] = []


def _load_pages(data: Path) -> list[tuple[bytes, str]]:
    pages = []
    for outlet in OUTLETS:
        index = data / "outlets" / outlet / "index.jsonl"
        if not index.is_file():
            continue
        for line in index.open(encoding="utf-8"):
            rec = json.loads(line)
            if rec.get("kind") == "article":
                path = data / "outlets" / outlet / rec["file"]
                pages.append((path.read_bytes(), rec.get("url") or ""))
    return pages


def _init(data: str) -> None:
    _PAGES[:] = _load_pages(Path(data))


def _work(i: int) -> int:
    raw, url = _PAGES[i % len(_PAGES)]
    return len(ours(raw, url))


def _timed(run: Callable[[], object]) -> tuple[float, float]:
    """(wall seconds, CPU seconds of this process) of one call."""
    wall, cpu = time.perf_counter(), time.process_time()
    run()
    return time.perf_counter() - wall, time.process_time() - cpu


def throughput(data: Path, n: int, repeats: int) -> None:
    _init(str(data))
    if not _PAGES:
        print("throughput: no article pages found")
        return
    sample = [_PAGES[i % len(_PAGES)] for i in range(n)]
    size = sum(len(raw) for raw, _ in sample) / 1e6

    def run_traf() -> None:
        for raw, url in sample:
            plain_trafilatura(raw, url)

    def run_ours() -> None:
        for i in range(n):
            _work(i)

    # interleaved repeats, best of each: the machine is shared, the minimum is the least disturbed
    traf_runs, our_runs = [], []
    for _ in range(repeats):
        traf_runs.append(_timed(run_traf))
        our_runs.append(_timed(run_ours))
    t_traf, c_traf = min(r[0] for r in traf_runs), min(r[1] for r in traf_runs)
    t_ours, c_ours = min(r[0] for r in our_runs), min(r[1] for r in our_runs)
    load = " ".join(f"{v:.2f}" for v in os.getloadavg())
    print(f"throughput: {n} pages ({len(_PAGES)} distinct article pages, {size:.1f} MB),"
          f" best of {repeats}; load average {load}")  # fmt: skip
    print(f"  1 process, trafilatura.extract loop: {n / t_traf:6.1f} pages/s"
          f" ({1000 * t_traf / n:.1f} ms/page wall, {1000 * c_traf / n:.1f} ms CPU)")  # fmt: skip
    print(f"  1 process, extract_article loop:     {n / t_ours:6.1f} pages/s"
          f" ({1000 * t_ours / n:.1f} ms/page wall, {1000 * c_ours / n:.1f} ms CPU)")  # fmt: skip
    print(f"  overhead vs trafilatura: {100 * (t_ours - t_traf) / t_traf:+.1f}% wall,"
          f" {100 * (c_ours - c_traf) / c_traf:+.1f}% CPU")  # fmt: skip
    with Pool(2, initializer=_init, initargs=(str(data),)) as pool:
        pool.map(_work, range(4))  # warm up both workers
        pool_runs = [_timed(lambda: pool.map(_work, range(n), chunksize=2)) for _ in range(repeats)]
    t_pool = min(r[0] for r in pool_runs)
    print(f"  2 processes (Pool), extract_article: {n / t_pool:6.1f} pages/s;"
          f" ratio vs 1 process {t_ours / t_pool:.2f}x (cores: {os.cpu_count()})")  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    default = os.environ.get("AGGREGATOR_SHARED_DATA") or str(REPO.parent / "shared" / "data")
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=Path(default), help="shared data folder")
    parser.add_argument("--pages", type=int, default=200, help="pages for the throughput runs")
    parser.add_argument("--repeats", type=int, default=3, help="timed repeats, best kept")
    parser.add_argument("--skip-throughput", action="store_true")
    parser.add_argument("--errors", type=int, default=0, help="per-page error listing, top N")
    args = parser.parse_args(argv)
    if not (args.data / "outlets").is_dir():
        print(f"no outlets/ folder under {args.data}; give --data", file=sys.stderr)
        return 2
    quality(args.data, args.errors)
    if not args.skip_throughput:
        throughput(args.data, args.pages, args.repeats)
    return 0


if __name__ == "__main__":
    sys.exit(main())
