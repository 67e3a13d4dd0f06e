"""Russian mentions: natasha's news NER tagger, cleaned, with names lemmatised by pymorphy3.

natasha's models (navec embeddings and the slovnet tagger) ship inside its wheel and load once
per process on first use; pymorphy3 (:mod:`morph_ru`) gives the dictionary's view of a word.

The spans are cleaned and typed here (joined, cut, extended, retyped; see each function); the
canonical names come from :mod:`lemmas_ru`.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache
from typing import Any

from aggregator.language import ner_ru_tagger, shapes_ru
from aggregator.language.bridge import name_key
from aggregator.language.complements_ru import ministries, quoted_body
from aggregator.language.context_ru import (
    PLACE_NOUNS,
    acronym_after_dash,
    credits,
    outlet_spans,
    qualifies_a_common_noun,
)
from aggregator.language.entities import Mention
from aggregator.language.exonyms import english_name
from aggregator.language.glue_ru import glue_points as glue_points
from aggregator.language.glue_ru import glued
from aggregator.language.joins_ru import joined
from aggregator.language.lemmas_ru import best_parse as _best_parse
from aggregator.language.lemmas_ru import lemma_name as lemma_name
from aggregator.language.lemmas_ru import person_words as _person_words
from aggregator.language.lemmas_ru import split_initials as _split_initials
from aggregator.language.morph_ru import known as _known
from aggregator.language.morph_ru import parses
from aggregator.language.namewords_ru import DICT_TAGS as _DICT_TAGS
from aggregator.language.namewords_ru import common_noun_opening, craft_stems, names_a_craft
from aggregator.language.namewords_ru import descriptor as _descriptor
from aggregator.language.namewords_ru import function_word as _function_word
from aggregator.language.namewords_ru import named_as_a_body as _named_as_a_body
from aggregator.language.namewords_ru import names_a_disease as _names_a_disease
from aggregator.language.namewords_ru import role_noun as _role_noun
from aggregator.language.namewords_ru import role_word as _role_word
from aggregator.language.namewords_ru import single_word_name as _single_word_name
from aggregator.language.resident import resident
from aggregator.language.surnames_ru import agreed_surnames
from aggregator.language.translit import latin_key

_EDGE = " \t\n\"'“”‘’«»„.,;:!?()[]{}-–—*"

# Head nouns of organisations (a "place" the tagger found headed by one is an organisation).
_ORG_HEADS_TEXT = """
    союз комиссия организация совет комитет фронт партия министерство агентство банк служба
    ассамблея парламент суд объединение альянс
    """
ORG_HEADS = frozenset(_ORG_HEADS_TEXT.split())
_ONE_WORD_HEADS = ORG_HEADS | {
    "центр"
}  # "Укргидрометцентр" (a "центр" of many words may be a place)
# Names the tagger types otherwise than a reader would: the space station is a place (as
# factRuEval marks it), not an organisation; a military district's acronym is a command.
FIXED_TYPES = {"МКС": "LOC"} | dict.fromkeys(shapes_ru.MILITARY_DISTRICTS, "ORG")
_MILITARY_DISTRICT = re.compile(r"\bвоенн[а-яё]+ округ")
_SEPARATORS = re.compile(r"[()•|;\n/]")
_PERSON_SEPARATORS = re.compile(r"[()•|;\n/,]")
_OPENING = re.compile(r"[«„“\"]")
_QUOTES = re.compile(r"[«»\"“”„]")
# a word for a kind of organisation (or a sports club's acronym) and an opening quotation mark:
# the name is a body's
_ORG_DESCRIBED = re.compile(
    r"(?<![\w-])(?:[Кк]луб|[Кк]оманд|[Кк]омпани|[Кк]онцерн|[Кк]орпораци|[Хх]олдинг|[Гг]азет|"
    r"[Жж]урнал|[Тт]елеканал|[Рр]адиостанци|[Пп]арти|[Дд]вижени|[Ии]здательств|"
    r"(?:П|М)?ФК|ХК|БК|ВК|ГК)[а-яё]*\s+[«„“\"]$"  # a club's acronym: "ХК «Донбасс»", "ФК «Днепр»"
)
_CAPITALISED = re.compile(r"(?<![\w-])[А-ЯЁ][а-яё]{3,}(?![\w-])")
_INFLECTED_ACRONYM = re.compile(r"^([А-ЯЁ]{2,})(?:а|у|ом|е|ы|ов|ам|ами|ах)$")
_ORIGINAL = re.compile(r"[»\"“]?\s*\(([A-Z][\w&'.-]*(?: [A-Za-z][\w&'.-]*){0,5})\)")
_LATIN_AFTER = re.compile(r"((?:[А-ЯЁа-яё]+\s+){1,2})(?=[A-Z])")


@cache
def models() -> tuple[Any, Any]:
    """natasha's segmenter and news NER tagger, loaded once (about 1 s)."""
    from natasha import NewsEmbedding, NewsNERTagger, Segmenter

    return Segmenter(), NewsNERTagger(NewsEmbedding())


@cache
def _tagger() -> ner_ru_tagger.Tagger:
    """natasha's tagger as :mod:`ner_ru_tagger` calls it, built once."""
    return resident(ner_ru_tagger.Tagger(models()[1]))


@cache
def _threads() -> Any:
    """A handle on the BLAS thread pools of this process (threadpoolctl)."""
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


def raw_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, natasha type) of every span the tagger finds, unfiltered (the baseline).

    The tagger's network is called directly (:mod:`ner_ru_tagger`, about half the time of
    ``tagger(text)``): natasha's ``Doc.tag_ner`` needs ``Doc.segment`` first, whose tokens and
    sentences the spans do not use. Its matrix
    products run on one BLAS thread: with OpenBLAS's default pool they took four times the CPU
    on this 2-core machine (53 vs 15 ms an article), the extra threads spinning while they wait.
    """
    if not text.strip():
        return []
    with _threads().limit(limits=1, user_api="blas"):
        return _tagger().spans(text)


def tagged_spans(text: str) -> list[tuple[int, int, str]]:
    """``raw_spans`` with words glued together by a page's text extraction read apart (see
    ``glue_points``): the spans our mentions start from."""
    if not text.strip():
        return []
    split = glue_points if glued(text) else None
    with _threads().limit(limits=1, user_api="blas"):
        return _tagger().spans(text, split)


def doc_spans(text: str) -> list[tuple[int, int, str]]:
    """``raw_spans`` as natasha's own ``Doc`` path finds them (slower; the reference)."""
    from natasha import Doc

    segmenter, tagger = models()
    doc = Doc(text)
    doc.segment(segmenter)
    doc.tag_ner(tagger)
    return [(span.start, span.stop, span.type) for span in doc.spans]


def mentions(text: str) -> list[Mention]:
    """Cleaned, typed mentions of ``text`` with lemmatised names."""
    out = []
    spans = [
        (start, end, kind)
        for start, end, kind in tagged_spans(text)
        if kind in ("PER", "ORG", "LOC") and not (kind != "PER" and _role_word(text, start, end))
    ]
    for span in joined(text, spans):
        for start, end, kind in _body_first(text, *span):
            for part_start, part_end in split_span(text, start, end, kind):
                mention = _mention(text, part_start, part_end, kind)
                if mention is not None:
                    out.append(mention)
    stems = craft_stems(text)
    if stems:  # "шаттла «Атлантис»"
        out = [m for m in out if m.type == "PER" or not names_a_craft(m.surface, stems)]
    out = credited_agencies(text, out) if "(" in text else out
    out = ministries(text, shapes_ru.repaired(text, out))
    found = out + surname_forms(text, out) + originals(text, out) + lower_case_outlets(text, out)
    return agreed_surnames(found)


def credited_agencies(text: str, found: list[Mention]) -> list[Mention]:
    """A "place" credited with a reporter in parentheses ("(Новый Регион, Дарья Неклюдова)",
    the reporter a person found) is an agency, unless the dictionary knows it as a place
    ("(Пермь, Иван Петров)")."""
    persons = [(m.start, m.end) for m in found if m.type == "PER"]
    agencies = {
        agency
        for agency, (a, b) in credits(text)
        if any(a <= start and end <= b for start, end in persons)
    }
    return [
        replace(m, type="ORG", key=_key(m.name, "ORG"))
        if m.type == "LOC"
        and any(a <= m.start and m.end <= b for a, b in agencies)
        and not any("Geox" in p.tag for w in m.surface.split() for p in parses(w))
        else m
        for m in found
    ]


def lower_case_outlets(text: str, found: list[Mention]) -> list[Mention]:
    """Outlets named in lower-case Latin letters after a verb of reporting
    (``context_ru.outlet_spans``) that no span found covers: organisations."""
    out = []
    for start, end in outlet_spans(text):
        if not any(start < m.end and m.start < end for m in found):
            name = text[start:end]
            out.append(Mention(start, end, name, "ORG", name, _key(name, "ORG")))
    return out


def _body_first(text: str, start: int, end: int, kind: str) -> list[tuple[int, int, str]]:
    """A "person" that opens with a word the dictionary knows only as an organisation is that
    organisation and the person after it ("оператор Аль-Джазиры Сами аль-Хадж", "лидера
    Аль-Кайды Усамы бин Ладена"); any other span as it is."""
    words = text[start:end].split()
    if kind != "PER" or len(words) < 2:
        return [(start, end, kind)]
    options = parses(words[0])
    if not options or not all("Orgn" in p.tag for p in options):
        return [(start, end, kind)]
    rest = text.index(words[1], start + len(words[0]))
    return [(start, start + len(words[0]), "ORG"), (rest, end, "PER")]


def originals(text: str, found: list[Mention]) -> list[Mention]:
    """An organisation's name in Latin script in parentheses after its Russian name ("концерн
    «Фольксваген» (Volkswagen)", "Международная амнистия (Amnesty International)"), which the
    tagger leaves out: the same organisation."""
    taken = [(m.start, m.end) for m in found]
    out = []
    for m in found:
        match = _ORIGINAL.match(text, m.end) if m.type == "ORG" else None
        if match is None or any(match.start(1) < e and s < match.end(1) for s, e in taken):
            continue
        out.append(replace(m, start=match.start(1), end=match.end(1), surface=match.group(1)))
    return out


def surname_forms(text: str, found: list[Mention]) -> list[Mention]:
    """Untagged surnames of the persons found, in another case than written with the first
    name ("Маркос Понтес" tagged, "Понтеса спросили ..." not): a capitalised word outside the
    tagged spans that lemmatises, as a person's name, to a found person's surname."""
    surnames: dict[str, Mention] = {}
    for m in found:
        words = m.name.split()
        if m.type == "PER" and len(words) > 1 and len(words[-1]) > 3:
            surnames.setdefault(words[-1].lower(), m)
    if not surnames:
        return []
    stems = {name[:4] for name in surnames}
    taken = [(m.start, m.end) for m in found]
    out = []
    for match in _CAPITALISED.finditer(text):
        word = match.group()
        start, end = match.span()
        if word[:4].lower() not in stems or any(start < e and s < end for s, e in taken):
            continue
        person = surnames.get(" ".join(_person_words([word])).lower())
        if person is not None:
            out.append(Mention(start, end, word, "PER", person.name, person.key))
    return out


def split_span(text: str, start: int, end: int, kind: str) -> list[tuple[int, int]]:
    """A span cut where the tagger ran over a separator: a parenthesis (an original spelling or
    an acronym: "Барри Лоуенкрон (Barry Lowenkron)"), a list bullet, a line end; for persons
    also a comma ("Овечкин, Фёдоров"). An organisation's descriptor before its quoted name
    ("Концерн «Майкрософт»", "ООО «Алтек»") is cut off."""
    separators = _PERSON_SEPARATORS if kind == "PER" else _SEPARATORS
    parts = []
    at = start
    for match in separators.finditer(text, start, end):
        parts.append((at, match.start()))
        at = match.end()
    parts.append((at, end))
    if kind == "ORG":  # "Centers for Disease Control and Prevention – CDC": two names
        parts = [piece for a, b in parts for piece in acronym_after_dash(text, a, b)]
    out = []
    for a, b in parts:
        opening = _OPENING.search(text, a, b)
        if kind == "ORG" and opening is not None:
            before = text[a : opening.start()].split()
            if 0 < len(before) <= 2 and all(_descriptor(w) for w in before):
                a = a if shapes_ru.agency_name(before, text[opening.end() : b]) else opening.end()
        elif (
            kind == "ORG"
            and (latin := _LATIN_AFTER.match(text, a, b))
            and all(_descriptor(w) for w in latin.group(1).split())
        ):
            a = latin.end(1)  # "агентство France-Presse"
        elif kind == "PER" and glued(text[a:b]):  # "Адмира МехмедиШестеро": the name only
            b = min([a + at for at in glue_points(text[a:b]) if at > 0] or [b])
        out.append((a, b))
    return out


def _mention(text: str, start: int, end: int, kind: str) -> Mention | None:
    while start < end and text[start] in _EDGE:
        start += 1
    while end > start and text[end - 1] in _EDGE:
        end -= 1
    words = text[start:end].split()
    # a capitalised preposition opening a headline ("Во Львове"); for persons, a role in
    # front of the name ("министр Лавров", "Телеведущий Киселёв")
    # a word for a kind of place before a place's name ("острове Уайт", "штат Огайо")
    while len(words) > 1 and (
        _function_word(words[0])
        or _role_noun(words[0])
        or (kind == "PER" and words[0].islower() and words[0] not in shapes_ru.NAME_PARTICLES)
        or (kind == "LOC" and words[0].islower() and _normal(words[0]) in PLACE_NOUNS)
    ):
        start = text.index(words[1], start + len(words[0]))
        words = words[1:]
    if not words or not any(ch.isupper() for ch in text[start:end]) or end - start < 2:
        return None
    if len(words) == 1 and not _single_word_name(words[0], kind, text):
        return None
    if len(words) == 1 and _names_a_disease(text, start, end):
        return None
    if len(words) == 1 and common_noun_opening(text, start, end, kind):
        return None  # "Почта, которая ...", "Военкоматы округа ..."
    if len(words) == 1 and qualifies_a_common_noun(text, words[0], end):
        return None
    described = _ORG_DESCRIBED.search(text, max(0, start - 30), start) is not None
    described = described or quoted_body(text, start, end, kind)  # "по «Вашингтону»"
    body = described or _named_as_a_body(text, start, words, kind)  # "Команда Феррари"
    kind = "ORG" if body else _retyped(words, kind)
    if kind != "PER":  # an acronym with a case ending: "МИДа", "МИДе" -> "МИД"
        words = [_INFLECTED_ACRONYM.sub(r"\1", word) for word in words]
    name = _QUOTES.sub("", lemma_name(_split_initials(words), kind)).strip()
    lead = shapes_ru.place_adjective(text, start, kind, len(words)) if kind != "PER" else start
    return Mention(lead, end, text[lead:end], kind, name, _key(name, kind))


def _key(name: str, kind: str) -> str:
    """The name's Latin-script key (``bridge.name_key``), except that a one-word organisation
    the dictionary knows neither as a place nor as a body keeps its own spelling: the stem
    table matches a place by the start of a word, so "Киевсовета" would be keyed as Kiev, and
    the city typed as the council. A name of the table of translated names (``exonyms``:
    "Кремль", "Совфед") keeps that table's key."""
    key = name_key(name, kind)
    if kind != "ORG" or " " in name or name.isupper() or key == latin_key(name):
        return key
    if english_name(name) is not None:
        return key
    if any("Geox" in p.tag or "Orgn" in p.tag for p in parses(name)):
        return key  # "Евросоюз" is the EU
    return latin_key(name)


def _normal(word: str) -> str:
    options = parses(word)
    return str(options[0].normal_form) if options else word


def _retyped(words: list[str], kind: str) -> str:
    """The tagger's type corrected by the dictionary: a place the dictionary knows only as a
    place is not a person ("Эфиопия"); a body it knows only as an organisation ("ЕС",
    "Еврокомиссия"), or a "place" headed by an organisation word ("Европейский союз"), is
    an organisation, and so is a military district. A few names have a fixed type
    (``FIXED_TYPES``)."""
    fixed = FIXED_TYPES.get(" ".join(words))
    if fixed is not None:
        return fixed
    if len(words) == 1:
        lemma = str(parses(words[0])[0].normal_form) if parses(words[0]) else ""
        names = {"Name", "Surn", "Patr"} & {
            t for p in parses(words[0]) for t in _DICT_TAGS if t in p.tag
        }
        if (
            kind != "ORG"
            and not names
            and any(lemma.endswith(h) and len(lemma) > len(h) + 1 for h in _ONE_WORD_HEADS)
        ):
            return "ORG"  # "Евросоюз", "Европарламент", "Нацфронта", "Гидрометцентр"
        if not _known(words[0]):
            return kind
        tags = {tag for p in parses(words[0]) for tag in _DICT_TAGS if tag in p.tag}
        if kind == "PER" and tags == {"Geox"}:
            return "LOC"
        if kind == "ORG" and tags == {"Geox"} and not words[0].isupper():
            return "LOC"  # "Европа"
        if kind == "LOC" and tags == {"Orgn"}:
            return "ORG"
        return kind
    if kind == "LOC" and _MILITARY_DISTRICT.search(" ".join(words)):
        return "ORG"  # "Западного военного округа": a command of the armed forces
    if kind == "LOC" and not any(w.lower().startswith("советск") for w in words):
        for word in words:  # ("Советский Союз" is a country)
            parse = _best_parse(word)
            if parse is not None and parse.tag.POS == "NOUN":
                return "ORG" if str(parse.normal_form) in ORG_HEADS else kind
    return kind
