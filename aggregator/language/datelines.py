"""English places the small model misses by where they stand, not by what they are.

* A dateline: a paragraph opening with a place in capitals before a dash, a bracket or a colon
  ("OTTAWA - ", "NEW YORK (Reuters Health) - ", "CUTTACK: ", "WASHINGTON" alone on its line).
* A US state or Canadian province abbreviated as news agencies write it, after a place and a
  comma ("Hamilton, Ont.", "La Jolla, Calif.", "PONCHATOULA, La."): the model reads some of
  them as people ("Ont").

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
_STATES = """Ala Ariz Ark Calif Colo Conn Del Fla Ga Ill Ind Kan Ky La Md Mass Mich Minn Miss Mo
    Mont Neb Nev N.H N.J N.M N.Y N.C N.D Okla Ore Pa R.I S.C S.D Tenn Tex Vt Va Wash W.Va Wis
    Wyo Ont Que Alta Sask Man Nfld B.C N.S N.B P.E.I"""
_STATE = re.compile(
    r"(?<=[A-Za-z], )(?:"
    + "|".join(re.escape(s) for s in sorted(_STATES.split(), key=len, reverse=True))
    + r")\.(?!\w)"
)


def find(text: str) -> list[tuple[int, int, str]]:
    """(start, end, "GPE") of every dateline place and abbreviated state or province."""
    out = []
    for match in _DATELINE.finditer(text):
        group = "place" if match.group("place") else "one"
        place = match.group(group).rstrip(".-'")
        if place and place not in _LABELS and any(ch.isalpha() for ch in place):
            out.append((match.start(group), match.start(group) + len(place), "GPE"))
    out += [(m.start(), m.end(), "GPE") for m in _STATE.finditer(text)]
    return sorted(out)
