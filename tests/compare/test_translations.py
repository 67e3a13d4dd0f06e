"""compare/translations.py: one outlet's document in two languages, paragraph by paragraph.
Pages: tests/fixtures/translations/ (made by us)."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from aggregator.compare.event import compare_event
from aggregator.compare.terms import TermPrior
from aggregator.compare.translations import align_paragraphs, anchors, compare_translations
from aggregator.records import CompareArticle
from tests.support.translations import extraction

RU = [
    "14 мая состоялся телефонный разговор министров иностранных дел России и Норвегии.",
    "Обсудили квоты вылова трески в Баренцевом море на 2026 год.",
    "Российская сторона подчеркнула важность сохранения Арктического совета.",
    "Условились продолжить контакты в июне.",
]
EN = [
    "On May 14 the foreign ministers of Russia and Norway spoke by telephone.",
    "They discussed the 2026 cod quotas in the Barents Sea.",
    "They agreed to continue contacts in June.",
]


def _article(name: str, article_id: int, *, translation_of: int | None = None) -> CompareArticle:
    x = extraction(name)
    return CompareArticle(
        article_id=article_id,
        outlet=name.split("_")[0],
        url=x.url,
        title=x.title,
        lede=x.lede,
        text=x.text,
        published=x.published,
        language=x.language,
        translation_of=translation_of,
    )


def test_anchors_are_numbers_and_names_that_survive_translation() -> None:
    assert anchors(RU[0]) == anchors(EN[0]) == {"14", "nrv", "rs"}  # Норвегии/Norway
    assert anchors(RU[1]) == anchors(EN[1]) == {"2026", "brn"}  # Баренцевом/Barents
    assert anchors(RU[3]) == frozenset()  # a sentence's first word is no name
    assert anchors("Question: Why?") == anchors("Вопрос: Почему?") == {"said:?"}
    assert "said:lvr" in anchors("С.В.Лавров: Тем, кто") & anchors("Sergey Lavrov: Those who")


def test_a_paragraph_the_translation_leaves_out_or_adds() -> None:
    assert align_paragraphs(RU, EN) == [(0, 0), (1, 1), (2, None), (3, 2)]
    # the other way round, the same paragraph is one the translation added
    assert align_paragraphs(EN, RU) == [(0, 0), (1, 1), (None, 2), (2, 3)]
    assert align_paragraphs(RU, RU) == [(k, k) for k in range(4)]
    assert align_paragraphs(RU, []) == [(k, None) for k in range(4)]


def test_unrelated_paragraphs_are_not_paired() -> None:
    other = ["The central bank held its key rate at 16% on 13 March 2026 in Moscow today."]
    assert align_paragraphs(["Storm Gwendolyn cut power to 60,000 homes in Cornwall."], other) == [
        (0, None),
        (None, 0),
    ]


def test_an_outlet_s_words_are_its_original_s_not_its_translation_s_too() -> None:
    """A researcher compares lengths across outlets: mid's statement in Russian and English is
    one text, counted once (the original's words), not the sum of the two languages."""
    original, translation = (
        _article("mid_ru_1901200", 1),
        _article("mid_en_1901214", 2, translation_of=1),
    )
    rt = _article("rt_en_640101", 3)
    prior = TermPrior.from_texts([original.text, translation.text, rt.text])
    compared = compare_event("e1", "label", [translation, rt, original], prior=prior)
    mid = next(f for f in compared.outlets if f.outlet == "mid")
    assert mid.article_ids == (1, 2)
    assert mid.word_count == len(original.text.split()) != len(translation.text.split())
    # names and quotes too: counted in the version that has more, not in both added up
    alone = compare_event("e2", "label", [original, rt], prior=prior)
    mid_alone = next(f for f in alone.outlets if f.outlet == "mid")
    names = dict(mid.entities)
    assert names and all(
        count <= names[name] for name, count in dict(mid_alone.entities).items() if name in names
    )
    for name, count in dict(mid.entities).items():
        per_version = [
            sum(e.mentions for e in compared.entities if e.name == name and e.article_id == i)
            for i in (1, 2)
        ]
        assert count == max(per_version), name


def test_fixture_pair_the_english_version_leaves_out_the_arctic_council() -> None:
    original, translation = (
        _article("mid_ru_1901200", 1),
        _article("mid_en_1901214", 2, translation_of=1),
    )
    other = _article("rt_en_640101", 3)
    (pair,) = compare_translations([original, translation, other])
    assert (pair.outlet, pair.original_id, pair.translation_id) == ("mid", 1, 2)
    assert (pair.original_language, pair.translation_language) == ("ru", "en")
    assert pair.lag_s == timedelta(hours=2, minutes=35).total_seconds()
    assert pair.aligned == 3
    assert len(pair.left_out) == 1 and "Арктического совета" in pair.left_out[0]
    assert pair.added == ()


def test_compare_event_shows_one_outlet_in_two_languages() -> None:
    original, translation = (
        _article("mid_ru_1901200", 1),
        _article("mid_en_1901214", 2, translation_of=1),
    )
    rt = _article("rt_en_640101", 3)
    prior = TermPrior.from_texts([original.text, translation.text, rt.text])
    compared = compare_event("e1", "label", [translation, rt, original], prior=prior)
    mid = next(f for f in compared.outlets if f.outlet == "mid")
    assert mid.languages == ("ru", "en") and mid.headline == original.title  # ru came first
    assert next(f for f in compared.outlets if f.outlet == "rt").languages == ("en",)
    assert [(t.original_id, t.translation_id) for t in compared.translations] == [(1, 2)]
    # an original outside the event (or no link) gives no pair
    alone = compare_event("e2", "label", [translation, rt], prior=prior)
    assert next(f for f in alone.outlets if f.outlet == "mid").word_count == len(
        translation.text.split()
    )  # with no original in the event the translation is the outlet's own text
    assert alone.translations == ()
    assert (
        compare_event(
            "e3", "l", [replace(translation, translation_of=None), original], prior=prior
        ).translations
        == ()
    )


def test_an_outlet_reprinting_the_english_version_makes_it_shared_copy() -> None:
    """RT reprints mid's English statement word for word: mid's text is shared copy, measured on
    that version, not diluted by the Russian original beside it (which shares words with no
    one)."""
    original, translation = (
        _article("mid_ru_1901200", 1),
        _article("mid_en_1901214", 2, translation_of=1),
    )
    reprint = replace(translation, article_id=3, outlet="rt", translation_of=None)
    prior = TermPrior.from_texts([original.text, translation.text])
    compared = compare_event("e1", "label", [original, translation, reprint], prior=prior)
    mid = next(f for f in compared.outlets if f.outlet == "mid")
    assert mid.shared_share > 0.9 and not mid.independent
    alone = compare_event("e2", "label", [translation, reprint], prior=prior)
    assert next(f for f in alone.outlets if f.outlet == "mid").shared_share == mid.shared_share
