"""Tests of cluster/text.py: weighted terms, stemming and the document-frequency table."""

from __future__ import annotations

import re

from aggregator.cluster.batch import (
    ClusterSettings,
    cluster_articles,
)
from aggregator.cluster.text import DocumentFrequencies, TermWeights, _stem, doc_terms, tokens
from tests.cluster.test_batch import load_fixture


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


def test_russian_text_is_stemmed_as_russian() -> None:
    weights = TermWeights()
    a = doc_terms("Переговоры Лаврова и Керри", "Министры провели переговоры в Сочи.", weights)
    b = doc_terms("Лавров и Керри: итоги переговоров", "Итоги переговоров министров.", weights)
    shared = a.keys() & b.keys()
    assert {"переговор", "лавр", "керр", "министр"} <= shared, shared
    assert "и" not in a and "в" not in a  # function words drop
    # English words keep Porter2 stems alongside
    assert "vote" in doc_terms("Votes", "voting", weights)


def test_idf_is_taken_within_the_language() -> None:
    df = DocumentFrequencies()
    for n in range(90):
        df.add([f"word{n}", "common"], "en")
    for n in range(10):
        df.add(["переговор", f"слово{n}"], "ru")
    # "переговор" is in every Russian article: no weight among them, however rare overall
    assert df.weigh({"переговор": 1.0}, 1.0, "ru")["переговор"] < 0.1
    assert df.weigh({"переговор": 1.0}, 1.0)["переговор"] > 1.0
