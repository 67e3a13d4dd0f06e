"""Date and time text -> aware UTC datetimes, and UTC datetimes -> ISO 8601 text. Pure.

The package's one date parser, in two strictnesses: ``parse_iso_time`` for what people and
standards write (researchers' files, CLI options, sitemap dates), which raises ``ValueError``;
``parse_page_time`` for what web pages declare, which also reads RFC 2822 and a few site
formats and returns None when it cannot. ``format_utc`` is the one way times are written out.
"""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo
from email.utils import parsedate_to_datetime

# what pages put in <meta> and JSON-LD besides ISO 8601 (tried in this order; all naive)
_PAGE_FORMATS = ("%Y/%m/%d %H:%M:%S", "%Y-%m-%d %H:%M:%S", "%d.%m.%Y %H:%M", "%d.%m.%Y", "%Y%m%d")


def _from_iso(text: str) -> datetime:
    """``datetime.fromisoformat``, plus a ``Z`` after a date alone, which 3.11 refuses."""
    if not text.endswith("Z"):
        return datetime.fromisoformat(text)
    # "2024-03-05+00:00" parses, but naive ("+" taken for the "T"): say UTC, whatever zone
    # the caller assumes for naive values
    return datetime.fromisoformat(text[:-1] + "+00:00").replace(tzinfo=UTC)


def _to_utc(parsed: datetime, assume_tz: tzinfo) -> datetime:
    """``parsed`` in UTC, a naive value read in ``assume_tz``; OverflowError when there is no
    such UTC time (0001-01-01T00:00:00+14:00 is before the first one)."""
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=assume_tz)
    return parsed.astimezone(UTC)


def parse_iso_time(value: str) -> datetime:
    """ISO 8601 text -> aware UTC datetime; ``ValueError`` if it is not one.

    ``Z`` or an offset as written; no zone means UTC; a date alone is midnight UTC;
    surrounding whitespace is ignored.
    """
    parsed = _from_iso(value.strip())
    try:
        return _to_utc(parsed, UTC)
    except OverflowError as exc:
        raise ValueError(f"{value!r} is outside the range of UTC times") from exc


def parse_page_time(value: object, *, assume_tz: tzinfo = UTC) -> datetime | None:
    """A time as a web page declares it -> aware UTC datetime, or None if it is unreadable.

    Reads ISO 8601 (a space for the ``T`` too), the formats of ``_PAGE_FORMATS`` and RFC 2822;
    anything that is not a non-blank string is None. Naive values are read in ``assume_tz``
    (UTC unless the caller knows the site's zone).
    """
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text:
        return None
    parsed: datetime | None = None
    for candidate in (text.replace(" ", "T", 1) if "T" not in text else text, text):
        try:
            parsed = _from_iso(candidate)
            break
        except ValueError:
            continue
    if parsed is None and text[0].isdigit():  # (each format starts with a number)
        for fmt in _PAGE_FORMATS:
            try:
                parsed = datetime.strptime(text, fmt)
                break
            except ValueError:
                continue
    if parsed is None:
        try:
            parsed = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
    try:
        return _to_utc(parsed, assume_tz)
    except OverflowError:
        return None


def format_utc(value: datetime | None) -> str:
    """A UTC time as ``YYYY-MM-DDTHH:MM:SSZ`` (seconds, no fraction); "" for None.

    The value is written as it stands, not converted: every stored time is UTC already, and a
    naive one read back from SQLite is UTC without saying so.
    """
    if value is None:
        return ""
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")
