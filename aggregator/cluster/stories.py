"""The items of the clustering window: articles (``Doc``), stories and events (pure records).

Input: nothing (definitions, and ``tally`` to count an article in an event). Output: the
mutable records that ``state.ClusterState`` keeps and ``events.EventGraph`` links and merges.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from aggregator.cluster.index import Packed, Vector


@dataclass
class Doc:
    """One active article as the state keeps it."""

    article_id: int
    outlet: str
    title: str
    published: datetime | None
    vector: Vector
    top: list[str]  # heaviest terms first: the ones indexed and queried
    lead: str  # the text's opening, to show label terms as the words the article used
    packed: Packed  # ``vector`` packed for ``packed_dot`` (the exact cosines of candidates)
    story: int = 0
    indexed: bool = False


@dataclass
class Story:
    """An article and its near-copies; the unit that neighbour lists and linkage count."""

    sid: int
    event: str
    members: list[int] = field(default_factory=list)
    neighbours: dict[int, float] = field(default_factory=dict)
    floor: float = 0.0  # the lowest similarity among ``neighbours`` once the list is full
    language: str = ""  # its first article's


@dataclass
class Event:
    """Stories reporting one event, with its size and time span."""

    key: str
    order: int
    stories: list[int] = field(default_factory=list)
    size: int = 0
    first: datetime | None = None
    last: datetime | None = None


def tally(event: Event, doc: Doc) -> None:
    """Count ``doc`` in ``event``'s size and time span."""
    event.size += 1
    if doc.published is not None:
        if event.first is None or doc.published < event.first:
            event.first = doc.published
        if event.last is None or doc.published > event.last:
            event.last = doc.published
