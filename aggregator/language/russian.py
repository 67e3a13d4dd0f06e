"""Russian words as terms: stop words, ``ё`` folded to ``е``, hyphenated words, Snowball stems.

``russian_term(word)`` takes one lower-case Cyrillic word (as the cluster tokeniser cuts it) and
returns its stem for matching, or ``""`` for a function word: ``"переговорах"`` ->
``"переговор"``, ``"всё"`` -> ``""``, ``"из-за"`` -> ``""``, ``"кто-то"`` -> ``""``,
``"с.в.лаврова"`` -> ``"лавр"`` (initials dropped),
``"северо-западный"`` -> ``"север-западн"`` (each part of a hyphenated word is stemmed;
the particles ``-то``, ``-либо``, ``-нибудь``, ``-ка`` and ``кое-`` are cut first). The stemmer is
Snowball's Russian one (PyStemmer), loaded once per process.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import snowballstemmer

# Function words and reporting verbs that say nothing about which event an article covers:
# pronouns, prepositions, conjunctions, particles, auxiliaries and their common forms.
_STOPWORD_TEXT = """
а без более больше будем будет будете будешь буду будут будучи будь бы был была были было быть
в вам вами вас весь во вот все всего всей всем всеми всему всех всю вся всё всё-таки вы где да
даже два две для до его ее её ей ему если есть еще ещё же за здесь и из из-за или им ими их к
каждый как какая какие каким какой когда кого кое-что ком кому котор которая которого которое
которой котором которому которую которые который которым которыми которых кто ли либо лишь между
меня мне мной мог могла могли могло могут может можно мы на над надо наш наша наше наши не него
нее неё нет ни ним ними них но ну о об один одна одни одно однако около он она они оно от очень
по под после потому почти при про раз с сам сама сами само свое своего своей свои своим своих
свой свою себе себя сейчас со так также такие такой там те тем теми тех то тогда того тоже той
только том тот тут ты у уже хотя чего чем что чтобы чье чья эта эти этим этими этих это этого
этой этом этому этот эту я ещё весьма будто через перед вместе ведь именно иначе пока поэтому
является являются являлся являлась стал стала стали стало также заявил заявила заявили заявило
сообщил сообщила сообщили сообщило сообщает сообщают отметил отметила отметили сказал сказала
сказали говорит говорится словам слова передает передаёт пишет пишут по-прежнему кроме вне
среди ради вокруг сквозь вследствие вроде насчет насчёт благодаря согласно вопреки около
сегодня вчера завтра понедельник вторник среда среду четверг пятница пятницу суббота субботу
воскресенье год года году лет году годы годах неделе недели день дня дней время времени
"""
STOPWORDS = frozenset(w.replace("ё", "е") for w in _STOPWORD_TEXT.split())

# Particles written with a hyphen that make an indefinite pronoun or soften an imperative.
_SUFFIXES = ("-нибудь", "-либо", "-то", "-ка")
_PREFIX = "кое-"


@cache
def _stemmer() -> Any:
    """Snowball's Russian stemmer (PyStemmer's C build when installed, as it is by default;
    one per process)."""
    return snowballstemmer.stemmer("russian")


def fold(word: str) -> str:
    """``ё`` -> ``е``: Russian print mostly omits the dots, so both spellings must meet."""
    return word.replace("ё", "е")


def _stem_part(part: str) -> str:
    if part in STOPWORDS or len(part) < 2:
        return ""
    if len(part) < 4:  # short words (ВВС, ООН, США) are kept as they are
        return part
    stem = str(_stemmer().stemWord(part))
    # Snowball reads a surname's nominative "-ов"/"-ев" as a plural ending and cuts it
    # ("лавров" -> "лавр") but keeps it in the other cases ("лаврова" -> "лавров"): cut it
    # always, so every case of a surname in -ов/-ев gives one stem
    if len(stem) > 4 and stem.endswith(("ов", "ев")):
        stem = stem[:-2]
    return stem


def russian_term(word: str) -> str:
    """One lower-case Cyrillic word -> its stem, or ``""`` for a function word."""
    word = fold(word)
    if "." in word:  # a name after initials ("с.в.лаврова", "дж.керри") is the name
        word = word.rsplit(".", 1)[-1]
    if word in STOPWORDS:
        return ""
    if "-" not in word:
        return _stem_part(word)
    if word.startswith(_PREFIX):
        word = word[len(_PREFIX) :]
    for suffix in _SUFFIXES:
        if word.endswith(suffix):
            word = word[: -len(suffix)]
            break
    parts = [_stem_part(p) for p in word.split("-") if p]
    kept = [p for p in parts if p]
    return "-".join(kept)


def is_cyrillic(word: str) -> bool:
    """Whether ``word`` has a Cyrillic letter (U+0400..U+04FF)."""
    return any("\u0400" <= ch <= "\u04ff" for ch in word)
