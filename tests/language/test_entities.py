"""Typed named entities in English and Russian: junk is not an entity, partial names resolve to
the full name, Russian names are lemmatised, spelling variants and languages merge by key."""

from __future__ import annotations

import random
import re

from aggregator.language import gazetteer
from aggregator.language.entities import (
    Entity,
    Mention,
    document_entities,
    find_mentions,
    find_words,
    merge_entities,
    resolve_names,
)
from aggregator.language.translit import latin_key

EN = (
    "Foreign Minister Sergei Lavrov met the UK prime minister in London on Monday. "
    "Lavrov said the Kremlin and NATO had not agreed. Officials said Mr Lavrov's visit was short.\n"
    "Ladies and gentlemen, the United Nations will meet in Geneva. Sanctions were not discussed, "
    "and sanctions remain."
)
RU = (
    "Дамы и господа! Вы знаете, что министр иностранных дел Сергей Лавров встретился с Джоном "
    "Керри в Москве. Позже Лаврова поддержал МИД России, а стихи Анны Ахматовой прозвучали в "
    "Государственной думе."
)


def _names(entities: list[Entity]) -> dict[str, str]:
    return {e.name: e.type for e in entities}


def test_english_types_and_full_names() -> None:
    names = _names(document_entities(EN, "en"))
    assert names["Sergei Lavrov"] == "PER"
    assert names["London"] == "LOC"
    assert names["NATO"] == "ORG"
    assert "Lavrov" not in names  # resolved to the full name
    assert names.get("United Nations") == "ORG"


def test_english_partial_mentions_keep_their_surface() -> None:
    mentions = find_mentions(EN, "en")
    lavrov = [m for m in mentions if m.name == "Sergei Lavrov"]
    assert {m.surface for m in lavrov} == {"Sergei Lavrov", "Lavrov"}
    assert all(m.type == "PER" and EN[m.start : m.end] == m.surface for m in lavrov)
    assert all(m.key == latin_key("Sergei Lavrov") for m in lavrov)


def test_a_surname_tagged_as_a_place_is_the_person_unless_the_place_is_known() -> None:
    text = (
        "Speaking in Cairo after talks with his Egyptian counterpart Tarek Mansour, Lavrov said "
        "the crisis was grave.\n\nThe meeting came a week after Mansour visited Moscow."
    )
    mansour = [m for m in find_mentions(text, "en") if m.surface == "Mansour"]
    assert [(m.type, m.name) for m in mansour] == [("PER", "Tarek Mansour")]

    def mention(start: int, surface: str, kind: str) -> Mention:
        return Mention(start, start + len(surface), surface, kind, surface, latin_key(surface))

    mixed = [
        mention(0, "Denzel Washington", "PER"),
        mention(30, "Washington", "LOC"),  # a place the gazetteer knows stays a place
        mention(60, "Tarek Mansour", "PER"),
        mention(90, "Mansour", "LOC"),
    ]
    resolved = {m.start: (m.type, m.name) for m in resolve_names(mixed)}
    assert resolved[30] == ("LOC", "Washington")
    assert resolved[90] == ("PER", "Tarek Mansour")


def test_english_junk_is_not_an_entity() -> None:
    surfaces = {m.surface for m in find_mentions(EN, "en")}
    for junk in ("Ladies", "Officials", "Sanctions", "Monday", "Mr Lavrov", "Lavrov's", "the UK"):
        assert junk not in surfaces
    assert not any(s.lower().startswith("the ") for s in surfaces)


def test_headline_case_words_are_not_entities() -> None:
    title = "UK The UK Says Talks With Lavrov Were Frank"
    entities = document_entities(EN, "en", title=title)
    names = _names(entities)
    assert "UK The UK" not in names
    assert not {"Says", "Talks", "Frank", "Were"} & set(names)
    assert next(e for e in entities if e.name == "Sergei Lavrov").mentions == 4  # 3 + headline


def test_russian_forms_of_address_are_not_entities() -> None:
    surfaces = {m.surface for m in find_mentions(RU, "ru")}
    assert not {"Дамы", "Вы", "господа", "Дамы и господа"} & surfaces


def test_russian_names_are_lemmatised_and_surfaces_kept() -> None:
    mentions = find_mentions(RU, "ru")
    by_surface = {m.surface: m for m in mentions}
    assert by_surface["Лаврова"].name == "Сергей Лавров"  # partial -> full, lemmatised
    assert by_surface["Джоном Керри"].name == "Джон Керри"
    assert by_surface["Анны Ахматовой"].name == "Анна Ахматова"
    assert by_surface["Москве"].name == "Москва"
    assert by_surface["Москве"].type == "LOC"
    assert by_surface["Сергей Лавров"].type == "PER"


def test_russian_surname_alone_is_lemmatised() -> None:
    (mention,) = [m for m in find_mentions("Решение поддержали сторонники Лаврова.", "ru")]
    assert (mention.surface, mention.name, mention.type) == ("Лаврова", "Лавров", "PER")


def test_surname_known_only_as_a_plural_noun_is_kept() -> None:
    """ "Мавров" reads as the genitive plural of "мавр": a person's name is one person, so the
    nominative is "Мавров" (written in capitals or not), not "Мавр"."""
    text = "Главный врач Владимир МАВРОВ сообщил об этом. Позже Мавров уволился."
    names = {m.surface: m.name for m in find_mentions(text, "ru") if m.type == "PER"}
    assert names["Владимир МАВРОВ"].split()[-1].casefold() == "мавров"
    assert names["Мавров"].casefold().endswith("мавров")


def test_particles_and_undeclined_foreign_surnames_in_russian_names() -> None:
    """ "Кристины Фернандес де Киршнер": the first name declines, the particle and the foreign
    surnames do not."""
    text = "Операция у президента Аргентины Кристины Фернандес де Киршнер прошла успешно."
    (name,) = [m.name for m in find_mentions(text, "ru") if m.type == "PER"]
    assert name == "Кристина Фернандес де Киршнер"


def test_latin_keys_meet_across_languages() -> None:
    assert latin_key("Лавров") == latin_key("Lavrov")
    ru = {m.name: m.key for m in find_mentions(RU, "ru")}
    en = {m.name: m.key for m in find_mentions(EN, "en")}
    assert ru["Сергей Лавров"] == en["Sergei Lavrov"]


def test_spelling_variants_and_languages_merge_across_articles() -> None:
    one = document_entities("Sergei Lavrov spoke in Moscow. Lavrov left.", "en")
    two = document_entities("Sergey Lavrov spoke to reporters in Geneva on Friday.", "en")
    three = document_entities("Сергей Лавров выступил в Женеве.", "ru")
    four = document_entities("Lavrov was not in Rome when Peskov spoke.", "en")
    merged = merge_entities([one, two, three, four])
    people = {merged[e.key].key for group in (one, two, three) for e in group if e.type == "PER"}
    assert len(people) == 1  # one person
    lavrov = merged[latin_key("Sergei Lavrov")]
    assert lavrov.type == "PER"
    assert lavrov.name in ("Sergei Lavrov", "Sergey Lavrov")
    assert merged[latin_key("Lavrov")] == lavrov  # a surname alone joins the one full name
    assert merged[latin_key("Peskov")].name == "Peskov"


def test_ambiguous_surname_stays_apart() -> None:
    text = "Boris Johnson met Lyndon Johnson's biographer. Johnson said little."
    names = _names(document_entities(text, "en"))
    assert "Boris Johnson" in names
    assert "Lyndon Johnson" in names


def test_other_languages_and_empty_text() -> None:
    assert find_mentions("", "en") == []
    assert find_mentions("Der Bundestag tagt in Berlin.", "de") == []


def test_russian_spans_split_at_parentheses_bullets_and_descriptors() -> None:
    text = (
        "Об этом сообщил Барри Лоуенкрон (Barry Lowenkron). Концерн «Майкрософт» представил "
        "ответ. В список вошли: Бахрейн • Барбадос • Бермуды."
    )
    found = {(m.surface, m.type) for m in find_mentions(text, "ru")}
    assert ("Барри Лоуенкрон", "PER") in found
    assert ("Barry Lowenkron", "PER") in found
    assert ("Майкрософт", "ORG") in found
    assert not any("•" in s or "(" in s or s.startswith("Концерн") for s, _ in found)


def test_russian_types_corrected_by_the_dictionary() -> None:
    text = "Решение Евросоюза поддержали Эфиопия и Европейский союз."
    types = {m.surface: m.type for m in find_mentions(text, "ru")}
    assert types.get("Европейский союз") == "ORG"
    assert types.get("Эфиопия", "LOC") == "LOC"


def test_english_spans_split_and_common_names_the_model_missed() -> None:
    text = (
        "The Family Planning Association (FPA) said the NHS in Wales was short of staff.\n"
        "Ministers met in Downing Street. THE US ECONOMY slowed, the US said."
    )
    found = {(m.surface, m.type) for m in find_mentions(text, "en")}
    assert ("Family Planning Association", "ORG") in found
    assert ("FPA", "ORG") in found
    assert {("NHS", "ORG"), ("Wales", "LOC"), ("Downing Street", "LOC")} <= found
    assert not any("(" in s or s == "Ministers" for s, _ in found)
    shouted = [text[s:e] for s, e, _ in gazetteer.find("THE US ECONOMY SLOWED")]
    assert shouted == []  # a headline in capitals is not a name list


def test_initials_with_a_patronymic_merge_into_the_full_name() -> None:
    one = document_entities("Sergei Lavrov spoke in Cairo.", "en")
    two = document_entities("Министр С.В.Лавров выступил в Каире.", "ru")
    merged = merge_entities([one, two])
    (short,) = [e for e in two if e.type == "PER"]
    assert short.name == "С. В. Лавров"
    assert merged[short.key].name == "Sergei Lavrov"


def test_russian_names_joined_and_extended_as_written() -> None:
    text = (
        "Член Палаты представителей Конгресса получил ранение. Представитель японского МИДа "
        "ответил, что МИД не знает. Её слова повторил Евросоюз. Корабль пристыковался к МКС."
    )
    found = {m.surface: m for m in find_mentions(text, "ru")}
    assert found["Палаты представителей Конгресса"].type == "ORG"
    assert "Конгресса" not in found
    japanese = found["японского МИДа"]
    assert japanese.type == "ORG" and japanese.name == "МИД"  # the adjective is surface only
    assert found["Евросоюз"].type == "ORG"
    assert found["МКС"].type == "LOC"
    assert "Её" not in found


def test_russian_surname_in_another_case_is_found() -> None:
    text = (
        "На станции работал бразильский космонавт Маркос Понтес.\n\n"
        "Понтеса спросили о снах, которые он видит на станции."
    )
    found = [(m.surface, m.name) for m in find_mentions(text, "ru") if m.type == "PER"]
    assert ("Понтеса", "Маркос Понтес") in found


def test_english_boundaries_and_types_by_rule() -> None:
    text = (
        "The story was seen by Reuters. The Hihiaua Cultural Centre in Whangarei opened. "
        "A bottle sold at Bonham's Sale of Whisky in Edinburgh. A report from the National "
        "Audit Office (NAO) came out. Tankers left the Strait of Hormuz. Dr Daniel Poulter, the "
        "Conservative MP, spoke. The Scottish Health Survey found more."
    )
    found = {(m.surface, m.type) for m in find_mentions(text, "en")}
    assert ("Reuters", "ORG") in found
    assert ("NAO", "ORG") in found
    assert ("Conservative", "ORG") in found
    assert not any(s.startswith("Bonham's") or "Survey" in s for s, _ in found)
    assert not any(" in " in s for s, _ in found)
    assert any(s.endswith("Hormuz") and kind == "LOC" for s, kind in found)


def test_russian_regional_branches_and_descriptors() -> None:
    text = (
        "Пожар потушили сотрудники ГУ МЧС России по Санкт-Петербургу. Позже МЧС по "
        "Санкт-Петербургу и Ленобласти сообщило о жертвах.\n"
        "Концерн «Майкрософт» представил ответ. Об этом сообщило агентство France-Presse."
    )
    found = {(m.surface, m.type) for m in find_mentions(text, "ru")}
    assert ("ГУ МЧС России по Санкт-Петербургу", "ORG") in found
    assert ("МЧС по Санкт-Петербургу и Ленобласти", "ORG") in found
    assert {("Майкрософт", "ORG"), ("France-Presse", "ORG")} <= found
    assert not any(s in ("России", "Санкт-Петербургу", "Ленобласти") for s, _ in found)


def test_russian_latin_original_and_place_adjectives() -> None:
    text = (
        "Немецкий концерн «Фольксваген» (Volkswagen) открыл завод. Спрос на машины упал в "
        "странах западной Европы."
    )
    found = {m.surface: m for m in find_mentions(text, "ru")}
    assert found["Фольксваген"].type == found["Volkswagen"].type == "ORG"
    europe = found["западной Европы"]
    assert europe.type == "LOC" and europe.name == "Европа"


def test_find_words_finds_what_the_equivalent_pattern_finds() -> None:
    rng = random.Random(14)
    alphabet = "ab aб-'’_1 .Ж"
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        forms = list(
            dict.fromkeys(
                "".join(rng.choice("ab-бЖ'") for _ in range(rng.randint(1, 3)))
                for _ in range(rng.randint(1, 4))
            )
        )
        rng.shuffle(forms)
        for before, after in (("", ""), ("'’-", "-")):
            pattern = "|".join(re.escape(f) for f in forms)
            b, a = re.escape(before), re.escape(after)
            expected = [
                (m.start(), m.end(), m.group())
                for m in re.finditer(rf"(?<![\w{b}])(?:{pattern})(?![\w{a}])", text)
            ]
            assert find_words(text, forms, not_before=before, not_after=after) == expected
    assert find_words("Lavrov and Lavrova", ["Lavrov"]) == [(0, 6, "Lavrov")]
    assert find_words("x", ["", "x"]) == [
        (m.start(), m.end(), m.group()) for m in re.finditer(r"(?<![\w])(?:|x)(?![\w])", "x")
    ]


def test_an_acronym_the_text_spells_out_is_that_body() -> None:
    text = (
        "Fighting between the army and the Rapid Support Forces spread to Darfur on Monday. "
        "The RSF said it had taken the airport, and the Federal Bureau of Investigation "
        "opened an inquiry. The FBI declined to comment."
    )
    by_name = {e.name: e for e in document_entities(text, "en")}
    assert set(by_name["Rapid Support Forces"].surfaces) == {"RSF", "Rapid Support Forces"}
    assert by_name["Rapid Support Forces"].type == "ORG"
    assert "RSF" not in by_name and "FBI" not in by_name
    other = document_entities("The RSF said on Monday it had taken the airport.", "en")
    merged = merge_entities([document_entities(text, "en"), other])
    assert {e.name for e in merged.values()} >= {"Rapid Support Forces"}
    assert merged[other[0].key].name == "Rapid Support Forces"  # "RSF" alone, in another article


def test_an_acronym_two_names_fit_is_left_alone() -> None:
    text = (
        "The Public Health Agency and the Port Harbour Authority met. "
        "The PHA said nothing after the meeting."
    )
    names = {e.name for e in document_entities(text, "en")}
    assert "PHA" in names
