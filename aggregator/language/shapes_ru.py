"""Russian names whose shape the tagger misreads, found or repaired by that shape: a metro line
("Калининской линии", "Арбатско-Покровская линия") and a station ("станции «Митино»",
"ст.Карымская") are places, the agency "РИА «Новости»" keeps its acronym, a military
district's acronym ("ЦВО") is a command like the district's full name. Used by :mod:`ner_ru`.
"""

from __future__ import annotations

import re
from dataclasses import replace

from aggregator.language.bridge import name_key
from aggregator.language.entities import Mention
from aggregator.language.lemmas_ru import best_parse, person_words
from aggregator.language.morph_ru import known, parses
from aggregator.language.namewords_ru import role_noun

# the text speaks of an underground railway: its "lines" are metro lines
_METRO = re.compile(r"(?<![\w-])(?:метро|метрополитен|станци)", re.IGNORECASE)
# one or two capitalised adjectives (feminine, any case) and the word "линия" in any case
_LINE = re.compile(
    r"(?<![\w-])((?:[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?\s+)?[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?)"
    r"\s+(лини(?:я|и|ю|ей|ею))(?![\w-])"
)
_FEMININE = re.compile(r"(?:ая|ой|ую|ою)$")
# a station's name after the word (a metro station's: the text speaks of a metro) or after the
# abbreviation "ст." (a railway station), in quotation marks or as capitalised words
_STATION = re.compile(
    r"(?<![\w-])(?:(станци(?:я|и|ю|ей|ям|ях|ями))\s+(?:метро\s+)?|ст\.\s*)"
    r"(?:[«„“\"]([А-ЯЁ][^«»„“”\"\n]{1,40})[»“”\"]|([А-ЯЁ][а-яё]+(?:-[А-ЯЁа-яё][а-яё]+)*)"
    r"(\s+[А-ЯЁ][а-яё]+(?![а-яё-])(?!\s+(?:кра|област|район|округ|республик|губерни|уезд|волост)))?)"
)
_LINE_AFTER = re.compile(r"\s+лини")
_PARTICLE_BEFORE = re.compile(r"(?<![\w-])([а-яё]{2,4})\s$")
_WORD_BEFORE = re.compile(r"(?<![\w-])([а-яё]+)\s+$")
_UNDERGROUND = re.compile(r"(?<![\w-])(?:метро|метрополитен)", re.IGNORECASE)
# lower-case words that open a person's name as its part ("ибн Сина", "бин Ладен")
NAME_PARTICLES = frozenset("ибн бин бен ван фон де ди дю да дос дель".split())
# a lower-case word ending as an adjective in -ский/-цкий does, then the name (or its quote)
_ADJECTIVE_BEFORE = re.compile(
    r"(?<![\w-])([а-яё]+(?:-[а-яё]+)*(?:[сц]к|ападн|осточн|еверн|южн)"
    r"(?:ий|ый|ого|ому|им|ым|ом|ая|ой|ую|ое|ие|ые|их|ых|ими|ыми))\s+[«„“\"]?$"
)
_COMPASS = frozenset({"западный", "восточный", "северный", "южный"})
_PLACE_ADJ = ("ский", "цкий")
# a body's noun in lower case, then "по" and what it deals with: "комиссии по вопросам культуры"
# (not "совет", "служба": "дал совет по питанию", "служба по контракту")
_COMMITTEE = re.compile(
    r"(?<![\w-])(?:(?:под)?комисси|(?:под)?комитет|рабоч(?:ая|ей|ую|ие|их) групп|департамент|"
    r"управлени)[а-яё]*\s+по\s+(?=[а-яё])"
)
_LOWER_WORD = re.compile(r"[а-яё]+(?:-[а-яё]+)*")
_PHRASE_POS = frozenset({"NOUN", "ADJF", "PRTF"})
# acronyms of the Russian military districts (Западный, Южный, Центральный, Восточный, ...)
MILITARY_DISTRICTS = frozenset({"ЗВО", "ЮВО", "ЦВО", "ВВО", "СЗВО", "ЛенВО", "СКВО", "ПУрВО"})


def repaired(text: str, found: list[Mention]) -> list[Mention]:
    """``found`` with the metro lines and stations of ``text`` as places, committees "по ..."
    written in lower case as bodies, and a person's
    surname cut from the words after it, a named person after a word for a role, a name
    particle before a person's name its part, a place written without its hyphen a place (see
    each function)."""
    found = committees(text, particles_before(text, stations(text, metro_lines(text, found))))
    return places_written_apart(persons_after_roles(text, persons_before_words(found)))


def metro_lines(text: str, found: list[Mention]) -> list[Mention]:
    """``found`` with each metro line named in ``text`` as one place: a capitalised adjective
    (or two) and "линия" in a text about a metro ("участок Калининской линии от станции
    ..."); a mention inside the line's name ("Арбатско-Покровской" alone) gives way to it.
    The canonical name is in the nominative ("Калининская линия")."""
    if "лини" not in text or _METRO.search(text) is None:
        return found
    lines = []
    for match in _LINE.finditer(text):
        words = match.group(1).split()
        start, end = match.start(1), match.end(2)
        if len(words) == 2 and not _FEMININE.search(words[0]):  # "Поезда Невской линии"
            start = text.index(words[1], start + len(words[0]))
            words = words[1:]
        if not all(_FEMININE.search(w) for w in words):
            continue
        name = " ".join(_nominative(w) for w in words) + " линия"
        lines.append(Mention(start, end, text[start:end], "LOC", name, name_key(name, "LOC")))
    return _in_place_of(found, lines)


def _nominative(word: str) -> str:
    """A feminine adjective (each part of a hyphenated one) in the nominative, capitalised."""
    parts = []
    for part in word.split("-"):
        options = [p for p in parses(part) if p.tag.POS == "ADJF" and "femn" in p.tag]
        form = options[0].inflect({"nomn"}) if options else None
        parts.append(form.word.capitalize() if form is not None else part)
    return "-".join(parts)


def agency_name(before: list[str], quoted: str) -> bool:
    """Whether the acronym before a quoted name belongs to it: "РИА «Новости»" is the agency
    РИА Новости (as it is written unquoted), not a body called "Новости"."""
    return before == ["РИА"] and quoted.strip(' «»"“”„').startswith("Новост")


def stations(text: str, found: list[Mention]) -> list[Mention]:
    """``found`` with each station named in ``text`` as a place, in the place of any mention
    overlapping it: a metro station after "станция" (the text speaks of a metro: "до станции
    «Театральная»", "станция метро Охотный Ряд") or a railway station after "ст."
    ("ст.Карымская Забайкальского края": the region is not the station's); not a line
    ("станции Кольцевой линии")."""
    metro = _UNDERGROUND.search(text) is not None
    named = []
    for match in _STATION.finditer(text):
        if match.group(1) and not metro:
            continue  # "станции «Мир»": a space station, a water station
        start, end = match.span(2) if match.group(2) else match.span(3)
        if match.group(4):  # a second word, not a region's ("ст.Ерофей Павлович")
            end = match.end(4)
        if _LINE_AFTER.match(text, end):
            continue
        name = text[start:end].strip()
        named.append(Mention(start, end, text[start:end], "LOC", name, name_key(name, "LOC")))
    return _in_place_of(found, named)


def _in_place_of(found: list[Mention], new: list[Mention]) -> list[Mention]:
    if not new:
        return found
    kept = [m for m in found if not any(m.start < n.end and n.start < m.end for n in new)]
    return sorted(kept + new, key=lambda m: m.start)


def persons_before_words(found: list[Mention]) -> list[Mention]:
    """``found`` with a "body" or "place" made of a found person's surname and lower-case words
    after it ("возглавляемой Верхофстадтом парламентской фракции" tagged as one organisation,
    "Ги Верхофстадт" found as a person) read as that person alone: the words are what the
    person heads, no part of a name."""
    surnames = {m.name.split()[-1]: m for m in found if m.type == "PER" and " " in m.name}
    if not surnames:
        return found
    out = []
    for m in found:
        words = m.surface.split()
        rest = words[1:]
        if m.type != "PER" and rest and all(w.islower() for w in rest) and words[0][:1].isupper():
            person = surnames.get(" ".join(person_words(words[:1])))
            if person is not None:
                end = m.start + len(words[0])
                m = Mention(m.start, end, words[0], "PER", person.name, person.key)
        out.append(m)
    return out


def particles_before(text: str, found: list[Mention]) -> list[Mention]:
    """``found`` with a person's name that a lower-case name particle stands before ("ибн
    Сина", "бин Ладена": ``NAME_PARTICLES``) starting at the particle, as the name is written.
    A name opening with a particle is keyed without it ("бин Ладена" as "Ладен"), so that it
    resolves to the full name of the text ("Усама бин Ладен") as a surname alone does."""
    out = []
    for m in found:
        match = _PARTICLE_BEFORE.search(text, max(0, m.start - 5), m.start)
        if m.type == "PER" and match is not None and match.group(1) in NAME_PARTICLES:
            start = match.start(1)
            surface = text[start : m.end]  # lemmatised with the particle: "ибн Сина" as written
            name = " ".join(person_words(surface.split()))
            m = replace(m, start=start, surface=surface, name=name)
        first, _, rest = m.name.partition(" ")
        if m.type == "PER" and first in NAME_PARTICLES and rest:
            m = replace(m, key=name_key(rest, "PER"))
        out.append(m)
    return out


def places_written_apart(found: list[Mention]) -> list[Mention]:
    """``found`` with a two-word "person" or "body" that the dictionary knows (not guesses),
    hyphenated, only as a place ("Коста Рика", "Эль Сальвадора": "Коста-Рика",
    "Эль-Сальвадор") typed a place, named as the dictionary writes it."""
    out = []
    for m in found:
        words = m.surface.split()
        if m.type != "LOC" and len(words) == 2 and all(w[:1].isupper() for w in words):
            joined = "-".join(words)
            options = parses(joined) if known(joined) else []
            if options and all("Geox" in p.tag for p in options):
                parts = str(options[0].normal_form).split("-")
                name = "-".join(part.capitalize() for part in parts)
                m = replace(m, type="LOC", name=name, key=name_key(name, "LOC"))
        out.append(m)
    return out


def persons_after_roles(text: str, found: list[Mention]) -> list[Mention]:
    """``found`` with a "body" or "place" of two or three words that opens with a first name
    (every reading of the word a first name) after a word for a role ("архиепископ Лонгин
    Клинский", "епископ Феофан Ступинский") typed a person; not when a later word is a word
    for a thing ("фотограф Ассошиэйтед Пресс": the agency)."""
    out = []
    for m in found:
        words = m.surface.split()
        if m.type != "PER" and 2 <= len(words) <= 3:
            first = parses(words[0])
            match = _WORD_BEFORE.search(text, max(0, m.start - 30), m.start)
            named = bool(first) and all("Name" in p.tag for p in first)
            if named and match and role_noun(match.group(1)) and not any(map(_thing, words[1:])):
                m = replace(m, type="PER", key=name_key(m.name, "PER"))
        out.append(m)
    return out


def _thing(word: str) -> bool:
    """Whether the dictionary knows ``word`` only as an inanimate noun."""
    return known(word) and all(p.tag.POS == "NOUN" and "inan" in p.tag for p in parses(word))


def place_adjective(text: str, start: int, kind: str, words: int) -> int:
    """Where the name of an organisation or place of ``words`` words starting at ``start``
    begins when a lower-case adjective of a place or a compass direction stands before it
    ("японского МИДа", "российского Минсельхоза", "ленинградского «Телевизора»", "западной
    Европы", "российской Кремниевой долиной"): the adjective is part of the name as written,
    though not of the canonical name, so "японского МИДа" and "МИДа" stay one entity. Not
    before a name in Latin letters ("американскому Marie Claire"): a Russian word is no part of
    a foreign name; nor, unless a compass direction, before a place of one word ("канадском
    Калгари", "киевском Монмартре"): the town is named, the adjective only says where it is, as
    "городе" in "городе Калгари" does. Else ``start``."""
    if text[start : start + 1].isascii():
        return start  # a name in Latin letters: the Russian adjective describes it
    match = _ADJECTIVE_BEFORE.search(text, max(0, start - 40), start)
    if match is None:
        return start
    parse = best_parse(match.group(1))
    if parse is None or parse.tag.POS != "ADJF":
        return start
    lemma = str(parse.normal_form)
    if lemma in _COMPASS or (lemma.endswith(_PLACE_ADJ) and (kind != "LOC" or words > 1)):
        return match.start(1)
    return start


def committees(text: str, found: list[Mention]) -> list[Mention]:
    """``found`` with a committee, commission, working group, department or directorate named
    in lower case by what it deals with ("комиссии по вопросам культуры и туризма",
    "российско-американской рабочей группы по гражданскому обществу") as an organisation, named
    with its first words in the nominative ("комиссия по вопросам культуры и туризма"): the
    body's noun with the lower-case adjectives before it, "по", and the lower-case nouns and
    adjectives after it (an "и" between them, up to six words, ending on a noun for a thing; a
    capitalised word, a punctuation mark or another kind of word ends it). Not where the tagger
    found a name overlapping it."""
    bodies = []
    for match in _COMMITTEE.finditer(text):
        end = phrase_end(text, match.end())
        if end is None:
            continue
        start = _adjectives_before(text, match.start())
        if any(m.start < end and start < m.end for m in found):
            continue
        head = text[start : match.end()].split()[:-1]  # the words before "по"
        name = " ".join([*(_nominative_word(w) for w in head), text[match.end() - 3 : end]])
        name = re.sub(r"\s+", " ", name)
        bodies.append(Mention(start, end, text[start:end], "ORG", name, name_key(name, "ORG")))
    return sorted(found + bodies, key=lambda m: m.start) if bodies else found


def phrase_end(text: str, at: int) -> int | None:
    """Where the lower-case phrase a body deals with, starting at ``at``, ends (see
    ``committees``), or None."""
    end = None
    words = 0
    after_and = False
    for word in re.finditer(r"\S+", text[at : at + 120]):
        token = word.group()
        bare = token.rstrip(',.;:!?)»"')
        if not _LOWER_WORD.fullmatch(bare) or words == 6:
            break
        options = parses(bare)
        if bare != "и":
            if not options or options[0].tag.POS not in _PHRASE_POS:
                break
            words += 1
            tag = options[0].tag
            # a noun ends it: a thing's ("туризма"), or a person's in the genitive ("по правам
            # человека"), not a person after "и" ("по обороне и депутаты")
            noun = tag.POS == "NOUN" and (
                "anim" not in tag or (tag.case == "gent" and not after_and)
            )
            end = at + word.start() + len(bare) if noun else end
        after_and = bare == "и"
        if bare != token:
            break  # a punctuation mark ends the phrase
    return end


def _adjectives_before(text: str, start: int) -> int:
    """``start`` moved back over the lower-case adjectives right before it ("российско-
    американской рабочей группы")."""
    while True:
        match = re.search(r"(?<![\w-])([а-яё]+(?:-[а-яё]+)*)\s+$", text[max(0, start - 40) : start])
        if match is None:
            return start
        options = parses(match.group(1))
        if not options or options[0].tag.POS != "ADJF":
            return start
        start = max(0, start - 40) + match.start(1)


def _nominative_word(word: str) -> str:
    options = parses(word)
    form = options[0].inflect({"nomn"}) if options else None
    return form.word if form is not None else word
