"""English bodies and places told by the words around them, where the small model calls them
people or bodies on full news articles (for :mod:`ner_en`, after :mod:`usage_en`).

* A body: a name right after a kind of body written in lower case ("the publisher Harper
  Collins", "the magazine Discover", "radio station NDR", "French firm PIP"), right before a
  company's shares, stores or customers or its ticker ("Walgreen shares", "Hemispherx
  BioPharma (AMEX:HEB)"), or a one-word
  "person" with a capital inside it that no surname has ("GlaxoSmithKline", "HarperCollins";
  not "McDonald", "DeAngelis", "LeFevre").
* A place: a name right before "-based" or "-born" ("Coimbatore-based", "a Toronto-born
  singer") or before a word for who lives or was schooled there ("Blisworth resident Eileen
  Newitt", "Stockport schoolboy Samuel Linton").

``by_use(text, mentions)`` retypes every mention of such a name; gazetteer names, names the
text shows to be a person's (``usage_en.has_person_cue``) and names with a body's head word (for
places) are left alone.
"""

from __future__ import annotations

import re
from dataclasses import replace

from aggregator.language import gazetteer, usage_en
from aggregator.language.entities import Mention
from aggregator.language.joins_en import BODY_HEADS

_BODY_BEFORE = re.compile(
    r"(?<![\w-])(?:publishers?|retailer|chain|manufacturer|maker|drugmaker|carmaker|airline"
    r"|insurer|broadcaster|magazine|journal|newspaper|tabloid|charity|agency|company"
    r"|firm|bank|supermarket|giant|station|website|union|band|label|studio|group)\s+$"
)
# What a company has right after its name ("Walgreen shares", "Hemispherx BioPharma
# (AMEX:HEB)", "Walgreen’s share price", "Walgreen stores").
_COMPANY_AFTER = re.compile(
    r"(?:shares|share price|shareholders|stores|outlets|customers)\b"
    r"|\((?:NYSE|NASDAQ|Nasdaq|AMEX|LSE|TSX|ASX)\s?:"
)
_BEFORE_CUE = re.compile(r"(?:['’]s)?\s+$")
_CLAUSE_AFTER = re.compile(r"\s+[a-z]+ed\b")
_INNER_CAPITAL = re.compile(r"[A-Z][a-z]+[A-Z][a-z]")
_SURNAME_PREFIX = re.compile(r"(?:Mc|Mac|O['’]|D['’]|De|Di|Da|Du|La|Le|Van|Von|Fitz|St)[A-Z]")
_PLACE_AFTER = re.compile(
    r"(?:-based|-born)\b|\s+(?:residents?|schoolboy|schoolgirl|schoolchildren|native)\b"
)


def by_use(text: str, mentions: list[Mention]) -> list[Mention]:
    """``mentions`` with the bodies and places the words around them show retyped (see the
    module)."""
    bodies: set[str] = set()
    places: set[str] = set()
    company_cues = [  # where a name before a company's shares or ticker would end
        gap.start()
        for cue in _COMPANY_AFTER.finditer(text)
        if (gap := _BEFORE_CUE.search(text, max(0, cue.start() - 4), cue.start()))
    ]
    for m in mentions:
        if m.surface in gazetteer.NAMES:
            continue
        if _body_by_use(text, m, company_cues):
            found = bodies
        elif (
            m.type != "LOC"
            and len(m.surface.split()) <= 2
            and not BODY_HEADS.intersection(m.surface.lower().split())
            and _PLACE_AFTER.match(text, m.end)
        ):
            found = places
        else:
            continue
        if not usage_en.has_person_cue(text, m.start, m.end):  # (only now: it is slower)
            found.add(m.surface)
    if not bodies and not places:
        return mentions
    out = []
    for m in mentions:
        kind = "ORG" if m.surface in bodies else "LOC" if m.surface in places else m.type
        out.append(m if kind == m.type or m.surface in gazetteer.NAMES else replace(m, type=kind))
    return out


def _body_by_use(text: str, m: Mention, company_cues: list[int]) -> bool:
    if (
        m.type != "ORG"
        and _BODY_BEFORE.search(text, max(0, m.start - 16), m.start)
        and not _CLAUSE_AFTER.match(text, m.end)  # "the company Smith founded": the founder
    ):
        return True
    if m.type != "ORG" and any(  # at any of its places in the text, tagged or not
        text.endswith(m.surface, 0, at) and _starts_word(text, at - len(m.surface))
        for at in company_cues
    ):
        return True
    return m.type == "PER" and " " not in m.surface and _inner_capital(m.surface)


def _starts_word(text: str, at: int) -> bool:
    return at == 0 or (at > 0 and not text[at - 1].isalnum())


def _inner_capital(word: str) -> bool:
    """A capital inside a word after small letters, not a surname's prefix ("McDonald")."""
    inner = _INNER_CAPITAL.search(word)
    return inner is not None and not _SURNAME_PREFIX.match(word, inner.start())
