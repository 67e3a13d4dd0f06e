"""Speeches and statements printed as the speaker's own text (mid.ru's remarks, «Выступление …»):
each paragraph is a direct quote of the person the headline names, and only when the headline
says so and the text speaks in the first person. Passages written for these tests."""

from __future__ import annotations

from datetime import UTC, datetime

from aggregator.compare.quotes import extract_quotes
from aggregator.records import CompareArticle

REMARKS_EN = (
    "Mr Minister, dear friend,\n\n"
    "I am glad to meet with you again, just a week after our talks in Moscow.\n\n"
    "We have agreed to expand the supplies of grain and to settle more of our trade in national "
    "currencies.\n\n"
    "Russia will keep its word, whatever pressure our partners come under.\n\n"
    "Thank you. I now give the floor to you, my friend."
)
SPEECH_RU = (
    "Уважаемые коллеги!\n\n"
    "Мы собрались в непростое время, и я благодарен всем, кто приехал в Москву.\n\n"
    "Наша позиция по Судану неизменна: решения должны принимать сами суданцы.\n\n"
    "Россия продолжит поставки зерна нашим друзьям в Африке.\n\n"
    "Благодарю за внимание. Предоставляю слово моему коллеге."
)


def _article(title: str, text: str, language: str) -> CompareArticle:
    when = datetime(2026, 3, 10, 10, 5, tzinfo=UTC)
    return CompareArticle(1, "mid", None, title, "", text, when, language=language)


def test_remarks_under_a_headline_naming_the_speaker_are_his_words() -> None:
    title = "Foreign Minister Sergey Lavrov’s opening remarks at talks with Tarek Mansour, Cairo"
    quotes = extract_quotes(_article(title, REMARKS_EN, "en"))
    assert [q.text.split()[:3] for q in quotes] == [
        ["I", "am", "glad"],
        ["We", "have", "agreed"],
        ["Russia", "will", "keep"],
    ]  # the form of address and the courtesies of the last paragraph are not quotes
    assert {(q.speaker, q.speaker_type, q.kind) for q in quotes} == {
        ("Sergey Lavrov", "PER", "direct")
    }


def test_a_russian_speech_is_quoted_paragraph_by_paragraph() -> None:
    title = "Выступление Министра иностранных дел России С.В.Лаврова на конференции по Судану"
    quotes = extract_quotes(_article(title, SPEECH_RU, "ru"))
    assert len(quotes) == 3
    assert {q.speaker for q in quotes} == {"С. В. Лавров"}
    assert quotes[0].text.startswith("Мы собрались")


def test_news_about_remarks_is_not_the_speakers_own_text() -> None:
    text = (
        "Ukraine's foreign ministry condemned the Russian minister's comments on Monday.\n\n"
        "The remarks were made during a visit to Cairo, where the minister met his counterpart.\n\n"
        "Officials in Kyiv said they would raise the matter with the European Union."
    )
    assert extract_quotes(_article("Lavrov's remarks spark outrage in Kyiv", text, "en")) == [
        q for q in extract_quotes(_article("Outrage in Kyiv", text, "en")) if q.speaker != "Lavrov"
    ]
    assert all(q.kind == "reported" for q in extract_quotes(_article("x", text, "en")))


def test_quote_marks_in_the_text_win_over_the_headline() -> None:
    text = (
        'The minister spoke to reporters after the talks.\n\n"We will keep our word," Mansour said.'
    )
    title = "Sergey Lavrov's remarks at talks with Tarek Mansour"
    quotes = extract_quotes(_article(title, text, "en"))
    assert [(q.speaker, q.text) for q in quotes if q.kind == "direct"] == [
        ("Mansour", "We will keep our word")
    ]


def test_questions_in_a_statement_are_not_the_speakers_answers() -> None:
    text = REMARKS_EN + "\n\nWhat will you tell the ambassador about these talks?"
    title = "Remarks by Foreign Minister Sergey Lavrov at a news conference"
    quotes = extract_quotes(_article(title, text, "en"))
    assert len(quotes) == 3 and not any(q.text.endswith("?") for q in quotes)
