"""Quote extraction and speaker attribution: each pattern, and the hand-labelled quality gate."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest
from rapidfuzz import fuzz

from aggregator.compare.quotes import extract_quotes, find_quotes
from aggregator.records import CompareArticle

LABELLED = Path(__file__).resolve().parents[1] / "fixtures" / "quotes" / "labelled.jsonl"

# Pinned floors of the labelled set (bench/bench_quotes.py prints the figures); never lower
# them silently.
SPEAKER_PRECISION_FLOOR = 0.93
SPEAKER_RECALL_FLOOR = 0.90
QUOTE_RECALL_FLOOR = 0.95


@dataclass(frozen=True)
class Score:
    """Counts behind precision and recall of quotes and of speaker attribution."""

    expected_quotes: int
    found_quotes: int
    matched_quotes: int
    expected_speakers: int
    found_speakers: int
    correct_speakers: int

    @property
    def quote_precision(self) -> float:
        return self.matched_quotes / self.found_quotes if self.found_quotes else 1.0

    @property
    def quote_recall(self) -> float:
        return self.matched_quotes / self.expected_quotes if self.expected_quotes else 1.0

    @property
    def speaker_precision(self) -> float:
        return self.correct_speakers / self.found_speakers if self.found_speakers else 1.0

    @property
    def speaker_recall(self) -> float:
        return self.correct_speakers / self.expected_speakers if self.expected_speakers else 1.0


def load_labelled(path: Path = LABELLED) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def score_item(item: dict[str, object]) -> tuple[Score, list[str]]:
    """Score one labelled item; also return a line per miss for the bench to print.

    A found quote matches an expected one when their texts are at least 80% alike
    (rapidfuzz ratio, case-folded); a speaker is correct when it matches exactly (case-folded).
    """
    expected = list(item["expected"])  # type: ignore[call-overload]
    found = find_quotes(str(item["text"]))
    misses: list[str] = []
    unmatched = list(range(len(expected)))
    matched = correct = 0
    for speaker, quote, _ in found:
        best = max(
            unmatched,
            key=lambda k: fuzz.ratio(quote.casefold(), expected[k]["quote"].casefold()),
            default=None,
        )
        if best is None or fuzz.ratio(quote.casefold(), expected[best]["quote"].casefold()) < 80:
            misses.append(f"{item['id']}: extra quote {quote!r} ({speaker})")
            continue
        unmatched.remove(best)
        matched += 1
        want = expected[best]["speaker"]
        if speaker is not None and want is not None and speaker.casefold() == want.casefold():
            correct += 1
        elif speaker != want:
            misses.append(f"{item['id']}: speaker {speaker!r}, expected {want!r}")
    misses.extend(f"{item['id']}: missed {expected[k]['quote']!r}" for k in unmatched)
    score = Score(
        expected_quotes=len(expected),
        found_quotes=len(found),
        matched_quotes=matched,
        expected_speakers=sum(1 for e in expected if e["speaker"] is not None),
        found_speakers=sum(1 for sp, _, _ in found if sp is not None),
        correct_speakers=correct,
    )
    return score, misses


def score_all(items: list[dict[str, object]]) -> tuple[Score, list[str]]:
    totals = [0] * 6
    misses: list[str] = []
    for item in items:
        score, item_misses = score_item(item)
        misses.extend(item_misses)
        for k, value in enumerate(
            (
                score.expected_quotes,
                score.found_quotes,
                score.matched_quotes,
                score.expected_speakers,
                score.found_speakers,
                score.correct_speakers,
            )
        ):
            totals[k] += value
    return Score(*totals), misses


def test_labelled_set_meets_pinned_floors() -> None:
    score, misses = score_all(load_labelled())
    assert score.expected_quotes >= 75, "the labelled set shrank"
    assert score.speaker_precision >= SPEAKER_PRECISION_FLOOR, misses
    assert score.speaker_recall >= SPEAKER_RECALL_FLOOR, misses
    assert score.quote_recall >= QUOTE_RECALL_FLOOR, misses


@pytest.mark.parametrize(
    ("text", "speaker", "quote"),
    [
        ('"We are ready," said Lavrov.', "Lavrov", "We are ready"),
        ('"We are ready," Lavrov said.', "Lavrov", "We are ready"),
        ('Lavrov said: "We are ready."', "Lavrov", "We are ready."),
        ("“We are ready,” Mr Peskov told reporters.", "Peskov", "We are ready"),
        ("Zakharova wrote: «Мы готовы».", "Zakharova", "Мы готовы"),
        ("Lavrov said: „We are ready.“", "Lavrov", "We are ready."),
        ('According to Peskov, "talks are over".', "Peskov", "talks are over"),
        ('"Talks are over," according to the Kremlin.', "Kremlin", "Talks are over"),
        (
            'Foreign Minister Sergei Lavrov arrived. "We came to listen," the minister said.',
            "Sergei Lavrov",
            "We came to listen",
        ),
        (
            "Maria Zakharova, the ministry's spokeswoman, said: “It is a lie.”",
            "Maria Zakharova",
            "It is a lie.",
        ),
        ('"We will see," the Foreign Secretary said.', "Foreign Secretary", "We will see"),
    ],
)
def test_attribution_patterns(text: str, speaker: str, quote: str) -> None:
    assert find_quotes(text)[0][:2] == (speaker, quote)


def test_pronoun_resolves_to_last_named_person_before_the_quote() -> None:
    text = (
        "Sergei Lavrov met Antony Blinken in Geneva. Blinken left early.\n"
        '"We made no progress at all," he said.'
    )
    assert find_quotes(text)[0][0] == "Antony Blinken"


def test_pronoun_without_a_named_person_is_unattributed() -> None:
    assert find_quotes('"We were told nothing at all," she said.')[0][0] is None


def test_surname_is_merged_into_the_full_name_named_in_the_article() -> None:
    text = 'Sergey Lavrov spoke in Minsk. "We are not afraid," Lavrov said.'
    assert find_quotes(text)[0][0] == "Sergey Lavrov"


def test_split_quote_is_joined_into_one() -> None:
    found = find_quotes('"The talks were useful," Blinken said, "but we are not there yet."')
    assert [(s, q) for s, q, _ in found] == [
        ("Blinken", "The talks were useful but we are not there yet.")
    ]


def test_scare_quotes_and_indirect_speech_are_not_quotations() -> None:
    text = (
        'The Kremlin calls it a "special military operation".\n'
        "According to the spokesperson, talks on the corridor had stalled."
    )
    assert find_quotes(text) == []


def test_unattributed_long_quote_is_kept_without_speaker() -> None:
    found = find_quotes('"Who will pay for the reconstruction of these towns?" Nobody knew.')
    assert [(s, q) for s, q, _ in found] == [
        (None, "Who will pay for the reconstruction of these towns?")
    ]


def test_unclosed_quote_runs_to_the_end_of_its_paragraph() -> None:
    text = '"We have lost the house, the garden and the school\nThe town was quiet.'
    assert find_quotes(text)[0][1] == "We have lost the house, the garden and the school"


def test_nested_guillemets_stay_inside_the_outer_quote() -> None:
    found = find_quotes("Zakharova noted: «The so-called «grain deal» was never implemented».")
    assert found[0][:2] == ("Zakharova", "The so-called «grain deal» was never implemented")


def test_extract_quotes_builds_records_with_outlet_article_and_sentence() -> None:
    article = CompareArticle(
        article_id=7,
        outlet="rt",
        url=None,
        title="t",
        lede="",
        text='Intro sentence here. "Our patience is not infinite," Peskov insisted on Tuesday.',
        published=None,
    )
    (quote,) = extract_quotes(article)
    assert (quote.outlet, quote.article_id, quote.speaker) == ("rt", 7, "Peskov")
    assert quote.text == "Our patience is not infinite"
    assert quote.sentence == '"Our patience is not infinite," Peskov insisted on Tuesday.'


def test_summary_only_article_uses_its_lede() -> None:
    article = CompareArticle(
        article_id=1,
        outlet="bbc",
        url=None,
        title="t",
        lede='"No comment," said Peskov.',
        text="",
        published=None,
        summary_only=True,
    )
    assert [q.speaker for q in extract_quotes(article)] == ["Peskov"]
