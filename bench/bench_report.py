"""Benchmark of output/report/: time to write the HTML report of N synthetic events.

Each event has 3–6 outlets and 2–20 articles (a seeded random mix), with terms, quotes, shared
passages and omissions, so every section of the event page is rendered. The events are produced
by a generator, as the pipeline would stream them, so peak memory reflects ``write_report``.

    .venv/bin/python bench/bench_report.py [--events N] [--seed S] [--out DIR]

Prints events/s, pages written, size on disk and peak RSS; no pass/fail.
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

from aggregator.output.report import write_report
from aggregator.records import (
    CompareArticle,
    EventComparison,
    Omission,
    OutletFraming,
    Quote,
    SharedPassage,
    TermScore,
)

OUTLETS = ("guardian", "bbc", "rt", "mid", "aljazeera", "dw", "france24")
WORDS = (
    "talks",
    "ceasefire",
    "minister",
    "said",
    "government",
    "officials",
    "statement",
    "sanctions",
    "border",
    "troops",
    "election",
    "parliament",
    "vote",
    "economy",
    "prices",
    "energy",
    "gas",
    "deal",
    "summit",
    "delegation",
    "agreement",
)
SPEAKERS = ("Lavrov", "Zakharova", "Zelenskyy", "Guterres", "Scholz", "Macron", "a spokesperson")
START = datetime(2026, 1, 1, tzinfo=UTC)


def sentence(rnd: random.Random, n: int = 14) -> str:
    return " ".join(rnd.choice(WORDS) for _ in range(n)).capitalize() + "."


def synthetic_event(i: int, rnd: random.Random) -> tuple[EventComparison, list[CompareArticle]]:
    outlets = rnd.sample(OUTLETS, rnd.randint(3, 6))
    n_articles = rnd.randint(max(2, len(outlets)), 20)
    start = START + timedelta(hours=i * 3)
    shared_text = sentence(rnd, 18)
    articles: list[CompareArticle] = []
    for k in range(n_articles):
        outlet = outlets[k % len(outlets)]
        paragraphs = [sentence(rnd) for _ in range(rnd.randint(5, 25))]
        if rnd.random() < 0.4:
            paragraphs.insert(1, shared_text)
        text = "\n".join(paragraphs)
        articles.append(
            CompareArticle(
                article_id=i * 100 + k,
                outlet=outlet,
                url=f"https://{outlet}.example/{i}/{k}",
                title=sentence(rnd, 9).rstrip("."),
                lede=paragraphs[0],
                text=text,
                published=start + timedelta(minutes=rnd.randint(0, 2000)),
                authors=("A. Reporter",),
                section="world",
                word_count=len(text.split()),
            )
        )
    first = min(a.published for a in articles if a.published)
    framings = []
    for outlet in outlets:
        mine = [a for a in articles if a.outlet == outlet]
        published = min(a.published for a in mine if a.published)
        framings.append(
            OutletFraming(
                outlet=outlet,
                article_ids=tuple(a.article_id for a in mine),
                headline=mine[0].title,
                lede=mine[0].lede,
                section="world",
                authors=("A. Reporter",),
                word_count=sum(a.word_count for a in mine),
                first_published=published,
                lag_s=(published - first).total_seconds(),
                last_modified=None,
                summary_only=False,
                quote_count=3,
                speakers=(("Lavrov", 2),),
                exclusive_speakers=(),
                entities=(("Geneva", 3), ("UN", 1)),
                shared_share=0.1,
                independent=True,
            )
        )
    terms = tuple(
        TermScore(o, rnd.choice(WORDS), rnd.randint(1, 9), rnd.uniform(-3, 4), sentence(rnd))
        for o in outlets
        for _ in range(10)
    )
    quotes = tuple(
        Quote(a.outlet, a.article_id, rnd.choice(SPEAKERS), sentence(rnd, 6), sentence(rnd))
        for a in articles
        for _ in range(rnd.randint(0, 3))
    )
    shared = (SharedPassage(shared_text, tuple(outlets[:2]), (), outlets[0], first),)
    omissions = (Omission(outlets[-1], "entity", "Geneva", tuple(outlets[:-1])),)
    comparison = EventComparison(
        event_key=f"ev-{i:05d}",
        label=sentence(rnd, 8).rstrip("."),
        single_source=False,
        outlets=tuple(framings),
        terms=terms,
        quotes=quotes,
        shared=shared,
        omissions=omissions,
        independent_outlets=len(outlets),
    )
    return comparison, articles


def events(n: int, seed: int) -> Iterator[tuple[EventComparison, list[CompareArticle]]]:
    rnd = random.Random(seed)
    for i in range(n):
        yield synthetic_event(i, rnd)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, default=None, help="keep the report here")
    args = parser.parse_args(argv)

    # Time generation alone, so the report's own share can be told apart.
    t0 = time.perf_counter()
    for _ in events(args.events, args.seed):
        pass
    gen_s = time.perf_counter() - t0

    with tempfile.TemporaryDirectory(prefix="bench-report-") as tmp:
        out = args.out or Path(tmp) / "report"
        t0 = time.perf_counter()
        summary = write_report(
            events(args.events, args.seed), out_dir=out, generated_at=datetime.now(UTC)
        )
        total_s = time.perf_counter() - t0
        size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())

    report_s = max(total_s - gen_s, 1e-9)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB
    print(f"events            {summary.pages}")
    print(f"total             {total_s:.2f} s  (incl. {gen_s:.2f} s generating input)")
    print(f"write_report      {report_s:.2f} s  = {summary.pages / report_s:,.0f} events/s")
    print(
        f"size on disk      {size / 1e6:.1f} MB  ({size / max(summary.pages, 1) / 1e3:.0f} kB/page)"
    )
    print(f"peak RSS          {peak_mb:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
