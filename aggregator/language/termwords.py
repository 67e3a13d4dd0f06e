"""A sentence in, its content words out: each word's language, surface form and term key.

The key is what counts as "the same term": for a Russian word its dictionary form (the
pymorphy3 lemma: "Лаврова", "Лавровым" -> "лавров"), for any other word its Snowball stem
(the Snowball English stemmer: "agencies", "agency" -> "agenc"). A word's language is its script:
a word with Cyrillic letters is Russian, any other is read as English (the outlets compared are
English and Russian; one article may mix both).

Stop words (English and Russian function words, reporting verbs such as "said" / "сказать") are
dropped by surface form and, for Russian, by lemma too, so every form of "который" or "быть"
goes. Numbers, punctuation and one-letter words are not terms either. Each of them yields
``None`` from ``content_words`` so that a caller building two-word phrases knows the run broke.

The analysers load once per process (``functools.cache``) and the per-word results are kept in
bounded caches, so counting a large corpus costs a dictionary look-up a word.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from aggregator.language import ner_ru

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
# surface forms and lemmas: a form is dropped when either it or its lemma is listed
_RUSSIAN_STOP = """
    и в во не что он на я с со как а то все всё она так его но да ты к у же вы за бы по только
    ее её мне было вот от меня еще ещё нет о об обо из ему теперь когда даже ну ли если уже или
    ни быть был него до вас нибудь уж вам ведь там потом себя ничего ей может они тут где есть
    надо ней для мы тебя их чем была сам чтоб без будто чего раз тоже себе под будет ж тогда
    кто этот того потому этого какой совсем ним здесь этом почти мой тем чтобы нее сейчас были
    куда зачем всех никогда можно при хоть после над больше тот через эти нас про всего них
    какая много эту моя впрочем том нельзя такой им более всегда между также это этих который
    которые которая которого которых весь свой наш ваш мочь такой один два три год также
    оно она они мы вы он я ты сказать заявить сообщить отметить говорить являться иметь
    стать другой каждый самый её свой её со ко ото изо либо же бы ли лишь именно пока ещё
    г гг т тыс млн млрд
"""
STOPWORDS = frozenset(_ENGLISH_STOP.split()) | frozenset(_RUSSIAN_STOP.split())

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
    for match in _TOKEN.finditer(sentence):
        yield word_of(match.group())


@functools.lru_cache(maxsize=_CACHE_WORDS)
def word_of(token: str) -> ContentWord | None:
    """``token`` (one word as written) as a content word, or ``None`` when it is no term."""
    surface = token.lower().replace("’", "'").replace("ё", "е")
    if not surface[0].isalpha() or len(surface) < 2 or surface in STOPWORDS:
        return None
    if _CYRILLIC.search(surface):
        lemma = _russian_lemma(surface)
        if lemma in STOPWORDS:
            return None
        return ContentWord("ru", surface, lemma)
    return ContentWord("en", surface, _english_stemmer().stemWord(surface))


def _russian_lemma(surface: str) -> str:
    # a hyphenated word is lemmatised part by part ("военно-морской", "Северо-Западный")
    parts = surface.split("-")
    morph = ner_ru.morph()  # one analyser per process, shared with the entity lemmas
    return "-".join(morph.parse(part)[0].normal_form.replace("ё", "е") for part in parts)


@functools.cache
def _english_stemmer() -> Any:
    import snowballstemmer  # the C stemmer of PyStemmer when installed, as in cluster.text

    return snowballstemmer.stemmer("english")
