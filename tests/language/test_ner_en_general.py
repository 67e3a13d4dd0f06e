"""English entity repairs meant to hold on any news, not on the texts they were found on: a
person cue decides a name's type for the whole text, headline word runs that name nothing are
dropped, a headline span is cut between two known names, place lists and hyphenated place pairs
are cut into their places. Passages written for these tests."""

from __future__ import annotations

from aggregator.language import bounds_en
from aggregator.language.entities import document_entities


def _typed(text: str) -> set[tuple[str, str]]:
    return {(e.type, s) for e in document_entities(text, "en") for s in e.surfaces}


def test_a_person_cue_types_every_mention_of_the_name() -> None:
    # the small model types both bare "Trump" mentions ORG; "President Trump" says who he is
    text = (
        "The deal is invalid because it lacks Trump’s signature, the lawyers argue. The vote "
        "was delayed at Trump's request, and President Trump has not commented."
    )
    assert _typed(text) == {("PER", "Trump")}
    text = (
        "The deal is invalid because it lacks Trump’s signature. Twitter added a warning label "
        "to Trump’s tweets, which President Trump called unfair."
    )
    assert ("PER", "Trump") in _typed(text) and ("ORG", "Trump") not in _typed(text)


def test_a_cue_types_its_own_name_only() -> None:
    text = "President Biden visited a Ford plant on Monday. Shares of Ford rose after the visit."
    found = _typed(text)
    assert ("PER", "Biden") in found and ("ORG", "Ford") in found, found


def test_a_headline_run_of_words_that_name_nothing_is_dropped() -> None:
    text = (
        "Weekly Mortgage Rates Climb to 7 Percent.\n\n"
        "Rates on home loans rose again last week, data from Freddie Mac showed on Thursday."
    )
    assert _typed(text) == {("ORG", "Freddie Mac")}
    # a person's name only the headline gives is kept
    text = (
        "Governor Ann Walsh Files Suit Against Utility.\n\n"
        "The lawsuit was filed on Monday in the state court."
    )
    assert ("PER", "Ann Walsh") in _typed(text)


def test_a_headline_span_is_cut_between_two_known_names_and_quoted_words_are_unsure() -> None:
    text = (
        "Merkel Urges Macron to ‘Hold the Line’ on Budget Rules.\n\n"
        "Angela Merkel spoke to Emmanuel Macron by telephone. Macron told reporters the call "
        "went well, and Merkel agreed."
    )
    found = _typed(text)
    assert ("PER", "Merkel") in found and ("PER", "Macron") in found
    assert not any("Urges" in s or "Hold" in s for _, s in found), found


def test_place_lists_and_pairs_are_cut_into_their_places() -> None:
    text = (
        "Protesters gathered in Austin, Texas, and later in Washington, D.C., on Sunday. "
        "Talks on the U.S.-Mexico border resumed."
    )
    found = {s.rstrip(".") for kind, s in _typed(text) if kind == "LOC"}
    assert {"Austin", "Texas", "Washington", "D.C", "U.S", "Mexico"} <= found
    assert not any("," in s or "-" in s for s in found), found
    text = "Kenosha, Wisconsin."
    assert bounds_en.split_places(text, [(0, 18, "GPE")]) == [(0, 7, "GPE"), (9, 18, "GPE")]
    # a body keeps its comma; two words that are not both known places keep their hyphen
    body = "University of California, San Francisco"
    assert bounds_en.split_places(body, [(0, len(body), "ORG")]) == [(0, len(body), "ORG")]
    pair = "Coca-Cola"
    assert bounds_en.split_places(pair, [(0, 9, "ORG")]) == [(0, 9, "ORG")]


def test_a_place_cue_types_a_name_the_model_took_for_a_person_or_a_body() -> None:
    text = (
        "Flooding hit the coast of Kaupokonui on Sunday. Rescue crews worked through the night "
        "in Senkata, which lies above the city, officials said."
    )
    assert _typed(text) == {("LOC", "Kaupokonui"), ("LOC", "Senkata")}
    text = "The rally in Absard, a suburb of the capital, drew thousands."
    assert _typed(text) == {("LOC", "Absard")}
    # "in" before a name that qualifies what follows is no place cue
    text = "The veto was the second in Trump's presidency, aides to President Trump said."
    assert ("PER", "Trump") in _typed(text)


def test_a_name_before_a_state_opening_a_longer_name_is_no_city() -> None:
    text = "Maria Lopez, New York Times reporter, wrote the story from Kenosha, Wisconsin."
    found = _typed(text)
    assert ("PER", "Maria Lopez") in found and ("LOC", "Kenosha") in found, found


def test_words_a_page_glued_to_a_name_are_cut_off() -> None:
    text = (
        "The report was written by Nick TriggleHealth correspondent, BBC News, with help from "
        "QuoteDr Harry BurnsChief medical officer."
    )
    assert _typed(text) == {("ORG", "BBC News"), ("PER", "Nick Triggle"), ("PER", "Harry Burns")}
    assert bounds_en.unglued("YouTube", 0, 7) == (0, 7)
    assert bounds_en.unglued("Douglas MacArthur", 0, 17) == (0, 17)


def test_a_council_on_a_place_is_the_council_and_the_place() -> None:
    text = "Both countries will coordinate ahead of the UN Security Council on Sudan next week."
    assert _typed(text) == {("ORG", "UN Security Council"), ("LOC", "Sudan")}
    # a programme's "on" is left alone: "Focus" alone would be a worse name
    text = "The BBC programme Focus on Africa covered the North Atlantic Treaty Organization."
    assert ("ORG", "Focus") not in _typed(text)
    assert ("ORG", "North Atlantic Treaty Organization") in _typed(text)


def test_treaties_and_abstract_nouns_are_no_entities() -> None:
    text = (
        "The ministry recalled that missions are bound by the Vienna Convention on Diplomatic "
        "Relations of 1961, and called the expulsion a campaign of Russophobia."
    )
    assert _typed(text) == set()


def test_an_office_of_a_body_names_the_body() -> None:
    text = "The Defence Attaché of the Embassy of the Russian Federation in London was told to go."
    assert _typed(text) == {("ORG", "Embassy of the Russian Federation"), ("LOC", "London")}


def test_a_title_case_headline_with_small_function_words_is_a_headline() -> None:
    # "on", "the", "of", "a" in lower case: title case, so its other words are common words
    text = (
        "Farmers on the Front Lines of a Quiet Water War.\n\n"
        "Farmers in the valley say the drought has pushed them into a fight over wells."
    )
    assert _typed(text) == set()


def test_a_possessive_ends_a_name_before_what_is_no_name() -> None:
    text = "Loyal columnists served as a shield for Newsom’s COVID failures, critics say."
    found = _typed(text)
    assert ("PER", "Newsom") in found and not any("COVID" in s for _, s in found), found
    text = (
        "Ortega’s Budget Plan Wins Senate Vote.\n\n"
        "The Senate backed the plan of Governor Maria Ortega on Tuesday. Ortega thanked senators."
    )
    found = _typed(text)
    assert ("PER", "Ortega") in found and not any("’" in s for _, s in found), found


def test_a_known_body_the_model_calls_a_product_is_kept() -> None:
    text = "The host reactivated his Twitter account but turned it private after a hack."
    assert _typed(text) == {("ORG", "Twitter")}
    # names inside an event or a title stay out ("Vietnam War")
    assert ("LOC", "Vietnam") not in _typed("He served in the Vietnam War as a medic.")


def test_a_one_word_name_the_text_also_writes_in_lower_case_is_a_common_word() -> None:
    text = (
        "Reporters waited outside as the Press Secretary spoke. The press had been kept out of "
        "the room for hours."
    )
    assert _typed(text) == set()
    assert _typed("After the ruling, the Court said the court would hear no appeals.") == set()
    # a person's name, a known body or a party keeps its capital
    text = "Labour said labour costs rose; Mr Baker, a baker, agreed, as did the NHS."
    found = _typed(text)
    assert {("ORG", "Labour"), ("PER", "Baker"), ("ORG", "NHS")} <= found, found


def test_a_party_the_model_and_the_gazetteer_both_find_is_one_mention() -> None:
    text = "The senator shuns Republican leaders to cut a debt deal."
    counts = {e.name: e.mentions for e in document_entities(text, "en")}
    assert counts == {"Republican": 1}


def test_a_family_named_in_the_plural_is_people() -> None:
    text = (
        "The Obama campaign said the Obamas had paid their taxes, and the Obamas released "
        "their returns on Friday."
    )
    found = _typed(text)
    assert ("PER", "Obamas") in found and ("ORG", "Obamas") not in found, found
