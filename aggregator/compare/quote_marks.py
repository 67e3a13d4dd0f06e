"""Where an article quotes someone word for word: spans inside quote marks, BBC pull quotes.

Quote marks, English and Russian typography: straight ``"…"``, curly ``“…”`` and ``‘…’``, low-high
``„…“`` and guillemets ``«…»``. Marks nest (``« … „…“ … »``, ``“ … ‘…’ … ”``); only the outermost
quotation is returned, with the inner one as part of its words. A ``’`` between letters is an
apostrophe (``don’t``), a ``"`` after a digit an inch mark.

A quotation running over several paragraphs follows the English convention: each new paragraph
opens with the mark again and only the last one closes. A quote left open at a paragraph's end
whose next paragraph does not reopen it runs to the paragraph's end.

Russian dash speech and interview answers are read by :mod:`aggregator.compare.dash_speech`,
transcripts laid out by labels ("Лавров: …", "Q: …") by :mod:`aggregator.compare.interviews`;
:func:`mask` blanks the words of any quotation so the author's words around them can be read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_NOT_AFTER_OPENER = ",.;:!?)»”…"
_MARK_CHARS = re.compile('[«„»“”‘’"]')  # the characters _paragraph_spans acts on
_PROSE_END = re.compile(r"[.?!:”\"’']\s*$")
# A closing mark whose opener was lost: a comma or stop before it, an English speech verb
# right after it ('…that," Trump said', '…that," said Trump').
_LOST_OPENER = re.compile(
    r"[,?!][\"”]\s+(?:(?:[A-Z][\w.'’-]*|the|a|an)\s+){0,4}?(?:said|says|added|told|wrote|tweeted)\b"
    r"|[,?!][\"”]\s+(?:said|says|added|told|wrote|tweeted)\s"
)
_SENTENCE_STOP = re.compile(r"[.!?][\"”’']?\s+(?=[A-Z\"“‘'])")


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
    label: tuple[int, int] | None = None  # a transcript's "Лавров:" naming who says the words
    question: bool = False  # an interviewer's question: masked, nobody's quote


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
        if char in '"”' and not stack and not opens and _LOST_OPENER.match(text, i - 1, p_end):
            # 'nationwide. We'll be looking at that," Trump said': the opening mark was lost;
            # the quote is the sentence before the mark (from a virtual opener before it)
            floor = max(out[-1][1] if out else p_start, p_start)
            stops = [m.end() for m in _SENTENCE_STOP.finditer(text, floor, i - 1)]
            first = stops[-1] if stops else floor
            if first > p_start and first > floor and len(text[first:i].split()) >= 3:
                out.append((first - 1, i + 1, True))
            continue
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
    one before the next opener; ``don't`` and ``'90s`` are no marks. A paragraph's last opener
    left unclosed opens a quote running over paragraphs when the next paragraph opens with a
    ``'`` (the English convention: each paragraph reopens, only the last one closes).
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
    paras = paragraphs(doubled)
    for index, (p_start, p_end) in enumerate(paras):
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
                if stop == p_end and _reopens(doubled, paras, index):
                    chars[opener] = "‘"  # a quote running on: the next paragraph reopens it
                continue
            closer = next(
                (c for c in after if doubled[c - 1] in ",.!?…"),
                next((c for c in after if doubled[c - 1] != "s"), after[-1]),
            )
            chars[opener], chars[closer] = "‘", "’"
            done = closer
    return "".join(chars)


def _reopens(text: str, paras: list[tuple[int, int]], index: int) -> bool:
    """True when the paragraph after ``index`` opens with a straight single mark, as the next
    paragraph of a quote running over paragraphs does (``said: 'We …`` / ``'And …'``)."""
    if index + 1 >= len(paras):
        return False
    start = paras[index + 1][0]
    return text[start] == "'" and _single_opens(text, start, start)


def _single_opens(text: str, at: int, p_start: int) -> bool:
    prev = text[at - 1] if at > p_start else " "
    nxt = text[at + 1 : at + 2]
    return (prev.isspace() or prev in "([{—–-:/") and nxt.isalpha()


def _single_closes(text: str, at: int, p_end: int) -> bool:
    prev = text[at - 1]
    nxt = text[at + 1] if at + 1 < p_end else " "
    return not prev.isspace() and not nxt.isalnum()


def mask(text: str, marked: list[Marked]) -> str:
    """``text`` with the words inside quotations blanked (so cues and sentence ends inside a
    quotation are not read as the author's): each character but a line break an "X" if upper
    case, else an "x"."""
    spans = []
    for m in marked:
        if m.dash:
            lo, hi = m.cue if m.cue else (m.end, m.end)
            spans += [(m.start + 1, lo), (hi, m.end)]
        elif m.byline is not None:  # a pull quote: no opening mark
            spans.append((m.start, m.end - 1))
        else:
            spans.append((m.start + 1, m.end - 1))
    out = []
    at = 0
    for lo, hi in sorted(spans):  # (a character in two spans is blanked once)
        lo = max(lo, at)
        if lo < hi:
            out += [text[at:lo], text[lo:hi].translate(_BLANKS)]
            at = hi
    return "".join([*out, text[at:]])


class _Blanks(dict[int, str]):
    """``str.translate``'s table for ``mask``, filled as characters come."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        self[code] = blank = "\n" if char == "\n" else "X" if char.isupper() else "x"
        return blank


_BLANKS = _Blanks()
