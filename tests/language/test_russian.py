"""Russian words as terms: inflections meet, function words drop, ё and hyphens are handled."""

import pytest

from aggregator.language.detect import language_of
from aggregator.language.russian import is_cyrillic, russian_term


@pytest.mark.parametrize(
    "forms",
    [
        ("переговоры", "переговоров", "переговорах"),
        ("министр", "министра", "министром"),
        ("Сочи".lower(), "сочи"),
        ("ёлка", "елка"),
        ("северо-западный", "северо-западного"),
    ],
)
def test_inflections_of_one_word_meet(forms: tuple[str, ...]) -> None:
    stems = {russian_term(f) for f in forms}
    assert len(stems) == 1 and "" not in stems, stems


@pytest.mark.parametrize("word", ["и", "в", "всё", "которые", "из-за", "кто-то", "что-нибудь"])
def test_function_words_give_no_term(word: str) -> None:
    assert russian_term(word) == ""


def test_different_words_keep_different_stems() -> None:
    assert russian_term("переговоры") != russian_term("перевозки")
    assert russian_term("нью-йорк") == "нью-йорк"  # a name with a hyphen stays whole
    assert is_cyrillic("Лавров") and not is_cyrillic("Lavrov")


@pytest.mark.parametrize(
    ("declared", "text", "expected"),
    [
        ("ru-RU", "Talks in Sochi", "ru"),
        ("EN", "Переговоры в Сочи", "en"),
        (None, "Переговоры Лаврова и Керри в Сочи (Kerry)", "ru"),
        (None, "Lavrov and Kerry meet in Sochi («Сочи»)", "en"),
        ("", "", "en"),
    ],
)
def test_language_is_declared_or_read_from_the_script(
    declared: str | None, text: str, expected: str
) -> None:
    assert language_of(declared, text) == expected
