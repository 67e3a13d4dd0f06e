"""compare.persons: the untagged occurrences of a named person's surname."""

from __future__ import annotations

import random
import re

from aggregator.compare.persons import _whole_words, repair_mentions
from aggregator.language.entities import Mention


def test_a_surname_is_added_where_written_as_a_whole_word() -> None:
    text = "Naren Gunja spoke. Gunja's aide, Gunjar, al-Gunja and a Gunja-led unit. Gunja said"
    person = Mention(0, 11, "Naren Gunja", "PER", "Naren Gunja", "naren gunja")
    found = [(m.start, m.surface, m.name) for m in repair_mentions(text, [person])]
    assert found == [
        (0, "Naren Gunja", "Naren Gunja"),
        (text.index("Gunja's"), "Gunja", "Naren Gunja"),
        (text.rindex("Gunja"), "Gunja", "Naren Gunja"),
    ]


def test_whole_words_are_found_as_the_regular_expression_finds_them() -> None:
    # the longest word first, as repair_mentions orders them; letters, marks and joiners mixed
    pieces = ["a", "b", "A", "Ab", "é", "Щ", "щ", "1", "_", " ", "-", "'", "’", ".", "\n"]
    chance = random.Random(5)
    for _ in range(5000):
        text = "".join(chance.choice(pieces) for _ in range(chance.randint(0, 30)))
        letters = [*pieces[:7], "-", "'"]
        words = {"".join(chance.choices(letters, k=chance.randint(1, 3))) for _ in "ab"}
        ordered = sorted(words, key=len, reverse=True)
        either = "|".join(re.escape(w) for w in ordered)
        expected = re.finditer(rf"(?<![\w'’-])(?:{either})(?![\w-])", text)
        assert _whole_words(text, ordered) == [m.span() for m in expected], (text, ordered)
