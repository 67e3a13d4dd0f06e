"""Latin-script keys: Russian and English spellings of one name meet; different names do not."""

import pytest

from aggregator.language.translit import latin_key, transliterate


@pytest.mark.parametrize(
    ("russian", "english"),
    [
        ("Сергей Лавров", "Sergei Lavrov"),
        ("Сергей Лавров", "Sergey Lavrov"),
        ("Джон Керри", "John Kerry"),
        ("Дмитрий Песков", "Dmitry Peskov"),
        ("Дмитрий Песков", "Dmitriy Peskov"),
        ("Хрущёв", "Khrushchev"),
        ("Мария Захарова", "Maria Zakharova"),
        ("Зеленский", "Zelensky"),
        ("Михаил", "Mikhail"),
    ],
)
def test_one_name_one_key(russian: str, english: str) -> None:
    assert latin_key(russian) == latin_key(english)


@pytest.mark.parametrize(
    ("a", "b"), [("Лавров", "Lavrenov"), ("Putin", "Peskov"), ("Керри", "Kerch")]
)
def test_different_names_keep_different_keys(a: str, b: str) -> None:
    assert latin_key(a) != latin_key(b)


def test_key_is_lowercase_ascii_words() -> None:
    key = latin_key("  Ольга  Скабеева-Попова ")
    assert key.isascii() and key == key.lower()
    assert key.split() == ["olga", "skabeva", "popova"]


def test_transliterate_keeps_case_and_other_text() -> None:
    assert transliterate("МИД России, 14 мая") == "MID Rossii, 14 maya"
    assert transliterate("Щукин и Юрий") == "Shchukin i Yuriy"


def test_digits_stay_digits() -> None:
    assert latin_key("CD36 и 46-й") == "kd36 i 46 y"
