"""Where an English name ends on full news pages: datelines of two places or run into the
sentence, names glued to the page's next headline, a state's common words before a
possessive, places by their head word (issue 14). Invented passages."""

from __future__ import annotations

from aggregator.language import bounds_en, datelines
from aggregator.language.entities import find_mentions


def _types(text: str) -> dict[str, str]:
    return {m.surface: m.type for m in find_mentions(text, "en")}


def test_a_dateline_of_two_places_or_run_into_the_sentence_is_places() -> None:
    text = "KOCHI/CHANDIGARH: Poultry firms are cautious.\n\nTORONTO - Physical work helps."
    found = [text[a:b] for a, b, _ in datelines.find(text)]
    assert found == ["KOCHI", "CHANDIGARH", "TORONTO"]
    spans = datelines.fit(
        text, [(text.index("TORONTO"), text.index(" work"), "ORG")], found and datelines.find(text)
    )
    assert [(text[a:b], label) for a, b, label in spans] == [("TORONTO", "GPE")]


def test_a_known_name_glued_to_the_next_headline_is_cut_off_it() -> None:
    text = "Soldiers injured in AfghanistanPlanes still flying"
    start = text.index("Afghanistan")
    a, b = bounds_en.unglued(text, start, start + len("AfghanistanPlanes"))
    assert text[a:b] == "Afghanistan"
    for word in ("ObamaCare", "YouTube", "McDonald", "DeAngelis"):
        assert bounds_en.unglued(word, 0, len(word)) == (0, len(word)), word
    text = "Kiwi killed in crashYoung Australian lovers"
    start = text.index("crash")
    a, b = bounds_en.unglued(text, start, len(text) - len(" lovers"))
    assert text[a:b] == "Young Australian"


def test_a_states_common_word_and_a_place_head_word() -> None:
    text = (
        "The patients may be quarantined, said S.C. Gupta, Maharashtra state’s director-general "
        "for health services. Mr. Wasson spoke to a packed ballroom at Navy Pier."
    )
    types = _types(text)
    assert types.get("Maharashtra") == "LOC" and "Maharashtra state" not in types, types
    assert types.get("Navy Pier") == "LOC", types
