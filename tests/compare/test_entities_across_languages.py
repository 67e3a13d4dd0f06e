"""One place or body named in Russian and in English is one entity of the event.

The passages are invented: a ferry aground in the Red Sea, told by a Russian outlet and two
English ones. The Russian names ("Красном море", "Совет Безопасности ООН", "Всемирная
организация здравоохранения") are translations of the English ones, not transliterations.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from aggregator.compare.event import compare_event
from aggregator.compare.terms import TermPrior
from aggregator.records import CompareArticle

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

RUSSIAN = (
    "Паром с тремястами пассажирами сел на мель в Красном море у побережья Египта. "
    "Всемирная организация здравоохранения направила врачей в Каир.\n\n"
    "Совет Безопасности ООН проведёт заседание в среду, сообщили в МИД Египта."
)
ENGLISH = (
    "A ferry carrying 300 passengers ran aground in the Red Sea off the coast of Egypt. "
    "The World Health Organization sent doctors to Cairo.\n\n"
    "The UN Security Council will meet on Wednesday, Egypt's foreign ministry said."
)
ENGLISH_2 = (
    "Rescuers reached a ferry stranded in the Red Sea on Tuesday. The World Health "
    "Organization said its doctors were in Cairo.\n\n"
    "The United Nations Security Council is to meet on Wednesday."
)


def article(article_id: int, outlet: str, language: str, title: str, text: str) -> CompareArticle:
    return CompareArticle(
        article_id=article_id,
        outlet=outlet,
        url=f"https://{outlet}.example/{article_id}",
        title=title,
        lede=text.split("\n")[0],
        text=text,
        published=T0 + timedelta(minutes=article_id),
        modified=None,
        word_count=len(text.split()),
        summary_only=False,
        language=language,
    )


def ferry_event() -> list[CompareArticle]:
    return [
        article(1, "ria", "ru", "Паром сел на мель в Красном море", RUSSIAN),
        article(2, "bbc", "en", "Ferry runs aground off Egypt", ENGLISH),
        article(3, "guardian", "en", "Rescuers reach stranded ferry", ENGLISH_2),
    ]


def test_a_place_named_in_both_languages_is_one_entity_under_its_english_name() -> None:
    compared = compare_event("e1", "ferry", ferry_event(), prior=TermPrior())
    ria = dict(compared.outlets[0].entities)
    assert compared.outlets[0].outlet == "ria"
    assert ria["Red Sea"] == 2  # the headline and the body
    # "UN Security Council" (bbc) and "United Nations Security Council" (guardian) tie: the
    # longer English spelling is shown, the Russian one never
    assert ria["United Nations Security Council"] == 1
    assert ria["World Health Organization"] == 1
    assert ria["Cairo"] == 1
    assert not {"Красное море", "Совет Безопасности ООН", "Каир"} & set(ria)
    # the entity keeps the forms each article wrote
    red_sea = [e for e in compared.entities if e.name == "Red Sea"]
    assert {e.outlet for e in red_sea} == {"ria", "bbc", "guardian"}
    assert len({e.key for e in red_sea}) == 1
    assert "Красном море" in next(e for e in red_sea if e.outlet == "ria").surfaces


def test_an_outlet_is_not_charged_with_omitting_what_it_named_in_russian() -> None:
    compared = compare_event("e1", "ferry", ferry_event(), prior=TermPrior())
    charged = {(o.outlet, o.item) for o in compared.omissions}
    assert ("ria", "Red Sea") not in charged
    assert ("ria", "United Nations Security Council") not in charged
    assert ("ria", "World Health Organization") not in charged
    assert not {item for outlet, item in charged if outlet == "ria"}


def test_an_event_in_russian_only_keeps_the_russian_name() -> None:
    only = [
        article(1, "ria", "ru", "Паром сел на мель", RUSSIAN),
        article(2, "tass", "ru", "Паром на мели", RUSSIAN.replace("Паром", "Судно")),
    ]
    compared = compare_event("e1", "ferry", only, prior=TermPrior())
    names = {e.name for e in compared.entities}
    assert "Красное море" in names and "Red Sea" not in names
