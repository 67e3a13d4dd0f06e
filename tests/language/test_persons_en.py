"""language.persons_en: English persons' names the tagger cut, ran on or missed, repaired before
speaker attribution reads them. Passages written for this test (invented people)."""

from __future__ import annotations

from aggregator.language.entities import Mention, document_entities
from aggregator.language.genders import name_gender
from aggregator.language.persons_en import missed_first_names, repair_names


def _mention(text: str, surface: str, kind: str = "PER") -> Mention:
    start = text.index(surface)
    return Mention(start, start + len(surface), surface, kind, surface, surface.lower())


def _names(text: str, mentions: list[Mention]) -> list[tuple[str, str, str]]:
    return [(m.surface, m.type, m.name) for m in repair_names(text, mentions)]


def test_a_common_first_name_and_a_capitalised_word_the_tagger_missed_are_a_person() -> None:
    text = "Heather Quillan Withdraws From the race\n\nHeather Quillan said on Monday she was done."
    names = [(m.start, m.surface) for m in missed_first_names(text, [])]
    assert names == [(0, "Heather Quillan"), (text.rindex("Heather"), "Heather Quillan")]
    # not a first name that is a common word, nor one already inside a mention
    assert missed_first_names("Rose Garden talks, then Grace Pell spoke.", []) == []
    tagged = _mention(text, "Heather Quillan")
    assert [m.start for m in missed_first_names(text, [tagged])] == [text.rindex("Heather")]


def test_a_rank_or_an_office_standing_before_a_name_is_no_person() -> None:
    text = "Staff Sgt. Mike Bossel said the college's Dean of Students Jay Ellam agreed."
    mentions = [_mention(text, "Sgt."), _mention(text, "Mike Bossel"), _mention(text, "Dean")]
    mentions.append(_mention(text, "Jay Ellam"))
    assert [m.surface for m in repair_names(text, mentions)] == ["Mike Bossel", "Jay Ellam"]


def test_a_name_cut_at_its_initials_or_at_a_short_particle_runs_on() -> None:
    text = '"It works," says Anna J.M. Visser; on Friday Kid Tha Prophet pressed Ed Lee Tuesday.'
    start = text.index("Anna")
    cut = Mention(start, start + len("Anna J.M"), "Anna J.M", "PER", "Anna J.M", "anna j.m")
    mentions = [cut, _mention(text, "Kid Tha"), _mention(text, "Ed Lee")]
    assert _names(text, mentions) == [
        ("Anna J.M. Visser", "PER", "Anna J.M. Visser"),
        ("Kid Tha Prophet", "PER", "Kid Tha Prophet"),
        ("Ed Lee", "PER", "Ed Lee"),  # (a weekday is no part of a name)
    ]


def test_the_field_of_an_office_is_cut_off_the_name_after_it() -> None:
    text = "The campaign's Director of Communications Tom Baker and Ann Paul Reid spoke."
    mentions = [_mention(text, "Communications Tom Baker"), _mention(text, "Ann Paul Reid")]
    (baker, reid) = repair_names(text, mentions)
    assert (baker.start, baker.surface, baker.name) == (text.index("Tom"), "Tom Baker", "Tom Baker")
    assert reid.surface == "Ann Paul Reid"


def test_bodies_places_and_russian_names_pass_unchanged() -> None:
    text = "Sgt. Pepper Ltd said in Oslo that Democrat voters and Мария Захарова agreed."
    mentions = [
        _mention(text, "Sgt. Pepper Ltd", "ORG"),
        _mention(text, "Oslo", "LOC"),
        _mention(text, "Democrat", "ORG"),
        _mention(text, "Мария Захарова"),
    ]
    assert repair_names(text, mentions) == mentions


def test_a_name_tells_its_sex_by_a_common_first_name_or_a_slavic_ending() -> None:
    assert name_gender("Heather Quillan") == "femn"
    assert name_gender("Tom Baker") == "masc"
    assert name_gender("Petrova") == "femn"
    assert name_gender("Communications") is None


def test_a_name_never_runs_over_a_paragraph_break_nor_loses_its_first_name() -> None:
    # "Race Heather" and "Chief Heather" are no names, and take no first name from the next
    text = "Mayor Defends Plan From Race\n\nHeather Quillan said on Monday she was done."
    assert [m.surface for m in missed_first_names(text, [])] == ["Heather Quillan"]
    text = "Portland Police Chief Heather Quillan said the park stays open."
    assert [m.surface for m in missed_first_names(text, [])] == ["Heather Quillan"]


def test_a_possessive_or_a_longer_name_is_no_part_of_a_missed_name() -> None:
    text = "Susan Vance’s plan was read out."
    assert [(m.surface, m.end) for m in missed_first_names(text, [])] == [
        ("Susan Vance", text.index("’"))
    ]
    for text in (
        "Prices rose in Prince Edward Island last year.",
        "Joshua Tree National Park will close.",
        "Students of Gary Lomb School of Music marched.",
        "Donald Quillan Jr said nothing.",
        "The Christian Right backed the bill.",
        "A Marine General spoke to the press.",
    ):
        assert missed_first_names(text, []) == [], text


def test_the_entities_of_an_english_text_have_the_names_finished() -> None:
    text = (
        "Heather Quillan Withdraws From Race\n\nHeather Quillan said on Monday she was done. "
        "On Friday Charlamagne Tha God pressed the mayor; Quillan agreed."
    )
    entities = {(e.name, e.type) for e in document_entities(text, "en")}
    assert {("Heather Quillan", "PER"), ("Charlamagne Tha God", "PER")} <= entities
    assert not {name for name, _ in entities} & {"Charlamagne Tha", "Quillan"}
