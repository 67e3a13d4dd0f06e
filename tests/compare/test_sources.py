"""News agencies and outlets named as sources: credits, never omissions (compare.sources)."""

from __future__ import annotations

import pytest

from aggregator.compare.event import compare_event
from aggregator.compare.sources import (
    described_as_news_organisation,
    listed_news_organisation,
    news_organisations,
)
from aggregator.records import ArticleEntity, Quote
from tests.compare.test_event import EMPTY_PRIOR, article

TALKS = (
    "Russian Foreign Minister Sergei Lavrov met his Egyptian counterpart Tarek Mansour in "
    "Moscow on Tuesday to discuss grain supplies."
)


@pytest.mark.parametrize(
    ("name", "listed"),
    [
        ("Reuters", True),
        ("Рейтер", True),
        ("ТАСС", True),
        ("TASS", True),
        ("РИА Новости", True),
        ("The Guardian", True),
        ("BBC Radio Cornwall", True),  # a listed outlet and a broadcasting word
        ("Reuters Health", True),
        ("Sputnik V", False),  # a vaccine, not the agency
        ("Rosatom", False),
        ("Environment Agency", False),
        ("Reuters Street", False),
    ],
)
def test_listed_news_organisations_by_latin_key(name: str, listed: bool) -> None:
    assert listed_news_organisation(name) is listed


@pytest.mark.parametrize(
    ("forms", "text", "described"),
    [
        ({"Nordwelle TV"}, "Germany's public broadcaster Nordwelle TV said so.", True),
        ({"Kurier"}, "The Kurier newspaper reported on Monday that talks ran late.", True),
        ({"Kurier"}, "the news agency Kurier said", True),
        ({"Северный вестник"}, "Как пишет газета «Северный вестник», переговоры шли долго.", True),
        ({"Вестник"}, "Об этом сообщило агентство Вестник.", True),
        ({"Rosstat"}, "the state statistics agency Rosstat said prices rose", False),
        ({"Met Office"}, "The Met Office daily forecast warned of gales.", False),
        ({"Kurier"}, "Kurier Street was closed.", False),
    ],
)
def test_a_name_the_articles_call_a_news_organisation(
    forms: set[str], text: str, described: bool
) -> None:
    assert described_as_news_organisation(forms, [text]) is described


def test_only_organisations_and_untyped_speakers_are_sources() -> None:
    entities = [
        ArticleEntity(1, "bbc", "Reuters", "ORG", "reuters", 1, ("Reuters",)),
        ArticleEntity(1, "bbc", "Bloomberg", "PER", "blomberg", 1, ("Bloomberg",)),  # the man
        ArticleEntity(1, "bbc", "Rosatom", "ORG", "rosatom", 1, ("Rosatom",)),
    ]
    quotes = [
        Quote("bbc", 1, "Interfax", "talks ran late", "s", "reported", "ORG"),
        Quote("bbc", 1, "Sky News", "it was late", "s", "reported", None),
        Quote("bbc", 1, "Times", "no comment", "s", "direct", "PER"),
    ]
    assert news_organisations(entities, quotes, []) == {"Reuters", "Interfax", "Sky News"}


def test_news_agencies_credited_as_sources_are_not_omitted() -> None:
    """The demo's grain talks: two outlets took a figure from "trade data compiled by Reuters",
    and the Reuters entity counted as omitted by the two that had not. A credit is no framing
    entity; an ordinary organisation the same two outlets name (Rosatom) still is."""
    credit = (
        "\n\nEgypt bought 8.5m tonnes of Russian wheat last year, {source}. The Rosatom plant "
        "at El Dabaa was discussed. {agency} said talks ran late. {broadcaster} said Berlin "
        "was watching."
    )
    guardian = credit.format(
        source="according to trade data compiled by Reuters",
        agency="The Interfax news agency",
        broadcaster="Germany's public broadcaster Nordwelle TV",
    )
    rt = credit.format(source="Reuters reported", agency="Interfax", broadcaster="Nordwelle TV")
    articles = [
        article(1, "guardian", TALKS + guardian, minutes=0),
        article(2, "rt", TALKS + rt, minutes=10),
        article(3, "bbc", TALKS + "\n\nEgypt is a big wheat importer. Sudan came up.", minutes=20),
        article(4, "mid", TALKS + "\n\nThe ministers discussed trade and Sudan.", minutes=30),
    ]
    result = compare_event("e1", "x", articles, prior=EMPTY_PRIOR)
    omitted = {(o.outlet, o.item) for o in result.omissions if o.kind == "entity"}
    for outlet in ("bbc", "mid"):
        assert (outlet, "Rosatom") in omitted, omitted
        for credited in ("Reuters", "Interfax", "Nordwelle TV"):
            assert (outlet, credited) not in omitted, omitted
    # still entities of the articles that name them, with their type
    named = {(e.outlet, e.name, e.type) for e in result.entities}
    assert {("guardian", "Reuters", "ORG"), ("rt", "Reuters", "ORG")} <= named
    by = {f.outlet: f for f in result.outlets}
    assert ("Reuters", 1) in by["guardian"].entities
