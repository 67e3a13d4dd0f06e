"""Organisations' names in full, as the article writes them: an acronym it spells out ("the
Ministry of Justice (MoJ)" -> "Ministry of Justice"), a name the small English tagger cut short
("House" + "Energy and Commerce Committee"). Used to name an organisation that speaks
(:meth:`aggregator.compare.speakers.Speakers.canonical`). What an acronym spelt out in brackets
stands for is a language fact (:func:`aggregator.language.acronyms.spelt_out`): the English
tagger's stage names the body so, and :mod:`aggregator.compare.canonical` reads it for speakers."""

from __future__ import annotations

import re
from collections.abc import Sequence

from aggregator.language.acronyms import is_acronym
from aggregator.language.entities import Mention

_ORG_HEADS = frozenset(
    "committee commission society association council agency service department institute "
    "foundation trust college board authority office organisation organization union "
    "federation centre center ministry alliance coalition network".split()
)
# A headline's verb after its subject, in Title Case: no part of the name ("Justice Department
# Inspector General Finds '…'", "Health Agency Says").
HEADLINE_VERBS = frozenset(
    "says finds slams blasts warns urges calls rejects rules orders sues backs blocks accuses "
    "denies claims defends vows admits announces confirms praises condemns tells asks".split()
)
_ORG_TAIL = re.compile(r"(?:\s+(?:and|of|for|&|the)\b)*(?P<low>\s+[a-z]+)?\s+[A-Z][\w’'-]*")


def _heads(name: str) -> bool:
    return bool({w.lower() for w in re.findall(r"[A-Za-z]+", name)} & _ORG_HEADS)


def org_run(text: str, mention: Mention, mentions: Sequence[Mention]) -> str:
    """An English organisation's name where the tagger cut it short, else the mention's name:

    * a one-word name, no acronym, that opens exactly one longer organisation name of the
      text ("House" -> "House Energy and Commerce Committee"; "UN" stays itself beside "UN
      Security Council");
    * the capitalised words after it, joined by "and", "of", "for", "&", when the run holds a
      word naming a body ("House" + "Energy and Commerce Committee"); a tagged name after
      "and" joins only when it is named nowhere else, holds no such word and is no acronym
      ("Society of Obstetricians" + "and Gynecologists of Canada"); a lower-case word may stand
      between when the run ends in such a word ("Medicines" + "and Healthcare products
      Regulatory Agency").
    """
    if " " not in mention.name and not is_acronym(mention.name):  # "UN" is no "UN Security …"
        longer = {
            m.name
            for m in mentions
            if m.type == "ORG" and m.name.startswith(mention.name + " ") and _heads(m.name)
        }
        if len(longer) == 1:
            return longer.pop()
    end = best = mention.end
    by_start = {m.start: m for m in mentions}
    lower = False  # a lower-case word is in the run: it must end in a body word
    while True:
        match = _ORG_TAIL.match(text, end)
        if match is None or "\n" in match.group():
            break
        word = match.group().split()[-1]
        if word.lower() in HEADLINE_VERBS:
            break
        lower = lower or match.group("low") is not None
        other = by_start.get(match.end() - len(word))
        if other is not None:
            alone = sum(1 for m in mentions if m.name == other.name) == 1
            joins = match.group().split()[0] == "and" and not word.isupper()
            if not (alone and joins and not _heads(other.name)):
                break
        end = max(other.end if other is not None else 0, match.end())
        if not lower or word.lower() in _ORG_HEADS:
            best = end
    end = best
    run = text[mention.start : end]
    return run if end > mention.end and _heads(run) else mention.name
