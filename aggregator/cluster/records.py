"""What the cluster stage returns besides event keys: assignments, candidates, merges, labels.

Input: nothing (definitions only). Output: the frozen results that ``state.ClusterState`` and
``batch.cluster_articles`` return.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


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

    ``score`` is the average-linkage figure the decision uses: the similarities of the
    article's mutual-neighbour links into the event over ``possible_links``; it is exactly
    ``term_part`` (their TF-IDF cosines) plus ``embedding_part`` (their embedding cosines,
    weighted; 0 when embeddings are off). ``margin_part`` is what ``link_margin`` adds to the
    links when events merge. ``decision`` names the threshold the figures pass.
    ``best_article`` is the highest similarity to one member (a near-copy above
    ``copy_threshold``); ``centroid`` the cosine to the event's centroid; ``title_similarity``
    rapidfuzz's token-set ratio to the event's headline (0..1; shown, not used to decide).
    ``bridge_score`` is the cross-language evidence (``bridge``): the cosine of the article's
    bridge keys to the event's articles in other languages, ``bridge_keys`` the keys they
    share, each with the words that gave it (``"lavr: Лаврова / Lavrov"``); 0 and empty when
    the event holds no other language.
    """

    event_key: str
    score: float
    mutual_stories: int
    best_article: float
    centroid: float
    title_similarity: float
    shared_terms: tuple[str, ...]
    headline: str
    term_part: float = 0.0
    embedding_part: float = 0.0
    margin_part: float = 0.0
    possible_links: int = 1
    decision: str = ""
    bridge_score: float = 0.0
    bridge_keys: tuple[str, ...] = ()

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
