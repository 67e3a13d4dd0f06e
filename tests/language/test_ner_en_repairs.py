"""English mentions the small model gets wrong and ner_en repairs: datelines and abbreviated
states, a name cut at "and", credits split at "/", acronyms of common things, a person's title
before a name, no one called "the Herald"."""

from __future__ import annotations

from aggregator.language import datelines, ner_en, not_names_en


def _typed(text: str) -> dict[str, str]:
    return {m.surface: m.type for m in ner_en.mentions(text)}


def test_datelines_and_abbreviated_states_are_places() -> None:
    text = (
        "OTTAWA - The report came out.\n\nNEW YORK (Reuters Health) - A study.\n\n"
        "CUTTACK: The court sat.\n\nWASHINGTON\n\nENERGY DRINKS: Reactions rose.\n\n"
        "UPDATE: Nothing.\n\nHe works in Hamilton, Ont. and in La Jolla, Calif. now."
    )
    found = [text[a:b] for a, b, _ in datelines.find(text)]
    assert found == [
        "OTTAWA",
        "NEW YORK",
        "CUTTACK",
        "WASHINGTON",
        "Hamilton",
        "Ont.",
        "La Jolla",
        "Calif.",
    ]
    typed = _typed("The institute in Hamilton, Ont. studied 24,000 people.")
    assert typed.get("Ont") == "LOC"


def test_a_name_cut_at_and_is_joined_but_not_two_bodies() -> None:
    typed = _typed("The Society of Obstetricians and Gynecologists of Canada agreed, noting it.")
    assert typed == {"Society of Obstetricians and Gynecologists of Canada": "ORG"}
    typed = _typed(
        "Researchers at the Ernest Gallo Clinic and Research Center at the University of "
        "California, San Francisco, report this."
    )
    assert "Ernest Gallo Clinic and Research Center" in typed
    typed = _typed("The Bank of England and Mr Smith said so.")
    assert "Bank of England" in typed and "Bank of England and Mr Smith" not in typed
    typed = _typed("The Bank of England and Treasury agreed.")
    assert typed == {"Bank of England": "ORG", "Treasury": "ORG"}


def test_a_credit_is_split_at_its_slash() -> None:
    typed = _typed("Machines in Hong Kong. (Natasha Khan / Bloomberg)\n\nTwo firms said so.")
    assert typed.get("Natasha Khan") == "PER" and typed.get("Bloomberg") == "ORG"


def test_acronyms_of_common_things_are_not_bodies() -> None:
    text = (
        "Tests for human papillomavirus (HPV) work. Internet addiction disorder (IAD) is "
        "studied with dihydromyricetin, or DHM, by GPs at the Care Quality Commission (CQC)."
    )
    common = not_names_en.common_acronyms(text)
    assert {"HPV", "IAD", "DHM", "GP"} <= common and "CQC" not in common


def test_a_title_makes_a_person_and_an_acronym_is_no_person() -> None:
    text = "Dr Hamish Meldrum of the BMA spoke.\n\nMr Ealing Broadway said it was fine."
    start = text.index("Hamish")
    assert ner_en.retype(text, start, "Hamish Meldrum", "ORG") == "PER"
    assert ner_en.retype(text, text.index("Ealing"), "Ealing Broadway", "LOC") == "PER"
    assert ner_en.retype(text, text.index("BMA"), "BMA", "PER") == "ORG"
    assert ner_en.retype(text, text.index("BMA"), "BMA", "ORG") == "ORG"


def test_no_one_is_the_herald() -> None:
    typed = _typed('"It worked," Dr Jafari told the Herald on Friday.')
    assert typed.get("Herald") == "ORG"
    assert _typed("the Obama administration said").get("Obama") == "PER"


def test_a_lone_title_a_degree_and_a_credit_label_are_no_names() -> None:
    typed = _typed(
        "The Superintendent of the SCB Medical College said so. Howard L. Fields, M.D., Ph.D., "
        "spoke.\n\nRobin Gibb on stage. Picture: Chris Scott Source: Herald Sun"
    )
    assert "Superintendent" not in typed and "M.D" not in typed and "Ph.D" not in typed
    assert "Chris Scott" in typed and "Chris Scott Source" not in typed
    assert ner_en.clean_span("King said", 0, 4, "PER") == (0, 4)  # a surname, not a title


def test_counties_provinces_and_states_are_places() -> None:
    typed = _typed("Whitemoor Medical Centre in Belper, Derbyshire piloted it.")
    assert typed.get("Derbyshire") == "LOC"


def test_a_lone_name_that_speaks_is_a_person() -> None:
    text = "Keogh's review will look at it, Lansley said. The Democrats said no. The BMA said no."
    start = text.index("Lansley")
    assert ner_en._SAYS_AFTER.match(text, start + len("Lansley"))
    typed = _typed(text)
    assert typed.get("Lansley") == "PER"
    assert typed.get("Democrats") != "PER" and typed.get("BMA") != "PER"


def test_an_age_or_a_role_after_a_name_makes_a_person() -> None:
    text = "Tama Galiere, 10 months old, was admitted. He studied at the University of "
    text += "Pennsylvania, the chair of the group said."
    after = text.index(",")
    assert ner_en._PERSON_AFTER.match(text, after)
    typed = _typed(text)
    assert typed.get("University of Pennsylvania") == "ORG"


def test_a_body_named_by_its_place_and_a_building() -> None:
    typed = _typed("Uncertainty continues even as the Orissa High Court on Monday sought details.")
    assert typed.get("Orissa High Court") == "ORG" and "Orissa" not in typed
    assert ner_en._head_type("Critical Care Building", "ORG") == "LOC"


def test_a_gazetteer_name_keeps_its_type_whatever_the_model_says() -> None:
    text = (
        "The White House said on Monday that the Kremlin had not replied. Officials at the "
        "State Department and ICE agreed, Politico reported."
    )
    typed = _typed(text)
    assert typed.get("White House") == "LOC" and typed.get("Kremlin") == "LOC"
    assert typed.get("State Department") == "ORG" and typed.get("ICE") == "ORG"
    assert typed.get("Politico") == "ORG"


def test_us_copy_names_read_by_their_use() -> None:
    text = (
        "A federal judge blocked the Trump administration on Monday, and Stormy Daniels sued "
        "President Trump. A former Obama White House counsel went to the U.S. District Court in "
        "Brooklyn and the U.S. Senate. Sen. Susan Collins (R-Maine) and Rand Paul, R-Ky., spoke in "
        "Pensacola, Florida, about Medicare, the State of the Union, COVID-19 and the "
        "Bipartisan Background Checks Act."
    )
    typed = _typed(text)
    assert typed.get("Trump") == "PER" and typed.get("Obama") == "PER"
    assert typed.get("U.S. District Court") == "ORG" and typed.get("U.S. Senate") == "ORG"
    assert typed.get("Maine") == "LOC" and typed.get("Ky") == "LOC"
    assert typed.get("Pensacola") == "LOC"
    for common in ("Medicare", "State of the Union", "COVID-19", "Bipartisan Background Checks"):
        assert not [s for s in typed if common in s], common


def test_party_and_state_of_a_member_and_a_place_with_its_state() -> None:
    text = "Steve King (R., Iowa) and Chris Murphy (D-Conn.) met in Kenosha, Wisconsin."
    found = [text[a:b] for a, b, _ in datelines.find(text)]
    assert found == ["Iowa", "Conn.", "Kenosha"]
    # "Miss." is Mississippi here, not an honorific making a person
    typed = _typed("Rep. Bennie Thompson (D-Miss.) said in a statement that it was wrong.")
    assert typed.get("Miss") == "LOC" and typed.get("Bennie Thompson") == "PER"


def test_a_person_by_trade_a_place_s_court_and_the_parties() -> None:
    text = (
        "Adult film star Stormy Daniels sued the Trump Administration. Wisconsin’s Supreme Court "
        "ruled on Monday, and Dems and the NRA objected. Sunu P. Chandy, legal director of the "
        "center, told NBC News."
    )
    typed = _typed(text)
    assert typed.get("Stormy Daniels") == "PER" and typed.get("Trump") == "PER"
    assert typed.get("Wisconsin") == "LOC" and typed.get("Supreme Court") == "ORG"
    assert typed.get("Dems") == "ORG" and typed.get("NRA") == "ORG"
    assert typed.get("Sunu P. Chandy") == "PER"


def test_leftovers_of_the_word_before_and_an_ordinal() -> None:
    text = (
        "Former Ex-NSC aide Fiona Hill spoke. The corporate media’s Brian Sicknick story ran. "
        "He represented the 6th Congressional District of Texas."
    )
    typed = _typed(text)
    assert typed.get("NSC") == "ORG" and "Ex-NSC" not in typed
    assert typed.get("Brian Sicknick") == "PER" and not [s for s in typed if s.startswith("s ")]
    assert "6th Congressional District" in typed


def test_a_name_ending_in_uk_is_a_body() -> None:
    typed = _typed(
        "Asthma UK said the figures were worrying. Parkinson's UK and Age UK agreed. "
        "He lives in the UK, and UK firms and Britain agreed."
    )
    assert typed.get("Asthma UK") == "ORG" and typed.get("Parkinson's UK") == "ORG"
    assert typed.get("Age UK") == "ORG" and typed.get("UK") == "LOC"


def test_a_gazetteer_name_wider_than_the_model_s_span_wins() -> None:
    typed = _typed("Officials at the Department of Health and Social Care met the Washington Post.")
    assert typed.get("Department of Health and Social Care") == "ORG"
    assert typed.get("Washington Post") == "ORG" and "Washington" not in typed
