"""Russian direct speech without quote marks: dash paragraphs and interview answers.

A paragraph opening with a dash is direct speech when it is framed as speech
(``— Мы готовы к диалогу, — сказал Лавров. — Но не под угрозами.``): the words between the dashes
that are not the author's are the quote, the author's words (``сказал Лавров``) are its cue.
An interview's answers (the paragraphs after a dashed question) are quotations of the
interviewee, and quote marks holding the author's words between dashes are dash speech too.
Quote marks themselves are read by :mod:`aggregator.compare.quote_marks`.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from aggregator.compare.quote_marks import Marked, paragraphs

_DASHES = "—–"
_DASH_PARA = re.compile(rf"^[{_DASHES}-]\s+")
_DASH_SPLIT = re.compile(rf"(?<=[,.!?…])\s+[{_DASHES}-]\s+")


def find_dash_speech(
    text: str,
    is_cue: Callable[[str], bool],
    names_someone: Callable[[int, int], bool] = lambda start, end: False,
) -> list[Marked]:
    """Russian direct speech in paragraphs opening with a dash.

    ``is_cue(words) -> bool`` says whether the author's words name a speech act ("сказал
    Лавров"); a dash paragraph counts when it has such words, or when the paragraph before it
    ends with a colon after a speech act or after a sentence naming someone
    (``names_someone(start, end)``: "Однако Мирослава Сковайсова не видит проблемы:") and the
    dash paragraph is a sentence of some length, or was dash speech itself (a reply running on).
    Quote marks inside dash speech with the author's words are part of it.
    """
    out: list[Marked] = []
    previous_was_speech = False
    paras = paragraphs(text)
    for index, (p_start, p_end) in enumerate(paras):
        para = text[p_start:p_end]
        opening = _DASH_PARA.match(para)
        if opening is None or para[opening.end() : opening.end() + 1] in tuple('«“"„'):
            previous_was_speech = False
            continue
        pieces = _dash_pieces(para, opening.end())
        speech = [(s, e) for s, e, author in pieces if not author]
        cues = [(s, e) for s, e, author in pieces if author and is_cue(para[s:e])]
        if any(ch in para for ch in '«“"') and not cues:
            previous_was_speech = False
            continue
        before = text[paras[index - 1][0] : paras[index - 1][1]] if index > 0 else ""
        named = index > 0 and names_someone(*paras[index - 1]) and len(para.split()) >= 8
        intro = before.endswith(":") and (is_cue(before) or named)
        if not speech or not (cues or intro or previous_was_speech):
            previous_was_speech = False
            continue
        words = " ".join(para[s:e].strip().rstrip(",").strip() for s, e in speech)
        cue = (p_start + cues[0][0], p_start + cues[0][1]) if cues else None
        out.append(Marked(p_start, p_end, words, index, dash=True, cue=cue))
        previous_was_speech = True
    return out


def with_dash_speech(
    text: str,
    marked: list[Marked],
    is_cue: Callable[[str], bool],
    names_someone: Callable[[int, int], bool],
) -> list[Marked]:
    """Russian quotations: ``marked`` (with the author's words inside marks read as dash
    speech), dash speech and interview answers, in text order; quote marks inside dash speech
    are part of it (the «любой» of "- Понятий «любой» …, - сказал он")."""
    marked = author_inside(text, marked, is_cue)
    dashes = find_dash_speech(text, is_cue, names_someone) + find_interview(text)
    marked = [m for m in marked if not any(d.start <= m.start and m.end <= d.end for d in dashes)]
    marked += [d for d in dashes if not any(m.start < d.end and d.start < m.end for m in marked)]
    return sorted(marked, key=lambda m: m.start)


def find_interview(text: str) -> list[Marked]:
    """An interview's answers: paragraphs after a question paragraph opening with a dash and
    ending with "?" (two such questions at least), up to the next question, as one quotation
    per answer (``answer``), the answer's first paragraph opening with a dash too or not
    ("— Будет ли встреча?" / "— Пока договорённостей нет."); the questions are not quotations
    of the interviewee."""
    paras = paragraphs(text)
    questions = [
        k
        for k, (s, e) in enumerate(paras)
        if _DASH_PARA.match(text[s:e]) and text[s:e].rstrip().endswith("?")
    ]
    if len(questions) < 2:
        return []
    out = []
    for n, k in enumerate(questions):
        stop = questions[n + 1] if n + 1 < len(questions) else min(len(paras), k + 4)
        answer = []
        for j in range(k + 1, stop):
            para = text[paras[j][0] : paras[j][1]]
            dashed = _DASH_PARA.match(para) is not None and j == k + 1  # "— Пока нет." reply
            if (_DASH_PARA.match(para) and not dashed) or len(para.split()) < 5:
                break
            answer.append(j)
        if answer:
            start, end = paras[answer[0]][0], paras[answer[-1]][1]
            words = " ".join(
                _DASH_PARA.sub("", text[paras[j][0] : paras[j][1]].strip()) for j in answer
            )
            out.append(Marked(start, end, words, answer[0], dash=True, answer=True))
    return out


def author_inside(text: str, marked: list[Marked], is_cue: Callable[[str], bool]) -> list[Marked]:
    """Quotations whose marks also hold the author's words (Russian copy: ``"…внимания, -
    заявил Шалев. - Теперь …"``) become dash speech: the words between the dashes are the cue,
    the rest is the quote."""
    out = []
    for m in marked:
        inner = text[m.start + 1 : m.end - 1] if not m.dash else ""
        pieces = _dash_pieces(inner, 0) if inner else []
        cues = [(s, e) for s, e, author in pieces if author and is_cue(inner[s:e])]
        if not cues:
            out.append(m)
            continue
        words = " ".join(
            inner[s:e].strip().rstrip(",").strip() for s, e, author in pieces if not author
        )
        cue = (m.start + 1 + cues[0][0], m.start + 1 + cues[0][1])
        out.append(Marked(m.start, m.end, words, m.paragraph, dash=True, cue=cue))
    return out


def _dash_pieces(para: str, first: int) -> list[tuple[int, int, bool]]:
    """(start, end, is_author) pieces of a dash paragraph: speech, then author's words after a
    dash when they begin in lower case, speech again after the next dash, and so on."""
    bounds = [(first, first)]
    for match in _DASH_SPLIT.finditer(para, first):
        bounds.append((match.start(), match.end()))
    pieces: list[tuple[int, int, bool]] = []
    for k, (_, start) in enumerate(bounds):
        end = bounds[k + 1][0] if k + 1 < len(bounds) else len(para)
        chunk = para[start:end]
        author = k > 0 and chunk[:1].islower() and not pieces[-1][2]
        pieces.append((start, end, author))
    return pieces
