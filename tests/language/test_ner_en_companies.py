"""English companies and bodies the small model calls people or cuts, told by the whole document
(``companies_en``, ``bodies_en``). Invented passages."""

from __future__ import annotations

from aggregator.language import bodies_en, bounds_en, companies_en, headlines, person_runs
from aggregator.language.entities import Mention, find_mentions


def _m(text: str, surface: str, kind: str, nth: int = 0) -> Mention:
    start = -1
    for _ in range(nth + 1):
        start = text.index(surface, start + 1)
    return Mention(start, start + len(surface), surface, kind, surface, surface.lower())


def test_a_spokesman_for_a_name_saying_the_company_makes_every_mention_a_body() -> None:
    text = (
        "Tarvik Scripts ended its deal with the chain. A spokesman for Tarvik Scripts said the "
        "company remained open to talks. Tarvik Scripts wants lower prices."
    )
    mentions = [_m(text, "Tarvik Scripts", "PER"), _m(text, "Tarvik Scripts", "ORG", 1)]
    mentions.append(_m(text, "Tarvik Scripts", "PER", 2))
    assert {m.type for m in companies_en.by_company_cue(text, mentions)} == {"ORG"}
    text = "A spokesman for Ellen Marsh said she would appeal. Ellen Marsh lost the case."
    mentions = [_m(text, "Ellen Marsh", "PER"), _m(text, "Ellen Marsh", "PER", 1)]
    assert {m.type for m in companies_en.by_company_cue(text, mentions)} == {"PER"}


def test_a_kind_of_company_after_a_name_or_its_shares_before_it_make_a_body() -> None:
    text = (
        "Brellwick, the Swiss drugmaker, said sales rose. Investors bought shares of Quorlen on "
        "Monday. Brellwick also said it would hire."
    )
    mentions = [_m(text, "Brellwick", "PER"), _m(text, "Quorlen", "PER")]
    mentions.append(_m(text, "Brellwick", "PER", 1))
    assert {m.type for m in companies_en.by_company_cue(text, mentions)} == {"ORG"}
    text = "Said Harlan Voss, a director with the company, was hired. Voss is 50."
    mentions = [_m(text, "Harlan Voss", "PER")]
    assert companies_en.by_company_cue(text, mentions)[0].type == "PER"


def test_a_short_form_of_a_company_or_institution_is_that_body_unless_a_person_has_it() -> None:
    text = (
        "Quillon Biotech shares rose on Wednesday. Quillon said the agency would decide. "
        "She worked at Darrow University before moving, and Darrow paid for it."
    )
    mentions = [
        _m(text, "Quillon Biotech", "ORG"),
        _m(text, "Quillon", "PER", 1),
        _m(text, "Darrow University", "ORG"),
        _m(text, "Darrow", "PER", 1),
    ]
    assert {m.type for m in companies_en.short_forms(text, mentions)} == {"ORG"}
    text = (
        "Harold Benfleet founded Benfleet Holdings in 1950. Benfleet retired in 1980 and the "
        "firm grew. Tauranga Hospital is in Tauranga."
    )
    mentions = [
        _m(text, "Harold Benfleet", "PER"),
        _m(text, "Benfleet Holdings", "ORG"),
        _m(text, "Benfleet", "PER", 2),
        _m(text, "Tauranga Hospital", "ORG"),
        _m(text, "Tauranga", "LOC", 1),
    ]
    found = companies_en.short_forms(text, mentions)
    assert found[2].type == "PER" and found[4].type == "LOC"  # a person's; a place's


def test_a_companys_word_made_of_two_is_not_cut_as_a_glued_label() -> None:
    text = "Quillon BioPharma rose; Nick TriggleHealth wrote."
    assert bounds_en.unglued(text, 0, 17) == (0, 17)
    start = text.index("Nick")
    assert text[slice(*bounds_en.unglued(text, start, start + 17))] == "Nick Triggle"


def test_a_person_listed_among_companies_is_a_company_and_an_untagged_one_is_added() -> None:
    text = "Doses made by GlaxoSmithKline, Velmora, Tessin-Arvo and Panacea Biotec were sent."
    mentions = [
        _m(text, "GlaxoSmithKline", "ORG"),
        _m(text, "Velmora", "PER"),
        _m(text, "Panacea Biotec", "ORG"),
    ]
    found = {m.surface: m.type for m in companies_en.listed_bodies(text, mentions)}
    assert found == {
        "GlaxoSmithKline": "ORG",
        "Velmora": "ORG",
        "Tessin-Arvo": "ORG",
        "Panacea Biotec": "ORG",
    }
    text = "Drops with Arginine, L-Tyrone and Ornithine, said Dana Kell, Rob Fane and Acme Labs."
    mentions = [
        _m(text, "Arginine", "ORG"),
        _m(text, "Ornithine", "ORG"),
        _m(text, "Dana Kell", "PER"),
        _m(text, "Rob Fane", "PER"),
        _m(text, "Acme Labs", "ORG"),
    ]
    found = {m.surface: m.type for m in companies_en.listed_bodies(text, mentions)}
    assert "L-Tyrone" not in found and found["Dana Kell"] == "PER", found


def test_a_nations_party_is_one_name_and_a_nations_government_is_none() -> None:
    text = (
        "Carys Powell, leader of the Welsh Liberal Democrats, wrote to the Welsh Government. "
        "The Labour Government must act, said the British government's critics."
    )
    surfaces = {m.surface: m.type for m in find_mentions(text, "en")}
    assert surfaces.get("Welsh Liberal Democrats") == "ORG", surfaces
    assert "Liberal Democrats" not in surfaces and surfaces.get("Labour") == "ORG", surfaces
    assert not any("overnment" in s for s in surfaces), surfaces
    spans = [(0, 16, "ORG")]
    assert bodies_en.governments("Board Government", spans) == spans  # no nation, no party


def test_a_programme_with_a_director_is_a_body() -> None:
    text = (
        "Prof Ada Lorne, director of the National Bowel Screening Programme, said the results "
        "were good. The Healthy Start Programme gives vouchers."
    )
    types = {m.surface: m.type for m in find_mentions(text, "en")}
    assert types.get("National Bowel Screening Programme") == "ORG", types
    assert "Healthy Start Programme" not in types, types


def test_the_whole_text_types_a_company_once() -> None:
    text = (
        "Shares rose. A spokesman for Carrow Scripts said the company remained open to talks. "
        "Carrow Scripts is big. Doses made by GlaxoSmithKline, Velmora and Panacea Biotec "
        "were sent."
    )
    types = {(m.surface, m.type) for m in find_mentions(text, "en")}
    assert ("Carrow Scripts", "ORG") in types and ("Carrow Scripts", "PER") not in types, types
    assert ("Velmora", "ORG") in types, types


def test_a_companys_officer_after_its_name_or_a_source_label_before_it_make_a_body() -> None:
    text = (
        "Lot 12 was sold by Marchetts in May. Marchetts head of wine, Ian Dove, said so. "
        "Picture: Ann Lee Source: Evening Lantern\n\nA paper, The Lantern, said more."
    )
    mentions = [
        _m(text, "Marchetts", "PER"),
        _m(text, "Marchetts", "PER", 1),
        _m(text, "Ian Dove", "PER"),
        _m(text, "Ann Lee", "PER"),
        _m(text, "Evening Lantern", "PER"),
    ]
    found = [m.type for m in companies_en.by_company_cue(text, mentions)]
    assert found == ["ORG", "ORG", "PER", "PER", "ORG"]
    text = "He said Greg Marchetts chief of staff was away."  # (a chief of staff is no CEO)
    mentions = [_m(text, "Greg Marchetts", "PER")]
    assert companies_en.by_company_cue(text, mentions)[0].type == "PER"


def test_a_founder_of_the_firm_and_a_name_that_said_she_are_people() -> None:
    text = (
        "The founder of the firm Jean-Luc Varenne has left France. An emotional Kerry Dunmore "
        "said she had learned. Tarvik Group said it would appeal."
    )
    mentions = [
        _m(text, "Jean-Luc Varenne", "ORG"),
        _m(text, "Kerry Dunmore", "ORG"),
        _m(text, "Tarvik Group", "ORG"),
    ]
    assert [m.type for m in companies_en.founders(text, mentions)] == ["PER", "PER", "ORG"]
    text = "He is president of the charity Rotary Circle, which fights polio."
    mentions = [_m(text, "Rotary Circle", "ORG")]
    assert companies_en.founders(text, mentions)[0].type == "ORG"


def test_a_french_bodys_name_is_one_name_small_words_and_all() -> None:
    text = (
        "Dr Luc Aubin of the Collège des pharmaciens du Québec said so, and the Université de "
        "Sherbrooke agreed. The College of Nurses did not."
    )
    a, b = text.index("Collège"), text.index(" said")
    c, d = text.index("Université"), text.index(" agreed")
    spans = [(a, a + 7, "ORG"), (b - 6, b, "GPE"), (c, d, "ORG")]
    assert bodies_en.french_bodies(text, spans) == [(a, b, "ORG"), (c, d, "ORG")]
    types = {m.surface: m.type for m in find_mentions(text, "en")}
    assert types.get("Collège des pharmaciens du Québec") == "ORG", types
    assert "Québec" not in types, types


def test_the_health_service_of_a_nation_or_region_is_one_body() -> None:
    text = "Dr Ann Holt of NHS Scotland said NHS trusts in Wales and the NHS in England differ."
    types = {m.surface: m.type for m in find_mentions(text, "en")}
    assert types.get("NHS Scotland") == "ORG", types
    assert types.get("Wales") == "LOC" and types.get("England") == "LOC", types


def test_a_person_followed_by_which_is_a_body_and_a_fellows_title_is_cut() -> None:
    text = (
        "She contacted solicitors Marlow Pryce, which is representing 70 women. In Senford, "
        "which has a bridge, Ann Lee said so, which is why she left."
    )
    mentions = [
        _m(text, "Marlow Pryce", "PER"),
        _m(text, "Senford", "PER"),
        _m(text, "Ann Lee", "PER"),
    ]
    assert [m.type for m in companies_en.by_company_cue(text, mentions)] == ["ORG", "PER", "PER"]
    text = "Professor Ian Dove, an ARC Laureate Fellow at the university, said so."
    a = text.index("ARC")
    spans = [(a, a + len("ARC Laureate Fellow"), "ORG")]
    assert bodies_en.titles_after(text, spans) == [(a, a + 3, "ORG")]


def test_capitalised_words_ending_in_a_bodys_head_are_a_body_the_model_missed() -> None:
    text = (
        "Dr Ann Holt of the Tasman Poisons Advice Centre said so. Yesterday Harlow Renal "
        "Foundation staff agreed, and the Journal of the Harlow Renal Society did too. Ann "
        "Holt of Harlow College and Acme Labs spoke."
    )
    spans = bodies_en.untagged_bodies(text, [(3, 11, "PERSON")])
    found = [text[a:b] for a, b, label in spans if label == "ORG"]
    assert found == ["Tasman Poisons Advice Centre", "Harlow Renal Foundation"], found
    text = "Gifts to the Elton Marsh Music Foundation rose."
    a = text.index("Elton")
    spans = bodies_en.untagged_bodies(text, [(a, a + 5, "PERSON")])
    assert [text[s:e] for s, e, _ in spans] == ["Elton Marsh Music Foundation"]


def test_towns_of_universities_a_dotted_acronym_and_a_companys_ceo_after_its_possessive() -> None:
    text = (
        "Scientists from the universities of Harwick and Dunmore in the UK said so. Tarvik's "
        "chief executive, Ann Lee, agreed."
    )
    mentions = [_m(text, "Harwick", "PER"), _m(text, "Dunmore", "LOC"), _m(text, "Tarvik", "PER")]
    assert [m.type for m in companies_en.by_company_cue(text, mentions)] == ["ORG"] * 3
    text = "Andrew Keel, the former F.B.I. deputy director, was fired by the C.I.A. chief."
    types = {m.surface: m.type for m in find_mentions(text, "en")}
    assert types.get("F.B.I") == "ORG" and types.get("C.I.A") == "ORG", types


def test_a_surname_after_a_name_ending_in_initials_joins_it() -> None:
    text = "says researcher Mark J.P.L. Oostveen, a pathologist, and Ann Lee Smith too."
    a = text.index("Mark")
    spans = [(a, a + len("Mark J.P.L."), "PERSON")]
    found = person_runs.whole_names(headlines.sentence_case(text), spans)
    assert [text[s:e] for s, e, _ in found] == ["Mark J.P.L. Oostveen"]
    b = text.index("Ann")
    found = person_runs.whole_names(headlines.sentence_case(text), [(b, b + 7, "PERSON")])
    assert [text[s:e] for s, e, _ in found] == ["Ann Lee"]  # (no initials: as before)


def test_a_party_acronym_before_a_members_title_is_a_body_and_the_seat_a_place() -> None:
    text = "However, the SDLP Mourne Vale MLA Ann Lee said so, as did two UK MEPs."
    found = {text[a:b]: label for a, b, label in bodies_en.party_members(text, [])}
    assert found == {"SDLP": "ORG", "Mourne Vale": "GPE"}, found


def test_a_pollster_surveyed_by_and_an_app_in_apposition_are_bodies() -> None:
    text = (
        "Economists surveyed by Tellwise had predicted a rise. Amazon pulled the plug on "
        "Quibble, a social media app popular with his fans. Jo Tell, a startup founder, spoke."
    )
    mentions = [_m(text, "Tellwise", "PER"), _m(text, "Quibble", "PER"), _m(text, "Jo Tell", "PER")]
    assert [m.type for m in companies_en.by_company_cue(text, mentions)] == ["ORG", "ORG", "PER"]
