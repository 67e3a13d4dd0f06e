"""Who published first: dated articles only, ties and undated articles marked, time sources."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from aggregator.compare.event import compare_event
from aggregator.compare.terms import TermPrior
from aggregator.compare.timing import TIE_S, publication_timing
from aggregator.records import CompareArticle

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def art(
    aid: int, outlet: str, minutes: float | None, source: str | None = "page", **kw: str
) -> CompareArticle:
    when = None if minutes is None else T0 + timedelta(minutes=minutes)
    return CompareArticle(
        aid,
        outlet,
        None,
        kw.get("title", f"{outlet} now"),
        "",
        "Talks on grain in Ankara.",
        when,
        published_source=source if when else None,
        first_seen=T0 - timedelta(hours=5),  # an early crawl: must not make anyone first
        first_title=kw.get("first_title", ""),
    )


def test_undated_articles_are_not_ranked_and_do_not_become_first() -> None:
    timing = publication_timing(
        {"mid": art(1, "mid", None), "bbc": art(2, "bbc", 10), "rt": art(3, "rt", 40, "feed")}
    )
    assert timing["mid"].timing == "undated" and timing["mid"].lag_s is None
    assert timing["mid"].source == "undated"
    assert timing["bbc"].timing == "first" and timing["bbc"].lag_s == 0
    assert timing["rt"].timing == "later" and timing["rt"].lag_s == 1800
    assert timing["rt"].source == "feed"


def test_ties_are_marked_on_every_tied_outlet() -> None:
    timing = publication_timing(
        {"a": art(1, "a", 0), "b": art(2, "b", TIE_S / 60 / 2), "c": art(3, "c", 30)}
    )
    assert [timing[o].timing for o in "abc"] == ["tied", "tied", "later"]


def test_a_bare_page_date_is_not_ranked_against_times() -> None:
    day = art(1, "mid", -9 * 60, "page-date")  # midnight: earlier than anyone, but only a day
    timing = publication_timing({"mid": day, "bbc": art(2, "bbc", 5)})
    assert timing["mid"].timing == "date-only" and timing["mid"].lag_s is None
    assert timing["bbc"].timing == "first"


def test_stored_before_the_source_was_kept_is_unrecorded_but_ranked() -> None:
    timing = publication_timing({"a": art(1, "a", 0, None), "b": art(2, "b", 5)})
    assert timing["a"].source == "unrecorded" and timing["a"].timing == "first"


def test_comparison_carries_first_and_current_headline_and_timing() -> None:
    articles = [
        art(1, "guardian", 0, title="Storm: woman dies", first_title="Storm: homes lose power"),
        art(2, "mid", None),
    ]
    result = compare_event("e1", "storm", articles, prior=TermPrior())
    guardian, mid = result.outlets
    assert guardian.headline == "Storm: woman dies"
    assert guardian.first_headline == "Storm: homes lose power"
    assert guardian.timing == "first" and guardian.published_source == "page"
    assert mid.first_headline == mid.headline == "mid now"  # not edited: the same
    assert mid.timing == "undated" and mid.first_published is None
    assert mid.first_seen == T0 - timedelta(hours=5)
