"""One event's articles -> ``TranslationComparison``s: one outlet's statement in two languages.

Pure. An article whose ``translation_of`` names another article of the event is compared with
that original: which language came first (the original is the version published first) and how
long after it the translation appeared, and what the translation left out or added, paragraph by
paragraph.

Paragraphs are aligned without translating them, on what survives translation:

* **position**: the relative place of a paragraph in its text (translations keep the order);
* **length**: characters, compared as a ratio (Russian and English run to similar lengths);
* **anchors**: the numbers a paragraph holds (``14``, ``2026``), the names it capitalises
  (words after the first of a sentence, four letters or more, as the first four letters of their
  Latin-script key, so ``Норвегии`` and ``Norway`` meet as ``norv``) and the speaker label of a
  transcript's paragraph (``Вопрос:`` and ``Question:`` meet, ``С.В.Лавров:`` and ``Sergey
  Lavrov:`` too). Their overlap is the share of the smaller set found in the other (English
  capitalises more words than Russian). Two paragraphs that both have anchors and share none are
  unlikely to be one another's translation; a paragraph without any says nothing either way.

A pair scores ``0.3 position + 0.3 length + 0.4 anchors``; a monotone alignment (dynamic
programming, in order, each paragraph used once) keeps the pairs that score above ``MATCH_ABOVE``
and maximises their summed margin over it. Original paragraphs left unpaired are what the
translation *left out*; translation paragraphs left unpaired are what it *added*. Paragraphs that
a translator split or merged show as one left out and one added: this is a reader's guide to
where the texts differ, not a verdict.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from aggregator.language.translit import latin_key
from aggregator.records import CompareArticle, TranslationComparison

MATCH_ABOVE = 0.55
_WEIGHTS = (0.3, 0.3, 0.4)  # position, length, anchors
_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
_WORD = re.compile(r"[^\W\d_][\w'’]*")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;]\s*)$")
# a transcript's speaker label opening a paragraph: "Question:", "Вопрос:", "S.V.Lavrov:"
_LABEL = re.compile(r"^\s*([^\W\d][\w.’' -]{0,40}?):\s")
_QUESTION_LABELS = frozenset({"question", "вопрос", "q"})


def paragraphs_of(text: str) -> tuple[str, ...]:
    """A stored text's paragraphs (joined by blank lines or newlines), empty ones dropped."""
    return tuple(p for p in (" ".join(part.split()) for part in text.split("\n")) if p)


@cache
def _name_key(word: str) -> str:
    """The first letter and the next consonants of a word's Latin key, three letters in all:
    what Russian and English spellings and case endings of a name keep (``Египта`` and
    ``Egypt`` -> ``egp``, ``Норвегии`` and ``Norway`` -> ``nrv``)."""
    key = latin_key(word).replace(" ", "")
    return (key[:1] + re.sub(r"[aeiouy]", "", key[1:]))[:3]


def anchors(paragraph: str) -> frozenset[str]:
    """The numbers and the capitalised names (as Latin-key prefixes) of one paragraph."""
    found = {n.replace(",", ".") for n in _NUMBER.findall(paragraph)}
    label = _LABEL.match(paragraph)
    if label is not None:
        words = label.group(1).replace(".", " ").split()
        last = words[-1].casefold() if words else ""
        found.add("said:?" if last in _QUESTION_LABELS else f"said:{_name_key(last)}")
    for match in _WORD.finditer(paragraph):
        word = match.group(0)
        if len(word) < 4 or not word[0].isupper():
            continue
        if _SENTENCE_START.search(paragraph[: match.start()]):
            continue  # the first word of a sentence is capitalised whatever it is
        key = _name_key(word)
        if len(key) >= 2:
            found.add(key)
    return frozenset(found)


def _score(
    i: int,
    n: int,
    a: str,
    a_anchors: frozenset[str],
    j: int,
    m: int,
    b: str,
    b_anchors: frozenset[str],
) -> float:
    position = 1.0 - abs((i + 0.5) / n - (j + 0.5) / m)
    length = min(len(a), len(b)) / max(len(a), len(b), 1)
    if a_anchors and b_anchors:  # the share of the smaller set found in the other
        shared = len(a_anchors & b_anchors) / min(len(a_anchors), len(b_anchors))
    else:
        shared = 0.5  # no evidence either way
    w_pos, w_len, w_anchor = _WEIGHTS
    return w_pos * position + w_len * length + w_anchor * shared


def align_paragraphs(
    original: Sequence[str], translation: Sequence[str]
) -> list[tuple[int | None, int | None]]:
    """The alignment of two paragraph lists, in order: (i, j) pairs, (i, None) for an original
    paragraph the translation left out, (None, j) for one it added."""
    n, m = len(original), len(translation)
    if n == 0 or m == 0:
        return [(i, None) for i in range(n)] + [(None, j) for j in range(m)]
    ours = [anchors(p) for p in original]
    theirs = [anchors(p) for p in translation]
    gain = [
        [
            _score(i, n, original[i], ours[i], j, m, translation[j], theirs[j]) - MATCH_ABOVE
            for j in range(m)
        ]
        for i in range(n)
    ]
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            options = [best[i + 1][j], best[i][j + 1]]
            if gain[i][j] > 0:
                options.append(gain[i][j] + best[i + 1][j + 1])
            best[i][j] = max(options)
    out: list[tuple[int | None, int | None]] = []
    i = j = 0
    while i < n and j < m:
        if gain[i][j] > 0 and best[i][j] == gain[i][j] + best[i + 1][j + 1]:
            out.append((i, j))
            i, j = i + 1, j + 1
        elif best[i][j] == best[i + 1][j]:
            out.append((i, None))
            i += 1
        else:
            out.append((None, j))
            j += 1
    out += [(k, None) for k in range(i, n)] + [(None, k) for k in range(j, m)]
    return out


def compare_translation(
    original: CompareArticle, translation: CompareArticle
) -> TranslationComparison:
    """One original and one of its translations, compared (see the module docstring)."""
    ours, theirs = paragraphs_of(original.text), paragraphs_of(translation.text)
    alignment = align_paragraphs(ours, theirs)
    lag = None
    if original.published is not None and translation.published is not None:
        lag = (translation.published - original.published).total_seconds()
    return TranslationComparison(
        outlet=original.outlet,
        original_id=original.article_id,
        translation_id=translation.article_id,
        original_language=original.language,
        translation_language=translation.language,
        original_published=original.published,
        translation_published=translation.published,
        lag_s=lag,
        original_title=original.title,
        translation_title=translation.title,
        aligned=sum(1 for a, b in alignment if a is not None and b is not None),
        left_out=tuple(ours[a] for a, b in alignment if a is not None and b is None),
        added=tuple(theirs[b] for a, b in alignment if a is None and b is not None),
    )


def compare_translations(articles: Sequence[CompareArticle]) -> tuple[TranslationComparison, ...]:
    """Every (original, translation) pair among one event's articles, by the translation's
    publication order, then id."""
    by_id = {a.article_id: a for a in articles}
    found = []
    for article in articles:
        original = by_id.get(article.translation_of) if article.translation_of else None
        if original is not None and original.article_id != article.article_id:
            found.append(compare_translation(original, article))
    found.sort(
        key=lambda t: (
            t.translation_published is None,
            t.translation_published.timestamp() if t.translation_published else 0.0,
            t.translation_id,
        )
    )
    return tuple(found)
