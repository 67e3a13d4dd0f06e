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


def test_a_quote_ending_its_sentence_shares_no_speaker_with_the_next() -> None:
    text = (
        'Jenrick told the Commons: "The public want action, not words." Labour\'s Yvette Cooper '
        'hit back: "This is a government that has lost control."'
    )
    assert quoted(text) == [
        ("The public want action, not words.", "Jenrick"),
        ("This is a government that has lost control.", "Yvette Cooper"),
    ]


def test_a_person_named_with_a_body_s_possessive_opens_the_sentence() -> None:
    text = (
        "The strike went ahead on Monday. Unite's general secretary, Sharon Graham, was "
        'defiant: "Workers kept this country going and deserve better."'
    )
    assert quoted(text) == [
        ("Workers kept this country going and deserve better.", "Sharon Graham")
    ]


def test_a_person_governed_in_a_fronted_phrase_is_not_the_pronoun_s_antecedent() -> None:
    text = (
        "The health secretary, Wes Streeting, has promised to cut waiting lists. Speaking to "
        'the BBC\'s Laura Kuenssberg on Sunday, he said: "We will fix the NHS."'
    )
    assert quoted(text) == [("We will fix the NHS.", "Wes Streeting")]


def test_a_lawyer_or_a_relative_is_not_the_person_they_are_tied_to() -> None:
    lawyer = (
        'Raj Patel was charged on Monday. "My client denies all of the charges against him," '
        "Mr Patel's lawyer said."
    )
    wife = (
        'Tom Baker, 45, died on Friday. "He was a loving father and a devoted husband," his '
        "wife said."
    )
    family = (
        'Tom Baker died on Friday. The family of Tom Baker said: "He was a loving father and a '
        'devoted husband."'
    )
    assert quoted(lawyer) == [
        ("My client denies all of the charges against him", "Mr Patel's lawyer")
    ]
    assert quoted(wife) == [("He was a loving father and a devoted husband", "his wife")]
    assert [s for _, s in quoted(family)] == ["The family of Tom Baker"]


def test_a_name_given_to_the_relative_or_earlier_is_the_speaker() -> None:
    named = (
        "Raj Patel was charged on Monday. Patel's lawyer, Joanne Wilson, said: \"My client "
        'denies all of the charges against him."'
    )
    father = (
        "The boy's father, Grayson Ottaway, said the family had been lucky. \"He's absolutely "
        'fine now," his father said.'
    )
    assert [s for _, s in quoted(named)] == ["Joanne Wilson"]
    assert quoted(father) == [("He's absolutely fine now", "Grayson Ottaway")]


def test_a_name_a_person_s_role_describes_is_a_person_not_the_party_in_the_role() -> None:
    before = (
        'Kemi Badenoch, the Conservative leader, told the BBC: "Labour are taxing jobs and '
        'killing growth."'
    )
    after = (
        '"Labour are taxing jobs and killing growth," Kemi Badenoch, the Conservative leader, said.'
    )
    for text in (before, after):
        found = [f for f in find_quotes(text, "en") if f.kind == "direct"]
        assert [(f.speaker.name, f.speaker.type) for f in found if f.speaker] == [
            ("Kemi Badenoch", "PER")
        ]


def test_a_programme_named_as_the_medium_is_no_quote() -> None:
    text = (
        "Senator Jane Roe defended the bill on Sunday.\n\n"
        '"We will not back down on this bill," the senator told NBC\'s "Meet the Press." She '
        'had appeared on "Face the Nation" a week before.'
    )
    assert quoted(text) == [("We will not back down on this bill", "Jane Roe")]


def test_title_case_words_in_a_headline_stay_a_quote() -> None:
    text = (
        "Roe Says Opponents Want to 'Take Away Your Health Care'\n\n"
        'Senator Jane Roe said on Sunday that her opponents wanted to "take away your health '
        'care".'
    )
    assert [w for w, _ in quoted(text)][:1] == ["Take Away Your Health Care"]
