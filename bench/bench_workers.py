"""Scale-out benchmark: 1, 2 and 4 `aggregator worker` processes against one PostgreSQL.

A local server (bound to all interfaces, reached only through loopback addresses 127.0.0.x, one
per outlet so that every outlet is a distinct host) serves OUTLETS x 3 feeds x 30 generated
articles. For each worker count: a fresh database, the workers run `--until-idle`, and the
figures are wall time, articles/s, and per-host politeness measured from the server's own
request log (the smallest gap between two requests to one host, against `min_delay_s`).

    .venv/bin/python bench/bench_workers.py --outlets 200
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from sqlalchemy import create_engine, func, select, text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import itertools

from aggregator.store.models import Article
from aggregator.store.session import make_engine, session_factory, upgrade_database
from tests.support.pipeline import article_html, rss
from tests.support.postgres import LocalPostgres, find_bin_dir

FEEDS, PER_FEED, MIN_DELAY = 3, 30, 0.2
EXE = Path(sys.executable).parent / "aggregator"


class Site(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("0.0.0.0", 0), Handler)
        self.log: list[tuple[str, float]] = []
        self.lock = threading.Lock()


class Handler(BaseHTTPRequestHandler):
    server: Site

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        host = self.headers.get("Host", "").split(":")[0]
        with self.server.lock:
            self.server.log.append((host, time.monotonic()))
        parts = self.path.strip("/").split("/")
        port = self.server.server_address[1]
        if len(parts) == 2 and parts[1].endswith(".xml"):
            o, f = int(parts[0][1:]), int(parts[1][1:-4])
            links = [
                (f"Story {o}-{f}-{i}", f"http://{host}:{port}/o{o}/a/{f * PER_FEED + i}")
                for i in range(PER_FEED)
            ]
            body, ctype = rss(links), "application/rss+xml"
        elif len(parts) == 3 and parts[1] == "a":
            n = int(parts[0][1:]) * 1000 + int(parts[2])
            body, ctype = article_html(f"Story {n}", seed=n), "text/html; charset=utf-8"
        else:
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def config(outlets: int, port: int, work: Path) -> Path:
    lines = [
        "settings:",
        f"  lock_dir: {work}",
        f"  archive_dir: {work / 'warc'}",
        "  feed_interval_s: 36000",
        "  revisit: []",
        "  min_words: 40",
        "  extract_processes: 1",
        "  total_concurrency: 8",
        "outlets:",
    ]
    for o in range(outlets):
        host = f"127.0.{(o + 2) // 256}.{(o + 2) % 256}"
        lines += [
            f"  o{o}:",
            "    allow_private: true",
            f"    min_delay_s: {MIN_DELAY}",
            "    concurrency: 1",
            "    feeds:",
        ]
        lines += [f"      - url: http://{host}:{port}/o{o}/f{f}.xml" for f in range(FEEDS)]
    path = work / "feeds.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def politeness(log: list[tuple[str, float]]) -> tuple[float, float]:
    """(smallest gap between two requests to one host, share of gaps under MIN_DELAY)."""
    by_host: dict[str, list[float]] = defaultdict(list)
    for host, at in log:
        by_host[host].append(at)
    gaps = []
    for times in by_host.values():
        times.sort()
        gaps += [b - a for a, b in itertools.pairwise(times)]
    if not gaps:
        return 0.0, 0.0
    return min(gaps), sum(g < MIN_DELAY * 0.95 for g in gaps) / len(gaps)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--outlets", type=int, default=200)
    parser.add_argument("--workers", default="1,2,4")
    args = parser.parse_args()
    bin_dir = find_bin_dir()
    if bin_dir is None:
        sys.exit("PostgreSQL binaries not found (apt-get install postgresql)")
    pg = LocalPostgres(bin_dir)
    admin_url = pg.start()
    site = Site()
    threading.Thread(target=site.serve_forever, daemon=True).start()
    total = args.outlets * FEEDS * PER_FEED
    print(
        f"{args.outlets} outlets x {FEEDS} feeds x {PER_FEED} articles = {total} articles; "
        f"min_delay_s {MIN_DELAY} per host"
    )
    base_rate = None
    try:
        with tempfile.TemporaryDirectory() as tmp:
            work = Path(tmp)
            cfg = config(args.outlets, site.server_address[1], work)
            admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
            for count in (int(c) for c in args.workers.split(",")):
                name = f"bench_{count}"
                with admin.connect() as conn:
                    conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
                    conn.execute(text(f'CREATE DATABASE "{name}"'))
                url = admin_url.rsplit("/", 1)[0] + f"/{name}"
                upgrade_database(make_engine(url))
                site.log.clear()
                env = {**os.environ, "AGGREGATOR_DATABASE_URL": url}
                started = time.perf_counter()
                procs = [
                    subprocess.Popen(
                        [str(EXE), "--config", str(cfg), "worker", "--until-idle", "--poll", "1"],
                        env=env,
                        cwd=work,
                        stdout=subprocess.DEVNULL,
                        stderr=subprocess.DEVNULL,
                    )
                    for _ in range(count)
                ]
                for proc in procs:
                    proc.wait()
                wall = time.perf_counter() - started
                engine = make_engine(url)
                with session_factory(engine)() as session:
                    done = session.execute(
                        select(func.count())
                        .select_from(Article)
                        .where(Article.status == "extracted")
                    ).scalar_one()
                engine.dispose()
                gap, under = politeness(site.log)
                rate = done / wall
                base_rate = base_rate or rate
                print(
                    f"  {count} worker(s): {done}/{total} articles in {wall:.1f} s = "
                    f"{rate:.0f} articles/s ({rate / base_rate:.2f}x of 1 worker); "
                    f"{len(site.log)} requests; smallest gap to one host {gap:.3f} s, "
                    f"{under:.1%} of gaps under min_delay"
                )
    finally:
        site.shutdown()
        pg.stop()


if __name__ == "__main__":
    main()
