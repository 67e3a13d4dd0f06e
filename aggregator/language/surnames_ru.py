"""A Russian text's persons' surnames made consistent across their mentions.

Each mention's canonical name is lemmatised on its own (:mod:`lemmas_ru`); what one mention
cannot tell, the text as a whole can:

- a surname written the same after two forms of one first name ("Мариан Лупу", "Мариана
  Лупу"; "Юлия Тимошенко", "Юлии Тимошенко") does not decline: its canonical form is the one
  written, whatever the dictionary makes of it alone ("Лупу" as a form of "лупа"), and the
  first name's form the text writes in the nominative, if any, is the canonical one. Only a
  surname with an ending of an indeclinable name ( -у, -ю, -о, -е, -и, -ых, -их, -ко) counts:
  "Анны Лавровой", "Анне Лавровой" share the surname's form but it declines;
- a surname alone, written as the full names of the text write it ("Джоли" beside "Анджелина
  Джоли"), has the canonical surname those full names have, when they agree, so the partial
  mention resolves to the full name (:func:`entities.resolve_names`) instead of becoming a
  lemma of its own ("Джоля").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from aggregator.language.bridge import name_key
from aggregator.language.entities import Mention
from aggregator.language.morph_ru import parses

_INDECLINABLE = ("у", "ю", "о", "е", "и", "ых", "их", "ко")


def agreed_surnames(found: Sequence[Mention]) -> list[Mention]:
    """``found`` with the persons' canonical surnames made consistent (see the module)."""
    full = [m for m in found if m.type == "PER" and _aligned(m) and len(m.surface.split()) > 1]
    firsts: dict[str, set[str]] = {}  # written surname -> the first names written with it
    for m in full:
        written = m.surface.split()
        firsts.setdefault(written[-1], set()).add(written[0])
    fixed: dict[str, str | None] = {}  # indeclinable surname -> its first name's nominative
    for surname, forms in firsts.items():
        if not surname.lower().endswith(_INDECLINABLE) or len(forms) < 2:
            continue
        lemmas = set.intersection(*({str(p.normal_form) for p in parses(f)} for f in forms))
        if lemmas:  # forms of one first name; the nominative of a man's name in a consonant
            # begins all the others ("Мариан", "Мариана"), else it is the form that is a lemma
            stem = [f for f in forms if all(g.startswith(f) for g in forms)]
            nominative = stem or [f for f in forms if f.lower().replace("ё", "е") in lemmas]
            fixed[surname] = nominative[0] if len(nominative) == 1 else None
    out = [_indeclinable(m, fixed) for m in found]
    canonical: dict[str, set[str]] = {}  # written surname -> canonical surnames of full names
    for m in out:
        if m.type == "PER" and _aligned(m) and len(m.surface.split()) > 1:
            canonical.setdefault(m.surface.split()[-1], set()).add(m.name.split()[-1])
    agreed = {surname: names.pop() for surname, names in canonical.items() if len(names) == 1}
    return [
        _renamed(m, [*m.name.split()[:-1], agreed[m.surface]])
        if m.type == "PER" and m.surface in agreed and m.name != agreed[m.surface]
        else m
        for m in out
    ]


def _indeclinable(m: Mention, fixed: dict[str, str | None]) -> Mention:
    """``m`` with its surname as written if ``fixed`` has it, and with the first name's
    nominative as the text writes it ("Мариана Лупу" beside "Мариан Лупу": "Мариан Лупу")."""
    written = m.surface.split()
    if m.type != "PER" or not _aligned(m) or len(written) < 2 or written[-1] not in fixed:
        return m
    words = m.name.split()
    first = fixed[written[-1]] or words[0]
    return _renamed(m, [first, *words[1:-1], written[-1]])


def _aligned(m: Mention) -> bool:
    """The mention's canonical name has a word for each word written."""
    return len(m.surface.split()) == len(m.name.split())


def _ends_in(m: Mention, surnames: set[str]) -> bool:
    return m.type == "PER" and _aligned(m) and m.surface.split()[-1] in surnames


def _renamed(m: Mention, words: list[str]) -> Mention:
    name = " ".join(words)
    return m if name == m.name else replace(m, name=name, key=name_key(name, "PER"))
