"""Tests of the outlet readers in aggregator/parse/sites/: which host gets which reader, what
each layout reader keeps and leaves out, and the page-furniture rules they share."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from lxml import html as lxml_html

from aggregator.parse.extract import extract_article
from aggregator.parse.sites import is_boilerplate, site_reader_for
from aggregator.parse.sites.bbc import read_bbc
from aggregator.parse.sites.guardian import read_guardian
from aggregator.parse.sites.mid import read_mid
from aggregator.parse.sites.rt import read_rt

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "extract"


def _page(name: str) -> bytes:
    return (FIXTURES / f"{name}.html").read_bytes()


@pytest.mark.parametrize(
    ("url", "reader"),
    [
        ("https://www.theguardian.com/world/2024/a", read_guardian),
        ("http://www.guardian.co.uk/uk/2011/b", read_guardian),
        ("https://www.bbc.co.uk/news/articles/c1", read_bbc),
        ("https://BBC.COM/news/x", read_bbc),
        ("https://www.rt.com/news/512345-x/", read_rt),
        ("https://mid.ru/ru/foreign_policy/news/1/", read_mid),
        ("https://notbbc.com/news/x", None),  # a suffix match must start at a label
        ("https://bbc.com.example.org/x", None),
        ("https://example.org/story", None),
        ("not a url", None),
    ],
)
def test_site_reader_for_host(url: str, reader: object) -> None:
    assert site_reader_for(url) is reader


@pytest.mark.parametrize(
    ("name", "reader"),
    [("guardian_dcr", read_bbc), ("bbc_nextjs", read_rt), ("rt_article", read_mid),
     ("mid_ru_cp1251", read_guardian), ("short_page", read_rt)],
)  # fmt: skip
def test_reader_returns_none_on_another_layout(name: str, reader: object) -> None:
    # the BBC and Guardian readers fall back on the story container found by structure: a
    # guess marked "-structure" (checked against trafilatura by extract), never their own method
    tree = lxml_html.document_fromstring(_page(name))
    assert callable(reader)
    found = reader(tree)
    if reader in (read_bbc, read_guardian):
        assert found is None or found.method.endswith("-structure")
    else:
        assert found is None


def test_mid_date_line_is_read_in_moscow_time() -> None:
    # the fixture's JSON-LD block is broken on purpose: the date comes from the page's date line
    x = extract_article(_page("mid_ru_cp1251"), url="https://mid.ru/ru/foreign_policy/news/1/")
    assert x.published == datetime(2024, 2, 12, 12, 40, tzinfo=UTC)


def test_bbc_text_from_next_data_when_blocks_are_missing() -> None:
    html = _page("bbc_nextjs").decode("utf-8")
    stripped = re.sub(r'data-component="(text|subheadline)-block"', "", html)
    x = extract_article(stripped, url="https://www.bbc.co.uk/news/articles/c7example0o")
    assert x.method == "site:bbc"
    assert x.paragraphs[0].startswith("Rail operators in the north")
    assert "What happens next" in x.paragraphs
    assert "Late-night trains to run in the north from June" not in x.paragraphs  # headline
    assert not any("Related" in p for p in x.paragraphs)


def test_guardian_standfirst_in_dcr_grid_area_is_the_lede_and_opens_the_body() -> None:
    paragraphs = "".join(
        f"<p>Paragraph {i} of the review weighs the novel's ideas against its pace.</p>"
        for i in range(12)
    )
    html = (
        "<html><body><main><article><h1>Five of the best novels of the year</h1>"
        '<div style="--grid-area:standfirst"><p>Satire, a thriller and a ghost story</p></div>'
        f'<div data-gu-name="body"><div class="article-body-commercial-selector">{paragraphs}'
        "</div></div></article></main></body></html>"
    )
    x = extract_article(html, url="https://www.theguardian.com/books/2025/dec/01/best-novels")
    assert x.method == "site:guardian"
    assert x.lede == "Satire, a thriller and a ghost story"
    # beside the story in its <article>, not in a header: the gold sets count it as body text
    assert x.paragraphs[0] == "Satire, a thriller and a ghost story"
    assert x.paragraphs[1].startswith("Paragraph 0 ")
    assert "best novels" not in x.text  # the headline of a page with sectioning is not


@pytest.mark.parametrize(
    "paragraph",
    [
        "14 December 2011 Last updated at 17:09 GMT",
        "Wednesday, 9 January 2012 Last updated at 22:04 GMT",
        "3 Mar 2019 updated: 9.15am",
        "\u201cStart Quote",
        "End Quote\u201d",
        "Listen to Newsbeat live at 12:45 and 17:45 weekdays - or listen back here.",
        "This article is published by Guardian Professional. Join the Guardian Healthcare Network"
        " to receive regular emails on NHS innovation.",
        "To browse all of the Guardian\u2019s best books of 2025, visit guardianbookshop.com."
        " Delivery charges may apply.",
        # short credits, counters and promo labels on any site (trafilatura's "- " list items)
        "- From the section US & Canada",
        "- 941 comments",
        "Image source, Getty Images",
        "Photograph: Jane Example/Reuters",
        "\u00a9 2019 Example Media Ltd",
        "Also on rt.com Protesters clash with police in the capital",
        "\u0410\u0432\u0442\u043e\u0440 \u0444\u043e\u0442\u043e, \u0418\u0432\u0430\u043d",
        # a date alone, labelled or as a list item: the page's time stamp
        "- 24 July 2015",
        "Published12 May 2024",
        "Updated: July 24, 2015 10:30 BST",
        "First published on Tue 3 Mar 2020 09.15 GMT",
        # the frame of an embedded post or promo
        "Skip twitter post by Jane Example, 1",
        "Allow Instagram content?",
        "End of Instagram post, 2",
        "Skip podcast promotion and continue reading",
        "Пропустить Telegram-пост, 1",
        "Конец истории Подкаст",
        # a regional or World Service page's sign-off (BBC): follow, listen, send your story
        "Follow BBC Kent on Facebook, X and Instagram. Send your story ideas to"
        " southeast.today@bbc.co.uk or WhatsApp us on 08081 002250.",
        "Listen to BBC Radio Kent on Sounds and watch the latest episode of South East Today"
        " on BBC iPlayer.",
        "Do you have a story suggestion for Wales? Get in touch.",
        "Подписывайтесь на наш канал в Telegram",
    ],
)
def test_page_furniture_paragraphs(paragraph: str) -> None:
    assert is_boilerplate(paragraph)


@pytest.mark.parametrize(
    "paragraph",
    [
        "14 December 2011 was the day the council last updated its flood plan.",
        "Start quoting the figures, she said, and nobody listens.",
        "The minister said the report would be published at 10:30 GMT on Friday.",
        "Timetable changes",
        "Photographs of the flood were shared widely, she said.",
        "Image quality on the new cameras is far better.",
        "The 12 comments were read out in court.",
        "Also on Monday, the council met to discuss the budget.",
        "24 July 2015",  # a results list's day heading, not labelled as the page's date
        "Published on 12 May 2024, the report found rents had risen by a fifth.",
        "End of the road for the post office, say villagers.",
        "Skip the queue: the new ferry booking rules explained",
        "Listen to the people who live here, she said, and you will hear a different story.",
        "Follow the money and you find the same three companies behind every bid.",
    ],
)
def test_body_paragraphs_are_not_furniture(paragraph: str) -> None:
    assert not is_boilerplate(paragraph)


def test_time_stamps_and_trailing_headings_are_not_body_text() -> None:
    # a layout no rule knows (read by structure): the time stamp block and the heading of
    # the links box after the story are furniture; the crosshead before text is kept
    tree = lxml_html.document_fromstring(
        "<html><body><main><article>"
        '<div><span>Published</span><time datetime="2024-05-12">12 May 2024</time></div>'
        "<p>The council approved the plan for a new bridge over the river on Tuesday night.</p>"
        "<h2>What happens next</h2>"
        "<p>Work is expected to start in the spring and to take about two years to finish.</p>"
        "<p>The <time>12 May</time> meeting heard from residents on both banks of the river.</p>"
        "<h2>Related Topics</h2><ul><li><a href='/a'>Bridges</a></li></ul>"
        "</article></main></body></html>"
    )
    got = read_bbc(tree)
    assert got is not None and got.method == "site:bbc-structure"
    assert got.paragraphs == (
        "The council approved the plan for a new bridge over the river on Tuesday night.",
        "What happens next",
        "Work is expected to start in the spring and to take about two years to finish.",
        "The 12 May meeting heard from residents on both banks of the river.",
    )


def test_world_service_dateline_without_label_is_boilerplate() -> None:
    # a 2011-2013 BBC Russian story's time stamp, which trafilatura keeps at the top
    assert is_boilerplate("14 февраля 2012 09:30 GMT")
    assert is_boilerplate("3 марта 2012 г., 18:05 мск")
    assert not is_boilerplate("14 февраля 2012 года в посёлке открылась больница")
