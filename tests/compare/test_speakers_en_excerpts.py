"""English attribution rules of docs/quotes.md rule 18 (issue 14, eighth round, tuned on the dev
parts of the AllSides excerpts: headline and lead), each in a short passage written for this test
(invented people and bodies)."""

from __future__ import annotations

from tests.support.speakers import quoted, reported


def test_a_quote_ending_in_a_stop_ends_its_sentence() -> None:
    text = (
        'Mayor Ted Orrin called the plan "a waste of good money." Governor Ana Ruiz said the '
        "bridge would pay for itself within ten years."
    )
    assert quoted(text) == [("a waste of good money.", "Ted Orrin")]
    assert reported(text) == [("the bridge would pay for itself within ten years", "Ana Ruiz")]


def test_a_short_sentence_with_a_cue_after_a_closed_quote_is_its_attribution() -> None:
    text = (
        'The council met on Monday. "Can we still afford the bridge? Who will pay for it?" '
        "Senator Ana Ruiz asked the mayor during the meeting about the budget."
    )
    assert quoted(text) == [("Can we still afford the bridge? Who will pay for it?", "Ana Ruiz")]


def test_a_long_description_ending_in_a_name_before_the_verb_is_that_person() -> None:
    text = (
        'The vote is on Tuesday. "This is the moment of truth for the council and the mayor, '
        'who must now choose a side," Riverside College professor and longtime budget critic '
        "Helen Marsh told the Courier."
    )
    assert quoted(text) == [
        (
            "This is the moment of truth for the council and the mayor, who must now choose a side",
            "Helen Marsh",
        )
    ]


def test_a_place_issuing_a_statement_speaks() -> None:
    text = (
        'The old bridge closed on Friday. A statement from Castle Rock on Friday said: "The '
        'bridge will stay closed until the repairs are finished."'
    )
    assert quoted(text) == [
        ("The bridge will stay closed until the repairs are finished.", "Castle Rock")
    ]


def test_a_call_named_as_someones_stays_theirs_before_a_closing_report() -> None:
    text = (
        "The row went on. A letter sent to the council pointed to Mayor Ted Orrin's call for "
        '"the people who leaked the budget plan" to be named in public, the Courier reported.'
    )
    assert quoted(text) == [("the people who leaked the budget plan", "Ted Orrin")]


def test_a_quoted_nickname_before_a_name_does_not_cut_the_headline() -> None:
    text = (
        "Harlan slams 'Sleepy' Lena Voss as 'the worst judge this county has ever had' in "
        "Ohio.\n\nGovernor Tom Harlan blasted a judge on Monday."
    )
    assert quoted(text) == [("the worst judge this county has ever had", "Tom Harlan")]


def test_a_headline_speaker_described_before_the_topic_is_the_person_the_lead_so_describes() -> (
    None
):
    text = (
        "Rovers goalkeeper on the stadium vote: 'This is a sad day for every fan'.\n\n"
        "Riverside Rovers goalkeeper Sam Oduya criticised the council's vote on Monday."
    )
    assert quoted(text) == [("This is a sad day for every fan", "Sam Oduya")]


def test_words_in_lower_case_after_a_title_noun_are_a_quote_not_a_name() -> None:
    text = (
        "The mayor gave way on Monday. Mayor Ted Orrin said he had told the city agency "
        '"get the bridge open again", even as he vowed to fight the ruling.'
    )
    assert quoted(text) == [("get the bridge open again", "Ted Orrin")]


def test_initials_with_stops_end_no_sentence() -> None:
    text = (
        'The bridge closed on Friday. "We will reopen the bridge on Monday morning," the N.J. '
        "Bridge Authority said."
    )
    assert quoted(text) == [
        ("We will reopen the bridge on Monday morning", "N.J. Bridge Authority")
    ]


def test_a_body_named_again_without_its_middle_words_keeps_its_full_name() -> None:
    text = (
        'The bridge closed on Friday, the Ohio State Bridge Authority said. "We will reopen the '
        'bridge on Monday morning," the Ohio Authority said.'
    )
    assert quoted(text) == [
        ("We will reopen the bridge on Monday morning", "Ohio State Bridge Authority")
    ]


def test_a_first_name_and_a_capitalised_word_in_a_title_case_headline_are_a_person() -> None:
    text = (
        "Heather Lund Withdraws From Race For County Board Seat.\n\n"
        "She says the last two months 'have been very hard for my family'."
    )
    assert quoted(text) == [("have been very hard for my family", "Heather Lund")]


def test_a_label_before_a_headline_quote_is_no_part_of_the_headline() -> None:
    text = (
        "Exclusive: 'We are staying': Helen Marsh answers the critics of her council plan.\n\n"
        "Council member Helen Marsh defended the plan in an interview on Monday."
    )
    assert quoted(text) == [("We are staying", "Helen Marsh")]


def test_a_contraction_counts_as_two_words() -> None:
    text = 'The mayor spoke on Monday. Mayor Ted Orrin told the crowd: "I\'m here."'
    assert quoted(text) == [("I'm here.", "Ted Orrin")]


def test_he_right_before_the_last_verb_speaks_the_quote_after_it() -> None:
    text = (
        "The Riverside City Council said on Friday that Mayor Ted Orrin had misread the "
        'question, and insisted he backs the plan that hours earlier he said he "would never '
        'sign."'
    )
    assert quoted(text) == [("would never sign.", "Ted Orrin")]
