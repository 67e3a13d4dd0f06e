"""Revisit pass benchmark: N stored articles re-fetched from a local server on 127.0.0.1.

A first ingest stores N generated articles; then CHANGED% of the pages are edited for real,
half of the pages carry ETags (the others only Last-Modified-less bodies, so the body hash is
the only validator), and one revisit pass runs. Prints wall time, requests the server saw,
extractions run, versions stored (must equal the real changes), and peak RSS.

    .venv/bin/python bench/bench_revisit.py --articles 10000 --changed 0.02
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from sqlalchemy import func, select, update

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from aggregator.config import parse_settings
from aggregator.pipeline import run_ingest
from aggregator.records import utcnow
from aggregator.store.models import Article, ArticleVersion
from aggregator.store.session import make_engine, session_factory, upgrade_database
from tests.support.http import Exchange, Response, serve
from tests.support.pipeline import article_html, rss

PER_FEED = 200


class Pages:
    """Serves /a/<n>; pages with an even n carry an ETag and answer If-None-Match with 304."""

    def __init__(self, count: int) -> None:
        self.version = [0] * count
        self.requests = 0
        self.not_modified = 0

    def __call__(self, exchange: Exchange) -> Response:
        self.requests += 1
        n = int(exchange.request.path.rsplit("/", 1)[1])
        etag = f'"{n}-{self.version[n]}"'
        if n % 2 == 0 and exchange.request.header("if-none-match") == etag:
            self.not_modified += 1
            return Response(status=304, body=b"", content_type=None, headers=(("ETag", etag),))
        title = f"Story {n}" + (" (updated)" if self.version[n] else "")
        body = article_html(title, seed=n, paragraphs=5 + self.version[n])
        headers = (("ETag", etag),) if n % 2 == 0 else ()
        return Response(body=body, content_type="text/html; charset=utf-8", headers=headers)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=10000)
    parser.add_argument("--changed", type=float, default=0.02)
    args = parser.parse_args()
    pages = Pages(args.articles)
    with tempfile.TemporaryDirectory() as tmp, serve() as srv:
        work = Path(tmp)
        for start in range(0, args.articles, PER_FEED):
            links = [
                (f"Story {n}", srv.url(f"/a/{n}"))
                for n in range(start, min(start + PER_FEED, args.articles))
            ]
            srv.routes[f"/feed/{start // PER_FEED}"] = Response(
                body=rss(links), content_type="application/rss+xml"
            )
        for n in range(args.articles):
            srv.routes[f"/a/{n}"] = pages
        url = f"sqlite:///{work / 'revisit.sqlite'}"
        upgrade_database(make_engine(url))
        settings = parse_settings(
            {
                "settings": {
                    "min_delay_s": 0,
                    "concurrency": 8,
                    "total_concurrency": 8,
                    "max_articles_per_feed": PER_FEED,
                    "min_words": 40,
                    "archive_dir": str(work / "warc"),
                    "lock_dir": str(work),
                    "extract_processes": 1,
                },
                "outlets": {
                    "local": {
                        "allow_private": True,
                        "min_delay_s": 0,
                        "concurrency": 8,
                        "feeds": [
                            {"url": srv.url(f"/feed/{i}")}
                            for i in range((args.articles + PER_FEED - 1) // PER_FEED)
                        ],
                    }
                },
            },
            env={"AGGREGATOR_DATABASE_URL": url},
        )
        started = time.perf_counter()
        first = run_ingest(settings)
        print(
            f"first ingest: {first.counts.get('versions', 0)} articles stored in "
            f"{time.perf_counter() - started:.1f} s"
        )
        rng = random.Random(5)
        changed = rng.sample(range(args.articles), int(args.articles * args.changed))
        for n in changed:
            pages.version[n] = 1
        engine = make_engine(url)
        with session_factory(engine).begin() as session:
            session.execute(update(Article).values(next_revisit_at=utcnow() - timedelta(1)))
        pages.requests = pages.not_modified = 0
        started = time.perf_counter()
        second = run_ingest(settings)
        wall = time.perf_counter() - started
        with session_factory(engine)() as session:
            versions = session.execute(
                select(func.count()).select_from(ArticleVersion)
            ).scalar_one()
        c = second.counts
        print(
            f"revisit pass over {args.articles} articles ({len(changed)} changed, ETags on half):"
        )
        print(f"  wall time {wall:.1f} s = {args.articles / wall:.0f} articles/s")
        print(f"  page requests {pages.requests} (304 answered: {pages.not_modified})")
        print(
            f"  extractions run {c.get('revisit_extractions', 0)} (changed pages: {len(changed)})"
        )
        print(
            f"  new versions {c.get('revisions', 0)} (real changes: {len(changed)}); "
            f"versions in the database {versions}"
        )
        print(f"  peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
