"""English attribution rules of docs/quotes.md rule 19 (issue 14, ninth round, tuned on the dev
part of AllSides batch 6): a speaker is a name (a person, a body, a place), never the words a
quote runs into, a headline's verb or a name cut short. Each in a short passage written for this
test (invented people and bodies)."""

from __future__ import annotations

import pytest

from aggregator.compare.canonical import full_name
from aggregator.compare.people import Speaker
from aggregator.compare.persons import repair_mentions
from aggregator.language.entities import Mention
from aggregator.language.persons_en import repair_names
from tests.support.speakers import quoted


def _person(text: str, surface: str) -> Mention:
    start = text.index(surface)
    return Mention(start, start + len(surface), surface, "PER", surface, surface.lower())


def test_words_a_quote_runs_into_are_no_speaker() -> None:
    text = (
        "Mayor Lena Pike outlined in a letter to the council on Tuesday why she will not take part "
        "in their “costly and pointless” harbour inquiry, charging that the inquiry was rushed."
    )
    assert quoted(text) == [("costly and pointless", "Lena Pike")]


def test_a_quote_running_on_is_said_by_the_subject_after_the_last_comma() -> None:
    text = (
        'Mayor Lena Pike is "a danger to the city" who will surely face a recall vote next '
        "spring, former councillor Tom Hale has said."
    )
    assert quoted(text) == [("a danger to the city", "Tom Hale")]


def test_a_verb_after_but_shares_the_sentence_subject_not_the_adjective_before() -> None:
    text = (
        "Judge Nora Whitfield said Tuesday that she has seen “rumours flying around” about her "
        "Lutheran faith, but said she would not answer them."
    )
    assert quoted(text) == [("rumours flying around", "Nora Whitfield")]


def test_a_headline_verb_is_no_part_of_a_body_and_its_title_names_the_person() -> None:
    text = (
        "Treasury Department Inspector General Finds ‘Grave Safety Lapses’ in IRS Contract.\n\n"
        "The department's watchdog criticised the IRS on Monday. The findings of "
        "Inspector General Carla Mendes were released after a long delay."
    )
    assert quoted(text) == [("Grave Safety Lapses", "Carla Mendes")]


def test_a_headline_verb_ends_a_body_named_in_title_case() -> None:
    text = (
        "Transport Department Says ‘No Delays Expected’ on New Rail Line.\n\n"
        "The Transport Department spoke on Monday about the line."
    )
    assert quoted(text) == [("No Delays Expected", "Transport Department")]


def test_a_name_cut_after_a_short_word_runs_on_over_the_capitalised_word() -> None:
    text = "On Friday Kid Tha Prophet pressed Drake on his record; Ed Lee Tuesday said no."
    cut, lee = _person(text, "Kid Tha"), _person(text, "Ed Lee")
    # (the language stage finishes the name, ner_en; the speaker repairs keep it)
    names = [m.name for m in repair_mentions(text, repair_names(text, [cut, lee]))]
    assert names == ["Kid Tha Prophet", "Ed Lee"]  # (a weekday is no part of a name)


def test_the_field_of_an_office_is_no_part_of_the_name_after_it() -> None:
    text = "The campaign's Director of Communications Tom Baker and Ann Paul Reid spoke."
    swallowed, named = _person(text, "Communications Tom Baker"), _person(text, "Ann Paul Reid")
    names = [m.name for m in repair_mentions(text, repair_names(text, [swallowed, named]))]
    assert names == ["Tom Baker", "Ann Paul Reid"]


def test_a_spokesperson_after_office_of_field_is_the_person_not_the_boss() -> None:
    text = (
        "Senator Mary Hollis lost a vote on Friday. The Hollis campaign’s Director of "
        "Communications Tom Baker said, “We saw nothing unusual at all in the count.”"
    )
    assert quoted(text) == [("We saw nothing unusual at all in the count.", "Tom Baker")]


def test_a_speech_verb_with_its_agent_describes_a_noun_and_is_not_the_sentence_verb() -> None:
    text = (
        "Governor Tom Riley mocked his rival again on Thursday. Promoting an edited image of Ward "
        'posted by his digital director Sam Kerr, Riley called Ward "a sad little man who cannot '
        'win anything at all."'
    )
    assert quoted(text) == [("a sad little man who cannot win anything at all.", "Tom Riley")]


def test_a_nationality_or_faith_or_quantifier_is_no_missed_name() -> None:
    for opener in ("Americans say", "Catholics say"):
        text = (
            f"The mayor's remarks caused a stir on Monday. {opener} “bigotry seems emboldened "
            "these days” in the poll."
        )
        assert quoted(text) == [("bigotry seems emboldened these days", None)]
    text = (
        "The ambassador's remarks caused a stir on Monday. “We were deeply offended by the "
        "remarks,” Some told reporters."
    )
    assert quoted(text) == [("We were deeply offended by the remarks", None)]


def test_a_title_case_headline_verb_is_cut_off_a_speaker_name() -> None:
    for written in ("Ada Reyes Vows", "Tom Hale Says ‘Let Them"):
        speaker = full_name(Speaker(written, "PER"), 0, written, "en", [], [], [])
        assert speaker == Speaker(" ".join(written.split()[:2]), "PER")
    assert full_name(Speaker("Ruth Calls", "PER"), 0, "", "ru", [], [], []).name == "Ruth Calls"


def test_a_speaker_is_named_as_the_entities_name_him_and_repaired_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The speaker path reads the names the language stage finished (a first name the tagger
    missed, a name cut at "Tha"): the quote's speaker key is among the article's entity keys,
    and the English name repairs run once, in the tagger's stage, not again for the speakers."""
    from aggregator.compare import people
    from aggregator.compare import persons as compare_persons
    from aggregator.compare.quotes import find_quotes
    from aggregator.language import entities, persons_en
    from aggregator.language.translit import latin_key

    calls: list[str] = []

    def counted(text: str, mentions: list[Mention]) -> list[Mention]:
        calls.append(text)
        return repair_names(text, mentions)

    monkeypatch.setattr(persons_en, "repair_names", counted)  # (ner_en reads it there)
    monkeypatch.setattr(people, "repair_names", counted, raising=False)
    monkeypatch.setattr(compare_persons, "repair_names", counted, raising=False)
    entities._mentions.cache_clear()
    for text in (
        "Heather Quillan Withdraws From Race\n\nHeather Quillan said on Monday, "
        '"I am done with politics for good now."',
        "On Friday Charlamagne Tha God pressed the mayor. "
        '"You promised us new schools and gave us nothing," Charlamagne Tha God said.',
    ):
        calls.clear()
        keys = {e.key for e in entities.document_entities(text, "en")}
        speakers = [f.speaker.name for f in find_quotes(text, "en") if f.speaker]
        assert speakers and all(latin_key(name) in keys for name in speakers), (speakers, keys)
        assert calls == [text]
