"""A Russian article's headline: its names, tagged as a sentence of its own (Russian headlines are
written in sentence case, so the tagger reads them as it reads the body), less a common noun
opening it that the body writes in lower case ("Почта, которая объединит всё" over an article
on "электронная почта"). Used by ``entities.document_entities``.
"""

from __future__ import annotations

from aggregator.language.entities import Mention, find_mentions
from aggregator.language.namewords_ru import common_noun_opening


def headline_mentions(title: str, body: str) -> list[Mention]:
    """The mentions of ``title`` (offsets into it), each common noun opening it dropped where
    ``body`` shows it to be one."""
    read = f"{title}\n\n{body}"  # the headline, then the body it heads
    return [
        m
        for m in find_mentions(title, "ru")
        if " " in m.surface or not common_noun_opening(read, m.start, m.end)
    ]
