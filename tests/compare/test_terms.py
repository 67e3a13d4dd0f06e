"""Distinctive terms: per-language words (Russian lemmas, English stems, stop words), and only
significant terms reported, with a note when an event has none."""

from __future__ import annotations

from datetime import UTC, datetime

from aggregator.compare.event import compare_event
from aggregator.compare.terms import (
    SINGLE_OUTLET_NOTE,
    TermPrior,
    TermRule,
    count_terms,
    distinctive_terms,
)
from aggregator.language.termwords import content_words
from aggregator.output.export import term_records
from aggregator.records import CompareArticle

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
EMPTY = TermPrior()

COMMON_EN = (
    "Foreign ministers met in Ankara on Monday to discuss the grain corridor across the Black "
    "Sea. Shipping companies and insurers are waiting for a decision on the route. "
)
COMMON_RU = (
    "Министры иностранных дел встретились в Анкаре в понедельник, чтобы обсудить зерновой "
    "коридор через Черное море. Судоходные компании ждут решения о маршруте. "
)


def _big_event() -> dict[str, list[str]]:
    """Three outlets, each with its own repeated vocabulary: enough for significant terms."""
    return {
        "rt": [
            (COMMON_EN + "The Kiev regime staged provocations near the corridor. ") * 12,
            (COMMON_RU + "Киевский режим устроил провокации. Киевского режима провокации. ") * 10,
        ],
        "bbc": [(COMMON_EN + "Ukrainian officials welcomed the humanitarian talks. ") * 12],
        "guardian": [(COMMON_EN + "Diplomats were cautious; analysts doubted the deal. ") * 12],
    }


def test_every_listed_term_is_significant_by_the_rule() -> None:
    for rule in (TermRule(), TermRule(min_z=2.5, min_count=5), TermRule(min_z=1.0, min_count=2)):
        scores = distinctive_terms(_big_event(), prior=EMPTY, rule=rule)
        assert scores, rule  # the event is big enough: the rule is tested on real findings
        for s in scores:
            assert abs(s.z) >= rule.min_z, s
            assert (s.count if s.z > 0 else s.others_count) >= rule.min_count, s
    default = distinctive_terms(_big_event(), prior=EMPTY)
    assert {"режим", "киевский режим"} <= {s.term for s in default if s.outlet == "rt"}


def test_a_stricter_rule_reports_a_subset() -> None:
    loose = {(s.outlet, s.term) for s in distinctive_terms(_big_event(), prior=EMPTY)}
    strict = distinctive_terms(_big_event(), prior=EMPTY, rule=TermRule(min_z=3.0, min_count=8))
    assert {(s.outlet, s.term) for s in strict} < loose


def test_words_used_once_are_never_reported() -> None:
    event = _big_event()
    event["bbc"][0] += " Zygomorphic."  # once, by one outlet only
    found = distinctive_terms(event, prior=EMPTY)
    assert "zygomorphic" not in {s.term for s in found}


def test_a_tiny_event_says_no_term_is_significant() -> None:
    articles = [
        CompareArticle(1, "bbc", None, "Talks in Ankara", "", "Grain talks began.", T0),
        CompareArticle(2, "rt", None, "Ankara talks", "", "The Kiev regime objected.", T0),
    ]
    result = compare_event("e1", "talks", articles, prior=EMPTY)
    assert result.terms == ()
    assert result.terms_note == TermRule().none_note()
    assert "no term significant" in result.terms_note and "1.96" in result.terms_note
    rows = list(term_records(result))
    assert rows == [{"event_id": "e1", "note": result.terms_note}]


def test_a_single_outlet_event_says_why_it_has_no_terms() -> None:
    articles = [CompareArticle(1, "bbc", None, "Talks", "", "Grain talks began in Ankara.", T0)]
    result = compare_event("e2", "talks", articles, prior=EMPTY)
    assert result.terms == () and result.terms_note == SINGLE_OUTLET_NOTE


def test_a_big_event_has_no_note() -> None:
    articles = [
        CompareArticle(k, outlet, None, f"{outlet} headline", "", text, T0)
        for k, (outlet, texts) in enumerate(_big_event().items())
        for text in texts
    ]
    result = compare_event("e3", "talks", articles, prior=EMPTY)
    assert result.terms and result.terms_note == ""


def test_russian_forms_count_as_their_lemma_shown_as_the_lemma() -> None:
    counts = count_terms("Лавров прилетел. Лаврова встретили. С Лавровым говорили министры.")
    assert counts["лавров"] == 3
    event = {
        "rt": ["Лавров прилетел. Лаврова встретили. С Лавровым говорили. Лавров уехал."],
        "tass": ["Министр прилетел. Министра встретили. С министром говорили. Министр уехал."],
    }
    scores = distinctive_terms(event, prior=EMPTY, rule=TermRule(min_z=1.0, min_count=3))
    lavrov = next(s for s in scores if s.outlet == "rt" and s.term == "лавров")
    assert lavrov.count == 4 and set(lavrov.forms) == {"лавров", "лаврова", "лавровым"}


def test_english_forms_share_a_stem_and_show_the_form_used_most() -> None:
    event = {
        "a": ["Aid agencies warned. The agencies said more. Agencies again. One agency too."],
        "b": ["Officials warned. The officials said more. Officials again. One official too."],
    }
    scores = distinctive_terms(event, prior=EMPTY, rule=TermRule(min_z=1.0, min_count=3))
    term = next(s for s in scores if s.outlet == "a" and s.z > 0 and "agenc" in s.term)
    assert term.term == "agencies" and term.count == 4 and "agency" in term.forms


def test_stop_words_of_both_languages_are_no_terms() -> None:
    words = [w for w in content_words("Которые были в том, что он сказал: the said was also") if w]
    assert words == []
    kept = [w.key for w in content_words("Который министр заявил о зерне") if w]
    assert kept == ["министр", "зерно"]  # "заявить" is a reporting verb, like "said"
