"""Russian names to their canonical (nominative) form, with pymorphy3.

The analyser and its per-word analyses are the process's one pair in :mod:`morph_ru`.
(natasha's own lemmatiser, ``MorphVocab``, needs pymorphy2, which needs ``pkg_resources``:
pymorphy3 is used directly.)

Canonical names (the ``surface`` stays as written): a person's words go to the nominative
singular in one case and gender shared by all of them ("Джоном Керри" -> "Джон Керри", "Анны
Ахматовой" -> "Анна Ахматова", "Лаврова" -> "Лавров"); initials written together are split
("С.В.Лаврова" -> "С. В. Лавров"); a place or organisation has its head noun and the adjectives
before it put in the nominative ("Государственной думы" -> "Государственная дума"), the words
after the head (genitive complements) kept as written.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from typing import Any

from aggregator.language.morph_ru import known, parses

_INITIAL = re.compile(r"[А-ЯЁA-Z]\.")
_MAN_SURNAME_GENITIVE = re.compile(r"(?:ов|ев|ёв|ин|ын)а$")
_CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct")


def lemma_name(words: list[str], kind: str) -> str:
    """The nominative form of a name (see the module docstring)."""
    return _lemma_name(tuple(words), kind)


@functools.lru_cache(maxsize=65536)
def _lemma_name(written: tuple[str, ...], kind: str) -> str:
    """``lemma_name``, remembered per name (pymorphy3's inflection is the costly part, and a
    name recurs in an article and across an event's articles)."""
    words = list(written)
    if kind == "PER":
        return " ".join(person_words(words))
    parses = [best_parse(word) for word in words]
    head = next((k for k, p in enumerate(parses) if p is not None and p.tag.POS == "NOUN"), None)
    if head is None or any(p is None or p.tag.POS not in ("ADJF", "PRTF") for p in parses[:head]):
        return " ".join(words)
    noun = parses[head]
    number = "plur" if noun.tag.number == "plur" else "sing"
    forms = list(words)
    forms[head] = _inflected(words[head], noun, {"nomn", number})
    for k in range(head):  # adjectives agree with the head noun
        grammemes = {"nomn", number}
        if number == "sing" and noun.tag.gender in ("masc", "femn", "neut"):
            grammemes.add(str(noun.tag.gender))
        forms[k] = _inflected(words[k], parses[k], grammemes)
    return " ".join(forms)


def split_initials(words: list[str]) -> list[str]:
    """ "С.В.Лаврова" -> "С.", "В.", "Лаврова" (initials written without spaces)."""
    out = []
    for word in words:
        while _INITIAL.match(word) and len(word) > 2:
            out.append(word[:2])
            word = word[2:]
        out.append(word)
    return out


def person_words(words: list[str]) -> list[str]:
    """A person's name words in the nominative singular (remembered per name)."""
    return list(_person_words(tuple(words)))


@functools.lru_cache(maxsize=65536)
def _person_words(written: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(_person_form(list(written)))


def _person_form(words: list[str], after_particle: bool = False) -> list[str]:
    if len(words) > 1 and all(_INITIAL.fullmatch(w) for w in words[:-1]):
        return [*words[:-1], *_person_form(words[-1:])]  # "С. В." + the surname
    nouns = [[p for p in parses(w) if p.tag.POS == "NOUN" and p.tag.case in _CASES] for w in words]
    # kept as written: a particle ("Кристины Фернандес де Киршнер") and a surname the dictionary
    # knows only as a plural ("Мавров": of "мавр"; a person is one); the others agree
    kept = [
        w[:1].islower() or (bool(o) and all(p.tag.number == "plur" for p in o))
        for w, o in zip(words, nouns, strict=True)
    ]
    if any(kept):
        declined = [w for w, k in zip(words, kept, strict=True) if not k]
        rest = iter(_person_form(declined, after_particle=kept[0]))  # "ибн Сина"
        return [w if k else next(rest) for w, k in zip(words, kept, strict=True)]
    if any(not options for options in nouns):
        return words
    # a word the dictionary knows (or guesses) only as a thing ("Лупу": "лупа", "Сина": "син")
    # after a name that does not decline ("Мариан") or a particle ("ибн") is a foreign name
    # that does not decline either; one beside a name that declines ("Юхана Густафссона")
    # shows its case by it, and a surname alone may be in any case
    fixed = [any("Fixd" in p.tag for p in o) for o in nouns]
    things = [all("inan" in p.tag for p in o) for o in nouns]
    if (
        any(things)
        and (fixed[0] or after_particle)
        and all(f or t for f, t in zip(fixed, things, strict=True))
    ):
        return words
    # the case (and gender) all the words can share, weighted by the parsers' scores
    votes: Counter[tuple[str, str]] = Counter()
    for options in nouns:
        seen: set[tuple[str, str]] = set()
        for p in options:
            for gender in _genders(p):
                key = (str(p.tag.case), gender)
                if key not in seen:
                    seen.add(key)
                    votes[key] += p.score
    shared = [
        key
        for key in votes
        if all(any(str(p.tag.case) == key[0] and key[1] in _genders(p) for p in o) for o in nouns)
    ]
    if not shared:
        # no case all share: a foreign surname that does not decline after a woman's name
        # ("Кристины Фернандес"): the first name alone, the rest as written where it can be
        # a nominative
        tail = all(any(str(p.tag.case) == "nomn" for p in o) for o in nouns[1:])
        if len(words) > 1 and tail:
            return _person_form(words[:1]) + [_his_surname(words[0], w) for w in words[1:]]
        return _like_first_name(words)
    case, gender = max(shared, key=lambda key: (votes[key], -_CASES.index(key[0])))
    out = []
    for word, options in zip(words, nouns, strict=True):
        if case == "nomn" and len(words) > 1 and not known(word):
            out.append(word)  # written in the nominative: a guess's plural is no person's
            continue
        parse = next(p for p in options if str(p.tag.case) == case and gender in _genders(p))
        form = parse.inflect({"nomn", "sing", gender}) or parse.inflect({"nomn", "sing"})
        out.append(_cased(form.word if form else word, word))
    return out


def _like_first_name(words: list[str]) -> list[str]:
    """A name whose words share no case: a surname the dictionary does not know, declined like
    the known first name before it ("Шарлю де Голлю": "Шарлю" -> "Шарль", so "Голлю" ->
    "Голль"), else the words as written."""
    if len(words) < 2 or not known(words[0]):
        return words
    first = _person_form(words[:1])[0]
    stem = 0  # the letters the written and the nominative first name share
    while stem < min(len(first), len(words[0])) and first[stem] == words[0][stem]:
        stem += 1
    ending, nominative = words[0][stem:], first[stem:]
    if not ending or ending == nominative or stem < 2:
        return words
    rest = [
        w[: len(w) - len(ending)] + nominative if w.endswith(ending) and not known(w) else w
        for w in words[1:]
    ]
    return [first, *rest]


def _his_surname(first: str, surname: str) -> str:
    """A man's name in the genitive ("Алексея") before a surname the dictionary does not know
    and reads as a woman's ("Петрина"): the surname is his, in the genitive too ("Петрин")."""
    options = parses(first)
    his = bool(options) and all(
        p.tag.gender == "masc" and p.tag.case in ("gent", "accs") for p in options
    )
    if his and _MAN_SURNAME_GENITIVE.search(surname) and not known(surname):
        return surname[:-1]
    return surname


def _genders(parse: Any) -> tuple[str, ...]:
    gender = str(parse.tag.gender)
    return ("masc", "femn") if gender in ("ms-f", "None") else (gender,)


def best_parse(word: str) -> Any:
    if word.isupper() and len(word) > 1:
        return None  # an acronym ("МИД", "США") stays as written
    options = parses(word)
    return options[0] if options and known(word) else None


def _inflected(word: str, parse: Any, grammemes: set[str]) -> str:
    form = parse.inflect(grammemes) or parse.inflect(grammemes - {"masc", "femn", "neut"})
    return _cased(form.word, word) if form else word


def _cased(form: str, model: str) -> str:
    """``form`` written with the capitals of ``model`` (first letter, each hyphenated part),
    and with "е" for "ё" when ``model`` writes it so."""
    if "ё" not in model.lower():
        form = form.replace("ё", "е").replace("Ё", "Е")
    if model.isupper() and len(model) > 1:
        return form.upper()
    parts = form.split("-")
    originals = model.split("-")
    if len(parts) == len(originals):
        return "-".join(
            p[:1].upper() + p[1:] if o[:1].isupper() else p
            for p, o in zip(parts, originals, strict=True)
        )
    return form[:1].upper() + form[1:] if model[:1].isupper() else form
