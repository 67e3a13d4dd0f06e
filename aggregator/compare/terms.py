"""Texts grouped by outlet in, each outlet's distinctive words and two-word phrases out.

Scoring is the log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi & Quinn
2008, "Fightin' Words", section 3.5). For outlet *i* against the other outlets of the event
taken together (*j*), for term *w* with counts ``y`` and totals ``n``::

    delta_w = log((y_iw + a_w) / (n_i + a0 - y_iw - a_w))
            - log((y_jw + a_w) / (n_j + a0 - y_jw - a_w))
    var_w  ~= 1 / (y_iw + a_w) + 1 / (y_jw + a_w)
    z_w     = delta_w / sqrt(var_w)

The prior ``a_w = a0 * pi_w``, where ``pi_w`` is the term's share of the background counts
(the ``TermPrior`` built from the whole stored corpus) plus the event's own counts, so that a
word never seen before still has a small, non-zero prior. ``a0`` (the prior's total weight) is
the number of term tokens in the event: the corpus then says as much as the event itself,
enough to stop a word used twice by one outlet and never by another from topping the list, yet
not so much that the event's own differences are smoothed away. (Using the raw corpus counts
as the prior, as the paper does, would let a corpus thousands of times larger than the event
swamp it.)

Terms are content words and bigrams of two adjacent content words in one sentence (a stop word,
number or punctuation mark between them breaks the pair). What a content word is, and which
forms count as one term (Russian lemmas, English stems), is ``language.termwords``. A term is
shown by its readable form: a Russian word by its lemma, an English word, and any bigram, by
the form the event uses most; ``forms`` lists the forms seen.

The background corpus (``TermPrior``) is counted by written form, not by term: lemmatising every
word of 20,000 stored articles would cost minutes. A term's prior count is the corpus count of
the forms the event wrote it in (a form the event never uses does not add to its prior).

Only significant terms are reported (``TermRule``): |z| >= ``min_z`` (1.96: the 5% level, two
sided) and a count of at least ``min_count`` (the outlet's own count for a term it over-uses,
the other outlets' count for one it under-uses). A word used once is never a finding, and an
event too small for any term to pass says so (``terms_note``) instead of listing noise.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from aggregator.language.termwords import content_words, surfaces
from aggregator.records import TermScore

MIN_Z = 1.96
MIN_COUNT = 3

_SENTENCE = re.compile(r"[^.!?…\n]+[.!?…]*")
_CYRILLIC = re.compile("[а-я]")


@dataclass(frozen=True)
class TermRule:
    """When a term is reported: |z| of at least ``min_z`` and a count of at least ``min_count``
    (settings ``terms_min_z`` and ``terms_min_count``)."""

    min_z: float = MIN_Z
    min_count: int = MIN_COUNT

    def passes(self, z: float, own: int, others: int) -> bool:
        """Whether a term scored ``z``, used ``own`` times by the outlet and ``others`` times by
        the other outlets, is significant."""
        if abs(z) < self.min_z:
            return False
        return (own if z > 0 else others) >= self.min_count

    def none_note(self) -> str:
        """The note an event gets when no term passes."""
        return f"no term significant (|z| >= {self.min_z:g}, count >= {self.min_count})"


SINGLE_OUTLET_NOTE = "no terms: distinctive terms need two outlets or more"


class TermPrior:
    """Background term counts from a corpus: the informative prior for ``distinctive_terms``.

    Grows as texts are added (``add``); it holds one counter of written words and adjacent pairs,
    so its memory is bounded by the corpus vocabulary, not by the number of texts.
    """

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self.total = 0

    @classmethod
    def from_texts(cls, texts: Iterable[str]) -> TermPrior:
        """A prior built from ``texts`` (for example every stored article's text)."""
        prior = cls()
        for text in texts:
            prior.add(text)
        return prior

    def add(self, text: str) -> None:
        """Count the written forms (words and adjacent pairs) of one more text."""
        for sentence in _sentences(text):
            previous = None
            for surface in surfaces(sentence):
                if surface is not None:
                    self.counts[surface] += 1
                    self.total += 1
                    if previous is not None:
                        self.counts[f"{previous} {surface}"] += 1
                        self.total += 1
                previous = surface

    def count(self, forms: Iterable[str]) -> int:
        """The corpus count of a term written in ``forms``."""
        return sum(self.counts.get(form, 0) for form in forms)


def count_terms(text: str) -> Counter[str]:
    """Unigram and bigram counts of ``text`` by term key (see the module docstring)."""
    return Counter(key for sentence in _sentences(text) for key, _ in _sentence_terms(sentence))


@dataclass
class _OutletTerms:
    """One outlet's term counts, the forms it wrote each term in (with their counts) and a
    first example."""

    counts: Counter[str]
    forms: dict[str, dict[str, int]]
    examples: dict[str, str]


def distinctive_terms(
    by_outlet: Mapping[str, Sequence[str]],
    *,
    prior: TermPrior,
    top: int = 10,
    negative: int = 3,
    rule: TermRule | None = None,
) -> list[TermScore]:
    """Each outlet's ``top`` most over-used and ``negative`` most under-used significant terms.

    ``by_outlet`` maps an outlet to its texts. Needs two outlets or more (an outlet is
    compared with the others); returns ``[]`` otherwise. Only terms that pass ``rule``
    (default ``TermRule()``) are returned. Each score carries the outlet's and the others'
    counts of the term and an example sentence: the outlet's own first sentence containing it,
    or, for a term it never uses, another outlet's. Ordered by outlet, then z descending, then
    term.
    """
    rule = rule or TermRule()
    if len(by_outlet) < 2:
        return []
    outlets = {outlet: _count_outlet(by_outlet[outlet]) for outlet in sorted(by_outlet)}
    event: Counter[str] = Counter()
    for own in outlets.values():
        event.update(own.counts)
    event_total = sum(event.values())
    if event_total == 0:
        return []
    alpha0 = float(event_total)
    prior_total = prior.total + event_total
    # Only a term the event uses ``min_count`` times or more can pass the rule (the outlet's
    # count and the others' are each at most the event's): the others are not scored.
    candidates = {key: total for key, total in event.items() if total >= rule.min_count}
    forms = {key: _forms(outlets, key) for key in candidates}
    # a term's prior weight is the same for every outlet
    alphas = {
        key: alpha0 * (prior.count(forms[key]) + total) / prior_total
        for key, total in candidates.items()
    }
    scores: list[TermScore] = []
    for outlet, own in outlets.items():
        n_i = sum(own.counts.values())
        n_j = event_total - n_i
        scored = []
        for key, total in candidates.items():
            alpha = alphas[key]
            y_i = own.counts.get(key, 0)
            y_j = total - y_i
            delta = math.log((y_i + alpha) / (n_i + alpha0 - y_i - alpha)) - math.log(
                (y_j + alpha) / (n_j + alpha0 - y_j - alpha)
            )
            z = round(delta / math.sqrt(1.0 / (y_i + alpha) + 1.0 / (y_j + alpha)), 4)
            if rule.passes(z, y_i, y_j):
                scored.append((z, key, y_i, y_j))
        scored.sort(key=lambda item: (-item[0], item[1]))
        highs = [item for item in scored if item[0] > 0][:top]
        lows = [item for item in scored if item[0] < 0][-negative:] if negative else []
        for z, key, y_i, y_j in highs + lows:
            example = own.examples.get(key) or _other_example(outlets, outlet, key)
            seen = forms[key]
            scores.append(
                TermScore(
                    outlet,
                    _display(key, seen),
                    y_i,
                    z,
                    example,
                    others_count=y_j,
                    forms=tuple(form for form, _ in seen.most_common(5)),
                )
            )
    return scores


def _display(key: str, forms: Counter[str]) -> str:
    """A term as a reader sees it: a Russian word's lemma, else the form the event uses most."""
    if " " not in key and _CYRILLIC.search(key):
        return key
    return min(forms.items(), key=lambda item: (-item[1], item[0]))[0] if forms else key


def _count_outlet(texts: Sequence[str]) -> _OutletTerms:
    found = _OutletTerms(Counter(), {}, {})
    counts, forms, examples = found.counts, found.forms, found.examples
    for text in texts:
        for sentence in _sentences(text):
            for key, surface in _sentence_terms(sentence):
                seen = forms.get(key)  # (``forms`` and ``counts`` have the same keys)
                if seen is None:  # a term first seen: its forms and its example
                    counts[key] = 1
                    forms[key] = {surface: 1}
                    examples[key] = sentence.strip()
                else:
                    counts[key] += 1
                    seen[surface] = seen.get(surface, 0) + 1
    return found


def _forms(outlets: Mapping[str, _OutletTerms], key: str) -> Counter[str]:
    """The forms the event wrote term ``key`` in, with their counts (in outlet order, then
    first use)."""
    out: Counter[str] = Counter()
    for own in outlets.values():
        if key in own.forms:
            out.update(own.forms[key])
    return out


def _other_example(outlets: Mapping[str, _OutletTerms], outlet: str, key: str) -> str:
    for other in sorted(outlets):
        if other != outlet and key in outlets[other].examples:
            return outlets[other].examples[key]
    return ""


def _sentences(text: str) -> Iterator[str]:
    for match in _SENTENCE.finditer(text):
        yield match.group()


def _sentence_terms(sentence: str) -> Iterator[tuple[str, str]]:
    """(term key, surface form) of each unigram and bigram of one sentence."""
    previous = None
    for word in content_words(sentence):
        if word is None:
            previous = None
            continue
        yield word.key, word.surface
        if previous is not None:
            yield f"{previous.key} {word.key}", f"{previous.surface} {word.surface}"
        previous = word
