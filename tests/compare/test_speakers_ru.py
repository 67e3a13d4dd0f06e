"""Russian speaker attribution on political news (issue 14, item 3; the misses of the factRuEval
quote gold), each pattern in a short passage written for this test: a man's name in the genitive
that reads as a woman's, a name with its Latin spelling in brackets, a lone surname in another
case, a first name that tells the gender where the surname does not, the subject of the sentence
a pronoun points at being in the nominative."""

from __future__ import annotations

import pytest

from aggregator.compare.quotes import find_quotes


def speakers(text: str) -> list[str | None]:
    return [
        f.speaker.name if f.speaker else None for f in find_quotes(text, "ru") if f.kind == "direct"
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # "Александра Белова" is his genitive, not a woman's name: the text writes "Белов"
            "Лидер движения Александр Белов пришёл на акцию.\n\n"
            "Для Александра Белова это был важный день.\n\n"
            "«Мы пришли почтить память погибших товарищей», — сказал Белов.",
            ["Александр Белов"],
        ),
        (  # the article's own spelling wins over the Latin one in brackets
            "Бывший астронавт Скотт Хоровитц (Scott Horowitz) выступил в среду.\n\n"
            "«Мы вернёмся на Луну к двадцатому году», — сказал Хоровитц.",
            ["Скотт Хоровитц"],
        ),
        (  # "Сагдеева" is a case of the "Сагдеев" quoted before
            "«Такой реактор построят не раньше следующего века», — говорит академик Сагдеев.\n\n"
            "Слова Сагдеева из интервью: «Я улыбаюсь, когда слышу об этих планах на Луну».",
            ["Сагдеев", "Сагдеев"],
        ),
        (  # "Бут" is a man's and a woman's surname: "Алла" says who "она" is
            "Дочь Лиза приехала в январе. Алла Бут рассказала о свидании с мужем.\n\n"
            "«Нам ничего не разрешили взять с собой в тюрьму», — пояснила она.",
            ["Алла Бут"],
        ),
        (  # "юбилею Бориса Ельцина" is no subject: "он" is the president
            "На юбилей Бориса Ельцина в Екатеринбург прибыл президент Дмитрий Медведев. "
            "Открывая памятник, он отметил, что «страна должна быть благодарна первому "
            "президенту».",
            ["Дмитрий Медведев"],
        ),
    ],
)
def test_russian_names_as_the_reader_reads_them(text: str, expected: list[str]) -> None:
    assert speakers(text) == expected
