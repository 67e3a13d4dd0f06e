"""An article's text in, its direct quotations and who they are attributed to out.

Quotations are spans inside quote marks: straight ``"…"``, curly ``“…”``, low-high ``„…“`` and
Russian guillemets ``«…»`` (nesting of guillemets is followed; a quote of another kind inside a
quote is part of it). A quote left open at the end of a paragraph runs to the paragraph's end
(the newspaper convention for a quote that continues in the next paragraph).

The speaker is read from the text around the quote, within its sentence:

* after it: ``"…," said Lavrov.`` / ``"…," Lavrov said.`` / ``"…," the minister told
  reporters.`` / ``"…," according to the ministry.``;
* at the end of its sentence: ``… could get "overexcited" in response, said McCloskey.``;
* before it: ``Lavrov said: "…"`` / ``Zakharova told reporters on Friday that "…"`` /
  ``According to Peskov, "…"`` / ``Peter Gordon, the chairman of X, said: "…"``.

A speaker phrase is resolved to a name in this order: ``he``/``she`` -> the last person named
before it in the article (None when there is none; other pronouns give None); a role ("the
minister", "the spokeswoman") -> the person the article attached that role to earlier
("Foreign Minister Sergei Lavrov", "Maria Zakharova, the ministry's spokeswoman"); a name in
the phrase ("Kremlin spokesman Dmitry Peskov" -> "Dmitry Peskov", "a Kremlin spokesperson" ->
"Kremlin"); otherwise the description as written without its article ("Foreign Secretary").
A surname alone is merged into the article's full name for it ("Lavrov" -> "Sergei Lavrov").
A phrase ending in a lower-case word that is not a role ("Experience garnered") is a clause,
not a speaker.

Limits: English speech verbs (and a few common Russian ones); "he"/"she" ignore gender (the
subject of the last sentence naming someone wins); quotes in single quotation marks are not
read (they are mostly headlines and quotes inside quotes); speakers are never inferred across
paragraphs except through pronouns and roles.

Decisions: "according to X" counts only when it attributes a quotation in quote marks;
indirect speech without quote marks ("according to the spokesperson, talks failed") is not a
quotation and is not returned. A quote with no speaker found is kept (speaker None) when it has
at least ``MIN_UNATTRIBUTED_WORDS`` words; shorter unattributed ones are scare quotes ("special
military operation") and are dropped. Two parts of one quote split by an attribution
(``"…," Lavrov said, "…"``) are joined into one quotation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from aggregator.compare.entities import (
    entity_aliases,
    is_organisation,
    name_in_phrase,
    name_mentions,
)
from aggregator.records import CompareArticle, Quote

MIN_UNATTRIBUTED_WORDS = 5

_CLOSERS = {'"': '"', "“": "”", "„": "“”", "«": "»"}

_VERBS = (
    r"said|says|say|added|adds|told|tells|stated|states|noted|notes|wrote|writes|declared|"
    r"insisted|insists|warned|warns|argued|argues|explained|explains|stressed|stresses|"
    r"emphasised|emphasized|emphasises|emphasizes|continued|claimed|claims|asked|asks|replied|"
    r"replies|commented|remarked|announced|recalled|pointed out|went on|underlined|concluded|"
    r"acknowledged|admitted|suggested|tweeted|posted|cautioned|urged|vowed|pledged|"
    r"complained|conceded|observed|reiterated|reminded|confirmed|denied|quipped|joked|"
    r"заявил|заявила|заявили|сказал|сказала|отметил|отметила|подчеркнул|подчеркнула|"
    r"добавил|добавила|сообщил|сообщила|написал|написала"
)
_ADVERB = r"(?:(?:has|had|have|also|later|then|previously|earlier|once|reportedly)\s+)?"
_STOP_CHARS = ',.;:!?"“”«»„'

_AFTER_VERB_FIRST = re.compile(rf"^(?:{_VERBS})\s+(?P<sp>[^{_STOP_CHARS[1:]}]{{1,90}})")
_AFTER_SPEAKER_FIRST = re.compile(
    rf"^(?P<sp>[^{_STOP_CHARS[1:]}]{{1,90}}?)\s+{_ADVERB}(?:{_VERBS})\b"
)
_AFTER_ACCORDING = re.compile(rf"^according\s+to\s+(?P<sp>[^{_STOP_CHARS}]{{1,90}})", re.I)
_AFTER_FINAL = re.compile(
    rf",\s+(?:(?:{_VERBS})\s+(?P<sp>[^{_STOP_CHARS}]{{1,60}})|"
    rf"(?P<sp2>[^{_STOP_CHARS}]{{1,60}}?)\s+(?:{_VERBS}))\s*[.!?…]?\s*$"
)
_AFTER_PATTERNS = (_AFTER_VERB_FIRST, _AFTER_ACCORDING, _AFTER_SPEAKER_FIRST)
_CONJUNCTION = re.compile(r"(?:while|whereas|and|but|as|when|so|then|although)\s", re.I)
_BEFORE_SPEAKER = re.compile(
    rf"(?P<sp>[^{_STOP_CHARS}]{{1,90}}?),?\s+{_ADVERB}(?:{_VERBS})\b"
    rf"(?P<tail>[^{_STOP_CHARS}]{{0,50}}?)[:,]?\s*$"
)
_BEFORE_ACCORDING = re.compile(rf"according\s+to\s+(?P<sp>[^{_STOP_CHARS}]{{1,90}}?),?\s*$", re.I)
# Where a speaker phrase ends: "said Lavrov on Monday", "Peskov told reporters in Moscow".
_PHRASE_END = re.compile(
    r"\s+(?:on|in|at|during|after|before|when|while|who|which|adding|as|to|from|with|"
    r"yesterday|today|last|earlier|later|this|that)\b.*$",
    re.S,
)
_SENTENCE_END = re.compile(r"[.!?…](?=\s|$)")
_LEADING_ARTICLE = re.compile(r"^(?:the|a|an|one|another|his|her|their)\s+", re.I)

ROLE_WORDS = (
    "minister|president|secretary|spokesman|spokeswoman|spokesperson|ambassador|chancellor|"
    "envoy|premier|leader|chief|head|mayor|governor|official|representative|diplomat|"
    "commander|general|senator|director|chairman|chairwoman|chair|prosecutor|negotiator"
)
_ROLE_BEFORE_NAME = re.compile(
    rf"(?P<role>(?:[A-Z][\w’'-]*\s+){{0,3}}(?i:{ROLE_WORDS}))\s+"
    r"(?P<name>[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){0,2})"
)
_NAME_THEN_ROLE = re.compile(
    r"(?P<name>[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){0,2}),\s+(?:the\s+|a\s+|[A-Z]\w+['’]s\s+)?"
    rf"(?P<role>[^,.;:\"“”«»]{{0,40}}?\b(?i:{ROLE_WORDS}))\b(?=\s*[,.;)]|\s*$)"
)


@dataclass
class _Context:
    """What attribution needs to know about the whole article."""

    text: str
    persons: list[tuple[int, str]]  # (offset, full name) of people named, in text order
    roles: list[tuple[int, str, str]]  # (offset, role in lower case, full name)
    aliases: dict[str, str] = field(default_factory=dict)
    surnames: dict[str, str] = field(default_factory=dict)  # "Lavrov" -> "Sergey Lavrov"


def extract_quotes(article: CompareArticle) -> list[Quote]:
    """Direct quotations in ``article``'s text (its lede when the text is empty), in order."""
    text = article.text or article.lede
    return [
        Quote(article.outlet, article.article_id, speaker, quote, sentence)
        for speaker, quote, sentence in find_quotes(text)
    ]


def find_quotes(text: str) -> list[tuple[str | None, str, str]]:
    """(speaker or None, quotation, its sentence) for each quotation in ``text``."""
    spans = _quote_spans(text)
    context = _article_context(text, spans)
    found: list[tuple[int, int, str | None, str]] = []  # (start, end, speaker, quote)
    for index, (start, end, para_start, para_end) in enumerate(spans):
        inner = text[start + 1 : end - 1 if end < para_end or text[end - 1] in '"”“»' else end]
        inner = inner.strip().rstrip(",").strip()
        if not inner:
            continue
        next_start = spans[index + 1][0] if index + 1 < len(spans) else para_end
        prev_end = spans[index - 1][1] if index > 0 else para_start
        after_end = _sentence_end(text, end, min(next_start, para_end))
        before_start = max(prev_end, para_start, _sentence_start(text, prev_end, start))
        after = text[end:after_end]
        before = text[before_start:start]
        speaker = _attribute(after, before, end, before_start, context)
        if found and speaker is not None and _continues(found[-1], speaker, text, start):
            first_start, _, _, first_quote = found[-1]
            found[-1] = (first_start, after_end, speaker, f"{first_quote} {inner}")
            continue
        if speaker is None and len(inner.split()) < MIN_UNATTRIBUTED_WORDS:
            continue
        found.append((before_start, after_end, speaker, inner))
        if speaker is not None and not is_organisation(speaker) and " " in speaker:
            context.persons.append((start, speaker))
            context.persons.sort()
    return [(sp, q, text[s:e].strip()) for s, e, sp, q in found]


def _continues(
    previous: tuple[int, int, str | None, str], speaker: str, text: str, at: int
) -> bool:
    """True when a quote is the second half of the previous one (split by its attribution)."""
    _, prev_end, prev_speaker, _ = previous
    return (
        prev_speaker == speaker
        and prev_end <= at
        and not text[prev_end:at].strip()
        and "\n" not in text[prev_end:at]
        and text[prev_end - 1] not in ".!?…"
    )


def _quote_spans(text: str) -> list[tuple[int, int, int, int]]:
    """(start, end, paragraph start, paragraph end) of each quotation; end is exclusive."""
    spans: list[tuple[int, int, int, int]] = []
    for para in re.finditer(r"[^\n]+", text):
        p_start, p_end = para.span()
        i = p_start
        while i < p_end:
            opener = text[i]
            if opener not in _CLOSERS or (opener == '"' and _is_inch_mark(text, i)):
                i += 1
                continue
            depth, j = 1, i + 1
            while j < p_end:
                char = text[j]
                if char in _CLOSERS[opener]:
                    depth -= 1
                    if depth == 0:
                        break
                elif char == opener and opener == "«":
                    depth += 1
                j += 1
            end = j + 1 if j < p_end else p_end
            spans.append((i, end, p_start, p_end))
            i = end
    return spans


def _is_inch_mark(text: str, i: int) -> bool:
    return i > 0 and text[i - 1].isdigit()


def _sentence_end(text: str, start: int, limit: int) -> int:
    match = _SENTENCE_END.search(text, start, limit)
    return match.end() if match else limit


def _sentence_start(text: str, floor: int, at: int) -> int:
    last = floor
    for match in _SENTENCE_END.finditer(text, floor, at):
        last = match.end()
    return last


def _attribute(after: str, before: str, after_at: int, before_at: int, ctx: _Context) -> str | None:
    """The speaker named next to a quote, or None."""
    tail = after.lstrip(" ,;—–-")
    offset = after_at + len(after) - len(tail)
    # "…", while Zakharova added that "…": a new clause, about the next quote, not this one.
    patterns = () if _CONJUNCTION.match(tail) else _AFTER_PATTERNS
    for pattern in patterns:
        match = pattern.match(tail)
        if match:
            speaker = _resolve(match.group("sp"), offset + match.start("sp"), ctx)
            if speaker is not None:
                return speaker
    match = _AFTER_FINAL.search(after)
    if match:  # … could get "overexcited" in response to it, said McCloskey.
        group = "sp" if match.group("sp") is not None else "sp2"
        speaker = _resolve(match.group(group), after_at + match.start(group), ctx)
        if speaker is not None:
            return speaker
    for pattern in (_BEFORE_ACCORDING, _BEFORE_SPEAKER):
        match = pattern.search(before)
        if match:
            speaker = _resolve(match.group("sp"), before_at + match.start("sp"), ctx)
            named = _apposition_name(before[: match.start("sp")], ctx)
            if named is not None and (speaker is None or speaker.lower() == speaker):
                return named  # "Peter Gordon, the chairman of Glenfiddich, said:"
            return speaker
    return None


def _apposition_name(prefix: str, ctx: _Context) -> str | None:
    """The person named just before an apposition ("Peter Gordon, " + "the chairman, said")."""
    prefix = prefix.rstrip()
    if not prefix.endswith(","):
        return None
    chunk = prefix[:-1].rsplit(",", 1)[-1]
    chunk = re.split(r"[.!?;:\"“”«»]", chunk)[-1].strip()
    name = name_in_phrase(chunk)
    if name is None or " " not in name or is_organisation(name) or not chunk.endswith(name):
        return None
    return ctx.aliases.get(name, name)


def _resolve(phrase: str, at: int, ctx: _Context) -> str | None:
    """A speaker phrase -> a name, a description, or None (see the module docstring)."""
    phrase = _CONJUNCTION.sub("", phrase.strip())
    parts = phrase.split(",")
    if len(parts) > 1 and name_in_phrase(parts[0]) is None and name_in_phrase(parts[1]):
        parts = parts[1:]  # "one resident, Mykola Bondar"
    phrase = _PHRASE_END.sub("", parts[0].strip()).strip(" -—–")
    if not phrase or len(phrase.split()) > 8:
        return None
    lowered = phrase.lower()
    if lowered in {"he", "she"}:
        return _last_subject(at, ctx)
    if lowered in {"it", "they", "we", "i", "you", "this", "that", "there", "what", "who"}:
        return None
    if not phrase[0].isupper() and not _LEADING_ARTICLE.match(phrase):
        return None
    bare = _LEADING_ARTICLE.sub("", phrase)
    described = bare != phrase
    if re.search(rf"\b(?:{ROLE_WORDS})$", bare, re.I):
        role = bare.lower()
        holders = [who for pos, r, who in ctx.roles if pos < at and _role_fits(role, r)]
        if holders:
            return holders[-1]
    last = bare.split()[-1]
    if not (last[0].isupper() or re.fullmatch(ROLE_WORDS, last, re.I) or described):
        return None  # "Experience garnered": a clause, not a speaker
    name = name_in_phrase(bare)
    if name is not None:
        return ctx.aliases.get(name, ctx.surnames.get(name, name))
    if name is None and bare in ctx.surnames:
        return ctx.surnames[bare]
    return bare if bare[0].isupper() or " " in bare or described else None


def _last_subject(at: int, ctx: _Context) -> str | None:
    """The person a "he"/"she" at ``at`` most likely means: the first person named in the
    last sentence before it that names one (the subject, more often than the object)."""
    earlier = [(pos, name) for pos, name in ctx.persons if pos < at]
    if not earlier:
        return None
    pos, name = earlier[-1]
    for prev_pos, prev_name in reversed(earlier[:-1]):
        if _SENTENCE_END.search(ctx.text, prev_pos, pos):
            break
        pos, name = prev_pos, prev_name
    return name


def _role_fits(asked: str, known: str) -> bool:
    """True when a role phrase ("the minister") matches a known one ("foreign minister")."""
    asked_words, known_words = asked.split(), known.split()
    return asked_words[-1] == known_words[-1] and set(asked_words) <= set(known_words)


def _article_context(text: str, spans: list[tuple[int, int, int, int]]) -> _Context:
    """People named outside quotations, their roles, and surname -> full name aliases."""

    def quoted(pos: int) -> bool:
        return any(s <= pos < e for s, e, _, _ in spans)

    mentions = [(name, pos) for name, pos in name_mentions(text) if not quoted(pos)]
    aliases = entity_aliases(name for name, _ in mentions)
    persons: list[tuple[int, str]] = []
    for name, pos in mentions:
        full = aliases.get(name, name)
        if " " in full and not is_organisation(full):
            persons.append((pos, full))
    roles: list[tuple[int, str, str]] = []
    for pattern in (_ROLE_BEFORE_NAME, _NAME_THEN_ROLE):
        for match in pattern.finditer(text):
            holder = name_in_phrase(match.group("name"))
            if holder is None or quoted(match.start()):
                continue
            role = match.group("role").lower()
            roles.append((match.start(), role, aliases.get(holder, holder)))
    roles.sort()
    by_surname: dict[str, set[str]] = {}
    for _, full in persons:
        by_surname.setdefault(full.rsplit(" ", 1)[1], set()).add(full)
    surnames = {s: names.pop() for s, names in by_surname.items() if len(names) == 1}
    return _Context(text, persons=persons, roles=roles, aliases=aliases, surnames=surnames)
