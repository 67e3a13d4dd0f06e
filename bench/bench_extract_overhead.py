"""Benchmark: `aggregator extract` against plain ``trafilatura.extract`` on the same generic pages.

One run prints our time, plain trafilatura's time on the same pages in the same number of
processes (one), and the ratio; then the bag-of-words F1 of both against the gold text.

Pages (``--pages DIR``), either layout:

- the ScrapingHub article-extraction benchmark: ``DIR/ground-truth.json``
  (``{id: {"articleBody", "url"}}``) and ``DIR/html/<id>.html.gz`` (181 pages);
- a shared-data outlet folder or any folder with ``gold.jsonl`` (``file, url, body``).

Without ``--pages``: the shared outlet article pages with full gold text, read as generic pages
(each under a URL on a host without site rules, so the generic path runs: trafilatura plus our
metadata, post-processing and fallbacks).

Two timings, interleaved repeats, best of each and the median of the per-repeat CPU ratios
(the machine is shared: the CPU seconds are the steadier figure under load; wall seconds beside
them):

- ``job``: the `aggregator extract` job in this process (``extract_pages`` over a manifest, each
  record serialised as the command prints it) vs a loop reading the same files and calling
  ``trafilatura.extract(bytes, url=..., include_comments=False, include_tables=True)``;
- ``per page``: the same job and loop page by page, each page run by both back to back (the
  order alternating) in every repeat, the per-page medians summed: the figure least moved by
  a shared machine's load;
- ``command`` (``--command``): the whole command line, ``python -m aggregator extract --manifest
  M > /dev/null``, vs ``python`` running that plain loop, start-up and imports included.

- ``--copies N`` (with ``--command``): the command again on the pages repeated to N pages, so
  the start-up weighs as it does on a batch of N (the 181 ScrapingHub pages: ``--copies 181``).

    .venv/bin/python bench/bench_extract_overhead.py [--pages DIR] [--repeats N] [--command]
        [--copies N]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import trafilatura

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_extract import page_counts, prf

from aggregator.pipeline.extract import SavedPage, extract_pages, read_manifest

REPO = Path(__file__).resolve().parent.parent
GENERIC_HOST = "https://pages.example.net/"  # no site rules: the generic path

_PLAIN_LOOP = """
import json, sys, trafilatura
from pathlib import Path
manifest = Path(sys.argv[1])
for line in manifest.read_text(encoding="utf-8").splitlines():
    item = json.loads(line)
    raw = (manifest.parent / item["file"]).read_bytes()
    text = trafilatura.extract(raw, url=item["url"], include_comments=False, include_tables=True)
    print(json.dumps({"file": item["file"], "text": text}, ensure_ascii=False))
"""


Page = tuple[str, bytes, str, str]  # name, page bytes, url, gold body


def load_pages(pages: Path | None, data: Path) -> list[Page]:
    """(name, page bytes, url, gold body) of each page with gold text."""
    out: list[Page] = []
    if pages is not None and (pages / "ground-truth.json").is_file():
        truth = json.loads((pages / "ground-truth.json").read_text(encoding="utf-8"))
        for key, item in sorted(truth.items()):
            path = pages / "html" / f"{key}.html.gz"
            raw = gzip.decompress(path.read_bytes()) if path.is_file() else b""
            if raw:
                out.append((f"{key}.html", raw, item.get("url") or "", item["articleBody"]))
        return out
    folders = [pages] if pages is not None else sorted((data / "outlets").iterdir())
    for folder in folders:
        gold = folder / "gold.jsonl"
        if not gold.is_file():
            continue
        for line in gold.read_text(encoding="utf-8").splitlines():
            rec = json.loads(line)
            if (rec.get("body") or "").strip():
                url = rec.get("url") or ""
                if pages is None:  # read as a generic page
                    url = f"{GENERIC_HOST}{folder.name}/{rec['file']}"
                raw = (folder / rec["file"]).read_bytes()
                out.append((f"{folder.name}__{rec['file']}", raw, url, rec["body"]))
    return out


def write_manifest(pages: list[Page], folder: Path) -> Path:
    manifest = folder / "pages.jsonl"
    with manifest.open("w", encoding="utf-8") as out:
        for name, raw, url, _ in pages:
            (folder / name).write_bytes(raw)
            out.write(json.dumps({"file": name, "url": url}) + "\n")
    return manifest


def run_ours(manifest: Path) -> dict[str, str]:
    """The `aggregator extract` job: each record serialised as the command prints it."""
    texts: dict[str, str] = {}
    for page in extract_pages(read_manifest(manifest), min_words=80):
        json.dumps(page.record, ensure_ascii=False)
        texts[page.path.name] = str(page.record.get("text") or "")
    return texts


def run_plain(manifest: Path) -> dict[str, str]:
    texts: dict[str, str] = {}
    for line in manifest.read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        raw = (manifest.parent / item["file"]).read_bytes()
        text = trafilatura.extract(
            raw, url=item["url"], include_comments=False, include_tables=True
        )
        json.dumps({"file": item["file"], "text": text}, ensure_ascii=False)
        texts[item["file"]] = text or ""
    return texts


Timing = tuple[float, float]  # (wall seconds, CPU seconds), each the best of the repeats


def _timed(run: Callable[[], object]) -> tuple[float, float, object]:
    wall, cpu = time.perf_counter(), time.process_time()
    out = run()
    return time.perf_counter() - wall, time.process_time() - cpu, out


def _best(runs: list[tuple[float, float]]) -> Timing:
    return min(r[0] for r in runs), min(r[1] for r in runs)


def _median_ratio(ours: list[tuple[float, float]], plain: list[tuple[float, float]]) -> float:
    """The median of the per-repeat CPU ratios ours / plain (each pair run back to back)."""
    ratios = sorted(o[1] / p[1] for o, p in zip(ours, plain, strict=True))
    return ratios[len(ratios) // 2]


def time_job(
    manifest: Path, repeats: int
) -> tuple[Timing, Timing, float, dict[str, str], dict[str, str]]:
    """Best (wall, CPU) of our job and of the plain loop, the median of the per-repeat CPU
    ratios, and the texts of each."""
    ours_t: list[tuple[float, float]] = []
    plain_t: list[tuple[float, float]] = []
    ours: object = {}
    plain: object = {}
    for _ in range(repeats):
        wall, cpu, plain = _timed(lambda: run_plain(manifest))
        plain_t.append((wall, cpu))
        wall, cpu, ours = _timed(lambda: run_ours(manifest))
        ours_t.append((wall, cpu))
    assert isinstance(ours, dict) and isinstance(plain, dict)
    return _best(ours_t), _best(plain_t), _median_ratio(ours_t, plain_t), ours, plain


def time_pages(manifest: Path, repeats: int) -> tuple[float, float]:
    """Page by page: each page extracted by our job and by plain trafilatura back to back (the
    order alternating), ``repeats`` rounds. Returns the CPU seconds of each, summed over the
    pages of each page's median: both see the same moments of a shared machine's load."""
    pages = read_manifest(manifest)
    ours_t: list[list[float]] = [[] for _ in pages]
    plain_t: list[list[float]] = [[] for _ in pages]

    def ours(page: SavedPage) -> None:
        for done in extract_pages([page], min_words=80):
            json.dumps(done.record, ensure_ascii=False)

    def plain(page: SavedPage) -> None:
        text = trafilatura.extract(
            page.path.read_bytes(), url=page.url, include_comments=False, include_tables=True
        )
        json.dumps({"file": page.path.name, "text": text}, ensure_ascii=False)

    for round_ in range(repeats):
        for i, page in enumerate(pages):
            runs = ((plain, plain_t), (ours, ours_t))
            for run, times in runs if (round_ + i) % 2 == 0 else runs[::-1]:
                cpu = time.process_time()
                run(page)
                times[i].append(time.process_time() - cpu)
    return (
        sum(statistics.median(t) for t in ours_t),
        sum(statistics.median(t) for t in plain_t),
    )


def _child_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def time_command(manifest: Path, repeats: int) -> tuple[Timing, Timing, float]:
    """Best (wall, CPU) of the command and of the plain loop, and the median of the per-repeat
    CPU ratios. Both run with compiled bytecode, as an installed package has it (pip compiles
    on install; a tree run with PYTHONDONTWRITEBYTECODE recompiles every module of ours at each
    start): the bytecode goes to a cache folder next to the manifest, filled by an untimed
    first run of each."""
    env = {"PYTHONPATH": str(REPO), **os.environ}  # (a PYTHONPATH given wins: another tree)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(manifest.parent / "pycache")
    ours_cmd = [sys.executable, "-m", "aggregator", "extract", "--manifest", str(manifest)]
    plain_cmd = [sys.executable, "-c", _PLAIN_LOOP, str(manifest)]
    for cmd in (plain_cmd, ours_cmd):
        subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, check=False)
    ours_t: list[tuple[float, float]] = []
    plain_t: list[tuple[float, float]] = []
    for _ in range(repeats):
        for cmd, runs in ((plain_cmd, plain_t), (ours_cmd, ours_t)):
            wall, cpu = time.perf_counter(), _child_cpu()
            subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, check=False)
            runs.append((time.perf_counter() - wall, _child_cpu() - cpu))
    return _best(ours_t), _best(plain_t), _median_ratio(ours_t, plain_t)


def _row(label: str, ours: Timing, plain: Timing, n: int, median: float | None = None) -> str:
    tail = f" (median of repeats {median:.2f}x)" if median is not None else ""
    return (
        f"{label:8} ours {ours[0]:6.2f} s wall {ours[1]:6.2f} s CPU ({1000 * ours[1] / n:5.1f} ms"
        f"/page) | plain trafilatura {plain[0]:6.2f} s wall {plain[1]:6.2f} s CPU"
        f" ({1000 * plain[1] / n:5.1f} ms/page) | ratio {ours[0] / plain[0]:.2f}x wall,"
        f" {ours[1] / plain[1]:.2f}x CPU{tail}"
    )


def copies_of(pages: list[Page], n: int) -> list[Page]:
    """``pages`` repeated (each copy its own file name) to ``n`` pages: a longer run of the
    fresh command, its start-up spread over as many pages as a real batch."""
    return [
        (f"{i // len(pages)}_{name}" if i >= len(pages) else name, raw, url, gold)
        for i, (name, raw, url, gold) in ((i, pages[i % len(pages)]) for i in range(n))
    ]


def main(argv: list[str] | None = None) -> int:
    default = os.environ.get("AGGREGATOR_SHARED_DATA") or str(REPO.parent / "shared" / "data")
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=Path(default), help="shared data folder")
    parser.add_argument("--pages", type=Path, help="page folder (see the module docstring)")
    parser.add_argument("--repeats", type=int, default=3, help="timed repeats, best kept")
    parser.add_argument("--command", action="store_true", help="also time the command line")
    parser.add_argument(
        "--copies",
        type=int,
        default=0,
        metavar="N",
        help="with --command: also time it on the pages repeated to N pages",
    )
    args = parser.parse_args(argv)
    pages = load_pages(args.pages, args.data)
    if not pages:
        print("no pages with gold text found; give --pages or --data", file=sys.stderr)
        return 2
    source = args.pages or f"{args.data}/outlets (read as generic pages)"
    load = " ".join(f"{v:.2f}" for v in os.getloadavg())
    print(f"{len(pages)} pages from {source}; 1 process each; best of {args.repeats};"
          f" load average {load}")  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        manifest = write_manifest(pages, Path(tmp))
        t_ours, t_plain, median, ours, plain = time_job(manifest, args.repeats)
        print(_row("job", t_ours, t_plain, len(pages), median))
        p_ours, p_plain = time_pages(manifest, args.repeats)
        print(
            f"{'per page':8} ours {1000 * p_ours / len(pages):5.1f} ms/page CPU | plain trafilatura"
            f" {1000 * p_plain / len(pages):5.1f} ms/page CPU | ratio {p_ours / p_plain:.2f}x CPU"
            " (each page back to back, the sum of per-page medians)"
        )
        if args.command:
            c_ours, c_plain, median = time_command(manifest, args.repeats)
            print(_row("command", c_ours, c_plain, len(pages), median))
        if args.command and args.copies > len(pages):
            longer = Path(tmp) / "copies"
            longer.mkdir()
            c_ours, c_plain, median = time_command(
                write_manifest(copies_of(pages, args.copies), longer), args.repeats
            )
            print(_row(f"cmd x{args.copies}", c_ours, c_plain, args.copies, median))
    print(f"{'bow':8} {'P':>7} {'R':>7} {'F1':>7}")
    for name, texts in (("plain", plain), ("ours", ours)):
        counts = [page_counts(gold, texts.get(file, ""), "bow") for file, _, _, gold in pages]
        p, r, f = prf(counts)
        print(f"{name:8} {p:7.4f} {r:7.4f} {f:7.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
