"""The inverted index: votes over the heaviest terms, a cap on crowded terms, expiry order."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from aggregator.cluster.index import TermIndex, dot, top_terms

T0 = datetime(2024, 1, 1, tzinfo=UTC)


def test_votes_sum_weights_over_shared_terms() -> None:
    index = TermIndex()
    index.add(1, {"a": 0.6, "b": 0.8}, ["a", "b"], T0)
    index.add(2, {"b": 1.0}, ["b"], T0)
    votes = index.votes({"a": 0.5, "b": 0.5}, ["a", "b"], cap=10)
    assert votes == {1: 0.5 * 0.6 + 0.5 * 0.8, 2: 0.5}
    assert index.indexed() == {1: 2, 2: 1}


def test_a_crowded_term_reads_only_its_most_recent_postings() -> None:
    index = TermIndex()
    for aid in range(5):
        index.add(aid, {"t": 1.0}, ["t"], None)
    assert list(index.votes({"t": 1.0}, ["t"], cap=2)) == [4, 3]


def test_expired_pops_the_articles_published_before_the_cutoff_oldest_first() -> None:
    index = TermIndex()
    index.add(2, {"t": 1.0}, ["t"], T0 + timedelta(hours=2))
    index.add(1, {"t": 1.0}, ["t"], T0 + timedelta(hours=1))
    index.add(3, {"t": 1.0}, ["t"], None)  # undated: never expires
    assert list(index.expired(T0 + timedelta(hours=3))) == [1, 2]
    index.remove(1, ["t"])
    index.remove(2, ["t"])
    assert index.indexed() == {3: 1}


def test_dot_and_top_terms() -> None:
    assert dot({"a": 0.5, "b": 0.5}, {"b": 2.0, "c": 1.0}) == 1.0
    assert top_terms({"b": 0.5, "a": 0.5, "c": 0.9}, 2) == ["c", "a"]
