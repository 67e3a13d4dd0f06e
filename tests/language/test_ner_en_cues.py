"""English bodies and places told by the words around them, where the small model calls them
people or bodies (issue 14's errors on full articles). Invented passages."""

from __future__ import annotations

from aggregator.language.entities import find_mentions


def _types(text: str) -> dict[str, str]:
    return {m.surface: m.type for m in find_mentions(text, "en")}


def test_a_kind_of_body_before_a_name_or_a_company_head_word_makes_a_body() -> None:
    text = (
        "The chain signed a deal with the publisher Marlow Finch, said Dr Ann Cole. A study in "
        "the magazine Discover said so. Melons from Jensen Farms and Tipton Labs were sold, "
        "and vaccines made by GlaxoSmithKline were tested."
    )
    types = _types(text)
    for body in ("Marlow Finch", "Discover", "Jensen Farms", "Tipton Labs", "GlaxoSmithKline"):
        assert types.get(body) == "ORG", (body, types)
    assert types.get("Ann Cole") == "PER"
    text = "She left the company Ellison founded in 1977, the firm said."
    assert _types(text).get("Ellison") != "ORG"


def test_a_surname_with_an_inner_capital_stays_a_person() -> None:
    text = "Michael DeAngelis said so. DeAngelis added that Ian McPartland agreed with LeFevre."
    types = _types(text)
    assert types.get("DeAngelis") == "PER" and types.get("Michael DeAngelis") == "PER", types


def test_a_place_before_based_or_resident_is_a_place() -> None:
    text = (
        "Coimbatore-based Suvarna Poultry sells eggs. It was in the 1960s when Blisworth "
        "resident Eileen Newitt underwent surgery, as did Stockport schoolboy Sam Lintel."
    )
    types = _types(text)
    for place in ("Coimbatore", "Blisworth", "Stockport"):
        assert types.get(place) == "LOC", (place, types)
    assert types.get("Eileen Newitt") == "PER"


def test_a_trade_before_a_full_name_makes_a_person_and_a_lone_rank_is_no_one() -> None:
    text = (
        'Queen frontman Freddie Mercury died in 1991. Mercury was 45. "It was bad," said '
        'Det. Doug Hudacin.\n\n"Is it a bad batch?" said spokesman Const. Ian Macrae.'
    )
    types = _types(text)
    assert types.get("Freddie Mercury") == "PER" and types.get("Mercury") == "PER", types
    assert "Det" not in types and "Const" not in types, types


def test_a_company_by_its_shares_and_a_town_before_an_abbreviated_state() -> None:
    text = (
        "The auditor hired by Holly, Colo.-based Jensen Farms spoke. Walgreen shares dipped 1 "
        "percent on Wednesday, and Walgreen could lose $4 billion, analysts said."
    )
    types = _types(text)
    assert types.get("Holly") == "LOC" and types.get("Walgreen") == "ORG", types


def test_a_chain_named_with_its_s_is_no_person() -> None:
    text = (
        "McDonald's will give out nine million books. Ronald McDonald and Happy Meals were "
        "criticised, but campaigners support McDonald’s decision."
    )
    entities = {m.surface: (m.type, m.name) for m in find_mentions(text, "en")}
    assert entities.get("McDonald's") == ("ORG", "McDonald's"), entities
    assert entities.get("Ronald McDonald", ("PER",))[0] == "PER"
