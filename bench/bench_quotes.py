"""Quotes against gold: precision, recall and attribution, ours beside the old quote finder.

Usage: .venv/bin/python bench/bench_quotes.py [--gold FILE ...] [--split dev|holdout|all]
       [--no-baseline] [--misses] [--lang en|ru] [--also COMMIT ...] [--data DIR] [--batch N]

Gold: framing JSONL (``{id, lang, text, gold: {quotes: [{speaker, quote}]}}``, optional ``split``;
or references to the shared text, joined by ``gold_texts.py``): by default
``bench/framing/en_dev.jsonl`` (English excerpts of the Guardian/BBC pages of ``<data>/outlets/``,
annotated by us; offsets and quote spans only), ``bench/framing/ru_quotes_dev.jsonl`` (Russian,
passages written by us; see ``bench/framing/QUOTES.md``), ``bench/framing/crossling_quotes.jsonl``
(English and Russian health news of ``crossling-dev``, annotated by us; the file holds ids,
character spans and speakers only, and the text is joined here from
``<data>/crossling-dev/articles.jsonl``; without that file the set is skipped, as every set whose
shared text is absent) and ``bench/framing/factru_quotes.jsonl`` (the 122 Russian political and
general news documents of factRuEval-2016's dev part, annotated by us in the same span form; text
joined from ``<data>/framing-dev/ner_ru_dev.jsonl``) and ``bench/framing/allsides_quotes.jsonl``
(500 US news excerpts, headline + lead, of ``<data>/clustering-dev/allsides_dev.jsonl``, annotated
by us in the same span form). Scored with the shared
``tools/score_framing.py`` (fuzzy quote match, attribution by the gold speaker's last name), found
next to ``--data`` (default ``$AGGREGATOR_SHARED_DATA`` or ``../shared/data``).

Rows: ``ours direct`` (quote marks and dash speech only: what the gold marks), ``ours all``
(with reported speech, which the gold does not mark, so its precision is lower by design), and
``old`` — the quote finder of commit ``BASELINE_COMMIT`` (before issue 14), run from a
``git archive`` of that commit in a subprocess, when the repository has it.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gold_texts import join_texts  # noqa: E402  (bench/, this script's folder)

BASELINE_COMMIT = "57c63a0"
GOLD = (
    ROOT / "bench" / "framing" / "en_dev.jsonl",
    ROOT / "bench" / "framing" / "ru_quotes_dev.jsonl",
    ROOT / "bench" / "framing" / "crossling_quotes.jsonl",
    ROOT / "bench" / "framing" / "factru_quotes.jsonl",
    ROOT / "bench" / "framing" / "allsides_quotes.jsonl",
)
_OLD_SCRIPT = """
import json, sys
from aggregator.compare.quotes import find_quotes
for line in sys.stdin:
    doc = json.loads(line)
    try:
        found = find_quotes(doc["text"], doc.get("lang"))
    except TypeError:  # the finder before issue 14 took the text only
        found = find_quotes(doc["text"])
    for item in found:
        if isinstance(item, tuple):
            speaker, quote = item[0], item[1]
        elif item.kind == "direct":
            speaker, quote = item.speaker.name if item.speaker else "", item.text
        else:
            continue
        print(json.dumps({"id": doc["id"], "speaker": speaker or "", "quote": quote}))
"""


def scorer(data: Path) -> ModuleType | None:
    """The shared ``score_framing.py``, imported from where it lies; None when absent."""
    path = data.parent / "tools" / "score_framing.py"
    spec = importlib.util.spec_from_file_location("score_framing", path)
    if spec is None or spec.loader is None or not path.exists():
        return None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def predict(docs: list[dict[str, Any]]) -> tuple[list[dict[str, str]], str]:
    """Our quote rows (``id, speaker, quote, kind``) for ``docs`` and the time per document:
    the tagger's, then the quote pass's alone (CPU, the tagger's mentions given)."""
    from aggregator.compare.quotes import find_quotes
    from aggregator.language.entities import find_mentions

    rows: list[dict[str, str]] = []
    for doc in docs[:1]:  # load the models before timing
        find_quotes(doc["text"] + " ", doc.get("lang"))
    n = max(1, len(docs))
    started = time.process_time()
    tagged = [tuple(find_mentions(d["text"], d.get("lang") or "en")) for d in docs]
    tagger = (time.process_time() - started) * 1000 / n
    started = time.process_time()
    for doc, mentions in zip(docs, tagged, strict=True):
        for found in find_quotes(doc["text"], doc.get("lang"), mentions):
            speaker = found.speaker.name if found.speaker else ""
            rows.append(
                {"id": doc["id"], "speaker": speaker, "quote": found.text, "kind": found.kind}
            )
    quotes = (time.process_time() - started) * 1000 / n
    return rows, f"tagger {tagger:.1f} ms + quote pass {quotes:.2f} ms CPU/doc"


def predict_old(
    docs: list[dict[str, Any]], commit: str = BASELINE_COMMIT
) -> list[dict[str, str]] | None:
    """A baseline's rows (direct quotes), from a ``git archive`` of ``commit``; None without
    git or that commit."""
    with tempfile.TemporaryDirectory() as tmp:
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", commit, "aggregator"],
            capture_output=True,
            check=False,
        )
        if archive.returncode != 0:
            return None
        subprocess.run(["tar", "-x", "-C", tmp], input=archive.stdout, check=True)
        env = {**os.environ, "PYTHONPATH": tmp}
        out = subprocess.run(
            [sys.executable, "-c", _OLD_SCRIPT],
            input="".join(json.dumps(d) + "\n" for d in docs),
            capture_output=True,
            text=True,
            env=env,
            check=True,
            cwd=tmp,
        )
    return [json.loads(line) for line in out.stdout.splitlines() if line.strip()]


def line(name: str, result: dict[str, Any], extra: str = "") -> str:
    no_speaker = result.get("no_speaker")
    return (
        f"  {name:12s} P {result['precision']:.3f}  R {result['recall']:.3f}  "
        f"attribution {result['attribution_found']:.3f} of {result['named_found']} found "
        f"({result['attribution_all']:.3f} of all {result['gold_named']} named)  "
        f"pred {result['pred']}"
        + (f", no speaker {no_speaker:.0%}" if no_speaker is not None else "")
        + extra
    )


def misses(docs: list[dict[str, Any]], rows: list[dict[str, str]], sf: ModuleType) -> None:
    """Print each gold quote not found or attributed wrongly, and each extra prediction."""
    by_id: dict[str, list[dict[str, str]]] = {}
    for row in rows:
        by_id.setdefault(row["id"], []).append(row)
    for doc in docs:
        preds = by_id.get(doc["id"], [])
        for quote in doc["gold"]["quotes"]:
            gold = sf.norm(quote["quote"])
            scored = [(sf.match(gold, sf.norm(r["quote"])), k) for k, r in enumerate(preds)]
            best = preds[max(scored)[1]] if scored else None  # as the scorer picks
            if best is None or not sf.match(gold, sf.norm(best["quote"])):
                print(f"    {doc['id']} MISSED {quote['quote'][:70]!r} ({quote['speaker']})")
            elif quote["speaker"] and not sf.speaker_ok(quote["speaker"], best["speaker"]):
                print(
                    f"    {doc['id']} SPEAKER {best['speaker']!r} for {quote['speaker']!r}: "
                    f"{quote['quote'][:50]!r}"
                )
        gold_all = [sf.norm(q["quote"]) for q in doc["gold"]["quotes"]]
        gold_all += [sf.norm(q["quote"]) for q in doc["gold"].get("quotes_optional", [])]
        for row in preds:
            if not any(sf.match(g, sf.norm(row["quote"])) for g in gold_all):
                print(
                    f"    {doc['id']} EXTRA {row.get('kind', '')} {row['quote'][:60]!r} "
                    f"({row['speaker']})"
                )


def run(
    path: Path,
    split: str,
    sf: ModuleType,
    *,
    baseline: bool,
    show: bool,
    data: Path,
    lang: str | None = None,
    also: tuple[str, ...] = (),
    batch: int | None = None,
) -> None:
    docs = [json.loads(x) for x in path.read_text("utf-8").splitlines() if x.strip()]
    if batch is not None:
        docs = [d for d in docs if d.get("batch", 1) == batch]
    if split != "all":
        docs = [d for d in docs if d.get("split", "dev") == split]
    languages = sorted({d.get("lang", "") for d in docs})
    if lang:
        languages = [x for x in languages if x == lang]
    for language in languages:
        part = [d for d in docs if d.get("lang", "") == language]
        joined = join_texts(part, data, path.name)
        if joined is None:
            print(f"== {path.name}: not the shared text it refers to under {data}; skipped")
            return
        label = f"{path.name} [{split}{', ' + language if len(languages) > 1 or lang else ''}]"
        run_docs(label, joined, sf, baseline=baseline, show=show, also=also)


def run_docs(
    label: str,
    docs: list[dict[str, Any]],
    sf: ModuleType,
    *,
    baseline: bool,
    show: bool,
    also: tuple[str, ...] = (),
) -> None:
    if not docs:
        return
    n_gold = sum(len(d["gold"]["quotes"]) for d in docs)
    print(f"== {label}: {len(docs)} documents, {n_gold} gold quotes")
    rows, ms = predict(docs)
    direct = [r for r in rows if r["kind"] == "direct"]
    for name, chosen in (("ours direct", direct), ("ours all", rows)):
        result = sf.score_quotes(docs, chosen)
        result["no_speaker"] = sum(1 for r in chosen if not r["speaker"]) / max(1, len(chosen))
        print(line(name, result, f"  ({ms})" if name == "ours all" else ""))
    for commit in [BASELINE_COMMIT, *also] if baseline else also:
        old = predict_old(docs, commit)
        name = "old" if commit == BASELINE_COMMIT else f"at {commit}"[:12]
        if old is None:
            print(f"  {name:12s} (commit {commit} not in this repository)")
        else:
            result = sf.score_quotes(docs, old)
            result["no_speaker"] = sum(1 for r in old if not r["speaker"]) / max(1, len(old))
            print(line(name, result, f"  (commit {commit})"))
    if show:
        misses(docs, rows, sf)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--gold", type=Path, nargs="*", default=list(GOLD))
    ap.add_argument("--split", choices=("dev", "holdout", "all"), default=None)
    ap.add_argument("--no-baseline", action="store_true")
    ap.add_argument("--misses", action="store_true", help="print every miss and extra quote")
    ap.add_argument("--lang", choices=("en", "ru"), default=None, help="one language only")
    ap.add_argument(
        "--also", nargs="*", default=[], help="more commits to score beside ours (e.g. a 'before')"
    )
    ap.add_argument(
        "--batch", type=int, default=None, help="one annotation batch of a gold file only"
    )
    default = os.environ.get("AGGREGATOR_SHARED_DATA") or str(ROOT.parent / "shared" / "data")
    ap.add_argument("--data", type=Path, default=Path(default), help="shared data folder")
    args = ap.parse_args(argv)
    sf = scorer(args.data.resolve())
    if sf is None:  # a fresh clone without ../shared: nothing to score against, not an error
        print(f"quotes: no score_framing.py next to {args.data}; skipped")
        return
    for path in args.gold:
        if not path.exists():
            print(f"== {path.name}: not found, skipped")
            continue
        for split in [args.split] if args.split else ["dev", "holdout"]:
            run(
                path,
                split,
                sf,
                baseline=not args.no_baseline,
                show=args.misses,
                data=args.data,
                lang=args.lang,
                also=tuple(args.also),
                batch=args.batch,
            )


if __name__ == "__main__":
    main()
