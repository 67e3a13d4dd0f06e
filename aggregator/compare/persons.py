"""The tagger's mentions as speaker attribution needs them: its repairs on top of the entities'.

A reader of "said Gunja" knows that "Gunja" is the "Naren Gunja" named before, even where the
small tagger typed that lone surname as a place. Repairs of where an English person's name is
and what it is (a rank "Sgt." before a name, a first name the tagger missed, a name cut at its
initials or at "Tha") are language facts: :func:`aggregator.language.persons_en.repair_names`,
which the English tagger's stage (``ner_en.mentions``) has run on the mentions given here, so
speakers and entities share those names (``compare.people`` runs it for a Russian text's
Latin-script names). What follows is the comparison's own reading, for finding who speaks;
the entity export does without it. :func:`repair_mentions`:

* drops a US party named by its adjective ("Democrat", "Republican"), which qualifies a person
  and never speaks (the entity export keeps it: parties are ORG there);
* makes a one-word organisation or place whose word is the surname of a person the text names
  in full that person ("Gunja" -> "Naren Gunja");
* keeps a Russian surname as written where the lemma mangled it and the text shows the
  nominative ("Оливье Байи", not "Оливье Байя"; "Владимир Мавров", not "Владимир Мавр") or the
  surname cannot decline (a woman's ending in a consonant: "Сильвии Финнеманн") — unless the
  text writes the lemma's surname itself ("Белов" beside "Александра Белова": a man);
* runs a Russian body's name on over the place after it in the genitive ("Государственная
  пенитенциарная служба Украины", "МВД России"), which the tagger tags apart;
* makes a person named in brackets right after another ("Скотт Хоровитц (Scott Horowitz)")
  that person: the article's own spelling wins;
* makes a name the text introduces ("a man by the name of Lee", "по фамилии Ван") a person
  wherever it stands alone;
* gives a one-word person the one full name of the text with that word ("Васкес" ->
  "Антонио Васкес Альба", "Alex" -> "Alex Rodriquez"), or the person whose surname it declines
  ("Сагдеева" -> "Сагдеев");
* adds the untagged occurrences of a person's surname (whole word, capitalised) outside other
  mentions, so "Gunja said …" is a mention of Naren Gunja.

(That a Latin acronym typed as a person is an organisation, and a name after "Dr", "Mr",
"Prof"… a person, is the English tagger's own repair: ``ner_en.retype``.) The full names of
organisations (an acronym spelt out, a name the tagger cut short) are in
:mod:`aggregator.compare.org_names`.
"""

from __future__ import annotations

import difflib
import itertools
import re
from collections.abc import Sequence
from dataclasses import replace

from aggregator.compare.names import SURNAME_END
from aggregator.language.entities import Mention
from aggregator.language.morph_ru import parses
from aggregator.language.translit import latin_key

_FEMININE_SURNAME = re.compile(r"(?:ова|ева|ёва|ина|ына|ская|цкая)$")


def repair_mentions(text: str, mentions: Sequence[Mention]) -> list[Mention]:
    """``mentions`` repaired as the module docstring says, in text order."""
    out = _as_written([m for m in mentions if not _party_word(m)])
    out = _partial_names(_introduced(text, _bracketed(text, _of_place(text, out))))
    owners: dict[str, set[str]] = {}
    for m in out:
        if m.type == "PER" and " " in m.name:
            last = m.name.split()[-1]
            if len(last) > 2 and last[:1].isupper():
                owners.setdefault(last, set()).add(m.name)
    # two people of one surname: left to the tagger
    surnames = {last: next(iter(names)) for last, names in owners.items() if len(names) == 1}
    if not surnames:
        return out
    out = [
        replace(m, type="PER", name=surnames[m.surface], key=latin_key(surnames[m.surface]))
        if m.type in ("ORG", "LOC") and m.surface in surnames
        else m
        for m in out
    ]
    taken = [(m.start, m.end) for m in out]
    for start, end in _whole_words(text, sorted(surnames, key=len, reverse=True)):
        if any(start < e and s < end for s, e in taken):
            continue
        full = surnames[text[start:end]]
        out.append(Mention(start, end, text[start:end], "PER", full, latin_key(full)))
    return sorted(out, key=lambda m: m.start)


_WORD_BEFORE = re.compile(r"[\w'’-]")  # no surname starts right after one of these
_WORD_AFTER = re.compile(r"[\w-]")  # nor ends right before one


def _whole_words(text: str, words: Sequence[str]) -> list[tuple[int, int]]:
    """Where ``words`` are written in ``text`` as whole words, left to right, never
    overlapping, the first of ``words`` that fits at a place taken: what ``re.finditer`` of
    their alternation finds, without a new pattern compiled for each text (about 0.5 ms)."""
    places = []
    for k, word in enumerate(words):
        at = text.find(word)
        while at != -1:
            places.append((at, k))
            at = text.find(word, at + 1)
    out: list[tuple[int, int]] = []
    for at, k in sorted(places):
        end = at + len(words[k])
        if (out and at < out[-1][1]) or (at > 0 and _WORD_BEFORE.match(text, at - 1)):
            continue
        if not _WORD_AFTER.match(text, end):
            out.append((at, end))
    return out


_INTRODUCED = re.compile(
    r"(?:по\s+(?:фамилии|имени)|by\s+the\s+(?:sur)?name\s+of)\s+([A-ZА-ЯЁ][\w-]+)"
)


def _introduced(text: str, mentions: list[Mention]) -> list[Mention]:
    """A person the text introduces by name ("сотрудник по фамилии Ван", "a man by the name of
    Lee") is a person wherever that name stands alone, tagged or not ("Ван ответил: «…»")."""
    names = {match.group(1) for match in _INTRODUCED.finditer(text)}
    if not names:
        return mentions
    taken = [(m.start, m.end) for m in mentions if m.surface not in names]
    out = [m for m in mentions if m.surface not in names]
    pattern = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    for match in re.finditer(rf"(?<![\w'’-])(?:{pattern})(?![\w-])", text):
        start, end = match.span()
        if not any(start < e and s < end for s, e in taken):
            name = match.group()
            out.append(Mention(start, end, name, "PER", name, latin_key(name)))
    return sorted(out, key=lambda m: m.start)


_PARTY_WORDS = frozenset(("Democrat", "Democratic", "Republican"))


def _party_word(mention: Mention) -> bool:
    """True for a US party named by its adjective, which qualifies a person and never speaks:
    "The Democratic senator … asks", "the only Democrat or Republican to vote" (the entity
    export keeps it: parties are ORG there)."""
    return mention.type == "ORG" and mention.surface in _PARTY_WORDS


def _renamed(mentions: list[Mention], names: dict[str, str]) -> list[Mention]:
    """``mentions`` with each name in ``names`` given its new name (and that name's key)."""
    return [
        replace(m, name=names[m.name], key=latin_key(names[m.name])) if m.name in names else m
        for m in mentions
    ]


def _bracketed(text: str, mentions: list[Mention]) -> list[Mention]:
    """A person named in brackets right after another is that person under another spelling
    ("Скотт Хоровитц (Scott Horowitz)", "Джоэл Саймон (Joel Simon)"): the name before wins."""
    alias: dict[str, str] = {}
    for before, after in itertools.pairwise(mentions):
        same = before.type == after.type == "PER" and before.name != after.name
        if same and re.fullmatch(r"\s*\(\s*", text[before.end : after.start]):
            alias.setdefault(after.name, before.name)
    return _renamed(mentions, alias) if alias else mentions


def _of_place(text: str, mentions: list[Mention]) -> list[Mention]:
    """A Russian body's name runs on over the country or place after it in the genitive
    ("Государственная пенитенциарная служба Украины", "МВД России"), which the tagger tags
    apart: the speaker is the body of that place; a diplomatic mission's over "в"/"при" and the
    place it is in ("Посольство России в США")."""
    out: list[Mention] = []
    for m in mentions:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.type == "ORG"
            and m.type == "LOC"
            and text[prev.end : m.start] == " "
            and re.fullmatch(r"[А-ЯЁ][а-яё-]+", m.surface)
            and any(str(p.tag.case) == "gent" for p in parses(m.surface))
        ):
            name = f"{prev.name} {m.surface}"
        elif (
            prev is not None
            and prev.type == "ORG"
            and m.type in ("LOC", "ORG")
            and _MISSION.match(prev.name)
            and re.fullmatch(r"\s(?:в|во|при)\s", text[prev.end : m.start])
        ):  # "Посольство России в США", "постпредство при ООН": the mission of that place
            name = f"{prev.name}{text[prev.end : m.start]}{m.surface}"
        else:
            out.append(m)
            continue
        out[-1] = replace(
            prev, end=m.end, surface=text[prev.start : m.end], name=name, key=latin_key(name)
        )
    return out


_MISSION = re.compile(
    r"(?:Посольств|Генконсульств|Консульств|Постпредств|Представительств)\w*\s", re.I
)


def _as_written(mentions: list[Mention]) -> list[Mention]:
    """Russian names whose lemma changed a surname the text writes in the nominative."""
    fixed: dict[str, str] = {}
    seen = {w for m in mentions if m.type == "PER" for w in m.surface.split()}
    alone = {m.surface for m in mentions if m.type == "PER" and " " not in m.surface}
    for m in mentions:
        words, lemma_words = m.surface.split(), m.name.split()
        if m.type != "PER" or len(words) < 2 or len(words) != len(lemma_words):
            continue
        if words[-1] == lemma_words[-1] or not re.search(r"[а-яё]", words[-1]):
            continue
        if lemma_words[-1] in seen:  # the text writes the lemma's surname: it is right
            continue
        # "Фридрихом Мерцем" lemmatised "Фридрих Мерец" beside "подчеркнул Мерц": the
        # surname as the text writes it alone, of which the form is a case ending longer
        stem = [s for s in alone if s != words[-1] and 0 < len(words[-1]) - len(s) <= 2]
        stem = [s for s in stem if words[-1].startswith(s) and len(s) > 2]
        if len(stem) == 1:
            fixed[m.name] = " ".join([*lemma_words[:-1], stem[0]])
            continue
        surname = SURNAME_END.search(words[-1]) is not None
        if _nominative_name(words[0]) and not _nominative_name(lemma_words[0]):
            fixed[m.name] = m.surface  # "Георгий Франгулян", lemmatised "Георгия Франгуляна"
            continue
        if words[0] == lemma_words[0]:  # the first name in the nominative: so is the surname
            keep = surname or _indeclinable(words[-1]) or nominative_surname(words[-1])
            written = [*lemma_words[:-1], words[-1]]
        elif _FEMININE_SURNAME.search(words[-1]) and _feminine_name(words[0], nominative=True):
            keep, written = True, words  # "Мирослава Сковайсова", not "Мирослав Сковайсов"
        else:  # a woman's surname ending in a consonant does not decline ("Сильвии Финнеманн")
            consonant = re.search(r"[бвгджзклмнпрстфхцчшщ]$", words[-1]) is not None
            keep = consonant and _feminine_name(lemma_words[0])
            written = [*lemma_words[:-1], words[-1]]
        if keep:
            fixed[m.name] = " ".join(written)
    return _renamed(mentions, fixed) if fixed else mentions


def _nominative_name(word: str) -> bool:
    """True for a first name most likely in the nominative ("Георгий", not "Георгия")."""
    named = [p for p in parses(word) if "Name" in p.tag.grammemes]
    nominative = sum(p.score for p in named if "nomn" in p.tag.grammemes)
    return bool(named) and nominative > 0.5 * sum(p.score for p in named)


def _indeclinable(word: str) -> bool:
    """A foreign surname Russian does not decline ("Байи", "Джоли", "Гёте")."""
    return re.search(r"[иеоуюэ]$", word) is not None


def _feminine_name(word: str, *, nominative: bool = False) -> bool:
    """True when pymorphy3 reads ``word`` as a woman's first name (in the nominative)."""
    tags = {"Name", "femn", "nomn"} if nominative else {"Name", "femn"}
    return any(tags <= set(p.tag.grammemes) for p in parses(word))


def nominative_surname(word: str) -> bool:
    """True when pymorphy3 reads ``word`` as a surname in the nominative ("Мавров")."""
    return any({"Surn", "nomn"} <= set(p.tag.grammemes) and p.score > 0.1 for p in parses(word))


def _partial_names(mentions: list[Mention]) -> list[Mention]:
    """One-word persons given the one full name holding that word, or the one person whose
    surname the word declines ("Сагдеева", "Сагдееву" -> "Сагдеев"); a name that is the leading
    words of one longer name, that name ("Кристина Фернандес" -> "… Фернандес де Киршнер")."""
    full: dict[str, set[str]] = {}
    surnames: dict[str, set[str]] = {}
    for m in mentions:
        if m.type == "PER" and " " in m.name:
            for word in m.name.split():
                full.setdefault(word.casefold(), set()).add(m.name)
        if m.type == "PER":
            surnames.setdefault(m.name.split()[-1].casefold(), set()).add(m.name)
    longer = {n for ns in full.values() for n in ns}
    out = []
    for m in mentions:
        if m.type == "PER" and " " not in m.name:
            # "Гросси" lemmatised "Гросся": the word as written, in a full name of the text
            names = full.get(m.name.casefold(), set()) or full.get(m.surface.casefold(), set())
            if not names:
                names = _declined(m.name.casefold(), surnames) or _misspelt(m.name, full)
        elif m.type == "PER":
            # "Кристина Фернандес" of "Кристина Фернандес де Киршнер": the leading words
            names = {n for n in longer if n.startswith(m.name + " ")}
        else:
            names = set()
        if len(names) == 1:
            name = next(iter(names))
            m = replace(m, name=name, key=latin_key(name))
        out.append(m)
    return out


def _declined(word: str, surnames: dict[str, set[str]]) -> set[str]:
    """The persons whose (Russian) surname ``word`` is a case form of: "сагдеева" of "сагдеев"."""
    for ending in ("ым", "ом", "а", "у", "е"):
        stem = word.removesuffix(ending)
        if stem != word and re.search(r"(?:ов|ев|ёв|ин|ын)$", stem) and stem in surnames:
            return surnames[stem]
    return set()


def _misspelt(word: str, full: dict[str, set[str]]) -> set[str]:
    """The one full name whose surname ``word`` misspells ("Гернстермайер" for "Билл
    Герстенмайер"): long, same first letters, close in spelling; else an empty set."""
    if len(word) < 7:
        return set()
    key = word.casefold()
    close = {
        name
        for part, names in full.items()
        for name in names
        if part == name.split()[-1].casefold()
        and part[:2] == key[:2]
        and difflib.SequenceMatcher(None, part, key).ratio() >= 0.85
    }
    return close if len(close) == 1 else set()
