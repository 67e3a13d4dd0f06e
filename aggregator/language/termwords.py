"""A sentence in, its content words out: each word's language, surface form and term key.

The key is what counts as "the same term": for a Russian word its dictionary form (the
pymorphy3 lemma: «Лаврова», «Лавровым» -> «лавров»), for any other word its Snowball stem
(PyStemmer's C stemmer: "agencies", "agency" -> "agenc"). A word's language is its script: a
word with Cyrillic letters is Russian, any other is read as English (the outlets compared are
English and Russian; one article may mix both). pymorphy3 is slow (a few hundred microseconds
a new word on a busy machine), so the background corpus is counted by written form
(``surfaces``), which needs no lemma, and only an event's own words are lemmatised.

Stop words (English and Russian function words, reporting verbs such as "said" / «сказал») are
dropped by their written form (the Russian list holds every form of the pronouns, of «быть»,
«который», «этот», «весь», «свой» and of the reporting verbs, from pymorphy3's paradigms) and,
for Russian, by lemma too. Numbers, punctuation and one-letter words are not terms either. Each
of them yields ``None`` so that a caller building two-word phrases knows the run broke.

The stemmer loads once per process (``functools.cache``), pymorphy3 is the process's one
analyser (:mod:`morph_ru`, with its per-word cache); a word's result is kept in a bounded
cache, so a word is lemmatised once per process.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from aggregator.language.morph_ru import parses
from aggregator.language.russian import STOPWORDS as RUSSIAN_STOPWORDS

_ENGLISH_STOP = """
    a about above after again against ago all almost also although am among an and any are
    around as at be because been before being below between both but by can could did do does
    doing done down during each either else ever every few for from further had has have having
    he her here hers herself him himself his how i if in into is it its itself just least less
    let many may me might more most much must my myself neither no nor not now of off often on
    once one only or other others our ours ourselves out over own per quite rather same she
    should since so some such than that the their theirs them themselves then there therefore
    these they this those though through thus to too under until up upon us very via was we
    were what whatever when where whether which while who whom whose why will with within
    without would yet you your yours yourself said says say saying told tells mr mrs ms dr
    it's that's there's he's she's they're we're i'm isn't aren't wasn't weren't won't can't
    didn't doesn't don't hasn't haven't wouldn't couldn't shouldn't we'll we've they've i've
    two three four five six seven eight nine ten first second new also another still
"""
# Russian: the one list of ``language.russian`` (every written form of the pronouns, of «быть»,
# «который», «этот», «весь», «свой» and of the reporting verbs, the function words, dates)
STOPWORDS = frozenset(_ENGLISH_STOP.split()) | RUSSIAN_STOPWORDS

_TOKEN = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*|[^\w\s]|\d+")
_CYRILLIC = re.compile(r"[а-яё]")
_CACHE_WORDS = 200_000


@dataclass(frozen=True)
class ContentWord:
    """One content word of a sentence: its language, lower-cased surface form and term key."""

    language: str  # "ru" or "en"
    surface: str
    key: str


def content_words(sentence: str) -> Iterator[ContentWord | None]:
    """The words of ``sentence`` in order; ``None`` for a stop word, number, punctuation mark
    or one-letter word (each of which breaks a run of adjacent content words)."""
    return map(word_of, _TOKEN.findall(sentence))


def surfaces(sentence: str) -> Iterator[str | None]:
    """The written forms of the content words of ``sentence`` (lower case), ``None`` where
    ``content_words`` has ``None``, save a Russian word whose lemma alone is a stop word."""
    return map(_surface, _TOKEN.findall(sentence))


@functools.lru_cache(maxsize=_CACHE_WORDS)
def _surface(token: str) -> str | None:
    surface = token.lower().replace("’", "'").replace("ё", "е")
    if not surface[0].isalpha() or len(surface) < 2 or surface in STOPWORDS:
        return None
    return surface


@functools.lru_cache(maxsize=_CACHE_WORDS)
def word_of(token: str) -> ContentWord | None:
    """``token`` (one word as written) as a content word, or ``None`` when it is no term."""
    surface = _surface(token)
    if surface is None:
        return None
    if _CYRILLIC.search(surface):
        lemma = _russian_lemma(surface)
        return None if lemma in STOPWORDS else ContentWord("ru", surface, lemma)
    return ContentWord("en", surface, _english_stemmer().stemWord(surface))


def _russian_lemma(surface: str) -> str:
    # a hyphenated word is lemmatised part by part («военно-морской», «Северо-Западный»)
    return "-".join(parses(part)[0].normal_form.replace("ё", "е") for part in surface.split("-"))


@functools.cache
def _english_stemmer() -> Any:
    import snowballstemmer  # the C stemmer of PyStemmer when installed, as in cluster.text

    return snowballstemmer.stemmer("english")
