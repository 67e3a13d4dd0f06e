"""Tests of aggregator/times.py, the one date parser and UTC formatter.

Tables of the cases the four parsers it replaced each handled (``corpus.parse_time`` and the
CLI's ``_parse_when`` on top of it: strict; sitemaps' ``_w3c_datetime``: strict, None when
unreadable; ``metadata.parse_datetime``: lenient, with an assumed zone), with the results they
gave. The one input that reads differently is a date alone followed by ``Z``, which the
sitemap and page parsers refused (Python 3.11's ``fromisoformat`` does) and now reads as
midnight UTC, as ``parse_time`` did.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from aggregator.parse.sites.mid import MOSCOW
from aggregator.times import format_utc, parse_iso_time, parse_page_time

NINE = datetime(2024, 3, 5, 9, 0, tzinfo=UTC)
MIDNIGHT = datetime(2024, 3, 5, tzinfo=UTC)

# ISO 8601 text that every parser reads, and what it means in UTC
ISO_CASES = [
    ("2024-03-05T09:00:00Z", NINE),
    ("2024-03-05T12:00:00+03:00", NINE),
    ("2024-03-05T04:00:00-05:00", NINE),
    ("2024-03-05T09:00:00+00:00", NINE),
    ("2024-03-05T09:00:00", NINE),  # no zone: UTC
    ("2024-03-05 09:00", NINE),  # a space for the T
    ("20240305T090000Z", NINE),  # basic format
    ("2024-03-05T09Z", NINE),
    ("  2024-03-05T09:00:00Z\n", NINE),  # surrounding whitespace
    ("2024-03-05T09:00:00.250000Z", NINE.replace(microsecond=250000)),
    ("2024-03-05", MIDNIGHT),  # a date alone: midnight UTC
    ("2024-03-05Z", MIDNIGHT),
    ("2024-W10-2", MIDNIGHT),  # ISO week date
    ("9999-12-31T23:59:59Z", datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC)),
    ("0001-01-01T00:00:00Z", datetime(1, 1, 1, tzinfo=UTC)),
]

# before the first or after the last UTC time once the offset is applied
OUT_OF_RANGE = ["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-23:59"]

# not ISO 8601 (some of these the page parser reads: see PAGE_CASES)
NOT_ISO = [
    "",
    "   ",
    "not a date",
    "last tuesday",
    "Tue, 05 Mar 2024 09:00:00 GMT",
    "05.03.2024 09:00",
    "2024/03/05 09:00:00",
    "2024-13-01",
    "2024-02-30",
    "2024-03-05T09:00:00z",  # a lower-case z is not a zone
    "2024-03-05T09:00:00ZZ",
    "2024-03-05T09:00:00+03:00Z",
    "2024-03-05  09:00",
    "Z",
]


@pytest.mark.parametrize(("text", "want"), ISO_CASES)
def test_iso_time_reads_as_utc(text: str, want: datetime) -> None:
    got = parse_iso_time(text)
    assert got == want
    assert got.tzinfo is UTC


@pytest.mark.parametrize("text", OUT_OF_RANGE)
def test_iso_time_out_of_range_is_a_value_error(text: str) -> None:
    with pytest.raises(ValueError, match="outside the range of UTC times"):
        parse_iso_time(text)


@pytest.mark.parametrize("text", NOT_ISO)
def test_iso_time_refuses_what_is_not_iso(text: str) -> None:
    with pytest.raises(ValueError):
        parse_iso_time(text)


# page metadata: ISO 8601 as above, plus RFC 2822 and the formats sites use
PAGE_CASES = [
    *ISO_CASES,
    ("Tue, 05 Mar 2024 09:00:00 GMT", NINE),
    ("Tue, 05 Mar 2024 12:00:00 +0300", NINE),
    ("05 Mar 2024 09:00:00 +0000", NINE),
    ("2024/03/05 09:00:00", NINE),
    ("2024-03-05 09:00:00", NINE),
    ("05.03.2024 09:00", NINE),
    ("05.03.2024", MIDNIGHT),
    ("20240305", MIDNIGHT),
]


@pytest.mark.parametrize(("text", "want"), PAGE_CASES)
def test_page_time_reads_as_utc(text: str, want: datetime) -> None:
    got = parse_page_time(text)
    assert got == want
    assert got is not None and got.utcoffset() == timedelta(0)


@pytest.mark.parametrize(
    "value",
    [None, 20240305, b"2024-03-05", ["2024-03-05"], *OUT_OF_RANGE,
     "", "   ", "not a date", "2024-13-01", "2024-03-05T09:00:00z", "05/03/2024"],
)  # fmt: skip
def test_page_time_is_none_when_unreadable(value: object) -> None:
    assert parse_page_time(value) is None


# mid.ru writes its date lines in Moscow time with no zone: only naive values take the
# assumed zone; a declared zone (Z, an offset, GMT) wins
MOSCOW_CASES = [
    ("12.02.2024 15:40", datetime(2024, 2, 12, 12, 40, tzinfo=UTC)),
    ("12.02.2024", datetime(2024, 2, 11, 21, 0, tzinfo=UTC)),
    ("2024-02-12 15:40:00", datetime(2024, 2, 12, 12, 40, tzinfo=UTC)),
    ("2024-02-12T15:40", datetime(2024, 2, 12, 12, 40, tzinfo=UTC)),
    ("Mon, 12 Feb 2024 15:40:00 -0000", datetime(2024, 2, 12, 12, 40, tzinfo=UTC)),  # "unknown"
    ("2024-02-12T15:40:00Z", datetime(2024, 2, 12, 15, 40, tzinfo=UTC)),
    ("2024-02-12T15:40:00+03:00", datetime(2024, 2, 12, 12, 40, tzinfo=UTC)),
    ("Mon, 12 Feb 2024 15:40:00 GMT", datetime(2024, 2, 12, 15, 40, tzinfo=UTC)),
    ("2024-02-12Z", datetime(2024, 2, 12, tzinfo=UTC)),  # Z is UTC, not Moscow
]


@pytest.mark.parametrize(("text", "want"), MOSCOW_CASES)
def test_page_time_reads_naive_values_in_the_assumed_zone(text: str, want: datetime) -> None:
    assert MOSCOW.utcoffset(None) == timedelta(hours=3)
    assert parse_page_time(text, assume_tz=MOSCOW) == want


def test_page_time_out_of_range_after_the_assumed_zone_is_none() -> None:
    east = timezone(timedelta(hours=5))
    assert parse_page_time("0001-01-01T00:00:00", assume_tz=east) is None
    assert parse_page_time("0001-01-01T00:00:00") == datetime(1, 1, 1, tzinfo=UTC)


@pytest.mark.parametrize(
    ("value", "want"),
    [
        (None, ""),
        (NINE, "2024-03-05T09:00:00Z"),
        (NINE.replace(microsecond=999999), "2024-03-05T09:00:00Z"),  # no fraction, not rounded
        (datetime(2024, 3, 5, 9, 0), "2024-03-05T09:00:00Z"),  # naive (SQLite): UTC as stored
    ],
)
def test_format_utc(value: datetime | None, want: str) -> None:
    assert format_utc(value) == want


def test_formatted_times_read_back() -> None:
    for _, when in ISO_CASES:
        if when.year < 1000:  # strftime's %Y does not pad years below 1000 on every platform
            continue
        whole = when.replace(microsecond=0)
        assert parse_iso_time(format_utc(whole)) == whole
