"""The feed phase's backoff policy: how long a failing feed rests before it is tried again."""

from __future__ import annotations

from datetime import timedelta

from aggregator.pipeline.feeds import backoff_delay


def test_a_failing_feed_rests_longer_each_time_up_to_six_hours() -> None:
    delays = [backoff_delay(n) for n in range(1, 10)]
    assert delays[:2] == [timedelta(0), timedelta(0)]  # two failures in a row: no rest yet
    assert delays[2:7] == [timedelta(minutes=m) for m in (15, 30, 60, 120, 240)]
    assert delays[7:] == [timedelta(hours=6)] * 2  # capped
