"""English places the small model misses by where they stand, not by what they are.

* A dateline: a paragraph opening with a place in capitals before a dash, a bracket or a colon
  ("OTTAWA - ", "NEW YORK (Reuters Health) - ", "CUTTACK: ", "WASHINGTON" alone on its line).
* A US state or Canadian province abbreviated as news agencies write it, after a place and a
  comma ("Hamilton, Ont.", "La Jolla, Calif.", "PONCHATOULA, La."): the model reads some of
  them as people ("Ont").

* A member's party and state ("Sen. Susan Collins (R-Maine)", "Rand Paul, R-Ky.", "(R., Iowa)",
  "(D-Conn.)"): the state, written whole or abbreviated, is a place.
* A place named with its US state after a comma ("Pensacola, Florida", "Kenosha, Wisconsin"):
  the model reads some of them as bodies. Not when the state opens a longer name ("Sarah
  Jeong, New York Times editor").

``find(text)`` gives their spans; :mod:`ner_en` adds them where the model tagged nothing and
retypes a model span that is exactly one of them.
"""

from __future__ import annotations

import re

# Capital words that open a paragraph before a colon without being a place.
_LABELS = frozenset(
    """UPDATE UPDATED EXCLUSIVE BREAKING WARNING NOTE EDITOR WATCH VIDEO PHOTOS PICTURES READ
    MORE ANALYSIS OPINION COMMENT REVIEW INTERVIEW ADVERTISEMENT SOURCE SOURCES CORRECTION
    LIVE FACTBOX TIMELINE PROFILE BACKGROUND Q A FAQ""".split()
)
# One to three capitalised words; a colon or a line end only after one word ("ENERGY DRINKS:"
# is a label).
_DATELINE = re.compile(
    r"(?:^|(?<=\n))(?P<place>[A-Z][A-Z'.-]+(?: [A-Z][A-Z'.-]+){0,2})"
    r"(?=,? ?(?:\(|[-–—]{1,2} |, [A-Z][a-z]{1,4}\.))"
    r"|(?:^|(?<=\n))(?P<one>[A-Z][A-Z'-]{2,})(?=:\s|\s*\n)"
)
# "KOCHI/CHANDIGARH: ": a dateline of two places
_PAIR = re.compile(r"^([A-Z][A-Z'-]{2,})/([A-Z][A-Z'-]{2,})(?=:\s)", re.MULTILINE)
_STATES = """Ala Ariz Ark Calif Colo Conn Del Fla Ga Ill Ind Kan Ky La Md Mass Mich Minn Miss Mo
    Mont Neb Nev N.H N.J N.M N.Y N.C N.D Okla Ore Pa R.I S.C S.D Tenn Tex Vt Va Wash W.Va Wis
    Wyo Ont Que Alta Sask Man Nfld B.C N.S N.B P.E.I"""


def _by_first_letter(words: list[str], behind: str) -> str:
    r"""``(?<=behind)(?:word|word|...)`` (in the order given) as one branch per first letter, the
    look-behind after the letter: the same matches, found faster (a pattern opening with
    literals lets the engine skip to where one of them stands)."""
    groups: dict[str, list[str]] = {}
    for word in words:
        groups.setdefault(word[0], []).append(re.escape(word[1:]))
    return "|".join(
        rf"{re.escape(c)}(?<={behind}{re.escape(c)})(?:{'|'.join(rest)})"
        for c, rest in groups.items()
    )


_STATE = re.compile(
    r"(?:"
    + _by_first_letter(sorted(_STATES.split(), key=len, reverse=True), "[A-Za-z], ")
    + r")\.(?!\w)"
)


_US_STATES = """Alabama Alaska Arizona Arkansas California Colorado Connecticut Delaware Florida
    Georgia Hawaii Idaho Illinois Indiana Iowa Kansas Kentucky Louisiana Maine Maryland
    Massachusetts Michigan Minnesota Mississippi Missouri Montana Nebraska Nevada New_Hampshire
    New_Jersey New_Mexico New_York North_Carolina North_Dakota Ohio Oklahoma Oregon Pennsylvania
    Rhode_Island South_Carolina South_Dakota Tennessee Texas Utah Vermont Virginia Washington
    West_Virginia Wisconsin Wyoming"""
_STATE_NAMES = sorted((s.replace("_", " ") for s in _US_STATES.split()), key=len, reverse=True)
US_STATES = frozenset(_STATE_NAMES)
_ANY_STATE = (
    "|".join(re.escape(s) for s in _STATE_NAMES)
    + "|"
    + "|".join(re.escape(s) + r"\." for s in sorted(_STATES.split(), key=len, reverse=True))
    + r"|N\.Y|N\.C|S\.C|N\.J|N\.H"
)
# "(R-Maine)", "R-Ky.", "(D-Conn.)", "(R., Iowa)", "(I-Vt.)": the party's letter, then the state
# (the look-behinds here after the first letter: the same matches as before it, found faster)
_PARTY_STATE = re.compile(rf"[RDI](?<![\w.][RDI])\.?(?:-|–|,\s)\s?(?P<state>{_ANY_STATE})(?![\w-])")
# "Pensacola, Florida": one to three capitalised words, a comma, a state written whole
_CITY_STATE = re.compile(
    r"(?P<city>[A-Z](?<![\w.-][A-Z])[a-z][\w'’.-]*(?: [A-Z][a-z][\w'’.-]*){0,2}), "
    rf"(?:{'|'.join(re.escape(s) for s in _STATE_NAMES)})(?![\w-]| [A-Z])"
)

# The place before an abbreviated state or province and its comma
_CITY_BEFORE = re.compile(r"(?<![\w.-])([A-Z][a-z][\w'’-]*(?: [A-Z][a-z][\w'’-]*){0,2}), $")


def find(text: str) -> list[tuple[int, int, str]]:
    """(start, end, "GPE") of every dateline place, abbreviated state or province, member's
    state and place named with its state."""
    out = []
    for match in _datelines(text):
        group = "place" if match.group("place") else "one"
        place = match.group(group).rstrip(".-'")
        if place and place not in _LABELS and any(ch.isalpha() for ch in place):
            out.append((match.start(group), match.start(group) + len(place), "GPE"))
    for match in _PAIR.finditer(text):
        out += [(match.start(k), match.end(k), "GPE") for k in (1, 2)]
    for state in _STATE.finditer(text):
        out.append((state.start(), state.end(), "GPE"))
        if city := _CITY_BEFORE.search(text, max(0, state.start() - 50), state.start()):
            out.append((city.start(1), city.end(1), "GPE"))  # "Holly, Colo.", "Deerfield, Ill."
    out += [(m.start("state"), m.end("state"), "GPE") for m in _PARTY_STATE.finditer(text)]
    out += [(m.start("city"), m.end("city"), "GPE") for m in _CITY_STATE.finditer(text)]
    return sorted(set(out))


def _datelines(text: str) -> list[re.Match[str]]:
    """``_DATELINE.finditer(text)``: its matches open a line and hold no line break, so it is
    tried at each line's start only (a tenth of the time)."""
    out = []
    at = 0
    while at >= 0:
        if match := _DATELINE.match(text, at):
            out.append(match)
        at = text.find("\n", at)
        at = at + 1 if at >= 0 else at
    return out


def fit(
    text: str, spans: list[tuple[int, int, str]], places: list[tuple[int, int, str]]
) -> list[tuple[int, int, str]]:
    """The model's ``spans`` with those inside a dateline place or state typed a place, and a
    span that runs from a dateline place over its dash into the sentence cut to the place
    ("TORONTO - Physical")."""
    out = []
    for a, b, label in spans:
        for pa, pb, _ in places:
            if pa <= a and b <= pb:
                label = "GPE"
            elif a == pa and b > pb and re.match(r",? ?[-–—]{1,2} ", text[pb:b]):
                b, label = pb, "GPE"
        out.append((a, b, label))
    return out
