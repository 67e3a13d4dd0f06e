"""Fetchers for the tests of aggregator/fetch/: fast retries, robots off, closed after the test."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from aggregator.config import FetchSettings
from aggregator.errors import FetchError
from aggregator.fetch.client import Fetcher

UA = "aggregator-test/0.1 (+https://example.org/contact)"


def make_settings(**overrides: Any) -> FetchSettings:
    """Settings for tests: short timeouts, tiny backoff, no politeness delay, robots off."""
    values: dict[str, Any] = {
        "user_agent": UA,
        "timeout_s": 2.0,
        "total_timeout_s": 5.0,
        "max_bytes": 100_000,
        "max_redirects": 3,
        "retries": 2,
        "backoff_s": 0.01,
        "max_retry_after_s": 30.0,
        "min_delay_s": 0.0,
        "concurrency": 4,
        "total_concurrency": 8,
        "obey_robots": False,
    }
    values.update(overrides)
    return FetchSettings(**values)


@pytest.fixture
def sleeps() -> list[float]:
    """The retry waits the fetchers of ``fetcher_factory`` asked for (nothing really sleeps)."""
    return []


@pytest.fixture
def fetcher_factory(sleeps: list[float]) -> Iterator[Callable[..., Fetcher]]:
    """``factory(**settings_overrides, verify=...)`` -> a Fetcher, closed after the test."""
    made: list[Fetcher] = []

    def factory(*, verify: Any = True, **overrides: Any) -> Fetcher:
        fetcher = Fetcher(make_settings(**overrides), sleep=sleeps.append, verify=verify)
        made.append(fetcher)
        return fetcher

    yield factory
    for fetcher in made:
        fetcher.close()


@pytest.fixture
def fetch_error() -> Callable[..., FetchError]:
    """``fetch_error(fetcher, url, **kwargs)`` -> the FetchError that fetching raises.

    ``allow_private`` defaults to True: the test servers listen on 127.0.0.1.
    """

    def fetch(fetcher: Fetcher, url: str, **kwargs: Any) -> FetchError:
        kwargs.setdefault("allow_private", True)
        with pytest.raises(FetchError) as info:
            fetcher.fetch(url, **kwargs)
        return info.value

    return fetch
