"""A title-case headline line is tagged in sentence case: its common words lose their capital,
its names keep theirs, and a word only the headline capitalises is no name on its own
(aggregator/language/headlines.py, used by ner_en)."""

from __future__ import annotations

from aggregator.language import headlines, ner_en

TEXT = (
    "Mayor Returns To City Hall In Lakeport, Removes Mask Despite Outcry.\n\n"
    "Mayor Jane Holloway returned to City Hall in Lakeport on Monday and removed her mask "
    "before the cameras, to an outcry from the council."
)


def test_a_title_case_line_is_put_in_sentence_case_keeping_its_names() -> None:
    cased = headlines.sentence_case(TEXT)
    line = cased.text.split("\n", 1)[0]
    # "Returns"/"returned", "Outcry"/"outcry": the body writes them in lower case
    assert line == "Mayor returns to City Hall in Lakeport, removes mask despite outcry."
    assert len(cased.text) == len(TEXT) and cased.text[len(line) :] == TEXT[len(line) :]
    assert not cased.unsure


def test_only_title_case_short_lines_change() -> None:
    for line in (
        "Mayor returns to city hall in Lakeport after a long absence.",  # sentence case
        "MAYOR RETURNS TO CITY HALL",  # shouted
        "By Jane Holloway Health Reporter And Editor",  # a byline
        "Mayor Returns",  # too short to tell
    ):
        assert headlines.sentence_case(line + "\n\nMore text here.").text.startswith(line)


def test_a_word_only_the_headline_capitalises_is_unsure() -> None:
    text = "Budget Talks Stall As Senator Price Quits Over Flap.\n\nThe senator left on Monday."
    cased = headlines.sentence_case(text)
    assert cased.text.startswith("Budget Talks Stall as senator Price Quits over Flap.")
    unsure = {text[a:b] for a, b in cased.unsure.items()}
    assert unsure == {"Talks", "Stall", "Quits", "Flap"}  # "Price" follows a title: a name
    assert headlines.trim(cased, text, text.index("Flap"), text.index("Flap") + 4) is None


def test_unsure_words_are_trimmed_off_a_known_name() -> None:
    text = "Joe Biden Set To Launch Bid.\n\nJoe Biden is expected to announce a bid next week."
    cased = headlines.sentence_case(text)
    end = text.index(" To")
    assert headlines.trim(cased, text, 0, end) == (0, len("Joe Biden"))


def test_the_tagger_finds_no_name_in_the_headline_s_common_words() -> None:
    text = (
        "Trump Returns To White House, Removes Mask Despite Infection.\n\n"
        "President Trump made a return to the White House on Monday evening, where he removed "
        "his mask despite his infection."
    )
    surfaces = {m.surface: m.type for m in ner_en.mentions(text)}
    assert surfaces.get("Trump") == "PER" and surfaces.get("White House") == "LOC"
    assert not [s for s in surfaces if "Returns" in s or "Mask" in s or "Infection" in s]


def test_a_name_of_unsure_words_alone_is_dropped_and_lowered_edges_are_trimmed() -> None:
    text = (
        "Biden Calls For Return To Filibuster As Fight Widens.\n\n"
        "President Joe Biden said the talks would go on."
    )
    cased = headlines.sentence_case(text)
    fight = text.index("Fight")
    assert headlines.trim(cased, text, fight, fight + len("Fight Widens")) is None
    assert headlines.trim(cased, text, 0, len("Biden Calls For")) == (0, len("Biden"))


def test_lines_below_the_first_are_left_alone() -> None:
    text = (
        "The clinic reopened on Monday after a long closure.\n\n"
        "Photograph by: Aaron Lynett, National Post\n\n"
        "With Files From Stephane Massinon And Karen Holloway Of The Herald"
    )
    cased = headlines.sentence_case(text)
    assert cased.text == text and not cased.unsure
    assert headlines.sentence_case("Ben Waldron Of ABC News Reports:\n\nMore.").text.startswith(
        "Ben Waldron Of"
    )
