"""Article text -> weighted terms for clustering, and the document-frequency table behind IDF.

Input: a title and a body text. Output: ``{term: weight}`` before IDF (Porter2-stemmed
terms, sublinear term frequency, title counted more, name-like and number tokens weighted up,
adjacent-word bigrams), and ``DocumentFrequencies``, the IDF source that grows as articles
arrive and decays to stay bounded in memory.
"""

from __future__ import annotations

import math
import operator
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import compress
from typing import cast

import snowballstemmer

from aggregator.language import russian
from aggregator.language.detect import language_of
from aggregator.records import ClusterDoc

# Function words that say nothing about which event an article covers (English, and the
# commonest Russian ones since mid.ru and RT publish in Russian too).
_STOPWORD_TEXT = """
a about above after again against all also am an and any are as at be because been before
being below between both but by can could did do does doing down during each few for from
further had has have having he her here hers herself him himself his how i if in into is it
its itself just me more most my myself no nor not now of off on once only or other our ours
ourselves out over own same she should so some such than that the their theirs them
themselves then there these they this those through to too under until up very was we were
what when where which while who whom why will with would you your yours yourself said says
say saying told tells tell new news one two three first last year years week weeks day days
time times may might must us via per amid among according like get got make made many much
even still back well way since yet already however another whether around across including
want wants going go goes went come comes came take takes took mr mrs ms dr don't it's that's
there's he's she's they're we're i'm isn't aren't wasn't weren't won't can't didn't doesn't
monday tuesday wednesday thursday friday saturday sunday today yesterday tomorrow и в во не
что он на я с со как а то все она так его но да ты к у же вы за бы по только ее мне было вот
от меня еще нет о из ему теперь когда даже ну вдруг ли если уже или ни быть был него до вас
нибудь опять уж вам ведь там потом себя ничего ей может они тут где есть надо ней для мы
тебя их чем была сам чтоб без будто чего раз тоже себе под будет ж тогда кто этот того
потому этого какой совсем ним здесь этом один почти мой тем чтобы нее сейчас были куда зачем
всех никогда можно при наконец два об другой хоть после над больше тот через эти нас про
всего них какая много разве три эту моя впрочем хорошо свою этой перед иногда лучше чуть том
нельзя такой им более всегда конечно всю между также это этих заявил заявила сообщил
"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split()) | russian.STOPWORDS

_TOKEN = re.compile(r"[^\W_](?:[\w'’.-]*[^\W_])?")
_SENTENCE_END = frozenset('.!?:;"“”')
_DIGIT = re.compile(r"\d").search
_GAP = ("", False, False)
_STEMS: dict[str, str] = {}
_ENGLISH = snowballstemmer.stemmer("english")


@dataclass(frozen=True)
class TermWeights:
    """Knobs of ``doc_terms``; the defaults were tuned on the clustering dev set."""

    title_weight: float = 2.0
    name_boost: float = 1.0
    number_boost: float = 1.6
    bigram_weight: float = 0.4
    max_text_tokens: int = 400
    idf_power: float = 0.5
    prefix_len: int = 0


def _stem(word: str) -> str:
    """Drop a possessive, then Porter2 (Snowball English) for ASCII words of four letters or
    more: folds inflections and common derivations (vote/voted/voting, senate/senator,
    president/presidency). A Cyrillic word is Russian (``language.russian``: ё -> е, hyphens,
    Snowball Russian; "" for a function word). Other words (short, accented) are kept."""
    if word.endswith("'s"):
        word = word[:-2]
    if word.isascii():
        return str(_ENGLISH.stemWord(word)) if len(word) > 3 else word
    if russian.is_cyrillic(word):
        return russian.russian_term(word)
    return word


def _stem_cached(word: str) -> str:
    stem = _STEMS.get(word)
    if stem is None:
        stem = _stem(word)
        if len(_STEMS) >= 200_000:  # a memo, bounded: start afresh (stemming is pure)
            _STEMS.clear()
        _STEMS[word] = stem
    return stem


def _plain_term(word: str, prefix: int) -> tuple[str, bool, bool]:
    """One lower-case word -> ``(term, False, numeric)``, or the gap for a stopword."""
    if word in STOPWORDS or (len(word) < 2 and not word.isdigit()):
        return _GAP
    numeric = _DIGIT(word) is not None
    if prefix and not numeric:
        return (word[:prefix], False, numeric)
    stem = _stem(word)  # tokens() memoises the whole result in _PLAIN
    return (stem, False, numeric) if stem else _GAP


_PLAIN: dict[str, tuple[str, bool, bool]] = {}


def language_of_doc(doc: ClusterDoc) -> str:
    """The language an article is analysed in: its declared one, else by script."""
    return language_of(doc.language, doc.title + " " + doc.text[:200])


def label_words(terms: Iterable[str], texts: Iterable[str], count: int) -> tuple[str, ...]:
    """The first ``count`` of ``terms`` (stems, heaviest first) that are words, as ``readable``
    shows them: an event's top terms. A word has a letter and is no two-word phrase: numbers
    ("16", "2026", the "60" of "60,000") and tokens of digits and punctuation alone
    ("2026-03-13", "1.5") weigh in clustering but are no vocabulary a reader means; a word
    with a digit in it ("covid-19", "g7", "90mph") is a word."""
    words = [t for t in terms if " " not in t and any(char.isalpha() for char in t)]
    return readable(words[:count], texts)


def readable(terms: Iterable[str], texts: Iterable[str]) -> tuple[str, ...]:
    """Stemmed ``terms`` (bigrams too) -> the words of ``texts`` they came from, for display.

    Each stem becomes its commonest lower-case word in ``texts`` (``treati`` -> ``treaty``;
    on a tie the alphabetically first); a stem that ``texts`` lack stays as it is.
    """
    counts: Counter[str] = Counter()
    double = False  # a word with two possessives ("x's's")
    for text in texts:  # counted in C, then each distinct word stemmed once
        lowered = text.replace("’", "'").lower()
        counts.update(_TOKEN.findall(lowered))
        double = double or "'s's" in lowered
    terms = list(terms)
    wanted = {part for term in terms for part in term.split(" ")}
    # Each word's stem, from the memo in C (_stem drops one possessive: "x's" stems as "x"),
    # the words it lacks stemmed and remembered; then only the words of wanted stems are read
    words = list(counts)
    found = list(map(_STEMS.get, words))
    stems = cast(list[str], found)
    if None in found or double:
        stems = [
            _stem_cached(w[:-2] if w.endswith("'s's") else w) if s is None or double else s
            for w, s in zip(words, found, strict=True)
        ]
    forms: dict[str, dict[str, int]] = {}
    pairs = zip(words, stems, strict=True)
    for word, stem in compress(pairs, map(wanted.__contains__, stems)):
        lower = word[:-2] if word.endswith("'s") else word
        seen = forms.setdefault(stem, {})
        seen[lower] = seen.get(lower, 0) + counts[word]

    def commonest(stem: str) -> str:
        seen = forms.get(stem)
        return min(seen, key=lambda w: (-seen[w], w)) if seen else stem

    return tuple(" ".join(commonest(part) for part in term.split(" ")) for term in terms)


def tokens(
    text: str, *, limit: int = 0, prefix: int = 0, names: bool = True
) -> list[tuple[str, bool, bool]]:
    """``text`` -> ``(term, name_like, numeric)`` for each content word, in order.

    ``name_like`` marks a capitalised word that does not open a sentence (a rough stand-in for a
    named entity; only computed when ``names``); a stopword yields an empty term so that
    bigrams do not jump over it.
    """
    text = text.replace("’", "'")
    if not names:  # the common case, and the hot loop of clustering: no per-match objects
        words = _TOKEN.findall(text.lower())
        if limit:
            del words[limit:]
        if prefix:
            return [_plain_term(w, prefix) for w in words]
        memo = _PLAIN
        found = list(map(memo.get, words))  # the memo's lookups in C
        out_plain = cast(list[tuple[str, bool, bool]], found)
        if None in found:
            for n, term in enumerate(found):
                if term is None:
                    word = words[n]
                    term = memo.get(word)  # (an earlier miss may have filled it)
                    if term is None:
                        term = _plain_term(word, 0)
                        if len(memo) >= 200_000:  # a memo, bounded: start afresh (pure)
                            memo.clear()
                        memo[word] = term
                    out_plain[n] = term
        return out_plain
    out: list[tuple[str, bool, bool]] = []
    append = out.append
    sentence_start = True
    previous_end = 0
    for match in _TOKEN.finditer(text):
        raw = match.group()
        start = match.start()
        if not _SENTENCE_END.isdisjoint(text[previous_end:start]):
            sentence_start = True
        previous_end = match.end()
        lower = raw.lower()
        if lower in STOPWORDS or (len(lower) < 2 and not lower.isdigit()):
            append(_GAP)
        else:
            numeric = _DIGIT(lower) is not None
            name_like = raw[0].isupper() and not sentence_start
            stem = lower[:prefix] if prefix and not numeric else _stem_cached(lower)
            append((stem, name_like, numeric) if stem else _GAP)
        sentence_start = False
        if limit and len(out) >= limit:
            break
    return out


def py_term_weights(
    parts: list[tuple[list[tuple[str, bool, bool]], float]],
    bigram_weight: float,
    name_boost: float,
    number_boost: float,
) -> dict[str, float]:
    """The tokens of each ``(tokens, factor)`` part -> ``{term: weight}`` (``doc_terms``).

    The C kernel's ``term_weights`` does the same when it is built (same keys in the same
    order, same floats; ``tests/cluster/test_ckernel.py``)."""
    counts: dict[str, float] = {}
    boosts: dict[str, float] = {}
    get = counts.get
    for part, factor in parts:
        previous = ""
        bigram_factor = factor * bigram_weight
        for term, name_like, numeric in part:
            if not term:
                previous = ""
                continue
            counts[term] = get(term, 0.0) + factor
            if name_like or numeric:  # otherwise the boost is 1, which changes nothing
                boost = name_boost if name_like else 1.0
                if numeric:
                    boost = max(boost, number_boost)
                if boost > boosts.get(term, 1.0):
                    boosts[term] = boost
            if previous and bigram_weight > 0:
                bigram = previous + " " + term
                counts[bigram] = get(bigram, 0.0) + bigram_factor
            previous = term
    log = math.log
    return {
        term: (1.0 + log(count)) * boosts.get(term, 1.0) if count >= 1 else count
        for term, count in counts.items()
    }


def py_count_terms(counts: dict[str, float], terms: tuple[str, ...]) -> None:
    """One more article for each of ``terms`` (``DocumentFrequencies.add``; the C kernel's
    ``count_terms`` when built)."""
    for term in terms:
        counts[term] = counts.get(term, 0.0) + 1.0


count_terms: Callable[[dict[str, float], tuple[str, ...]], None] = py_count_terms
term_weights: Callable[
    [list[tuple[list[tuple[str, bool, bool]], float]], float, float, float], dict[str, float]
] = py_term_weights
try:  # the optional C kernel (setup.py builds it; index.py says more)
    from aggregator.cluster import _ckernel
except ImportError:  # pragma: no cover - depends on the install
    pass
else:
    term_weights, count_terms = _ckernel.term_weights, _ckernel.count_terms


def doc_terms(title: str, text: str, weights: TermWeights) -> dict[str, float]:
    """Title and text -> ``{term: weight}``: sublinear tf times boosts; IDF comes later."""
    prefix, names = weights.prefix_len, weights.name_boost != 1.0
    parts = [
        (tokens(title, prefix=prefix, names=names), weights.title_weight),
        (tokens(text, limit=weights.max_text_tokens, prefix=prefix, names=names), 1.0),
    ]
    return term_weights(parts, weights.bigram_weight, weights.name_boost, weights.number_boost)


class DocumentFrequencies:
    """How many articles contain each term: the corpus statistics behind IDF.

    Grows as articles arrive. Articles are also counted per language, and a term's IDF is
    taken over the articles of the language being weighed: a Russian word is rare or common
    among the Russian articles, however many English ones the corpus holds. When the table
    passes ``max_terms`` every count (and the article totals) is halved and zero counts
    dropped, so memory stays bounded and IDF leans toward the recent corpus.
    """

    def __init__(self, max_terms: int = 500_000) -> None:
        self.max_terms = max_terms
        self.total = 0.0
        self.totals: dict[str, float] = {}  # articles per language
        self.counts: dict[str, float] = {}
        # (power, language) -> idf ** power per term, valid while the total of articles stays
        # at ``_factors_at`` (every ``add`` and ``decay`` changes it)
        self._factors: dict[tuple[float, str | None], dict[str, float]] = {}
        self._factors_at = -1.0

    def add(self, terms: Iterable[str], language: str = "") -> None:
        counts = self.counts
        count_terms(counts, terms if isinstance(terms, tuple) else tuple(terms))
        self.total += 1.0
        self.totals[language] = self.totals.get(language, 0.0) + 1.0
        if len(counts) > self.max_terms:
            self.decay()

    def decay(self) -> None:
        """Halve every count and the totals; forget terms whose count falls below one."""
        self.total /= 2.0
        self.totals = {lang: n / 2.0 for lang, n in self.totals.items()}
        self.counts = {t: c / 2.0 for t, c in self.counts.items() if c >= 2.0}

    def _top(self, language: str | None) -> float:
        """log(articles + 1) over ``language``'s articles (all articles when ``None``)."""
        total = self.total if language is None else self.totals.get(language, 0.0)
        return math.log(total + 1.0)

    def idf(self, term: str, language: str | None = None) -> float:
        """Smoothed inverse document frequency; an unseen term counts as seen once."""
        df = self.counts.get(term, 0.0)
        return self._top(language) - math.log(max(df, 1.0) + 0.5)

    def weigh(
        self, raw: dict[str, float], power: float = 1.0, language: str | None = None
    ) -> dict[str, float]:
        """``{term: tf weight}`` -> ``{term: tf weight * idf ** power}`` in one sweep (IDF over
        ``language``'s articles; over all when ``None``).

        Every ``add`` changes the totals, hence every idf; while nothing is added (a batch
        observed before it is clustered) the factors are kept from one call to the next."""
        if self.total != self._factors_at:  # the table changed: start afresh
            self._factors_at = self.total
            self._factors = {}
            return self._weigh(raw, power, language, None)
        factors = self._factors.get((power, language))
        if factors is None or len(factors) > self.max_terms:
            factors = self._factors[(power, language)] = {}
        return self._weigh(raw, power, language, factors)

    def _weigh(
        self,
        raw: dict[str, float],
        power: float,
        language: str | None,
        factors: dict[str, float] | None,
    ) -> dict[str, float]:
        if factors:  # every factor known (the common case in a batch): multiply in C
            found = list(map(factors.get, raw))
            if None not in found:
                return dict(zip(raw, map(operator.mul, raw.values(), found), strict=True))
        get, log, known = self.counts.get, math.log, (factors or {}).get
        top = self._top(language)
        sqrt = math.sqrt
        out = {}
        for term, weight in raw.items():
            factor = known(term)
            if factor is None:
                idf = top - log(max(get(term, 0.0), 1.0) + 0.5)
                # (the default power 0.5: sqrt is cheaper than a float power)
                factor = 0.0 if idf <= 0 else sqrt(idf) if power == 0.5 else idf**power
                if factors is not None:
                    factors[term] = factor
            out[term] = weight * factor
        return out
