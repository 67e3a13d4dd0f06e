"""Tests of the cluster stage against a small labelled set the team wrote (tests/fixtures/cluster).

The set: 22 invented articles in 9 events from guardian, bbc, rt and mid, dated over four days,
with near-miss pairs (the same two ministers in a treaty round and a prisoner swap a day apart;
the Bank of England's rate rise and its governor's housing speech the same evening) and one
outlet (mid) with two articles in one event.
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from aggregator.cluster.batch import (
    ClusterSettings,
    ClusterState,
    Merge,
    cluster_articles,
    score_clusters,
)
from aggregator.cluster.text import DocumentFrequencies, TermWeights, _stem, doc_terms, tokens
from aggregator.records import ClusterDoc

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "cluster" / "events.jsonl"

# Pinned quality floors on the fixture set: raise them when the method improves, never lower
# them silently. Measured: rebuild pairwise F1 0.80, B-cubed F1 0.93; incremental 0.90 / 0.96.
REBUILD_FLOORS = {"pair_p": 1.0, "pair_f1": 0.78, "b3_f1": 0.90}
INCREMENTAL_FLOORS = {"pair_p": 1.0, "pair_f1": 0.85, "b3_f1": 0.93}


def load_fixture() -> tuple[list[ClusterDoc], dict[int, str]]:
    docs, gold = [], {}
    for line in FIXTURE.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        published = datetime.fromisoformat(row["published"])
        docs.append(ClusterDoc(row["id"], row["outlet"], row["title"], row["text"], published))
        gold[row["id"]] = row["event"]
    return docs, gold


def by_time(docs: list[ClusterDoc]) -> list[ClusterDoc]:
    return sorted(docs, key=lambda d: (d.published, d.article_id))


def incremental(docs: list[ClusterDoc]) -> ClusterState:
    state = ClusterState(ClusterSettings())
    for doc in by_time(docs):
        state.assign(doc)
    state.merge_events()
    return state


def scores(gold: dict[int, str], pred: dict[int, str]) -> dict[str, float]:
    ids = sorted(gold)
    s = score_clusters([gold[i] for i in ids], [pred[i] for i in ids])
    return {"pair_p": s.pair_p, "pair_f1": s.pair_f1, "b3_f1": s.b3_f1}


def together(pred: dict[int, str], a: int, b: int) -> bool:
    return pred[a] == pred[b]


# -- quality gate -------------------------------------------------------------------------


def test_rebuild_meets_pinned_floors() -> None:
    docs, gold = load_fixture()
    result = cluster_articles(docs, settings=ClusterSettings())
    got = scores(gold, result.assignments)
    for name, floor in REBUILD_FLOORS.items():
        assert got[name] >= floor, (name, got)


def test_incremental_meets_pinned_floors() -> None:
    docs, gold = load_fixture()
    got = scores(gold, incremental(docs).assignments())
    for name, floor in INCREMENTAL_FLOORS.items():
        assert got[name] >= floor, (name, got)


def test_incremental_and_rebuild_agree() -> None:
    docs, _ = load_fixture()
    rebuilt = cluster_articles(docs, settings=ClusterSettings()).assignments
    inc = incremental(docs).assignments()
    ids = sorted(rebuilt)
    agreement = score_clusters([rebuilt[i] for i in ids], [inc[i] for i in ids])
    # the incremental result only ever adds links the rebuild lacks: nothing wrong is joined
    assert agreement.pair_r == 1.0
    assert agreement.b3_f1 >= 0.9


# -- behaviour ----------------------------------------------------------------------------


def test_near_miss_events_are_kept_apart() -> None:
    docs, _ = load_fixture()
    for pred in (
        cluster_articles(docs, settings=ClusterSettings()).assignments,
        incremental(docs).assignments(),
    ):
        treaty, swap = (1, 2, 3, 4, 5, 22), (6, 7, 8)
        assert not any(together(pred, a, b) for a in treaty for b in swap)
        rate, speech = (11, 12, 13), (14, 15)
        assert not any(together(pred, a, b) for a in rate for b in speech)
        assert together(pred, 6, 7) and together(pred, 6, 8)
        assert together(pred, 11, 12) and together(pred, 11, 13)
        assert together(pred, 14, 15)


def test_one_outlet_may_have_several_articles_in_an_event() -> None:
    docs, _ = load_fixture()
    pred = incremental(docs).assignments()
    assert together(pred, 4, 5)  # mid's statement and transcript
    assert together(pred, 1, 4)  # ...in the event with the guardian's report
    outlets = [d.outlet for d in docs if pred[d.article_id] == pred[4]]
    assert outlets.count("mid") == 2
    assert {"guardian", "rt", "mid"} <= set(outlets)


def test_same_input_gives_same_events_whatever_the_order() -> None:
    docs, _ = load_fixture()
    first = cluster_articles(docs, settings=ClusterSettings())
    shuffled = list(docs)
    random.Random(3).shuffle(shuffled)
    second = cluster_articles(shuffled, settings=ClusterSettings())
    assert first.assignments == second.assignments
    assert first.labels == second.labels
    assert incremental(docs).assignments() == incremental(shuffled).assignments()


def test_event_keys_come_from_the_founding_article() -> None:
    docs, _ = load_fixture()
    state = ClusterState(ClusterSettings())
    first = state.assign(by_time(docs)[0])
    assert first.is_new_event
    assert first.event_key == f"e{by_time(docs)[0].article_id}"
    result = cluster_articles(docs, settings=ClusterSettings())
    for key in result.labels:
        members = [a for a, k in result.assignments.items() if k == key]
        earliest = by_time([d for d in docs if d.article_id in members])[0]
        assert key == f"e{earliest.article_id}"


def test_time_window_splits_the_same_story_ten_days_apart() -> None:
    base = datetime(2024, 5, 1, 9, tzinfo=UTC)
    title = "Ferry Aurora runs aground off Oban with 212 passengers aboard"
    text = "The ferry Aurora ran aground near Oban; coastguards evacuated 212 passengers."
    docs = [
        ClusterDoc(1, "bbc", title, text, base),
        ClusterDoc(2, "guardian", title, text, base + timedelta(hours=3)),
        ClusterDoc(3, "rt", title, text, base + timedelta(days=10)),
    ]
    state = ClusterState(ClusterSettings(window_days=3))
    keys = [state.assign(d).event_key for d in docs]
    assert keys[0] == keys[1] != keys[2]
    result = cluster_articles(docs, settings=ClusterSettings(window_days=3))
    assert result.assignments[1] == result.assignments[2] != result.assignments[3]
    undated = [replace(d, published=None) for d in docs]
    result = cluster_articles(undated, settings=ClusterSettings(window_days=3))
    assert len(set(result.assignments.values())) == 1  # no dates: one window


def test_old_events_are_evicted_so_memory_follows_the_window() -> None:
    base = datetime(2024, 1, 1, tzinfo=UTC)
    state = ClusterState(ClusterSettings(window_days=1))
    for day in range(40):
        for n in range(3):
            aid = day * 10 + n
            text = f"Story number {aid} about topic{day} and place{day} and item{aid}."
            state.assign(
                ClusterDoc(
                    aid,
                    "bbc",
                    f"Topic{day} headline {n}",
                    text,
                    base + timedelta(days=day, hours=n),
                )
            )
    assert len(state) <= 3 * 4  # a few days' articles, not forty days'
    assert min(state.assignments()) >= 36 * 10
    with pytest.raises(KeyError):
        state.label("e0")


def test_explain_lists_candidates_with_components() -> None:
    docs, _ = load_fixture()
    state = incremental(docs)
    treaty = state.event_of(1)
    fresh = ClusterDoc(
        100,
        "bbc",
        "Orlov and Marsh to meet again on orbital weapons treaty",
        "Viktor Orlov and Helen Marsh will resume talks on the orbital weapons treaty and on "
        "anti-satellite tests after the Geneva round.",
        datetime(2024, 3, 5, 18, tzinfo=UTC),
    )
    candidates = state.explain(fresh)
    assert candidates, "a related article must have candidates"
    top = max(candidates, key=lambda c: c.best_article)
    assert top.event_key == treaty
    assert {"orbital", "treaty"} & set(top.shared_terms)
    assert 0 < top.best_article <= 1 and 0 <= top.title_similarity <= 1
    assert top.headline
    assert [c.score for c in candidates] == sorted((c.score for c in candidates), reverse=True)
    assert len(state) == len(docs)  # explaining does not cluster
    stored = state.explain(docs[0])
    assert state.event_of(1) in {c.event_key for c in stored}


def test_labels_describe_the_event() -> None:
    docs, _ = load_fixture()
    result = cluster_articles(docs, settings=ClusterSettings())
    label = result.labels[result.assignments[19]]
    quake = [d for d in docs if d.article_id in (19, 20, 21)]
    assert label.article_count == 3
    assert label.outlets == ("bbc", "guardian", "rt")
    assert label.headline in {d.title for d in quake}
    assert "kamchatka" in label.top_terms
    assert label.first_published == min(d.published for d in quake)
    assert label.last_published == max(d.published for d in quake)
    assert sum(lab.article_count for lab in result.labels.values()) == len(docs)


def test_warm_state_from_storage_then_assign() -> None:
    docs, _ = load_fixture()
    stored = cluster_articles(docs, settings=ClusterSettings()).assignments
    state = ClusterState(ClusterSettings())
    for doc in by_time(docs):
        state.add_existing(doc, stored[doc.article_id])
    assert state.assignments() == stored
    copy = replace(docs[10], article_id=200, outlet="rt")  # a re-published rate story
    assignment = state.assign(copy)
    assert assignment.event_key == stored[11]
    assert not assignment.is_new_event
    assert assignment.components["best_article"] > 0.9
    with pytest.raises(ValueError, match="already clustered"):
        state.assign(copy)


def test_merge_keeps_the_older_key() -> None:
    docs, _ = load_fixture()
    state = ClusterState(ClusterSettings(join_threshold=99.0))  # no joins in the pass
    order = by_time(docs)
    for doc in order:
        state.assign(doc)
    merges = state.merge_events()
    assert merges and all(isinstance(m, Merge) for m in merges)
    rank = {f"e{d.article_id}": n for n, d in enumerate(order)}
    for merge in merges:
        assert rank[merge.new_key] < rank[merge.old_key]
        assert merge.old_key not in state.event_keys()
    assert state.merge_events() == []


# -- pieces -------------------------------------------------------------------------------


def test_score_clusters_known_values() -> None:
    gold = ["a", "a", "a", "b", "b", "c"]
    perfect = score_clusters(gold, gold)
    assert perfect.pair_f1 == 1.0 and perfect.b3_f1 == 1.0
    singles = score_clusters(gold, list(range(6)))
    assert singles.pair_p == 0.0 and singles.pair_f1 == 0.0 and singles.b3_p == 1.0
    assert singles.b3_r == pytest.approx((3 * (1 / 3) + 2 * (1 / 2) + 1) / 6)
    lump = score_clusters(gold, [0] * 6)
    assert lump.pair_r == 1.0 and lump.pair_p == pytest.approx(4 / 15)
    with pytest.raises(ValueError):
        score_clusters(gold, gold[:-1])


def test_terms_weight_title_names_numbers_and_bigrams() -> None:
    weights = TermWeights(title_weight=2.0, name_boost=1.5, number_boost=1.6, bigram_weight=0.4)
    terms = doc_terms("Floods hit Lowmoor", "The river rose 3 metres in Lowmoor.", weights)
    assert "the" not in terms and "in" not in terms
    assert terms["flood"] > terms["river"]  # title counts twice (and plural folds)
    assert terms["3"] > terms["river"]  # numbers weighted up
    assert "river rose" in terms and terms["river rose"] < terms["river"]
    assert terms["lowmoor"] > terms["rose"]  # a name inside a sentence, and in the title
    assert [t for t, _, _ in tokens("The cat sat.")] == ["", "cat", "sat"]


def test_document_frequencies_decay_keeps_memory_bounded() -> None:
    df = DocumentFrequencies(max_terms=100)
    for n in range(500):
        df.add([f"rare{n}", "common"])
    assert len(df.counts) <= 101
    assert df.idf("common") < df.idf("rare499") < df.idf("never-seen") + 1e-9


def test_regroup_reclusters_the_window_and_keeps_keys_stable() -> None:
    docs, gold = load_fixture()
    state = ClusterState(ClusterSettings())
    order = by_time(docs)
    for doc in order[:6]:
        state.assign(doc)
    state.merge_events()  # an early merge on a half-built neighbour graph
    for doc in order[6:]:
        state.assign(doc)
    before = state.assignments()
    moved = state.regroup()
    after = state.assignments()
    assert moved == {a: k for a, k in after.items() if before[a] != k}
    assert scores(gold, after)["pair_p"] == 1.0
    assert state.regroup() == {}  # settled: a second regroup changes nothing
    assert state.assignments() == after
    old_keys = set(before.values())
    for key in set(after.values()):
        members = [a for a, k in after.items() if k == key]
        assert key in old_keys or key.startswith(f"e{min(members)}")


def test_index_holds_one_window_and_each_articles_heaviest_terms() -> None:
    base = datetime(2024, 1, 1, tzinfo=UTC)
    settings = ClusterSettings(window_days=1, index_terms=6)
    state = ClusterState(settings)
    words = " ".join(f"word{n}" for n in range(30))
    for hour in range(0, 24 * 5, 6):
        state.assign(
            ClusterDoc(
                hour, "bbc", f"Story {hour}", f"{words} item{hour}.", base + timedelta(hours=hour)
            )
        )
    newest = base + timedelta(hours=24 * 5 - 6)
    indexed = state._index.indexed()
    assert indexed, "recent articles are indexed"
    for aid in indexed:
        assert newest - (base + timedelta(hours=aid)) <= timedelta(days=1)
    assert max(indexed.values()) <= 6
    assert len(state) > len(indexed)  # older articles stay in their events, out of the index


def test_a_late_article_only_meets_articles_within_its_own_window() -> None:
    base = datetime(2024, 5, 1, 9, tzinfo=UTC)
    title = "Ferry Aurora runs aground off Oban with 212 passengers aboard"
    text = "The ferry Aurora ran aground near Oban; coastguards evacuated 212 passengers."
    state = ClusterState(ClusterSettings(window_days=1))
    state.assign(ClusterDoc(1, "bbc", title, text, base + timedelta(days=4)))
    late = ClusterDoc(2, "rt", title, text, base)  # arrives after, published 4 days before
    assert state.assign(late).is_new_event
    assert state.event_of(1) != state.event_of(2)


def test_stemming_folds_inflections_and_labels_show_words() -> None:
    weights = TermWeights()
    terms = doc_terms("Senate votes", "The senators voted; voting continues.", weights)
    assert "vote" in terms and "voted" not in terms and "voting" not in terms
    docs, _ = load_fixture()
    result = cluster_articles(docs, settings=ClusterSettings())
    mapped = 0
    for key, label in result.labels.items():
        members = [d for d in docs if result.assignments[d.article_id] == key]
        used = {w.lower() for d in members for w in re.findall(r"[\w'-]+", f"{d.title} {d.text}")}
        for term in label.top_terms:
            if any(_stem(w) == _stem(term) for w in used):  # shown as a word the articles use
                assert term in used
                mapped += term != _stem(term)
    assert mapped, "some label term was mapped back from its stem"


def test_regroup_of_recent_events_leaves_settled_ones_alone() -> None:
    docs, gold = load_fixture()
    order = by_time(docs)
    full, recent = ClusterState(ClusterSettings()), ClusterState(ClusterSettings())
    for doc in order:
        full.assign(doc)
        recent.assign(doc)
    full.merge_events()
    recent.merge_events()
    settled = {
        aid: key
        for aid, key in recent.assignments().items()
        if recent.label(key).last_published is not None
        and order[-1].published - recent.label(key).last_published > timedelta(days=1.5)
    }
    assert settled, "the fixture spans four days: some events are older than half a window"
    recent.regroup(recent_only=True)
    full.regroup()
    after = recent.assignments()
    assert {aid: after[aid] for aid in settled} == settled
    assert scores(gold, after)["pair_p"] == 1.0
    assert scores(gold, after)["pair_f1"] >= scores(gold, full.assignments())["pair_f1"] - 0.05
