"""Russian mentions natasha's tagger gets wrong and ner_ru repairs (passages written for these
tests): words glued together by a page's text extraction, as in a list of headlines."""

from __future__ import annotations

from aggregator.language import ner_ru
from aggregator.language.entities import document_entities


def _typed(text: str) -> dict[str, str]:
    return {m.surface: m.type for m in ner_ru.mentions(text)}


def test_glued_headlines_are_read_apart() -> None:
    text = (
        "Новости дня\n\nЖурналист пообещал поддержать ЗюгановаВо Львове открылась выставка "
        "старинных игрушекПожарные спасли кошку в ПолтавеСборная сыграет с ТурциейКиевское "
        "«Динамо» купило защитника"
    )
    typed = _typed(text)
    assert typed.get("Зюганова") == "PER"
    assert typed.get("Львове") == "LOC"
    assert typed.get("Полтаве") == "LOC"
    assert not any(len(surface.split()) > 1 and "Львов" in surface for surface in typed)


def test_camel_case_names_and_other_scripts() -> None:
    assert ner_ru.glue_points("ПутинаВо") == [6]
    assert ner_ru.glue_points("KinectМузыка") == [6]  # Latin, then a Cyrillic capital
    assert ner_ru.glue_points("СофтКлаб") == []  # "Клаб" is no dictionary word
    assert ner_ru.glue_points("РосБизнесКонсалтинг") == []  # a capital inside the first part
    assert ner_ru.glue_points("McDonald") == ner_ru.glue_points("МИДе") == []


def test_words_for_people_and_verb_forms_are_not_names() -> None:
    assert "Обновлено" not in _typed(
        "Обновлено в 20.02. мск. Операция прошла успешно, сообщает агентство Reuters."
    )
    assert _typed("Киевлянин совершил двойное убийство и повесился") == {}


def test_a_role_or_preposition_before_a_name_is_cut() -> None:
    """Spans the tagger gives on a glued list of headlines: the name is what follows."""
    text = "Телеведущий Киселёв готов поддержать Зюганова. Во Львове создадут пампушку."
    person = ner_ru._mention(text, 0, len("Телеведущий Киселёв"), "PER")
    assert person is not None and (person.surface, person.name) == ("Киселёв", "Киселёв")
    start = text.index("Во Львове")
    place = ner_ru._mention(text, start, start + len("Во Львове"), "LOC")
    assert place is not None and (place.surface, place.name) == ("Львове", "Львов")


def test_a_particle_opening_a_name_stays() -> None:
    typed = _typed("Об этом пишет итальянская газета «Ла Стампа» со ссылкой на полицию.")
    assert typed.get("Ла Стампа") == "ORG"


def test_an_institution_named_after_a_place_or_person_is_one_body() -> None:
    assert _typed("Учёные из университета Огайо выяснили, что кофе полезен.") == {
        "университета Огайо": "ORG"
    }
    assert _typed("Оборудование купили на средства фонда Виктора Петренко, рассказал врач.") == {
        "фонда Виктора Петренко": "ORG"
    }
    typed = _typed(
        "Профессор Технологического института штата Массачусетс Джон Смит представил прибор."
    )
    assert typed == {"Технологического института штата Массачусетс": "ORG", "Джон Смит": "PER"}
    # a preposition is not the lower-case word between; a person in the nominative stays apart
    typed = _typed("Профессор Сиракузского университета Роберт Дойл создал жвачку в США.")
    assert typed == {"Сиракузского университета": "ORG", "Роберт Дойл": "PER", "США": "LOC"}


def test_a_regional_branch_keeps_the_body_written_before_it() -> None:
    typed = _typed("Сведения получены из управления Роспотребнадзора по Тверской области.")
    assert typed == {"управления Роспотребнадзора по Тверской области": "ORG"}
    typed = _typed(
        "Об этом сообщила Анна Петрова, старший помощник следственного управления СК РФ по "
        "Омской области."
    )
    assert typed.get("следственного управления СК РФ по Омской области") == "ORG"


def test_the_head_of_an_institution_is_not_part_of_its_name() -> None:
    typed = _typed("«Свобода под угрозой», - заявил глава института прессы Карл-Ойген Эберле.")
    assert typed.get("Карл-Ойген Эберле") == "PER"


def test_a_craft_named_in_quotes_is_no_organisation() -> None:
    typed = _typed(
        "Экипаж шаттла «Атлантис» вернулся на Землю. Посадка «Атлантиса» прошла успешно, "
        "сообщили в НАСА."
    )
    assert typed == {"Землю": "LOC", "НАСА": "ORG"}
    typed = _typed("Лидер партии «Союз правых сил» выступил в Москве.")
    assert typed == {"Союз правых сил": "ORG", "Москве": "LOC"}


def test_types_from_the_dictionary_and_descriptors() -> None:
    # a "person" opening with a word known only as an organisation is both
    typed = _typed("Американцы убили лидера Аль-Кайды Усаму бин Ладена в Пакистане.")
    assert typed == {"Аль-Кайды": "ORG", "Усаму бин Ладена": "PER", "Пакистане": "LOC"}
    # a name after "клуб «", "газета «", "партия «" ... is a body's
    assert _typed("Клуб «Бавария» обыграл соперника.") == {"Бавария": "ORG"}
    # a compound ending in a word for a body ("-фронт") is one
    assert _typed("Лидер Нацфронта заявил, что партия пойдёт на выборы.") == {"Нацфронта": "ORG"}


def test_a_word_for_a_kind_of_place_is_cut_from_its_name() -> None:
    text = "Фестиваль прошёл на острове Уайт."
    start = text.index("острове")
    place = ner_ru._mention(text, start, start + len("острове Уайт"), "LOC")
    assert place is not None and place.surface == "Уайт"


def test_a_national_team_is_one_body() -> None:
    assert _typed("Молодежная сборная России по хоккею потеряла титул.") == {
        "Молодежная сборная России по хоккею": "ORG"
    }
    assert _typed("Тренер вызвал в сборную России по бобслею и скелетону новичков.") == {
        "сборную России по бобслею и скелетону": "ORG"
    }
    assert _typed("Он играет за сборную России.") == {"России": "LOC"}


def test_page_labels_and_weekdays_are_not_names() -> None:
    typed = _typed("Рождество в Киеве: вертеп на Майдане (ФОТО, ВИДЕО)")
    assert typed == {"Киеве": "LOC", "Майдане": "LOC"}
    assert _typed("Пятница, 6 января 2012 г. Последняя новость – 21:38") == {}


def test_a_body_named_after_a_place_is_not_that_place() -> None:
    """The exonym table keys "Киев…" and "France…" by the start of the word: the council and
    the agency keep their own keys, and the city and the country stay places."""
    text = (
        "Депутат Киевсовета Александр Бригинец обратился к председателю КГГА. Он спросил, есть "
        "ли в Киеве эпидемия бешенства, сообщила пресс-служба Киевсовета."
    )
    typed = {(e.type, s) for e in document_entities(text, "ru") for s in e.surfaces}
    assert ("LOC", "Киеве") in typed and ("ORG", "Киевсовета") in typed
    text = (
        "Об этом сообщает агентство France-Presse со ссылкой на полицию. France-Presse "
        "уточняет, что во Франции задержаны двое."
    )
    typed = {(e.type, s) for e in document_entities(text, "ru") for s in e.surfaces}
    assert typed == {("ORG", "France-Presse"), ("LOC", "Франции")}


def test_a_word_for_a_person_opening_a_body_is_cut() -> None:
    typed = _typed("Санитарка интерната в Ленинградской области осуждена условно.")
    assert typed == {"Ленинградской области": "LOC"}


def test_diseases_are_not_bodies_or_people() -> None:
    """A disease's acronym, with or without a case ending, is no organisation; a surname after a
    word for a disease names the disease, not a person in the news."""
    text = (
        "Анализ сделали в городском центре СПИДа, сообщила Мария Петрова. Вирус ОРВИ опаснее "
        "для тех, у кого синдром Дауна или болезнь Паркинсона."
    )
    typed = _typed(text)
    assert typed.get("Мария Петрова") == "PER"
    assert not {"СПИДа", "ОРВИ", "Дауна", "Паркинсона"} & set(typed)


def test_a_disease_word_does_not_hide_a_person_elsewhere() -> None:
    text = "Профессор Анна Паркинсон выступила в Казани. Она изучает болезни сердца."
    typed = _typed(text)
    assert typed.get("Анна Паркинсон") == "PER" and typed.get("Казани") == "LOC"


def test_a_long_name_runs_on_over_its_coordinated_words() -> None:
    """A body's descriptive name ends on a coordinated lower-case phrase in one case: the
    tagger cuts it at the first noun; the name is the whole phrase."""
    text = (
        "Об этом сообщили в Курском областном центре по борьбе со СПИДом и вирусными "
        "гепатитами. Звонки принимает Городская диспетчерская служба срочной и плановой "
        "ветеринарной помощи."
    )
    orgs = {surface for surface, kind in _typed(text).items() if kind == "ORG"}
    assert "Курском областном центре по борьбе со СПИДом и вирусными гепатитами" in orgs
    assert "Городская диспетчерская служба срочной и плановой ветеринарной помощи" in orgs


def test_a_second_body_or_subject_after_and_is_not_run_on() -> None:
    text = (
        "Представители Пермского областного центра профилактики СПИДа и правительства края "
        "встретились в среду. Областная фондовая биржа и частные компании подписали "
        "соглашение."
    )
    for surface in _typed(text):
        assert not surface.endswith(("правительства", "компании")), surface


def test_a_surname_in_capitals_glued_to_the_next_line_is_read_apart() -> None:
    """A photo credit's surname in capitals runs into the headline under it."""
    assert ner_ru.glue_points("ПЕТРОВВчера") == [6]
    assert ner_ru.glue_points("МИДом") == ner_ru.glue_points("ЮКОСа") == []  # case endings
    text = (
        "Фото: Сергей СОКОЛОВПрезидент клуба рассказал о новом стадионе\n\n"
        "Строительство начнётся весной, сообщили в мэрии Твери."
    )
    typed = _typed(text)
    assert typed.get("Сергей СОКОЛОВ") == "PER"
    assert not any("Президент" in surface for surface in typed)


def test_an_outlet_in_lower_case_latin_after_a_verb_of_reporting() -> None:
    text = (
        "Цены на гречку выросли на треть, сообщает agronovosti.ru. Об этом же пишет "
        "zernoinfo, ссылаясь на Минсельхоз. Подробности на сайте www.zerno.ru."
    )
    typed = _typed(text)
    assert typed.get("agronovosti.ru") == "ORG" and typed.get("zernoinfo") == "ORG"
    assert "www.zerno.ru" not in typed
    entities = {e.name: e.type for e in document_entities(text, "ru")}
    assert entities.get("agronovosti.ru") == "ORG"


def test_a_russian_adjective_is_no_part_of_a_latin_name() -> None:
    text = "Певица рассказала британскому Harper's Bazaar о детстве, а японского МИДа она боится."
    typed = _typed(text)
    assert "Harper's Bazaar" in typed and not any(s.startswith("британскому") for s in typed)


def test_a_capitalised_hospital_named_after_its_city_is_one_body() -> None:
    text = (
        "Операцию провели врачи Университетской клиники Гейдельберга, сообщил Томас Мюллер. "
        "Второго пациента увезли в больницу Твери."
    )
    typed = _typed(text)
    assert typed.get("Университетской клиники Гейдельберга") == "ORG"
    assert typed.get("Твери") == "LOC" and "больницу Твери" not in typed


def test_a_place_adjective_before_a_common_noun_is_no_name() -> None:
    text = (
        "Приговор вынесли Пярнуских судов судьи, а Мальтийское правительство промолчало. "
        "В Хабаровском крае похолодало, сообщил Лев Толстых."
    )
    typed = _typed(text)
    assert "Пярнуских" not in typed and "Мальтийское" not in typed
    assert typed.get("Хабаровском крае") == "LOC" and typed.get("Лев Толстых") == "PER"


def test_a_name_and_its_acronym_after_a_dash_are_two_names() -> None:
    text = (
        "Данные опубликовал Национальный институт рака – НИР, сообщила Анна Лебедева. "
        "Отчёт выпустило Federal Aviation Administration – FAA."
    )
    typed = _typed(text)
    assert typed.get("Национальный институт рака") == "ORG" and typed.get("НИР") == "ORG"
    assert typed.get("Federal Aviation Administration") == "ORG" and typed.get("FAA") == "ORG"
    assert not any("–" in surface for surface in typed)


def test_a_preposition_ends_the_run_on() -> None:
    """A preposition after "и" starts a new phrase: "об", read by the dictionary also as an
    abbreviation in every case, is no part of the name."""
    text = "Лидер Аграрной партии и об отказе от выборов говорил Пётр Ковалёв."
    orgs = {surface for surface, kind in _typed(text).items() if kind == "ORG"}
    assert orgs == {"Аграрной партии"}
