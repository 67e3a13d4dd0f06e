"""Russian persons' canonical names a researcher can trust: foreign names that do not decline
keep their written form, a surname after a particle declines as the first name does, and a
surname alone resolves to the full name the text gives. Passages written for these tests."""

from __future__ import annotations

from aggregator.language.entities import Mention, document_entities
from aggregator.language.lemmas_ru import lemma_name
from aggregator.language.surnames_ru import agreed_surnames
from aggregator.language.translit import latin_key


def _persons(text: str) -> dict[str, set[str]]:
    """Canonical name -> surfaces, for the persons of ``text``."""
    return {e.name: set(e.surfaces) for e in document_entities(text, "ru") if e.type == "PER"}


def _person(surface: str, name: str, start: int = 0) -> Mention:
    return Mention(start, start + len(surface), surface, "PER", name, latin_key(name))


def test_a_name_written_in_the_nominative_keeps_its_foreign_surname() -> None:
    """ "Анджелина" can only be a nominative, so "Джоли" beside it is one too: the dictionary's
    guess (the plural of a "Джоля") is no person's name."""
    assert lemma_name(["Анджелина", "Джоли"], "PER") == "Анджелина Джоли"
    assert lemma_name(["Нэнси", "Пелоси"], "PER") == "Нэнси Пелоси"
    # a Russian name in the nominative is as written too, and other cases still decline
    assert lemma_name(["Анна", "Ахматова"], "PER") == "Анна Ахматова"
    assert lemma_name(["Анны", "Ахматовой"], "PER") == "Анна Ахматова"


def test_a_surname_that_is_a_common_word_does_not_decline_after_an_indeclinable_name() -> None:
    """ "Лупу" reads as the accusative of "лупа" (a magnifying glass), but after "Мариан", a
    first name that does not decline, nothing shows a case: the surname is as written. Beside a
    first name that declines, the case shows and the surname follows it."""
    assert lemma_name(["Мариан", "Лупу"], "PER") == "Мариан Лупу"
    assert lemma_name(["Юхана", "Густафссона"], "PER") == "Юхан Густафссон"
    assert lemma_name(["Бориса", "Громова"], "PER") == "Борис Громов"


def test_a_name_after_a_particle_with_no_first_name_is_as_written() -> None:
    """ "ибн Сина": nothing before the particle shows a case, and the dictionary's guess for
    "Сина" (a genitive of a thing "син") is no name; a known name after "бин" still declines."""
    assert lemma_name(["ибн", "Сина"], "PER") == "ибн Сина"
    assert lemma_name(["Усамы", "бин", "Ладена"], "PER") == "Усама бин Ладен"


def test_a_surname_after_a_particle_declines_as_the_first_name_does() -> None:
    """ "Шарлю де Голлю": "Голлю" is no word of the dictionary, and its guess shares no case
    with "Шарлю"; written with the first name's ending, it takes the first name's nominative
    ending ("Шарлю" -> "Шарль", so "Голлю" -> "Голль")."""
    assert lemma_name(["Шарлю", "де", "Голлю"], "PER") == "Шарль де Голль"
    assert lemma_name(["Шарля", "де", "Голля"], "PER") == "Шарль де Голль"
    assert lemma_name(["Шарль", "де", "Голль"], "PER") == "Шарль де Голль"


def test_a_surname_written_alike_after_two_forms_of_a_first_name_does_not_decline() -> None:
    found = [
        _person("Мариан Лупу", "Мариан Лупа"),
        _person("Мариана Лупу", "Мариан Лупа", 40),
        _person("Лупу", "Лупа", 80),
    ]
    names = [m.name for m in agreed_surnames(found)]
    assert names == ["Мариан Лупу", "Мариан Лупу", "Лупу"]  # "Лупу" alone: a partial mention
    # a feminine surname in "-ой" is alike in several cases, yet declines
    found = [_person("Анны Лавровой", "Анна Лаврова"), _person("Анне Лавровой", "Анна Лаврова")]
    assert {m.name for m in agreed_surnames(found)} == {"Анна Лаврова"}


def test_a_surname_alone_resolves_to_the_full_name_written_with_it() -> None:
    text = (
        "Актриса Анджелина Джоли прилетела в Сараево во вторник. По словам Джоли, съёмки "
        "фильма начнутся весной. Продюсеры благодарят Джоли за терпение."
    )
    assert _persons(text) == {"Анджелина Джоли": {"Анджелина Джоли", "Джоли"}}
    # two full names with one written surname and two canonical ones: the surname alone is
    # left as it was
    found = [
        _person("Анна Лаврова", "Анна Лаврова"),
        _person("Сергея Лаврова", "Сергей Лавров", 30),
        _person("Лаврова", "Лавров", 60),
    ]
    assert [m.name for m in agreed_surnames(found)] == [
        "Анна Лаврова",
        "Сергей Лавров",
        "Лавров",
    ]


def test_an_indeclinable_surname_in_a_text_is_one_person_with_a_nominative_name() -> None:
    text = (
        "Спикер парламента Мариан Лупу провёл встречу с послами. Позже журналисты спросили "
        "Мариана Лупу о выборах. Лупу ответил, что выборы пройдут в срок."
    )
    assert _persons(text) == {"Мариан Лупу": {"Мариан Лупу", "Мариана Лупу", "Лупу"}}
    text = "Премьер Юлия Тимошенко выступила в Раде. Сторонники Юлии Тимошенко пришли к суду."
    assert _persons(text) == {"Юлия Тимошенко": {"Юлия Тимошенко", "Юлии Тимошенко"}}


def test_a_name_the_tagger_found_after_a_particle_is_lemmatised_with_it() -> None:
    assert _persons("Врач ибн Сина жил в Бухаре.") == {"ибн Сина": {"ибн Сина"}}
    text = "Поиски Усамы бин Ладена шли десять лет. Говорят, что бин Ладена видели в Пакистане."
    assert _persons(text) == {"Усама бин Ладен": {"Усамы бин Ладена", "бин Ладена"}}


def test_a_surname_after_a_mans_name_in_the_genitive_is_his() -> None:
    """ "Петрина" is no word of the dictionary, which guesses a woman's name in the nominative;
    after "Алексея", a man's name in the genitive, it is his surname in the genitive too."""
    assert lemma_name(["Алексея", "Петрина"], "PER") == "Алексей Петрин"
    # a woman's name keeps a woman's surname
    assert lemma_name(["Анны", "Петриной"], "PER") == "Анна Петрина"
    assert lemma_name(["Кристины", "Фернандес"], "PER") == "Кристина Фернандес"
