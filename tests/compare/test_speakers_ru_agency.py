"""Russian speaker attribution in agency and newspaper copy (issue 14, item 3; the misses of the
second batch of ``bench/framing/ru_quotes_dev.jsonl``), each pattern in a short passage written
for this test: a lone surname the lemmatiser mangles, a full name in the instrumental lemmatised
wrong, «по её словам», a role after the verb followed by circumstances («в интервью
„Известиям“», «журналистам в Госдуме»), an outlet in the dative spoken to, «в пресс-службе
«X»», «пишет издание» for the outlet introduced as one, an embassy's statement, a person named
in dash speech's author words and later called by their role, an outlet in quote marks spoken
to, a role held for someone named after it in the genitive, a compound abbreviation spelt out,
«по его данным» after a body named, a role
cited before the outlet citing, «Об этом заявил …» after the quote, a woman's
name lemmatised as a man's told by her verb."""

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
        (  # "Гросси" alone is lemmatised "Гросся": the surname as written, of the full name
            "Глава МАГАТЭ Рафаэль Гросси прибыл в Курск.\n\n"
            "«Мы будем держать постоянное присутствие на станции», — сказал Гросси.",
            ["Рафаэль Гросси"],
        ),
        (  # "с канцлером Фридрихом Мерцем" lemmatised "Фридрих Мерец"; the text writes "Мерц"
            "Премьер Италии встретилась с канцлером Германии Фридрихом Мерцем.\n\n"
            "«Нам нужна общая оборонная промышленность», — заявил Мерц.",
            ["Фридрих Мерц"],
        ),
        (  # «По её словам»: the woman just named
            "Глава Минтруда региона Ирина Соколова рассказала о выплатах. По её словам, "
            "«семьи с детьми получат деньги до конца месяца».",
            ["Ирина Соколова"],
        ),
        (  # "политик журналистам в Госдуме": the politician, not the Duma
            "Лидер фракции Андрей Горохов выступил против законопроекта.\n\n"
            "«Этот закон ударит по малому бизнесу», — заявил политик журналистам в Госдуме.",
            ["Андрей Горохов"],
        ),
        (  # "министр в интервью РБК": the minister, not the outlet
            "Министр энергетики Сергей Цивилев оценил ситуацию с углём.\n\n"
            "«Экспорт угля в этом году сократится», — сказал министр в интервью РБК.",
            ["Сергей Цивилев"],
        ),
        (  # "«Известиям» сообщили в пресс-службе «Роснефти»": the company, not the paper
            "«Все обязательства перед партнёрами будут выполнены», — сообщили «Известиям» "
            "в пресс-службе «Роснефти».",
            ["Роснефть"],
        ),
        (  # "пишет издание": the outlet the article introduced as "издание"
            "Британское издание Guardian сообщило о планах правительства.\n\n"
            "«Кабинет министров готовит новые ограничения», — пишет издание со ссылкой на "
            "источники.",
            ["Guardian"],
        ),
        (  # "опубликованном в Telegram" names no publisher: the embassy, with its place
            "Посольство России в Германии выразило протест.\n\n"
            "«Подобные действия недопустимы и противоречат нормам права», — говорится в "
            "заявлении дипмиссии, опубликованном в Telegram.",
            ["Посольство России в Германии"],
        ),
        (  # named in dash speech's author words, then "добавил заместитель мэра"
            "— Работы завершатся к осени, — рассказал заместитель мэра Олег Захаров.\n\n"
            "Ремонт ведёт компания, принадлежащая Ивану Петрову.\n\n"
            "— Финансирование полностью обеспечено, — добавил заместитель мэра.",
            ["Олег Захаров", "Олег Захаров"],
        ),
        (  # «Главреду» is spoken to: "в ведомстве" is the service named first
            "Федеральная служба исполнения наказаний выступила с заявлением. Об этом "
            "«Известиям» сообщила пресс-служба ведомства.\n\n"
            "«Заключённый получает всю необходимую медицинскую помощь», — отметили в ведомстве.",
            ["Федеральная служба исполнения наказаний"],
        ),
        (  # "советник Дональда Трампа Стивен Миллер": the role is Miller's, also later
            "Советник Дональда Трампа Стивен Миллер выступил на телевидении.\n\n"
            "«Мы начнём с самых опасных нарушителей», — сказал советник президента.",
            ["Стивен Миллер"],
        ),
        (  # "помощник Хиллари Клинтон …, который …, заявил": the aide, not Clinton
            "Гордон провёл переговоры в Белграде.\n\n"
            "Помощник Хиллари Клинтон по европейским делам, который в среду посетил Белград, "
            "заявил, что «дверь для Сербии не закрыта».",
            ["Гордон"],
        ),
        (  # "в заявлении Нацфронта": the party the article names in full
            "Лидер Национального фронта выдвинута кандидатом в президенты.\n\n"
            "В заявлении Нацфронта говорится: «Политическое бюро единогласно поддержало "
            "кандидатуру председателя партии».",
            ["Национальный фронт"],
        ),
        (  # "По его данным" with no man named before: the channel just named
            "Власти освободили из заключения ещё двести человек, сообщает агентство со ссылкой "
            'на государственный телеканал "Аль-Ихбария". По его данным, на свободу вышли '
            '"люди, не причастные к насилию против граждан".',
            ["Аль-Ихбария"],
        ),
        (  # "цитирует французского лидера агентство AFP": the leader, not the agency
            "Президент Франции Эмманюэль Макрон посетил Берлин. «Европа должна оставаться "
            "единой», — цитирует французского лидера агентство AFP.",
            ["Эмманюэль Макрон"],
        ),
        (  # the sentence after the quote says who: "Об этом заявил …"
            "«Мы не допустим повторения подобных провокаций». Об этом заявил журналистам "
            "глава МИД России Сергей Лавров.",
            ["Сергей Лавров"],
        ),
        (  # "Кая Каллас" lemmatised as a man's "Кай Каллас": "выступила" says who "она" is
            "Глава евродипломатии Кая Каллас выступила с заявлением. «Мы не признаем "
            "результаты этих выборов», — сказала она.",
            ["Кая Каллас"],
        ),
        (  # "Пресс-служба Кадырова заявила": the press office's verb, he stays a man
            "«Мы будем работать, как и раньше», — заявил Рамзан Кадыров.\n\n"
            "Пресс-служба Кадырова заявила, что в республике спокойно. «Изменений не будет», "
            "— сказал он.",
            ["Рамзан Кадыров", "Рамзан Кадыров"],
        ),
        (  # occupations as roles: "сообщил банкир"
            "Глава ВЭБ.РФ Игорь Шувалов рассказал о новых проектах.\n\n"
            "— Мы профинансируем строительство ста тысяч квартир, — сообщил банкир.",
            ["Игорь Шувалов"],
        ),
    ],
)
def test_agency_copy_speakers(text: str, expected: list[str]) -> None:
    assert speakers(text) == expected


def test_dashed_answers_of_a_dashed_interview() -> None:
    """Kommersant-style interview: dashed questions and dashed answers; the interviewee is
    the surname opening the paragraph before, which the tagger may miss."""
    text = (
        "Песков ответил на вопросы журналистов.\n\n"
        "— Будет ли встреча президентов в этом году?\n\n"
        "— Пока никаких договорённостей нет, но контакты продолжаются.\n\n"
        "— А телефонный разговор?\n\n"
        "— Такой разговор возможен в любой момент, если возникнет необходимость."
    )
    found = [f for f in find_quotes(text, "ru") if f.kind == "direct"]
    assert [f.text for f in found] == [
        "Пока никаких договорённостей нет, но контакты продолжаются.",
        "Такой разговор возможен в любой момент, если возникнет необходимость.",
    ]
    assert [f.speaker.name if f.speaker else None for f in found] == ["Песков", "Песков"]
