"""Russian names whose shape the tagger misreads (``shapes_ru`` and the lists of
``namewords_ru``; passages written for these tests): metro lines, the agency RIA Novosti with
its name in quotation marks, military districts' acronyms, acronyms of common nouns."""

from __future__ import annotations

from aggregator.language import ner_ru
from aggregator.language.entities import document_entities


def _typed(text: str) -> dict[str, str]:
    return {m.surface: m.type for m in ner_ru.mentions(text)}


def test_a_metro_line_is_one_place_named_in_the_nominative() -> None:
    text = (
        "В Петербурге закрыли на ремонт две станции метро. Поезда Невско-Василеостровской "
        "линии пойдут без остановки, а на Правобережной линии вход ограничат до весны."
    )
    found = {m.surface: m for m in ner_ru.mentions(text)}
    assert found["Невско-Василеостровской линии"].type == "LOC"
    assert found["Невско-Василеостровской линии"].name == "Невско-Василеостровская линия"
    assert found["Правобережной линии"].type == "LOC"
    assert "Невско-Василеостровской" not in found


def test_a_line_outside_a_text_about_a_metro_is_left_alone() -> None:
    text = "Власти Татарстана объявили о ремонте линии электропередачи у Казани."
    assert not any("лини" in surface for surface in _typed(text))


def test_ria_novosti_in_quotation_marks_is_the_agency() -> None:
    quoted = "Об отставке губернатора сообщает РИА «Новости» со ссылкой на источник в Кремле."
    plain = "Об этом сообщает РИА Новости. Губернатор покинул Самару в четверг."
    (agency,) = [e for e in document_entities(quoted, "ru") if e.type == "ORG"]
    (same,) = [e for e in document_entities(plain, "ru") if e.type == "ORG"]
    assert agency.name == same.name == "РИА Новости"
    assert agency.key == same.key


def test_a_military_districts_acronym_is_a_command() -> None:
    text = (
        "Учения прошли на полигонах Уральского региона. Об этом рассказали в пресс-службе "
        "ЦВО. Командование ЮВО проведёт похожие манёвры летом."
    )
    typed = _typed(text)
    assert typed.get("ЦВО") == "ORG"
    assert typed.get("ЮВО") == "ORG"


def test_acronyms_of_common_nouns_are_not_bodies() -> None:
    text = (
        "Задержанного поместили в СИЗО. ИА сообщили, что ООО уже подало жалобу на решение "
        "суда Тверского района."
    )
    typed = _typed(text)
    assert "СИЗО" not in typed
    assert "ИА" not in typed
    assert "ООО" not in typed


def test_stations_are_places() -> None:
    metro = (
        "Вестибюль станции метро «Лесная» закроют на месяц. Пассажиров просят пользоваться "
        "станцией «Выборгская» или доехать до станции «Площадь Мужества»."
    )
    typed = _typed(metro)
    assert typed.get("Лесная") == "LOC"
    assert typed.get("Выборгская") == "LOC"
    assert typed.get("Площадь Мужества") == "LOC"
    railway = _typed("Товарный состав сошёл с рельсов у ст.Ерофей Павлович Амурской области.")
    assert railway.get("Ерофей Павлович") == "LOC"
    assert railway.get("Амурской области") == "LOC"
    region = _typed("Поезд задержали на ст.Шимановская Амурской области утром.")
    assert region.get("Шимановская") == "LOC"
    assert region.get("Амурской области") == "LOC"


def test_a_station_outside_a_text_about_a_metro_is_left_alone() -> None:
    text = "Экипаж станции «Заря» вернулся на Землю, сообщили в Роскосмосе."
    assert _typed(text).get("Заря") != "LOC"


def test_a_surname_before_what_the_person_heads_is_the_person() -> None:
    text = (
        "Бывший премьер Бельгии Ги Верхофстадт выступил в среду в Страсбурге. Как сообщила "
        "пресс-служба возглавляемой Верхофстадтом парламентской фракции, Евросоюз должен "
        "ответить."
    )
    found = {m.surface: m for m in ner_ru.mentions(text)}
    assert found["Верхофстадтом"].type == "PER"
    assert found["Верхофстадтом"].name == "Ги Верхофстадт"
    assert not any("фракции" in surface for surface in found)


def test_a_letter_before_a_common_noun_and_a_person_with_a_digit_are_no_names() -> None:
    typed = _typed(
        "Дерматолог советует не трогать кожу в Т-зоне. Команда готовит новый болид для "
        "Формулы-1, сообщил Жан Тодт."
    )
    assert "Т-зоне" not in typed
    assert typed.get("Формулы-1") != "PER"
    assert typed.get("Жан Тодт") == "PER"


def test_a_one_word_centre_is_a_body() -> None:
    # the tagger calls such a word a place in some sentences: the type is corrected
    assert ner_ru._retyped(["Казгидрометцентра"], "LOC") == "ORG"
    assert ner_ru._retyped(["Укргидрометцентр"], "LOC") == "ORG"
    assert ner_ru._retyped(["Центр"], "LOC") == "LOC"


def test_an_inanimate_common_noun_opening_a_headline_is_no_person() -> None:
    text = (
        "Главное за день\n\nМинфин повысил прогноз инфляцииХолод вернётся в Москву к выходным"
        "Вратарь «Спартака» продлил контракт"
    )
    assert _typed(text).get("Холод") != "PER"


def test_a_name_particle_is_part_of_the_name_and_the_name_still_resolves() -> None:
    text = (
        "Врачи по-прежнему читают труды, которые написал ибн Сина. Генерал Шарль де Голль "
        "приехал в Москву в 1944 году. Позже де Голль стал символом Франции."
    )
    surfaces = {s for e in document_entities(text, "ru") for s in e.surfaces}
    assert "ибн Сина" in surfaces
    (person,) = [e for e in document_entities(text, "ru") if "Голл" in e.name]
    assert person.name == "Шарль де Голль"
    assert "де Голль" in person.surfaces


def test_a_place_written_without_its_hyphen_is_a_place() -> None:
    text = (
        "Сборные Коста Рики и Эль Сальвадора сыграли вничью, сообщил тренер Иван Петров. "
        "Партия Единая Россия поздравила спортсменов."
    )
    entities = {e.name: e for e in document_entities(text, "ru")}
    assert entities["Коста-Рика"].type == "LOC"
    assert entities["Эль-Сальвадор"].type == "LOC"
    assert entities["Иван Петров"].type == "PER"
    assert all(e.type != "LOC" for e in entities.values() if "Росси" in e.name)


def test_a_first_name_after_a_role_is_a_person_whatever_the_tagger_said() -> None:
    from aggregator.language import shapes_ru
    from aggregator.language.entities import Mention

    text = "Литургию совершил архиепископ Евгений Верейский, снимал фотограф Ассошиэйтед Пресс."
    start = text.index("Евгений")
    bishop = Mention(start, start + 17, "Евгений Верейский", "LOC", "Евгений Верейский", "x")
    start = text.index("Ассошиэйтед")
    agency = Mention(start, start + 17, "Ассошиэйтед Пресс", "ORG", "Ассошиэйтед Пресс", "y")
    typed = [m.type for m in shapes_ru.persons_after_roles(text, [bishop, agency])]
    assert typed == ["PER", "ORG"]


def test_a_country_adjective_before_a_one_word_town_is_not_part_of_it() -> None:
    text = (
        "Турнир пройдёт в канадском Ванкувере, сообщили в японском МИДе. Сборные западной "
        "Европы прибудут заранее."
    )
    surfaces = {m.surface for m in ner_ru.mentions(text)}
    assert "Ванкувере" in surfaces
    assert "японском МИДе" in surfaces
    assert "западной Европы" in surfaces


def test_a_club_named_after_a_region_is_a_body() -> None:
    text = (
        "ХК «Донбасс» обыграл «Сокол» в матче чемпионата Украины. Следующий матч «Донбасс» "
        "проведёт в Киеве."
    )
    entities = {e.name: e.type for e in document_entities(text, "ru")}
    assert entities.get("Донбасс") == "ORG"
    assert entities.get("Киев") == "LOC"


def test_a_committee_named_in_lower_case_is_a_body() -> None:
    text = (
        "Об этом заявил глава комиссии по вопросам образования и науки Иван Петров. Члены "
        "комитета по обороне и депутаты обсудили закон. Врач дал совет по питанию."
    )
    found = {m.surface: m for m in ner_ru.mentions(text)}
    assert found["комиссии по вопросам образования и науки"].type == "ORG"
    assert found["комиссии по вопросам образования и науки"].name == (
        "комиссия по вопросам образования и науки"
    )
    assert found["комитета по обороне"].type == "ORG"
    assert found["Иван Петров"].type == "PER"
    assert not any("совет" in surface for surface in found)
