"""Where an article quotes someone word for word: spans inside quote marks, and Russian dash speech.

Quote marks, English and Russian typography: straight ``"…"``, curly ``“…”`` and ``‘…’``, low-high
``„…“`` and guillemets ``«…»``. Marks nest (``« … „…“ … »``, ``“ … ‘…’ … ”``); only the outermost
quotation is returned, with the inner one as part of its words. A ``’`` between letters is an
apostrophe (``don’t``), a ``"`` after a digit an inch mark.

A quotation running over several paragraphs follows the English convention: each new paragraph
opens with the mark again and only the last one closes. A quote left open at a paragraph's end
whose next paragraph does not reopen it runs to the paragraph's end.

Russian dash speech: a paragraph opening with a dash is direct speech when it is framed as speech
(``— Мы готовы к диалогу, — сказал Лавров. — Но не под угрозами.``): the words between the dashes
that are not the author's are the quote, the author's words (``сказал Лавров``) are its cue.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

_NOT_AFTER_OPENER = ",.;:!?)»”…"
_MARK_CHARS = re.compile('[«„»“”‘’"]')  # the characters _paragraph_spans acts on
_DASHES = "—–"
_PROSE_END = re.compile(r"[.?!:”\"’']\s*$")


@dataclass(frozen=True)
class Marked:
    """One direct quotation: ``start``/``end`` cover its marks (end exclusive), ``text`` its
    words (paragraphs of a running quote joined by a space); ``cue`` is, for dash speech, the
    span of the author's words between the dashes."""

    start: int
    end: int
    text: str
    paragraph: int  # index of the paragraph it opens in
    dash: bool = False
    cue: tuple[int, int] | None = None
    answer: bool = False  # an interview's answer (paragraphs after a dashed question)
    byline: tuple[int, int] | None = None  # a pull quote's "End QuoteDr Jane DoeRole" line


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-blank line of ``text``."""
    return [m.span() for m in re.finditer(r"[^\n]*\S[^\n]*", text)]


def prose_between(
    text: str, paras: list[tuple[int, int]], lo: int, hi: int, lang: str
) -> list[int]:
    """The paragraphs strictly between ``lo`` and ``hi``; in English only those ending like a
    sentence (page furniture such as "Related Articles" or a dated headline is left out)."""
    gap = list(range(lo + 1, hi))
    if lang != "en" or len(gap) > 6:
        return gap
    return [k for k in gap if _PROSE_END.search(text[paras[k][0] : paras[k][1]])]


def find_marked(text: str) -> list[Marked]:
    """Quotations in quote marks, in text order (see the module docstring)."""
    paras = paragraphs(text)
    spans: list[Marked] = []
    carry: tuple[int, str, list[str], int] | None = None  # running quote: start, opener, parts
    for index, (p_start, p_end) in enumerate(paras):
        found = _paragraph_spans(text, p_start, p_end)
        if carry is not None:
            c_start, opener, parts, c_para = carry
            carry = None
            if found and found[0][0] == p_start and text[p_start] == opener:
                start, end, closed = found.pop(0)
                parts.append(_inner(text, start, end, closed))
                if closed:
                    spans.append(Marked(c_start, end, " ".join(parts), c_para))
                else:
                    carry = (c_start, opener, parts, c_para)
            else:
                prev_end = paras[index - 1][1]
                spans.append(Marked(c_start, prev_end, " ".join(parts), c_para))
        for k, (start, end, closed) in enumerate(found):
            last = k == len(found) - 1
            if not closed and last and index + 1 < len(paras):
                carry = (start, text[start], [_inner(text, start, end, closed)], index)
                continue
            spans.append(Marked(start, end, _inner(text, start, end, closed), index))
    if carry is not None:
        c_start, _, parts, c_para = carry
        spans.append(Marked(c_start, paras[-1][1], " ".join(parts), c_para))
    return [s for s in spans if s.text]


def _inner(text: str, start: int, end: int, closed: bool) -> str:
    inner = text[start + 1 : end - 1 if closed else end]
    return inner.strip().rstrip(",").strip()


def _paragraph_spans(text: str, p_start: int, p_end: int) -> list[tuple[int, int, bool]]:
    """(start, end, closed) of the outermost quotations of one paragraph."""
    out: list[tuple[int, int, bool]] = []
    stack: list[str] = []
    top_start = 0
    for mark in _MARK_CHARS.finditer(text, p_start, p_end):  # no other character acts
        i, char = mark.start(), mark.group()
        prev = text[i - 1] if i > p_start else " "
        nxt = text[i + 1] if i + 1 < p_end else " "
        opens = closes = False
        if char == "«" or char == "„":
            opens = nxt not in _NOT_AFTER_OPENER  # "?»«, — сказал": a stray mark
        elif char == "»":
            closes = "«" in stack
            if closes:
                while stack and stack.pop() != "«":
                    pass
                if not stack:
                    out.append((top_start, i + 1, True))
                continue
        elif char == "“":
            if stack and stack[-1] == "„":
                closes = True
            else:
                opens = True
        elif char == "”":
            closes = bool(stack) and stack[-1] in '“„"'
        elif char == "‘":
            opens = not nxt.isdigit() and not prev.isalnum()
        elif char == "’":
            closes = bool(stack) and stack[-1] == "‘" and not (prev.isalnum() and nxt.isalpha())
        elif char == '"':
            opener_like = _word_start(prev, nxt) and nxt not in _NOT_AFTER_OPENER
            closer_like = not prev.isspace() and (nxt.isspace() or nxt in _NOT_AFTER_OPENER)
            if stack and stack[-1] == '"':
                # '"… "Изменения" …"' nests; '…strategy. "When …' reopens a run-on paragraph
                opens, closes = opener_like and not closer_like, not opener_like or closer_like
            elif stack and stack[-1] in "“„" and not opener_like:
                closes = True  # a straight mark closing a curly opener (mixed typography)
            else:
                opens = opener_like and not prev.isdigit()
        if closes:
            stack.pop()
            if not stack:
                out.append((top_start, i + 1, True))
        elif opens:
            if not stack:
                top_start = i
            stack.append(char)
    if stack:
        out.append((top_start, p_end, False))
    return out


def _word_start(prev: str, nxt: str) -> bool:
    """True when a straight quote between ``prev`` and ``nxt`` opens rather than closes."""
    return (prev.isspace() or prev in "([{—–-:/") and not nxt.isspace()


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


_PULL_QUOTE = re.compile(r"(?m)^(?:“?Start Quote\n)?(?P<q>[^\n“”]{12,}?)”End Quote(?P<who>[^\n]*)")


def find_pull_quotes(text: str) -> list[Marked]:
    """BBC pull quotes as the page text gives them: the words, ``”End Quote`` and the speaker's
    name glued to their role (``…thrill”End QuoteGiven LubindaZambia's tourism minister``); the
    opening mark is often lost with the "Start Quote" label."""
    paras = paragraphs(text)
    out = []
    for match in _PULL_QUOTE.finditer(text):
        start, end = match.span("q")
        index = next(k for k, (s, e) in enumerate(paras) if s <= start < e)
        who = match.span("who")
        out.append(Marked(start, end + 1, match.group("q").strip(), index, byline=who))
    return out


def with_pull_quotes(marked: list[Marked], pulls: list[Marked]) -> list[Marked]:
    """``marked`` with the pull quotes in, replacing what the marks made of those lines."""
    kept = [
        m
        for m in marked
        if m.text != "Start Quote" and not any(m.start < p.end and p.start < m.end for p in pulls)
    ]
    return sorted(kept + pulls, key=lambda m: m.start)


_DOUBLED = re.compile(r"''")
_SINGLE = re.compile(r"'")


def straight_singles(text: str) -> str:
    """``text`` with English straight single quote marks written as curly ones, same length.

    ``''…''`` (two single marks for a double one: The Age, SMH) becomes ``“ … ”``. A straight
    ``'`` outside other quote marks opens a quotation at a word's start (``said: 'We …``) and
    closes it at the first later ``'`` ending a word after a stop or comma (``… it,' he added``),
    else at the first one not after an ``s`` (``parents'`` is a possessive), else at the last
    one before the next opener; ``don't`` and ``'90s`` are no marks.
    """
    if "'" not in text:
        return text
    chars = list(text)
    for match in _DOUBLED.finditer(text):
        at = match.start()
        nxt = text[at + 2 : at + 3]
        if nxt.isalnum():
            chars[at], chars[at + 1] = "“", " "
        else:
            chars[at], chars[at + 1] = " ", "”"
    doubled = "".join(chars)
    inside = {i for m in find_marked(doubled) for i in range(m.start, m.end)}
    for p_start, p_end in paragraphs(doubled):
        marks = [m.start() for m in _SINGLE.finditer(doubled, p_start, p_end)]
        marks = [i for i in marks if i not in inside]
        openers = [i for i in marks if _single_opens(doubled, i, p_start)]
        closers = [i for i in marks if _single_closes(doubled, i, p_end)]
        done = -1
        for k, opener in enumerate(openers):
            if opener <= done:
                continue
            stop = next((o for o in openers[k + 1 :] if o > opener), p_end)
            after = [c for c in closers if opener < c < stop]
            if not after:
                continue
            closer = next(
                (c for c in after if doubled[c - 1] in ",.!?…"),
                next((c for c in after if doubled[c - 1] != "s"), after[-1]),
            )
            chars[opener], chars[closer] = "‘", "’"
            done = closer
    return "".join(chars)


def _single_opens(text: str, at: int, p_start: int) -> bool:
    prev = text[at - 1] if at > p_start else " "
    nxt = text[at + 1 : at + 2]
    return (prev.isspace() or prev in "([{—–-:/") and nxt.isalpha()


def _single_closes(text: str, at: int, p_end: int) -> bool:
    prev = text[at - 1]
    nxt = text[at + 1] if at + 1 < p_end else " "
    return not prev.isspace() and not nxt.isalnum()


def find_all(
    text: str,
    lang: str,
    is_cue: Callable[[str], bool],
    names_someone: Callable[[int, int], bool],
) -> list[Marked]:
    """Every direct quotation of ``text``: quote marks, BBC pull quotes and, in Russian
    (``lang`` "ru"), dash speech and interview answers (see :func:`with_dash_speech`)."""
    marked = find_marked(text if lang != "en" else straight_singles(text))
    if "End Quote" in text:
        marked = with_pull_quotes(marked, find_pull_quotes(text))
    return with_dash_speech(text, marked, is_cue, names_someone) if lang == "ru" else marked


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
    per answer (``answer``); the questions are not quotations of the interviewee."""
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
            if _DASH_PARA.match(para) or len(para.split()) < 5:
                break
            answer.append(j)
        if answer:
            start, end = paras[answer[0]][0], paras[answer[-1]][1]
            words = " ".join(text[paras[j][0] : paras[j][1]].strip() for j in answer)
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


def mask(text: str, marked: list[Marked]) -> str:
    """``text`` with the words inside quotations blanked (so cues and sentence ends inside a
    quotation are not read as the author's)."""
    chars = list(text)
    for m in marked:
        if m.dash:
            lo, hi = m.cue if m.cue else (m.end, m.end)
            spans = [(m.start + 1, lo), (hi, m.end)]
        elif m.byline is not None:  # a pull quote: no opening mark
            spans = [(m.start, m.end - 1)]
        else:
            spans = [(m.start + 1, m.end - 1)]
        for lo, hi in spans:
            for i in range(lo, hi):
                if chars[i] != "\n":
                    chars[i] = "X" if chars[i].isupper() else "x"
    return "".join(chars)
