"""Scale-out benchmark: 1, 2 and 4 `aggregator worker` processes against one PostgreSQL.

A local server (bound to all interfaces, reached only through loopback addresses 127.0.0.x, one
per outlet so that every outlet is a distinct host) serves OUTLETS x 3 feeds x PER_FEED
generated articles. For each outlet count and worker count: a fresh database, the workers run
`--until-idle`, and the figures are wall time, pages/s, the politeness floor (the requests to one
host times `min_delay_s`, and that times the rounds that `total_concurrency` outlets per worker
force), per-host politeness measured from the server's own request log (the smallest gap between
two requests to one host), and how the outlets were shared (outlets and pages per worker, from
the fetch log).

    .venv/bin/python bench/bench_workers.py --outlets 4,60 --per-feed 10
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
from sqlalchemy.orm import Session

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import itertools

from aggregator.store.models import Article, FetchLog, Run
from aggregator.store.session import make_engine, session_factory, upgrade_database
from tests.support.pipeline import article_html, rss
from tests.support.postgres import LocalPostgres, find_bin_dir

FEEDS, MIN_DELAY, TOTAL_CONCURRENCY = 3, 0.2, 8
PER_FEED = 30  # set from --per-feed
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
        f"  total_concurrency: {TOTAL_CONCURRENCY}",
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


def sharing(session: Session) -> str:
    """Per worker process: the outlets it fetched from and the pages it fetched."""
    hosts: dict[int, set[str]] = defaultdict(set)
    pages: dict[int, int] = defaultdict(int)
    rows = session.execute(
        select(Run.pid, FetchLog.url)
        .join(Run, Run.id == FetchLog.run_id)
        .where(Run.pid.is_not(None))
    )
    for pid, url in rows:
        if pid is None:
            continue
        hosts[pid].add(url.split("/")[2])
        pages[pid] += 1
    shares = sorted(((len(hosts[p]), pages[p]) for p in hosts), reverse=True)
    return ", ".join(f"{o} outlets/{n} pages" for o, n in shares)


def run(args: argparse.Namespace, admin_url: str, site: Site, outlets: int) -> None:
    total = outlets * FEEDS * PER_FEED
    per_host = FEEDS * (1 + PER_FEED)
    floor = per_host * MIN_DELAY
    print(
        f"{outlets} outlets x {FEEDS} feeds x {PER_FEED} articles = {total} articles; "
        f"min_delay_s {MIN_DELAY} per host: {per_host} requests per host, floor {floor:.1f} s"
    )
    base_rate = None
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        cfg = config(outlets, site.server_address[1], work)
        admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
        for count in (int(c) for c in args.workers.split(",")):
            name = f"bench_{outlets}_{count}"
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
                    select(func.count()).select_from(Article).where(Article.status == "extracted")
                ).scalar_one()
                shared = sharing(session)
            engine.dispose()
            gap, under = politeness(site.log)
            rate = len(site.log) / wall
            base_rate = base_rate or rate
            rounds = -(-outlets // (TOTAL_CONCURRENCY * count))
            print(
                f"  {count} worker(s): {done}/{total} articles, {len(site.log)} pages in "
                f"{wall:.1f} s = {rate:.0f} pages/s ({rate / base_rate:.2f}x of 1 worker); "
                f"floor {floor * rounds:.1f} s; shared: {shared}; smallest gap to one host "
                f"{gap:.3f} s, {under:.1%} of gaps under min_delay"
            )


def main() -> None:
    global PER_FEED
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--outlets", default="4,60", help="outlet counts, comma-separated")
    parser.add_argument("--workers", default="1,2,4")
    parser.add_argument("--per-feed", type=int, default=10, help="articles per feed")
    args = parser.parse_args()
    PER_FEED = args.per_feed
    bin_dir = find_bin_dir()
    if bin_dir is None:
        sys.exit("PostgreSQL binaries not found (apt-get install postgresql)")
    pg = LocalPostgres(bin_dir)
    admin_url = pg.start()
    site = Site()
    threading.Thread(target=site.serve_forever, daemon=True).start()
    try:
        for outlets in (int(o) for o in args.outlets.split(",")):
            run(args, admin_url, site, outlets)
    finally:
        site.shutdown()
        pg.stop()


if __name__ == "__main__":
    main()
