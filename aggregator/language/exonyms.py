"""Places and bodies whose English and Russian names differ by translation: one English name each.

``english_name("Красном море") == english_name("Red Sea") == "Red Sea"``; ``english_name("СБ ООН")
== "UN Security Council"``. Transliteration (:func:`translit.latin_key`) links "Лавров" and
"Lavrov" but not "Красное море" ("krasnoe more") and "Red Sea", nor "ООН" and "UN": such names are
kept as data in ``exonyms.txt`` beside this module (countries, regions, capitals and major cities,
seas, rivers and canals, international bodies and the ministries and bodies the news names most),
one line a place or body, its English names and its Russian names. The first English name is
the one the table answers with.

Matching is on whole names, word by word: an English name in lower case ("the" dropped), a
Russian word as pymorphy3's dictionary form (``morph_ru.normal_form``), so case forms
("Красном море", "Совета Безопасности ООН") and the masculine adjectives the table lists
("российский") meet the nominative written there; ё is read as е. A name not in the table gives
``None`` (it may still transliterate into its English spelling: "Судан" / "Sudan").
"""

from __future__ import annotations

import functools
import re
from importlib import resources

from aggregator.language.morph_ru import normal_form

_DATA = "exonyms.txt"
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_QUOTES = re.compile(r"[«»\"“”„]")


@functools.cache
def _table() -> dict[str, str]:
    """Normalised name -> the English name shown (the first of its line)."""
    text = resources.files("aggregator.language").joinpath(_DATA).read_text(encoding="utf-8")
    out: dict[str, str] = {}
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        english, sep, russian = line.partition("=")
        names = [n.strip() for n in english.split(";") if n.strip()]
        if not sep or not names:
            raise ValueError(f"{_DATA}:{number}: expected 'English; ... = Russian; ...'")
        for name in names + [n.strip() for n in russian.split(";") if n.strip()]:
            out.setdefault(normalise(name), names[0])
    return out


@functools.lru_cache(maxsize=16384)
def normalise(name: str) -> str:
    """A name as the table matches it: words in lower case, Russian ones as dictionary forms."""
    words = _QUOTES.sub(" ", name).replace("ё", "е").replace("Ё", "Е").split()
    if words and words[0].lower() == "the" and len(words) > 1:
        words = words[1:]
    out = []
    for word in words:
        if _CYRILLIC.search(word):
            word = normal_form(word)
        out.append(word.lower().replace("ё", "е"))
    return " ".join(out)


def english_names() -> frozenset[str]:
    """Every English name the table answers with."""
    return frozenset(_table().values())


def english_name(name: str) -> str | None:
    """The English name of the place or body ``name`` (either language), or ``None``."""
    if not name.strip():
        return None
    return _table().get(normalise(name))
