"""Typed entities a researcher can cite: places the small English model calls bodies or people,
bodies it calls people, groupings it calls places, first names that share a surname, and
Russian and English names of one water that share a key. Invented passages."""

from __future__ import annotations

from aggregator.language import bounds_en, gazetteer, ner_en, usage_en
from aggregator.language.bridge import name_key
from aggregator.language.entities import (
    Mention,
    document_entities,
    find_mentions,
    merge_entities,
    resolve_names,
)
from aggregator.language.headlines import Cased
from aggregator.language.person_runs import whole_names


def _types(text: str, lang: str = "en") -> dict[str, str]:
    return {m.surface: m.type for m in find_mentions(text, lang)}


def test_places_by_their_use_in_the_sentence() -> None:
    text = (
        "The gale closed the coastal railway west of Truro, and a section of track at Starcross "
        "was washed away. Gusts of 90mph were recorded at Mumbles on Friday. The council "
        "opened shelters in Falmouth, Helston and Redruth. Volunteers waited at Porthleven, a "
        "fishing village, for the lifeboat."
    )
    types = _types(text)
    for place in ("Truro", "Starcross", "Mumbles", "Falmouth", "Helston", "Redruth", "Porthleven"):
        assert types.get(place) == "LOC", (place, types.get(place))
    # names after "in" joined by commas alone are no list: an apposition
    text = "The minister in Valencia, Pilar Bernabé, told journalists the search was over."
    assert _types(text).get("Pilar Bernabé") == "PER"


def test_a_railway_or_an_airline_is_a_body() -> None:
    text = (
        "Rail operator Great Northern Railway cancelled its trains, and Atlantic Coast Airways "
        "grounded two flights."
    )
    types = _types(text)
    assert types.get("Great Northern Railway") == "ORG"
    assert types.get("Atlantic Coast Airways") == "ORG"


def test_groupings_written_as_acronyms_are_bodies() -> None:
    text = "Ethiopia joined the BRICS group last year, and the SCO met in Astana."
    types = _types(text)
    assert types.get("BRICS") == "ORG" and types.get("SCO") == "ORG"


def test_the_most_named_leaders_are_people_in_headline_copy() -> None:
    for text in (
        "Sessions quits at Trump's request.\n\nThe attorney general left on Wednesday.",
        "Putin Hosts Trump in Helsinki Talks.\n\nThe two leaders met for four hours.",
    ):
        types = _types(text)
        assert types.get("Trump") == "PER", (text, types)
    assert _types("The Trump Organization sold the hotel.").get("Trump Organization") == "ORG"


def test_a_surname_two_full_names_share_is_a_person_not_a_body() -> None:
    found = [
        Mention(0, 5, "Kemps", "ORG", "Kemps", "kemps"),
        Mention(10, 14, "Kemp", "ORG", "Kemp", "kemp"),
        Mention(20, 30, "Mary Kemp", "PER", "Mary Kemp", "mari kemp"),
        Mention(35, 45, "Ruth Kemp", "PER", "Ruth Kemp", "ruth kemp"),
    ]
    resolved = {m.surface: m for m in resolve_names(found)}
    assert resolved["Kemp"].type == "PER" and resolved["Kemp"].name == "Kemp"  # which one: unsaid
    assert resolved["Kemps"].type == "ORG"


def test_coordinated_first_names_take_the_shared_surname() -> None:
    for text, lang, names in (
        (
            "The poisoning of Viktor and Olga Sidorenko in Dover shocked the town.",
            "en",
            {"Viktor Sidorenko", "Olga Sidorenko"},
        ),
        (
            "Полиция расследует нападение на Аркадия и Веру Петренко в Дувре.",
            "ru",
            {"Аркадий Петренко", "Вера Петренко"},
        ),
    ):
        persons = {m.name for m in find_mentions(text, lang) if m.type == "PER"}
        assert names <= persons, (text, persons)
    # a lone surname before "and" stays the surname it is
    text = "John Smith spoke first. Then Smith and Jane Doe left."
    assert "Smith Doe" not in {m.name for m in find_mentions(text, "en")}


def test_a_russian_adjective_and_noun_water_meets_its_english_name() -> None:
    pairs = (
        ("Суэцкий канал", "Suez Canal"),
        ("Суэцкого канала", "Suez Canal"),
        ("Панамский канал", "Panama Canal"),
        ("Берингов пролив", "Bering Strait"),
        ("Карибское море", "Caribbean Sea"),
        ("Ормузский пролив", "Strait of Hormuz"),
        ("озеро Байкал", "Lake Baikal"),
    )
    for russian, english in pairs:
        assert name_key(russian, "LOC") == name_key(english, "LOC"), (russian, english)
    assert name_key("Panama Canal", "LOC") != name_key("Panama", "LOC")
    assert name_key("Bering Sea", "LOC") != name_key("Bering Strait", "LOC")


def test_an_event_joins_the_canal_across_languages() -> None:
    english = document_entities("Tankers again sail through the Panama Canal.", "en")
    russian = document_entities("Танкеры снова идут через Панамский канал.", "ru")
    merged = merge_entities([english, russian])
    canal = [e for e in merged.values() if e.name == "Panama Canal"]
    assert canal and "Панамский канал" in canal[0].surfaces


def test_a_person_by_kin_role_or_age_around_the_name() -> None:
    for text, name in (
        ("Tawhiri and his son, Te Rangi Tawhiri, were called in.", "Te Rangi Tawhiri"),
        ("The petitioner, Biren Kumar Sahu, told the bench.", "Biren Kumar Sahu"),
        ("Decades later, Tawhiri, 68, has overseen hundreds.", "Tawhiri"),
    ):
        start = text.index(name)
        assert usage_en.person_by_use(text, start, start + len(name), "ORG") == "PER", name


def test_a_full_name_with_a_persons_surname_is_a_person() -> None:
    text = "Hemi Tawhiri spoke. Tawhiri left. Rangi Tawhiri stayed at Burger King."
    found = [
        Mention(0, 12, "Hemi Tawhiri", "ORG", "Hemi Tawhiri", "hemi tavhiri"),
        Mention(20, 27, "Tawhiri", "PER", "Tawhiri", "tavhiri"),
        Mention(34, 47, "Rangi Tawhiri", "LOC", "Rangi Tawhiri", "rangi tavhiri"),
        Mention(58, 69, "Burger King", "ORG", "Burger King", "burger king"),
    ]
    typed = {m.surface: m.type for m in usage_en.one_type_by_cue(text, found)}
    assert typed == {
        "Hemi Tawhiri": "PER",
        "Tawhiri": "PER",
        "Rangi Tawhiri": "PER",
        "Burger King": "ORG",
    }
    assert _types("A federal judge met AG Barr on Tuesday.") == {"Barr": "PER"}


def _whole(text: str, *names: tuple[str, str]) -> list[str]:
    spans = [(text.index(n), text.index(n) + len(n), label) for n, label in names]
    return [f"{text[a:b]}/{label}" for a, b, label in whole_names(Cased(text), spans)]


def test_a_persons_name_tagged_in_part_is_made_whole() -> None:
    text = "The report named two of the accused, Prashant Pradhan and Officer R C Sethy."
    assert _whole(text, ("Pradhan", "PERSON"), ("Sethy", "PERSON")) == [
        "Prashant Pradhan/PERSON",
        "R C Sethy/PERSON",
    ]
    text = "Friends of journalist Jamal Khashoggi met."
    assert _whole(text, ("Jamal", "GPE"), ("Khashoggi", "PERSON")) == ["Jamal Khashoggi/PERSON"]
    text = "Minority Leader Charles Schumer spoke. Meanwhile Pradhan left. Then Tuesday Smith came."
    spans = (("Charles Schumer", "PERSON"), ("Pradhan", "PERSON"), ("Smith", "PERSON"))
    assert _whole(text, *spans) == ["Charles Schumer/PERSON", "Pradhan/PERSON", "Smith/PERSON"]
    text = "Questions for a nominee.\n\nBrett Kavanaugh looks poised to join the court this week."
    assert _types(text) == {"Brett Kavanaugh": "PER"}
    text = '"It is cheap now," said Staff Sgt. Mike Bossley.'  # the model tags "Sgt" alone
    assert _whole(text, ("Sgt", "PERSON"), ("Mike Bossley", "PERSON"))[0] == "Sgt/PERSON"


def test_a_list_of_known_names_taken_for_a_title_is_those_names() -> None:
    text = "The hearing with the heads of Facebook, Google, Amazon and Apple ran late."
    spans = [(text.index("Facebook"), text.index(", Amazon"), "WORK_OF_ART")]
    assert [text[a:b] + "/" + label for a, b, label in bounds_en.split_places(text, spans)] == [
        "Facebook/ORG",
        "Google/ORG",
    ]
    spans = [(text.index("heads"), text.index(", Amazon"), "WORK_OF_ART")]  # not names alone
    assert len(bounds_en.split_places(text, spans)) == 1


def test_a_company_by_its_head_word_and_dc_a_place() -> None:
    assert ner_en._head_type("Mair Strategies", "PER") == "ORG"
    assert ner_en._head_type("Blackstone Partners", "PER") == "ORG"
    assert gazetteer.NAMES.get("D.C.") == "LOC"
