"""Similarities in, link weights and merge decisions out: the scoring rules of the clustering.

Pure functions over numbers and keys: a mutual link's weight (``link_weight``), how many links
two events can have (``possible_links``), when ``assign`` joins at once (``joins``) and the
average-linkage agglomeration of events (``agglomerate``). The state (``state``, ``events``)
decides what to feed them and applies what they decide.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Mapping

from aggregator.cluster.records import Merge
from aggregator.cluster.settings import ClusterSettings


def weakest(neighbours: Mapping[int, float], full: int) -> float:
    """The lowest similarity among a story's ``full`` kept neighbours; 0 while it has free
    slots (nothing else came close enough to fill them)."""
    return min(neighbours.values()) if len(neighbours) >= full else 0.0


def link_weight(
    sim: float,
    a: Mapping[int, float],
    b: Mapping[int, float],
    settings: ClusterSettings,
    *,
    floor: float | None = None,
) -> float:
    """A mutual link's cosine ``sim`` plus ``link_margin`` times its margin over the weakest
    kept neighbour of each end (``a`` and ``b``: their neighbour lists), 0 for a story with
    free slots (local scaling, as in self-tuning spectral clustering). A link weaker than
    ``margin_floor`` keeps its bare cosine: where every neighbour is unrelated (a sparse
    window) standing out from them is no evidence.

    Never below the cosine (a mutual link is at least each end's weakest neighbour). A
    link that stands out from both stories' other neighbours gains; one among many
    alike (a crowded topic, a hub) keeps only its cosine. Only merges weigh links so:
    ``assign``'s joins see half-filled neighbour lists and keep the bare cosine.
    """
    margin = settings.link_margin
    if not margin or sim < (settings.margin_floor if floor is None else floor):
        return sim
    k = settings.neighbours
    return sim + margin * (2.0 * sim - weakest(a, k) - weakest(b, k))


def margin_floor(a: str, b: str, settings: ClusterSettings) -> float:
    """The ``margin_floor`` of a link between stories in languages ``a`` and ``b``:
    ``margin_floor_ru`` between two Russian ones (fewer outlets write in Russian, so a Russian
    story's neighbour slots fill with unrelated stories even more often)."""
    return settings.margin_floor_ru if a == b == "ru" else settings.margin_floor


def possible_links(a: int, b: int, neighbours: int) -> int:
    """How many mutual-neighbour links two events of ``a`` and ``b`` stories can have.

    Each story keeps only ``neighbours`` links, so dividing by every pair (a * b) would
    make large events ever harder to join: average over the links that can exist instead.
    """
    return min(a * b, neighbours * min(a, b))


def joins(linkage: float, links: int, settings: ClusterSettings) -> bool:
    """Whether ``assign`` may join at once: a strong linkage, or several mutual links."""
    if linkage >= settings.join_threshold:
        return True
    wanted = settings.join_links
    return bool(wanted) and links >= wanted and linkage >= settings.merge_threshold


def agglomerate(
    links: Mapping[tuple[str, str], float],
    sizes: dict[str, int],
    order: Mapping[str, int],
    settings: ClusterSettings,
    *,
    near: Callable[[str, str], bool],
    fold: Callable[[str, str], None],
) -> list[Merge]:
    """Average-linkage agglomeration of events, best pair first.

    ``links`` holds the summed link weight between two events (keyed older first by
    ``order``), ``sizes`` each event's number of stories (updated here as events merge). A
    pair merges while its summed weight over ``possible_links`` passes ``merge_threshold``
    and ``near(keep, gone)`` allows it; the older event (lower ``order``) is kept and
    ``fold(gone, keep)`` is called before the next pair is looked at.
    """
    neighbours = settings.neighbours
    adjacency: dict[str, dict[str, float]] = {}
    for (a, b), total in links.items():
        adjacency.setdefault(a, {})[b] = total
        adjacency.setdefault(b, {})[a] = total
    heap = [
        (-t / possible_links(sizes[a], sizes[b], neighbours), a, b) for (a, b), t in links.items()
    ]
    heapq.heapify(heap)
    merges: list[Merge] = []
    while heap:
        neg, a, b = heapq.heappop(heap)
        # a folded event has left ``sizes``; a stale entry no longer matches its pair's total
        if a not in sizes or b not in sizes or b not in adjacency.get(a, {}):
            continue
        sim = adjacency[a][b] / possible_links(sizes[a], sizes[b], neighbours)
        if abs(sim + neg) > 1e-12:
            continue
        if sim < settings.merge_threshold:
            break
        keep, gone = (a, b) if order[a] < order[b] else (b, a)
        if not near(keep, gone):
            continue
        fold(gone, keep)
        merges.append(Merge(gone, keep, sim))
        sizes[keep] += sizes.pop(gone)
        gone_links = adjacency.pop(gone, {})
        keep_links = adjacency.setdefault(keep, {})
        keep_links.pop(gone, None)
        for other, total in gone_links.items():
            if other == keep:
                continue
            del adjacency[other][gone]
            keep_links[other] = keep_links.get(other, 0.0) + total
        for other, total in keep_links.items():
            adjacency[other][keep] = total
            # (the older first; a tie keeps ``keep`` first, as a stable sort would)
            first, second = (keep, other) if order[keep] <= order[other] else (other, keep)
            heapq.heappush(
                heap,
                (-total / possible_links(sizes[keep], sizes[other], neighbours), first, second),
            )
    return merges
