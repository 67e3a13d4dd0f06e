"""Outlet layouts the shared pages lack, read by structure (pages made by us, in
tests/fixtures/extract/layouts/, see its README): the body holds the story and none of the
page's furniture, whether the outlet's own layout rules are known or all switched off."""

from __future__ import annotations

from pathlib import Path

import pytest

from aggregator.parse.crosscheck import check_site_text
from aggregator.parse.extract import extract_article
from aggregator.parse.sites.blocks import is_boilerplate, layouts_left_out
from aggregator.records import Extraction

LAYOUTS = Path(__file__).resolve().parents[1] / "fixtures" / "extract" / "layouts"
ALL_LAYOUTS = frozenset(
    {"bbc:2011", "bbc:2015", "bbc:2024", "guardian:2011", "guardian:2014", "guardian:2024"}
)
KNOWN_AND_LEFT_OUT = pytest.mark.parametrize("left_out", [frozenset(), ALL_LAYOUTS])


def _extract(name: str, url: str, left_out: frozenset[str]) -> Extraction:
    with layouts_left_out(left_out):
        return extract_article((LAYOUTS / f"{name}.html").read_bytes(), url=url)


def _none_of(text: str, furniture: tuple[str, ...]) -> None:
    for line in furniture:
        assert line not in text, line


SIMORGH = (
    "В Заозёрске открылась детская библиотека — первая в городе с начала девяностых годов, "
    "когда прежнюю закрыли, а её книги раздали по школам.",
    "Здание бывшего дома культуры ремонтировали два года на деньги области и частных "
    "жертвователей, а книги для фонда собирали всем городом, рассказала Русской службе Би-би-си "
    "директор библиотеки Ольга Примерова.",
    "«Дети приходили к нам ещё до открытия и спрашивали, когда можно будет взять книгу домой. "
    "Мы записали больше трёхсот читателей за первую неделю», — говорит она.",
    "Что будет дальше",
    "Городские власти обещают, что библиотека будет работать и по выходным, а летом при ней "
    "откроют кружки рисования и шахмат.",
    "фонд библиотеки — двенадцать тысяч книг;",
    "треть из них подарили жители города.",
    "Следующей весной область собирается открыть такие же библиотеки ещё в двух городах, если "
    "найдутся подходящие здания.",
)


@KNOWN_AND_LEFT_OUT
def test_bbc_world_service_article_body_without_byline_promos_or_most_read(
    left_out: frozenset[str],
) -> None:
    url = "https://www.bbc.com/russian/articles/c0example5ru"
    x = _extract("bbc_russian_simorgh", url, left_out)
    assert x.method == "site:bbc-structure"
    assert x.paragraphs == SIMORGH
    _none_of(
        x.text,
        (
            "Автор",  # the byline list: "Автор, …", "Должность, …"
            "Должность",
            "Подпись к фото",
            "сорок мест",  # the caption
            "Подкаст",
            "Что это было",  # the podcast promo's linked title
            "Эпизоды",
            "Темы",
            "Новости по теме",
            "кинотеатр",  # a related story's linked headline
            "рекордный снег",  # top stories
            "старый вокзал",  # features: a linked headline and its summary
            "неизвестный вид рыбы",  # most read
            "Перейти к содержанию",
            "ответственности",
        ),
    )


def test_bbc_world_service_byline_lines_are_furniture_in_any_text() -> None:
    for line in ("Автор, Мария Выдуманная", "- Должность, Русская служба Би-би-си",
                 "Author, Jo Bloggs", "Role, BBC News", "Reporting from, Kyiv"):  # fmt: skip
        assert is_boilerplate(line), line
    for line in ("Author, campaigner and former teacher Jo Bloggs said the plan would fail.",
                 "Автор, по его словам, не знал об этом."):  # fmt: skip
        assert not is_boilerplate(line), line


LIVE_2019 = (
    "Final result: no overall control",
    "With all 48 seats declared, no party has a majority on Northtown council. The Harbour Party "
    "is the largest group with 21 councillors, three short of control.",
    "Talks between the groups are expected to start on Monday, the council's chief executive says.",
    "Recount in Quayside ward",  # a short post of the stream is kept
    "A recount has been called in Quayside, where the first count put two candidates four votes "
    "apart.",
)


@KNOWN_AND_LEFT_OUT
def test_bbc_live_stream_keeps_short_posts_and_titles_not_times_or_share_tools(
    left_out: frozenset[str],
) -> None:
    x = _extract(
        "bbc_live_stream_2019",
        "https://www.bbc.co.uk/news/live/uk-england-northtown-47000001",
        left_out,
    )
    assert x.method == "site:bbc-structure"
    assert x.paragraphs[: len(LIVE_2019)] == LIVE_2019
    assert len(x.paragraphs) == 14  # five posts: a title each, 2+1+2+2+2 paragraphs
    assert x.paragraphs[-1].startswith("We will bring you every result")
    _none_of(
        x.text,
        ("13:40", "12:55", "Share", "Facebook", "Get involved", "Tell us what matters",
         "Related Topics", "Local elections 2019", "Live Reporting", "Edited by", "Skip to",
         "Terms of Use", "not responsible"),
    )  # fmt: skip


GALLERY = (
    "Harbour at dawn Fishing boats return to the harbour at Porthmere after a night at sea, "
    "watched by a handful of early walkers on the breakwater.",
    "Market day Stallholders set out crates of apples and pears at the Saturday market in "
    "Lowbridge, which has run on the same square since the 14th century.",
    "Snow on the fells A shepherd leads his flock down from the high pasture above Thornwaite "
    "as the first snow of the winter settles on the fells.",
    "City lights Commuters cross the river on the new footbridge in Castleford as the office "
    "towers light up behind them on a wet Tuesday evening.",
    "Open water Members of a swimming club take their weekly dip in the lake at Ellerby, where "
    "the water was measured at six degrees on Sunday morning.",
)


@KNOWN_AND_LEFT_OUT
def test_guardian_gallery_body_is_its_captions_without_credits_or_share_links(
    left_out: frozenset[str],
) -> None:
    x = _extract(
        "guardian_gallery_2017",
        "https://www.theguardian.com/uk-news/gallery/2017/nov/24/the-week-in-pictures-example",
        left_out,
    )
    assert x.method == "site:guardian-structure"
    assert x.paragraphs == GALLERY
    assert x.lede == "The best photographs from around the UK this week, chosen by our picture desk"
    _none_of(
        x.text,
        ("Photograph", "Kit Example", "Share on", "Compiled by", "Pat Example", "More galleries",
         "Most viewed", "winter walks", "Photography", "Skip to"),
    )  # fmt: skip


@KNOWN_AND_LEFT_OUT
def test_old_guardian_table_layout_without_navigation_byline_or_side_column(
    left_out: frozenset[str],
) -> None:
    # no <article>, no <main>, no body container a rule names: the element holding most
    # paragraph text; trafilatura glues each table cell into one line with the navigation,
    # headline, byline and the "most read" column
    x = _extract(
        "guardian_2006_table",
        "http://www.guardian.co.uk/scotland/story/0,,1700000,00.html",
        left_out,
    )
    assert x.method == "site:guardian-structure"
    # no sectioning elements: the headline is body text, as the gold of such pages has it
    assert len(x.paragraphs) == 7
    assert x.paragraphs[0] == "Ferry link to the islands saved"
    assert x.paragraphs[1].startswith("The ferry link between the mainland and three islands")
    assert x.paragraphs[-1].endswith("recommended that the route be handed over.")
    _none_of(
        x.text,
        ("Politics", "Alex Example", "Tuesday March 14", "Guardian Unlimited",
         "Related articles", "Island school", "Useful links", "Most read", "fishing town",
         "Privacy policy"),
    )  # fmt: skip


REGION = "one two three four five six seven eight nine ten eleven twelve thirteen fourteen"


def test_paragraph_container_gives_way_to_trafilatura_inside_it_not_outside() -> None:
    site = ("one two three four five six seven eight nine ten",)
    inside = ("one two three four five six seven eight nine ten", "eleven twelve thirteen")
    verdict = check_site_text(site, inside, structural=True, region=REGION)
    assert verdict.choice == "trafilatura"
    outside = (*inside, "home politics sport business most read weather")
    verdict = check_site_text(site, outside, structural=True, region=REGION)
    assert verdict.choice == "site" and verdict.paragraphs == site


@KNOWN_AND_LEFT_OUT
def test_guardian_opinion_piece_opens_with_its_standfirst_without_rich_link_or_sign_up(
    left_out: frozenset[str],
) -> None:
    x = _extract(
        "guardian_opinion_dcr",
        "https://www.theguardian.com/commentisfree/2025/feb/11/high-streets-benches-not-car-parks",
        left_out,
    )
    assert x.method == ("site:guardian-structure" if left_out else "site:guardian")
    standfirst = (
        "A town centre people can rest in is one they will come back to. Councils keep"
        " forgetting that"
    )
    # the standfirst (its grid area, beside the story in the <article>), five paragraphs, a
    # crosshead, the author's line
    assert len(x.paragraphs) == 8
    assert x.paragraphs[0] == standfirst
    assert x.paragraphs[1].startswith("When our town's last bench")
    assert x.paragraphs[4] == "What would change"
    assert x.paragraphs[-1] == "Robin Example is a writer on towns and transport"
    assert x.lede == standfirst
    _none_of(
        x.text,
        ("need more benches, not more car parks", "Opinion", "Tue 11 Feb", "Share", "312",
         "public toilets", "small promise", "Photograph", "A bench outside shops", "newsletter",
         "Sign up", "This is Europe", "Privacy Notice", "Do you have an opinion", "Explore more",
         "Reuse this content", "Most viewed", "rail journeys", "discussion is now closed",
         "Skip to main content"),
    )  # fmt: skip


def test_bbc_page_without_article_element_keeps_the_story_blocks_not_the_cards() -> None:
    # a 2024 regional page served without its <article> and with its onward journey unnamed:
    # the story's text blocks are siblings, each promo card's block sits alone in its card
    raw = (LAYOUTS / "bbc_regional_onward.html").read_text(encoding="utf-8")
    raw = raw.replace('<article class="sc-7c3a2b-0 kVzpsW">', '<div class="sc-7c3a2b-0 kVzpsW">')
    raw = raw.replace("</article>", "</div>")
    raw = raw.replace('data-testid="onward-journey" aria-labelledby="more-from-kent"', "")
    assert "<article" not in raw and "onward" not in raw
    x = extract_article(raw, url="https://www.bbc.co.uk/news/articles/c0example2ko")
    assert x.method == "site:bbc"
    assert len(x.paragraphs) == 6
    assert x.paragraphs[0].startswith("A seafront road in Eastbay will close")
    _none_of(x.text, ("ferry operator", "four hundred homes", "school choir", "More from"))


IN_PICTURES = (
    "Hundreds of people turned out to see Seaford's new lifeboat station open, twenty years after"
    " the old one closed.",
    "Crowds lined the promenade in Seaford to watch the first lifeboat launch of the new station"
    " on Saturday morning.",
    "Volunteers in dry suits steer the new boat down the slipway as the tide comes in behind the"
    " pier.",
    "The crew's youngest member, who is 18, waves to her family from the deck before the boat"
    " heads out to sea.",
    "A brass band from the town's secondary school played as the station's flag was raised above"
    " the boathouse.",
    "As the sun set, the lifeboat returned to the harbour and the crowds stayed on to watch it"
    " being winched back up.",
)


@KNOWN_AND_LEFT_OUT
def test_bbc_in_pictures_page_keeps_captions_without_labels_or_sources(
    left_out: frozenset[str],
) -> None:
    x = _extract(
        "bbc_in_pictures_2024", "https://www.bbc.co.uk/news/articles/c0example6ip", left_out
    )
    assert x.method == ("site:bbc-structure" if left_out else "site:bbc")
    assert x.paragraphs == IN_PICTURES
    _none_of(
        x.text,
        ("Image source", "Image caption", "Getty", "PA Media", "Jo Invented", "7 June",
         "Related internet links", "Lifeboats", "More from", "Pier reopens", "two years"),
    )  # fmt: skip


def test_captions_stay_out_of_an_article_with_text() -> None:
    # an ordinary article with as many pictures is not a gallery: its captions are furniture
    raw = (LAYOUTS / "bbc_in_pictures_2024.html").read_text(encoding="utf-8")
    story = "".join(
        f'<div data-component="text-block"><p>Paragraph {i} of the report goes on about the'
        " station, its crew, the boat and the money the town raised to build it.</p></div>"
        for i in range(6)
    )
    raw = raw.replace(
        '<div data-component="links-block">', story + '<div data-component="links-block">'
    )
    x = extract_article(raw, url="https://www.bbc.co.uk/news/articles/c0example6ip")
    assert len(x.paragraphs) == 7
    assert "promenade" not in x.text and "brass band" not in x.text
