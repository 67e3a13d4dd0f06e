"""Whether an English speaker phrase can mean someone the article named before.

Input: the words of a speaker phrase (:mod:`aggregator.compare.speakers`) and the organisation
names inside it. A reader takes "the minister" for the minister already named, but not "one
European official", "a senior diplomat" or "security officials": an indefinite or plural
description brings in someone new, whom the article leaves unnamed. Nor is "the Foreign Office"
the "Foreign Office minister" named later: the role word there belongs to the body's name.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from aggregator.compare.roles import role_word
from aggregator.language.entities import Mention

# Determiners of a description that brings in someone new: "a", "one", "another", "some",
# "two", "several" … ("one European official said", "a senior diplomat told").
_INDEFINITE = frozenset(
    "a an one another some several many few two three four five six seven eight nine ten "
    "other others".split()
)
_PLURALS = {"spokespeople": "spokesperson", "people": "person", "staff": "staff"}


def plural(word: str) -> bool:
    """True for an English role word in the plural ("officials", "sources", "diplomats")."""
    if word in _PLURALS:
        return word != "staff"
    return (
        len(word) > 3
        and word.endswith("s")
        and not word.endswith("ss")
        and (
            role_word(word[:-1], "en")
            or (word.endswith("ies") and role_word(word[:-3] + "y", "en"))
        )
    )


def role_words(
    phrase: str, words: Sequence[str], inside: Sequence[Mention], start: int
) -> list[str]:
    """The role words of an English phrase (``text[start:]``, its ``words`` lower-cased, the
    mentions ``inside`` it) outside the organisations named in it: "the Foreign Office" has
    none, "the Foreign Office minister" has "minister"."""
    bodies = [(m.start - start, m.end - start) for m in inside if m.type == "ORG"]
    if not bodies:
        return [w for w in words if role_word(w, "en")]
    chars = list(phrase)
    for start, end in bodies:
        chars[start:end] = " " * (end - start)
    outside = re.findall(r"[\w’'-]+", "".join(chars))
    return [w.lower() for w in outside if role_word(w.lower(), "en")]


def new_referent(words: Sequence[str], roles: Sequence[str]) -> bool:
    """True when an English role phrase (``words`` lower-cased, ``roles`` its role words)
    describes someone not named before: an indefinite ("one European official", "a senior
    diplomat") or a plural ("security officials", "sources close to him")."""
    if not roles:
        return False
    return words[0] in _INDEFINITE or plural(roles[-1])
