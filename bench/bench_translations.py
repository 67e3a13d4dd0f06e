"""Paragraph alignment of a translation with its original: how often the left-out and added
paragraphs are found exactly.

Usage: .venv/bin/python bench/bench_translations.py

Material (all made by us): the demo's mid.ru grain-talks statement in Russian and English
(aggregator/sample/src/mid/, eight parallel paragraphs once the Russian-only paragraph is set
aside) and the Norway fixture pair (tests/fixtures/translations/). Cases are made from them: the
translation without paragraph k (left out), the original without paragraph k (added), and the
translation without two paragraphs k < l; plus the two pairs as they are. A case is exact when
the whole alignment is right; items counts each expected pair or gap found. Printed beside ours:
the same dynamic programme on position and length alone (no anchors), and position alone.
It was tuned on these cases (the weights and the name key), so read it as a check, not a score.
"""

from __future__ import annotations

import itertools
import sys
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from aggregator.compare import translations
from aggregator.parse.extract import extract_article
from tests.support.translations import extraction

SAMPLE = Path(__file__).resolve().parent.parent / "aggregator" / "sample" / "src" / "mid"
RUSSIAN_ONLY = 6  # the Russian statement's paragraph the English version leaves out

Alignment = list[tuple[int | None, int | None]]
Case = tuple[Sequence[str], Sequence[str], Alignment]


def _paragraphs(name: str, url: str) -> tuple[str, ...]:
    return extract_article((SAMPLE / name).read_bytes(), url=url).paragraphs


def _without(paragraphs: Sequence[str], drop: set[int]) -> list[str]:
    return [p for i, p in enumerate(paragraphs) if i not in drop]


def _left_out(n: int, drop: set[int]) -> Alignment:
    out: Alignment = []
    j = 0
    for i in range(n):
        if i in drop:
            out.append((i, None))
        else:
            out.append((i, j))
            j += 1
    return out


def cases() -> list[Case]:
    ru_all = _paragraphs("ru-2089407.html", "https://mid.ru/ru/foreign_policy/news/2089407/")
    en = _paragraphs("en-2089411.html", "https://mid.ru/en/foreign_policy/news/2089411/")
    ru = _without(ru_all, {RUSSIAN_ONLY})
    n = len(ru)
    found: list[Case] = []
    for k in range(n):
        found.append((ru, _without(en, {k}), _left_out(n, {k})))
        added = [(b, a) for a, b in _left_out(n, {k})]
        found.append((_without(ru, {k}), en, added))
    for k, m in itertools.combinations(range(n), 2):
        found.append((ru, _without(en, {k, m}), _left_out(n, {k, m})))
    found.append((ru_all, en, _left_out(len(ru_all), {RUSSIAN_ONLY})))
    norway_ru = extraction("mid_ru_1901200").paragraphs
    norway_en = extraction("mid_en_1901214").paragraphs
    found.append((norway_ru, norway_en, _left_out(4, {2})))
    return found


def score(weights: tuple[float, float, float], label: str, every: list[Case]) -> None:
    saved = translations._WEIGHTS
    translations._WEIGHTS = weights
    try:
        exact = items = total = 0
        for original, translation, want in every:
            got = set(translations.align_paragraphs(original, translation))
            exact += got == set(want)
            items += sum(1 for pair in want if pair in got)
            total += len(want)
    finally:
        translations._WEIGHTS = saved
    print(f"{label:34} exact {exact:3}/{len(every)}   items {items:4}/{total}")


def main() -> None:
    every = cases()
    score(translations._WEIGHTS, "ours (position, length, anchors)", every)
    score((0.5, 0.5, 0.0), "position and length only", every)
    score((1.0, 0.0, 0.0), "position only", every)


if __name__ == "__main__":
    main()
