"""Russian entity repairs meant to hold on any news, not on the texts they were found on: a
Russian headline is read as the body is. Passages written for these tests."""

from __future__ import annotations

from aggregator.language.entities import document_entities
from aggregator.language.glue_ru import glue_points


def _typed(text: str, title: str = "") -> set[tuple[str, str]]:
    return {(e.type, s) for e in document_entities(text, "ru", title=title) for s in e.surfaces}


def test_a_russian_headline_is_tagged_as_the_body_is() -> None:
    """Russian headlines are written in sentence case, so the names only the headline gives
    count: a reader of the article sees them (the headline is tagged as a sentence of its own)."""
    title = "Олег Сидоренко встретился с мэром Иркутска"
    body = "Встреча прошла в понедельник. Стороны обсудили ремонт дорог и новые маршруты автобусов."
    typed = _typed(body, title)
    assert ("PER", "Олег Сидоренко") in typed
    assert ("LOC", "Иркутска") in typed
    # a name written in both still counts once, with its body's form
    typed = _typed("Сидоренко приехал в Иркутск утром.", "Сидоренко в Иркутске")
    assert {s for t, s in typed if t == "PER"} == {"Сидоренко"}
    # a common noun opening the headline, which the body writes in lower case, is no name
    typed = _typed("Это не электронная почта, говорят в компании.", "Почта, которая объединит всё")
    assert typed == set()


def test_an_english_headline_still_only_repeats_the_bodys_names() -> None:
    entities = document_entities("It rained all day.", "en", title="Johnson Visits Leeds")
    assert entities == []


def test_a_common_noun_opening_a_sentence_is_no_name() -> None:
    """A capitalised common noun opening a sentence or a headline names nothing when the text
    also writes it in lower case, or when it is a plural; a quoted name is kept."""
    text = (
        "Почта, которая объединит всё. Компания представила новый сервис: это не электронная "
        "почта, говорят в компании.\n\nВоенкоматы области не будут отправлять в армию "
        "больных призывников. «Зенит» обыграл «Спартак», а зенит славы клуба позади."
    )
    typed = _typed(text)
    assert not {s for _, s in typed} & {"Почта", "Военкоматы"}
    assert ("ORG", "Зенит") in typed
    # heading a name, it stays: the embassy speaks in quote attribution
    typed = _typed("Посольство России заявило протест. Посол сказал, что посольство ждёт ответа.")
    assert ("ORG", "Посольство") in typed


def test_an_institution_named_after_a_person_the_tagger_called_a_body_is_one_name() -> None:
    """In "институте Склифосовского" the tagger types the surname a body; the institution noun
    in front of it is part of the name, as for a person or place it tags ("фонда Сороса").
    An acronym after the noun is a body of its own ("института РАН")."""
    typed = _typed("Бомбу искали в институте Склифосовского. Сотрудник института РАН молчит.")
    assert ("ORG", "институте Склифосовского") in typed
    assert ("ORG", "РАН") in typed
    assert ("ORG", "Склифосовского") not in typed


def test_a_name_credited_with_its_reporter_is_an_agency() -> None:
    """A dateline's credit "(Agency, Reporter)" names the agency, whatever its words suggest
    ("Вечерний Город" reads as a place); a place or a person in that position keeps its type."""
    typed = _typed("Тверь, Январь 05 (Вечерний Город, Ирина Котова) – В городе открыли мост.")
    assert ("ORG", "Вечерний Город") in typed
    assert ("PER", "Ирина Котова") in typed
    typed = _typed("Завод закрыли (Пермь, Иван Петров). Депутаты (Иван Петров, Олег Сидоров) ушли.")
    assert ("LOC", "Пермь") in typed
    assert ("PER", "Олег Сидоров") in typed and ("PER", "Иван Петров") in typed


def test_a_military_district_is_a_body() -> None:
    """A military district is a command of the armed forces (an organisation), a federal
    district a place."""
    typed = _typed(
        "Командующий войсками Западного военного округа провел учения. Жители Центрального "
        "федерального округа голосуют."
    )
    assert ("ORG", "Западного военного округа") in typed
    assert ("LOC", "Центрального федерального округа") in typed


def test_a_name_glued_to_the_next_headline_is_read_apart() -> None:
    """A list of headlines glued together: a surname runs into the next headline's first word
    ("ФедоренкоДевятеро", "МубаракаАктивисты"), a word into a body's acronym ("ночьюЦИК:")."""
    assert glue_points("МубаракаАктивисты") == [8]
    assert glue_points("ночьюЦИК:") == [5]
    assert glue_points("СофтКлаб") == glue_points("МИДом") == []
    typed = _typed(
        "Суд отпустил Ивана ГусеваАктивисты вышли на площадьСпасатели работали всю ночьюЦИК: "
        "пострадавших нет. Клуб подписал Олега ФедоренкоДевятеро рыбаков спасены"
    )
    assert ("PER", "Ивана Гусева") in typed
    assert ("PER", "Олега Федоренко") in typed
    assert ("ORG", "ЦИК") in typed


def test_a_surname_like_name_after_a_word_for_a_body_is_that_body() -> None:
    """In "команды МакЛарен-Мерседес", "компании Форд" the tagger reads a person; the word before
    says it is a team or a company. A first name keeps a person ("компании Майкл Смит"), and a
    surname alone goes back to the full name the text gives."""
    typed = _typed(
        "Пилот команды МакЛарен-Мерседес финишировал вторым. Акции компании Форд выросли. "
        "Представитель компании Майкл Смит доволен. Глава компании Алексей Миллер приехал, "
        "глава компании Миллер выступил."
    )
    assert ("ORG", "МакЛарен-Мерседес") in typed and ("ORG", "Форд") in typed
    assert ("PER", "Майкл Смит") in typed and ("PER", "Миллер") in typed
