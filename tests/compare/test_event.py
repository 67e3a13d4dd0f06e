"""compare_event and its parts: entities, distinctive terms, shared passages, omissions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from aggregator.compare.event import compare_event
from aggregator.compare.terms import TermPrior, TermRule, count_terms, distinctive_terms
from aggregator.records import CompareArticle

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

WIRE = (
    "Russian Foreign Minister Sergei Lavrov arrived in Ankara on Monday for talks with his "
    "Turkish counterpart about the grain corridor across the Black Sea."
)


def article(
    article_id: int,
    outlet: str,
    text: str,
    *,
    minutes: float | None = 0,
    title: str = "",
    summary_only: bool = False,
    modified: datetime | None = None,
) -> CompareArticle:
    return CompareArticle(
        article_id=article_id,
        outlet=outlet,
        url=f"https://{outlet}.example/{article_id}",
        title=title or f"{outlet} headline {article_id}",
        lede=text.split("\n")[0],
        text=text,
        published=None if minutes is None else T0 + timedelta(minutes=minutes),
        modified=modified,
        word_count=len(text.split()),
        summary_only=summary_only,
    )


EMPTY_PRIOR = TermPrior()
#: every score, significant or not: for the tests of the scoring itself
ALL = TermRule(min_z=0, min_count=0)


# --- entities ----------------------------------------------------------------------------


def test_entities_are_typed_canonical_names_merged_across_the_event() -> None:
    articles = [
        article(
            1,
            "bbc",
            "Foreign Minister Sergei Lavrov met officials in Ankara on Monday. "
            "Officials said little. Lavrov's visit was short, and Lavrov left for Moscow.",
            title="Lavrov In Ankara",
        ),
        article(2, "rt", "Sergey Lavrov arrived in Ankara. Lavrov spoke of grain.", minutes=5),
        article(
            3,
            "mid",
            "Дамы и господа! Министр Сергей Лавров прибыл в Анкару. Вы знаете, что Лаврова ждали.",
            minutes=9,
        ),
    ]
    result = compare_event("e", "x", articles, prior=EMPTY_PRIOR)
    by = {f.outlet: dict(f.entities) for f in result.outlets}
    lavrov = next(name for name in by["bbc"] if "Lavrov" in name)
    assert by["bbc"][lavrov] == 4  # full name, "Lavrov's", "Lavrov", headline
    assert by["rt"][lavrov] == 2  # "Sergey" merged with "Sergei"
    assert by["mid"][lavrov] == 2  # "Сергей Лавров", "Лаврова": one key across languages
    junk = {"Officials", "Monday", "Foreign Minister", "Lavrov In Ankara", "Дамы", "Вы"}
    assert not junk & {name for names in by.values() for name in names}
    types = {(e.outlet, e.name): e.type for e in result.entities}
    assert types[("bbc", lavrov)] == "PER" and types[("bbc", "Ankara")] == "LOC"
    mid = next(e for e in result.entities if e.outlet == "mid" and e.name == lavrov)
    assert set(mid.surfaces) == {"Сергей Лавров", "Лаврова"}


# --- distinctive terms -------------------------------------------------------------------


def test_term_used_by_one_outlet_only_tops_its_list() -> None:
    common = "The talks in Ankara covered the grain corridor and shipping. "
    by_outlet = {
        "rt": [common * 3 + "The Kiev regime staged provocations. Kiev regime again."],
        "bbc": [common * 3 + "Ukrainian officials welcomed the talks."],
        "guardian": [common * 3 + "Diplomats were cautious about the talks."],
    }
    scores = distinctive_terms(by_outlet, prior=EMPTY_PRIOR, top=5, rule=ALL)
    rt = [s for s in scores if s.outlet == "rt"]
    assert rt[0].term in {"kiev regime", "kiev", "regime"}
    assert rt[0].z > 0 and rt[0].count == 2
    assert "Kiev regime" in rt[0].example
    # For the others it can only be a term they use less.
    assert all(s.z < 0 for s in scores if s.outlet != "rt" and "kiev" in s.term)


def test_symmetric_outlets_score_near_zero() -> None:
    text = "Talks on grain in Ankara ended without agreement on shipping routes."
    scores = distinctive_terms({"a": [text], "b": [text]}, prior=EMPTY_PRIOR, rule=ALL)
    assert scores == [] or all(abs(s.z) < 1e-9 for s in scores)


def test_mirror_image_outlets_get_mirror_image_scores() -> None:
    common = "Talks on grain in Ankara ended without agreement on shipping routes. "
    by_outlet = {"a": [common + "Ceasefire."], "b": [common + "Truce."]}
    scores = {
        (s.outlet, s.term): s.z for s in distinctive_terms(by_outlet, prior=EMPTY_PRIOR, rule=ALL)
    }
    assert scores[("a", "ceasefire")] > 0
    assert scores[("a", "ceasefire")] == pytest.approx(scores[("b", "truce")])
    assert scores[("a", "truce")] == pytest.approx(-scores[("a", "ceasefire")])


def test_prior_damps_common_corpus_words() -> None:
    by_outlet = {"a": ["war war war peace"], "b": ["peace peace truce"]}
    corpus = TermPrior.from_texts(["war war war war truce"] * 50)
    plain = {
        s.term: s.z
        for s in distinctive_terms(by_outlet, prior=EMPTY_PRIOR, rule=ALL)
        if s.outlet == "a"
    }
    damped = {
        s.term: s.z for s in distinctive_terms(by_outlet, prior=corpus, rule=ALL) if s.outlet == "a"
    }
    assert 0 < damped["war"] < plain["war"]


def test_terms_drop_stop_words_numbers_and_cross_sentence_bigrams() -> None:
    counts = count_terms("The ministry said 42 drones. Drones were shot down over Kursk.")
    assert "the" not in counts and "42" not in counts
    assert counts["drone"] == 2  # "drones" and "Drones": one stem
    assert "ministri drone" not in counts  # "said" (a stop word) sits between them
    assert "drone drone" not in counts  # the sentence boundary breaks the pair
    assert counts["shot"] == 1 and "drone shot" not in counts  # "were" breaks it


def test_prior_add_counts_terms() -> None:
    prior = TermPrior()
    prior.add("Grain corridor talks.")
    assert prior.counts["grain corridor"] == 1 and prior.total == 5
    assert prior.counts["talks"] == 1  # counted by written form (no lemma needed)
    assert prior.count(["talk", "talks"]) == 1


def test_distinctive_terms_needs_two_outlets() -> None:
    assert distinctive_terms({"bbc": ["Grain talks in Ankara."]}, prior=EMPTY_PRIOR) == []


# --- compare_event -----------------------------------------------------------------------


def three_outlet_event() -> list[CompareArticle]:
    return [
        article(
            3,
            "rt",
            WIRE + ' "The West is not interested in peace," said Lavrov. 12 ships waited.',
            minutes=45,
        ),
        article(
            1,
            "bbc",
            WIRE + ' Antony Blinken was also in the region. "We are ready," Lavrov said.'
            " Some 12 ships waited to sail. Shipping insurers in London expect the corridor to"
            " stay closed until the spring because the navies of both sides keep laying mines"
            " near the ports that matter most to farmers in the south of the country.",
            minutes=0,
        ),
        article(
            2,
            "guardian",
            "The foreign minister of Russia, Sergei Lavrov, travelled to Turkey. Antony Blinken "
            'stayed in Brussels. "Talks are useful," Blinken said. Around 12 ships are stuck.',
            minutes=30,
        ),
    ]


def test_outlets_ordered_by_first_publication_with_lag() -> None:
    result = compare_event("e1", "Lavrov in Ankara", three_outlet_event(), prior=EMPTY_PRIOR)
    assert [f.outlet for f in result.outlets] == ["bbc", "guardian", "rt"]
    assert [f.lag_s for f in result.outlets] == [0.0, 1800.0, 2700.0]
    assert result.single_source is False


def test_shared_passage_found_with_first_publisher() -> None:
    result = compare_event("e1", "x", three_outlet_event(), prior=EMPTY_PRIOR)
    (shared,) = result.shared
    assert shared.first_outlet == "bbc"
    assert shared.outlets == ("bbc", "rt")
    assert shared.article_ids == (1, 3)
    assert shared.first_published == T0
    assert shared.text.startswith("Russian Foreign Minister Sergei Lavrov")
    rt = next(f for f in result.outlets if f.outlet == "rt")
    guardian = next(f for f in result.outlets if f.outlet == "guardian")
    assert rt.shared_share > 0.5 and rt.independent is False
    assert guardian.shared_share == 0.0 and guardian.independent is True
    bbc = next(f for f in result.outlets if f.outlet == "bbc")
    assert 0 < bbc.shared_share < 0.5 and bbc.independent is True
    assert result.independent_outlets == 2


def test_overlapping_passages_across_three_outlets_merge_into_one() -> None:
    extra = " Officials said the meeting would resume after a short break for lunch today."
    articles = [
        article(1, "bbc", WIRE + extra, minutes=10),
        article(2, "rt", "Intro words here. " + WIRE, minutes=0),
        article(3, "mid", WIRE + extra + " More text of its own.", minutes=20),
    ]
    result = compare_event("e", "x", articles, prior=EMPTY_PRIOR)
    first = result.shared[0]
    assert first.first_outlet == "rt"
    assert set(first.outlets) == {"bbc", "rt", "mid"}
    assert len(result.shared) == 1  # the bbc/mid extra overlaps the wire run: one passage


def test_same_outlet_repeats_are_not_shared_copy() -> None:
    articles = [article(1, "bbc", WIRE, minutes=0), article(2, "bbc", WIRE, minutes=5)]
    result = compare_event("e", "x", articles, prior=EMPTY_PRIOR)
    assert result.shared == ()
    assert result.outlets[0].shared_share == 0.0


def test_quotes_speakers_and_exclusive_speakers_merge_across_the_event() -> None:
    result = compare_event("e1", "x", three_outlet_event(), prior=EMPTY_PRIOR)
    by = {f.outlet: f for f in result.outlets}
    assert by["bbc"].speakers == (("Sergei Lavrov", 1),)
    assert by["rt"].speakers == (("Sergei Lavrov", 1),)
    assert by["guardian"].speakers == (("Antony Blinken", 1),)
    assert by["guardian"].exclusive_speakers == ("Antony Blinken",)
    assert by["bbc"].exclusive_speakers == ()
    assert [q.outlet for q in result.quotes] == ["bbc", "guardian", "rt"]
    assert by["bbc"].quote_count == 1


def test_omissions_need_half_and_two_of_the_other_outlets() -> None:
    result = compare_event("e1", "x", three_outlet_event(), prior=EMPTY_PRIOR)
    omitted = {(o.outlet, o.kind, o.item) for o in result.omissions}
    # Blinken is named by bbc and guardian, not rt; Lavrov is quoted by bbc and rt only.
    assert ("rt", "entity", "Antony Blinken") in omitted
    assert ("guardian", "speaker", "Sergei Lavrov") in omitted
    # Every outlet names Lavrov (the guardian with a different form) and has the number 12.
    assert not any(
        item in {"Sergei Lavrov", "12"} for _, kind, item in omitted if kind != "speaker"
    )
    blinken = next(o for o in result.omissions if o.item == "Antony Blinken")
    assert blinken.present_in == ("bbc", "guardian")


def test_no_omissions_with_two_outlets() -> None:
    articles = three_outlet_event()[:2]
    assert compare_event("e", "x", articles, prior=EMPTY_PRIOR).omissions == ()


def test_single_source_event() -> None:
    only = [article(5, "mid", WIRE + ' "We are open," Lavrov said.', minutes=0)]
    result = compare_event("e", "x", only, prior=EMPTY_PRIOR)
    assert result.single_source is True
    assert result.terms == () and result.shared == () and result.omissions == ()
    (framing,) = result.outlets
    assert framing.lag_s == 0.0 and framing.independent is True
    assert framing.exclusive_speakers == ()
    assert result.independent_outlets == 1
    assert framing.speakers == (("Sergei Lavrov", 1),)


def test_summary_only_outlet_is_flagged_and_not_charged_with_omissions() -> None:
    articles = [
        *three_outlet_event(),
        article(9, "mid", "Lavrov visited Ankara.", summary_only=True),
    ]
    result = compare_event("e", "x", articles, prior=EMPTY_PRIOR)
    mid = next(f for f in result.outlets if f.outlet == "mid")
    assert mid.summary_only is True and mid.article_ids == (9,)
    assert not any(o.outlet == "mid" for o in result.omissions)
    assert all(not f.summary_only for f in result.outlets if f.outlet != "mid")


def test_outlet_with_a_full_and_a_summary_article_is_not_summary_only() -> None:
    articles = [
        article(1, "bbc", WIRE, minutes=0),
        article(2, "bbc", "Short summary.", minutes=5, summary_only=True),
    ]
    assert compare_event("e", "x", articles, prior=EMPTY_PRIOR).outlets[0].summary_only is False


def test_headline_times_words_and_authors_come_from_all_articles_of_an_outlet() -> None:
    edited = T0 + timedelta(hours=3)
    articles = [
        article(
            2, "bbc", "Later piece with five words.", minutes=60, title="Update", modified=edited
        ),
        article(1, "bbc", "Early piece of four.", minutes=0, title="First headline"),
        article(3, "rt", "Undated piece.", minutes=None),
    ]
    result = compare_event("e", "x", articles, prior=EMPTY_PRIOR)
    bbc, rt = result.outlets
    assert bbc.headline == "First headline" and bbc.article_ids == (1, 2)
    assert bbc.word_count == 9 and bbc.last_modified == edited
    assert bbc.first_published == T0
    assert rt.first_published is None and rt.lag_s is None


def test_output_is_deterministic_whatever_the_input_order() -> None:
    articles = three_outlet_event()
    one = compare_event("e1", "x", articles, prior=EMPTY_PRIOR)
    two = compare_event("e1", "x", list(reversed(articles)), prior=EMPTY_PRIOR)
    assert one == two


def test_twenty_articles_of_800_words_over_four_outlets() -> None:
    """A large event compares completely (its speed is measured in bench/, not asserted here)."""
    outlets = 4
    words = [f"word{k}" for k in range(400)]
    articles = []
    for k in range(20):
        body = " ".join(words[(k * 37 + j) % 400] for j in range(700))
        text = WIRE + f' "We will answer," said Sergei Lavrov. {body}. Maria Zakharova spoke.'
        articles.append(article(k, f"outlet{k % outlets}", text, minutes=k))
    prior = TermPrior.from_texts(a.text for a in articles)
    result = compare_event("e", "x", articles, prior=prior)
    assert len(result.outlets) == outlets
    for framing in result.outlets:
        assert len(framing.article_ids) == 5
        assert framing.speakers == (("Sergei Lavrov", 5),)
        assert framing.shared_share > 0.0  # the wire copy opens every article


def test_one_speaker_written_with_two_apostrophes_is_one_speaker() -> None:
    """The demo's expulsion: bbc wrote "Russia's foreign ministry", the guardian "Russia’s
    foreign ministry" for the same ministry saying the same words; each outlet was said to quote
    it "only", two rows apart in "Who is quoted by whom"."""
    said = (
        '{m} foreign ministry said it would respond and that the British side "bears full '
        'responsibility for the further degradation of bilateral relations".'
    )
    articles = [
        article(1, "bbc", "The UK expelled a Russian attache. " + said.format(m="Russia's")),
        article(
            2, "guardian", "Britain expelled an attache. " + said.format(m="Russia’s"), minutes=5
        ),
        article(3, "rt", "London expelled a diplomat on Monday, officials said.", minutes=9),
    ]
    result = compare_event("e1", "x", articles, prior=EMPTY_PRIOR)
    speakers = {q.speaker for q in result.quotes}
    assert speakers == {"Russia's foreign ministry"}, speakers
    by = {f.outlet: f for f in result.outlets}
    assert by["bbc"].speakers == by["guardian"].speakers == (("Russia's foreign ministry", 1),)
    assert by["bbc"].exclusive_speakers == by["guardian"].exclusive_speakers == ()
