"""The sex a person's name tells: ``name_gender(name)`` -> ``masc``/``femn``, or None.

A Russian name is read by pymorphy3 (:mod:`morph_ru`): a first name of one gender decides, else
the gender of the surname or first name in the nominative. An English name is read from a short
list of common first names of one sex (``FEMININE_EN``, ``MASCULINE_EN``), a first name ending in
"-a", or a Slavic surname ending ("-ova", "-sky"). Entity repairs (:mod:`persons_en`: "Heather
Nauert" in a Title Case headline is a person the tagger missed) and speaker attribution
(``compare``: who "he" or "she" is) read the same facts.
"""

from __future__ import annotations

import functools
import re

from aggregator.language.morph_ru import parses

FEMININE_EN = frozenset(
    "yvette liz elizabeth kemi suella priti rachel ellen helen karen susan janet ann anne "
    "jacinda kamala hillary nancy theresa marine ursula angela kaja ruth kate catherine "
    "margaret michelle sarah emily jane sophie alice caroline bridget judith ingrid "
    "christine jennifer mary ilhan alexandria golda indira beatrice carmen tulsi nikki "
    "kristi shirley dolores lindsey meghan harriet chloe barbara linda patricia deborah "
    "diane joyce maureen hazel ruby grace rose lucy amy laura hannah emma charlotte olivia "
    "abigail heather julie joanne gillian "
    "sharon sheila wendy valerie pauline jacqueline elaine frances dawn tracey claire "
    "louise joan jean irene gloria ellie isabel isobel hermione siobhan aoife niamh "
    "nicola fiona kirsty morag".split()
)
# Common men's first names (no name given to both sexes): "she" does not mean them.
MASCULINE_EN = frozenset(
    "john james robert michael william david richard joseph thomas charles christopher "
    "daniel matthew anthony mark donald steven steve paul andrew joshua kenneth kevin "
    "brian george edward ronald timothy jason jeffrey ryan jacob gary nicholas eric "
    "jonathan stephen larry justin scott brandon benjamin samuel gregory frank raymond "
    "patrick jack dennis jerry tyler aaron henry douglas doug peter adam nathan zachary "
    "walter kyle harold carl arthur gerald roger keith jeremy terry lawrence sean "
    "christian albert joe ethan austin jesse willie billy bruce bryan ralph roy eugene "
    "louis philip bobby johnny bill tom tim jim mike nick rob bob ian neil alan alastair "
    "alistair graham gordon hugh nigel simon tony trevor colin craig derek duncan "
    "francis geoffrey gerry howard jeremy jonny malcolm martin niall norman oliver owen "
    "rory rupert stuart toby vince vincent wayne barack boris vladimir sergei dmitry "
    "emmanuel olaf narendra recep".split()
)
_MASCULINE_EN_A = frozenset(
    "nikita ilya luca joshua musa mustafa andrea elia sasha misha kolya vanya zhenya "
    "jonah ezra isa costa garba".split()
)
_FEMININE_SUFFIX = re.compile(r"(?:ova|eva|yova|ina|aya|skaya|tskaya|ska)$")
_MASCULINE_SUFFIX = re.compile(r"(?:ov|ev|yov|in|sky|skiy|skyi|ski|enko|uk|yk)$")
SEXES = ("masc", "femn")
_CYRILLIC_LOWER = re.compile(r"[а-яё]")


def cyrillic(word: str) -> bool:
    """True when ``word`` has a Russian letter: a name pymorphy3 reads (not one in Latin script)."""
    return _CYRILLIC_LOWER.search(word.lower()) is not None


def _genders(word: str, kind: str) -> set[str]:
    """The genders pymorphy3 gives ``word`` read as a ``kind`` (Name/Surn) in the nominative."""
    return {
        str(p.tag.gender)
        for p in parses(word)
        if kind in p.tag.grammemes and "nomn" in p.tag.grammemes and p.tag.gender in SEXES
    }


@functools.lru_cache(maxsize=4096)
def name_gender(name: str) -> str | None:
    """``masc``/``femn`` of a person's name (see the module docstring), or None."""
    words = name.split()
    if not words:
        return None
    if cyrillic(name):
        # a first name of one gender decides ("Алла Бут": "Бут" is a man's and a woman's)
        sexes = _genders(words[0], "Name") if len(words) > 1 else set()
        if len(sexes) == 1:
            return sexes.pop()
        for word, kind in ((words[-1], "Surn"), (words[0], "Name")):
            for parse in parses(word):
                tag = parse.tag
                if kind in tag.grammemes and "nomn" in tag.grammemes and tag.gender in SEXES:
                    return str(tag.gender)
        return None
    first, last = words[0].lower(), words[-1].lower()
    if len(words) > 1 and first in FEMININE_EN:
        return "femn"
    if len(words) > 1 and first in MASCULINE_EN:
        return "masc"
    if len(words) > 1 and first.endswith("a") and first not in _MASCULINE_EN_A:
        return "femn"
    if _FEMININE_SUFFIX.search(last):
        return "femn"
    if _MASCULINE_SUFFIX.search(last):
        return "masc"
    return None
