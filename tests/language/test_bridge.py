"""Bridge keys: a name, place or number meets its translation; unrelated words do not meet."""

import pytest

from aggregator.language.bridge import bridge_keys, bridge_words, name_key, word_key
from aggregator.language.translit import latin_key


@pytest.mark.parametrize(
    ("russian", "english"),
    [
        ("Лаврову", "Lavrov"),
        ("Лавровым", "Lavrov"),
        ("С.В.Лаврова", "Lavrov"),
        ("Дж.Керри", "Kerry"),
        ("Путиным", "Putin"),
        ("Захаровой", "Zakharova"),
        ("Вашингтоне", "Washington"),
        ("Москве", "Moscow"),
        ("Сирии", "Syria"),
        ("сирийский", "Syrian"),
        ("США", "US"),
        ("ООН", "UN"),
        ("16 тысяч", "16,000"),
        ("7,3", "7.3"),
        ("5,8 млрд", "5.8 billion"),
        ("2010г", "2010"),
    ],
)
def test_a_name_place_or_number_meets_its_translation(russian: str, english: str) -> None:
    assert word_key(russian) == word_key(english) != ""


@pytest.mark.parametrize(("a", "b"), [("Лавров", "Lavrenov"), ("Путин", "Peskov"), ("42", "24")])
def test_different_names_keep_different_keys(a: str, b: str) -> None:
    assert word_key(a) != word_key(b)


def test_keys_come_from_names_numbers_and_places_only() -> None:
    english = bridge_keys("", "the ministers talked for 4 hours in Sochi with Kerry.", "en")
    assert set(english) == {"soch", "ker"}  # lower-case words and single digits give none
    russian = bridge_keys(
        "Переговоры", "министры говорили в Сочи с Керри; сирийский вопрос, 12 мая.", "ru"
    )
    assert {"soch", "ker", "=syria", "#12"} <= set(russian)
    assert "peregovor" not in russian and "ministr" not in russian
    assert bridge_keys("Kerry in Sochi", "", "en")["ker"] == 2.0  # the title counts twice
    assert bridge_words("Керри", "Джон Керри и Лавров", "ru")["ker"] == ["Керри"]


def test_places_named_differently_in_each_language_share_an_entity_key() -> None:
    assert name_key("Египет", "LOC") == name_key("Egypt", "LOC") == "egypt"
    assert name_key("Каир", "LOC") == name_key("Cairo", "LOC")
    assert name_key("Кремль", "ORG") == name_key("Kremlin", "ORG")
    # a person is keyed by spelling only, and longer names too
    assert name_key("Frances", "PER") == latin_key("Frances")
    assert name_key("Russian Federation", "LOC") == name_key("Россия", "LOC") == "russia"
    assert name_key("United Kingdom", "LOC") == name_key("UK", "LOC")
    assert name_key("Sudan Liberation Movement", "ORG") == latin_key("Sudan Liberation Movement")
