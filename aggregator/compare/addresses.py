"""Speeches and statements an outlet prints as one speaker's own text, under a headline saying
whose they are.

Most of mid.ru is the minister's or the spokeswoman's own words: "Foreign Minister Sergey
Lavrov's opening remarks at talks with …", «Выступление Министра иностранных дел России
С.В.Лаврова …», «Заявление МИД России …». The paragraphs carry no quote marks, yet each is that
speaker speaking; read as ordinary news, the article quotes no one and the comparison says the
outlet left its own minister out. ``address_quotes`` reads such an article: the headline names a
speech, remarks, a statement, an article, a message or greetings and the person (or, failing a
person, the organisation) giving it; the text quotes no one in marks; and at least half of its
paragraphs speak in the first person (:func:`interviews.first_person`). Then every paragraph
of five words or more that is not a question, a form of address, furniture or the chair's
courtesies ("Thank you. I give the floor to you.", «Спасибо. Предоставляю слово …») is a direct
quotation of that speaker.

Interviews are left to :mod:`interviews` (their questions are not the speaker's words).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from aggregator.compare.attribution import Found
from aggregator.compare.interviews import PARAGRAPH, first_person
from aggregator.compare.people import Speaker
from aggregator.language.entities import Mention
from aggregator.language.ledes import is_furniture

_KINDS_EN = r"(?:remarks|speech|statement|address|article|message|greetings|comments?)"
_ADDRESS_EN = re.compile(
    rf"^(?P<by>.+?)['’]s\s+(?:(?:opening|closing|introductory|welcoming|video)\s+)?{_KINDS_EN}\b"
    rf"|^(?:(?:opening|closing|introductory|welcoming|video)\s+)?{_KINDS_EN}\s+by\s+(?P<after>.+)",
    re.IGNORECASE,
)
_ADDRESS_RU = re.compile(
    r"^(?:Вступительное\s+слово|Выступление|Заявление|Статья|Обращение|Приветствие|Послание"
    r"|Приветственное\s+слово|Комментарий)\s+(?P<after>.+)"
)
MIN_WORDS = 5
# a chair's courtesies, sentence by sentence: thanks, giving or yielding the floor
_COURTESY = re.compile(
    r"(?:thank you(?: (?:very much|all|for your attention))?|thanks"
    r"|i (?:now )?give (?:you )?the floor(?: to [^.!]+)?|the floor is yours"
    r"|спасибо(?: большое| за внимание)?|благодарю(?: вас| за внимание)?"
    r"|(?:предоставляю|передаю) (?:вам )?слово[^.!]*|вам слово)[.!…]*",
    re.IGNORECASE,
)
_SENTENCE = re.compile(r"(?<=[.!…])\s+")


def speaker_of(title: str, mentions: Sequence[Mention], lang: str) -> Speaker | None:
    """The person (else the organisation) whose speech or statement ``title`` announces;
    ``mentions`` are the title's own entity mentions."""
    pattern = _ADDRESS_RU if lang == "ru" else _ADDRESS_EN
    match = pattern.match(title.strip())
    if match is None:
        return None
    group = "by" if match.groupdict().get("by") is not None else "after"
    lead = len(title) - len(title.lstrip())  # the match ran on the stripped title
    start, end = (at + lead for at in match.span(group))
    inside = [m for m in mentions if start <= m.start and m.end <= end]
    for kind in ("PER", "ORG"):
        chosen = next((m for m in inside if m.type == kind), None)
        if chosen is not None:
            return Speaker(chosen.name, kind)
    return None


def address_quotes(text: str, speaker: Speaker) -> list[Found]:
    """``text``'s paragraphs as direct quotations of ``speaker``, when most speak in the first
    person (see the module docstring); ``[]`` otherwise."""
    paragraphs = [m for m in PARAGRAPH.finditer(text) if len(m.group().split()) >= MIN_WORDS]
    if not paragraphs:
        return []
    speaking = sum(first_person(m.group()) for m in paragraphs)
    if speaking * 2 < len(paragraphs):
        return []
    found = []
    for number, match in enumerate(PARAGRAPH.finditer(text)):
        words = match.group().strip()
        if len(words.split()) < MIN_WORDS or words.endswith("?") or is_furniture(words):
            continue
        if all(_COURTESY.fullmatch(part) for part in _SENTENCE.split(words)):
            continue
        found.append(
            Found(match.start(), match.end(), words, "direct", speaker, number, via="headline")
        )
    return found
