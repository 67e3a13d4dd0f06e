"""Capitalised words that name no entity (issue 14's English errors on full articles): common
nouns opening a sentence, titles of works, products and studies known by the words around
them. Invented passages."""

from __future__ import annotations

from aggregator.language.entities import find_mentions


def _types(text: str) -> dict[str, str]:
    return {m.surface: m.type for m in find_mentions(text, "en")}


def test_common_nouns_opening_a_sentence_are_no_names() -> None:
    text = (
        'Mary Okafor runs the clinic in Leeds. "Society has changed a great deal since then," '
        "she said.\nMedia requires JavaScript to play.\nTech's biggest firms face a hearing. "
        "Officials at the Leeds Trust said tech firms were slow."
    )
    types = _types(text)
    assert {"Society", "Media", "Tech", "Officials"}.isdisjoint(types), types
    assert types.get("Mary Okafor") == "PER" and types.get("Leeds") == "LOC"


def test_products_and_works_named_by_their_kind_are_no_entities() -> None:
    text = (
        "In 2006 my wife and I bought a drug called Zentraflu from a pharmacy in Toronto. "
        "Dr Anna Berg of Oxbridge University said the Korvanix® spray was recalled. The new "
        "film, Iron Duchess, opened in Sydney. Harper House is giving away 'Puddle Lane Farm' "
        "children's books, and the MEGAHEART study led by Dr Paul Singh found the same."
    )
    types = _types(text)
    for work in ("Zentraflu", "Korvanix", "Iron Duchess", "Puddle Lane Farm", "MEGAHEART"):
        assert work not in types, (work, types)
    for name in ("Toronto", "Anna Berg", "Sydney", "Paul Singh"):
        assert name in types, (name, types)


def test_a_body_owning_a_study_stays_a_body() -> None:
    text = "A Harvard University study and the drug company Pfizer agree, polls show Biden ahead."
    types = _types(text)
    assert "Harvard University" in types and "Pfizer" in types


def test_brands_tickers_chemicals_and_vitamins_are_no_entities() -> None:
    text = (
        "Zentrix Pharma (AMEX:ZPX) shares rose on Wednesday. Paramethoxymethamphetamine (PMMA) "
        "was found in pills sold in Calgary, police said. She asked a nurse for some Panadol and "
        "a box of Band-Aids. Vitamin D keeps bones healthy, and TB spreads in the air."
    )
    types = _types(text)
    for word in ("ZPX", "PMMA", "Panadol", "Band-Aids", "Vitamin D", "TB"):
        assert word not in types, (word, types)
    assert types.get("Calgary") == "LOC" and types.get("Zentrix Pharma") == "ORG", types
