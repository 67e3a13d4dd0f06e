"""Tests of cluster/translations.py: versions of one document end in one event, the one with the
most other articles, else the original's."""

from __future__ import annotations

from aggregator.cluster.translations import join_translations


def test_the_group_joins_the_event_with_the_most_other_articles() -> None:
    # 10 (Russian original) alone in e10; 18 (its English version) with three reports in e18
    moves = join_translations([(10, 18)], {10: "e10", 18: "e18"}, {"e10": 1, "e18": 4})
    assert moves == {10: "e18"}


def test_a_tie_goes_to_the_originals_event() -> None:
    assert join_translations([(7, 3)], {7: "e7", 3: "e3"}, {"e7": 1, "e3": 1}) == {3: "e7"}
    # other articles count, not the group's own: two versions in e3 are no reason to go there
    groups = [(7, 3, 4)]
    event_of = {7: "e7", 3: "e3", 4: "e3"}
    assert join_translations(groups, event_of, {"e7": 2, "e3": 2}) == {3: "e7", 4: "e7"}


def test_together_or_unclustered_versions_do_not_move() -> None:
    assert join_translations([(1, 2)], {1: "e1", 2: "e1"}, {"e1": 5}) == {}
    assert join_translations([(1, 2)], {1: "e1"}, {"e1": 1}) == {}  # 2 has no text yet
    assert join_translations([], {1: "e1"}, {"e1": 1}) == {}
