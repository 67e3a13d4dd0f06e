"""Site rules on layouts they were not written for (pages made by us, in
tests/fixtures/extract/layouts/), and the check of a site reader's text against trafilatura's."""

from __future__ import annotations

from pathlib import Path

import pytest

from aggregator.parse.crosscheck import check_site_text, filter_by_declared_body
from aggregator.parse.extract import extract_article
from aggregator.parse.sites.blocks import layouts_left_out

LAYOUTS = Path(__file__).resolve().parents[1] / "fixtures" / "extract" / "layouts"

WORLD_SERVICE = (
    "Жители деревни Заречное за одно лето построили через реку деревянный мост, которого они "
    "ждали от районных властей почти двадцать лет.",
    "Деньги на доски и сваи собирали всей деревней, а проект бесплатно подготовил инженер из "
    "соседнего города, который когда-то сам вырос в Заречном.",
    "«Раньше детям приходилось идти в школу в обход, через старую плотину, это семь "
    "километров», — рассказала Русской службе Би-би-си местная учительница Анна Вымышленная.",
    "Что говорят власти",
    "В администрации района заявили, что мост пока не принят в эксплуатацию и его должна "
    "осмотреть комиссия, но запрещать им пользоваться не станут.",
    "Жители надеются, что к зиме мост внесут в реестр дорог и район возьмёт на себя его ремонт "
    "и расчистку от снега.",
)


def _extract(name: str, url: str) -> tuple[str, tuple[str, ...]]:
    x = extract_article((LAYOUTS / f"{name}.html").read_bytes(), url=url)
    return x.method, x.paragraphs


def test_bbc_world_service_page_is_read_by_structure() -> None:
    method, paragraphs = _extract(
        "bbc_world_service_ru", "https://www.bbc.com/russian/articles/c0example1ro"
    )
    assert method == "site:bbc-structure"
    assert paragraphs == WORLD_SERVICE  # no caption, photo credit, related or most-read text


def test_bbc_regional_page_leaves_onward_promos_out() -> None:
    # the promos under the story carry text blocks too; they used to join the body
    method, paragraphs = _extract(
        "bbc_regional_onward", "https://www.bbc.co.uk/news/articles/c0example2ko"
    )
    text = " ".join(paragraphs)
    assert method == "site:bbc"
    assert len(paragraphs) == 6
    assert paragraphs[0].startswith("A seafront road in Eastbay will close")
    assert "worth the wait." in paragraphs[-1]
    for promo in ("ferry operator", "four hundred homes", "school choir", "Related internet"):
        assert promo not in text


def test_bbc_regional_page_with_its_layout_left_out_still_leaves_promos_out() -> None:
    with layouts_left_out({"bbc:2024"}):
        method, paragraphs = _extract(
            "bbc_regional_onward", "https://www.bbc.co.uk/news/articles/c0example2ko"
        )
    assert method == "site:bbc-structure"
    assert "ferry operator" not in " ".join(paragraphs)
    assert "Traders on the seafront" in " ".join(paragraphs)


def test_bbc_live_page_keeps_every_post_and_no_teaser() -> None:
    method, paragraphs = _extract("bbc_live", "https://www.bbc.co.uk/news/live/c0example3lt")
    text = " ".join(paragraphs)
    assert method == "site:bbc-structure"
    # four posts of a title and two paragraphs, newest first as on the page; a post's title
    # is text as a crosshead is, its time is not
    assert len(paragraphs) == 12
    assert paragraphs[0] == "River levels are still rising"
    assert paragraphs[1].startswith("The Environment Agency says")
    assert "11:02" not in text
    assert paragraphs[-1].startswith("We will bring you the latest")
    for other in ("A short guide", "Send us your pictures", "Flood warnings are in place"):
        assert other not in text


def test_guardian_opinion_in_an_unknown_layout() -> None:
    method, paragraphs = _extract(
        "guardian_gallery_opinion",
        "https://www.theguardian.com/commentisfree/2009/jun/02/town-libraries-worth-more",
    )
    text = " ".join(paragraphs)
    assert method == "site:guardian-structure"
    # the standfirst sits in the <article> beside the story, in no header: it opens the body
    assert len(paragraphs) == 5
    assert paragraphs[0].startswith("Closing branches looks like thrift")
    assert paragraphs[1].startswith("When the council voted last week")
    for other in ("Jo Fictional", "Our town libraries", "last indoor public space", "Most viewed"):
        assert other not in text


def test_bbc_russian_page_without_embed_frames_consent_or_podcast_promo() -> None:
    raw = (LAYOUTS / "bbc_world_service_ru_embeds.html").read_bytes()
    x = extract_article(raw, url="https://www.bbc.com/russian/articles/c0example4ru")
    assert x.method == "site:bbc-structure"
    assert len(x.paragraphs) == 4
    assert x.paragraphs[0].startswith("Паромное сообщение между материком")
    assert x.paragraphs[-1].startswith("Жителям островов советуют")
    text = " ".join(x.paragraphs)
    for other in ("Пропустить", "Разрешить", "cookie", "Конец", "Подкаст", "Наверх", "Обновлено"):
        assert other not in text
    # read as a page of a site without rules (trafilatura's text): the frame lines still go
    generic = extract_article(raw, url="https://news.example.org/2025/11/12/ferries")
    assert generic.method == "trafilatura"
    for frame in ("Разрешить контент Telegram?", "Конец Telegram-поста, 1", "Конец истории"):
        assert frame not in generic.paragraphs


LIVE_POSTS = (
    "Bridge closed to all traffic",
    "The estuary bridge has now been closed to all traffic after a lorry was blown onto its side "
    "in the westbound lanes. Nobody was hurt, the operator says.",
    "Drivers are being told to use the inland route, which adds about forty minutes to the "
    "journey.",
    "Ferry services between the mainland and the islands have been cancelled for the rest of the "
    "day, the operator has announced.",
    "Passengers booked on this afternoon's sailings will be moved to the first departures "
    "tomorrow morning, or can claim a full refund.",
    "Rail lines closed north of the city",
    "Network Rail has closed two lines north of the city after trees came down across the tracks "
    "overnight, and says it cannot yet say when they will reopen.",
    "Replacement buses are running between the main stations, but passengers are advised not to "
    "travel unless their journey is essential.",
)


@pytest.mark.parametrize(
    ("left_out", "method"),
    [
        (set(), "site:guardian"),
        ({"guardian:2011", "guardian:2014", "guardian:2024"}, "site:guardian-structure"),
    ],
)
def test_guardian_live_blog_posts_without_times_shares_or_key_events(
    left_out: set[str], method: str
) -> None:
    # 2014-2020 live blog: post times (<time> in a paragraph), "Updated at" lines, share
    # links under each post, the "Key events" timeline and the caption are not body text
    with layouts_left_out(left_out):
        x = extract_article(
            (LAYOUTS / "guardian_liveblog_2016.html").read_bytes(),
            url="https://www.theguardian.com/uk-news/live/2016/feb/08/storm-example-live",
        )
    assert x.method == method
    assert x.paragraphs == LIVE_POSTS
    assert x.lede == (
        "Gusts of up to 80mph forecast for coastal areas Ferries cancelled and bridges closed"
        " to high-sided vehicles"
    )


TRAF = ("one two three four five six seven eight nine ten", "eleven twelve thirteen fourteen")


@pytest.mark.parametrize("structural", [False, True])
def test_agreeing_texts_keep_the_site_reader(structural: bool) -> None:
    verdict = check_site_text(TRAF, TRAF, structural=structural)
    assert verdict.choice == "site" and verdict.paragraphs == TRAF


def test_dragged_in_paragraphs_are_dropped() -> None:
    promo = ("alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron",)
    verdict = check_site_text(TRAF + promo, TRAF, structural=False)
    assert verdict.choice == "filtered" and verdict.paragraphs == TRAF


def test_short_structural_guess_gives_way_to_trafilatura() -> None:
    verdict = check_site_text(("one two",), TRAF, structural=True)
    assert verdict.choice == "trafilatura"
    # the outlet's own rule, as short, is trusted: trafilatura's extra is boilerplate there
    assert check_site_text(("one two",), TRAF, structural=False).choice == "site"


def test_no_trafilatura_text_keeps_the_site_reader() -> None:
    assert check_site_text(TRAF, (), structural=True).choice == "site"


GENERIC_URL = "https://gazette.example.com/news/2019/cycle-lanes"


def test_declared_article_body_drops_what_trafilatura_kept_beside_the_story() -> None:
    method, paragraphs = _extract("generic_jsonld", GENERIC_URL)
    text = " ".join(paragraphs)
    assert method == "trafilatura+jsonld"
    assert len(paragraphs) == 4
    assert paragraphs[0].startswith("The town council voted on Monday")
    assert paragraphs[-1].startswith("The council said the lanes would be reviewed")
    assert "Cyclists ride along" not in text and "morning briefing" not in text


STORY = tuple(
    f"Paragraph {i} of the story says something new about the harbour wall and the road "
    f"closure, number {i}, with enough words to count as a long paragraph of running text."
    for i in range(4)
)
PROMO = "Get our newsletter every morning with the news that matters to you."


def test_declared_body_filter_keeps_story_and_drops_promo() -> None:
    kept = filter_by_declared_body((*STORY[:2], PROMO, *STORY[2:]), "\n\n".join(STORY))
    assert kept == STORY


def test_declared_body_cut_short_changes_nothing() -> None:
    # a paywall's declared body: the first half, with or without an ellipsis
    assert filter_by_declared_body((*STORY, PROMO), "\n\n".join(STORY[:2])) is None
    assert filter_by_declared_body((*STORY, PROMO), "\n\n".join(STORY[:3]) + " ...") is None
    # a declared body that is not the page's text (another story, or HTML)
    assert filter_by_declared_body(STORY, "<p>Another story entirely, about trains.</p>") is None
