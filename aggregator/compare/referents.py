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

from aggregator.compare.people import Speaker
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


# Someone known by their tie to a person: kin, friends, neighbours, lawyers. "Mr Patel's lawyer
# said", "his wife said", "the family of Tom Baker said" are not Patel, him or Baker.
RELATIONS = frozenset(
    "wife husband partner widow widower mother father mum dad parents son daughter sons "
    "daughters children family relatives brother sister brothers sisters siblings grandmother "
    "grandfather grandson granddaughter uncle aunt cousin niece nephew fiance fiancee fiancée "
    "girlfriend boyfriend friend friends neighbour neighbours neighbor neighbors colleague "
    "colleagues lawyer lawyers attorney attorneys solicitor solicitors".split()
)
_RELATION = "|".join(sorted(RELATIONS, key=len, reverse=True))
_TIED_AFTER = re.compile(rf"['’]s?\s+(?:[a-z-]+\s+){{0,2}}(?:{_RELATION})\b")
_TIED_BEFORE = re.compile(rf"\b(?:{_RELATION})\s+of\s+(?:the\s+)?(?:late\s+)?$")
_OWNED_RELATION = re.compile(rf"\b(?:his|her|their)\s+(?:[a-z-]+\s+){{0,2}}({_RELATION})\b", re.I)
_OPENERS = frozenset("the a an his her their one and but".split())
_NAME_RUN = r"(?:[\w'’.-]+\s+){0,3}"


def tied(text: str, mention: Mention, start: int, end: int) -> bool:
    """True when a person is named in the phrase ``text[start:end]`` as the one a relation is
    of ("Mr Patel's lawyer", "the family of Tom Baker"), not as the speaker."""
    return (
        _TIED_AFTER.match(text, mention.end, end) is not None
        or _TIED_BEFORE.search(text[max(start, mention.start - 40) : mention.start]) is not None
    )


def relative(
    text: str, start: int, end: int, free: Sequence[Mention], persons: Sequence[Mention]
) -> Speaker | None:
    """English: who a phrase naming someone by their tie to a person means ("Mr Patel's lawyer,
    Joanne Wilson," is Wilson; "his father" the person the article introduced as the father;
    else a description, "Mr Patel's lawyer"), or None when the phrase names no such tie."""
    first = (text[start:end].replace(",", " ").split() or [""])[0]
    if first[:1].islower() and first not in _OPENERS:
        return None  # "said that his own daughter had taken it": a clause, not a speaker
    inside = [m for m in persons if start <= m.start < end]
    owned = _OWNED_RELATION.search(text, start, end)
    owners = [m for m in inside if tied(text, m, start, end)]
    if owned is None and not owners:
        return None
    noun = owned.group(1).lower() if owned else _relation_after(text, owners[0], end)
    others = [m for m in free if m not in owners]
    if others:
        return Speaker(others[0].name, "PER")  # "Mr Patel's lawyer, Joanne Wilson,"
    introduced = re.compile(rf"\b{noun}\b,?\s+{_NAME_RUN}$", re.I)
    for person in reversed([m for m in persons if m.end <= start and m not in owners]):
        before = text[max(0, person.start - 60) : person.start]
        after = text[person.end : person.end + 60]
        if introduced.search(before) or re.match(rf",\s+{_NAME_RUN}{noun}\b", after, re.I):
            return Speaker(person.name, "PER")  # "The boy's father, Grayson Ottaway, said"
    described = re.sub(r"\s+", " ", text[start:end]).strip(" ,;:—–-")
    return Speaker(described, None) if described else None


def _relation_after(text: str, owner: Mention, end: int) -> str:
    tie = _TIED_AFTER.match(text, owner.end, end)
    if tie is not None:
        return tie.group().split()[-1].lower()
    return next(w for w in reversed(text[: owner.start].split()) if w.lower() in RELATIONS)
