"""Small facts about people's names and words that speaker attribution needs.

``lemma`` (Russian dictionary form by pymorphy3), ``nominative`` (a Russian name as a reader would
write it in a list: "Лаврова" -> "Лавров", "Марии Захаровой" -> "Мария Захарова"), ``name_gender``
(Russian: pymorphy3's gender of the surname or first name; English: an honorific the article
used, a Slavic surname ending, a first name ending in -a, or a short list of common first names)
and ``name_runs`` (capitalised word runs that look like a name, for when the tagger missed one).
"""

from __future__ import annotations

import functools
import importlib
import re
from typing import Any

_FEMININE_EN = frozenset(
    "yvette liz elizabeth kemi suella priti rachel ellen helen karen susan janet ann anne "
    "jacinda kamala hillary nancy theresa marine ursula angela kaja ruth kate catherine "
    "margaret michelle sarah emily jane sophie alice caroline bridget judith ingrid "
    "christine jennifer mary ilhan alexandria golda indira beatrice carmen tulsi nikki "
    "kristi shirley dolores lindsey meghan harriet chloe".split()
)
_MASCULINE_EN_A = frozenset(
    "nikita ilya luca joshua musa mustafa andrea elia sasha misha kolya vanya zhenya "
    "jonah ezra isa costa garba".split()
)
_FEMININE_SUFFIX = re.compile(r"(?:ova|eva|yova|ina|aya|skaya|tskaya|ska)$")
_MASCULINE_SUFFIX = re.compile(r"(?:ov|ev|yov|in|sky|skiy|skyi|ski|enko|uk|yk)$")
_NAME_RUN = re.compile(
    r"(?<![\w’'-])[A-ZА-ЯЁ][\w’'-]+(?:\s+(?:(?:von|van|der|den|de|la|bin|al|ibn|da|di)\s+)*"
    r"[A-ZА-ЯЁ][\w’'-]+){0,3}"
)
_NOT_NAMES = frozenset(
    "the a an one his her its their this that these those он она они мы вы я как по об в во "
    "на также однако при и но he she they we it speaking asked in on at after".split()
)


@functools.cache
def _morph() -> Any:
    """pymorphy3's analyser, loaded once per process (its dictionaries ship in the package)."""
    return importlib.import_module("pymorphy3").MorphAnalyzer()


def _cyrillic(word: str) -> bool:
    return re.search(r"[а-яё]", word.lower()) is not None


@functools.lru_cache(maxsize=8192)
def lemma(word: str) -> str:
    """The dictionary form of a Russian word (lower case); other words in lower case."""
    lowered = word.lower()
    if not _cyrillic(lowered):
        return lowered
    return str(_morph().parse(lowered)[0].normal_form)


@functools.lru_cache(maxsize=4096)
def nominative(name: str) -> str:
    """A Russian person's name in the nominative ("Марии Захаровой" -> "Мария Захарова");
    other names unchanged."""
    if not _cyrillic(name):
        return name
    words = []
    for word in name.split():
        parses = _morph().parse(word)
        named = [p for p in parses if {"Name", "Surn", "Patr"} & set(p.tag.grammemes)]
        chosen = (named or parses)[0]
        form = chosen.inflect({"nomn"}) if named else None
        out = form.word if form is not None else word
        words.append(out[:1].upper() + out[1:] if word[:1].isupper() else out)
    return " ".join(words)


@functools.lru_cache(maxsize=4096)
def name_gender(name: str) -> str | None:
    """``masc``/``femn`` of a person's name (see the module docstring), or None."""
    words = name.split()
    if not words:
        return None
    if _cyrillic(name):
        for word, kind in ((words[-1], "Surn"), (words[0], "Name")):
            for parse in _morph().parse(word):
                tag = parse.tag
                if (
                    kind in tag.grammemes
                    and "nomn" in tag.grammemes
                    and tag.gender
                    in (
                        "masc",
                        "femn",
                    )
                ):
                    return str(tag.gender)
        return None
    first, last = words[0].lower(), words[-1].lower()
    if len(words) > 1 and first in _FEMININE_EN:
        return "femn"
    if len(words) > 1 and first.endswith("a") and first not in _MASCULINE_EN_A:
        return "femn"
    if _FEMININE_SUFFIX.search(last):
        return "femn"
    if _MASCULINE_SUFFIX.search(last):
        return "masc"
    return None


def verb_gender(verb: str) -> str | None:
    """``masc``/``femn`` of a Russian past-tense verb ("заявила" -> femn), None otherwise."""
    word = verb.lower()
    if not re.fullmatch(r"[а-яё]+", word):
        return None
    parse = _morph().parse(word)[0]
    if "past" in parse.tag.grammemes and parse.tag.gender in ("masc", "femn"):
        return str(parse.tag.gender)
    return None


def name_runs(phrase: str) -> list[tuple[int, int]]:
    """(start, end) in ``phrase`` of capitalised word runs that may be a name ("Iryna",
    "Ursula von der Leyen"); leading function words ("The", "Как") are not part of one."""
    out = []
    for match in _NAME_RUN.finditer(phrase):
        start, words = match.start(), match.group().split()
        while words and words[0].lower() in _NOT_NAMES:
            start = phrase.index(words[1], start + len(words[0])) if len(words) > 1 else -1
            words = words[1:]
        if words and start >= 0:
            out.append((start, match.end()))
    return out
