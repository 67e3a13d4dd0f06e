"""Keys that survive translation: names, places and numbers of a text in one Latin-script form.

``bridge_keys(title, text, language)`` returns ``{key: count}`` (the title counted twice) for
what an English and a Russian report of one event share however they are worded:

- names: capitalised words (and, in a Russian text, every Latin-script word: ``ABC News``,
  ``CD36``), as :func:`translit.latin_key` with the case ending trimmed, so ``Лаврову``,
  ``Лавровым`` and ``Lavrov`` give ``lavr``, ``Путина`` and ``Putin`` give ``putin``;
- places and bodies whose English and Russian names differ (``Moscow``/``Москва``,
  ``Syria``/``Сирия``/``сирийский``, ``UN``/``ООН``): a small table of their common stems
  gives both one key (``=moscow``, ``=syria``, ``=un``);
- numbers of two digits or more, with a decimal comma read as a point (``1,57`` = ``1.57``) and
  a unit letter dropped (``2010г`` = ``2010``): ``#2010``.

``bridge_words`` gives, per key, the words a text wrote it as (for ``cluster --explain``). Pure;
the memo of word -> key is bounded.
"""

from __future__ import annotations

import functools
import re
from collections import Counter

from aggregator.language.exonyms import english_name, english_names
from aggregator.language.feature_names import feature_key
from aggregator.language.russian import STOPWORDS as RUSSIAN_STOPWORDS
from aggregator.language.translit import latin_key

# How much of the text is read: the opening carries the names and figures of the event.
SAMPLE_CHARS = 1500
# Minimum length of a name key, and the most of it that counts (transliterations drift later).
_MIN_KEY = 3
_MAX_KEY = 8

# a number, with the word for thousands or millions after it when there is one
_NUMBER_TEXT = (
    r"\d[\d.,]*\d(?:\s+(?:thousand|million|billion|тыс[а-я]*|млн|млрд|миллион[а-я]*"
    r"|миллиард[а-я]*)\b)?"
)
_WORD = re.compile(rf"{_NUMBER_TEXT}|[^\W\d_][\w'’.-]*[^\W_]|[^\W\d_]{{2,}}")
_CAPITALISED_OR_NUMBER = re.compile(rf"\b(?:{_NUMBER_TEXT}|[A-Z][\w'’.-]*[^\W_]|[A-Z]{{2,}})")
_NUMBER = re.compile(r"(\d[\d.,]*)\s*(\S*)")
_THOUSANDS = re.compile(r"\d{1,3}(?:,\d{3})+")
_MULTIPLIERS = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "тыс": 1e3, "млн": 1e6}
_MULTIPLIERS.update({"млрд": 1e9, "миллион": 1e6, "миллиард": 1e9})
_SENTENCE_WORDS = frozenset(
    """
a an and as at but by for from he her his in it its of on or our she that the their there these
they this those to we what when where which who why with after before however if while also
more most new one two three first last this year said says mr mrs ms dr
""".split()
)
# Case endings of transliterated names, trimmed after any final vowels (longest first).
_ENDINGS = ("ykh", "ikh", "ami", "ogo", "ego", "omu", "emu", "ym", "im", "om", "em", "ov", "ev")

# Places and bodies whose English and Russian names do not transliterate into each other:
# canonical key -> lower-case stems of the names (a word matches by its start).
_EXONYMS = {
    "russia": ("russia", "росси", "российск", "рф"),
    "moscow": ("moscow", "москв", "московск"),
    "usa": ("usa", "us", "u.s", "america", "сша", "америк", "штат"),
    "uk": ("uk", "britain", "british", "великобритан", "британ", "англи"),
    "syria": ("syria", "сири", "сирийск"),
    "germany": ("german", "герман", "немец", "немецк", "фрг"),
    "france": ("france", "french", "франц"),
    "china": ("china", "chinese", "кита", "кнр"),
    "eurasia": ("eurasia", "евраз"),
    "japan": ("japan", "япони", "японск"),
    "israel": ("israel", "израил"),
    "turkey": ("turkey", "turkish", "турци", "турецк"),
    "eu": ("eu", "european", "europe", "евросоюз", "ес", "европ"),
    "un": ("un", "оон"),
    "crimea": ("crimea", "крым"),
    "kiev": ("kiev", "kyiv", "киев"),
    "georgia": ("georgia", "грузи"),
    "poland": ("poland", "polish", "польш", "польск"),
    "australia": ("australia", "австрали"),
    "egypt": ("egypt", "египет", "египт"),
    "afghanistan": ("afghan", "афган"),
    "libya": ("libya", "libyan", "ливи"),
    "greece": ("greece", "greek", "греци", "греческ"),
    "italy": ("italy", "italian", "итали"),
    "spain": ("spain", "spanish", "испани"),
    "mexico": ("mexic", "мексик"),
    "paris": ("paris", "париж"),
    "beijing": ("beijing", "пекин"),
    "geneva": ("geneva", "женев"),
    "brussels": ("brussels", "брюссел"),
    "kremlin": ("kremlin", "кремл"),
    "nepal": ("nepal", "непал"),
    "cairo": ("cairo", "каир"),
    "ukraine": ("ukrain", "украин"),
    "belarus": ("belarus", "белорус", "беларус"),
}
# Longer names of the same places and bodies, matched whole (lower case, ё as е).
_LONG_NAMES = {
    "united kingdom": "uk",
    "great britain": "uk",
    "соединенное королевство": "uk",
    "united states": "usa",
    "united states of america": "usa",
    "соединенные штаты": "usa",
    "russian federation": "russia",
    "российская федерация": "russia",
    "european union": "eu",
    "европейский союз": "eu",
    "united nations": "un",
    "организация объединенных наций": "un",
}
_EXONYM_OF = {stem: key for key, stems in _EXONYMS.items() for stem in stems}
_EXONYM_LENGTHS = sorted({len(stem) for stem in _EXONYM_OF}, reverse=True)

_KEYS: dict[str, str] = {}


def _trim(key: str) -> str:
    """Drop final vowels and one case ending, twice: the stem of a name in either script."""
    for _ in range(2):
        key = key.rstrip("aeiouy")
        for ending in _ENDINGS:
            if key.endswith(ending) and len(key) - len(ending) >= _MIN_KEY:
                key = key[: -len(ending)]
                break
    return key


def name_key(name: str, kind: str) -> str:
    """An entity's Latin-script key. A place or body (``kind`` not ``PER``) whose English and
    Russian names differ is keyed by its English name in ``exonyms.txt`` ("Красное море" and
    "Red Sea" are both ``red sea``, "СБ ООН" and "UN Security Council" ``un security
    council``); a one-word one the stem table knows by that table ("Египет" and "Egypt" are
    both ``egypt``); a named water or landform by ``feature_names.feature_key`` ("Суэцкий
    канал" and "Suez Canal" both ``sues canal``); any other name by ``latin_key``. Two places
    or bodies of ``exonyms.txt`` the stem table would key alike ("Europe" and "EU": ``eu``)
    keep their own ``latin_key``."""
    if kind != "PER":
        english = english_name(name)
        if english is not None:
            return _translated_keys()[english]
    return _table_key(name) if kind != "PER" else latin_key(name)


@functools.cache
def _translated_keys() -> dict[str, str]:
    """English name of ``exonyms.txt`` -> its entity key (see :func:`name_key`)."""
    keys = {name: _table_key(name) for name in english_names()}
    shared = Counter(keys.values())
    return {name: key if shared[key] == 1 else latin_key(name) for name, key in keys.items()}


def _table_key(name: str) -> str:
    """The stem table's key of a place or body ``name``, else its ``latin_key``."""
    lower = " ".join(name.lower().replace("ё", "е").split())
    if lower in _LONG_NAMES:
        return _LONG_NAMES[lower]
    if lower and " " not in lower:
        key = _exonym(name.replace("ё", "е").replace("Ё", "Е"))
        if key:
            return key
    return feature_key(name) or latin_key(name)  # "Суэцкий канал" and "Suez Canal" alike


def _exonym(word: str) -> str:
    """The canonical key of a place or body named by ``word`` (as written), or ``""``.

    A stem matches at the start of the word ("России", "российского"), but a hyphenated word
    whose later part is capitalised and no place of the table is a name of its own:
    "France-Presse" is not France, "Москва-Сити" not Moscow ("Kyiv-based", "российско-
    египетский" still are)."""
    lower = word.lower()
    key = _stem_key(lower)
    if key and "-" in word:
        for part in word.split("-")[1:]:
            if part[:1].isupper() and not _stem_key(part.lower()):
                return ""
    return key


def _stem_key(lower: str) -> str:
    for n in _EXONYM_LENGTHS:
        if len(lower) >= n:
            key = _EXONYM_OF.get(lower[:n])
            # a short stem ("us", "ес", "вен") must be the whole word
            if key is not None and (n > 3 or len(lower) == n):
                return key
    return ""


def _number_key(text: str) -> str:
    """``"16,000"``, ``"16 тысяч"``, ``"16 thousand"`` -> ``"#16000"``; ``"7,3"`` ->
    ``"#7.3"``; ``""`` for a single digit (too common to tell events apart)."""
    match = _NUMBER.match(text)
    if match is None:
        return ""
    digits, word = match.groups()
    if _THOUSANDS.fullmatch(digits):
        digits = digits.replace(",", "")
    digits = digits.replace(",", ".").rstrip(".")
    factor = next((f for stem, f in _MULTIPLIERS.items() if word.startswith(stem)), 1.0)
    if factor != 1.0:
        try:
            value = float(digits) * factor
        except ValueError:
            return ""
        digits = f"{value:.0f}" if value.is_integer() else f"{value:g}"
    return f"#{digits}" if len(digits) >= 2 else ""


def word_key(word: str) -> str:
    """One word (a name or a number) -> its bridge key, or ``""`` when it gives none."""
    key = _KEYS.get(word)
    if key is not None:
        return key
    lower = word.lower().replace("ё", "е").rstrip(".")
    if lower[:1].isdigit():
        key = _number_key(lower)
    elif lower in _SENTENCE_WORDS or lower in RUSSIAN_STOPWORDS:
        key = ""
    else:
        name = word.rstrip(".")
        if "." in name and not _exonym(name):  # initials: "С.В.Лаврова", "Дж.Керри"
            name = name.rsplit(".", 1)[-1]
            lower = lower.rsplit(".", 1)[-1]
        exonym = _exonym(name.replace("ё", "е").replace("Ё", "Е"))
        if exonym:
            key = f"={exonym}"
        else:
            latin = _trim(latin_key(lower).replace(" ", ""))[:_MAX_KEY]
            key = latin if len(latin) >= _MIN_KEY else ""
    if len(_KEYS) >= 100_000:  # a memo, bounded: start afresh (the mapping is pure)
        _KEYS.clear()
    _KEYS[word] = key
    return key


def _words(text: str, language: str) -> list[str]:
    """The words of ``text`` that may carry a key: in English the capitalised words and
    numbers; in another language every word (a Latin word there is a name, and country
    adjectives are written in lower case), of which names, numbers and exonyms give keys."""
    if language == "en":
        return _CAPITALISED_OR_NUMBER.findall(text)
    out = []
    for word in _WORD.findall(text):
        first = word[0]
        if first.isupper() or first.isdigit() or first.isascii() or _exonym(word):
            out.append(word)
    return out


def bridge_words(title: str, text: str, language: str) -> dict[str, list[str]]:
    """Key -> the words of the title and the text's opening that gave it, in order."""
    out: dict[str, list[str]] = {}
    for word in _words(f"{title}\n{text[:SAMPLE_CHARS]}", language):
        key = word_key(word)
        if key and word not in out.setdefault(key, []):
            out[key].append(word)
    return out


def bridge_keys(title: str, text: str, language: str) -> dict[str, float]:
    """Key -> count over the title (twice) and the text's opening."""
    counts: dict[str, float] = {}
    for part, weight in ((title, 2.0), (text[:SAMPLE_CHARS], 1.0)):
        for word in _words(part, language):
            key = word_key(word)
            if key:
                counts[key] = counts.get(key, 0.0) + weight
    return counts
