"""Shared passages between two texts and the words they are matched on (own example texts)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aggregator.compare.passages import normalise_words, shared_passages, words_in

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


def test_normalise_words_keeps_digits_drops_punctuation() -> None:
    assert normalise_words("“Don’t” PANIC: £100m, co-op!") == ["dont", "panic", "100m", "coop"]


def test_shared_passages_spans_point_into_both_texts() -> None:
    passages = shared_passages(WIRE, SYNDICATED, min_words=8)
    # Case, line breaks and the inserted dash are not words: one run covers all of WIRE.
    assert len(passages) == 1
    (a0, a1), (b0, b1) = passages[0]
    assert normalise_words(WIRE[a0:a1]) == normalise_words(SYNDICATED[b0:b1])
    assert WIRE[a0:a1].startswith("Rescue teams")
    assert WIRE[a0:a1].endswith("forecasters warned")
    assert SYNDICATED[b1:].strip() == ". The ministry said it would send more help."


def test_shared_passages_finds_reordered_paragraphs_and_respects_min_words() -> None:
    first = "one two three four five six seven eight nine ten"
    second = "alpha beta gamma delta epsilon zeta eta theta iota kappa"
    a = f"{first}. {second}."
    b = f"Intro words here. {second}. Something else. {first}."
    found = shared_passages(a, b, min_words=8)
    assert [a[start:end] for (start, end), _ in found] == [second, first]
    assert [b[start:end] for _, (start, end) in found] == [second, first]
    assert shared_passages(a, b, min_words=11) == []
    assert shared_passages("", b) == []
    with pytest.raises(ValueError):
        shared_passages(a, b, min_words=0)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200), st.text(max_size=200))
def test_shared_spans_hold_the_same_words_in_both_texts(a: str, b: str) -> None:
    for (a0, a1), (b0, b1) in shared_passages(a, b, min_words=2):
        assert normalise_words(a[a0:a1]) == normalise_words(b[b0:b1])
        assert len(normalise_words(a[a0:a1])) >= 2


_PARTS = ["one", "two", "Don’t", "co-op", "£100m", "x", "-", "'", ", ", ". ", "\n", "ＡＢＣ"]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.sampled_from(_PARTS), max_size=60), st.lists(st.sampled_from(_PARTS), max_size=60)
)
def test_words_in_counts_the_words_of_the_shared_slices(
    a_parts: list[str], b_parts: list[str]
) -> None:
    a, b = " ".join(a_parts), "".join(b_parts)
    found = shared_passages(a, b, min_words=2)
    for text, spans in ((a, [s for s, _ in found]), (b, [s for _, s in found])):
        assert words_in(text, spans) == sum(len(normalise_words(text[s:e])) for s, e in spans)
    if found:  # a union of spans, as compare_event merges them
        union = [(min(s for (s, _), _ in found), max(e for (_, e), _ in found))]
        assert words_in(a, union) == len(normalise_words(a[union[0][0] : union[0][1]]))


def test_words_in_counts_words_not_characters() -> None:
    text = "Don’t PANIC: the co-op, said £100m."
    spans = [(0, len("Don’t PANIC")), (text.index("co-op"), len(text) - 1)]
    assert words_in(text, spans) == 5  # don’t, panic; co-op, said, £100m
