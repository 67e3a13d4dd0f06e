"""Speaker attribution patterns of real news (issue 14, item 3), each in a short passage written
for this test: ranks before names, appositions, lone surnames, Russian author's words after a
dash, circumstances before the subject, "ссылаясь на", professions as roles."""

from __future__ import annotations

import pytest

from aggregator.compare.quotes import find_quotes


def speakers(text: str, lang: str) -> list[str | None]:
    return [
        f.speaker.name if f.speaker else None for f in find_quotes(text, lang) if f.kind == "direct"
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Police in the city found the pills on Tuesday.\n\n"
            '"This is a gamble people take every weekend," said city police staff Sgt. Mike '
            "Bossley.",
            ["Mike Bossley"],
        ),
        (
            "Hospitals in the region are full.\n\n"
            '"We have more patients than we have beds right now," Pam Molnar, a nursing manager '
            "at St. Paul's Hospital, said.",
            ["Pam Molnar"],
        ),
        (
            "Dr. Mark Yarema, medical director of the poison service, said the pills looked "
            "alike.\n\n"
            '"Although all have toxic effects, one of them is far more toxic than the other."',
            ["Mark Yarema"],
        ),
    ],
)
def test_english_ranks_appositions_and_reported_speech_before_a_quote(
    text: str, expected: list[str]
) -> None:
    assert speakers(text, "en") == expected


def test_a_lone_surname_is_the_person_named_in_full() -> None:
    text = (
        "The study was led by toxicologist Naren Gunja of the University of Sydney.\n\n"
        '"Most of the harm came from the caffeine in the drinks and nothing else," said Gunja.'
    )
    assert speakers(text, "en") == ["Naren Gunja"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Учёные из Нью-Йорка изучили влияние винограда на зрение.\n\n"
            "«Виноград защищает сетчатку глаза до самой старости», - слова руководителя "
            "проекта Сильвии Финнеманн, опубликованные в журнале.",
            "Сильвия Финнеманн",
        ),
        (
            "Немецкие журналисты осудили давление на прессу.\n\n"
            "«Свободе прессы угрожает опасность, если политик давит на редакцию», - заявил во "
            "вторник, 3 января, в Висбадене глава института прессы Карл-Ойген Эберле.",
            "Карл-Ойген Эберле",
        ),
        (
            "В городском парке тигр напал на ребёнка.\n\n"
            "Как указывает издание Полит.Ру, ссылаясь на представителя МЧС Раису Копырину, "
            "«ребёнок каким-то образом зашёл в клетку к хищнику».",
            "Раиса Копырина",
        ),
        (
            "Главный специалист-нарколог министерства Евгений Брюн предложил новый налог.\n\n"
            "«Если пиво стоит рубль, то водка должна стоить в тринадцать раз дороже», – заявил "
            "нарколог.",
            "Евгений Брюн",
        ),
    ],
)
def test_russian_author_words_citing_and_professions(text: str, expected: str) -> None:
    assert speakers(text, "ru") == [expected]
