"""Interviews and transcripts laid out by speaker labels (issue 14: mid.ru briefing transcripts,
Russian radio and newspaper interviews, English Q/A): the answers are quotes of the interviewee,
resolved to the named person; the questions are not anyone's quotes. Every passage here was
written for this test (the people are real, the words are invented)."""

from __future__ import annotations

import pytest

from aggregator.compare.interviews import find_signed, find_turns
from aggregator.compare.quotes import find_quotes


def direct(text: str, lang: str) -> list[tuple[str | None, str]]:
    return [
        (f.speaker.name if f.speaker else None, f.text)
        for f in find_quotes(text, lang)
        if f.kind == "direct"
    ]


RADIO = (
    "Ведущий Александр Андреев обсудил с министром Сергеем Лавровым итоги года.\n\n"
    "Андреев: Сергей Викторович, здравствуйте. Чего ждать от переговоров в Женеве?\n\n"
    "Лавров: Мы ждём честного разговора о безопасности, без ультиматумов и условий.\n\n"
    "Андреев: А если разговора не получится?\n\n"
    "Лавров: Тогда мы будем искать другие площадки, их достаточно много.\n\n"
    "Андреев: Спасибо, что нашли время.\n\n"
    "Лавров: Всего доброго, рад был поговорить со слушателями."
)

BRIEFING = (
    "Официальный представитель МИД России Мария Захарова провела брифинг.\n\n"
    "Вопрос: Как в министерстве оценивают решение о высылке дипломатов?\n\n"
    "М.В.Захарова: Мы считаем это решение ошибкой и ответим на него зеркально.\n\n"
    "Вопрос: Будут ли консультации на уровне заместителей министров?\n\n"
    "М.В.Захарова: Такие консультации возможны, но не в ближайший месяц."
)

QA_RU = (
    "Глава Минздрава Михаил Мурашко ответил на вопросы нашей газеты.\n\n"
    "Вопрос: Когда в поликлиниках появятся новые аппараты?\n\n"
    "Ответ: Первые аппараты привезут весной, остальные до конца года.\n\n"
    "Вопрос: Хватит ли врачей, чтобы на них работать?\n\n"
    "Ответ: Мы уже обучаем специалистов в двенадцати регионах страны."
)

QA_EN = (
    "The foreign secretary, David Lammy, spoke to our correspondent in Kyiv.\n\n"
    "Q: What did you tell the Ukrainian president this morning?\n\n"
    "A: That our support will last as long as it is needed, whatever happens elsewhere.\n\n"
    "Q: Will Britain send more air defence systems?\n\n"
    "A: We are working on that with our partners and will say more next week."
)

TRANSCRIPT_EN = (
    "Transcript of the press conference held by Sergey Lavrov in Moscow.\n\n"
    "Question: Do you expect the talks to resume this year?\n\n"
    "Sergey Lavrov: We are ready to resume them as soon as our partners are ready too.\n"
    "Nobody should expect us to make concessions in advance, though.\n\n"
    "Question: What about the grain deal?\n\n"
    "Sergey Lavrov: The grain deal depends on what was promised to us being delivered."
)


def test_radio_interview_answers_are_the_interviewees_and_questions_are_no_quotes() -> None:
    found = direct(RADIO, "ru")
    assert [s for s, _ in found] == ["Сергей Лавров"] * 3
    assert found[0][1].startswith("Мы ждём честного разговора")
    assert not any("Женеве" in words or "получится" in words for _, words in found)


def test_briefing_transcript_with_initials_labels() -> None:
    found = direct(BRIEFING, "ru")
    assert [s for s, _ in found] == ["Мария Захарова", "Мария Захарова"]
    assert not any("высылке" in words for _, words in found)


def test_question_and_answer_labels_go_to_the_person_interviewed() -> None:
    found = direct(QA_RU, "ru")
    assert [s for s, _ in found] == ["Михаил Мурашко", "Михаил Мурашко"]
    assert found[1][1].startswith("Мы уже обучаем")


def test_english_q_and_a() -> None:
    found = direct(QA_EN, "en")
    assert [s for s, _ in found] == ["David Lammy", "David Lammy"]
    assert not any("air defence" in words for _, words in found)


def test_english_transcript_answer_runs_over_its_paragraphs() -> None:
    found = direct(TRANSCRIPT_EN, "en")
    assert [s for s, _ in found] == ["Sergey Lavrov", "Sergey Lavrov"]
    assert "concessions in advance" in found[0][1]


PAPER_ASKS = (
    "Губернатор Александр Беглов ответил на вопросы нашей газеты.\n\n"
    "«Известия»: Когда в городе достроят новую линию метро?\n\n"
    "Александр Беглов: Первые станции откроем через два года, это решено окончательно.\n\n"
    "«Известия»: А что с трамваями на окраинах?\n\n"
    "Александр Беглов: Трамвайную сеть будем расширять на юг и на восток города."
)


def test_a_paper_asking_under_its_own_name_is_no_speaker() -> None:
    found = direct(PAPER_ASKS, "ru")
    assert [s for s, _ in found] == ["Александр Беглов", "Александр Беглов"]
    assert not any("трамваями" in words for _, words in found)


def test_the_interviewer_is_the_name_that_asks() -> None:
    turns = find_turns(RADIO, lambda start, end: RADIO[start:end] in ("Андреев", "Лавров"))
    assert [t.kind for t in turns] == ["question", "said"] * 3


@pytest.mark.parametrize(
    "text",
    [
        # page furniture and a headline in "Name: words" form, no interview
        "Читай также: Почему он не хочет секса?\n\nТекст заметки о здоровье и сне.\n\n"
        "Читай также: График активности",
        "Сергей Власенко: видеонаблюдение доставляет кому-то удовольствие\n\n"
        "Адвокат Сергей Власенко заявил об этом в среду.",
        "1. Приморский район: Ушаковская набережная;\n\n2. Калининский район: Северный проспект;",
        "В итоге ученые пришли к выводу: в этом возрасте память слабеет.",
        "Фото: ТАСС\n\nПрезидент Сергей Власенко посетил завод.\n\nФото: Reuters\n\n"
        "Сергей Власенко: завод заработает в мае",
    ],
)
def test_no_interview_layout(text: str) -> None:
    assert find_turns(text, lambda start, end: text[start:end] == "Сергей Власенко") == []


SIGNED = (
    "Глава республики выразил соболезнования семьям погибших.\n\n"
    "От себя лично и от имени правительства выражаю глубокие соболезнования родным и близким "
    "погибших. Прошу принять искренние слова сочувствия и пожелания скорейшего выздоровления "
    "всем пострадавшим.\n\n"
    "Президент Евгений Шевчук\n\n"
    "Авария произошла утром на трассе у села Белочи."
)


def test_a_statement_signed_under_it_is_the_signatorys() -> None:
    found = direct(SIGNED, "ru")
    assert [s for s, _ in found] == ["Евгений Шевчук"]
    assert found[0][1].startswith("От себя лично")


@pytest.mark.parametrize(
    "text",
    [
        # a byline with a date, a story naming the person, a story with its own quotes
        "Мы рассказываем о том, как прошёл праздник в нашем городе в этом году.\n\n"
        "Надежда Шульга — 05.01.2012",
        "Мы попросили Ивана Петрова рассказать, как прошёл праздник в нашем городе.\n\nИван Петров",
        "She said: “For myself, I had been unhappy with them for many years now.”\n\nLouise Brown",
    ],
)
def test_no_signed_statement(text: str) -> None:
    assert (
        find_signed(
            text,
            lambda start, end: (
                "Петров" in text[start:end]
                or "Шульга" in text[start:end]
                or "Louise" in text[start:end]
            ),
        )
        == []
    )
