"""One place or body written two ways is one name of the event (``compare.same_names``), and the
``omitted`` column does not charge an outlet with leaving out what it named (issue 14)."""

from __future__ import annotations

from aggregator.compare.event import compare_event
from aggregator.compare.same_names import qualified_body, same_names
from aggregator.compare.terms import TermPrior
from aggregator.records import CompareArticle
from tests.compare.test_event import article

EMPTY_PRIOR = TermPrior()


def test_official_long_forms_of_a_country_are_the_country() -> None:
    names = same_names(
        [
            ("Russia", "LOC", 4),
            ("Russian Federation", "LOC", 1),
            ("Российская Федерация", "LOC", 1),
            ("United Kingdom", "LOC", 1),
            ("Britain", "LOC", 3),
            ("UK", "LOC", 2),
            ("United States of America", "LOC", 1),
            ("USA", "LOC", 1),
        ]
    )
    assert names == {
        "Russian Federation": "Russia",
        "Российская Федерация": "Russia",
        "United Kingdom": "UK",
        "Britain": "UK",
        "United States of America": "USA",
    }


def test_a_body_with_its_country_named_any_way_is_one_body() -> None:
    names = same_names(
        [("Russian Foreign Ministry", "ORG", 2), ("Foreign Ministry of Russia", "ORG", 1)],
        ["Russia's foreign ministry", "Russia’s foreign ministry", "the Russian foreign ministry"],
    )
    assert set(names.values()) == {"Russian Foreign Ministry"}
    assert len(names) == 4


def test_a_body_without_its_country_is_the_one_body_of_that_name() -> None:
    names = same_names(
        [
            ("Foreign Office", "ORG", 4),
            ("UK Foreign Office", "ORG", 1),
            ("Foreign Ministry", "ORG", 1),
            ("Russian Foreign Ministry", "ORG", 1),
        ],
        ["Russia's foreign ministry"],
    )
    assert names == {
        "UK Foreign Office": "Foreign Office",
        "Foreign Ministry": "Russian Foreign Ministry",
        "Russia's foreign ministry": "Russian Foreign Ministry",
    }


def test_embassy_of_a_country_is_its_embassy() -> None:
    names = same_names(
        [("Russian Embassy", "ORG", 2), ("Embassy of the Russian Federation", "ORG", 1)]
    )
    assert names == {"Embassy of the Russian Federation": "Russian Embassy"}
    assert qualified_body("North Korean Embassy") == ("North Korea", "embassy")


def test_different_bodies_or_two_countries_do_not_merge() -> None:
    assert same_names([("Foreign Office", "ORG", 2), ("Russian Foreign Ministry", "ORG", 2)]) == {}
    names = same_names(
        [
            ("Foreign Ministry", "ORG", 1),
            ("Russian Foreign Ministry", "ORG", 1),
            ("Ukrainian Foreign Ministry", "ORG", 1),
        ],
        ["Russia's foreign ministry"],
    )
    assert names == {"Russia's foreign ministry": "Russian Foreign Ministry"}
    # a place's name is no body, a person is never merged, a bank is no institution here
    assert same_names([("Bank of Russia", "ORG", 2), ("Russian Bank", "ORG", 1)]) == {}
    assert same_names([("Russia", "PER", 1), ("Russian Federation", "LOC", 1)]) == {}


SAID = '"We will respond to this hostile step," {who} said on Monday.'


def _two_outlets_quoting_the_foreign_office() -> list[CompareArticle]:
    """bbc and guardian quoting "the Foreign Office": the two outlets an omission needs."""
    return [
        article(1, "bbc", "Britain expelled an attache. " + SAID.format(who="the Foreign Office")),
        article(
            2,
            "guardian",
            "London expelled a diplomat. " + SAID.format(who="the Foreign Office"),
            minutes=3,
        ),
    ]


def test_outlet_writing_uk_foreign_office_is_not_charged_with_the_foreign_office() -> None:
    articles = [
        *_two_outlets_quoting_the_foreign_office(),
        article(
            3,
            "rt",
            "London expelled a diplomat. " + SAID.format(who="the UK Foreign Office"),
            minutes=6,
        ),
    ]
    result = compare_event("e1", "x", articles, prior=EMPTY_PRIOR)
    by = {f.outlet: f for f in result.outlets}
    assert by["rt"].speakers == (("Foreign Office", 1),)
    assert not [o for o in result.omissions if o.outlet == "rt"], result.omissions


def test_outlet_writing_the_russian_federation_has_named_russia() -> None:
    text = "Russia expelled a British diplomat in Moscow on Monday after the attache left London."
    articles = [
        article(1, "bbc", text),
        article(2, "guardian", text.replace("Monday", "Tuesday"), minutes=3),
        article(
            3,
            "mid",
            "The British authorities expelled the Defence Attaché of the Embassy of the Russian "
            "Federation in London.",
            minutes=6,
        ),
        article(4, "rt", "The Russian Embassy in London said Moscow would respond.", minutes=9),
    ]
    result = compare_event("e1", "x", articles, prior=EMPTY_PRIOR)
    omitted = {(o.outlet, o.kind, o.item) for o in result.omissions}
    assert ("mid", "entity", "Russia") not in omitted, omitted
    embassies = {n for f in result.outlets for n, _ in f.entities if "mbassy" in n}
    assert len(embassies) == 1, embassies  # mid's "Embassy of the Russian Federation", rt's


def test_speaker_the_outlet_has_say_something_is_not_omitted() -> None:
    articles = [
        *_two_outlets_quoting_the_foreign_office(),
        article(3, "rt", "The Foreign Office has denounced Moscow over the attache.", minutes=6),
    ]
    result = compare_event("e1", "x", articles, prior=EMPTY_PRIOR)
    assert not [o for o in result.omissions if o.outlet == "rt"], result.omissions


def test_acronym_is_found_as_written_not_as_a_word() -> None:
    text = "The US said the attache had to leave Washington, the US embassy confirmed."
    articles = [
        article(1, "bbc", text),
        article(2, "guardian", text.replace("leave", "quit"), minutes=3),
        article(3, "rt", "The attache told us he would quit Washington within a week.", minutes=6),
    ]
    result = compare_event("e1", "x", articles, prior=EMPTY_PRIOR)
    assert ("rt", "entity", "US") in {(o.outlet, o.kind, o.item) for o in result.omissions}


def test_a_speaker_merged_into_an_entity_of_the_event_takes_its_type() -> None:
    """The guardian's "The Russian embassy" (a description, no type) is rt's ORG "Russian
    Embassy": its quote had an empty `speaker_type` in the quotes export."""
    articles = [
        article(
            1,
            "rt",
            "The Russian Embassy in London said the ambassador had been summoned. \u201cThis is "
            "not the first time and, sadly, probably not the last,\u201d the embassy said.",
        ),
        article(
            2,
            "guardian",
            "The Russian embassy called the accusations \u201cabsurd\u201d and said the expulsion "
            "was part of a \u201ccampaign of Russophobia\u201d.",
            minutes=3,
        ),
    ]
    result = compare_event("e1", "x", articles, prior=EMPTY_PRIOR)
    said = {(q.outlet, q.speaker, q.speaker_type) for q in result.quotes}
    assert ("guardian", "Russian Embassy", "ORG") in said, said
    assert {t for _, _, t in said} == {"ORG"}
