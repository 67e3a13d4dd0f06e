"""A resolved speaker's name as the article writes it in full.

Input: the speaker :mod:`aggregator.compare.speakers` resolved, the article's text, language and
entity mentions. Output: the same speaker under the fullest name the article gives it (an
organisation's name the tagger cut short, an acronym spelt out, a person known by initials).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from aggregator.compare.names import compound_of
from aggregator.compare.org_names import HEADLINE_VERBS, org_run
from aggregator.compare.people import Speaker
from aggregator.language.acronyms import is_acronym, spelt_out
from aggregator.language.entities import Mention


def full_name(
    speaker: Speaker,
    at: int,
    text: str,
    lang: str,
    mentions: Sequence[Mention],
    orgs: Sequence[Mention],
    persons: Sequence[Mention],
) -> Speaker:
    """A resolved speaker's name as the article writes it in full: an organisation's name
    the tagger cut short (:func:`org_names.org_run`, English, at its mention nearest before
    ``at``), an acronym the article spelt out ("a spokesman for the MoJ" -> "Ministry of
    Justice"); a gloss in brackets cut off ("Ульрих Маурер (Ulrich Maurer"); a Russian
    compound abbreviation the article spells out ("Нацфронт" -> "Национальный фронт")."""
    name = speaker.name
    if speaker.type == "ORG":
        same = [m for m in mentions if m.type == "ORG" and m.name == name]
        if lang == "en" and same:
            earlier = [m for m in same if m.start < at]
            name = org_run(text, (earlier or same)[-1], mentions)
        name = spelt_out(text, name)
        longer = {
            m.name
            for m in orgs
            if m.name.startswith(name + " ") and m.name[len(name) + 1 :][:1].isupper()
        }
        if lang == "en" and " " not in name and len(longer) == 1 and not is_acronym(name):
            name = longer.pop()  # "said Gilead" after "Gilead Sciences"; "UN" stays the UN
        words = name.split()
        shortened = {
            m.name
            for m in orgs
            if len(m.name.split()) > len(words) >= 2
            and m.name.split()[0] == words[0]
            and m.name.split()[-1] == words[-1]
        }
        if lang == "en" and len(shortened) == 1:
            name = shortened.pop()  # "the D.C. Guard said" after "the D.C. National Guard"
    if lang == "en" and re.fullmatch(r"[A-Z]{2,4}", name):
        # "AOC fires back" beside "Alexandria Ocasio-Cortez": a person known by initials
        full = {
            m.name
            for m in persons
            if "".join(w[0] for w in re.split(r"[\s-]+", m.name) if w[:1].isupper()) == name
        }
        if len(full) == 1:
            return Speaker(full.pop(), "PER")
    words = name.split()
    verb = next((k for k, w in enumerate(words) if k and w.lower() in HEADLINE_VERBS), 0)
    if lang == "en" and verb:  # "Bernie Sanders Vows", a Title Case headline's verb: cut there
        name = " ".join(words[:verb])
    compound = compound_of(name, [m.name for m in orgs]) if lang == "ru" else None
    if compound is not None:  # "Нацфронт" (even tagged a person) beside "Национальный фронт"
        return Speaker(compound, "ORG")
    return Speaker(name.split("(")[0].strip() or name, speaker.type)
