"""English attribution mechanisms of docs/quotes.md rule 14 (issue 14, AllSides round 3), each in
a short passage written for this test (invented people and bodies): a title before a surname
gives that person the office ("President Okafor" -> "the president said"); a dot inside a word
ends no clause ("said Jobsite.com's chief economist …"); a participle after a comma or a verb
after "and" shares the clause's subject; a phrase the sentence opens with holds no antecedent of
"he"/"she", nor does a relative clause; a document speaks for whom the text named with it when it
brought it in, and "the ruling" under a headline for the body the lead opens with; a headline
that opens with a quote names its speaker as the subject after it; "the Ohio Democrat" is the
person last named; a closing mark whose opener was lost, before a speech verb, closes the
sentence before it; a short fragment inside a sentence closed by ", X said" is X's; a name after
a quote in a Title Case headline is no signature."""

from __future__ import annotations

from tests.support.speakers import quoted


def test_a_title_before_a_surname_gives_the_office() -> None:
    text = (
        "The new port at Lekki opened on Monday after years of delay, and President Okafor "
        "cut the ribbon with the governor of Lagos, Babajide Ade. Speaking later to reporters, "
        'the president said the port was "a turning point for the whole region."'
    )
    assert quoted(text) == [("a turning point for the whole region.", "Okafor")]


def test_a_dot_inside_a_word_ends_no_clause() -> None:
    text = (
        "Employers added fewer jobs than forecast in March. "
        '"Hiring will pick up once the weather turns, and we expect a strong summer," said '
        "Jobsite.com's chief economist Dana Whitfield."
    )
    assert quoted(text) == [
        (
            "Hiring will pick up once the weather turns, and we expect a strong summer",
            "Dana Whitfield",
        )
    ]


def test_a_participle_shares_the_subject_of_its_clause() -> None:
    text = (
        "Senator Paul Delgado pushed back against calls to testify at Governor Tom Hensley's "
        'budget hearing, saying the process "is about his spending, not mine."'
    )
    assert quoted(text) == [("is about his spending, not mine.", "Paul Delgado")]


def test_a_second_verb_after_and_shares_the_subject() -> None:
    text = (
        "Farmers blocked the border crossing on Sunday after Prime Minister Anton Varga "
        'criticized Chancellor Lena Roth and warned her not to "test the patience of our '
        'farmers any longer."'
    )
    assert quoted(text) == [("test the patience of our farmers any longer.", "Anton Varga")]


def test_a_phrase_opening_the_sentence_holds_no_antecedent() -> None:
    text = (
        "In a letter to acting Commissioner Joseph Whitlow, the lead attorney for the family, "
        "Andrew Kessler, said his clients were afraid. Their safety, he wrote, "
        '"cannot wait for another hearing in the spring."'
    )
    assert quoted(text) == [("cannot wait for another hearing in the spring.", "Andrew Kessler")]


def test_a_person_in_a_relative_clause_is_no_antecedent() -> None:
    text = (
        "Alison Parry organised the protest outside the cafe on Saturday.\n\n"
        "The shop manager, who has a three-year-old daughter Lexie, said she hoped mothers would "
        "feel welcome.\n\n"
        'She said: "Nobody should ever be made to feel ashamed of feeding a baby."'
    )
    assert quoted(text) == [
        ("Nobody should ever be made to feel ashamed of feeding a baby.", "Alison Parry")
    ]


def test_a_document_speaks_for_whom_the_text_named_with_it() -> None:
    text = (
        "Last spring, while reading an article titled 'Quiet Fields' in the magazine Harvest "
        "Review, we came upon a story about the drought. "
        '"Farmers in the west have stopped planting wheat altogether," said the article.'
    )
    assert quoted(text) == [
        ("Farmers in the west have stopped planting wheat altogether", "Harvest Review")
    ]


def test_the_ruling_under_a_headline_is_the_body_the_lead_opens_with() -> None:
    text = (
        "Court rejects farmers' appeal over canal.\n\n"
        "The Vermont Supreme Court on Friday rejected an appeal by two dairy farmers against "
        'the new canal. The ruling said, "The appellants have shown no harm to their land or '
        'their herds."'
    )
    assert quoted(text) == [
        ("The appellants have shown no harm to their land or their herds.", "Vermont Supreme Court")
    ]


def test_a_headline_opening_with_a_quote_names_the_subject_after_it() -> None:
    text = (
        "'Not on my watch': Mayor Clara Benson vetoes the parking plan.\n\n"
        "Mayor Clara Benson on Tuesday vetoed a plan to sell the city's last public car park."
    )
    assert quoted(text) == [("Not on my watch", "Clara Benson")]


def test_a_headline_quote_with_no_subject_after_it_is_no_ones() -> None:
    text = (
        "'A hot, flaming mess': council race heads to a recount.\n\n"
        "The race for the third ward seat will be recounted by hand next week."
    )
    assert quoted(text) == []


def test_a_state_and_party_name_the_person_last_named() -> None:
    text = (
        "Rep. Janet Colfax criticized the plant closure on Wednesday. "
        '"This is a betrayal of every worker in my district," the Ohio Democrat wrote on '
        "Twitter."
    )
    assert quoted(text) == [("This is a betrayal of every worker in my district", "Janet Colfax")]


def test_a_closing_mark_whose_opener_was_lost() -> None:
    text = (
        "Mayor Clara Benson said the city is studying curfews in some districts, but not "
        'citywide. We will look at every single option," Benson said at a briefing.'
    )
    assert quoted(text) == [("We will look at every single option", "Clara Benson")]


def test_a_lost_opener_needs_a_speech_verb_after_the_mark() -> None:
    text = 'The sign read 12" in red paint. Nobody knew why, the owner added later.'
    assert quoted(text) == []


def test_a_fragment_in_a_sentence_closed_by_its_attribution() -> None:
    text = (
        'Antibody levels were "well above expected" in the blood samples of every volunteer in '
        "the first two groups of the trial, Novagen said in a statement."
    )
    assert quoted(text) == [("well above expected", "Novagen")]


def test_a_title_case_headline_is_no_signature() -> None:
    text = (
        "Mayor Benson on 'Reckless' Hale, 'Who Pays For The Bridge Now?'.\n\n"
        "Mayor Clara Benson said she still respects Governor Tom Hale and asked who would pay "
        "for the bridge in an interview broadcast on Sunday."
    )
    assert quoted(text) == [("Who Pays For The Bridge Now?", "Clara Benson")]
