"""English speakers in US news copy (issue 14, AllSides gold round), each in a short passage
written for this test: a party tag after a name ("Sen. Ann Roe, R-Ky., who …, said") does not
hide the name; a party adjective ("the Democratic senator", "the only Republican") never speaks;
the verb right before a quote with a subject of its own is the quote's ("…, hours after Trump
said that "…""); "the president" is not the vice president, and "X, the president said" gives
X no role; "according to a letter from X" is X; a participle ("…, claiming that her "…"") speaks
for the sentence's subject; "ROLE, NAME, said" is NAME even when the tagger typed it an
organisation; a quote standing alone as a sentence after one about a person is theirs, unless
it names them."""

from __future__ import annotations

from aggregator.compare.people import Speaker
from aggregator.compare.speakers import Speakers
from aggregator.language.entities import Mention
from aggregator.language.translit import latin_key
from tests.support.speakers import quoted


def test_a_party_tag_after_the_name_keeps_the_speaker() -> None:
    text = (
        "Senate Republicans signalled they would reject the motion.\n\n"
        '"We want both sides to be heard before anyone votes," Sen. Mary Collins, R-Ky., who '
        "sits on the rules committee, said Monday."
    )
    assert quoted(text) == [("We want both sides to be heard before anyone votes", "Mary Collins")]


def test_a_party_adjective_is_not_the_speaker() -> None:
    text = (
        "The only Democrat or Republican to vote against the bill was Ohio Rep. Dana "
        "Whitfield. In a statement after the vote, Whitfield, who is also running for the "
        "Democratic nomination for governor, released a statement, claiming that after her "
        '"review of the bill, I could not in good conscience vote for it."'
    )
    assert quoted(text) == [
        ("review of the bill, I could not in good conscience vote for it.", "Dana Whitfield")
    ]


def test_the_verb_right_before_the_quote_with_its_own_subject() -> None:
    text = (
        "The rebel leader has vowed to fight on, state radio reported, hours after President "
        'Paul Harding said that "only talks can end this war."'
    )
    assert quoted(text) == [("only talks can end this war.", "Paul Harding")]


def test_the_president_is_not_the_vice_president() -> None:
    text = (
        "President Joe Biden tasked Vice President Kamala Harris on Wednesday with the border "
        'talks. "I can think of nobody who is better qualified to do this" than Harris, the '
        "president said at the White House."
    )
    assert quoted(text) == [
        ("I can think of nobody who is better qualified to do this", "Joe Biden")
    ]


def test_according_to_a_letter_from_a_person() -> None:
    text = (
        "The Justice Department accused the college of bias on Thursday. If the college does "
        'not change course, "the Department will be prepared to file a lawsuit," according to '
        "a letter from Eric Dreiband, the assistant attorney general."
    )
    assert quoted(text) == [("the Department will be prepared to file a lawsuit", "Eric Dreiband")]


def test_a_name_in_apposition_to_a_role_speaks_even_tagged_an_organisation() -> None:
    text = "The US ambassador to the United Nations, Nikki Haley, said on Sunday that it holds."
    names = [("United Nations", "ORG"), ("Nikki Haley", "ORG")]
    mentions = [
        Mention(text.index(s), text.index(s) + len(s), s, kind, s, latin_key(s))
        for s, kind in names
    ]
    speakers = Speakers(text, "en", mentions, [])
    assert speakers.resolve_subject(0, text.index("said"), None) == Speaker("Nikki Haley", "ORG")


def test_a_quote_standing_alone_after_a_sentence_about_someone_is_theirs() -> None:
    text = (
        "Senator Chuck Schumer, speaking at a rally of supporters, appeared to threaten the "
        'two judges. "I want to tell you both. You have released the whirlwind and you will '
        'pay the price."'
    )
    assert quoted(text) == [
        (
            "I want to tell you both. You have released the whirlwind and you will pay the price.",
            "Chuck Schumer",
        )
    ]


def test_but_not_when_the_quote_names_that_person() -> None:
    text = (
        'That prompted Tom Jefferson to seek the raw data. "He was stymied again and again, '
        "and Jefferson's concern turned to outrage when the data never came.\""
    )
    assert [speaker for _, speaker in quoted(text)] != ["Tom Jefferson"]


def test_a_quote_opening_with_a_preposition_is_words_not_a_title() -> None:
    text = (
        "President Harding said Sunday that he will demand an inquiry into whether federal agents "
        '"spied on or followed" his presidential campaign "for political purposes," raising '
        "the stakes."
    )
    assert quoted(text) == [
        ("spied on or followed", "Harding"),
        ("for political purposes", "Harding"),
    ]


def test_referred_to_as_is_a_cue() -> None:
    text = (
        "Governor Tom Wells spoke for an hour on Tuesday about the predecessor he referred to "
        'as "the old boss." Wells promised new roads.'
    )
    assert quoted(text) == [("the old boss.", "Tom Wells")]
