"""English headlines quoting someone (issue 14, AllSides gold round), each in a short passage
written for this test: the words before a headline's colon are the speaker of the quote after
it, not the name that follows it; a headline quote the lead quotes again is that speaker's,
even in single marks; a headline quote opening with a lower-case word is words, not a name the
tagger found in Title Case; the text's first paragraph counts as a headline only when it is one
line with text after it."""

from __future__ import annotations

from aggregator.compare.headlines import colon_lead, echo_of, headline
from aggregator.language.entities import Mention
from tests.support.speakers import quoted


def test_the_words_before_the_colon_speak() -> None:
    text = (
        "Rep. Karen Holt: Even families in high-tax states will see 'a real tax cut'.\n\n"
        "House Majority Whip Karen Holt said Thursday that families in high-tax states will "
        "also be better off under the plan."
    )
    assert quoted(text)[0] == ("a real tax cut", "Karen Holt")


def test_a_role_before_the_colon_is_the_person_given_it_below() -> None:
    text = (
        "Acme Foods CEO: ‘We Are All Truly Lucky to Have a Leader Like’ Harding.\n\n"
        "Acme Foods CEO Robert Vance turned heads on Thursday at a White House event."
    )
    assert quoted(text) == [("We Are All Truly Lucky to Have a Leader Like", "Robert Vance")]


def test_a_subject_after_the_colon_is_its_own_speaker() -> None:
    text = (
        "Bridge collapse: Police 'cannot rule out sabotage' yet.\n\n"
        "Investigators worked through the night at the river."
    )
    at = text.index("cannot")
    assert colon_lead(text, at, []) == (0, len("Bridge"))  # nothing named between: the lead
    police = Mention(17, 23, "Police", "ORG", "Police", "police")
    assert text[police.start : police.end] == "Police"
    assert colon_lead(text, at, [police]) is None


def test_a_headline_quote_quoted_again_below_is_that_speakers() -> None:
    text = (
        "'Both sides deserve to be heard': Senate Republicans reject a quick dismissal.\n\n"
        'Senate Republicans signalled they would reject the motion to dismiss. "I think our '
        'members are not interested in the motion. They think both sides deserve to be heard," '
        "Sen. Roy Blunt, R-Mo., said Monday."
    )
    assert quoted(text)[0] == ("Both sides deserve to be heard", "Roy Blunt")


def test_a_lower_case_clause_is_no_name() -> None:
    text = (
        "Mitch McConnell Says Roy Moore Should Quit Race ‘if These Allegations Are True’.\n\n"
        "Senator Mitch McConnell said on Thursday that Moore should step aside."
    )
    assert quoted(text) == [("if These Allegations Are True", "Mitch McConnell")]


def test_what_counts_as_a_headline_and_an_echo() -> None:
    assert headline("Just one paragraph, no headline.") is None
    assert headline("A headline\n\nA lead.") == (0, 10)
    assert headline(" ".join(["word"] * 30) + "\n\nA lead.") is None
    assert echo_of("No one is above the law", ["He said: no one is above the law."]) == 0
    assert echo_of("above the law", ["Something else entirely."]) is None
    assert echo_of("no deal", ["no deal at all"]) is None  # under three words


def test_the_minnesota_senator_who_is_white_told() -> None:
    text = (
        "Calls grow for a Black running mate.\n\n"
        "The shifting dynamics were clear late Thursday when Amy Klobuchar took herself out of "
        "contention. The Minnesota senator, who is white, told MSNBC that “this is a moment to "
        "put a woman of color on that ticket.”"
    )
    assert quoted(text)[-1] == (
        "this is a moment to put a woman of color on that ticket.",
        "Amy Klobuchar",
    )


def test_a_short_company_name_is_the_full_one_given_before() -> None:
    text = (
        "Trial results are due on Wednesday.\n\n"
        "The drug has generated positive data in a trial, according to developer Gilead "
        "Sciences. “We understand that the trial has met its primary endpoint,” said Gilead "
        "in a statement released Wednesday."
    )
    assert quoted(text)[-1] == (
        "We understand that the trial has met its primary endpoint",
        "Gilead Sciences",
    )


def test_the_lead_says_who_a_headline_body_is() -> None:
    # docs/quotes.md rule 15: the lead's doer of the headline's verb speaks for the body
    text = (
        "City Hall Defends Short Council Session: 'We Heard Everyone Who Came'.\n"
        "City Hall press officer Mara Quist defended Monday’s council session, which ended "
        "after twenty minutes."
    )
    assert quoted(text) == [("We Heard Everyone Who Came", "Mara Quist")]


def test_marks_after_the_name_before_the_colon_are_the_headlines_words() -> None:
    # a possessive after the speaker's name is no quote opening the lead: the quote is Kell's,
    # not the claim's owner's ("Harding's testing claim" read as a cue before)
    owned = (
        "Kell on Harding's testing claim: 'We are going to do more checks, not fewer'.\n\n"
        "Dr. Maya Kell, the state's chief health officer, told lawmakers Tuesday that the state "
        'will expand checks, saying, "we are going to do more checks, not fewer," in response '
        "to Governor Tom Harding's recent claim that he asked for fewer."
    )
    assert quoted(owned)[0] == ("We are going to do more checks, not fewer", "Maya Kell")
    assert colon_lead(owned, owned.index("We are"), []) == (0, len("Kell"))
    marked = (
        "Tom Jordan defends aide's 'clown' remark about Reed: 'It was only a joke'.\n\n"
        "Governor Tom Jordan defended an aide's remark about Senator Ann Reed on Saturday."
    )
    assert colon_lead(marked, marked.index("It was"), []) == (0, len("Tom Jordan"))
    assert quoted(marked)[-1] == ("It was only a joke", "Tom Jordan")


def test_a_mark_inside_the_lead_name_keeps_it_no_speaker() -> None:
    opening = "'Not on my watch': Mayor vetoes plan: 'We will not pay for this twice'.\n\nText."
    assert colon_lead(opening, opening.index("We will"), []) is None
    owned = "Harding's lawyer: 'My client will not testify next week'.\n\nText follows."
    assert colon_lead(owned, owned.index("My client"), []) is None
