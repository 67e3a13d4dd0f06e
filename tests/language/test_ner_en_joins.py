"""English names the small model cuts at "and", "for" or a comma, made whole (issue 14), and
lists that stay lists. Invented passages."""

from __future__ import annotations

from aggregator.language import joins_en
from aggregator.language.entities import find_mentions


def _types(text: str) -> dict[str, str]:
    return {m.surface: m.type for m in find_mentions(text, "en")}


def test_a_seat_after_mp_for_is_one_place() -> None:
    text = (
        "Dan Poulter, the Conservative MP for Central Suffolk and North Ipswich, said the "
        "hospital must stay. Stephen Hall, Labour MP for Stevenage, agreed."
    )
    types = _types(text)
    assert types.get("Central Suffolk and North Ipswich") == "LOC", types
    assert types.get("Stevenage") == "LOC", types
    assert "Central Suffolk" not in types and "North Ipswich" not in types


def test_a_campus_or_a_london_college_is_one_body_but_a_list_is_not() -> None:
    text = "Researchers at the University of California, San Francisco, report the effect."
    assert _types(text) == {"University of California, San Francisco": "ORG"}
    text = "Prof Gunter Schumann of St George's, University of London, said so."
    assert _types(text).get("St George's, University of London") == "ORG"
    text = "The trial ran at the University of Texas, Austin and Dallas clinics. She flew to "
    text += "Paris, London and Rome."
    types = _types(text)
    for place in ("Paris", "London", "Rome"):
        assert types.get(place) == "LOC", types
    assert "University of Texas" in types


def test_a_body_cut_at_and_or_for_is_joined() -> None:
    text = (
        "Dr. Mark Yarema, medical director for the Poison and Drug Information Service and a "
        "Calgary physician, said so. David Salisbury, chair of the European Certification "
        "Commission for Polio Eradication and Britain's director of immunisation, agreed."
    )
    types = _types(text)
    assert types.get("Poison and Drug Information Service") == "ORG", types
    assert types.get("European Certification Commission for Polio Eradication") == "ORG", types
    assert types.get("Britain") == "LOC" and types.get("Calgary") == "LOC"


def test_a_known_body_with_a_lower_case_word_is_one_name() -> None:
    text = "A spokesman said the Medicines and Healthcare products Regulatory Agency (MHRA) acted."
    types = _types(text)
    assert types.get("Medicines and Healthcare products Regulatory Agency") == "ORG", types
    assert "Medicines" not in types and "Medicines and Healthcare" not in types


def test_an_agency_cut_at_and_before_its_head_word_is_one_body() -> None:
    spans = [(0, 15, "ORG")]  # "Federal Revenue" + " and Border Enforcement"
    text = "Federal Revenue and Border Enforcement agents came, and Paris stayed calm."
    assert joins_en.joined_at_and(text, spans) == [(0, 38, "ORG")]
    text = "Federal Revenue and Border Guards came."
    assert joins_en.joined_at_and(text, [(0, 15, "ORG")]) == [(0, 15, "ORG")]
