"""Tests of the cluster stage against a small labelled set the team wrote (tests/fixtures/cluster).

The set: 22 invented articles in 9 events from guardian, bbc, rt and mid, dated over four days,
with near-miss pairs (the same two ministers in a treaty round and a prisoner swap a day apart;
the Bank of England's rate rise and its governor's housing speech the same evening) and one
outlet (mid) with two articles in one event.
"""

from __future__ import annotations

import json
import random
from datetime import datetime
from pathlib import Path

import pytest

from aggregator.cluster.batch import (
    ClusterSettings,
    ClusterState,
    cluster_articles,
    score_clusters,
)
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
