"""`ClusterState.explain`: the score of each candidate is its parts (TF-IDF plus embedding)."""

from __future__ import annotations

import math
from datetime import UTC, datetime

from aggregator.cluster.settings import ClusterSettings
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


def _axis(x: float, axis: int) -> Unit:
    """A unit vector with cosine ``x`` to axis 0 and the rest on ``axis`` (of 6)."""
    values = [0.0] * 6
    values[0], values[axis] = x, math.sqrt(1 - x * x)
    return Unit(*values)


def test_a_neighbour_raised_by_a_near_copy_moves_the_floor_explain_reads() -> None:
    """Story 1 keeps stories 2, 3, 4 (cosines 0.30, 0.50, 0.55); article 5, a near-copy of 2,
    joins story 2 and raises 1's link to it to 0.45. A new article at 0.40 from 1 then cannot
    enter 1's list (its weakest is 0.45 now): explain must not count 1 as a mutual link."""
    near_copy = [0.0] * 6
    near_copy[0], near_copy[1] = 0.45, 0.75
    near_copy[4] = math.sqrt(1 - 0.45**2 - 0.75**2)
    vectors = {
        1: _axis(1.0, 1),
        2: _axis(0.30, 1),
        3: _axis(0.50, 2),
        4: _axis(0.55, 3),
        5: Unit(*near_copy),
        9: _axis(0.40, 5),
    }
    words = {1: "alpha", 2: "bravo", 3: "charlie", 4: "delta", 5: "echo", 9: "india"}
    base = datetime(2026, 3, 2, 8, tzinfo=UTC)

    def doc(aid: int) -> ClusterDoc:
        word = words[aid]
        title = f"Harbour crane collapse {word}"
        return ClusterDoc(aid, "bbc", title, f"{title} in the port {word}.", base.replace(hour=aid))

    # embedding weight 1: each pair's similarity is the cosine of the vectors above
    state = ClusterState(ClusterSettings(embedding_weight=1.0), embeddings=vectors)
    stories = state._graph.stories
    for aid in (1, 2, 3, 4, 5):
        state.assign(doc(aid))
        for story in stories.values():
            if len(story.neighbours) == state.settings.neighbours:
                assert story.floor == min(story.neighbours.values()), story
    assert stories[2].members == [2, 5] and math.isclose(stories[1].neighbours[2], 0.45)
    fresh = doc(9)
    candidates = state.explain(fresh)
    state.assign(fresh)
    mutual = state._graph.mutual(stories[9])
    assert 1 not in mutual and 1 in stories[9].neighbours  # 1 did not take 9 back
    for cand in candidates:
        links = [sid for sid in mutual if stories[sid].event == cand.event_key]
        assert cand.mutual_stories == len(links), cand


def test_on_an_exactly_equal_linkage_explain_lists_first_the_event_assign_takes() -> None:
    """Two events the fresh article is exactly as close to (symmetric words): ``assign`` takes
    the older event, e9; explain listed e10 first ("e10" < "e9" as text) though both said
    "joins"."""
    when = datetime(2026, 3, 2, 8, tzinfo=UTC)
    state = ClusterState()
    harbour = "harbour ferry glacier volcano lighthouse cathedral"
    tractor = "tractor orchard meadow vineyard windmill granary"
    state.assign(ClusterDoc(9, "guardian", "harbour ferry", harbour, when))
    state.assign(ClusterDoc(10, "rt", "tractor orchard", tractor, when))
    assert (state.event_of(9), state.event_of(10)) == ("e9", "e10")
    fresh = ClusterDoc(11, "bbc", "harbour tractor", "harbour ferry tractor orchard", when)
    first, second = state.explain(fresh)[:2]
    assert first.score == second.score > state.settings.join_threshold  # a real tie
    assert (first.event_key, second.event_key) == ("e9", "e10")
    state.assign(fresh)
    assert state.event_of(11) == first.event_key
