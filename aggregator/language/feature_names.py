"""Keys of named waters and landforms that English and Russian name alike, word by word.

"Суэцкий канал" and "Suez Canal", "Берингов пролив" and "Bering Strait", "Карибское море" and
"Caribbean Sea", "озеро Байкал" and "Lake Baikal", "Азовское море" and "Sea of Azov": a proper
part (in Russian mostly an adjective made of the name) and a common noun of geography that
translates. ``feature_key(name)`` gives both one key: the proper part's Latin-script stem, then
the English noun ("sues canal", "bering strait"), or None when the name has no such noun.
Russian words are read in their dictionary form ("Суэцкого канала" as "суэцкий канал").

The stem is ``translit.latin_key`` of the proper part with what the two languages add to a name
cut off: a Russian adjective's ending ("-ский", "-цкий" keeps its "ц", "-ов" of a possessive),
an English one's ("-ian", "-ean", "-ic"), final vowels ("Panama" / "Панамский"), a final "z" /
"ts" read as "s" ("Suez" / "Суэц"), and an initial "h" ("Hormuz" / "Ормуз").
"""

from __future__ import annotations

import re

from aggregator.language.morph_ru import normal_form
from aggregator.language.translit import latin_key

# The common nouns, Russian (dictionary form) and English -> the key's noun. A Russian "залив"
# is an English gulf or bay ("Мексиканский залив", "Бискайский залив" = "Bay of Biscay").
_NOUNS = {
    "канал": "canal",
    "море": "sea",
    "залив": "gulf",
    "бухта": "gulf",
    "пролив": "strait",
    "остров": "island",
    "острова": "islands",
    "озеро": "lake",
    "река": "river",
    "океан": "ocean",
    "полуостров": "peninsula",
    "пустыня": "desert",
    "перешеек": "isthmus",
    "мыс": "cape",
    "архипелаг": "archipelago",
    "canal": "canal",
    "sea": "sea",
    "gulf": "gulf",
    "bay": "gulf",
    "strait": "strait",
    "straits": "strait",
    "island": "island",
    "islands": "islands",
    "lake": "lake",
    "river": "river",
    "ocean": "ocean",
    "peninsula": "peninsula",
    "desert": "desert",
    "isthmus": "isthmus",
    "cape": "cape",
    "archipelago": "archipelago",
}
# English nouns written before the name ("Lake Baikal", "Cape Horn"), or before "of" ("Sea of
# Azov", "Strait of Hormuz", "Gulf of Mexico").
_BEFORE = frozenset({"lake", "cape"})
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
# Endings of a Russian adjective or possessive made of a name, transliterated by latin_key
# ("суэцкий" -> "suetski": the "к" of "-цкий" goes, the "ц" stays).
_RUSSIAN_ENDING = re.compile(r"(?:(?<=ts)k|(?<!t)sk)(?:i|aya|oe|ie|oi|ogo|om|ih)$|(?:ov|ev)[aoi]?$")
_ENGLISH_ENDING = re.compile(r"(?:yan|ean|an|ik)$")


def feature_key(name: str) -> str | None:
    """The key of a named water or landform (see the module's docstring), else None."""
    words = name.split()
    if len(words) < 2:
        return None
    lower = [
        (normal_form(w) if _CYRILLIC.search(w) else w.lower()).replace("ё", "е") for w in words
    ]
    words = [low if _CYRILLIC.search(w) else w for w, low in zip(words, lower, strict=True)]
    if lower[0] in _NOUNS and len(words) > 2 and lower[1] == "of":
        noun, proper = lower[0], words[2:]
    elif lower[-1] in _NOUNS:
        noun, proper = lower[-1], words[:-1]
    elif lower[0] in _NOUNS and (_CYRILLIC.search(name) or lower[0] in _BEFORE):
        noun, proper = lower[0], words[1:]  # "озеро Байкал", "Lake Baikal"
    else:
        return None
    stems = [_stem(word) for word in proper]
    if not all(stems):
        return None
    return f"{' '.join(stems)} {_NOUNS[noun]}"


def _stem(word: str) -> str:
    key = latin_key(word).replace(" ", "")
    ending = _RUSSIAN_ENDING if _CYRILLIC.search(word) else _ENGLISH_ENDING
    key = ending.sub("", key) if len(key) > 4 else key
    key = key.rstrip("aeiouy") or key
    key = re.sub(r"(?:ts|z)$", "s", key)
    return key[1:] if key.startswith("h") and key[1:2] in "aeiou" and len(key) > 3 else key
