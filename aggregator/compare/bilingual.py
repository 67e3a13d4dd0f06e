"""One document in several languages counts once in an outlet's comparison figures.

Pure. mid.ru publishes one statement in Russian and in English (``CompareArticle.translation_of``
links a translation to its original): to a researcher comparing outlets that is one text, not
two. ``documents`` maps each article of an event to its document (the original's id);
``once_per_document`` counts an item (a name, a speaker, a direct quote) in the version that has
it most, not in the sum of the languages; ``originals`` are the texts whose words count;
``shared_share`` takes the version that shares most with other outlets.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence

from aggregator.records import CompareArticle


def documents(ordered: Sequence[CompareArticle]) -> dict[int, int]:
    """Article id -> its document: the original's id for a translation of an article of the
    event, else its own id (one document in two languages is one document)."""
    ids = {a.article_id for a in ordered}
    return {
        a.article_id: a.translation_of
        if a.translation_of is not None and a.translation_of in ids
        else a.article_id
        for a in ordered
    }


def once_per_document(
    items: Iterable[tuple[str, int, int, str, int]],
) -> dict[str, Counter[str]]:
    """``(outlet, document, article, item, count)`` -> outlet -> item -> count, a document in
    several languages counted once: the count of its version that has the item most, not the
    sum over its languages."""
    per_version: Counter[tuple[str, int, int, str]] = Counter()
    for outlet, doc, article, item, count in items:
        per_version[(outlet, doc, article, item)] += count
    best: dict[tuple[str, int, str], int] = {}
    for (outlet, doc, _, item), count in per_version.items():
        best[(outlet, doc, item)] = max(best.get((outlet, doc, item), 0), count)
    out: dict[str, Counter[str]] = {}
    for (outlet, _, item), count in best.items():
        out.setdefault(outlet, Counter())[item] += count
    return out


def shared_share(
    own: Sequence[CompareArticle],
    document: Mapping[int, int],
    covered: Mapping[int, int],
    words_of: Callable[[str], Sequence[str]],
) -> float:
    """The share of the outlet's words inside shared passages, a document in several languages
    counted once: in the version with the highest share (an English translation another outlet
    reprints is shared copy though its Russian original shares no words with anyone)."""
    if not any(covered.get(article.article_id, 0) for article in own):
        return 0.0  # (no word of the outlet's is shared: its words need no counting)
    best: dict[int, tuple[float, int, int]] = {}
    for article in own:
        words = len(words_of(article.text))
        inside = covered.get(article.article_id, 0)
        candidate = (inside / words if words else 0.0, inside, words)
        doc = document[article.article_id]
        if doc not in best or candidate > best[doc]:
            best[doc] = candidate
    inside = sum(b[1] for b in best.values())
    words = sum(b[2] for b in best.values())
    return inside / words if words else 0.0


def originals(own: Sequence[CompareArticle]) -> list[CompareArticle]:
    """An outlet's own texts: its articles less the translations of another of them."""
    ids = {a.article_id for a in own}
    return [a for a in own if a.translation_of not in ids]
