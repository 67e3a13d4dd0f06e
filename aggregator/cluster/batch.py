"""Articles -> events (pure: no DB, no HTTP): the stage function and its quality measures.

Input: ``ClusterDoc`` records. Output: ``ClusterResult`` (article id -> event key, labels,
merges) from ``cluster_articles`` for a rebuild; ``ClusterState`` (``state``) for
incremental work; ``score_clusters`` for pairwise and B-cubed precision/recall/F1 against
gold labels. How the clustering works is told in ``state``'s docstring. Also names the
stage's types for its callers (``__all__``), so the pipeline imports the stage from here.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from aggregator.cluster.records import Assignment, Candidate, ClusterResult, EventLabel, Merge
from aggregator.cluster.settings import ClusterSettings
from aggregator.cluster.state import ClusterState, Embedding
from aggregator.cluster.text import TermWeights
from aggregator.records import ClusterDoc

__all__ = [
    "Assignment",
    "Candidate",
    "ClusterResult",
    "ClusterScores",
    "ClusterSettings",
    "ClusterState",
    "Embedding",
    "EventLabel",
    "Merge",
    "TermWeights",
    "cluster_articles",
    "score_clusters",
]

log = logging.getLogger(__name__)


def _order_key(doc: ClusterDoc) -> tuple[int, datetime, int]:
    if doc.published is None:
        return (0, datetime.min, doc.article_id)
    return (1, doc.published.replace(tzinfo=None), doc.article_id)


def cluster_articles(
    docs: Sequence[ClusterDoc],
    *,
    settings: ClusterSettings,
    embeddings: Mapping[int, Embedding] | None = None,
) -> ClusterResult:
    """Cluster a batch from scratch: IDF over the whole batch, one pass, then agglomeration.

    Articles are taken in publication order (undated first, then by article id), so the same
    batch gives the same events whatever order it comes in. The window is regrouped before
    its oldest events leave it, and merged at the end. ``embeddings`` (article id -> unit
    sentence embedding, optional) blend into the similarity: see ``ClusterState``.
    """
    ordered = sorted(docs, key=_order_key)
    state = ClusterState(settings, batch=True, embeddings=embeddings)
    for doc in ordered:
        state.observe(doc)
    for doc in ordered:
        state.assign(doc, observed=True)
    merges = state.merge_events()
    labels = {**state.retired_labels, **{key: state.label(key) for key in state.event_keys()}}
    assignments = {**state.retired, **state.assignments()}
    log.info("clustered %s articles into %s events", len(ordered), len(labels))
    return ClusterResult(assignments, labels, tuple(merges))


def cluster_daily(
    docs: Sequence[ClusterDoc], *, settings: ClusterSettings | None = None
) -> dict[int, str]:
    """Cluster as the cron job would, one run a day in publication order: assign the day's
    articles, merge, regroup. An article whose event left the window keeps its last key.
    Returns article id -> event key (for benches and tests of the incremental path)."""
    state = ClusterState(settings or ClusterSettings())
    final: dict[int, str] = {}
    day = None
    for doc in sorted(docs, key=_order_key):
        if doc.published is None:
            raise ValueError(f"article {doc.article_id} has no publication time")
        if day is not None and doc.published.date() != day:
            state.merge_events()
            state.regroup()
            final.update(state.assignments())
        day = doc.published.date()
        final[doc.article_id] = state.assign(doc).event_key
    state.merge_events()
    state.regroup()
    final.update(state.assignments())
    return final


@dataclass(frozen=True)
class ClusterScores:
    """Pairwise (Miranda et al. 2018) and B-cubed precision, recall and F1, each in 0..1."""

    pair_p: float
    pair_r: float
    pair_f1: float
    b3_p: float
    b3_r: float
    b3_f1: float


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def score_clusters(gold: Sequence[Hashable], pred: Sequence[Hashable]) -> ClusterScores:
    """Score predicted labels against gold labels, item by item (equal-length sequences).

    Pairwise: over unordered item pairs, P = pairs together in both / pairs together in
    ``pred`` (0 when there are none), R likewise over ``gold``. B-cubed: per-item precision and
    recall of its predicted cluster, averaged over items.
    """
    if len(gold) != len(pred):
        raise ValueError(f"gold has {len(gold)} labels, pred {len(pred)}")
    if not gold:
        raise ValueError("nothing to score")
    cells = Counter(zip(gold, pred, strict=True))
    gold_sizes, pred_sizes = Counter(gold), Counter(pred)

    def pairs(n: int) -> int:
        return n * (n - 1) // 2

    together = sum(pairs(n) for n in cells.values())
    in_pred = sum(pairs(n) for n in pred_sizes.values())
    in_gold = sum(pairs(n) for n in gold_sizes.values())
    pair_p = together / in_pred if in_pred else 0.0
    pair_r = together / in_gold if in_gold else 0.0
    n = len(gold)
    b3_p = sum(c * c / pred_sizes[p] for (_, p), c in cells.items()) / n
    b3_r = sum(c * c / gold_sizes[g] for (g, _), c in cells.items()) / n
    return ClusterScores(pair_p, pair_r, _f1(pair_p, pair_r), b3_p, b3_r, _f1(b3_p, b3_r))
