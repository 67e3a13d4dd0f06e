"""Russian organisations' names with the complements that belong to them (passages written for
these tests): a body "при" another, a body named after a person, what a committee deals with,
the committee's own word before the body it belongs to, a quoted "place" that names a body,
ministries written in lower case (issue 14)."""

from __future__ import annotations

from aggregator.language import ner_ru
from aggregator.language.entities import document_entities
from aggregator.language.joins_ru import joined


def _spans(text: str, *parts: tuple[str, str]) -> list[tuple[int, int, str]]:
    """Spans of ``parts`` (surface, type) at their first place in ``text``, as the tagger gives
    them, so the joins are tested apart from what the tagger finds in a passage."""
    out = []
    for surface, kind in parts:
        start = text.index(surface)
        out.append((start, start + len(surface), kind))
    return sorted(out)


def _surfaces(text: str, spans: list[tuple[int, int, str]]) -> list[tuple[str, str]]:
    return [(text[a:b], kind) for a, b, kind in joined(text, spans)]


def test_a_body_attached_to_another_with_pri_is_one_name() -> None:
    text = "Проект опубликован на сайте Центра правовой реформы при Минюсте и в газетах."
    spans = _spans(text, ("Центра правовой реформы", "ORG"), ("Минюсте", "ORG"))
    assert _surfaces(text, spans) == [("Центра правовой реформы при Минюсте", "ORG")]
    text = "Заявление распространило Постоянное представительство России при ООН в Нью-Йорке."
    spans = _spans(text, ("Постоянное представительство", "ORG"), ("России", "LOC"), ("ООН", "ORG"))
    assert _surfaces(text, spans)[0] == (
        "Постоянное представительство России при ООН",
        "ORG",
    )
    text = "Постпредство РФ при ЕС направило запрос."  # the tagger types "ЕС" a place here
    spans = _spans(text, ("Постпредство", "ORG"), ("РФ", "LOC"), ("ЕС", "LOC"))
    assert _surfaces(text, spans) == [("Постпредство РФ при ЕС", "ORG")]
    # a name in Latin letters is a name of its own; "при" before a common noun joins nothing
    text = "Лаборатория AgeLab при Массачусетском институте создала костюм."
    spans = _spans(text, ("AgeLab", "ORG"), ("Массачусетском институте", "ORG"))
    assert len(joined(text, spans)) == 2
    text = "Министерство обороны при этом не ответило. ООН молчит."
    spans = _spans(text, ("Министерство обороны", "ORG"), ("ООН", "ORG"))
    assert len(joined(text, spans)) == 2


def test_a_unit_written_as_an_acronym_before_its_body_is_one_name() -> None:
    text = "Сигнал поступил в Службу спасения Бахчисарайского РО ГУ МЧС утром."
    spans = _spans(text, ("Службу спасения Бахчисарайского РО", "ORG"), ("ГУ МЧС", "ORG"))
    assert _surfaces(text, spans) == [("Службу спасения Бахчисарайского РО ГУ МЧС", "ORG")]
    text = "Документ подписали ЕС, НАТО и Служба спасения."  # a list: apart
    spans = _spans(text, ("ЕС", "ORG"), ("НАТО", "ORG"))
    assert len(joined(text, spans)) == 2


def test_a_body_named_after_a_person_is_one_name() -> None:
    text = "Руководитель Антифашистского комитета им. Арнольда Мери выступил в суде."
    spans = _spans(text, ("Антифашистского комитета им", "ORG"), ("Арнольда Мери", "PER"))
    assert _surfaces(text, spans) == [("Антифашистского комитета им. Арнольда Мери", "ORG")]
    text = "Актёры Театра имени Евгения Вахтангова уехали на гастроли."
    spans = _spans(text, ("Театра", "ORG"), ("Евгения Вахтангова", "PER"))
    assert _surfaces(text, spans) == [("Театра имени Евгения Вахтангова", "ORG")]
    text = "В заявлении Комитета Иван Петров назвал это ошибкой."  # no "имени": two names
    spans = _spans(text, ("Комитета", "ORG"), ("Иван Петров", "PER"))
    assert len(joined(text, spans)) == 2


def test_what_a_committee_deals_with_is_part_of_its_name() -> None:
    text = "Об этом сказал председатель Комитета Верховной Рады по вопросам науки и образования."
    spans = _spans(text, ("Комитета Верховной Рады", "ORG"))
    assert _surfaces(text, spans) == [
        ("Комитета Верховной Рады по вопросам науки и образования", "ORG")
    ]
    # with the country between, the tagger running the place on over "по" and the acronym
    text = "Бюро США по патентам и товарным знакам (USPTO) выдало патент."
    spans = _spans(text, ("Бюро", "ORG"), ("США по патентам и товарным знакам (USPTO)", "LOC"))
    assert _surfaces(text, spans) == [
        ("Бюро США по патентам и товарным знакам (USPTO)", "ORG")  # cut at "(" later
    ]
    # "по" saying how or why, and a body not named by what it deals with, run on over nothing
    text = "Совет Федерации по итогам заседания одобрил закон."
    assert _surfaces(text, _spans(text, ("Совет Федерации", "ORG"))) == [("Совет Федерации", "ORG")]
    text = "МИД Франции по этому поводу промолчал, Минфин по вторникам не работает."
    spans = _spans(text, ("МИД", "ORG"), ("Франции", "LOC"), ("Минфин", "ORG"))
    assert [s for s, _ in _surfaces(text, spans)] == ["МИД", "Франции", "Минфин"]


def test_a_lower_case_committee_before_its_body_and_topic_is_one_name() -> None:
    text = "Председатель комитета Госдумы по международным делам назвал решение ошибкой."
    spans = _spans(text, ("Госдумы", "ORG"))
    assert _surfaces(text, spans) == [("комитета Госдумы по международным делам", "ORG")]
    # without what it deals with, the lower-case word stays out ("председатель комитета")
    text = "Председатель комитета Госдумы назвал решение ошибкой."
    assert _surfaces(text, _spans(text, ("Госдумы", "ORG"))) == [("Госдумы", "ORG")]


def test_a_place_run_on_over_po_is_cut() -> None:
    text = "Совет при Президенте Российской Федерации по развитию гражданского общества собрался."
    spans = _spans(text, ("Российской Федерации по развитию гражданского общества", "LOC"))
    assert _surfaces(text, spans) == [("Российской Федерации", "LOC")]


def test_the_committee_word_before_the_body_it_belongs_to_is_one_name() -> None:
    text = "Комитет Совета Федерации по международным делам одобрил договор."
    spans = _spans(text, ("Совета Федерации", "ORG"))
    assert _surfaces(text, spans) == [("Комитет Совета Федерации по международным делам", "ORG")]
    text = "Департамент информации и печати МИД России распространил комментарий."
    spans = _spans(text, ("МИД", "ORG"), ("России", "LOC"))
    assert _surfaces(text, spans)[0] == ("Департамент информации и печати МИД", "ORG")
    # a word that is no body's ("Центр" of a city is a place; "Глава" is a person)
    text = "Глава Совета Федерации прибыл в Москву."
    spans = _spans(text, ("Совета Федерации", "ORG"), ("Москву", "LOC"))
    assert _surfaces(text, spans)[0] == ("Совета Федерации", "ORG")


def test_a_capitalised_adjective_and_a_body_word_before_a_body_are_its_name() -> None:
    text = "Вчера Судейский комитет ФИФА на заседании в Цюрихе утвердил список."
    spans = _spans(text, ("ФИФА", "ORG"), ("Цюрихе", "LOC"))
    assert _surfaces(text, spans)[0] == ("Судейский комитет ФИФА", "ORG")
    # an adjective capitalised only because it opens the sentence and says what the body is
    # like; a descriptor before a name in Latin letters ("фонд DST", as "агентство Reuters")
    text = "Новый совет ООН соберётся в марте."
    assert _surfaces(text, _spans(text, ("ООН", "ORG")))[0] == ("ООН", "ORG")
    text = "Акции купил Инвестиционный фонд DST из Москвы."
    assert _surfaces(text, _spans(text, ("DST", "ORG"), ("Москвы", "LOC")))[0] == ("DST", "ORG")


def test_a_quoted_place_name_names_a_body() -> None:
    text = "Будущий партнёр Овечкина по «Вашингтону» попал в сборную турнира."
    start = text.index("Вашингтону")
    mention = ner_ru._mention(text, start, start + len("Вашингтону"), "LOC")
    assert mention is not None and mention.type == "ORG"
    # a station, also in a list after the word for it, stays a place
    text = "Линию продлят от станции «Новогиреево» до «Новокосино» к марту."
    start = text.index("Новокосино")
    mention = ner_ru._mention(text, start, start + len("Новокосино"), "LOC")
    assert mention is not None and mention.type == "LOC"
    text = "Самолёт вылетел в Вашингтон утром."  # no quotation marks
    start = text.index("Вашингтон")
    mention = ner_ru._mention(text, start, start + len("Вашингтон"), "LOC")
    assert mention is not None and mention.type == "LOC"


def test_a_countrys_ministry_in_lower_case_is_a_body() -> None:
    text = "Об этом сообщил сотрудник министерства энергетики Турции. Вопросы энергетики важны."
    ministry = [e for e in document_entities(text, "ru") if e.type == "ORG"]
    assert [(e.name, e.surfaces) for e in ministry] == [
        ("Министерство энергетики", ("министерства энергетики",))  # no "энергетики" alone
    ]
    text = "Представитель американского министерства иностранных дел подтвердил визит."
    assert ("американского министерства иностранных дел", "ORG") in {
        (m.surface, m.type) for m in ner_ru.mentions(text)
    }
    # a region's ministry, and a ministry with a second body after "и", are no names
    text = "Больницу проверит краевое министерство здравоохранения."
    assert not [m for m in ner_ru.mentions(text) if "министерство" in m.surface]
    text = "Представитель министерства обороны и армии Израиля заявил об учениях."
    assert not [m for m in ner_ru.mentions(text) if m.surface.startswith("министерства")]
