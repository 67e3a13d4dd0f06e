"""``omitted`` charges an outlet with what most others have and it lacks (``compare.omissions``),
but never with the outlet itself (its feeds.yaml ``name`` or ``aliases``), and never with a year."""

from __future__ import annotations

from aggregator.compare.event import compare_event
from aggregator.compare.same_names import same_body, same_names
from aggregator.compare.terms import TermPrior
from aggregator.records import CompareArticle
from tests.compare.test_event import article

EMPTY_PRIOR = TermPrior()
MID = "Ministry of Foreign Affairs of the Russian Federation"


def _omitted(articles: list[CompareArticle], **names: tuple[str, ...]) -> set[tuple[str, ...]]:
    result = compare_event("e1", "x", articles, prior=EMPTY_PRIOR, outlet_names=names)
    return {(o.outlet, o.kind, o.item) for o in result.omissions}


def test_the_ministry_of_foreign_affairs_of_russia_is_the_russian_foreign_ministry() -> None:
    names = same_names(
        [
            ("Russian Foreign Ministry", "ORG", 2),
            ("Ministry of Foreign Affairs of Russia", "ORG", 1),
        ]
    )
    assert names == {"Ministry of Foreign Affairs of Russia": "Russian Foreign Ministry"}
    assert same_body("Russia's Ministry of Foreign Affairs", MID)
    assert same_body("Foreign Affairs Ministry", MID)  # no country: the outlet's own
    assert not same_body("Ukrainian Foreign Ministry", MID)
    assert not same_body("Russian Defence Ministry", MID)
    assert not same_body("Foreign Office", MID)


def _ministry_event() -> list[CompareArticle]:
    said = (
        "Russia's foreign ministry said it would respond to the expulsion of its attache from "
        'London. "This is a hostile step," the Russian Foreign Ministry said on Monday.'
    )
    return [
        article(1, "bbc", said),
        article(2, "guardian", said.replace("Monday", "Tuesday"), minutes=3),
        article(3, "rt", said.replace("hostile", "hostile and baseless"), minutes=6),
        article(
            4,
            "mid",
            "Russia regards this step as another openly hostile act. London once again prefers spy "
            "mania to diplomacy. The Russian response will follow.",
            minutes=9,
        ),
    ]


def test_an_outlet_is_not_charged_with_omitting_itself() -> None:
    charged = _omitted(_ministry_event())  # the outlet's names unknown: as before
    assert ("mid", "speaker", "Russian Foreign Ministry") in charged
    assert ("mid", "entity", "Russian Foreign Ministry") in charged
    omitted = _omitted(_ministry_event(), mid=(MID,))
    assert not [o for o in omitted if o[0] == "mid"], omitted
    # another outlet without the ministry is still charged with it
    others = [*_ministry_event()[:3], article(5, "tass", "London expelled an attache.", minutes=9)]
    assert ("tass", "speaker", "Russian Foreign Ministry") in _omitted(others, mid=(MID,))


def test_an_outlet_is_not_charged_with_omitting_its_aliases() -> None:
    said = '"We will answer," the Kremlin said of the sanctions announced in Brussels.'
    articles = [
        article(1, "bbc", said),
        article(2, "guardian", said.replace("answer", "respond"), minutes=3),
        article(3, "rt", said.replace("answer", "reply"), minutes=6),
        article(4, "kremlin", "The President held a meeting on the sanctions.", minutes=9),
    ]
    charged = _omitted(articles, kremlin=("President of Russia",))
    assert ("kremlin", "speaker", "Kremlin") in charged
    omitted = _omitted(articles, kremlin=("President of Russia", "Kremlin"))
    assert omitted == charged - {("kremlin", "speaker", "Kremlin")}


def test_years_are_not_omitted_numbers_but_counts_are() -> None:
    text = (
        "Britain expelled 23 diplomats in 2018 after the Salisbury attack, and 1,500 officials "
        "were reviewed by {n} agencies."
    )
    articles = [
        article(1, "bbc", text.format(n="12")),
        article(2, "guardian", text.format(n="12").replace("Britain", "London"), minutes=3),
        article(3, "rt", text.format(n="twelve"), minutes=6),
        article(4, "mid", "London expelled diplomats after the Salisbury attack.", minutes=9),
    ]
    numbers = {o[2] for o in _omitted(articles) if o[0] == "mid" and o[1] == "number"}
    assert numbers == {"12", "23", "1500"}  # not 2018


def test_a_speaker_the_outlet_reports_with_saying_or_according_to_is_not_omitted() -> None:
    """rt's "The Bank of Russia has left its key interest rate at 16%, citing … and saying it
    could resume easing" was charged with omitting the speaker Bank of Russia in the demo."""
    said = '"Inflation is slowing," the Bank of Russia said on Friday after its {n} meeting.'
    others = [
        article(1, "bbc", said.format(n="March")),
        article(2, "guardian", said.format(n="spring"), minutes=3),
    ]
    texts = {
        "saying": "The Bank of Russia has left its key interest rate at 16%, citing a steady "
        "slowdown in inflation and saying it could resume easing.",
        "according": "Inflation is slowing, according to the Bank of Russia, which met on Friday.",
        "named only": "Analysts expect the Bank of Russia to cut rates. Inflation is slowing.",
    }
    charged = {
        how: ("rt", "speaker", "Bank of Russia")
        in _omitted([*others, article(3, "rt", text, minutes=6)])
        for how, text in texts.items()
    }
    assert charged == {"saying": False, "according": False, "named only": True}
