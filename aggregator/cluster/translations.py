"""Translation groups and their articles' events -> the moves that put each group in one event.

Pure: no database, no text. Versions of one document in several languages (``store.translations``
links them) always belong to one event, whatever their words say: a Russian statement shares
few terms with the English reports of the same talks, but its English version does. The group
goes to the event, among those its versions were placed in, that holds the most *other*
articles (the reports it is compared with); on a tie, the event of the group's original (the
first member given). Incremental clustering and a rebuild both place the articles first and
then apply this rule to what they placed, so they agree whenever the placements agree.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence


def join_translations(
    groups: Sequence[Sequence[int]],
    event_of: Mapping[int, str],
    size_of: Mapping[str, int],
) -> dict[int, str]:
    """Article id -> the event key it must move to.

    ``groups``: article ids of the versions of one document, the original first; ``event_of``:
    each clustered article's event (articles without one, not yet clustered, stay out);
    ``size_of``: each event's article count as placed. Only the articles that move are returned.
    """
    moves: dict[int, str] = {}
    for group in groups:
        placed = [article for article in group if article in event_of]
        keys = list(dict.fromkeys(event_of[article] for article in placed))
        if len(keys) < 2:
            continue
        own = {key: sum(1 for a in placed if event_of[a] == key) for key in keys}
        # most other articles first; the original's event (first in ``keys``) wins a tie
        target = max(keys, key=lambda key: size_of.get(key, own[key]) - own[key])
        moves.update({a: target for a in placed if event_of[a] != target})
    return moves
