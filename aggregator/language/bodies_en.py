"""English bodies whose name the small model cuts or overruns (for :mod:`ner_en`, on spans with
spaCy's labels after the gazetteer's names are in).

* ``national_parties``: a party's name written after the nation's adjective that is part of
  it ("Welsh Liberal Democrats", "Scottish Labour", "Welsh Conservatives") is one name; the
  model or the gazetteer found the party alone.
* ``governments``: "the Labour Government" names the party only ("Labour"), and "the Welsh
  Government", "the British government" name no body (a nationality's adjective and a common
  noun, as the gold's conventions have it).
* ``headed``: a programme or a scheme with a director or a spokesman ("director of the NHS
  Cancer Screening Programme") acts as a body: it is kept, where a programme's name is
  otherwise no entity.
"""

from __future__ import annotations

import re

_NATION_BEFORE = re.compile(r"(?<![\w-])(?:Welsh|Scottish|Northern Irish|Irish|Ulster) $")
_PARTY = re.compile(
    r"(?:Labour|Conservatives?|Tories|Liberal Democrats?|Lib Dems?|Greens?|Green Party"
    r"|Labour Party|Conservative Party|Liberal Party|Unionists?)"
)
_GOVERNMENT = re.compile(r"(?:[Tt]he )?((?:[A-Z][\w'’-]* ){1,2})[Gg]overnment(?:['’]s)?")
# A nationality's adjective ("Welsh", "British", "Australian", "Israeli", "Chinese").
_NATIONALITY = re.compile(
    r"[A-Z][a-z]+(?:ish|ian|ean|ese|i|ic|ch|sh)|Welsh|Scots|Greek|Thai|Swiss|Dutch|Czech"
)
_HEAD_BEFORE = re.compile(
    r"(?<![\w-])(?:director|head|chief executive|chairman|chairwoman|chair|manager"
    r"|spokes(?:man|woman|person)|coordinator|co-ordinator) (?:of|for|at) (?:the )?$"
)

Span = tuple[int, int, str]


def national_parties(text: str, spans: list[Span]) -> list[Span]:
    """``spans`` with a party's name taking the nation's adjective before it (see the module)."""
    out: list[Span] = []
    for start, end, label in spans:
        before = _NATION_BEFORE.search(text, max(0, start - 16), start)
        if before and label in ("ORG", "NORP") and _PARTY.fullmatch(text, start, end):
            if out and out[-1][1] > before.start():
                out.pop()  # the adjective, tagged alone
            out.append((before.start(), end, "ORG"))
            continue
        out.append((start, end, label))
    return out


def governments(text: str, spans: list[Span]) -> list[Span]:
    """``spans`` without a nation's government, a party's government cut to the party (see the
    module)."""
    out: list[Span] = []
    for start, end, label in spans:
        government = _GOVERNMENT.fullmatch(text, start, end) if label == "ORG" else None
        if government is None:
            out.append((start, end, label))
            continue
        words = government.group(1).strip()
        if _PARTY.fullmatch(words):
            out.append((government.start(1), government.start(1) + len(words), "ORG"))
        elif not _NATIONALITY.fullmatch(words):
            out.append((start, end, label))
    return out


def headed(text: str, start: int) -> bool:
    """Whether a director, head or spokesman of the name at ``start`` is written right before
    it ("director of the NHS Cancer Screening Programme")."""
    return _HEAD_BEFORE.search(text, max(0, start - 40), start) is not None
