"""The knobs of the cluster stage: ``ClusterSettings``, with defaults tuned on the AllSides set.

Input: nothing (definitions only). Output: the frozen settings that ``state.ClusterState``,
``batch.cluster_articles`` and ``embed.tuned`` read.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from aggregator.cluster.text import TermWeights


@dataclass(frozen=True)
class ClusterSettings:
    """Knobs of the clustering; defaults tuned on the AllSides dev set (bench_cluster.py)."""

    # candidates are articles published at most this far from the new one (config:
    # cluster_window_days); events ending two windows before the newest article are evicted
    window_days: float = 3.0
    # cosine at which an article is a near-copy of another (one story, counted once)
    copy_threshold: float = 0.7
    # linkage at which ``assign`` joins an event at once (high: merges do most joining)
    join_threshold: float = 0.4
    # ...or this many mutual links into one event at ``merge_threshold`` linkage (0 = off)
    join_links: int = 3
    # linkage (link weight per possible mutual link) at which two events merge
    merge_threshold: float = 0.2
    # a mutual link weighs its cosine plus this times its margin over both ends' weakest
    # kept neighbour (local scaling; 0 = the bare cosine)
    link_margin: float = 3.0
    # a link below this cosine keeps its bare cosine (no margin): in a sparse window (few
    # articles on any one event, as in a small Russian-language feed set) an article's
    # nearest neighbours are unrelated and the margin would lift a weak link past the merge
    # (0.2: Russian-only pairwise F1 on crossling-dev 61.8 -> 67.9, AllSides dev -0.2;
    # bench_crosslingual.py, bench_cluster.py)
    margin_floor: float = 0.2
    # ...and this between two Russian stories (0.3: Russian-only pairwise F1 on crossling-dev
    # 67.9 -> 72.7 rebuild, 64.3 -> 70.6 incremental, flat to 0.4; English links unaffected)
    margin_floor_ru: float = 0.3
    # opt-in second merge stage for large events: pieces of at least ``fragment_stories``
    # stories join when the mean cosine over all their article pairs passes this (0 = off)
    fragment_threshold: float = 0.0
    fragment_stories: int = 2
    # nearest other stories each story keeps; links are the mutual ones (not an event size)
    neighbours: int = 3
    # heaviest terms of an article looked up in the inverted index
    query_terms: int = 8
    # candidate articles, best index overlap first, whose exact cosine is computed
    exact_candidates: int = 15
    # most recent postings read per term: bounds the work per article in a crowded window
    max_postings: int = 200
    # heaviest terms of each article put in the inverted index (0 = all)
    index_terms: int = 30
    # with sentence embeddings given to ``ClusterState`` (the optional ``embeddings`` extra):
    # an article pair's similarity is (1 - w) * TF-IDF cosine + w * embedding cosine (0.3 with
    # merge_threshold 0.25, embed.tuned: best on the AllSides dev set, see
    # bench_cluster_embeddings.py)
    embedding_weight: float = 0.3
    # events in different languages merge when the cosine of their bridge-key sums (names,
    # places, numbers in one Latin-script form: ``bridge``) passes this with at least
    # ``bridge_keys`` keys shared (tuned on crossling-dev and tests/fixtures/crossling)
    bridge_threshold: float = 0.26
    bridge_keys: int = 3
    terms: TermWeights = field(default_factory=TermWeights)
