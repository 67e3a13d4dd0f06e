"""Places and bodies named by translation, not transliteration, share an entity key."""

import pytest

from aggregator.language.bridge import name_key, word_key
from aggregator.language.entities import find_mentions
from aggregator.language.exonyms import english_name
from aggregator.language.translit import latin_key


@pytest.mark.parametrize(
    ("russian", "english", "kind"),
    [
        ("Красное море", "Red Sea", "LOC"),
        ("Красном море", "Red Sea", "LOC"),  # a case form meets the nominative
        ("Чёрного моря", "Black Sea", "LOC"),
        ("Суэцкого канала", "Suez Canal", "LOC"),
        ("Совет Безопасности ООН", "UN Security Council", "ORG"),
        ("Совета Безопасности ООН", "United Nations Security Council", "ORG"),
        ("ВОЗ", "WHO", "ORG"),
        ("Всемирной организации здравоохранения", "World Health Organization", "ORG"),
        ("НАТО", "NATO", "ORG"),
        ("Евросоюз", "European Union", "ORG"),
        ("ЕС", "EU", "ORG"),
        ("МИД", "Foreign Ministry", "ORG"),
        ("МИД России", "Russian Foreign Ministry", "ORG"),
        ("Соединённых Штатов", "United States", "LOC"),
        ("Нью-Йорк", "New York", "LOC"),
        ("Германии", "Germany", "LOC"),
        ("Ближний Восток", "Middle East", "LOC"),
    ],
)
def test_a_translated_place_or_body_meets_its_english_name(
    russian: str, english: str, kind: str
) -> None:
    assert name_key(russian, kind) == name_key(english, kind)


def test_the_table_answers_with_the_first_english_name() -> None:
    assert english_name("Красном море") == english_name("the Red Sea") == "Red Sea"
    assert english_name("СБ ООН") == "UN Security Council"
    assert english_name("Судан") is None  # transliterates: no line needed
    assert english_name("") is None


def test_different_places_and_people_stay_apart() -> None:
    assert name_key("Красное море", "LOC") != name_key("Black Sea", "LOC")
    assert name_key("Совет Безопасности ООН", "ORG") != name_key("ООН", "ORG")
    assert name_key("МИД России", "ORG") != name_key("МИД", "ORG")
    # the stem table keys Europe and the EU alike, and England and the UK: entities do not
    assert name_key("Европа", "LOC") == name_key("Europe", "LOC") != name_key("EU", "ORG")
    assert name_key("Евросоюз", "ORG") == name_key("EU", "ORG")
    assert name_key("Англия", "LOC") == name_key("England", "LOC") != name_key("UK", "LOC")
    # a person is keyed by spelling only, though "Georgia" is a country
    assert name_key("Georgia", "PER") == latin_key("Georgia")


def test_a_hyphenated_name_is_not_the_place_it_starts_with() -> None:
    assert (
        name_key("France-Presse", "ORG") == latin_key("France-Presse") != name_key("France", "LOC")
    )
    assert word_key("France-Presse") != word_key("France") == "=france"
    assert word_key("Москва-Сити") != word_key("Москва")
    # a lower-case second part or a second place keeps the first place
    assert word_key("Kyiv-based") == word_key("Kyiv") == "=kiev"
    assert word_key("российско-египетских") == "=russia"


def test_russian_mentions_of_translated_bodies_carry_the_english_key() -> None:
    text = "Совфед одобрил закон. Госдума рассмотрит его в среду."
    keys = {m.surface: m.key for m in find_mentions(text, "ru")}
    assert keys["Совфед"] == name_key("Federation Council", "ORG")
    assert keys["Госдума"] == name_key("State Duma", "ORG")
