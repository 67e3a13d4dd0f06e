"""Ledes: the first substantive paragraph, English and Russian (mid.ru transcripts, agency
datelines, captions, links and advertisements skipped)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from aggregator.compare.event import compare_event
from aggregator.compare.terms import TermPrior
from aggregator.language.ledes import MIN_WORDS, choose_lede, is_furniture, strip_dateline
from aggregator.records import CompareArticle

MID_EN = [
    "Mr Minister, dear friend,",
    "Ladies and gentlemen,",
    "We have held substantive talks with my Egyptian colleague on the situation in Sudan.",
    "Russia supports the efforts of Egypt to achieve a ceasefire.",
]
MID_RU = [
    "Уважаемый господин Министр,",
    "Дамы и господа!",
    "Уважаемые коллеги,",
    "Мы провели содержательные переговоры с египетским коллегой о ситуации в Судане.",
]


def test_mid_transcript_salutations_are_skipped_in_english_and_russian() -> None:
    assert choose_lede(MID_EN) == MID_EN[2]
    assert choose_lede(MID_RU) == MID_RU[3]


@pytest.mark.parametrize(
    ("paragraph", "after"),
    [
        (
            "MOSCOW, May 12 (Reuters) - Russia said on Tuesday it would ship more grain.",
            "Russia said on Tuesday it would ship more grain.",
        ),
        ("LONDON (Reuters) - Britain expelled a diplomat.", "Britain expelled a diplomat."),
        (
            "МОСКВА, 12 мая. /ТАСС/. Министр иностранных дел России Сергей Лавров прибыл в Каир.",
            "Министр иностранных дел России Сергей Лавров прибыл в Каир.",
        ),
        (
            "МОСКВА, 12 мая — РИА Новости. Лавров провел переговоры с египетским коллегой.",
            "Лавров провел переговоры с египетским коллегой.",
        ),
        ("CAIRO — Lavrov arrived on Monday.", "Lavrov arrived on Monday."),
        ("MOSCOW, May 12 (Reuters) -", ""),
        # not datelines: a sentence that opens with a capitalised word or abbreviation
        ("США — главный союзник Лондона в регионе.", "США — главный союзник Лондона в регионе."),
        ("Moscow - the capital - said nothing.", "Moscow - the capital - said nothing."),
        ("UK: Russia's envoy was summoned.", "UK: Russia's envoy was summoned."),
    ],
)
def test_datelines_are_cut_and_the_text_after_kept(paragraph: str, after: str) -> None:
    assert strip_dateline(paragraph) == after


def test_a_dateline_only_paragraph_is_skipped() -> None:
    paragraphs = [
        "MOSCOW, May 12 (Reuters) -",
        "Russia and Egypt agreed on Tuesday to expand grain trade.",
    ]
    assert choose_lede(paragraphs) == paragraphs[1]


@pytest.mark.parametrize(
    "paragraph",
    [
        "By Jane Smith, Moscow correspondent",
        "Reporting by Guy Faulconbridge",
        "Автор: Иван Петров",
        "Photograph: Khaled Desouki/AFP/Getty Images",
        "Sergei Lavrov and Badr Abdelatty in Cairo. Photo: Reuters",
        "Lavrov and his Egyptian counterpart at the talks in Cairo /ТАСС",
        "Фото: Сергей Бобылев/ТАСС",
        "Read more: Lavrov visits Cairo",
        "READ MORE: Russia expels British diplomat",
        "Читайте также: Лавров прибыл в Каир",
        "Advertisement",
        "Реклама",
        "Sign up to our morning newsletter",
        "Ladies and gentlemen,",
        "Дамы и господа!",
        "Уважаемые коллеги,",
        "Mr Minister, dear friend,",
    ],
)
def test_furniture_is_recognised(paragraph: str) -> None:
    assert is_furniture(paragraph)


@pytest.mark.parametrize(
    "paragraph",
    [
        "By Tuesday, the troops had withdrawn from the border villages.",
        "Mr Lavrov said the talks in Cairo had been useful.",
        "Дорогие продукты стали главной темой предвыборной кампании.",
        "Related talks in Geneva ended without agreement on Friday.",
    ],
)
def test_story_paragraphs_are_not_furniture(paragraph: str) -> None:
    assert not is_furniture(paragraph)


def test_short_paragraphs_give_way_to_a_substantive_one() -> None:
    paragraphs = [
        "Breaking.",
        "Lavrov in Cairo",
        "Russia and Egypt called for a ceasefire in Sudan.",
    ]
    assert len(paragraphs[1].split()) < MIN_WORDS
    assert choose_lede(paragraphs) == paragraphs[2]
    # nothing substantive at all: the first paragraph that is not furniture, however short
    assert choose_lede(["Ladies and gentlemen,", "Ministers met."]) == "Ministers met."
    assert choose_lede([]) == ""


def test_a_site_standfirst_is_the_lede_whatever_its_length() -> None:
    assert choose_lede(MID_EN, standfirst="Satire, a thriller and a ghost story") == (
        "Satire, a thriller and a ghost story"
    )
    assert choose_lede(MID_EN, standfirst="Advertisement") == MID_EN[2]


def test_comparison_rechooses_a_stored_salutation_lede() -> None:
    """Versions stored before this rule kept the first paragraph as the lede."""
    when = datetime(2026, 3, 2, tzinfo=UTC)
    article = CompareArticle(
        1, "mid", None, "Lavrov in Cairo", "Ladies and gentlemen,", "\n".join(MID_EN), when
    )
    result = compare_event("e1", "Cairo", [article], prior=TermPrior())
    assert result.outlets[0].lede == MID_EN[2]
