"""An English article's first line read as a headline: whose words the quotes in it are.

Headlines quote in shorthand, and a reader knows the conventions (issue 14, the AllSides
gold's US headlines):

* the words before a colon name the speaker of the quote after it: "Scalise: Even those in
  high-tax states will see 'a real tax cut'", "Goya Foods CEO: 'We're all truly blessed …'",
  "Pelosi orders impeachment probe: 'No one is above the law'" (not when the part after the
  colon names someone of its own: "Khashoggi murder: CIA 'blames Saudi prince'");
* a headline opening with a quote names its speaker as the subject of the clause after it
  ("'Not going to happen': Pelosi rejects narrow aid bill"; an article and two lower-case words
  may stand before the name: "'Not on my watch': A defiant Mayor Benson vetoes the plan");
* a headline quote the article quotes again in full ("'Both sides need to be heard': …" and
  below '"…They think both sides need to be heard," Sen. Roy Blunt said') is that speaker's.

A first line counts as a headline when it is a paragraph of its own, followed by more text, and
at most :data:`HEADLINE_WORDS` words long.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from aggregator.compare.roles import role_word
from aggregator.language.entities import Mention

HEADLINE_WORDS = 25
_LEAD_WORDS = 10  # at most this many words before the colon
_SMALL = frozenset("of and for the de van von".split())
_QUOTE_MARK = re.compile(r"[\"“”‘’«»']")
_NORM = re.compile(r"[^\w\s]")


# A label before a headline's colon that is no part of what it says: "Exclusive: 'I'm here':
# Hunter Biden hits back …".
_LABEL = re.compile(
    r"(?:exclusive|breaking(?:\s+news)?|watch|video|opinion|analysis|update|live|just\s+in)"
    r":\s+",
    re.I,
)


def headline(text: str) -> tuple[int, int] | None:
    """(start, end) of the text's first line when it reads as a headline, else None; the
    start is after a label ("Exclusive: ", "WATCH: ")."""
    end = text.find("\n")
    if end <= 0 or not text[end:].strip():
        return None
    label = _LABEL.match(text, 0, end)
    return (label.end() if label else 0, end) if len(text[:end].split()) <= HEADLINE_WORDS else None


def colon_lead(text: str, quote_start: int, mentions: Sequence[Mention]) -> tuple[int, int] | None:
    """(start, end) of the words naming the speaker of a headline quote at ``quote_start``
    before the headline's colon ("Rep. Steve Scalise" of "Rep. Steve Scalise: Even those …
    'a real tax cut'"): the lead's first noun phrase (capitalised words, role words and small
    words); None when the quote is not in a headline after a colon, the part between the
    colon and the quote names a person or organisation of its own, or the noun phrase holds a
    quote mark or apostrophe."""
    span = headline(text)
    if span is None or quote_start >= span[1]:
        return None
    colon = text.find(": ", span[0], quote_start)
    lead = text[span[0] : colon]
    if colon < 0 or len(lead.split()) > _LEAD_WORDS:
        return None
    if any(m.type in ("PER", "ORG") and colon < m.start < quote_start for m in mentions):
        return None
    end = span[0]
    for word in re.finditer(r"\S+", lead):
        token = word.group().strip(",.’'")
        if not (token[:1].isupper() or token in _SMALL or role_word(token.lower(), "en")):
            break
        end = span[0] + word.end()
    if _QUOTE_MARK.search(text, span[0], end):
        return None  # "'Not going to happen': …" or "Trump's lawyer: …": no plain name
    # (marks after the name are the headline's words: "Fauci on Trump's claim:", "defends
    # aide's 'dying' remark:")
    return (span[0], end) if end > span[0] else None


def echo_of(words: str, others: Sequence[str]) -> int | None:
    """The index in ``others`` of the first quote holding ``words`` (a headline quote) or held
    by them, compared as lower-case words without punctuation; None when none does."""
    mine = " ".join(_NORM.sub(" ", words.lower()).split())
    if len(mine.split()) < 3:
        return None
    for k, other in enumerate(others):
        theirs = " ".join(_NORM.sub(" ", other.lower()).split())
        if len(theirs.split()) >= 3 and (
            f" {mine} " in f" {theirs} " or f" {theirs} " in f" {mine} "
        ):
            return k
    return None


# Between a headline's opening quote and the subject after it: the closing mark, a colon or
# comma, and at most an article with two lower-case words or two capitalised title words.
_THEN_SUBJECT = re.compile(
    r"[\"“”‘’']?[,:!?.…]*\s+(?:(?:A|An|The)\s+(?:[a-z-]+\s+){0,2})?(?:[A-Z][\w.]*\s+){0,2}"
)


def subject_after(text: str, quote_end: int, mentions: Sequence[Mention]) -> Mention | None:
    """The person a headline that opens with a quote ending at ``quote_end`` names as the subject
    of the clause after it ("'Not going to happen': Pelosi rejects …"), or None: the quote
    must open the headline and the person be followed by a word of the clause (not "'s")."""
    span = headline(text)
    if span is None or quote_end >= span[1] or _QUOTE_MARK.match(text, span[0]) is None:
        return None
    for mention in mentions:
        if mention.type != "PER" or not quote_end <= mention.start < span[1]:
            continue
        if not _THEN_SUBJECT.fullmatch(text, quote_end, mention.start):
            return None
        after = text[mention.end : mention.end + 2]
        return mention if re.fullmatch(r"\s[a-zA-Z]", after) else None
    return None


def lead_doer(text: str, colon: int, mentions: Sequence[Mention]) -> Mention | None:
    """The person or body the lead's first sentence names as doing what the headline's words
    before ``colon`` say ("WH Defends Limited Press Briefing:" over "White House Press
    Secretary Sean Spicer defended …": Spicer; "NYPD union endorses Trump:" over "The … Police
    Benevolent Association personally endorsed …"): the last one named before the lead's word
    sharing a headline word's first five letters (a verb written again), or None."""
    span = headline(text)
    if span is None:
        return None
    line = re.search(r"\S[^\n]*", text[span[1] :])
    if line is None:
        return None
    start = span[1] + line.start()
    stop = re.search(r"[.!?](?:\s|$)", text[start : span[1] + line.end()])
    end = start + stop.end() if stop else span[1] + line.end()
    words = [w.lower() for w in re.findall(r"[A-Za-z]{5,}", text[span[0] : colon])]
    stems = {w[:5] for w in words[1:]}  # not the subject's own word
    for word in re.finditer(r"\b[a-z]{5,}\b", text[start:end]):
        if word.group()[:5] not in stems:
            continue
        at = start + word.start()
        named = [
            m for m in mentions if start <= m.start and m.end <= at and m.type in ("PER", "ORG")
        ]
        if not named:
            return None
        people = [m for m in named if m.type == "PER"]
        return people[-1] if people else named[-1]
    return None


# What a headline's words before its colon are about, after who speaks: "49ers safety on
# Pence's walkout:" (the speaker, then "on", "about", "over" and the topic).
_OPENING_MARK = re.compile(r"(?:^|\s)[\"“‘']")
_TOPIC = re.compile(r"\s+(?:on|about|over|after|at|to)\s", re.I)


def described_in_lead(text: str, quote_start: int, mentions: Sequence[Mention]) -> Mention | None:
    """The person the lead names right after the words a headline gives its quote's speaker
    before the colon, up to the topic ("49ers safety on Pence's walkout: '…'" over "San
    Francisco 49ers safety Eric Reid slammed …": Reid), or None."""
    span = headline(text)
    if span is None or quote_start >= span[1]:
        return None
    colon = text.find(": ", span[0], quote_start)
    if colon < 0 or _OPENING_MARK.search(text[span[0] : colon]):
        return None
    topic = _TOPIC.search(text, span[0], colon)
    words = text[span[0] : topic.start() if topic else colon].split()
    if not 2 <= len(words) <= 4:
        return None
    said = re.compile(r"\b" + r"\s+".join(map(re.escape, words)) + r"\s+", re.I)
    for found in said.finditer(text, span[1]):
        person = next((m for m in mentions if m.type == "PER" and m.start == found.end()), None)
        if person is not None:
            return person
    return None
