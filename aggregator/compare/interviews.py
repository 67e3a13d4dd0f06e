"""Interviews and transcripts laid out by speaker labels: "Name: words" lines.

Russian papers and radio print interviews as ``Андреев: …`` / ``Брюн: …`` lines, briefing
transcripts as ``Вопрос: …`` / ``С.В.Лавров: …`` or ``Вопрос: …`` / ``Ответ: …``; English ones as
``Q: …`` / ``A: …`` or ``Sergey Lavrov: …``. A turn is a paragraph opening with such a label and
the unlabelled paragraphs after it, up to the next label (the last turn is its paragraph only:
what follows the transcript may be the page's own text).

What a turn is (``kind``):

* ``said``: a person's label (a name the article names, ``names(start, end)``), the person's
  words, attributed to the label;
* ``answer``: an ``Ответ:``/``A:`` label, or the unlabelled paragraphs after a question: the
  interviewee's words, the speaker left to the caller (the person the article is about);
* ``question``: a ``Вопрос:``/``Q:`` label, or the name whose turns are mostly questions (the
  interviewer, when two or more names alternate): not the interviewee's words, not a quote.

The layout must be an interview's: a person's label that recurs, or a question label with an
answer label or a person's. A label that is no person's name counts when it recurs in such a
layout (a paper or radio asking: "«Голос»: …?"). A lone "Name: words" line (a headline,
"Читай также: …") or a recurring "Фото: …" with no person's turns is not a transcript. Questions
are recognised by ``?``; ``bench/framing/QUOTES.md`` says how the gold counts them.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from aggregator.compare.quote_marks import Marked
from aggregator.language.morph_ru import parses

_NAME_WORD = r"[A-ZА-ЯЁ](?:[\w’'-]*|\.(?:\s?[A-ZА-ЯЁ]\.)*\s?[A-ZА-ЯЁ][\w’'-]+)"
_LABEL = re.compile(
    rf"[«\"“]?(?P<label>{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,3}})[»\"”]?\.?\s*:\s*(?=\S)"
)
_QUESTION = re.compile(
    r"(?:Вопрос|В|Корр(?:еспондент)?|Журналист|Ведущ(?:ий|ая)|Интервьюер|"
    r"Question|Q|Interviewer|Host|Reporter)\.?",
)
_ANSWER = re.compile(r"(?:Ответ|О|Answer|A)\.?")
# a question turn is the interviewer's when at least this share of its turns ask something
_ASKING = 0.5
_FIRST_PERSON = re.compile(
    r"(?<![\w-])(?:я|мы|меня|мне|нас|нам|мой|моя|мои|наш|наша|наши|I|we|my|our|us)(?![\w-])",
    re.I,
)
_WORDS = re.compile(r"[а-яё]{4,}", re.I)
# a signature line: a role and a full name, no date, no sentence ("Президент Евгений Шевчук")
_SIGNATURE = re.compile(r"\s*(?:[\w’'.-]+\s+){0,3}[A-ZА-ЯЁ][\w’'.-]+\s+[A-ZА-ЯЁ][\w’'-]+\s*")
_MARKS = re.compile('[«»“”„"]')
PARAGRAPH = re.compile(r"[^\n]*\S[^\n]*")  # a line with text on it


@dataclass(frozen=True)
class Turn:
    """One turn: ``start``..``end`` its words after the label (paragraphs joined by a space in
    ``text``), ``label`` the span of the label (None for an unlabelled answer)."""

    start: int
    end: int
    text: str
    paragraph: int
    kind: str  # "said" | "answer" | "question"
    label: tuple[int, int] | None


def find_turns(text: str, names: Callable[[int, int], bool]) -> list[Turn]:
    """The turns of an interview or transcript laid out by labels, in text order; [] when the
    text has no such layout. ``names(start, end)`` says whether a person is named there."""
    paras = [m.span() for m in PARAGRAPH.finditer(text)]
    shaped = {}  # paragraph -> the label-shaped opening ("Брюн:", "«Известия»:", "Q:")
    for index, (p_start, p_end) in enumerate(paras):
        found = _LABEL.match(text, p_start, p_end)
        if found is not None:
            shaped[index] = found
    seen = Counter(found.group("label").casefold() for found in shaped.values())
    labelled: dict[int, tuple[str, str, tuple[int, int], int]] = {}  # para -> kind, key, label
    people: set[str] = set()
    for index, found in shaped.items():
        label, key = found.group("label"), found.group("label").casefold()
        span = (found.start("label"), found.end("label"))
        if _QUESTION.fullmatch(label):
            labelled[index] = ("question", "?", span, found.end())
        elif _ANSWER.fullmatch(label):
            labelled[index] = ("answer", "!", span, found.end())
        elif names(*span) or seen[key] > 1:
            # a person, or a label that recurs ("«Голос»: …?" asking a named guest)
            labelled[index] = ("said", key, span, found.end())
            people |= {key} if names(*span) else set()
    keys = [key for _, key, _, _ in labelled.values()]
    interview = "?" in keys and ("!" in keys or bool(people))
    if not (interview or any(seen[key] > 1 for key in people)):
        return []
    asker = _interviewer(text, paras, labelled)
    turns: list[Turn] = []
    order = sorted(labelled)
    for n, index in enumerate(order):
        kind, key, span, words_at = labelled[index]
        stop = order[n + 1] if n + 1 < len(order) else index + 1
        if key == asker:
            kind = "question"
        first = (words_at, paras[index][1])
        turns.append(_turn(text, [first], index, kind, span))
        rest = [paras[k] for k in range(index + 1, stop)]
        if rest and kind == "question":
            # "Вопрос: …?" and the reply in paragraphs of its own: the interviewee's answer
            turns.append(_turn(text, rest, index + 1, "answer", None))
        elif rest:
            turns[-1] = _turn(text, [first, *rest], index, kind, span)
    return [t for t in turns if t.text]


def _turn(
    text: str,
    spans: list[tuple[int, int]],
    paragraph: int,
    kind: str,
    label: tuple[int, int] | None,
) -> Turn:
    words = " ".join(text[s:e].strip() for s, e in spans)
    return Turn(spans[0][0], spans[-1][1], words, paragraph, kind, label)


def _interviewer(
    text: str,
    paras: list[tuple[int, int]],
    labelled: dict[int, tuple[str, str, tuple[int, int], int]],
) -> str | None:
    """The named label whose turns mostly ask (``?``) while the other names' mostly do not: the
    interviewer of a "Андреев: …?" / "Брюн: …" exchange; None when no name stands out."""
    asked: dict[str, list[bool]] = {}
    for index, (kind, key, _, words_at) in labelled.items():
        if kind == "said":
            asked.setdefault(key, []).append("?" in text[words_at : paras[index][1]])
    if len(asked) < 2:
        return None
    share = {key: sum(flags) / len(flags) for key, flags in asked.items()}
    asker = max(share, key=lambda key: share[key])
    others = [v for key, v in share.items() if key != asker]
    return asker if share[asker] >= _ASKING and max(others) < _ASKING else None


def find_signed(text: str, names: Callable[[int, int], bool]) -> list[Turn]:
    """Statements printed without quote marks and signed on the line under them ("От себя
    лично … выражаю соболезнования …" / "Президент Евгений Шевчук"): paragraphs in the first
    person (up to four; no quote marks, naming no one) above a line of a role and a full name
    only; the turn's ``label`` is the signature line."""
    paras = [m.span() for m in PARAGRAPH.finditer(text)]
    turns = []
    for k in range(1, len(paras)):
        s_start, s_end = paras[k]
        if not _SIGNATURE.fullmatch(text, s_start, s_end) or not names(s_start, s_end):
            continue
        above: list[tuple[int, int]] = []
        for j in range(k - 1, max(-1, k - 5), -1):
            para = text[paras[j][0] : paras[j][1]]
            if (
                len(para.split()) < 8
                or _MARKS.search(para)  # a story with its own quotes ("She said: “…”")
                or names(*paras[j])  # a statement does not name its signatory, a story does
                or not first_person(para)
            ):
                break
            above.insert(0, paras[j])
        if above:
            turns.append(_turn(text, above, k - len(above), "said", (s_start, s_end)))
    return turns


def first_person(para: str) -> bool:
    """The paragraph speaks in the first person: "я"/"мы"/"I"/"we"… or a Russian verb in the
    first person ("выражаю", "прошу")."""
    if _FIRST_PERSON.search(para):
        return True
    return any(
        "1per" in options[0].tag and options[0].tag.POS == "VERB"
        for word in _WORDS.findall(para)
        if (options := parses(word.lower()))
    )


def with_turns(marked: list[Marked], turns: list[Turn]) -> list[Marked]:
    """``marked`` with the turns as quotations (``label``, ``answer`` or ``question``), in text
    order; quote marks inside a turn are part of its words."""
    as_marked = [
        Marked(
            t.start,
            t.end,
            t.text,
            t.paragraph,
            dash=True,
            answer=t.kind == "answer",
            label=t.label if t.kind == "said" else None,
            question=t.kind == "question",
        )
        for t in turns
    ]
    kept = [m for m in marked if not any(t.start <= m.start and m.end <= t.end for t in turns)]
    kept += [t for t in as_marked if not any(m.start < t.end and t.start < m.end for m in kept)]
    return sorted(kept, key=lambda m: m.start)
