"""English quote marks and speaker patterns of the third gold round (issue 14, item 3), each in a
short passage written for this test: straight single marks (British tabloids), doubled single
marks (The Age, SMH)."""

from __future__ import annotations

from aggregator.compare.quote_marks import straight_singles
from aggregator.compare.quotes import find_quotes


def quoted(text: str) -> list[tuple[str, str | None]]:
    return [
        (f.text, f.speaker.name if f.speaker else None)
        for f in find_quotes(text, "en")
        if f.kind == "direct"
    ]


def test_straight_single_marks_quote_and_keep_apostrophes() -> None:
    text = (
        "Dr Anna Price, a surgeon at the county hospital, spoke to reporters.\n\n"
        "She said: 'We don't see the patients' notes until it's too late, and that is wrong.'\n\n"
        "'It has to change this year,' she added."
    )
    assert quoted(text) == [
        ("We don't see the patients' notes until it's too late, and that is wrong.", "Anna Price"),
        ("It has to change this year", "Anna Price"),
    ]


def test_a_single_marked_claim_nobody_made_is_no_quote() -> None:
    text = "Young drivers 'face higher insurance costs this year'\n\nPrices rose by 4%."
    assert quoted(text) == []


def test_doubled_single_marks_are_one_quote_mark() -> None:
    text = (
        "Researchers tested the pills on 40 patients.\n\n"
        "''Nobody expected the effect to be that large,'' said Professor Helen Marsh, who led "
        "the work.\n\n"
        "''We will now repeat it in a bigger trial.''"
    )
    assert straight_singles(text).count("“") == 2
    assert quoted(text) == [
        ("Nobody expected the effect to be that large", "Helen Marsh"),
        ("We will now repeat it in a bigger trial.", "Helen Marsh"),
    ]
