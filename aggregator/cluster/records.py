"""Settings and records of the cluster stage: what goes in besides ``ClusterDoc``, what comes out.

Input: nothing (definitions only). Output: ``ClusterSettings`` and the frozen results that
``cluster_state.ClusterState`` and ``cluster.cluster_articles`` return.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

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
    # merge_threshold 0.25, cluster_embed.tuned: best on the AllSides dev set, see
    # bench_cluster_embeddings.py)
    embedding_weight: float = 0.3
    terms: TermWeights = field(default_factory=TermWeights)


@dataclass(frozen=True)
class Assignment:
    """Where one article went: its event, whether it founded it, and the deciding figures."""

    article_id: int
    event_key: str
    is_new_event: bool
    score: float
    components: dict[str, float]


@dataclass(frozen=True)
class Candidate:
    """One candidate event for an article, with the similarity components behind its score.

    ``score`` is the average-linkage figure the decision uses (mutual neighbours only);
    ``best_article`` the highest cosine to one member; ``centroid`` the cosine to the event's
    centroid; ``title_similarity`` rapidfuzz's token-set ratio to the event's headline (0..1).
    """

    event_key: str
    score: float
    mutual_stories: int
    best_article: float
    centroid: float
    title_similarity: float
    shared_terms: tuple[str, ...]
    headline: str

    @property
    def cosine(self) -> float:
        """The cosine to the event's centroid (an alias of ``centroid``)."""
        return self.centroid


@dataclass(frozen=True)
class Merge:
    """Event ``old_key`` was folded into event ``new_key`` (the older of the two survives)."""

    old_key: str
    new_key: str
    similarity: float


@dataclass(frozen=True)
class EventLabel:
    """A readable summary of one event."""

    event_key: str
    headline: str
    top_terms: tuple[str, ...]
    first_published: datetime | None
    last_published: datetime | None
    outlets: tuple[str, ...]
    article_count: int


@dataclass(frozen=True)
class ClusterResult:
    """A batch clustered from scratch: article id -> event key, labels, and the merges made."""

    assignments: dict[int, str]
    labels: dict[str, EventLabel]
    merges: tuple[Merge, ...]
