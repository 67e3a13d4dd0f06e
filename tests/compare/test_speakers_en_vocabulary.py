"""English attribution vocabulary of docs/quotes.md rule 15 (issue 14, fifth AllSides round),
each in a short passage written for this test (invented people): verbs of saying beyond the
common ones ("boasted", "griped", "shot back") are cues; abbreviated titles before a name
("Atty. Gen.", "Lt. Gov.", "Rep.") give the person the office they stand for, and "the speaker",
"the congresswoman" are offices a title gave."""

from __future__ import annotations

import pytest

from tests.support.speakers import quoted

_QUOTE = "The levy is a burden on every family in this state"


@pytest.mark.parametrize(
    "verb", ["boasted", "griped", "lamented", "scoffed", "retorted", "testified", "shot back"]
)
def test_more_verbs_of_saying_are_cues(verb: str) -> None:
    text = f'The vote was put off again. "{_QUOTE}," Hollis {verb}.'
    assert quoted(text) == [(_QUOTE, "Hollis")]


def test_a_verb_of_saying_before_a_colon() -> None:
    text = f'The vote was put off again. Marta Quill fired back: "{_QUOTE}."'
    assert quoted(text) == [(f"{_QUOTE}.", "Marta Quill")]


@pytest.mark.parametrize(
    ("title", "office"),
    [
        ("Atty. Gen.", "the attorney general"),
        ("Lt. Gov.", "the lieutenant governor"),
        ("Rep.", "the congresswoman"),
        ("House Speaker", "the speaker"),
    ],
)
def test_an_abbreviated_title_gives_its_office(title: str, office: str) -> None:
    text = (
        f"The vote was put off again. {title} Dora Lindqvist, who backed the levy, and Tom "
        f"Harker, who fought it, met on Tuesday. Harker left early. "
        f'"{_QUOTE}," {office} said.'
    )
    assert quoted(text) == [(_QUOTE, "Dora Lindqvist")]


def test_the_governor_is_not_the_lieutenant_governor() -> None:
    text = (
        "Gov. Ray Dunmore and Lt. Gov. Alma Ferris toured the flooded towns on Monday. "
        f'"{_QUOTE}," the governor said.'
    )
    assert quoted(text) == [(_QUOTE, "Ray Dunmore")]


def test_the_object_of_a_naming_verb_after_a_quote_is_not_its_speaker() -> None:
    text = (
        "At the rally Mayor Tom Corvo turned on the press. He called the Herald "
        'a "sinking ship full of liars," called the Courier "a joke" and left.'
    )
    assert quoted(text) == [("sinking ship full of liars", "Tom Corvo")]


def test_appealed_and_reports_that_are_cues() -> None:
    text = (
        "The vote is on Friday. The island’s governor, Ines Corvo, has appealed directly to the "
        'council to honour the "spirit of the accord" at its next meeting. Last year, as ships '
        'queued in the bay, the Port Authority reports that traffic grew "faster than planned."'
    )
    assert quoted(text) == [
        ("spirit of the accord", "Ines Corvo"),
        ("faster than planned.", "Port Authority"),
    ]


def test_reports_after_citing_is_no_cue() -> None:
    text = (
        "Citing reports that the berths were full, Mayor Tom Corvo said the port was "
        '"open for business" and the Port Authority agreed.'
    )
    assert quoted(text) == [("open for business", "Tom Corvo")]


def test_a_fronted_clause_does_not_hide_the_subject_before_a_quote() -> None:
    text = (
        "Harbor Town chose its first harbour pilot from abroad on Tuesday. "
        "When she takes the helm in June, Greta Solberg will guide every tanker into port. "
        "“I cannot wait to start the work.”"
    )
    assert quoted(text) == [("I cannot wait to start the work.", "Greta Solberg")]


def test_a_sentence_opening_with_his_is_about_him() -> None:
    text = (
        "When Oskar Brandt speaks, the hall goes quiet. His voice rarely rises above a murmur. "
        "“The person with the loudest voice is not the one with the best idea.”"
    )
    assert quoted(text) == [
        ("The person with the loudest voice is not the one with the best idea.", "Oskar Brandt")
    ]


def test_initials_are_the_person_they_abbreviate() -> None:
    text = (
        "JKM hits back at the council: 'We will not be moved from this ground'.\n"
        "Councillors voted on Monday to close the shelter, and Rep. Jana Kovac-Miller answered "
        "them within the hour."
    )
    assert quoted(text) == [("We will not be moved from this ground", "Jana Kovac-Miller")]


def test_the_subject_of_the_last_clause_before_a_colon_speaks() -> None:
    text = (
        "The quarrel began at a dinner hosted by the Harbour Guild, when Aldo Brenner turned "
        'to the two new members: "I want you to know, this town remembers."'
    )
    assert quoted(text) == [("I want you to know, this town remembers.", "Aldo Brenner")]


def test_the_one_asked_answers() -> None:
    text = (
        "Mayor Hal Voss was touring the depot with Governor Rita Lane when he was asked whether "
        "the depot chief should go. The depot has lost money for years. "
        '"Look, he has done a poor job. I think the board knows it."'
    )
    assert quoted(text) == [
        ("Look, he has done a poor job. I think the board knows it.", "Hal Voss")
    ]


def test_asked_opening_a_sentence_is_put_to_the_speaker() -> None:
    text = (
        "Asked about the plan to protect inspector general Robert Hale, Lyle McBride said "
        'this: "I do not think they will fire Hale." He added: "There is no sign of it."'
    )
    assert quoted(text) == [
        ("I do not think they will fire Hale.", "Lyle McBride"),
        ("There is no sign of it.", "Lyle McBride"),
    ]


def test_words_named_as_someones_by_a_possessive_are_theirs() -> None:
    text = (
        "Harbour fees rose again this spring. Few now remember that in 2009, long before the "
        "fees rose, Mayor Ilse Varga’s quip – “No town ever taxed its way to a busy port” – won "
        "her the election. Both sides now grapple with the fallout from the Port Authority’s "
        "announcement that the fees were “fair and final.”"
    )
    assert quoted(text) == [
        ("No town ever taxed its way to a busy port", "Ilse Varga"),
        ("fair and final.", "Port Authority"),
    ]


def test_a_possessive_inside_a_headline_clause_is_not_the_speaker() -> None:
    text = (
        "Mayor Varga praises Hugo Lind’s speech at City Hall: ‘That was quite a thing’.\n"
        "Hugo Lind spoke at City Hall on Thursday before the mayor hosted him for lunch."
    )
    assert quoted(text) != [("That was quite a thing", "Hugo Lind")]


def test_a_verb_going_on_after_a_quote_shares_its_speaker() -> None:
    text = (
        "Mayor Tom Corvo called the harbour budget “ridiculous” while touring the docks on "
        "Friday and demanded councillors “finally cut the fees.” Asked about it later, he "
        "said he “had no regrets,” but added that the Port Authority had “lost all sense of "
        "proportion.”"
    )
    assert quoted(text) == [
        ("finally cut the fees.", "Tom Corvo"),
        ("had no regrets", "Tom Corvo"),
        ("lost all sense of proportion.", "Tom Corvo"),
    ]


def test_a_new_subject_after_and_keeps_its_own_quote() -> None:
    text = (
        "Mayor Tom Corvo called the budget “a disgrace to the harbour” and Governor Ana Ruiz "
        "said it was “the best we can do.”"
    )
    assert quoted(text) == [
        ("a disgrace to the harbour", "Tom Corvo"),
        ("the best we can do.", "Ana Ruiz"),
    ]


def test_a_person_named_again_by_a_description() -> None:
    text = (
        "Of all the replies, the oddest came from former harbour master Piet Olsen. "
        "The retired sea captain wrote: “Why does a port need a second bridge?”"
    )
    assert quoted(text) == [("Why does a port need a second bridge?", "Piet Olsen")]


def test_a_plural_description_is_no_one_person() -> None:
    text = (
        "Piet Olsen spoke first at the meeting. The dock workers said: “We were never asked "
        "about the bridge.”"
    )
    assert quoted(text) != [("We were never asked about the bridge.", "Piet Olsen")]


def test_took_to_a_platform_to_ask() -> None:
    text = (
        "Few expected a reply from Councillor Rhea Tamm. But Brendan Ostrow took to the radio "
        "on Sunday to ask: “Who needs a second bridge?”"
    )
    assert quoted(text) == [("Who needs a second bridge?", "Brendan Ostrow")]
