"""The lines above the story that count as body text, by the page's markup (parse/sites/front.py):
headline and lead caption on a page without HTML5 sectioning, a standfirst beside the story in
its <article>; pages written by us."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import html as lxml_html

from aggregator.parse.extract import extract_article
from aggregator.parse.sites.blocks import layouts_left_out
from aggregator.parse.sites.front import read_front, with_front

LAYOUTS = Path(__file__).resolve().parents[1] / "fixtures" / "extract" / "layouts"
ALL_LAYOUTS = frozenset(
    {"bbc:2011", "bbc:2015", "bbc:2024", "guardian:2011", "guardian:2014", "guardian:2024"}
)

_STORY = "".join(
    f"<p>Paragraph {i}: the council voted for the flood plan after a long debate on its cost"
    " and on the homes the new wall would protect along the seafront.</p>"
    for i in range(8)
)


@pytest.mark.parametrize("left_out", [frozenset(), ALL_LAYOUTS])
def test_old_world_service_page_opens_with_headline_and_lead_caption(
    left_out: frozenset[str],
) -> None:
    raw = (LAYOUTS / "bbc_russian_2012.html").read_bytes()
    with layouts_left_out(left_out):
        x = extract_article(
            raw, url="http://www.bbc.co.uk/russian/society/2012/02/120214_example_hospital.shtml"
        )
    assert x.paragraphs[0] == "В Заречье открыли первую за двадцать лет больницу"
    assert x.paragraphs[1] == "Больницу строили три года на деньги области"
    assert x.paragraphs[2].startswith("В посёлке Заречье открылась районная больница")
    assert x.paragraphs[-1].startswith("Областные власти обещают")
    assert x.lede.startswith("В посёлке Заречье")  # the lede is the story's, not the headline
    assert x.title == "В Заречье открыли первую за двадцать лет больницу"
    for furniture in ("BBC Russian", "Главный врач больницы показывает", "Поделиться",
                      "Врачей не хватает", "14 февраля"):  # fmt: skip
        assert furniture not in x.text, furniture


def test_old_page_headline_is_the_h1_the_title_repeats_not_a_logo() -> None:
    html = (
        "<html><head><title>Example News - Council backs new flood plan</title></head><body>"
        '<h1><a href="/">Example News</a></h1><div class="story">'
        "<h1>Council backs new flood plan</h1>"
        f"{_STORY}"
        '<div class="caption">A picture further down the story</div></div></body></html>'
    )
    front = read_front(lxml_html.fromstring(html), "")
    # the caption comes after the story's first paragraph: not the lead picture's
    assert front == ("Council backs new flood plan",)


def test_old_page_lead_caption_is_found_past_a_long_standfirst() -> None:
    # a guardian.co.uk page of 2011: headline and standfirst in the article header, then the
    # lead picture with its caption, then the body; the standfirst is no story paragraph
    standfirst = (
        "Councillors back a cheaper plan after two winters of flooding on the seafront, "
        "and the work is to start before the autumn storms come in"
    )
    html = (
        "<html><head><title>Council backs new flood plan | UK news | guardian.co.uk</title>"
        '</head><body><div id="article-header"><h1>Council backs new flood plan</h1>'
        f'<p id="stand-first" class="stand-first-alone">{standfirst}</p></div>'
        '<div id="main-content-picture"><img src="a.jpg"/><div class="caption">The seafront '
        "in January. Photograph: Jo Example</div></div>"
        f'<div id="article-body-blocks">{_STORY}</div></body></html>'
    )
    assert len(standfirst) > 120
    x = extract_article(html, url="http://www.guardian.co.uk/uk/2011/dec/15/flood-plan")
    assert x.paragraphs[:2] == (
        "Council backs new flood plan",
        "The seafront in January. Photograph: Jo Example",
    )
    assert x.paragraphs[2].startswith("Paragraph 0:")
    assert "work is to start" not in x.text  # the standfirst is the lede, not body text
    assert x.lede == standfirst


def test_sectioned_page_keeps_headline_caption_and_header_standfirst_out() -> None:
    html = (
        "<html><head><title>Council backs new flood plan | Example</title></head><body>"
        '<article><header><h1>Council backs new flood plan</h1><div class="content__standfirst">'
        "<p>A cheaper plan after two winters of flooding</p></div></header>"
        "<figure><img src='a.jpg'/><figcaption class='caption'>The seafront in January"
        f"</figcaption></figure><div class='content__article-body'>{_STORY}</div>"
        "</article></body></html>"
    )
    x = extract_article(html, url="https://www.theguardian.com/uk/2016/jan/05/flood-plan")
    assert x.paragraphs[0].startswith("Paragraph 0:")
    for line in ("Council backs", "cheaper plan", "seafront in January"):
        assert line not in x.text


def test_a_promo_cards_standfirst_is_not_the_storys() -> None:
    html = (
        "<html><head><title>Council backs new flood plan</title></head><body><main>"
        f"<article><h1>Council backs new flood plan</h1><div data-gu-name='body'>{_STORY}</div>"
        "</article><section><ul><li><a href='/other'>Other story</a><div class='fc-item__"
        "standfirst'>Ten walks for the long weekend ahead</div></li></ul></section>"
        "</main></body></html>"
    )
    x = extract_article(html, url="https://www.theguardian.com/uk/2024/jan/05/flood-plan")
    assert x.paragraphs[0].startswith("Paragraph 0:")
    assert "Ten walks" not in x.text


def test_front_lines_are_read_on_guardian_and_bbc_pages_only() -> None:
    html = (
        "<html><head><title>Council backs new flood plan</title></head><body>"
        f'<div class="story"><h1>Council backs new flood plan</h1>{_STORY}</div></body></html>'
    )
    bbc = extract_article(html, url="http://www.bbc.co.uk/news/uk-england-12345678")
    assert bbc.paragraphs[0] == "Council backs new flood plan"
    other = extract_article(html, url="https://news.example.org/flood-plan")
    assert other.paragraphs[0].startswith("Paragraph 0:")


def test_with_front_moves_an_opening_line_up_and_leaves_one_further_down() -> None:
    story = ("12 May 2012 10:00 GMT", "Council backs new flood plan", "Paragraph 0: the vote.")
    assert with_front(story, ("Council backs new flood plan!", "A caption")) == (
        "Council backs new flood plan!",
        "A caption",
        "12 May 2012 10:00 GMT",
        "Paragraph 0: the vote.",
    )
    later = ("One.", "Two.", "Three.", "Council backs new flood plan")
    assert with_front(later, ("Council backs new flood plan",)) == later
    assert with_front(story, ()) == story
