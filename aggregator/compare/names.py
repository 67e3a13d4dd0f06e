"""Small facts about people's names and words that speaker attribution needs.

``lemma`` (Russian dictionary form by pymorphy3), ``nominative`` (a Russian name as a reader would
write it in a list: "Лаврова" -> "Лавров", "Марии Захаровой" -> "Мария Захарова"), ``name_gender``
(Russian: pymorphy3's gender of the surname or first name; English: an honorific the article
used, a Slavic surname ending, a first name ending in -a, or a short list of common first names)
and ``name_runs`` (capitalised word runs that look like a name, for when the tagger missed one).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import replace

from aggregator.language.entities import Mention
from aggregator.language.morph_ru import normal_form, parses
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

_FEMININE_EN = frozenset(
    "yvette liz elizabeth kemi suella priti rachel ellen helen karen susan janet ann anne "
    "jacinda kamala hillary nancy theresa marine ursula angela kaja ruth kate catherine "
    "margaret michelle sarah emily jane sophie alice caroline bridget judith ingrid "
    "christine jennifer mary ilhan alexandria golda indira beatrice carmen tulsi nikki "
    "kristi shirley dolores lindsey meghan harriet chloe barbara linda patricia deborah "
    "diane joyce maureen hazel ruby grace rose lucy amy laura hannah emma charlotte olivia "
    "abigail heather julie joanne gillian "
    "sharon sheila wendy valerie pauline jacqueline elaine frances dawn tracey claire "
    "louise joan jean irene gloria ellie isabel isobel hermione siobhan aoife niamh "
    "nicola fiona kirsty morag".split()
)
# Common men's first names (no name given to both sexes): "she" does not mean them.
_MASCULINE_EN = frozenset(
    "john james robert michael william david richard joseph thomas charles christopher "
    "daniel matthew anthony mark donald steven steve paul andrew joshua kenneth kevin "
    "brian george edward ronald timothy jason jeffrey ryan jacob gary nicholas eric "
    "jonathan stephen larry justin scott brandon benjamin samuel gregory frank raymond "
    "patrick jack dennis jerry tyler aaron henry douglas doug peter adam nathan zachary "
    "walter kyle harold carl arthur gerald roger keith jeremy terry lawrence sean "
    "christian albert joe ethan austin jesse willie billy bruce bryan ralph roy eugene "
    "louis philip bobby johnny bill tom tim jim mike nick rob bob ian neil alan alastair "
    "alistair graham gordon hugh nigel simon tony trevor colin craig derek duncan "
    "francis geoffrey gerry howard jeremy jonny malcolm martin niall norman oliver owen "
    "rory rupert stuart toby vince vincent wayne barack boris vladimir sergei dmitry "
    "emmanuel olaf narendra recep".split()
)
_MASCULINE_EN_A = frozenset(
    "nikita ilya luca joshua musa mustafa andrea elia sasha misha kolya vanya zhenya "
    "jonah ezra isa costa garba".split()
)
_FEMININE_SUFFIX = re.compile(r"(?:ova|eva|yova|ina|aya|skaya|tskaya|ska)$")
_MASCULINE_SUFFIX = re.compile(r"(?:ov|ev|yov|in|sky|skiy|skyi|ski|enko|uk|yk)$")
# The endings of a Russian surname as written (nominative of either sex).
SURNAME_END = re.compile(r"(?:ов|ев|ёв|ин|ын|ова|ева|ина|ына|ский|ская|цкий|цкая)$")
_NAME_RUN = re.compile(
    r"(?<![\w’'-])[A-ZА-ЯЁ][\w’'-]+(?:\s+(?:(?:von|van|der|den|de|la|bin|al|ibn|da|di)\s+)*"
    r"[A-ZА-ЯЁ][\w’'-]+){0,3}"
)
_NOT_NAMES = frozenset(
    "the a an one his her its their this that these those он она они мы вы я как по об в во "
    "на также однако при и но а he she they we it speaking asked in on at after but and or so "
    "yet however meanwhile also then there today yesterday now last next later earlier "
    "according as while when if although though mr mrs ms miss dr prof sir dame lady lord "
    "rev gen col г-н г-жа "
    # days and months ("appeared on "Face the Nation" Sunday morning and said"); not May,
    # June or August, which are names too
    "monday tuesday wednesday thursday friday saturday sunday january february march april "
    "july september october november december".split()
)


_CYRILLIC_LOWER = re.compile(r"[а-яё]")


def _cyrillic(word: str) -> bool:
    return _CYRILLIC_LOWER.search(word.lower()) is not None


def lemma(word: str) -> str:
    """The dictionary form of a Russian word (lower case); other words in lower case."""
    lowered = word.lower()
    if not _cyrillic(lowered):
        return lowered
    return normal_form(lowered)


@functools.lru_cache(maxsize=4096)
def nominative(name: str) -> str:
    """A Russian person's name in the nominative ("Марии Захаровой" -> "Мария Захарова");
    other names unchanged."""
    if not _cyrillic(name):
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


_SEXES = ("masc", "femn")


def _genders(word: str, kind: str) -> set[str]:
    """The genders pymorphy3 gives ``word`` read as a ``kind`` (Name/Surn) in the nominative."""
    return {
        str(p.tag.gender)
        for p in parses(word)
        if kind in p.tag.grammemes and "nomn" in p.tag.grammemes and p.tag.gender in _SEXES
    }


def maybe_nominative(surface: str) -> bool:
    """False when a Russian name as written cannot be in the nominative ("Бориса Николаевича"):
    it is then no sentence's subject."""
    if not _cyrillic(surface):
        return True
    for word in surface.split():
        named = [p for p in parses(word) if {"Name", "Surn", "Patr"} & p.tag.grammemes]
        if named and not any("nomn" in p.tag.grammemes for p in named):
            return False  # "Бориса" of "Бориса Ельцина"
    return True


@functools.lru_cache(maxsize=4096)
def name_gender(name: str) -> str | None:
    """``masc``/``femn`` of a person's name (see the module docstring), or None."""
    words = name.split()
    if not words:
        return None
    if _cyrillic(name):
        # a first name of one gender decides ("Алла Бут": "Бут" is a man's and a woman's)
        sexes = _genders(words[0], "Name") if len(words) > 1 else set()
        if len(sexes) == 1:
            return sexes.pop()
        for word, kind in ((words[-1], "Surn"), (words[0], "Name")):
            for parse in parses(word):
                tag = parse.tag
                if kind in tag.grammemes and "nomn" in tag.grammemes and tag.gender in _SEXES:
                    return str(tag.gender)
        return None
    first, last = words[0].lower(), words[-1].lower()
    if len(words) > 1 and first in _FEMININE_EN:
        return "femn"
    if len(words) > 1 and first in _MASCULINE_EN:
        return "masc"
    if len(words) > 1 and first.endswith("a") and first not in _MASCULINE_EN_A:
        return "femn"
    if _FEMININE_SUFFIX.search(last):
        return "femn"
    if _MASCULINE_SUFFIX.search(last):
        return "masc"
    return None


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
    if not _cyrillic(run):
        return True
    names = {"Name", "Surn", "Patr"}
    return any(names & set(parses(word)[0].tag.grammemes) for word in run.split())


def name_runs(phrase: str) -> list[tuple[int, int]]:
    """(start, end) in ``phrase`` of capitalised word runs that may be a name ("Iryna",
    "Ursula von der Leyen"); leading function words ("The", "Как") are not part of one."""
    out = []
    for match in _NAME_RUN.finditer(phrase):
        start, words = match.start(), match.group().split()
        while words and words[0].lower() in _NOT_NAMES:
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
    if " " in word or not _cyrillic(word) or len(word) < 6:
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


_OPENING_SURNAME = re.compile(
    r"(?:^|(?<=[.!?…]\s)|(?<=\n))([А-ЯЁ][а-яё]+)\s+(?:(?:также|уже|вновь|не|ещё|еще|тоже)\s+)?"
    r"([а-яё]+)",
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
        if verb_gender(match.group(2)) not in _SEXES:
            continue
        named = [p for p in parses(match.group(1)) if {"Surn", "Name"} & p.tag.grammemes]
        if sum(p.score for p in named if "nomn" in p.tag.grammemes) < 0.15:
            continue
        word = match.group(1)
        added.append(Mention(start, end, word, "PER", word, latin_key(word)))
    return sorted([*mentions, *added], key=lambda m: m.start) if added else list(mentions)


# First names that are also common words ("Grace", "Rose Garden", "Mark", "Bill"): no proof of a
# person by themselves.
_WORD_NAMES = frozenset("grace rose dawn ruby hazel joy mark bill frank will jack pat ray".split())
_FIRST_LAST = re.compile(
    r"(?<![\w’'.-])([A-Z][a-z]+)\s+([A-Z][a-z]+(?:[-’'][A-Z]?[a-z]+)?)(?![\w’'.-])"
)


def missed_first_names(text: str, mentions: Sequence[Mention]) -> list[Mention]:
    """English people the tagger missed (a Title Case headline: "Heather Nauert withdraws from
    …"): a common first name of one sex and a capitalised word after it that is no function
    word, outside every mention."""
    taken = [(m.start, m.end) for m in mentions]
    out = []
    for match in _FIRST_LAST.finditer(text):
        first, last = match.group(1).lower(), match.group(2)
        if (first not in _FEMININE_EN and first not in _MASCULINE_EN) or first in _WORD_NAMES:
            continue
        if last.lower() in _NOT_NAMES or any(
            match.start() < e and s < match.end() for s, e in taken
        ):
            continue
        name = match.group()
        out.append(Mention(match.start(), match.end(), name, "PER", name, latin_key(name)))
    return out
