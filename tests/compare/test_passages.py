"""Near-duplicate fingerprints and shared passages (own example texts)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aggregator.compare.passages import (
    SharedPassage,
    hamming_distance,
    near_duplicate,
    normalise_words,
    shared_passages,
    shingle_containment,
    shingle_jaccard,
    simhash64,
    text_fingerprint,
    text_similarity,
)

WIRE = (
    "Rescue teams reached the village on Tuesday after a landslide blocked the only road, "
    "officials said. At least 14 people were taken to hospital and dozens of homes were "
    "damaged, according to the regional emergency service. Heavy rain is expected to continue "
    "until the end of the week, forecasters warned."
)
# The same wire copy as another outlet runs it: curly quotes, new line breaks, an extra
# sentence at the end.
SYNDICATED = (
    "RESCUE teams reached the village on Tuesday after a landslide blocked the only road, "
    "officials said.\n\nAt least 14 people were taken to hospital – and dozens of homes were "
    "damaged, according to the regional emergency service. Heavy rain is expected to continue "
    "until the end of the week, forecasters warned. The ministry said it would send more help."
)
UNRELATED = (
    "The central bank held interest rates for a third month, citing slowing inflation and "
    "weak consumer demand, while analysts expect a cut before the end of the year as wages "
    "stagnate and exports fall across the manufacturing sector."
)


def test_normalise_words_keeps_digits_drops_punctuation() -> None:
    assert normalise_words("“Don’t” PANIC: £100m, co-op!") == ["dont", "panic", "100m", "coop"]


def test_fingerprint_ignores_case_space_and_punctuation_but_not_digits() -> None:
    assert text_fingerprint("Hello,   World!") == text_fingerprint("hello world")
    assert text_fingerprint("14 people") != text_fingerprint("15 people")
    assert len(text_fingerprint("x")) == 64


def test_simhash_close_for_copies_far_for_unrelated() -> None:
    copy, other = simhash64(SYNDICATED), simhash64(UNRELATED)
    base = simhash64(WIRE)
    assert hamming_distance(base, copy) < hamming_distance(base, other)
    assert hamming_distance(base, copy) <= 16
    assert simhash64("") == 0
    assert 0 <= base < 2**64


def test_similarity_and_near_duplicate() -> None:
    assert text_similarity(WIRE, WIRE) == 1.0
    assert near_duplicate(WIRE, WIRE.upper().replace(",", ""))
    assert 0.7 < shingle_jaccard(WIRE, SYNDICATED) < 1.0
    assert shingle_containment(WIRE, SYNDICATED) > 0.95
    assert not near_duplicate(WIRE, UNRELATED)
    assert text_similarity(WIRE, UNRELATED) < 0.1
    assert text_similarity("", WIRE) == 0.0


def test_short_texts_use_edit_ratio() -> None:
    a = "Landslide blocks only road to mountain village"
    b = "Landslide blocks the only road to mountain village"
    assert shingle_jaccard(a, b) < 0.7  # shingles alone would miss this pair
    assert near_duplicate(a, b, threshold=0.85)
    assert not near_duplicate(a, "Central bank holds rates", threshold=0.85)


def test_threshold_validated() -> None:
    with pytest.raises(ValueError):
        near_duplicate("a", "b", threshold=0)


def test_shared_passages_spans_point_into_both_texts() -> None:
    passages = shared_passages(WIRE, SYNDICATED, min_words=8)
    # Case, line breaks and the inserted dash are not words: one run covers all of WIRE.
    assert len(passages) == 1
    for passage in passages:
        assert isinstance(passage, SharedPassage)
        a0, a1 = passage.a_span
        b0, b1 = passage.b_span
        assert WIRE[a0:a1] == passage.text
        assert normalise_words(WIRE[a0:a1]) == normalise_words(SYNDICATED[b0:b1])
        assert len(normalise_words(passage.text)) >= 8
    assert passages[0].text.startswith("Rescue teams")
    assert passages[-1].text.endswith("forecasters warned")
    assert (
        SYNDICATED[passages[0].b_span[1] :].strip()
        == ". The ministry said it would send more help."
    )


def test_shared_passages_finds_reordered_paragraphs_and_respects_min_words() -> None:
    first = "one two three four five six seven eight nine ten"
    second = "alpha beta gamma delta epsilon zeta eta theta iota kappa"
    a = f"{first}. {second}."
    b = f"Intro words here. {second}. Something else. {first}."
    found = shared_passages(a, b, min_words=8)
    assert [p.text for p in found] == [second, first]
    assert shared_passages(a, b, min_words=11) == []
    assert shared_passages("", b) == []
    with pytest.raises(ValueError):
        shared_passages(a, b, min_words=0)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200), st.text(max_size=200))
def test_similarity_is_symmetric_and_bounded(a: str, b: str) -> None:
    s = text_similarity(a, b)
    assert 0.0 <= s <= 1.0
    assert s == pytest.approx(text_similarity(b, a))
    for passage in shared_passages(a, b, min_words=2):
        assert a[passage.a_span[0] : passage.a_span[1]] == passage.text
