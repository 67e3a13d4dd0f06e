"""A body's name is made where the entities are made, so a quote's ``speaker_key`` is a key of
its article's entities: an acronym the text spells out in brackets, a qualifier before the name
cut off, and the export keys a speaker as the entities are keyed (invented bodies, but for a
body the small model leaves untagged and for the World Health Organization, whose key the exonym
table makes)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from aggregator.compare.quotes import extract_quotes, find_quotes
from aggregator.language.acronyms import spelt_out
from aggregator.language.entities import document_entities
from aggregator.output.export import quote_records
from aggregator.records import Quote


def _orgs(text: str) -> dict[str, str]:
    return {e.name: e.key for e in document_entities(text, "en") if e.type == "ORG"}


def _speakers(text: str) -> list[Any]:
    return [q.speaker for q in find_quotes(text, "en") if q.speaker is not None]


def test_an_acronym_spelt_out_in_brackets_names_the_body_for_entities_and_speakers() -> None:
    text = (
        "Around 40,000 women received PIP implants manufactured by the now closed French "
        "company Poly Implant Prostheses (PIP). The PIP said on Monday that they were safe."
    )
    orgs = _orgs(text)
    assert list(orgs) == ["Poly Implant Prostheses"]  # (the model tags only "PIP")
    assert [s.name for s in _speakers(text)] == ["Poly Implant Prostheses"]


def test_a_qualifier_before_a_body_is_cut_and_its_acronym_joins_it() -> None:
    text = (
        "A helicopter of the U.S.-led Joint Ceasefire Observer Mission (JCOM) crashed on "
        "Thursday near the coast, killing eight members of the force, the JCOM said."
    )
    orgs = _orgs(text)
    assert list(orgs) == ["Joint Ceasefire Observer Mission"]


def test_spelt_out_skips_a_preposition_and_a_possessive() -> None:
    text = "In Journal of Marine Dust Studies (JMDS) work, the Harbor Safety Board's (HSB) view."
    assert spelt_out(text, "JMDS") == "Journal of Marine Dust Studies"
    assert spelt_out(text, "HSB") == "Harbor Safety Board"


def test_the_export_keys_a_speaker_as_the_entities_key_the_body() -> None:
    text = (
        "The virus was declared an emergency by the World Health Organization. "
        '"The main reason is what is happening in other countries," the WHO said on Thursday.'
    )
    keys = {e.key for e in document_entities(text, "en")}
    article = SimpleNamespace(
        text=text, lede="", title="", language="en", outlet="o", article_id=1, external_id=None
    )
    quotes = extract_quotes(article)  # type: ignore[arg-type]
    assert [q.speaker for q in quotes] == ["World Health Organization"]
    rows = list(quote_records(SimpleNamespace(event_key="e", quotes=quotes)))  # type: ignore[arg-type]
    assert rows[0]["speaker_key"] in keys
    unnamed = Quote("o", 1, "aid worker", "words", "words")
    assert (
        next(quote_records(SimpleNamespace(event_key="e", quotes=[unnamed])))["speaker_key"] == ""
    )  # type: ignore[arg-type]
