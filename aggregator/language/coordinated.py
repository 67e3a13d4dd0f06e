"""First names that share one surname: "Sergei and Yulia Skripal", "Сергей и Юлия Скрипаль".

A text naming two people of one family writes the surname once, after the last first name.
The tagger then finds "Sergei" alone and "Yulia Skripal"; ``share_surnames`` gives the lone
first name the surname of the full name right after "and" (or "&", "и"), so that it resolves to
"Sergei Skripal" (its key too), not to a person called "Sergei". A lone word that is some other
full name's surname in the text ("Smith and Jane Doe", where "John Smith" is named) is left as
it is: it is a surname itself.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from aggregator.language.entities import Mention
from aggregator.language.translit import latin_key

_AND = re.compile(r"\s+(?:and|&|и)\s+")


def share_surnames(text: str, mentions: Sequence[Mention]) -> list[Mention]:
    """``mentions`` (in text order) with each lone first name before "and" + a full name
    named with that name's surname (see the module's docstring)."""
    surnames = {m.surface.split()[-1] for m in mentions if m.type == "PER" and " " in m.surface}
    out = list(mentions)
    for k, first in enumerate(out[:-1]):
        full = out[k + 1]
        if (
            first.type != "PER"
            or full.type != "PER"
            or " " in first.surface
            or not first.surface.isalpha()
            or not first.surface[:1].isupper()
            or first.surface.isupper()
            or first.surface in surnames
            or len(full.name.split()) < 2
            or not _AND.fullmatch(text, first.end, full.start)
        ):
            continue
        name = f"{first.name} {full.name.split()[-1]}"
        out[k] = replace(first, name=name, key=latin_key(name))
    return out
