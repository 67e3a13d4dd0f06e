"""Latin-script keys: one spelling-insensitive key for a name however it is written.

``latin_key("Сергей Лавров") == latin_key("Sergei Lavrov") == latin_key("Sergey Lavrov")``: the
Cyrillic is transliterated (a simplified BGN/PCGN-like table), accents are folded to ASCII, and the
spelling variants that transliteration systems disagree on (ey/ei, iy/y, kh/h, ts/tz, yu/iu, ya/ia,
doubled letters, soft and hard signs) are folded to one form. The key is for matching, not for
display: show the name as the outlet wrote it, or :func:`transliterate` for a readable gloss.
"""

from __future__ import annotations

import functools
import re
import unicodedata

_CYRILLIC = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "д": "d",
    "е": "e",
    "ё": "e",
    "ж": "zh",
    "з": "z",
    "и": "i",
    "й": "y",
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ф": "f",
    "х": "kh",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "shch",
    "ъ": "",
    "ы": "y",
    "ь": "",
    "э": "e",
    "ю": "yu",
    "я": "ya",
    # Ukrainian and Belarusian letters that turn up in names
    "і": "i",
    "ї": "yi",
    "є": "ye",
    "ґ": "g",
    "ў": "u",
}

# Spelling variants folded after transliteration, longest first; applied to the whole key.
_FOLDS = (
    ("shch", "sch"),
    ("iy", "i"),
    ("yi", "i"),
    ("ey", "ei"),
    ("ay", "ai"),
    ("oy", "oi"),
    ("kh", "h"),
    ("tz", "ts"),
    ("iu", "yu"),
    ("ia", "ya"),
    ("ye", "e"),
    ("yo", "e"),
    ("ck", "k"),
    ("ph", "f"),
    ("w", "v"),
    ("x", "ks"),
    ("q", "k"),
    ("dzh", "j"),
    ("zh", "j"),
    ("ch", "\x01"),
    ("sh", "\x02"),
    ("c", "k"),
    ("\x01", "ch"),
    ("\x02", "sh"),
)
# an "h" after a vowel is silent in English spellings (John, Sarah) and absent in Russian ones
_VOWEL_H = re.compile(r"(?<=[aeiouy])h")
_FINAL_Y = re.compile(r"(?<=[a-z])y\b")
_DOUBLE = re.compile(r"([a-z])\1+")
_NOT_KEY = re.compile(r"[^a-z0-9 ]+")


def transliterate(text: str) -> str:
    """Cyrillic letters to Latin, keeping case and everything else (a reader's gloss)."""
    out = []
    for ch in text:
        low = ch.lower()
        latin = _CYRILLIC.get(low)
        if latin is None:
            out.append(ch)
        elif ch != low and latin:
            out.append(latin[0].upper() + latin[1:])
        else:
            out.append(latin)
    return "".join(out)


@functools.lru_cache(maxsize=65536)
def latin_key(name: str) -> str:
    """A lowercase ASCII key that Russian and English spellings of one name share (remembered
    per name: the comparison asks for the same names' keys many times)."""
    text = transliterate(unicodedata.normalize("NFKC", name).lower())
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = _NOT_KEY.sub(" ", text.replace("'", ""))
    for old, new in _FOLDS:
        text = text.replace(old, new)
    text = _VOWEL_H.sub("", text)
    text = _FINAL_Y.sub("i", text)
    text = _DOUBLE.sub(r"\1", text)
    return " ".join(text.split())
