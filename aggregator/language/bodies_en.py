"""English bodies whose name the small model cuts or overruns (for :mod:`ner_en`, on spans with
spaCy's labels after the gazetteer's names are in).

* ``national_parties``: a party's name written after the nation's adjective that is part of
  it ("Welsh Liberal Democrats", "Scottish Labour", "Welsh Conservatives") is one name; the
  model or the gazetteer found the party alone.
* ``governments``: "the Labour Government" names the party only ("Labour"), and "the Welsh
  Government", "the British government" name no body (a nationality's adjective and a common
  noun, as the gold's conventions have it).
* ``french_bodies``: a French body's name is one name, its small words and all ("Collège des
  médecins du Québec", "Université de Montréal"); the model found its capitalised pieces.
* ``regional_bodies``: "NHS Wales", "NHS London", "BBC Scotland" are one body each, not "NHS"
  and a place.
* ``titles_after``: a person's title after a body's name is no part of it ("ARC Laureate
  Fellow": "ARC").
* ``untagged_bodies``: capitalised words ending in a body's head word that the model left
  untagged, or tagged only in part ("NSW Poisons Information Centre"; "Elton" of "Elton John
  AIDS Foundation"), are one body.
* ``party_members``: a party's acronym before an elected member's title is a body, and the
  seat between them a place ("the SDLP South Down MLA"), where the model tagged neither.
* ``headed``: a programme or a scheme with a director or a spokesman ("director of the NHS
  Cancer Screening Programme") acts as a body: it is kept, where a programme's name is
  otherwise no entity.
"""

from __future__ import annotations

import re

from aggregator.language import gazetteer

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

# A French body's name: its head, "de"/"des"/"du", maybe a common word and "du", then the
# capitalised name ("Collège des médecins du Québec", "Université de Montréal").
_FRENCH_HEADS = """Collège|College|Université|Universite|Institut|Hôpital|Hopital|Conseil|Ordre
    |Société|Societe|Banque|Caisse|Régie|Centre hospitalier"""
# (the heads as one branch per first letter, in their order, the look-behind after the letter:
# the same matches as ``(?<![\w-])(?:Collège|…)``, the engine skipping to those capitals)
_FRENCH_FIRST: dict[str, list[str]] = {}
for _head in _FRENCH_HEADS.replace("\n    ", "").split("|"):
    _FRENCH_FIRST.setdefault(_head[0], []).append(re.escape(_head[1:]))
_FRENCH_BODY = re.compile(
    "(?:"
    + "|".join(rf"{c}(?<![\w-]{c})(?:{'|'.join(rest)})" for c, rest in _FRENCH_FIRST.items())
    + ")"
    r" (?:de la |des |du |de |d['’])(?:[a-zéèêàâçô]+ (?:de la |des |du |de |d['’]))?"
    r"[A-ZÉÈ][\w'’-]*(?: [A-ZÉÈ][\w'’-]*)*"
)
# A national broadcaster's or health service's name with the nation or region after it.
_REGIONAL_HEADS = frozenset({"NHS", "BBC", "ITV", "HSE"})

# A fellowship's or a chair's title after a body's name, ending the span.
_TITLE_AFTER = re.compile(
    r"(?: (?:Laureate|Senior|Junior|Research|Visiting|Postdoctoral|Distinguished))*"
    r" (?:Fellow|Fellows|Professor|Scholar|Lecturer)$"
)

# A run of capitalised words ending in a body's head word: a body's name, where the model
# tagged none of it.
_CAPITALISED_RUN = re.compile(
    r"(?<![\w'’&.-])(?:[A-Z](?:[\w'’&-]|\.(?=\w))*[ \t]){1,6}"
    r"(?:Centre|Center|Foundation|Hospital|Council|Institute|Society|Association|Trust"
    r"|University|College|Agency|Commission|Committee|Authority|Department|Ministry|Board"
    r"|Federation|Alliance|Clinic|Laboratory|Network)(?![\w'’&-])"
)
_NAME_OF_BEFORE = re.compile(r"(?<![\w-])([A-Z][\w'’-]*) (?:of|for|and|&) (?:the )?$")
_OF_AFTER = re.compile(r" (?:of|for|and|&) (?:the )?[A-Z]")
# Words that open a sentence or a line and no name ("The", "In", "Yesterday").
_OPENERS = frozenset(
    """The A An In On At To Of For And But If As It This That From With By Across Outside
    Inside Throughout Around Monday Tuesday Wednesday Thursday Friday Saturday Sunday Today
    Yesterday Meanwhile When While After Before Last Next Every Each Our Their His Her Its
    Former Ex""".split()
)

# A party's acronym before an elected member's title, maybe with the member's seat between
# ("the SDLP South Down MLA", "DUP MLA", "the SNP MP"). (The look-behind after the first
# capital: the same matches as before it, found faster.)
_PARTY_MEMBER = re.compile(
    r"([A-Z](?<![\w.-][A-Z])[A-Z]{1,5})\s+((?:[A-Z][a-z]+\s+){0,3})"
    r"(?:MPs?|MLAs?|MSPs?|MEPs?|AMs?|TDs?"
    r"|[Cc]ouncillors?)\b"
)

Span = tuple[int, int, str]


def party_members(text: str, spans: list[Span]) -> list[Span]:
    """``spans`` (sorted) with a party's acronym before an elected member's title added as a
    body and the seat between them as a place, where the model tagged neither ("the SDLP South
    Down MLA Karen McKevitt"); a known place's acronym ("UK MEPs") is no party."""
    added: list[Span] = []
    for match in _PARTY_MEMBER.finditer(text):
        party = match.group(1)
        if gazetteer.NAMES.get(party) == "LOC" or party in ("MP", "MLA", "MSP", "MEP", "AM"):
            continue
        found = [(match.start(1), match.end(1), "ORG")]
        if match.group(2):
            found.append((match.start(2), match.start(2) + len(match.group(2).rstrip()), "GPE"))
        for a, b, label in found:
            if not any(s < b and a < e for s, e, _ in spans + added):
                added.append((a, b, label))
    return sorted(spans + added) if added else spans


def untagged_bodies(text: str, spans: list[Span]) -> list[Span]:
    """``spans`` (sorted) with a body's name the model missed added as ORG: capitalised words
    ending in a body's head word ("NSW Poisons Information Centre", "Elton John AIDS
    Foundation"), the spans inside it (a person or a place the name is named after) dropped;
    left alone where a span runs across its edge. ``text``: the headline in sentence case."""
    for match in _CAPITALISED_RUN.finditer(text):
        words = match.group().split()
        a = match.start()
        while len(words) > 1 and (words[0] in _OPENERS or words[0].islower()):
            a = text.index(words[1], a + len(words[0]))
            words = words[1:]
        owner = max((k for k, w in enumerate(words[:-1]) if w.endswith(("'s", "’s"))), default=-1)
        for word in words[: owner + 1]:  # "Johnson's Health Council": the council alone
            a = text.index(word, a) + len(word)
        words = words[owner + 1 :]
        a = text.index(words[0], a)
        b = match.end()
        if len(words) < 2 or any(s < b and a < e and (s < a or e > b) for s, e, _ in spans):
            continue
        if any(s <= a and b <= e for s, e, _ in spans):
            continue  # (tagged already, or inside a longer name)
        before = _NAME_OF_BEFORE.search(text, max(0, a - 30), a)
        if before and not _full_name_ends(text, spans, before.end(1)):
            continue  # "Proceedings of the Royal Society B": a part of a longer name (but
            # "Dr Ann Holt of the … Centre": her body)
        if _OF_AFTER.match(text, b):
            continue  # "… Centre for Infection Control"
        spans = sorted([*(x for x in spans if x[1] <= a or x[0] >= b), (a, b, "ORG")])
    return spans


def french_bodies(text: str, spans: list[Span]) -> list[Span]:
    """``spans`` with a French body's name made one span (see ``_FRENCH_BODY``), the model's
    pieces of it ("Collège", "Québec") dropped; a span running across its edge leaves it."""
    if " d" not in text:
        return spans
    for match in _FRENCH_BODY.finditer(text):
        a, b = match.span()
        if any(s < b and a < e and (s < a or e > b) for s, e, _ in spans):
            continue
        spans = sorted([*(x for x in spans if x[1] <= a or x[0] >= b), (a, b, "ORG")])
    return spans


def regional_bodies(text: str, spans: list[Span]) -> list[Span]:
    """``spans`` (sorted) with "NHS"/"BBC" and the place tagged right after it one body ("NHS
    Wales", "NHS London", "BBC Scotland")."""
    out: list[Span] = []
    for start, end, label in spans:
        if (
            out
            and label in ("GPE", "LOC")
            and text[out[-1][0] : out[-1][1]] in _REGIONAL_HEADS
            and text[out[-1][1] : start] == " "
        ):
            out[-1] = (out[-1][0], end, "ORG")
            continue
        out.append((start, end, label))
    return out


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


def titles_after(text: str, spans: list[Span]) -> list[Span]:
    """``spans`` with a body's span cut before a person's title written after the body ("an
    ARC Laureate Fellow", "a Wellcome Trust Senior Research Fellow": the body)."""
    out: list[Span] = []
    for start, end, label in spans:
        title = _TITLE_AFTER.search(text, start, end) if label == "ORG" else None
        if title and title.start() > start:
            end = title.start()
        out.append((start, end, label))
    return out


def _full_name_ends(text: str, spans: list[Span], at: int) -> bool:
    """Whether a person's name of two words or more ends at ``at``."""
    return any(e == at and k in ("PERSON", "PER") and " " in text[s:e] for s, e, k in spans)


def headed(text: str, start: int) -> bool:
    """Whether a director, head or spokesman of the name at ``start`` is written right before
    it ("director of the NHS Cancer Screening Programme")."""
    return _HEAD_BEFORE.search(text, max(0, start - 40), start) is not None
