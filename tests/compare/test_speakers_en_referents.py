"""English speaker phrases that cannot mean someone named before (docs/quotes.md rule 17,
issue 14), in passages written for this test (invented people, real kinds of bodies): a body
whose name holds a role word ("the Foreign Office") is that body, not the "Foreign Office
minister" named next; an indefinite or plural description ("One European official", "Security
officials", "a senior diplomat") brings in someone the article leaves unnamed."""

from __future__ import annotations

from aggregator.compare.quotes import find_quotes
from tests.support.speakers import quoted, reported


def test_a_body_whose_name_holds_a_role_word_is_the_body() -> None:
    text = (
        "Britain has told a Ruritanian diplomat to leave the country.\n\n"
        "The decision follows a long investigation by the police, the Foreign Office said.\n\n"
        'Foreign Office minister Tom Barlow told MPs the move was "a clear signal" to Ruritania.'
    )
    assert reported(text)[0] == (
        "The decision follows a long investigation by the police",
        "Foreign Office",
    )
    speakers = [f.speaker for f in find_quotes(text, "en") if f.kind == "reported"]
    assert speakers[0] is not None and speakers[0].type == "ORG"


def test_the_body_s_minister_is_still_the_minister() -> None:
    text = (
        "Foreign Office minister Tom Barlow spoke in the Commons on Monday.\n\n"
        '"This is a clear signal that such conduct has consequences," the Foreign Office '
        "minister said."
    )
    assert quoted(text) == [
        ("This is a clear signal that such conduct has consequences", "Tom Barlow")
    ]


def test_one_official_is_an_unnamed_source_not_the_minister_named_before() -> None:
    text = (
        "Russia's foreign minister, Sergei Lavrov, met his Egyptian counterpart in Moscow.\n\n"
        "Western diplomats have watched closely. One European official said Moscow was using "
        "cheap grain to win goodwill at a time when it faced sanctions.\n\n"
        'One European official said the offer was "a way to buy friends with stolen grain".'
    )
    assert reported(text) == []  # reported speech is kept only with a named speaker
    assert [s for _, s in quoted(text)] != ["Sergei Lavrov"]


def test_officials_in_the_plural_are_no_person_named_before() -> None:
    text = (
        '"We will not tolerate hostile acts on British soil," the Foreign Office minister Tom '
        "Barlow told MPs.\n\n"
        "Security officials said the move followed an investigation into attempts to recruit "
        "people working in the defence sector."
    )
    assert reported(text) == []
    assert quoted(text) == [("We will not tolerate hostile acts on British soil", "Tom Barlow")]


def test_a_senior_executive_is_not_the_chief_executive_named_before() -> None:
    text = (
        "The chief executive, Mary Vance, spoke on Monday.\n\n"
        '"The expulsion was long overdue and fully justified," a senior executive said.'
    )
    assert quoted(text) == [
        ("The expulsion was long overdue and fully justified", "senior executive")
    ]


def test_the_diplomat_named_before_is_still_the_diplomat() -> None:
    text = (
        "The ambassador, Sir Ian Cole, was summoned on Monday.\n\n"
        '"The expulsion was long overdue and fully justified," the ambassador said.'
    )
    assert quoted(text) == [("The expulsion was long overdue and fully justified", "Ian Cole")]
