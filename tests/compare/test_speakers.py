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


def test_an_acronym_speaker_is_the_name_the_article_spelt_out() -> None:
    text = (
        "The Ministry of Justice (MoJ) backs the plans to curb claims.\n\n"
        'A spokesman for the MoJ added: "The lawyers are making a packet out of these claims."'
    )
    assert speakers(text, "en") == ["Ministry of Justice"]


def test_the_committee_speaks_as_the_committee_not_as_a_person_with_a_role() -> None:
    text = (
        "Health Secretary Andrew Lansley ordered reviews of the boards.\n\n"
        "The Public Accounts Committee published its report on Tuesday.\n\n"
        'The committee said it will be a "very tall order to get all of them ready".'
    )
    assert speakers(text, "en") == ["Public Accounts Committee"]


def test_the_body_found_and_a_person_quoted_as_saying() -> None:
    text = (
        'In October, the FDA found that the equipment "could not be cleaned or sanitised '
        'easily", allowing dirt to build up.\n\n'
        '"This is something we have speculated about for years," lead researcher Jennifer '
        "Mitchell was quoted as saying by a newspaper."
    )
    assert speakers(text, "en") == ["FDA", "Jennifer Mitchell"]


def test_russian_interview_answers_are_the_interviewees_quotes() -> None:
    text = (
        "Своё мнение о законопроекте агентству высказал руководитель комитета Андрей "
        "Заренков.\n\n"
        "- Почему ваше движение не согласно с этим законопроектом?\n\n"
        "Очень многие люди не согласны считать героями пособников нацистов. Это унизительно.\n\n"
        "Решения трибунала парламент отменить не может, и все попытки обречены.\n\n"
        "- Будет ли он принят в парламенте? Ваш прогноз?\n\n"
        "Будет он принят или нет, я не знаю, но исполнять этот закон будет очень сложно."
    )
    found = [(f.speaker.name if f.speaker else None, f.text[:20]) for f in find_quotes(text, "ru")]
    assert found == [
        ("Андрей Заренков", "Очень многие люди не"),
        ("Андрей Заренков", "Будет он принят или "),
    ]


def test_russian_dash_speech_holding_guillemets_and_after_a_colon_naming_someone() -> None:
    text = (
        "В новом году книгу выпустила астролог из телешоу Василиса Володина.\n\n"
        "- Моя книга о том, как понравиться мужчине, - рассказывает о своей книге телеастролог. "
        "- Понятий «любой» и «средний» применительно к мужчинам не существует.\n\n"
        "Однако Мирослава Сковайсова не видит в этом проблемы:\n\n"
        "- Мне кажется, что эту проблему слегка раздули. Больших проблем у нас просто не было."
    )
    assert speakers(text, "ru") == ["Василиса Володина", "Мирослава Сковайсова"]


def test_a_bbc_pull_quote_is_its_bylines_person() -> None:
    text = (
        "Restaurants could be required by law to display hygiene ratings.\n\n"
        "Consumers will vote with their feet and eat elsewhere”End QuoteDr Prysor "
        "WilliamsBangor university\n\n"
        'Health Minister Lesley Griffiths said: "Compulsory display will drive up standards."'
    )
    assert speakers(text, "en") == ["Prysor Williams", "Lesley Griffiths"]


def test_an_unattributed_quote_paragraph_of_a_profile_is_its_subjects() -> None:
    text = (
        "Kristen Wiig has become one of the best-paid comic actors.\n\n"
        "Wiig grew up in upstate New York. Wiig moved to Los Angeles after college, and "
        "Wiig joined a comedy troupe there.\n\n"
        "Her films are now shown on every continent.\n\n"
        "The reviews were kind. The box office was kinder.\n\n"
        "Nobody expected it, least of all the studio.\n\n"
        '"I never planned any of it, and I still cannot quite believe it happened to me."'
    )
    assert speakers(text, "en") == ["Kristen Wiig"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # a role phrase over a comma; the role word alone later
            "Об этом заявил депутат горсовета Самары, глава комиссии по транспорту Игорь "
            "Семенов.\n\nЕго поддержал председатель комитета по экономике Павел Орлов.\n\n"
            "«Город не может жить без нормального транспорта и без новых остановок», – добавил "
            "депутат.",
            ["Игорь Семенов"],
        ),
        (  # an outlet quoting a body: the body speaks
            "В горах травмировался турист из Москвы.\n\n"
            '"Мужчина получил перелом ноги и был доставлен в районную больницу", - цитирует '
            "ТАСС пресс-службу МЧС.",
            ["МЧС"],
        ),
        (  # a name in quote marks does not cut the author's words
            "«Наша команда выступила в десяти городах Европы этим летом», – рассказал "
            "руководитель команды «Веселый Ветер» Олег Мамков.",
            ["Олег Мамков"],
        ),
    ],
)
def test_russian_roles_over_commas_outlets_quoting_and_names_in_marks(
    text: str, expected: list[str]
) -> None:
    assert speakers(text, "ru") == expected


def test_a_statement_speaks_for_the_body_last_heard() -> None:
    text = (
        "The University of Leeds said on Monday that the study had been withdrawn.\n\n"
        'Its authors "will not be allowed to publish for two years at least," according to the '
        "statement."
    )
    assert speakers(text, "en") == ["University of Leeds"]


def test_a_person_introduced_by_surname_speaks_under_it() -> None:
    text = (
        "Корреспондент связался с сотрудником ветеринарной службы по фамилии Ли.\n\n"
        "Ли ответил: «Мы ничего об этом не знаем, нас туда не пустили»."
    )
    assert speakers(text, "ru") == ["Ли"]


def test_a_name_the_tagger_missed_after_a_role_no_one_was_given() -> None:
    # the demo's Guardian rates story: spaCy tags neither "Alexei Zorin" nor Rosstat as a body,
    # and the quote went on to the statistics service named in the paragraph before
    text = (
        "Annual inflation slowed to 6.8% in February, according to the state statistics "
        "service Rosstat.\n\n"
        "\u201cWe see that disinflation is continuing, but it is too early to declare "
        "victory,\u201d the deputy governor, Alexei Zorin, told a press conference in Moscow."
    )
    assert speakers(text, "en")[-1] == "Alexei Zorin"


def test_titles_before_a_missed_name_are_cut() -> None:
    text = (
        "\u201cThe economy is returning to a balanced growth path,\u201d Deputy Governor "
        "Alexei Zorin told journalists on Friday."
    )
    assert speakers(text, "en") == ["Alexei Zorin"]
    found = [f for f in find_quotes(text, "en") if f.kind == "direct"]
    assert [f.speaker.type if f.speaker else None for f in found] == ["PER"]
