"""When a revisit is due: ``pipeline.revisit.next_revisit`` (the cases of the retired
``compare.revisions.next_revisit``)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from aggregator.pipeline.revisit import next_revisit

T0 = datetime(2026, 3, 12, 10, 42, tzinfo=UTC)
# the documented default decay, 15m 1h 3h 12h 1d 3d 7d, in seconds
DECAY = (900.0, 3600.0, 10800.0, 43200.0, 86400.0, 259200.0, 604800.0)


def test_next_revisit_counts_from_first_sight_and_ends() -> None:
    due = [next_revisit(T0, done, DECAY) for done in range(8)]
    assert due[0] == T0 + timedelta(minutes=15)
    assert due[2] == T0 + timedelta(hours=3)
    assert due[6] == T0 + timedelta(days=7)
    assert due[7] is None
    assert next_revisit(T0, 0, ()) is None


def test_next_revisit_rejects_a_negative_count() -> None:
    with pytest.raises(ValueError, match="0 or more"):
        next_revisit(T0, -1, DECAY)
