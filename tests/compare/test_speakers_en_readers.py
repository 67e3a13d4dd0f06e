"""English attribution rules of docs/quotes.md rule 16 (issue 14, sixth AllSides round), each
in a short passage written for this test (invented people and bodies): how a reader of US news
copy finds the speaker when the nearest name is the wrong one — the clause right before the
quote, a sentence that ended before it, a verb with a subject of its own between two quotes, a
party tag, a day, a month before its date, a description or a document of a body."""

from __future__ import annotations

from tests.support.speakers import quoted


def test_the_last_clause_before_a_colon_speaks() -> None:
    text = (
        'The talks went badly. Dunn was blunt, but Lowe was blunter: "We will not sign this deal."'
    )
    assert quoted(text) == [("We will not sign this deal.", "Lowe")]


def test_the_first_clause_before_a_colon_speaks_when_it_is_the_last() -> None:
    text = (
        'The talks went badly. Lowe was polite, but Dunn was blunt: "We will not sign this deal."'
    )
    assert quoted(text) == [("We will not sign this deal.", "Dunn")]


def test_a_sentence_ended_before_the_quote_shares_no_verb_with_it() -> None:
    text = (
        'Mayor Ted Orrin criticised remarks by Judge Lena Voss as "reckless" and said judges '
        'should stay out of politics. "I just do not see how they can rule on anything Orrin '
        'related," Orrin said on Monday.'
    )
    assert quoted(text) == [
        ("I just do not see how they can rule on anything Orrin related", "Ted Orrin")
    ]


def test_a_new_subject_between_two_quotes_of_a_sentence_speaks_the_second() -> None:
    text = (
        "The mayor and the judge traded blows on Monday. Mocking an earlier Voss letter as a "
        '"cheap stunt that will backfire," Mayor Ted Orrin blasted Judge Lena Voss for "now '
        'trying to take credit for the new bridge over the river."'
    )
    assert (
        "now trying to take credit for the new bridge over the river.",
        "Ted Orrin",
    ) in quoted(text)


def test_one_speaker_for_two_quotes_joined_by_a_verb_of_his() -> None:
    text = (
        'The mayor met the press. Mayor Ted Orrin called the plan "a total disaster" and said '
        'it was "a waste of everyone\'s time and money."'
    )
    assert quoted(text) == [
        ("a total disaster", "Ted Orrin"),
        ("a waste of everyone's time and money.", "Ted Orrin"),
    ]


def test_a_party_tag_with_a_comma_cuts_no_subject() -> None:
    text = 'Governor Tina Marsh (R., Ky.) said on Monday that the plan has "no realistic chance".'
    assert quoted(text) == [("no realistic chance", "Tina Marsh")]


def test_a_day_is_no_speaker_and_he_says_whose_words_follow() -> None:
    text = (
        "Ohio Senator Hal Brody (R) appeared on CBS News’ “Morning Desk” Sunday morning and "
        "said he thought the Senate’s health care bill was “probably going to be dead” when "
        "Congress returns."
    )
    assert ("probably going to be dead", "Hal Brody") in quoted(text)


def test_may_is_still_a_name() -> None:
    text = 'The vote was put off again. "We will not give in on this," May said on Monday.'
    assert quoted(text) == [("We will not give in on this", "May")]


def test_he_opening_the_last_clause_speaks_not_the_first_subject() -> None:
    text = (
        "Tina Marsh opened a new inquiry into Hal Brody amid reports he hid the money - as he "
        'calls the move "more of the same old partisan garbage" and leaves.'
    )
    assert quoted(text) == [("more of the same old partisan garbage", "Hal Brody")]


def test_a_month_before_its_day_ends_no_sentence() -> None:
    text = (
        "Judge Tina Marsh refused on Tuesday to say whether she would step aside if a dispute "
        "over the Nov. 3 vote came before the Supreme Court, insisting that despite her ties to "
        'the governor, she would not "be used as a pawn in this fight."'
    )
    assert quoted(text) == [("be used as a pawn in this fight.", "Tina Marsh")]


def test_words_of_the_one_named_before_whose() -> None:
    text = (
        'The city settled with the family of Omar Reyes, whose last words "I cannot breathe '
        'here" became a rallying cry for the protests.'
    )
    assert quoted(text) == [("I cannot breathe here", "Omar Reyes")]


def test_a_name_after_a_dash_signs_the_quote_before_it() -> None:
    text = (
        'Why the levy is wrong.\n\n"Republicans are making a big mistake here." — columnist '
        "Hal Brody"
    )
    assert quoted(text) == [("Republicans are making a big mistake here.", "Hal Brody")]


def test_a_role_is_the_person_the_lead_gives_it_to_next() -> None:
    text = (
        "Florida principal who told parent he 'cannot say the war was real' is fired.\n\n"
        'The Florida high school principal who refused to say the war happened because "not '
        'everyone believes" it has been fired. William Latson, principal of Spanish River High '
        "School, was reassigned."
    )
    assert quoted(text) == [
        ("cannot say the war was real", "William Latson"),
        ("not everyone believes", "William Latson"),
    ]


def test_a_document_of_a_described_body_is_the_body_heard() -> None:
    text = (
        "The city broke the law by holding back the funds, the State Audit Office said in a "
        'decision on Thursday. "In the summer the city withheld funds meant for the schools," '
        "the independent state watchdog's ruling said."
    )
    assert quoted(text) == [
        ("In the summer the city withheld funds meant for the schools", "State Audit Office")
    ]


def test_a_participle_is_the_body_opening_its_clause() -> None:
    text = (
        "The House Budget Committee released a long report on the case against Mayor Tom Brody "
        'on Monday, saying that "Brody has broken every rule in the book."'
    )
    assert quoted(text) == [("Brody has broken every rule in the book.", "House Budget Committee")]


def test_an_office_of_a_name_is_no_person() -> None:
    text = (
        "The college sent its letter this week. The college’s Dean of Students Jay Ellison used "
        "the letter to welcome students. An education here is not about “safe spaces,” he "
        "wrote, but “rigorous debate, discussion and disagreement.”"
    )
    assert ("rigorous debate, discussion and disagreement.", "Jay Ellison") in quoted(text)


def test_a_lead_under_a_headline_opens_with_its_subject() -> None:
    text = (
        "Brody changes course.\n\nIn a pair of late-night tweets, President Tom Brody changed "
        'course on the relief talks. "The House should approve the money now. I will sign it!"'
    )
    assert quoted(text) == [
        ("The House should approve the money now. I will sign it!", "Tom Brody")
    ]
