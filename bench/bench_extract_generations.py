"""Benchmark: Guardian and BBC extraction scored one page generation left out at a time.

The site rules were written on the shared outlet pages; real pages come in layouts they were not
written for. Here the shared Guardian and BBC article pages (full gold text) are grouped by page
generation (Guardian 2011-2013 guardian.co.uk, 2014-2020, 2021+ DCR; BBC 2011-2014
``story-body``, 2015-2020 ``story-body__inner``, 2024+ Next.js). For each generation:

- its own selectors are switched off (``sites.blocks.layouts_left_out``), so its pages are read
  as an unseen layout: by the other generations' rules, the structural reader and the check
  against trafilatura (``parse.crosscheck``);
- the check's one threshold (``crosscheck.AGREE``) is chosen on the other generations' pages
  (all layouts known), then the left-out generation is scored with it.

Printed: per generation and overall, bag-of-words F1 (as ``shared/tools/score_extraction.py``
computes it: macro precision and recall over pages, F1 of the two) of plain
``trafilatura.extract``, of ours with every layout known, and of ours with the generation
left out. ``--pages N`` adds one row per page (generation left out): bag-of-words precision,
recall and F1 of plain trafilatura and of ours, the method that gave our text, and the N most
frequent tokens ours missed and added.

    .venv/bin/python bench/bench_extract_generations.py [--data PATH] [--pages N]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_extract import Counts, page_counts, page_errors, plain_trafilatura, prf

from aggregator.errors import ExtractError
from aggregator.parse import crosscheck
from aggregator.parse.extract import extract_article
from aggregator.parse.sites.blocks import layouts_left_out

REPO = Path(__file__).resolve().parent.parent
THRESHOLDS = (0.6, 0.7, 0.8, 0.9)
_YEAR = re.compile(r"/(20\d\d)/")


def generation(outlet: str, url: str, html: bytes) -> str:
    """The page's layout generation, as the readers tag their selectors."""
    if outlet == "guardian":
        match = _YEAR.search(url)
        year = int(match.group(1)) if match else 2024
        if b'id="article-body-blocks"' in html:
            return "guardian:2011"
        return "guardian:2014" if year < 2021 else "guardian:2024"
    if b'data-component="text-block"' in html or b"__NEXT_DATA__" in html:
        return "bbc:2024"
    if b"story-body__inner" in html:
        return "bbc:2015"
    return "bbc:2011"


Page = tuple[str, str, bytes, str, str]  # generation, file, html, url, gold body


def load(data: Path) -> list[Page]:
    pages: list[Page] = []
    for outlet in ("guardian", "bbc"):
        folder = data / "outlets" / outlet
        for line in (folder / "gold.jsonl").read_text(encoding="utf-8").splitlines():
            rec = json.loads(line)
            if not (rec.get("body") or "").strip():
                continue
            html = (folder / rec["file"]).read_bytes()
            url = rec.get("url") or ""
            pages.append((generation(outlet, url, html), rec["file"], html, url, rec["body"]))
    return pages


def f1(counts: list[Counts]) -> float:
    return prf(counts)[2] if counts else 0.0


def ours(html: bytes, url: str) -> tuple[str, str]:
    """(our text of the page, the method that found it)."""
    try:
        x = extract_article(html, url=url)
    except ExtractError:
        return "", "error"
    return x.text, x.method


TEXTS: dict[str, tuple[str, str]] = {}  # file -> (text, method) of its left-out run


def score(pages: list[Page], agree: float, left_out: frozenset[str]) -> dict[str, Counts]:
    crosscheck.AGREE = agree
    out: dict[str, Counts] = {}
    with layouts_left_out(left_out):
        for _, file, html, url, gold in pages:
            text, method = ours(html, url)
            if left_out:
                TEXTS[file] = (text, method)
            out[file] = page_counts(gold, text, "bow")
    return out


def page_rows(
    pages: list[Page], plain: dict[str, Counts], left: dict[str, Counts], top: int
) -> None:
    """One row per page: plain trafilatura's and our left-out P/R/F1, method, tokens off."""
    print(f"\nper page, generation left out (P R F1); top {top} missed | extra tokens of ours")
    for group, file, _, _, gold in sorted(pages, key=lambda p: (p[0], prf([left[p[1]]])[2])):
        text, method = TEXTS[file]
        a, b = prf([plain[file]]), prf([left[file]])
        missed, extra, summary = page_errors(gold, text, top)
        print(f"{group:13} {file[:44]:44} traf {a[0]:.3f} {a[1]:.3f} {a[2]:.3f}"
              f"  ours {b[0]:.3f} {b[1]:.3f} {b[2]:.3f}  {method}")  # fmt: skip
        print(f"    {missed} missed, {extra} extra: {summary}")


def main(argv: list[str] | None = None) -> int:
    default = os.environ.get("AGGREGATOR_SHARED_DATA") or str(REPO.parent / "shared" / "data")
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=Path(default), help="shared data folder")
    parser.add_argument("--pages", type=int, default=0, help="per-page rows, top N tokens off")
    args = parser.parse_args(argv)
    if not (args.data / "outlets").is_dir():
        print(f"no outlets/ folder under {args.data}; give --data", file=sys.stderr)
        return 2
    pages = load(args.data)
    default_agree = crosscheck.AGREE
    plain = {file: page_counts(gold, plain_trafilatura(html, url), "bow")
             for _, file, html, url, gold in pages}  # fmt: skip
    known = {a: score(pages, a, frozenset()) for a in THRESHOLDS}
    groups = sorted({p[0] for p in pages})
    print("bag-of-words F1; 'left out': the generation's own selectors off, AGREE tuned on the"
          " other generations")  # fmt: skip
    print(f"{'generation':14} {'pages':>5} {'trafilatura':>11} {'ours':>7} {'left out':>8}"
          f" {'AGREE':>5}")  # fmt: skip
    all_left: dict[str, Counts] = {}
    for group in groups:
        files = [p[1] for p in pages if p[0] == group]
        others = [p[1] for p in pages if p[0] != group]
        agree = max(THRESHOLDS, key=lambda a: f1([known[a][f] for f in others]))
        left = score([p for p in pages if p[0] == group], agree, frozenset({group}))
        all_left.update(left)
        print(f"{group:14} {len(files):5} {f1([plain[f] for f in files]):11.4f}"
              f" {f1([known[default_agree][f] for f in files]):7.4f}"
              f" {f1([left[f] for f in files]):8.4f} {agree:5.1f}")  # fmt: skip
    for outlet in sorted({g.split(":")[0] for g in groups}):
        files = [p[1] for p in pages if p[0].startswith(outlet + ":")]
        print(f"{outlet + ' (all)':14} {len(files):5} {f1([plain[f] for f in files]):11.4f}"
              f" {f1([known[default_agree][f] for f in files]):7.4f}"
              f" {f1([all_left[f] for f in files]):8.4f}")  # fmt: skip
    files = [p[1] for p in pages]
    print(f"{'overall':14} {len(files):5} {f1([plain[f] for f in files]):11.4f}"
          f" {f1([known[default_agree][f] for f in files]):7.4f}"
          f" {f1([all_left[f] for f in files]):8.4f}")  # fmt: skip
    crosscheck.AGREE = default_agree
    if args.pages:
        page_rows(pages, plain, all_left, args.pages)
    return 0


if __name__ == "__main__":
    sys.exit(main())
