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

Terms are lower-cased words (letters, inner apostrophes and hyphens; no numbers) minus a
stop list of English and Russian function words, and bigrams of two adjacent such words in
one sentence (a stop word or punctuation between them breaks the pair).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence

from aggregator.records import TermScore

_STOPWORDS_TEXT = """
    a about above after again against ago all almost also although am among an and any are
    around as at be because been before being below between both but by can could did do does
    doing done down during each either else ever every few for from further had has have having
    he her here hers herself him himself his how i if in into is it its itself just least less
    let many may me might more most much must my myself neither no nor not now of off often on
    once one only or other others our ours ourselves out over own per quite rather same she
    should since so some such than that the their theirs them themselves then there therefore
    these they this those though through thus to too under until up upon us very via was we
    were what whatever when where whether which while who whom whose why will with within
    without would yet you your yours yourself said says say told tells mr mrs ms dr also
    it's that's there's he's she's they're we're i'm isn't aren't wasn't weren't won't can't
    didn't doesn't don't hasn't haven't wouldn't couldn't shouldn't
    и в во не что он на я с со как а то все она так его но да ты к у же вы за бы по только ее
    её мне было вот от меня еще ещё нет о из ему теперь когда даже ну ли если уже или ни быть
    был него до вас нибудь уж вам ведь там потом себя ничего ей может они тут где есть надо ней
    для мы тебя их чем была сам чтоб без будто чего раз тоже себе под будет ж тогда кто этот
    того потому этого какой совсем ним здесь этом почти мой тем чтобы нее сейчас были куда
    зачем всех никогда можно при об хоть после над больше тот через эти нас про всего них
    какая много эту моя впрочем том нельзя такой им более всегда между также это этих который
    которые которая которого которых
    """
STOPWORDS = frozenset(_STOPWORDS_TEXT.split())

_SENTENCE = re.compile(r"[^.!?…\n]+[.!?…]*")
_WORD = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*|[^\w\s]|\d+")


class TermPrior:
    """Background term counts from a corpus: the informative prior for ``distinctive_terms``.

    Grows as texts are added (``add``); it holds one counter of unigrams and bigrams, so its
    memory is bounded by the corpus vocabulary, not by the number of texts.
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
        """Count the terms of one more text."""
        for sentence in _sentences(text):
            for term in _sentence_terms(sentence):
                self.counts[term] += 1
                self.total += 1


def count_terms(text: str) -> Counter[str]:
    """Unigram and bigram counts of ``text`` (see the module docstring for what a term is)."""
    return Counter(term for sentence in _sentences(text) for term in _sentence_terms(sentence))


def distinctive_terms(
    by_outlet: Mapping[str, Sequence[str]],
    *,
    prior: TermPrior,
    top: int = 10,
    negative: int = 3,
) -> list[TermScore]:
    """Each outlet's ``top`` most over-used and ``negative`` most under-used terms in an event.

    ``by_outlet`` maps an outlet to its texts. Needs two outlets or more (an outlet is
    compared with the others); returns ``[]`` otherwise. Each score carries the outlet's count
    of the term and an example sentence: the outlet's own first sentence containing it, or, for
    a term it never uses, another outlet's. Ordered by outlet, then z descending, then term.
    """
    if len(by_outlet) < 2:
        return []
    counts: dict[str, Counter[str]] = {}
    examples: dict[str, dict[str, str]] = {}
    for outlet in sorted(by_outlet):
        counts[outlet], examples[outlet] = _count_with_examples(by_outlet[outlet])
    event: Counter[str] = Counter()
    for outlet_counts in counts.values():
        event.update(outlet_counts)
    event_total = sum(event.values())
    if event_total == 0:
        return []
    alpha0 = float(event_total)
    prior_total = prior.total + event_total
    scores: list[TermScore] = []
    for outlet, own in counts.items():
        n_i = sum(own.values())
        n_j = event_total - n_i
        scored = []
        for term, total in event.items():
            alpha = alpha0 * (prior.counts.get(term, 0) + total) / prior_total
            y_i = own.get(term, 0)
            y_j = total - y_i
            delta = math.log((y_i + alpha) / (n_i + alpha0 - y_i - alpha)) - math.log(
                (y_j + alpha) / (n_j + alpha0 - y_j - alpha)
            )
            z = delta / math.sqrt(1.0 / (y_i + alpha) + 1.0 / (y_j + alpha))
            scored.append((z, term))
        scored.sort(key=lambda item: (-item[0], item[1]))
        chosen = [item for item in scored[:top] if item[0] > 0]
        lows = [item for item in scored[::-1][:negative] if item[0] < 0]
        for z, term in chosen + sorted(lows, key=lambda item: (-item[0], item[1])):
            example = examples[outlet].get(term) or _other_example(examples, outlet, term)
            scores.append(TermScore(outlet, term, own.get(term, 0), round(z, 4), example))
    return scores


def _count_with_examples(texts: Sequence[str]) -> tuple[Counter[str], dict[str, str]]:
    counts: Counter[str] = Counter()
    examples: dict[str, str] = {}
    for text in texts:
        for sentence in _sentences(text):
            for term in _sentence_terms(sentence):
                counts[term] += 1
                if term not in examples:
                    examples[term] = sentence.strip()
    return counts, examples


def _other_example(examples: Mapping[str, Mapping[str, str]], outlet: str, term: str) -> str:
    for other in sorted(examples):
        if other != outlet and term in examples[other]:
            return examples[other][term]
    return ""


def _sentences(text: str) -> Iterator[str]:
    for match in _SENTENCE.finditer(text):
        yield match.group()


def _sentence_terms(sentence: str) -> Iterator[str]:
    previous: str | None = None
    for match in _WORD.finditer(sentence):
        token = match.group().lower().replace("’", "'")
        if not token[0].isalpha() or token in STOPWORDS or len(token) < 2:
            previous = None
            continue
        yield token
        if previous is not None:
            yield f"{previous} {token}"
        previous = token
