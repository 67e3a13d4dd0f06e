"""feeds.yaml + environment -> Settings (frozen). Validated once at load; fails fast.

Every key that feeds.yaml accepts is listed in ``SETTINGS_DOC`` / ``OUTLET_KEYS`` / ``FEED_KEYS``
with its default and meaning; ``docs/configuration.md`` lists them all (a test checks this).
An unknown key, a wrong type or a bad URL raises ``ConfigError`` naming the file, the key path
and what is allowed.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from aggregator.errors import ConfigError

DEFAULT_CONFIG = Path("feeds.yaml")
DEFAULT_DATABASE_URL = "sqlite:///data/aggregator.sqlite"

# key: (type, default, doc) -- the single list of settings under `settings:` in feeds.yaml
SETTINGS_DOC: dict[str, tuple[type, Any, str]] = {
    "user_agent": (
        str,
        "aggregator/0.1 (+{contact_url})",
        "User-Agent sent with every request; {contact_url} is filled in",
    ),
    "contact_url": (
        str,
        "https://github.com/aggregator-news/aggregator",
        "URL where site owners can reach the operator",
    ),
    "timeout_s": (float, 20.0, "connect/read/write timeout of one request, seconds"),
    "total_timeout_s": (float, 60.0, "wall-clock limit of one request including its body"),
    "max_bytes": (int, 10_000_000, "response size cap, enforced while streaming"),
    "max_redirects": (int, 5, "longest redirect chain followed"),
    "retries": (int, 3, "retries after the first attempt, on connection errors, 429 and 5xx"),
    "backoff_s": (float, 1.0, "base of the exponential backoff between retries, seconds"),
    "max_retry_after_s": (
        float,
        120.0,
        "longest Retry-After honoured; longer gives up for this run",
    ),
    "min_delay_s": (float, 1.0, "default minimum delay between two requests to one host"),
    "concurrency": (int, 2, "default number of requests in flight to one host"),
    "total_concurrency": (int, 8, "requests in flight across all hosts"),
    "obey_robots": (bool, True, "fetch and obey robots.txt of each host"),
    "archive_dir": (str, "data/warc", "folder for the rotating gzipped WARC files"),
    "warc_max_bytes": (int, 100_000_000, "size at which a WARC file is closed and a new one begun"),
    "min_words": (int, 80, "fewer extracted words than this count as a failed extraction"),
    "max_articles_per_feed": (int, 200, "newest entries taken from one feed per run"),
    "lock_dir": (str, "data", "folder holding the job lock files"),
    "cluster_window_days": (float, 3.0, "how far apart in time articles of one event may be"),
    "cluster_embeddings": (
        bool,
        False,
        "blend MiniLM sentence embeddings into clustering (needs `make install-embeddings`)",
    ),
    "revisit": (
        list,
        ["15m", "1h", "3h", "12h", "1d", "3d", "7d"],
        "when to re-fetch an article after it is first seen, e.g. [15m, 1h, 1d]; [] = never",
    ),
    "lease_s": (
        float,
        600.0,
        "how long a run's claim on a feed or article lasts before another run may take it over",
    ),
    "feed_interval_s": (float, 900.0, "`aggregator worker`: how often each feed is polled"),
    "extract_processes": (
        int,
        0,
        "worker processes for extraction in large runs (0: one per core; 1: in-process)",
    ),
}

_DURATION = re.compile(r"^(\d+(?:\.\d+)?)\s*([smhd])$")
_UNIT_S = {"s": 1, "m": 60, "h": 3600, "d": 86400}

OUTLET_KEYS: dict[str, str] = {
    "name": "display name of the outlet",
    "languages": "list of ISO 639-1 language codes the outlet publishes in",
    "enabled": "false skips the outlet in `ingest` (default true)",
    "min_delay_s": "minimum delay between two requests to one of its hosts (default: settings)",
    "concurrency": "requests in flight to one of its hosts (default: settings)",
    "feeds": "list of feeds (see feed keys)",
    "allow_private": "true lets its URLs resolve to private/loopback addresses (default false)",
    "revisit": "revisit schedule after first seen, e.g. [15m, 1h, 1d] (default: settings.revisit)",
}

FEED_KEYS: dict[str, str] = {
    "url": "http(s) URL of an RSS/Atom feed or a news sitemap",
    "kind": "`rss` (also Atom) or `sitemap` (default rss)",
    "language": "language of the feed's articles, when the outlet has several",
    "section": "section name recorded on its articles",
    "enabled": "false skips this feed (default true)",
}

_SLUG = re.compile(r"^[a-z][a-z0-9_-]{0,39}$")


@dataclass(frozen=True)
class FeedConfig:
    outlet: str
    url: str
    kind: str = "rss"
    language: str | None = None
    section: str | None = None
    enabled: bool = True


@dataclass(frozen=True)
class OutletConfig:
    slug: str
    name: str
    languages: tuple[str, ...] = ()
    enabled: bool = True
    min_delay_s: float = 1.0
    concurrency: int = 2
    allow_private: bool = False
    feeds: tuple[FeedConfig, ...] = ()
    revisit_s: tuple[float, ...] = ()


@dataclass(frozen=True)
class FetchSettings:
    user_agent: str = "aggregator/0.1 (+https://github.com/aggregator-news/aggregator)"
    timeout_s: float = 20.0
    total_timeout_s: float = 60.0
    max_bytes: int = 10_000_000
    max_redirects: int = 5
    retries: int = 3
    backoff_s: float = 1.0
    max_retry_after_s: float = 120.0
    min_delay_s: float = 1.0
    concurrency: int = 2
    total_concurrency: int = 8
    obey_robots: bool = True


@dataclass(frozen=True)
class Settings:
    database_url: str = DEFAULT_DATABASE_URL
    fetch: FetchSettings = field(default_factory=FetchSettings)
    outlets: tuple[OutletConfig, ...] = ()
    archive_dir: Path = Path("data/warc")
    warc_max_bytes: int = 100_000_000
    min_words: int = 80
    max_articles_per_feed: int = 200
    lock_dir: Path = Path("data")
    cluster_window_days: float = 3.0
    cluster_embeddings: bool = False
    extract_processes: int = 0
    lease_s: float = 600.0
    feed_interval_s: float = 900.0
    source: str = "<defaults>"

    def outlet(self, slug: str) -> OutletConfig | None:
        return next((o for o in self.outlets if o.slug == slug), None)


def _fail(path: str, key: str, message: str) -> ConfigError:
    return ConfigError(f"{path}: {key}: {message}")


def _typed(path: str, key: str, value: Any, kind: type) -> Any:
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if kind is int and isinstance(value, bool):
        raise _fail(path, key, f"expected an integer, got {value!r}")
    if not isinstance(value, kind):
        raise _fail(path, key, f"expected {kind.__name__}, got {type(value).__name__} {value!r}")
    return value


def _check_url(path: str, key: str, value: Any) -> str:
    if not isinstance(value, str):
        raise _fail(path, key, f"expected an http(s) URL string, got {value!r}")
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise _fail(path, key, f"expected an http:// or https:// URL with a host, got {value!r}")
    return value


def _unknown(path: str, where: str, data: Mapping[str, Any], allowed: Mapping[str, Any]) -> None:
    for key in data:
        if key not in allowed:
            raise _fail(
                path, f"{where}{key}", f"unknown key; allowed: {', '.join(sorted(allowed))}"
            )


def parse_durations(path: str, key: str, value: Any) -> tuple[float, ...]:
    """A list like [15m, 1h, 3d] -> seconds, strictly increasing; [] turns revisits off."""
    if not isinstance(value, list):
        raise _fail(path, key, f"expected a list of durations like [15m, 1h, 3d], got {value!r}")
    out: list[float] = []
    for item in value:
        match = _DURATION.match(str(item).strip())
        if not match:
            raise _fail(path, key, f"{item!r} is not a duration: a number and s, m, h or d")
        seconds = float(match.group(1)) * _UNIT_S[match.group(2)]
        if out and seconds <= out[-1]:
            raise _fail(path, key, "durations must increase (they count from first seen)")
        out.append(seconds)
    return tuple(out)


def _parse_feed(path: str, where: str, outlet: str, raw: Any) -> FeedConfig:
    if not isinstance(raw, Mapping):
        raise _fail(path, where, f"expected a mapping with keys {', '.join(FEED_KEYS)}")
    _unknown(path, f"{where}.", raw, FEED_KEYS)
    if "url" not in raw:
        raise _fail(path, f"{where}.url", "missing; every feed needs a url")
    kind = raw.get("kind", "rss")
    if kind not in ("rss", "sitemap"):
        raise _fail(path, f"{where}.kind", f"expected rss or sitemap, got {kind!r}")
    return FeedConfig(
        outlet=outlet,
        url=_check_url(path, f"{where}.url", raw["url"]),
        kind=kind,
        language=_typed(path, f"{where}.language", raw["language"], str)
        if "language" in raw
        else None,
        section=_typed(path, f"{where}.section", raw["section"], str) if "section" in raw else None,
        enabled=_typed(path, f"{where}.enabled", raw.get("enabled", True), bool),
    )


def _parse_outlet(
    path: str, slug: Any, raw: Any, fetch: FetchSettings, revisit: tuple[float, ...] = ()
) -> OutletConfig:
    where = f"outlets.{slug}"
    if not isinstance(slug, str) or not _SLUG.match(slug):
        raise _fail(path, where, "outlet slugs are lower-case letters, digits, '-' or '_'")
    if not isinstance(raw, Mapping):
        raise _fail(path, where, "expected a mapping")
    _unknown(path, f"{where}.", raw, OUTLET_KEYS)
    languages = raw.get("languages", [])
    if not isinstance(languages, list) or not all(isinstance(x, str) for x in languages):
        raise _fail(
            path, f"{where}.languages", f"expected a list of language codes, got {languages!r}"
        )
    feeds_raw = raw.get("feeds", [])
    if not isinstance(feeds_raw, list):
        raise _fail(path, f"{where}.feeds", "expected a list of feeds")
    feeds = tuple(
        _parse_feed(path, f"{where}.feeds[{i}]", slug, f) for i, f in enumerate(feeds_raw)
    )
    concurrency = _typed(
        path, f"{where}.concurrency", raw.get("concurrency", fetch.concurrency), int
    )
    if concurrency < 1:
        raise _fail(path, f"{where}.concurrency", "must be at least 1")
    delay = _typed(path, f"{where}.min_delay_s", raw.get("min_delay_s", fetch.min_delay_s), float)
    if delay < 0:
        raise _fail(path, f"{where}.min_delay_s", "must not be negative")
    return OutletConfig(
        slug=slug,
        name=_typed(path, f"{where}.name", raw.get("name", slug), str),
        languages=tuple(languages),
        enabled=_typed(path, f"{where}.enabled", raw.get("enabled", True), bool),
        min_delay_s=delay,
        concurrency=concurrency,
        allow_private=_typed(path, f"{where}.allow_private", raw.get("allow_private", False), bool),
        feeds=feeds,
        revisit_s=parse_durations(path, f"{where}.revisit", raw["revisit"])
        if "revisit" in raw
        else revisit,
    )


def parse_settings(
    data: Any, *, source: str = "<memory>", env: Mapping[str, str] | None = None
) -> Settings:
    """Validate a loaded feeds.yaml document (plus environment) into ``Settings``."""
    env = os.environ if env is None else env
    if data is None:
        data = {}
    if not isinstance(data, Mapping):
        raise _fail(source, "<top>", "expected a mapping with keys settings, outlets")
    _unknown(source, "", data, {"settings": 1, "outlets": 1})
    raw_settings = data.get("settings") or {}
    if not isinstance(raw_settings, Mapping):
        raise _fail(source, "settings", "expected a mapping")
    _unknown(source, "settings.", raw_settings, SETTINGS_DOC)
    values: dict[str, Any] = {}
    for key, (kind, default, _doc) in SETTINGS_DOC.items():
        values[key] = _typed(source, f"settings.{key}", raw_settings.get(key, default), kind)
    for key in (
        "timeout_s",
        "total_timeout_s",
        "max_bytes",
        "max_redirects",
        "total_concurrency",
        "concurrency",
    ):
        if values[key] <= 0:
            raise _fail(source, f"settings.{key}", "must be greater than 0")
    if values["extract_processes"] < 0:
        raise _fail(source, "settings.extract_processes", "must not be negative")
    _check_url(source, "settings.contact_url", values["contact_url"])
    fetch = FetchSettings(
        user_agent=values["user_agent"].replace("{contact_url}", values["contact_url"]),
        **{k: values[k] for k in FetchSettings.__dataclass_fields__ if k != "user_agent"},
    )
    outlets_raw = data.get("outlets") or {}
    if not isinstance(outlets_raw, Mapping):
        raise _fail(source, "outlets", "expected a mapping of outlet slug -> outlet")
    revisit = parse_durations(source, "settings.revisit", values["revisit"])
    outlets = tuple(
        _parse_outlet(source, slug, raw, fetch, revisit) for slug, raw in outlets_raw.items()
    )
    return Settings(
        database_url=env.get("AGGREGATOR_DATABASE_URL") or DEFAULT_DATABASE_URL,
        fetch=fetch,
        outlets=outlets,
        archive_dir=Path(env.get("AGGREGATOR_ARCHIVE_DIR") or values["archive_dir"]),
        warc_max_bytes=values["warc_max_bytes"],
        min_words=values["min_words"],
        max_articles_per_feed=values["max_articles_per_feed"],
        lock_dir=Path(values["lock_dir"]),
        cluster_window_days=values["cluster_window_days"],
        cluster_embeddings=values["cluster_embeddings"],
        extract_processes=values["extract_processes"],
        lease_s=values["lease_s"],
        feed_interval_s=values["feed_interval_s"],
        source=source,
    )


def load_settings(path: Path | str | None = None, env: Mapping[str, str] | None = None) -> Settings:
    """Read feeds.yaml (``AGGREGATOR_CONFIG`` or ./feeds.yaml) and the environment."""
    env = os.environ if env is None else env
    config_path = Path(path or env.get("AGGREGATOR_CONFIG") or DEFAULT_CONFIG)
    try:
        text = config_path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise ConfigError(f"{config_path}: configuration file not found") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{config_path}: cannot read configuration: {exc}") from exc
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ConfigError(f"{config_path}: not valid YAML: {exc}") from exc
    return parse_settings(data, source=str(config_path), env=env)
