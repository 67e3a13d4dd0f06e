"""Replay benchmark: N generated pages through `ingest --replay` into SQLite.

Prints wall time, pages/s, peak RSS (sampled during the run, so a growth with the page count
shows), the database size, and the same pages through a bare `trafilatura.extract` loop as the
baseline, on one core (extract_processes=1) and on every core.

    .venv/bin/python bench/bench_ingest.py --pages 5000
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


from aggregator.fetch.archive import WarcArchive
from aggregator.records import FetchResult
from aggregator.store.session import make_engine, upgrade_database

VOCAB = [
    "minister",
    "talks",
    "grain",
    "ports",
    "sanctions",
    "storm",
    "coast",
    "flood",
    "evacuation",
    "bank",
    "rate",
    "inflation",
    "embassy",
    "diplomat",
    "expel",
    "statement",
    "ceasefire",
    "shipment",
    "inspection",
    "treaty",
    "summit",
    "parliament",
    "vote",
    "budget",
    "deficit",
    "growth",
    "export",
    "wheat",
    "corridor",
    "navy",
    "drone",
    "strike",
    "court",
    "ruling",
    "protest",
    "election",
    "campaign",
    "poll",
    "governor",
    "region",
    "official",
    "spokesperson",
    "agency",
    "report",
    "analysts",
]
PER_FEED = 200


def page(i: int, rng: random.Random) -> bytes:
    paras = []
    for _ in range(rng.randint(6, 14)):
        words = [rng.choice(VOCAB) for _ in range(rng.randint(25, 60))]
        paras.append("<p>" + " ".join(words).capitalize() + ".</p>")
    title = " ".join(rng.choice(VOCAB) for _ in range(7)).capitalize()
    published = (datetime(2026, 1, 1, tzinfo=UTC) + timedelta(minutes=17 * i)).isoformat()
    return (
        f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{title}</title>"
        f"<link rel='canonical' href='https://news.example/a/{i}'>"
        f'<script type="application/ld+json">{{"@type":"NewsArticle","headline":"{title}",'
        f'"datePublished":"{published}"}}</script></head><body><nav><a href="/">Home</a>'
        f"<a href='/world'>World</a></nav><article><h1>{title}</h1>{''.join(paras)}</article>"
        "<aside>Most read: one two three</aside><footer>(c) News Example</footer></body></html>"
    ).encode()


def feed(links: list[str]) -> bytes:
    items = "".join(
        f"<item><title>Story {i}</title><link>{link}</link>"
        f"<description>Summary {i}</description></item>"
        for i, link in enumerate(links)
    )
    return (
        "<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>t</title>"
        f"<link>https://news.example/</link><description>d</description>{items}</channel></rss>"
    ).encode()


def result(url: str, body: bytes, ctype: str) -> FetchResult:
    return FetchResult(
        url=url,
        final_url=url,
        status=200,
        headers=(("Content-Type", ctype),),
        body=body,
        fetched_at=datetime.now(UTC),
        elapsed_s=0.01,
        body_sha256=hashlib.sha256(body).hexdigest(),
    )


def real_pages(data: Path) -> list[tuple[str, bytes]]:
    """The shared real article pages (read in place, never copied): (original URL, bytes)."""
    out = []
    for outlet in ("guardian", "bbc", "rt"):
        index = data / "outlets" / outlet / "index.jsonl"
        if not index.exists():
            continue
        for line in index.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            if row.get("kind") == "article" and row.get("url", "").startswith("http"):
                out.append((row["url"], (index.parent / row["file"]).read_bytes()))
    return out


def build(folder: Path, pages: int, data: Path | None) -> tuple[list[str], list[bytes]]:
    """Write feeds and N pages to WARC. With the shared data, the real article pages are
    cycled, each copy under a new URL that also replaces the page's own URL inside it (so its
    rel=canonical points at the copy and every copy stays a distinct article)."""
    rng = random.Random(7)
    feeds = []
    bodies = []
    real = real_pages(data) if data else []
    with WarcArchive(folder, max_bytes=50_000_000, prefix="bench") as archive:
        archive.write(result("https://news.example/robots.txt", b"User-agent: *\n", "text/plain"))
        links: dict[int, str] = {}
        for i in range(pages):
            url = f"https://news.example/a/{i}"
            if real:
                original, raw = real[i % len(real)]
                host = original.split("/")[2]
                url = f"https://{host}/bench/{i}"
                body = raw.replace(original.encode(), url.encode())
            else:
                body = page(i, rng)
            bodies.append(body)
            archive.write(result(url, body, "text/html"))
            links[i] = url
        for start in range(0, pages, PER_FEED):
            url = f"https://news.example/feed/{start // PER_FEED}.xml"
            feeds.append(url)
            stop = min(start + PER_FEED, pages)
            archive.write(
                result(url, feed([links[i] for i in range(start, stop)]), "application/rss+xml")
            )
        for host in {u.split("/")[2] for u in links.values()}:
            archive.write(result(f"https://{host}/robots.txt", b"User-agent: *\n", "text/plain"))
    return feeds, bodies


class RssSampler(threading.Thread):
    """Samples the RSS of process ``pid`` (and, for the peak, its children) every 0.2 s."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak = 0
        self.samples: list[tuple[float, int]] = []
        self._halt = threading.Event()

    def run(self) -> None:
        start = time.perf_counter()
        with contextlib.suppress(psutil.Error):
            proc = psutil.Process(self.pid)
            while not self._halt.wait(0.2):
                own = proc.memory_info().rss
                total = own
                for child in proc.children(recursive=True):
                    with contextlib.suppress(psutil.Error):
                        total += child.memory_info().rss
                self.peak = max(self.peak, total)
                self.samples.append((time.perf_counter() - start, own))

    def at(self, seconds: float) -> int:
        """The ingest process's RSS at the last sample before ``seconds``."""
        before = [rss for t, rss in self.samples if t <= seconds]
        return before[-1] if before else 0

    def stop(self) -> None:
        self._halt.set()
        self.join()


def replay(folder: Path, feeds: list[str], processes: int, work: Path) -> dict[str, float]:
    """`aggregator ingest --replay` in a process of its own, its memory sampled from outside
    (the process and its extraction workers): the figures are the run's, not this script's."""
    db = work / f"bench-{processes}.sqlite"
    url = f"sqlite:///{db}"
    upgrade_database(make_engine(url))
    config = work / f"feeds-{processes}.yaml"
    config.write_text(
        "settings:\n"
        f"  extract_processes: {processes}\n  max_articles_per_feed: {PER_FEED}\n"
        f"  min_words: 50\n  lock_dir: {work}\n  revisit: []\n"
        "outlets:\n  example:\n    feeds:\n" + "".join(f"      - url: {u}\n" for u in feeds),
        encoding="utf-8",
    )
    exe = Path(sys.executable).parent / "aggregator"
    started = time.perf_counter()
    proc = subprocess.Popen(
        [str(exe), "--config", str(config), "ingest", "--replay", str(folder)],
        env={**os.environ, "AGGREGATOR_DATABASE_URL": url},
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    sampler = RssSampler(proc.pid)
    sampler.start()
    out, _ = proc.communicate()
    wall = time.perf_counter() - started
    sampler.stop()
    pages = int(next((w.split("=")[1] for w in out.split() if w.startswith("pages=")), "0"))
    assert pages > 0, out
    print(
        f"  processes={processes or os.cpu_count()}: {pages} pages in {wall:.1f} s = "
        f"{pages / wall:.1f} pages/s; peak RSS of the run (with its workers) "
        f"{sampler.peak / 2**20:.0f} MiB; database {db.stat().st_size / 2**20:.1f} MiB"
    )
    quarters = [sampler.at(wall * q / 4) for q in (1, 2, 3, 4)]
    print(
        "    RSS of the ingest process at 1/4, 2/4, 3/4 and the end of the run: "
        + ", ".join(f"{rss / 2**20:.0f} MiB" for rss in quarters)
    )
    return {"wall": wall, "pages": pages}


def bare(bodies: list[bytes]) -> float:
    import trafilatura

    started = time.perf_counter()
    for body in bodies:
        trafilatura.extract(body.decode("utf-8", errors="replace"))
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=5000)
    parser.add_argument(
        "--data",
        type=Path,
        default=Path(os.environ.get("AGGREGATOR_SHARED_DATA", "../shared/data")),
    )
    parser.add_argument("--synthetic", action="store_true", help="generated pages only")
    parser.add_argument(
        "--modes", default="bare,1,0", help="bare (trafilatura loop), 1 (one core), 0 (all cores)"
    )
    args = parser.parse_args()
    data = None if args.synthetic or not (args.data / "outlets").is_dir() else args.data
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        folder = work / "warc"
        feeds, bodies = build(folder, args.pages, data)
        size = sum(f.stat().st_size for f in folder.iterdir())
        kind = f"real article pages from {data}, cycled" if data else "generated pages"
        print(f"replay of {args.pages} {kind} ({size / 2**20:.1f} MiB of WARC)")
        modes = args.modes.split(",")
        baseline = bare(bodies) if "bare" in modes else None
        if baseline:
            print(f"  bare trafilatura.extract loop, one core: {args.pages / baseline:.1f} pages/s")
        del bodies  # the replay reads the WARC files, not these
        runs = {mode: replay(folder, feeds, int(mode), work) for mode in modes if mode != "bare"}
        if baseline and "1" in runs:
            one = runs["1"]
            print(
                f"  pipeline on one core vs bare loop: "
                f"{one['pages'] / one['wall'] / (args.pages / baseline):.2f}x "
                f"(overhead {(one['wall'] / baseline - 1) * 100:+.0f}%)"
            )
        if "1" in runs and "0" in runs:
            ratio = (runs["0"]["pages"] / runs["0"]["wall"]) / (
                runs["1"]["pages"] / runs["1"]["wall"]
            )
            print(f"  pipeline on {os.cpu_count()} cores vs one core: {ratio:.2f}x")


if __name__ == "__main__":
    main()
