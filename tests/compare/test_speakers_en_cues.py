"""English speech cues that are not speech (issue 14, AllSides dev round 2), each in a short
passage written for this test: the "States" of "the United States" and the "called" of
"so-called" are no speech verbs, so a quote after them keeps the sentence's speaker; "he" right
before the verb ("the man he called "…"") is the subject, not a name earlier in the clause; and
an earlier "his" in the sentence says who "he" is when the one person named between is not
known to be a man; the "he" of a clause opening the sentence before the quote ("As he told
reporters, "…," Governor Tom Briggs looked …") is the name opening the main clause after it;
"directives from X to "…"", "a promise by X that "…"" are X's; "the attorney" is the lawyer
named before, also after an "if …," clause between the quote and the cue; "the Fairview County
sheriff's office" is that body, also after "a tweet from"; "fired from ABC for '…'" is ABC's
reason."""

from __future__ import annotations

from aggregator.compare import speech
from tests.support.speakers import quoted


def test_the_united_states_is_no_cue() -> None:
    text = (
        "Chancellor Greta Lindqvist addressed the assembly on Tuesday, thanking the United "
        'States for its help but also asking it to keep its doors "wide open" because "fear '
        'only divides and weakens us."'
    )
    assert quoted(text) == [("fear only divides and weakens us.", "Greta Lindqvist")]


def test_so_called_is_no_cue() -> None:
    text = (
        'Governor Tom Avery on Friday denied that he had made a "deal" overnight with top '
        'Republicans to protect so-called "legacy" pensions, while insisting "any agreement '
        'must put the taxpayers first."'
    )
    assert quoted(text) == [("any agreement must put the taxpayers first.", "Tom Avery")]


def test_the_verbs_themselves_are_still_cues() -> None:
    assert speech.has_cue("The report states that the dam is safe.", "en")
    assert speech.has_cue("Critics called it a sham.", "en")
    assert not speech.has_cue("The United States and its so-called allies.", "en")


def test_he_right_before_the_verb_is_the_subject_not_a_name_before_it() -> None:
    text = (
        "Mayor Tom Briggs visited the flooded school on Monday. His kind words to second "
        "grader Avery Lund came during a town meeting when he also spoke of the man he "
        'called "the absent landlord."'
    )
    assert quoted(text) == [("the absent landlord.", "Tom Briggs")]


def test_his_earlier_in_the_sentence_says_who_he_is_not_the_girl_named_between() -> None:
    text = (
        "Governor Tom Briggs toured the shelter on Friday. His words to nine-year-old Maria "
        "Lopez came at the end of a long day, when he also described the storm as "
        '"the worst this state has seen in a century."'
    )
    assert quoted(text) == [("the worst this state has seen in a century.", "Tom Briggs")]


def test_a_man_named_after_his_is_still_he() -> None:
    text = (
        "Governor Tom Briggs toured the shelter on Friday. His deputy, John Marsh, stayed "
        'behind, and he described the storm as "the worst this state has seen in a century."'
    )
    assert quoted(text) == [("the worst this state has seen in a century.", "John Marsh")]


def test_he_of_a_clause_before_the_quote_is_the_name_after_it() -> None:
    text = (
        "Storm damage was worse than feared.\n\n"
        'As he told reporters at the dock, "We will not back down," Governor Tom Briggs '
        "looked tired but calm."
    )
    assert quoted(text) == [("We will not back down", "Tom Briggs")]


def test_she_of_a_clause_before_the_quote_is_not_a_man_named_after_it() -> None:
    text = (
        "Storm damage was worse than feared, Jane Holm wrote.\n\n"
        'As she told reporters at the dock, "We will not back down," Governor Tom Briggs '
        "looked tired but calm."
    )
    assert ("We will not back down", "Jane Holm") in quoted(text)


def test_a_name_that_does_not_open_the_main_clause_is_not_he() -> None:
    text = (
        "Storm damage was worse than feared.\n\n"
        'As he told reporters at the dock, "We will not back down," the crowd behind '
        "Governor Tom Briggs cheered."
    )
    assert quoted(text) == [("We will not back down", None)]


def test_directives_from_someone_to_a_quote_are_theirs() -> None:
    text = (
        "The crackdown in the province began after President Lin Bao took office. The mass "
        'arrests originated in directives from Lin to "show no mercy at all" in the "fight '
        'against disorder and dissent".'
    )
    assert quoted(text) == [
        ("show no mercy at all", "Lin Bao"),
        ("fight against disorder and dissent", "Lin Bao"),
    ]


def test_a_promise_by_someone_that_a_quote_is_theirs() -> None:
    text = (
        'Hours later came a promise by Governor Tom Briggs that "every family will be back '
        'home by Christmas."'
    )
    assert quoted(text) == [("every family will be back home by Christmas.", "Tom Briggs")]


def test_the_attorney_is_the_lawyer_named_before_even_after_an_if_clause() -> None:
    text = (
        "Governor Tom Briggs hired lawyer Ann Cole in May. Briggs knew the payments were wrong "
        'because he "was worried about the election" if the deals became public, the '
        "governor's former attorney said in an interview."
    )
    assert quoted(text) == [("was worried about the election", "Ann Cole")]


def test_the_attorney_is_the_lawyer_named_before() -> None:
    text = (
        'Governor Tom Briggs hired lawyer Ann Cole in May. "He knew it was wrong from the '
        'start," the attorney said on Monday.'
    )
    assert quoted(text) == [("He knew it was wrong from the start", "Ann Cole")]


def test_a_county_sheriffs_office_speaks_as_that_body() -> None:
    text = (
        'Two people were hurt in a shooting at a mall in Fairview on Friday. "This is an '
        "active shooter situation,\" the Fairview County sheriff's office said."
    )
    assert quoted(text) == [
        ("This is an active shooter situation", "Fairview County sheriff's office")
    ]


def test_a_tweet_from_a_long_body_name_is_that_body() -> None:
    text = (
        'Two people were hurt in a shooting at a mall on Friday. "This is an active shooter '
        "situation,\" a tweet from the Palm Beach County sheriff's office said before the "
        "suspect was found."
    )
    assert quoted(text) == [
        ("This is an active shooter situation", "Palm Beach County sheriff's office")
    ]


def test_the_body_that_fired_someone_for_a_quoted_reason_gave_it() -> None:
    text = (
        "Jon Fields fired from ABC for 'repeated breaches of company policy'.\n\n"
        "Jon Fields has been dismissed after an internal review, the network said on Tuesday."
    )
    assert ("repeated breaches of company policy", "ABC") in quoted(text)
