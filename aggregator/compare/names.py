"""Small facts about people's names and words that speaker attribution needs.

``lemma`` (Russian dictionary form by pymorphy3), ``nominative`` (a Russian name as a reader would
write it in a list: "Лаврова" -> "Лавров", "Марии Захаровой" -> "Мария Захарова"), ``name_runs``
(capitalised word runs that look like a name, for when the tagger missed one) and the Russian
repairs attribution makes to the tagger's persons (``repair_surnames``, ``women_by_verb``,
``untagged_subjects``). ``name_gender`` (the sex a name tells) is a language fact, in
:mod:`aggregator.language.genders`, imported here for the modules that read it from this one;
the English persons the tagger missed (``missed_first_names``) are repaired in
:mod:`aggregator.language.persons_en`, where the English entities are made.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import replace

from aggregator.language.entities import Mention
from aggregator.language.genders import SEXES, cyrillic
from aggregator.language.genders import name_gender as name_gender  # (re-exported for compare)
from aggregator.language.morph_ru import normal_form, parses
from aggregator.language.persons_en import NOT_NAME_WORDS
from aggregator.language.translit import latin_key

PRONOUNS = {"he": "masc", "she": "femn", "он": "masc", "она": "femn"}
POSSESSIVES = {"his": "masc", "her": "femn", "его": "masc", "её": "femn", "ее": "femn"}
# Words after which a name is not the subject ("talks with Blinken", "встреча с Лавровым").
PREPOSITIONS = {
    "en": frozenset(
        "with to by from about for of against at on after before than like meeting met and".split()
    ),
    "ru": frozenset("с со от к ко о об про для на у до после между и перед против".split()),
}
# What a quoted document is called: its speaker is whoever published it.
DOCUMENTS = frozenset(
    "report study statement survey review letter document paper inquiry analysis research memo "
    "tweet article ruling headline editorial column piece decision opinion filing lawsuit "
    "complaint "
    "доклад отчёт отчет исследование заявление документ обзор письмо сообщение".split()
)
PUBLISHED = re.compile(
    r"\b(?:published|released|commissioned|produced|issued|compiled|conducted|carried out|"
    r"written|signed|report|study|survey|review|statement|letter|memo|tweet)\s+(?:by|from)\s+"
    r"(?:the\s+)?|"
    r"(?:подготовлен\w*|опубликова\w*)\s+(?!(?:в|во|на)\s)",  # not "опубликованном в Telegram"
    re.I,
)
# What a reader takes for "the organisation the article is about" when no name is given.
GENERIC_ORGS = frozenset(
    "ministry department agency company government organisation organization ведомство "
    "министерство агентство компания правительство организация пресс-служба пресс-центр "
    "дипмиссия посольство издание авиакомпания госкорпорация "
    "ministry's".split()
)
# Role words that name a body, not a person: "the committee said" is the committee.
INSTITUTIONS = frozenset(
    "committee council court ministry government agency office embassy army military company "
    "commission panel board department police parliament congress senate assembly service "
    "комитет совет суд министерство правительство ведомство агентство посольство комиссия "
    "служба управление прокуратура полиция милиция парламент".split()
)
# Nouns after which words in quote marks are a name: «Газпром», the newspaper "Kommersant".
TITLE_NOUNS = frozenset(
    "newspaper paper magazine film movie book programme program campaign party movement "
    "operation project station channel agency company fund foundation festival album song "
    "газета журнал фильм книга программа кампания партия движение операция проект "
    "радиостанция телеканал канал агентство компания фонд фестиваль альбом песня акция "
    "издание концерн холдинг банк завод группа организация общество объединение".split()
)

# The endings of a Russian surname as written (nominative of either sex).
SURNAME_END = re.compile(r"(?:ов|ев|ёв|ин|ын|ова|ева|ина|ына|ский|ская|цкий|цкая)$")
_NAME_RUN = re.compile(
    r"(?<![\w’'-])[A-ZА-ЯЁ][\w’'-]+(?:\s+(?:(?:von|van|der|den|de|la|bin|al|ibn|da|di)\s+)*"
    r"[A-ZА-ЯЁ][\w’'-]+){0,3}"
)


@functools.lru_cache(maxsize=65536)
def lemma(word: str) -> str:
    """The dictionary form of a Russian word (lower case); other words in lower case."""
    lowered = word.lower()
    if not cyrillic(lowered):
        return lowered
    return normal_form(lowered)


@functools.lru_cache(maxsize=4096)
def nominative(name: str) -> str:
    """A Russian person's name in the nominative ("Марии Захаровой" -> "Мария Захарова");
    other names unchanged."""
    if not cyrillic(name):
        return name
    words = []
    for word in name.split():
        options = parses(word)
        named = [p for p in options if {"Name", "Surn", "Patr"} & set(p.tag.grammemes)]
        chosen = (named or options)[0]
        form = chosen.inflect({"nomn"}) if named else None
        out = form.word if form is not None else word
        words.append(out[:1].upper() + out[1:] if word[:1].isupper() else out)
    return " ".join(words)


def maybe_nominative(surface: str) -> bool:
    """False when a Russian name as written cannot be in the nominative ("Бориса Николаевича"):
    it is then no sentence's subject."""
    if not cyrillic(surface):
        return True
    for word in surface.split():
        named = [p for p in parses(word) if {"Name", "Surn", "Patr"} & p.tag.grammemes]
        if named and not any("nomn" in p.tag.grammemes for p in named):
            return False  # "Бориса" of "Бориса Ельцина"
    return True


def verb_gender(verb: str) -> str | None:
    """``masc``/``femn`` of a Russian past-tense verb ("заявила" -> femn), ``plur`` for its
    plural ("заявили": often impersonal, "заявили в Кремле"), None otherwise."""
    word = verb.lower()
    if not re.fullmatch(r"[а-яё]+", word):
        return None
    tag = parses(word)[0].tag
    if "past" in tag.grammemes and tag.gender in ("masc", "femn"):
        return str(tag.gender)
    return "plur" if "past" in tag.grammemes and tag.number == "plur" else None


def looks_like_name(run: str) -> bool:
    """True unless a Russian capitalised run is a common word ("Медики" opening a sentence):
    some word of it must read as a first name, surname or patronymic first."""
    if not cyrillic(run):
        return True
    names = {"Name", "Surn", "Patr"}
    return any(names & set(parses(word)[0].tag.grammemes) for word in run.split())


def name_runs(phrase: str) -> list[tuple[int, int]]:
    """(start, end) in ``phrase`` of capitalised word runs that may be a name ("Iryna",
    "Ursula von der Leyen"); leading function words ("The", "Как") are not part of one."""
    out = []
    for match in _NAME_RUN.finditer(phrase):
        start, words = match.start(), match.group().split()
        while words and words[0].lower() in NOT_NAME_WORDS:
            start = phrase.index(words[1], start + len(words[0])) if len(words) > 1 else -1
            words = words[1:]
        if len(words) == 1 and re.search(r"(?:ed|ing|ly)$", words[0]):
            continue  # "Published by …", "Speaking to …": a sentence's first word
        if words and start >= 0:
            out.append((start, match.end()))
    return out


def repair_surnames(mentions: Sequence[Mention]) -> list[Mention]:
    """Russian surnames standing alone that the tagger's lemma turned into a common noun
    ("Песков" -> "Песок") or cut short ("Пушистов" -> "Пушист"): read as a surname
    ("Песков") and given the one full name of the text ending in it ("Дмитрий Песков")."""
    full: dict[str, set[str]] = {}
    for m in mentions:
        if m.type == "PER" and " " in m.name:
            full.setdefault(latin_key(m.name.split()[-1]), set()).add(m.name)
    out = []
    for m in mentions:
        if m.type == "PER" and " " not in m.surface and " " not in m.name:
            surname = nominative(m.surface)
            cut = SURNAME_END.search(surname) and not SURNAME_END.search(m.name)
            if latin_key(surname)[:4] != m.key[:4] or cut:  # "Пушистов" -> "Пушист"
                names = full.get(latin_key(surname), {surname})
                name = next(iter(names)) if len(names) == 1 else surname
                m = replace(m, name=name, key=latin_key(name))
        out.append(m)
    return out


def compound_of(short: str, names: Sequence[str]) -> str | None:
    """The one longer Russian name of ``names`` a compound abbreviation stands for: its first
    syllable opens the first word and the rest opens the last ("Нацфронт" -> "Национальный
    фронт", "Госдума" -> "Государственная дума"); else None."""
    word = short.lower()
    if " " in word or not cyrillic(word) or len(word) < 6:
        return None
    found = set()
    for name in names:
        parts = name.lower().split()
        if len(parts) != 2:
            continue
        for cut in range(3, len(word) - 2):
            head, tail = word[:cut], word[cut:]
            if parts[0].startswith(head) and parts[1].startswith(tail[:4]) and len(tail) >= 3:
                found.add(name)
    return found.pop() if len(found) == 1 else None


_VERB_AFTER = re.compile(r"\s+(?:(?:также|уже|ещё|еще|тоже|вновь|не)\s+)?([а-яё]+)")


def women_by_verb(text: str, mentions: Sequence[Mention]) -> tuple[list[Mention], set[str]]:
    """Russian women whose names the lemmatiser made a man's ("Кая Каллас" -> "Кай Каллас",
    "Захарова" -> "Захаров"), told by the past-tense verb right after the name ("Кая Каллас
    выступила", "Захарова также прокомментировала"): named as the text writes them; and the
    names of these women."""
    renamed: dict[str, str] = {}
    written = {m.surface for m in mentions}
    for m in mentions:
        if m.type != "PER" or m.name in written or name_gender(m.name) == "femn":
            continue
        before = re.search(r"([а-яё-]+)\s+$", text[max(0, m.start - 30) : m.start], re.I)
        if before is not None and _feminine_noun(before.group(1)):
            continue  # "Пресс-служба Кадырова заявила": the press office
        verb = _VERB_AFTER.match(text, m.end)
        if verb is None or verb_gender(verb.group(1)) != "femn":
            continue
        last = m.surface.split()[-1]
        named = [p for p in parses(last) if {"Name", "Surn"} & p.tag.grammemes]
        if named and not any("nomn" in p.tag.grammemes for p in named):
            continue  # "с Марией Захаровой прошла": not the subject
        renamed.setdefault(m.name, m.surface)
    out = [
        replace(m, name=renamed[m.name], key=latin_key(renamed[m.name])) if m.name in renamed else m
        for m in mentions
    ]
    return out, set(renamed.values())


def _feminine_noun(word: str) -> bool:
    """True for a feminine common noun in the nominative ("пресс-служба", "супруга")."""
    return any(
        {"NOUN", "femn", "nomn", "sing"} <= p.tag.grammemes
        and not {"Name", "Surn"} & p.tag.grammemes
        for p in parses(word.lower())
    )


# (a line's or a sentence's start checked after the capital: the same matches as
# ``(?:^|(?<=[.!?…]\s)|(?<=\n))([А-ЯЁ][а-яё]+)…``, the engine skipping to the capitals)
_OPENING_SURNAME = re.compile(
    r"([А-ЯЁ](?:(?<=^[А-ЯЁ])|(?<=[.!?…]\s[А-ЯЁ])|(?<=\n[А-ЯЁ]))[а-яё]+)\s+"
    r"(?:(?:также|уже|вновь|не|ещё|еще|тоже)\s+)?([а-яё]+)",
    re.M,
)


def untagged_subjects(text: str, mentions: Sequence[Mention]) -> list[Mention]:
    """Russian surnames opening a sentence before a past-tense verb that the tagger left
    untagged ("Лавров встретился с Блинкеном.", "Песков ответил …"): persons, read as
    pymorphy3 reads a surname or first name in the nominative; with ``mentions``, in order."""
    taken = [(m.start, m.end) for m in mentions]
    added = []
    for match in _OPENING_SURNAME.finditer(text):
        start, end = match.span(1)
        if any(s < end and start < e for s, e in taken):
            continue
        if verb_gender(match.group(2)) not in SEXES:
            continue
        named = [p for p in parses(match.group(1)) if {"Surn", "Name"} & p.tag.grammemes]
        if sum(p.score for p in named if "nomn" in p.tag.grammemes) < 0.15:
            continue
        word = match.group(1)
        added.append(Mention(start, end, word, "PER", word, latin_key(word)))
    return sorted([*mentions, *added], key=lambda m: m.start) if added else list(mentions)
