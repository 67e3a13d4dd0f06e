"""The scoring rules of the clustering on small hand-made inputs: link weights, joins, merges."""

from __future__ import annotations

import pytest

from aggregator.cluster.records import Merge
from aggregator.cluster.score import agglomerate, joins, link_weight, possible_links, weakest
from aggregator.cluster.settings import ClusterSettings

SETTINGS = ClusterSettings(neighbours=3, link_margin=3.0, merge_threshold=0.2)


def test_weakest_is_zero_while_a_story_has_free_slots() -> None:
    assert weakest({1: 0.5, 2: 0.4}, 3) == 0.0
    assert weakest({1: 0.5, 2: 0.4, 3: 0.3}, 3) == 0.3


def test_link_weight_adds_the_margin_over_both_ends_weakest_neighbour() -> None:
    full = {1: 0.5, 2: 0.4, 3: 0.3}
    assert link_weight(0.5, full, full, SETTINGS) == pytest.approx(0.5 + 3.0 * (1.0 - 0.6))
    assert link_weight(0.5, full, {}, SETTINGS) == pytest.approx(0.5 + 3.0 * (1.0 - 0.3))
    bare = ClusterSettings(link_margin=0.0)
    assert link_weight(0.5, full, full, bare) == 0.5


def test_possible_links_are_capped_by_the_kept_neighbours() -> None:
    assert possible_links(1, 2, 3) == 2
    assert possible_links(10, 20, 3) == 30


def test_joins_needs_a_strong_linkage_or_several_links() -> None:
    assert joins(0.4, 1, SETTINGS)
    assert not joins(0.3, 2, SETTINGS)
    assert joins(0.3, 3, SETTINGS)
    assert not joins(0.1, 3, SETTINGS)


def test_agglomerate_merges_best_pair_first_and_keeps_the_older_key() -> None:
    folded: list[tuple[str, str]] = []
    links = {("a", "b"): 0.9, ("b", "c"): 0.3, ("c", "d"): 0.1}
    merges = agglomerate(
        links,
        {"a": 1, "b": 1, "c": 1, "d": 1},
        {"a": 1, "b": 2, "c": 3, "d": 4},
        SETTINGS,
        near=lambda keep, gone: True,
        fold=lambda gone, keep: folded.append((gone, keep)),
    )
    # a+b first; then (a,b)-c links 0.3 over min(2, 3) = 2 possible links: 0.15, below 0.2
    assert merges == [Merge("b", "a", 0.9)]
    assert folded == [("b", "a")]


def test_agglomerate_skips_pairs_too_far_apart_in_time() -> None:
    merges = agglomerate(
        {("a", "b"): 0.9},
        {"a": 1, "b": 1},
        {"a": 1, "b": 2},
        SETTINGS,
        near=lambda keep, gone: False,
        fold=lambda gone, keep: None,
    )
    assert merges == []
