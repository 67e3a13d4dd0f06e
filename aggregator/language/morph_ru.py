"""The one pymorphy3 analyser of the process, and the one cache of its per-word analyses.

pymorphy3's Russian dictionaries (``pymorphy3-dicts-ru``, inside the installed package) load on
first use, once per process: every stage that needs a Russian word analysed asks here (entity
lemmas in :mod:`lemmas_ru` and :mod:`ner_ru`, the words of the terms in :mod:`termwords`, the
sex of a name in :mod:`genders`, speaker attribution in ``compare.names`` and
``compare.persons``). A word's analyses are kept in one bounded cache shared by all of them
(names recur in an article and across an event's articles). pymorphy3's analyses are
immutable, so sharing them is safe.
"""

from __future__ import annotations

import functools
from typing import Any

from aggregator.language.resident import resident

_CACHE_WORDS = 65536


@functools.cache
def morph() -> Any:
    """pymorphy3's analyser, loaded once per process."""
    import pymorphy3

    return resident(pymorphy3.MorphAnalyzer())


@functools.lru_cache(maxsize=_CACHE_WORDS)
def parses(word: str) -> tuple[Any, ...]:
    """pymorphy3's analyses of ``word`` as written, most likely first (cached)."""
    return tuple(morph().parse(word))


@functools.lru_cache(maxsize=_CACHE_WORDS)
def known(word: str) -> bool:
    """True when ``word`` is in pymorphy3's dictionary (not guessed from its ending)."""
    return bool(morph().word_is_known(word))


def normal_form(word: str) -> str:
    """The dictionary form pymorphy3 gives ``word`` first (lower case)."""
    return str(parses(word)[0].normal_form)
