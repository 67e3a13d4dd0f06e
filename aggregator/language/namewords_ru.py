"""What the dictionary (pymorphy3, :mod:`morph_ru`) says about a word in or before a Russian
name the tagger found: a descriptor before an organisation's name, a word for a person, a verb
form, a preposition opening a headline, a pronoun or form of address standing alone. Used by
:mod:`ner_ru` to cut and drop the tagger's spans.
"""

from __future__ import annotations

import re

from aggregator.language.morph_ru import known, parses

# Lemmas that are never a name on their own: forms of address, pronouns, greetings, days of
# the week, a page's labels ("ФОТО", "ВИДЕО").
_NOT_NAMES_TEXT = """
    дама господин госпожа господа коллега друг уважаемый вы ты он она они мы я ваш наш
    товарищ леди джентльмен сэр мадам бог спасибо здравствуйте сми
    понедельник вторник среда четверг пятница суббота воскресенье фото видео
    """
NOT_NAMES = frozenset(_NOT_NAMES_TEXT.split())
# Acronyms of common nouns that the tagger takes for a body when they stand alone: a kind of
# company or agency ("ООО", "ИА сообщили"), a remand prison ("в СИЗО"), a road accident.
_COMMON_ACRONYMS_TEXT = """
    ИА РИА ООО ОАО ЗАО ПАО АО НКО ГУП МУП ФГУП ИП СИЗО ИВС ДТП ЧП ЖКХ ВУЗ ТЦ ТРЦ ОПГ
    """
COMMON_ACRONYMS = frozenset(_COMMON_ACRONYMS_TEXT.split())
# a capital letter prefixed to a lower-case word: a shape, not a name ("Т-зоне", "Х-хромосома")
_LETTER_PREFIXED = re.compile(r"[А-ЯЁA-Z]-[а-яё]+")
DICT_TAGS = ("Geox", "Orgn", "Name", "Surn", "Patr")
_FUNCTION_POS = frozenset({"NPRO", "PRCL", "CONJ", "PREP", "INTJ"})
_VERB_POS = frozenset({"VERB", "INFN", "PRTF", "PRTS", "GRND"})
# a craft (ship, spacecraft, telescope, aircraft) and its quoted name: "шаттла «Атлантис»",
# "корабля «Союз ТМА-12»", "обсерватория «Кеплер»"
_CRAFT = re.compile(
    r"(?<![\w-])(?:шаттл|корабл|челнок|пол[её]т|старт|модул|обсерватори|телескоп|ракет|спутник|зонд|"
    r"марсоход|луноход|самол[её]т|авиалайнер|теплоход|ледокол|крейсер|авианос|подлодк)"
    r"[а-яё]*(?:-[а-яё]+)?\s+[«„“\"]([A-Za-zА-ЯЁ][A-Za-zА-Яа-яЁё]*)"
)
_STEM = 5  # letters of a craft's name that stand for its inflected forms
# Diseases and infections written as acronyms ("СПИДа", "ВИЧ", "ОРВИ"): no body, whatever the
# tagger says; a Russian case ending may follow ("СПИДом").
_DISEASES_TEXT = """
    СПИД ВИЧ ОРВИ ОРЗ ОРИ ТОРС ЗППП ИППП ВПЧ ХОБЛ ДЦП ГЛПС AIDS HIV SARS MERS
    """
DISEASES = frozenset(_DISEASES_TEXT.split())
_CASE_ENDING = re.compile(r"(?:а|у|ом|е|ы|ов)$")
# a noun for a disease before the name of the person it is named after ("болезнью Альцгеймера",
# "синдром Дауна", "болезни Паркинсона")
_DISEASE_BEFORE = re.compile(
    r"(?<![\w-])(?:[Бб]олезн(?:ь|и|ью|ей|ям|ями|ях)|[Сс]индром(?:а|у|ом|е|ы|ов)?)\s+$"
)


def descriptor(word: str) -> bool:
    """Whether a word before an organisation's name describes it ("концерн", "Концерн" opening
    a sentence, "ООО"): lower case, an acronym, or a common noun of the dictionary."""
    if word.isupper() or word.islower():
        return True
    if not known(word):
        return False
    return all(p.tag.POS == "NOUN" and not any(t in p.tag for t in DICT_TAGS) for p in parses(word))


def function_word(word: str) -> bool:
    """A preposition or conjunction (every reading of it; "Ла" of "Ла Стампа" is a particle)."""
    options = parses(word)
    return bool(options) and all(p.tag.POS in ("PREP", "CONJ") for p in options)


def role_noun(word: str) -> bool:
    """A dictionary word that names a kind of person and never a person ("Охранник",
    "Телеведущий", "Президент"): its every reading a declinable singular noun for a living
    being (or a verb form), none a name, surname or patronymic. (A plural "Куниц" or an
    indeclinable "Туркмен-баши" may be a surname or a nickname.)"""
    if not known(word):
        return False
    options = parses(word)
    return any(p.tag.POS == "NOUN" for p in options) and all(
        ((p.tag.POS == "NOUN" and {"anim", "sing"} <= p.tag.grammemes) or p.tag.POS in _VERB_POS)
        and "Fixd" not in p.tag
        and not any(t in p.tag for t in DICT_TAGS)
        for p in options
    )


def role_word(text: str, start: int, end: int) -> bool:
    """Whether a one-word "place" or "organisation" opening a sentence is a word for a person
    ("Замглавы ..."): a noun the dictionary knows only as animate and not as a name."""
    surface = text[start:end]
    if " " in surface or surface.isupper() or not known(surface):
        return False
    if text[:start].rstrip(' «„"') and text[:start].rstrip(' «„"')[-1] not in ".!?\n":
        return False
    options = parses(surface)
    return all(
        p.tag.POS == "NOUN" and "anim" in p.tag and not any(t in p.tag for t in DICT_TAGS)
        for p in options
    )


def single_word_name(word: str, kind: str, text: str) -> bool:
    """False for a form of address, a pronoun, a common noun's acronym (``COMMON_ACRONYMS``:
    "СИЗО", "ООО"), a letter before a common noun ("Т-зоне"), a "person" with a digit
    ("Формулы-1"), a verb form ("Обновлено", "Зевнуть"), a "person" that is a word for a
    person ("Охранник", "Киевлянин"), or an adjective standing alone as a place or
    organisation that the text also writes in lower case ("Южная",
    "Северными")."""
    if word in COMMON_ACRONYMS or _LETTER_PREFIXED.fullmatch(word):
        return False
    if kind == "PER" and any(ch.isdigit() for ch in word):
        return False  # "Формулы-1"
    options = parses(word)
    if not options:
        return True
    best = options[0]
    if str(best.normal_form) in NOT_NAMES or best.tag.POS in _FUNCTION_POS or "Apro" in best.tag:
        return False  # a pronoun, particle or pronominal adjective ("Её", "Все")
    if known(word) and all(p.tag.POS in _VERB_POS for p in options):
        return False
    if kind == "PER" and role_noun(word):
        return False
    if kind == "PER" or best.tag.POS != "ADJF" or word.isupper():
        return True
    return re.search(rf"(?<!\w){re.escape(word.lower())}(?!\w)", text) is None


def names_a_disease(text: str, start: int, end: int) -> bool:
    """Whether the span ``text[start:end]`` names a disease, not a body or a person: a disease's
    acronym with or without a case ending ("СПИДом", "ВИЧ"), or a name after a word for a
    disease ("болезнью Альцгеймера": the disease is named after him, he is not in the news)."""
    surface = text[start:end]
    if surface in DISEASES or (surface[:1].isupper() and _CASE_ENDING.sub("", surface) in DISEASES):
        return True
    return _DISEASE_BEFORE.search(text, max(0, start - 20), start) is not None


def craft_stems(text: str) -> frozenset[str]:
    """The stems (first letters, lower case) of the names ``text`` gives a craft in quotation
    marks after the word for it ("шаттла «Атлантис»", "корабля «Союз»"): a ship, spacecraft,
    telescope or aircraft is no person, organisation or place, wherever its name recurs."""
    return frozenset(m.group(1).lower()[:_STEM] for m in _CRAFT.finditer(text))


def names_a_craft(surface: str, stems: frozenset[str]) -> bool:
    """Whether a span of one or two words (``surface``) is a craft's name (see ``craft_stems``)."""
    words = surface.lstrip('«„“"').split()
    if not stems or not words or len(words) > 2:
        return False
    word = words[0].lower()
    return any(word.startswith(stem) for stem in stems)


def common_noun_opening(text: str, start: int, end: int, kind: str = "") -> bool:
    """Whether the one-word span ``text[start:end]``, capitalised because it opens a sentence,
    a headline or a line glued to the one before, is a common noun: every reading of it a noun
    the dictionary knows and none a name, and either it is a plural ("Военкоматы ...", "Оползни
    ...") or the text also writes it in lower case ("Почта ... электронная почта") and it does
    not head a name ("Посольство России ... посольство"). A "person" (``kind`` PER) is no
    person when no reading of it is animate or a name ("Страх перед хищниками ..." glued to the
    headline before it). A name in quotation marks ("«Зенит» ...") is not touched."""
    surface = text[start:end]
    if not surface[:1].isupper() or surface.isupper() or not known(surface):
        return False
    glued = start > 0 and text[start - 1].isalpha() and text[start - 1].islower()
    before = text[:start].rstrip(" ")
    if not glued and before and before[-1] not in ".!?\n…":
        return False
    if text[end : end + 1] in ("»", '"', "“"):
        return False
    options = parses(surface)
    if kind == "PER" and not any(
        "anim" in p.tag or any(t in p.tag for t in DICT_TAGS) for p in options
    ):
        return True
    if not all(p.tag.POS == "NOUN" and not any(t in p.tag for t in DICT_TAGS) for p in options):
        return False
    if all("plur" in p.tag for p in options):
        return True
    if re.match(r"\s+[A-ZА-ЯЁ]", text[end : end + 3]):
        return False  # heading a name: "Посольство России", "Почта России"
    lemmas = {p.normal_form for p in options}
    stem = re.escape(surface.lower()[: max(3, len(surface) - 3)])
    return any(
        any(p.normal_form in lemmas for p in parses(found.group()))
        for found in re.finditer(rf"(?<![\w-]){stem}[а-яё]*(?![\w-])", text)
    )


# a word for a kind of organisation right before a name, no quotation marks ("Команда Феррари")
_BODY_BEFORE = re.compile(
    r"(?<![\w-])(?:[Кк]оманд|[Кк]луб|[Кк]омпани|[Кк]онцерн|[Кк]орпораци|[Хх]олдинг)[а-яё]*\s+$"
)


def named_as_a_body(text: str, start: int, words: list[str], kind: str) -> bool:
    """Whether a one-word "person" right after a word for a kind of organisation is that
    organisation ("Команда Феррари", "из команды МакЛарен-Мерседес", "компании Форд"): not a
    word the dictionary knows as a first name. (A surname alone after "глава компании" goes back
    to its person where the text gives the full name: ``entities.resolve_names``.)"""
    if kind != "PER" or len(words) != 1:
        return False
    if _BODY_BEFORE.search(text, max(0, start - 30), start) is None:
        return False
    return not any("Name" in p.tag for p in parses(words[0]))
