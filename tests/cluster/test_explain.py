"""`ClusterState.explain`: the score of each candidate is its parts (TF-IDF plus embedding)."""

from __future__ import annotations

import math
from datetime import UTC, datetime

from aggregator.cluster.state import ClusterState
from aggregator.records import ClusterDoc


class Unit:
    """A tiny unit vector with ``@`` as the dot product (a stand-in for a numpy embedding)."""

    def __init__(self, *values: float) -> None:
        norm = math.sqrt(sum(v * v for v in values))
        self.values = tuple(v / norm for v in values)

    def __matmul__(self, other: Unit, /) -> float:
        return sum(a * b for a, b in zip(self.values, other.values, strict=True))


DOCS = [
    ClusterDoc(
        1,
        "guardian",
        "Storm Dara floods coastal towns in Brittany",
        "Storm Dara brought floods to Brest and Quimper; rail services were suspended.",
        datetime(2026, 3, 2, 8, tzinfo=UTC),
    ),
    ClusterDoc(
        2,
        "rt",
        "French storm chaos: Dara floods Brest",
        "Storm Dara flooded Brest and Quimper as rail services were suspended.",
        datetime(2026, 3, 2, 11, tzinfo=UTC),
    ),
    ClusterDoc(
        3,
        "guardian",
        "Bank of England holds interest rates",
        "The Bank of England held interest rates, citing inflation and wage growth.",
        datetime(2026, 3, 2, 12, tzinfo=UTC),
    ),
]
FRESH = ClusterDoc(
    9,
    "bbc",
    "Brittany evacuations as Storm Dara hits",
    "Thousands were evacuated in Brest and Quimper as Storm Dara hit; rail services suspended.",
    datetime(2026, 3, 2, 13, tzinfo=UTC),
)


def test_explained_score_is_terms_plus_embedding_and_names_its_rule() -> None:
    vectors = {1: Unit(1, 0.2), 2: Unit(0.9, 0.3), 3: Unit(0, 1), 9: Unit(1, 0.25)}
    state = ClusterState(embeddings=vectors)
    for doc in DOCS:
        state.assign(doc)
    candidates = state.explain(FRESH)
    storm = next(c for c in candidates if c.event_key == state.event_of(1))
    assert storm.mutual_stories > 0
    assert storm.embedding_part > 0 and storm.term_part > 0
    for cand in candidates:
        assert math.isclose(cand.score, cand.term_part + cand.embedding_part, abs_tol=1e-12)
        assert cand.decision
    # the embedding part is its weight times the embedding cosines over the possible links
    w = state.settings.embedding_weight
    linked_members = [1, 2] if state.event_of(2) == storm.event_key else [1]
    best = max(vectors[9] @ vectors[m] for m in linked_members)
    assert storm.embedding_part <= w * best * storm.mutual_stories / storm.possible_links + 1e-12


def test_without_embeddings_the_score_is_all_terms() -> None:
    state = ClusterState()
    for doc in DOCS:
        state.assign(doc)
    for cand in state.explain(FRESH):
        assert cand.embedding_part == 0.0
        assert math.isclose(cand.score, cand.term_part, abs_tol=1e-12)
