"""English quote marks and speaker patterns of the third gold round (issue 14, item 3), each in a
short passage written for this test: straight single marks (British tabloids), doubled single
marks (The Age, SMH)."""

from __future__ import annotations

from aggregator.compare.org_names import org_run
from aggregator.compare.quote_marks import straight_singles
from aggregator.language.entities import Mention
from tests.support.speakers import quoted


def test_straight_single_marks_quote_and_keep_apostrophes() -> None:
    text = (
        "Dr Anna Price, a surgeon at the county hospital, spoke to reporters.\n\n"
        "She said: 'We don't see the patients' notes until it's too late, and that is wrong.'\n\n"
        "'It has to change this year,' she added."
    )
    assert quoted(text) == [
        ("We don't see the patients' notes until it's too late, and that is wrong.", "Anna Price"),
        ("It has to change this year", "Anna Price"),
    ]


def test_a_single_marked_claim_nobody_made_is_no_quote() -> None:
    text = "Young drivers 'face higher insurance costs this year'\n\nPrices rose by 4%."
    assert quoted(text) == []


def test_a_straight_single_quote_running_over_paragraphs_is_one_quote() -> None:
    # each paragraph reopens with ', only the last one closes (as with double marks); the
    # apostrophe of "residents'" is no mark
    text = (
        "Residents were angry.\n\n"
        "Jane Porter, who chairs the residents' group, said: 'We were never asked about the "
        "closure.\n\n"
        "'Nobody came to a single meeting.\n\n"
        "'And now the library is gone for good.'\n\n"
        "The council said it had consulted widely."
    )
    assert quoted(text) == [
        (
            "We were never asked about the closure. Nobody came to a single meeting. And now "
            "the library is gone for good.",
            "Jane Porter",
        )
    ]


def test_an_unclosed_single_mark_not_reopened_is_no_running_quote() -> None:
    text = "Shoppers queued from 6am for the 'Black Friday deals.\n\nThe doors opened at 8am."
    assert "‘" not in straight_singles(text)


def test_doubled_single_marks_are_one_quote_mark() -> None:
    text = (
        "Researchers tested the pills on 40 patients.\n\n"
        "''Nobody expected the effect to be that large,'' said Professor Helen Marsh, who led "
        "the work.\n\n"
        "''We will now repeat it in a bigger trial.''"
    )
    assert straight_singles(text).count("“") == 2
    assert quoted(text) == [
        ("Nobody expected the effect to be that large", "Helen Marsh"),
        ("We will now repeat it in a bigger trial.", "Helen Marsh"),
    ]


def test_a_long_apposition_between_the_name_and_said() -> None:
    text = (
        "Doctors in the city met on Monday.\n\n"
        '"These cases are very hard to treat," Maria Lopez, a chest physician and the director '
        "of the Institute of Lung Medicine at the City Medical College in Leeds, said in an "
        "interview."
    )
    assert quoted(text) == [("These cases are very hard to treat", "Maria Lopez")]


def test_of_a_workplace_after_a_name_without_its_closing_comma() -> None:
    text = (
        "The test was tried on 80 samples.\n\n"
        "Lead researcher Dr Rebecca Stone, of the Medical Research Council's Cell Unit in "
        'Cambridge said: "Our technique shows exactly where the disease is."'
    )
    assert quoted(text) == [("Our technique shows exactly where the disease is.", "Rebecca Stone")]


def test_organisation_names_the_tagger_cut_short() -> None:
    text = (
        "The Society of Obstetricians and Gynecologists of Canada said the plan clashed with "
        "its policy, which states that \"a patient's request for information should be "
        'respected."\n\n'
        "A report by the House Energy and Commerce Committee was published on Tuesday.\n\n"
        '"Auditors largely ignored the guidance on food safety," according to the House '
        "panel's report."
    )
    assert [speaker for _, speaker in quoted(text)] == [
        "Society of Obstetricians and Gynecologists of Canada",
        "House Energy and Commerce Committee",
    ]


def test_said_his_publisher_is_the_publisher_named_after_it() -> None:
    text = (
        "Sir Tom Hale has signed up to write his first book.\n\n"
        'It will be "the very personal story of his years on the road," said his publisher, '
        "Little, Brown & Company."
    )
    assert [speaker for _, speaker in quoted(text)] == ["Little, Brown & Company"]


def test_asserted_is_a_speech_verb() -> None:
    text = (
        "One of the study's authors, Prof. Peter Ebeling, asserted: "
        '"Deficiency is a public health problem that has never been properly examined."'
    )
    assert [speaker for _, speaker in quoted(text)] == ["Peter Ebeling"]


def test_a_sentence_opening_with_he_before_a_colon() -> None:
    text = (
        "Victor Wong, head of the national council, disputed the claim.\n\n"
        "Still, he agreed the editorial touched a raw nerve and had this advice for parents: "
        '"Boy or girl, you should count your blessings."'
    )
    assert [speaker for _, speaker in quoted(text)] == ["Victor Wong"]


def test_he_in_the_sentence_of_the_one_person_named() -> None:
    text = (
        "Dr Tom Hill wrote the first study of the practice.\n\n"
        "In the editorial, Rajendra Patel proposes postponing the scan, which he called "
        '"information of no medical use at all".'
    )
    assert [speaker for _, speaker in quoted(text)] == ["Rajendra Patel"]


def test_page_furniture_does_not_end_a_running_quote() -> None:
    text = (
        'Professor Mark Griffiths said: "It is important to tell one addiction from another.\n\n'
        '"Most people will need more than one treatment."\n\n'
        "Related Articles\n\n"
        "Web habit changes the brain 12 Jan 2012\n\n"
        "Smartphone users imagine texts 12 Jan 2012\n\n"
        '"There is no evidence that one treatment is better than any other."'
    )
    assert [speaker for _, speaker in quoted(text)] == ["Mark Griffiths", "Mark Griffiths"]


def test_a_quote_inside_the_next_paragraphs_sentence_continues_its_speaker() -> None:
    text = (
        '"You tend to think all exercise is good for you," said Dr Claes Held.\n\n'
        'But the heavy labour group "probably works in a fairly unhealthy environment, with '
        'high temperatures."'
    )
    assert [speaker for _, speaker in quoted(text)] == ["Claes Held", "Claes Held"]


def test_a_role_before_an_apposed_name_is_that_persons_role() -> None:
    text = (
        "The minister, Lesley Griffiths, visited the site in Llandudno.\n\n"
        'The minister said: "This scheme will drive up standards across Wales."'
    )
    assert [speaker for _, speaker in quoted(text)] == ["Lesley Griffiths"]


def test_an_organisation_run_over_a_lower_case_word_ends_in_a_body_word() -> None:
    text = "A spokesperson for the Medicines and Healthcare products Regulatory Agency said."
    start = text.index("Medicines")
    cut = Mention(start, start + 9, "Medicines", "ORG", "Medicines", "medicines")
    assert org_run(text, cut, [cut]) == "Medicines and Healthcare products Regulatory Agency"
    other = "The Medicines and Healthcare products were recalled."
    cut = Mention(4, 13, "Medicines", "ORG", "Medicines", "medicines")
    assert org_run(other, cut, [cut]) == "Medicines"


def test_a_sentence_introducing_the_next_quote_is_not_the_last_ones_attribution() -> None:
    text = (
        'Shadow health secretary Andy Burnham said: "This is privatisation by the back door." '
        'Health minister Simon Burns said: "That is simply not true at all."'
    )
    assert [speaker for _, speaker in quoted(text)] == ["Andy Burnham", "Simon Burns"]


def test_the_first_lady_is_the_person_given_that_role() -> None:
    text = (
        "First lady Michelle Obama visited the school with the president.\n\n"
        '"The children were wonderful to us," the first lady said.'
    )
    assert [speaker for _, speaker in quoted(text)] == ["Michelle Obama"]


def test_he_is_the_named_manager_not_the_club_before_his_title() -> None:
    text = (
        "Manchester United manager Alex Ferguson spoke after the game. His captain, Nemanja "
        'Vidic, was injured.\n\n"We were not good enough today," he told reporters.'
    )
    assert [speaker for _, speaker in quoted(text)] == ["Alex Ferguson"]


def test_the_statement_speaks_for_whoever_issued_it() -> None:
    text = (
        "Rolls-Royce issued a statement on Monday.\n\n"
        '"The engines are safe to fly," the statement said.'
    )
    assert [speaker for _, speaker in quoted(text)] == ["Rolls-Royce"]
