"""Checks shared by the entity gold files (bench/framing/en_dev.jsonl, crossling_entities.jsonl
and allsides_entities.jsonl): every entity is typed, named without a descriptor or a possessive,
listed once, and (when the text is at hand) written in its document."""

from __future__ import annotations

import re

TYPES = {"PER", "ORG", "LOC"}
NAMES_ENDING_IN_S = {"McDonald's", "Sambo’s"}  # the possessive-looking ending is the name itself


def written_in(surface: str, text: str) -> bool:
    """``surface`` occurs in ``text`` as whole words; a join where the page glued two lines
    together ("ex-NHS bossUK", "Nick TriggleHealth", "NZWheelchair") counts as a word boundary."""
    for found in re.finditer(re.escape(surface), text):
        before = text[found.start() - 1] if found.start() else " "
        after = text[found.end()] if found.end() < len(text) else " "
        left = not before.isalnum() or (before.islower() and surface[0].isupper())
        right = not after.isalnum() or (after.isupper() and surface[-1].islower())
        # an acronym glued to the next capitalised word ("in NZWheelchair passenger")
        following = text[found.end() + 1 : found.end() + 2]
        right = right or (surface[-1].isupper() and after.isupper() and following.islower())
        if left and right:
            return True
    return False


def assert_entities(
    entities: list[dict[str, str]], text: str | None = None, *, may_be_empty: bool = False
) -> None:
    """A document's gold entities: some (unless ``may_be_empty``: a short excerpt may name
    nobody), typed, trimmed, no leading "the", no possessive, each (type, surface) once
    regardless of case, and each written in ``text`` when it is given."""
    assert entities or may_be_empty, "every document names someone or something"
    seen: set[tuple[str, str]] = set()
    for entity in entities:
        kind, surface = entity["type"], entity["surface"]
        assert kind in TYPES, entity
        assert surface == surface.strip() and surface, entity
        assert not surface.lower().startswith("the "), f"descriptor in the name: {entity}"
        if surface not in NAMES_ENDING_IN_S:
            assert not re.search(r"['’]s$", surface), f"possessive left on: {entity}"
        if text is not None:
            assert written_in(surface, text), f"not in text: {entity}"
        key = (kind, surface.casefold())
        assert key not in seen, f"listed twice: {entity}"
        seen.add(key)
