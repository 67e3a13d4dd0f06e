"""Words a page's text extraction glued together, as a list of headlines or a photo credit
runs into the next line ("ПутинаВо Львове", "KinectМузыка", "Иван ПЕТРОВВчера"): where to read
them apart before natasha's tagger sees them (:mod:`ner_ru`).
"""

from __future__ import annotations

import re

from aggregator.language.morph_ru import known as _known
from aggregator.language.morph_ru import parses

_GLUE = re.compile(r"(?<=[a-zа-яё])(?=[A-ZА-ЯЁ])")
# a word in capitals glued to a capitalised word ("Фото: Иван ПЕТРОВВчера …"): the capitals,
# then a capital and four lower-case letters or more
_CAPS_GLUE = re.compile(r"(?<=[А-ЯЁ]{3})(?=[А-ЯЁ][а-яё]{3,})")
_LAST_WORD = re.compile(r"[^\W\d_]+$")
_FIRST_WORD = re.compile(r"[А-ЯЁ][а-яё]*")
_ACRONYM = re.compile(r"[А-ЯЁ]{2,6}(?![А-ЯЁа-яё])")
_NAME_TAGS = ("Name", "Surn", "Patr", "Geox", "Orgn")


def glued(text: str) -> bool:
    """Whether ``text`` has a place where two words may be glued (see ``glue_points``)."""
    return bool(_GLUE.search(text) or _CAPS_GLUE.search(text))


def glue_points(word: str) -> list[int]:
    """Where ``word`` joins two words that a page's text extraction glued together, as a list
    of headlines does ("ПутинаВо Львове", "РумынииЗолотовалютные", "KinectМузыка"): a lower-case
    letter followed by a capital of the other script, or, in Cyrillic, a dictionary word of four
    letters or more followed by a capitalised dictionary word, a capitalised word of four letters
    or more (a name) followed by a dictionary word of five or more that is no name, a lower-case
    dictionary word followed by an acronym ("одиночествеЦИК:"); or a word in capitals (three
    letters or more) that the dictionary knows, followed by a capitalised dictionary word of
    four letters or more, as a photo credit's surname runs into the headline ("ФРОЛОВВедущая").
    Names written in camel case keep together: their parts are not both words ("СофтКлаб"), or
    the first has a capital inside ("РосБизнесКонсалтинг"); an acronym keeps its case ending
    ("МИДом", "ЮКОСа")."""
    points = []
    for match in _GLUE.finditer(word):
        at = match.start()
        left, right = word[:at], word[at:]
        if _latin(left[-1]) != _latin(right[0]):
            points.append(at)
            continue
        if _latin(left[-1]):
            continue
        before = _LAST_WORD.search(left)
        after = _FIRST_WORD.match(right)
        if before is None or after is None:
            continue
        first, second = before.group(), after.group()
        if len(first) >= 4 and first[1:].islower() and _known(first) and _known(second):
            points.append(at)
        elif len(first) >= 4 and first[1:].islower() and _common_word(second):
            points.append(at)  # a name, then a headline's first word: "МубаракаАктивисты"
        elif len(first) >= 4 and first.islower() and _known(first) and _ACRONYM.match(right):
            points.append(at)  # a word, then a body's acronym: "одиночествеЦИК: откуда"
    for match in _CAPS_GLUE.finditer(word):
        at = match.start()
        before = re.search(r"[А-ЯЁ]+$", word[:at])
        after = _FIRST_WORD.match(word, at)
        if before is None or after is None:
            continue
        first = before.group()
        if _known(first.capitalize()) and _known(after.group()) and at not in points:
            points.append(at)
    return sorted(points)


def _common_word(word: str) -> bool:
    """A dictionary word of five letters or more that is no name of any kind."""
    return (
        len(word) >= 5
        and _known(word)
        and not any(tag in p.tag for p in parses(word) for tag in _NAME_TAGS)
    )


def _latin(char: str) -> bool:
    return char.isascii()
