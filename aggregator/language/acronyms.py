"""Acronyms spelt out in the same text: "the Rapid Support Forces (RSF)".

An article names a body in full once and then by its initials; both are one entity. An acronym
is a word of two to six capital letters; it stands for a name of the same text whose
capitalised words it abbreviates ("Federal Bureau of Investigation" -> FBI, "Medicines and
Healthcare products Regulatory Agency" -> MHRA). When two names of the text fit, the acronym
is left alone.

An acronym the text spells out in brackets after a name ("the now closed French company Poly
Implant Prostheses (PIP)") stands for that name even where the tagger did not tag it
(:func:`bracketed`, English): the entities and the quotes' speakers name the body alike.

Latin-script acronyms only: Russian copy quotes bodies by their acronym («МИД», «ВОЗ») as the
name readers know, and the Russian gold names speakers so.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from aggregator.language.entities import Mention

_ACRONYM = re.compile(r"[A-Z]{2,6}")
_SMALL_WORDS = frozenset("of and the for on in at to de по и в на для при".split())
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


def is_acronym(surface: str) -> bool:
    """Two to six Latin capitals and nothing else ("RSF")."""
    return _ACRONYM.fullmatch(surface) is not None


def initials(name: str) -> str:
    """The capitals an acronym of ``name`` would have (see the module docstring)."""
    words = _WORD.findall(name.replace("-", " "))
    return "".join(w[0] for w in words if w[0].isupper())


def expansion(acronym: str, names: Iterable[str]) -> str | None:
    """The one name among ``names`` that ``acronym`` stands for, else None."""
    if not is_acronym(acronym):
        return None
    fits = {n for n in names if len(n.split()) >= 2 and initials(n) == acronym}
    return next(iter(fits)) if len(fits) == 1 else None


def spell_out(mentions: Sequence[Mention]) -> list[Mention]:
    """Mentions with each acronym the text spells out ("RSF" beside "Rapid Support Forces")
    given that organisation's name, key and type."""
    full = {m.name: m for m in mentions if m.type == "ORG" and not is_acronym(m.name)}
    out = []
    for m in mentions:
        name = expansion(m.surface, full) if m.type in ("ORG", "LOC") else None
        out.append(m if name is None else replace(m, name=name, key=full[name].key, type="ORG"))
    return out


def acronym_links(forms: Mapping[str, Sequence[str]]) -> dict[str, str]:
    """Across the articles of an event: organisation key -> the key of the one other
    organisation whose forms spell its acronym out, for keys whose every form is that acronym
    (``forms``: key -> the surfaces its articles wrote)."""
    links = {}
    for key, written in forms.items():
        if not written or len(set(written)) != 1 or not is_acronym(written[0]):
            continue
        acronym = written[0]
        fits = {
            other
            for other, theirs in forms.items()
            if other != key
            and (acronym in theirs or any(initials(f) == acronym for f in theirs if " " in f))
        }
        if len(fits) == 1:
            links[key] = fits.pop()
    return links


def spelt_out(text: str, name: str) -> str:
    """The full name an acronym stands for where the text spells it out before it in brackets
    ("the Ministry of Justice (MoJ)"); else ``name``."""
    letters = [c for c in name if c.isupper()]
    if len(letters) < 2 or not re.fullmatch(r"[\w&]{2,8}", name):
        return name
    for match in re.finditer(rf"\(\s*{re.escape(name)}\s*\)", text):
        words = text[max(0, match.start() - 90) : match.start()].split()[-9:]
        for k, word in enumerate(words):
            if not word[:1].isupper() or word.lower() in ("the", "a", "an", *_SMALL_WORDS):
                continue  # ("In Proceedings of the National Academy of Sciences (PNAS)")
            part = [w.strip(",") for w in words[k:]]
            part[-1] = re.sub(r"['’]s$", "", part[-1])  # "the Affordable Care Act's (ACA)"
            capitals = [w[0] for w in part if w[:1].isupper()]
            content = [w[0].upper() for w in part if w.lower() not in _SMALL_WORDS]
            if letters in (capitals, content):
                return " ".join(part)
    return name


def bracketed(
    text: str, mentions: Sequence[Mention], key: Callable[[str, str], str]
) -> list[Mention]:
    """English organisations named by an acronym the text spells out in brackets ("Poly Implant
    Prostheses (PIP)"): that full name and its ``key`` (name, type -> key) at every mention."""
    out = []
    for m in mentions:
        full = spelt_out(text, m.surface) if m.type == "ORG" and is_acronym(m.surface) else ""
        if full and full != m.surface and "\n" not in full:
            m = replace(m, name=full, key=key(full, "ORG"))
        out.append(m)
    return out
