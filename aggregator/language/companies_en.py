"""English companies and other bodies that the small model calls people or places, told by the
whole document (for :mod:`ner_en`, after :mod:`cues_en`): one name, one type in a text.

* ``by_company_cue``: a name the sentence shows to be a company: an apposition of a kind of
  company right after it ("Novaxis, the Swiss drugmaker, said", "Brellwick, a retailer based
  in Ohio"), its shares or a stake in it before it ("shares of Tolvane", "a stake in Ardent
  Mills"), a legal suffix after it ("Brightwater Inc", "Mossel Ltd."), or a spokesman for it
  saying "the company" ("A spokesman for Carrow Scripts said the company …"). Every mention of
  the name is a body then; so is a name with a company's officer or owners right after it
  ("Bonhams head of whisky", "Tarvik chief executive Ann Lee") or a source's label before it
  ("Source: Herald Sun") or a pollster's "surveyed by" ("Economists surveyed by Refinitiv"),
  and a "person" followed by ", which is/has/represents…" ("solicitors
  Hugh James, which is representing 700 women"; not after "in", where a place is), and the
  towns in "the universities of Exeter and Oxford" (the universities).
* ``short_forms``: a "person" of one or two words written, elsewhere in the text, as the opening of
  a company's or a body's name ("Hemispherx" beside "Hemispherx BioPharma", "Suvarna" beside
  "Suvarna Poultry Farms", "McMaster" beside "McMaster University") is that body, unless the
  text names a person with it ("Henry Ford" beside "Ford Motor Company") or a person's title or
  trade stands before it.
* ``listed_bodies``: a one-word "person" in a list whose other names (two or more) are all
  bodies ("vaccines made by GlaxoSmithKline, Novartis, Sanofi-Aventis and Panacea Biotec") is a
  body.

* ``founders``: the other way round, a full name after a person's part in a firm ("the founder
  of the firm Jean-Claude Mas") or before "said she" is a person's.

Gazetteer names and names that a person's title, honorific or trade marks
(``usage_en.has_person_cue``) keep their type.
"""

from __future__ import annotations

import re
from dataclasses import replace

from aggregator.language import gazetteer, usage_en
from aggregator.language.bridge import name_key
from aggregator.language.entities import Mention

# A kind of company in an apposition right after a name, the apposition ending there.
_KIND_AFTER = re.compile(
    r",\s+(?:the|a|an)\s+(?:(?!(?:of|with|at|for|in|to|from|by|on)\s)[\w-]+\s+){0,3}?"
    r"(?:company|companies|firm|drugmaker|drug maker"
    r"|retailer|insurer|airline|carmaker|automaker|chain|manufacturer|conglomerate|supermarket"
    r"|publisher|broadcaster|bank|lender|brewer|producer|supplier|distributor|operator"
    r"|pharmacy|wholesaler|start-up|startup|app|platform|website|nonprofit|non-profit"
    r"|charity|organization|organisation|think tank|pollster|newspaper"
    r"|network)(?![\w'’-])(?=[,.;:)]|\s+(?:that|which|said|says"
    r"|based|has|is|was|whose|behind|in|of|with|and|popular|owned|founded|run|known|used)\b)"
)
# What names a company right before it: its shares, a stake in it.
_SHARES_BEFORE = re.compile(r"(?<![\w-])(?:shares|stock)\s+(?:of|in)\s+$|(?<![\w-])stake\s+in\s+$")
# A legal suffix right after a name ("Brightwater Inc", "Mossel, Ltd.").
_SUFFIX_AFTER = re.compile(r",?\s+(?:Inc|Ltd|Corp|Plc|plc|PLC|LLC|Limited|AG|NV|GmbH)\b\.?")
# A company's officer or owners named right after it ("Bonhams head of whisky", "Tarvik chief
# executive Ann Lee", "Tarvik shareholders"), a source's label before it ("Source: Herald Sun").
_OFFICER_AFTER = re.compile(
    r"\s+(?:head of|chief executive|chief financial officer|chief operating officer|CEO|CFO"
    r"|chairman|chairwoman|boss|shareholders)\b"
    r"|['’]s\s+(?:chief executive|chief financial officer|CEO|CFO|chairman|chairwoman"
    r"|board of directors|headquarters|shareholders)\b"
)
_SOURCE_BEFORE = re.compile(r"(?<![\w-])Source:\s*$|(?<![\w-])(?:surveyed|polled) by\s+$")
# A person's part "of the" firm right before a full name: the name is the person's.
_FOUNDER_BEFORE = re.compile(
    r"(?<![\w-])(?:[Tt]he|[Ii]ts|[Hh]is|[Hh]er) (?:founder|co-founder|owner|boss|chief executive"
    r"|director|chairman|chairwoman|president) (?:of|at) (?:the|a) (?:[\w-]+ )?"
    r"(?:firm|company|group|bank|business|chain|charity|agency|maker|manufacturer|retailer) $"
)
_SAID_PRONOUN = re.compile(
    r"\s+(?:said|says|told \w+|added|explained|wrote)\s+(?:that\s+)?(?:she|he)\b"
)
# A relative clause with "which" and a verb of what a body does, right after a name.
_WHICH_AFTER = re.compile(
    r",\s+which\s+(?:is|has|have|are|was|owns|runs|makes|sells|operates|employs|represents"
    r"|provides|offers|manages|funds)\b(?!\s+why\b)"
)
_PLACE_BEFORE = re.compile(r"(?<![\w-])(?:[Ii]n|[Aa]t|[Nn]ear|[Ff]rom|[Tt]o)\s+$")
# Universities named by their towns in a list ("the universities of Exeter and Oxford").
_UNIVERSITIES_OF = re.compile(
    r"(?<![\w-])universities of (?:[A-Z][\w'’-]*(?: [A-Z][\w'’-]*)?(?:, | and | or ))*$"
)
# A spokesman for the name, then "the company" speaking for it.
_SPOKESMAN_BEFORE = re.compile(r"(?<![\w-])spokes(?:man|woman|person)\s+for\s+(?:the\s+)?$")
_COMPANY_SAID = re.compile(r"\s+(?:said|says|told \w+)\s+(?:that\s+)?the\s+(?:company|firm)\b")
# The last word of a body's name that a company or an institution ends with.
_BODY_ENDS = frozenset(
    """company co ltd limited inc corp corporation plc llc holdings industries technologies
    pharma pharmaceuticals biopharma biotech biotec biotecs farms labs laboratories airlines airways
    enterprises ventures partners associates healthcare group foods motors systems solutions
    bank university college hospital institute international""".split()
)
_LIST_GAP = re.compile(r",\s+|,?\s+and\s+|,?\s+or\s+")
_INNER_CAPITAL = re.compile(r"[a-z]{2}[A-Z][a-z]")
_UNTAGGED = re.compile(r"[A-Z][\w'’&.-]*(?: [A-Z][\w'’&.-]*){0,2}")


def by_company_cue(text: str, mentions: list[Mention]) -> list[Mention]:
    """``mentions`` with every mention of a name one of them shows to be a company typed ORG
    (see the module)."""
    found = {m.surface for m in mentions if _company_cue(text, m)}
    found |= {  # "solicitors Hugh James, which is representing …": no one is a "which"
        m.surface
        for m in mentions
        if m.type == "PER"
        and _WHICH_AFTER.match(text, m.end)
        and not _PLACE_BEFORE.search(text, max(0, m.start - 8), m.start)
    }
    return _retyped(text, mentions, found)


def short_forms(text: str, mentions: list[Mention]) -> list[Mention]:
    """``mentions`` with a short form of a body's name typed ORG (see the module)."""
    bodies = [
        m.surface.split()
        for m in mentions
        if m.type == "ORG"
        and len(m.surface.split()) > 1
        and m.surface.split()[-1].lower() in _BODY_ENDS
    ]
    if not bodies:
        return mentions
    surnames = {m.surface.split()[-1] for m in mentions if m.type == "PER" and " " in m.surface}
    found = set()
    for m in mentions:
        words = m.surface.split()
        if m.type != "PER" or len(words) > 2 or words[-1] in surnames:
            continue
        if any(len(body) > len(words) and body[: len(words)] == words for body in bodies):
            found.add(m.surface)
    return _retyped(text, mentions, found)


def listed_bodies(text: str, mentions: list[Mention]) -> list[Mention]:
    """``mentions`` with a one-word "person" listed among bodies typed ORG, and a capitalised
    name the model left untagged in such a list added as a body (see the module)."""
    ordered = sorted(mentions, key=lambda m: m.start)
    found: set[str] = set()
    added: list[Mention] = []
    k = 0
    while k < len(ordered):
        run, untagged = [ordered[k]], []
        while k + len(run) < len(ordered):
            after = ordered[k + len(run)]
            gap = _list_gap(text, run[-1].end, after.start)
            if gap is None:
                break
            run.append(after)
            untagged += gap
        k += len(run)
        people = [m for m in run if m.type == "PER"]
        bodies = [m for m in run if m.type == "ORG"]
        if len(run) + len(untagged) < 3 or len(bodies) < 2 or len(bodies) + len(people) < len(run):
            continue
        if len(people) > 1 or any(" " in m.surface for m in people):
            continue
        found.update(m.surface for m in people)
        if not any(_company_like(m.surface) for m in bodies):
            continue  # (a list of chemicals the model took for bodies: "Arginine, … and …")
        for a, b in untagged:
            name = text[a:b]
            if name not in gazetteer.NAMES:
                added.append(Mention(a, b, name, "ORG", name, name_key(name, "ORG")))
    out = _retyped(text, mentions, found)
    return sorted(out + added, key=lambda m: m.start) if added else out


def _list_gap(text: str, start: int, end: int) -> list[tuple[int, int]] | None:
    """The untagged names between two listed names (start: the end of one, end: the start of
    the next), or None where ``text[start:end]`` is no list's gap."""
    if _LIST_GAP.fullmatch(text, start, end):
        return []
    at, names = start, []
    for sep in _LIST_GAP.finditer(text, start, end):
        if sep.start() > at:
            if not _UNTAGGED.fullmatch(text, at, sep.start()):
                return None
            names.append((at, sep.start()))
        elif sep.start() != start:
            return None
        at = sep.end()
    return names if at == end and names else None


def founders(text: str, mentions: list[Mention]) -> list[Mention]:
    """``mentions`` with a full name written after a person's part "of the" firm typed PER at
    every mention ("The founder of the firm Jean-Claude Mas has …", tagged ORG), and a full
    name that "said she"/"said he" ("An emotional Megyn Kelly said she had learned")."""
    found = {
        m.surface
        for m in mentions
        if m.type != "PER"
        and 1 < len(m.surface.split()) <= 3
        and m.surface not in gazetteer.NAMES
        and all(w[:1].isupper() for w in m.surface.split())
        and m.surface.split()[-1].lower() not in _BODY_ENDS
        and (
            _FOUNDER_BEFORE.search(text, max(0, m.start - 50), m.start)
            or _SAID_PRONOUN.match(text, m.end)
        )
    }
    if not found:
        return mentions
    return [replace(m, type="PER") if m.surface in found else m for m in mentions]


def _company_like(name: str) -> bool:
    """A company's name by its form: a body's last word ("Panacea Biotec"), a capital inside
    a word ("GlaxoSmithKline"), or a body the gazetteer knows."""
    words = name.split()
    return (
        (len(words) > 1 and words[-1].lower() in _BODY_ENDS)
        or _INNER_CAPITAL.search(name) is not None
        or gazetteer.NAMES.get(name) == "ORG"
    )


def _company_cue(text: str, m: Mention) -> bool:
    if _UNIVERSITIES_OF.search(text, max(0, m.start - 60), m.start):
        return True  # "the universities of Exeter and Oxford": each names a university
    if any(cue.match(text, m.end) for cue in (_KIND_AFTER, _SUFFIX_AFTER, _OFFICER_AFTER)):
        return True
    if any(
        cue.search(text, max(0, m.start - 12), m.start) for cue in (_SHARES_BEFORE, _SOURCE_BEFORE)
    ):
        return True
    return bool(
        _SPOKESMAN_BEFORE.search(text, max(0, m.start - 20), m.start)
        and _COMPANY_SAID.match(text, m.end)
    )


def _retyped(text: str, mentions: list[Mention], found: set[str]) -> list[Mention]:
    """``mentions`` with those whose surface is in ``found`` typed ORG, unless the gazetteer
    types the name or one of its mentions has a person's cue."""
    found -= set(gazetteer.NAMES)
    if not found:
        return mentions
    found -= {
        m.surface
        for m in mentions
        if m.surface in found and usage_en.has_person_cue(text, m.start, m.end)
    }
    return [
        replace(m, type="ORG") if m.surface in found and m.type != "ORG" else m for m in mentions
    ]
