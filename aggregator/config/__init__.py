"""feeds.yaml + environment -> Settings (frozen). Validated once at load; fails fast.

Every key that feeds.yaml accepts is listed in ``SETTINGS_DOC`` / ``OUTLET_KEYS`` / ``FEED_KEYS``
with its default and meaning; ``docs/configuration.md`` lists them all (a test checks this).
An unknown key, a duplicated key or feed URL, a wrong type, a bad URL or a language that is not
an ISO 639-1 code raises ``ConfigError`` naming the file, the line, the key path and what is
allowed. The file is ``--config``, else ``$AGGREGATOR_CONFIG``, else ``./feeds.yaml``; without any
of them the defaults apply and only the commands that need outlets refuse to run.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from aggregator.config.database import DEFAULT_DATABASE_URL as DEFAULT_DATABASE_URL
from aggregator.config.database import database_url
from aggregator.config.document import load_document
from aggregator.config.keys import FEED_KEYS as FEED_KEYS
from aggregator.config.keys import OUTLET_KEYS as OUTLET_KEYS
from aggregator.config.keys import SETTINGS_DOC as SETTINGS_DOC
from aggregator.config.languages import is_language_code
from aggregator.errors import ConfigError

DEFAULT_CONFIG = Path("feeds.yaml")

_DURATION = re.compile(r"^(\d+(?:\.\d+)?)\s*([smhd])$")
_UNIT_S = {"s": 1, "m": 60, "h": 3600, "d": 86400}

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
    aliases: tuple[str, ...] = ()  # other names of the outlet itself ("Russian Foreign Ministry")
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
    terms_min_z: float = 1.96
    terms_min_count: int = 3
    source: str = "<defaults>"
    # set when no feeds.yaml was found: what was tried, for the commands that need outlets
    config_missing: str | None = None

    def outlet(self, slug: str) -> OutletConfig | None:
        return next((o for o in self.outlets if o.slug == slug), None)


def require_outlets(settings: Settings, command: str) -> Settings:
    """``settings`` when they come from a feeds.yaml with an enabled feed, else ConfigError
    naming the paths tried, or the file and why it gives nothing to fetch."""
    if settings.config_missing is not None:
        raise ConfigError(
            f"`aggregator {command}` needs the outlets of a feeds.yaml; {settings.config_missing}"
        )
    require_enabled_feeds(settings)
    return settings


def require_enabled_feeds(settings: Settings, outlets: Sequence[str] = ()) -> None:
    """ConfigError when ``outlets`` (``--outlet``; default all) have no enabled feed: a run
    would fetch nothing and be recorded ``ok`` while nothing was ingested."""
    picked = [o for o in settings.outlets if not outlets or o.slug in outlets]
    if any(o.enabled and f.enabled for o in picked for f in o.feeds):
        return
    if outlets:
        why = "; ".join(f"{o.slug}: {'disabled' if not o.enabled else 'no feed'}" for o in picked)
        raise ConfigError(
            f"nothing was ingested: --outlet {', '.join(outlets)} has no enabled feed in "
            f"{settings.source} ({why})"
        )
    if not settings.outlets:
        raise ConfigError(f"nothing was ingested: {settings.source} lists no outlet")
    raise ConfigError(
        f"nothing was ingested: no feed is enabled in {settings.source} (every outlet there is "
        "`enabled: false`, has no feeds, or has all its feeds `enabled: false`)"
    )


@dataclass(frozen=True)
class _Source:
    """The file being validated and the line of each key path in it (when read from a file)."""

    name: str
    lines: Mapping[str, int] = field(default_factory=dict)

    def at(self, key: str) -> str:
        """``file:line`` of ``key`` (or of the nearest enclosing key), else the file alone."""
        probe = key
        while probe:
            if probe in self.lines:
                return f"{self.name}:{self.lines[probe]}"
            probe = probe[: max(probe.rfind("."), probe.rfind("["), 0)]
        return self.name


def _fail(path: _Source, key: str, message: str) -> ConfigError:
    return ConfigError(f"{path.at(key)}: {key}: {message}")


def _language(path: _Source, key: str, value: Any) -> str:
    if not isinstance(value, str) or not is_language_code(value):
        raise _fail(path, key, f"expected an ISO 639-1 language code such as 'en', got {value!r}")
    return value


def _typed(path: _Source, key: str, value: Any, kind: type) -> Any:
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if kind is int and isinstance(value, bool):
        raise _fail(path, key, f"expected an integer, got {value!r}")
    if not isinstance(value, kind):
        raise _fail(path, key, f"expected {kind.__name__}, got {type(value).__name__} {value!r}")
    return value


def _check_url(path: _Source, key: str, value: Any) -> str:
    if not isinstance(value, str):
        raise _fail(path, key, f"expected an http(s) URL string, got {value!r}")
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise _fail(path, key, f"expected an http:// or https:// URL with a host, got {value!r}")
    return value


def _unknown(
    path: _Source, where: str, data: Mapping[str, Any], allowed: Mapping[str, Any]
) -> None:
    for key in data:
        if key not in allowed:
            raise _fail(
                path, f"{where}{key}", f"unknown key; allowed: {', '.join(sorted(allowed))}"
            )


def parse_durations(path: _Source | str, key: str, value: Any) -> tuple[float, ...]:
    """A list like [15m, 1h, 3d] -> seconds, strictly increasing; [] turns revisits off."""
    if isinstance(path, str):
        path = _Source(path)
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


def _parse_feed(path: _Source, where: str, outlet: str, raw: Any) -> FeedConfig:
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
        language=_language(path, f"{where}.language", raw["language"])
        if "language" in raw
        else None,
        section=_typed(path, f"{where}.section", raw["section"], str) if "section" in raw else None,
        enabled=_typed(path, f"{where}.enabled", raw.get("enabled", True), bool),
    )


def _parse_outlet(
    path: _Source, slug: Any, raw: Any, fetch: FetchSettings, revisit: tuple[float, ...] = ()
) -> OutletConfig:
    where = f"outlets.{slug}"
    if not isinstance(slug, str) or not _SLUG.match(slug):
        raise _fail(path, where, "outlet slugs are lower-case letters, digits, '-' or '_'")
    if not isinstance(raw, Mapping):
        raise _fail(path, where, "expected a mapping")
    _unknown(path, f"{where}.", raw, OUTLET_KEYS)
    languages = raw.get("languages", [])
    if not isinstance(languages, list):
        raise _fail(
            path, f"{where}.languages", f"expected a list of language codes, got {languages!r}"
        )
    for i, language in enumerate(languages):
        _language(path, f"{where}.languages[{i}]", language)
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
    aliases = _typed(path, f"{where}.aliases", raw.get("aliases", []), list)
    for i, alias in enumerate(aliases):
        if not isinstance(alias, str) or not alias.strip() or "\n" in alias:
            raise _fail(
                path, f"{where}.aliases[{i}]", f"expected a name on one line, got {alias!r}"
            )
    return OutletConfig(
        slug=slug,
        name=_typed(path, f"{where}.name", raw.get("name", slug), str),
        aliases=tuple(" ".join(a.split()) for a in aliases),
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


def _no_duplicate_feeds(path: _Source, outlets: tuple[OutletConfig, ...]) -> None:
    first: dict[str, str] = {}
    for outlet in outlets:
        for i, feed in enumerate(outlet.feeds):
            key = f"outlets.{outlet.slug}.feeds[{i}].url"
            if feed.url in first:
                raise _fail(
                    path,
                    key,
                    f"feed {feed.url} is listed twice (first at {path.at(first[feed.url])} "
                    f"{first[feed.url]}); list each feed once",
                )
            first[feed.url] = key


def parse_settings(
    data: Any,
    *,
    source: str = "<memory>",
    env: Mapping[str, str] | None = None,
    lines: Mapping[str, int] | None = None,
) -> Settings:
    """Validate a loaded feeds.yaml document (plus environment) into ``Settings``; ``lines``
    (key path -> line, from ``load_document``) puts the line into error messages."""
    env = os.environ if env is None else env
    path = _Source(source, lines or {})
    if data is None:
        data = {}
    if not isinstance(data, Mapping):
        raise _fail(path, "<top>", "expected a mapping with keys settings, outlets")
    _unknown(path, "", data, {"settings": 1, "outlets": 1})
    raw_settings = data.get("settings") or {}
    if not isinstance(raw_settings, Mapping):
        raise _fail(path, "settings", "expected a mapping")
    _unknown(path, "settings.", raw_settings, SETTINGS_DOC)
    values: dict[str, Any] = {}
    for key, (kind, default, _doc) in SETTINGS_DOC.items():
        values[key] = _typed(path, f"settings.{key}", raw_settings.get(key, default), kind)
    for key in (
        "timeout_s",
        "total_timeout_s",
        "max_bytes",
        "max_redirects",
        "total_concurrency",
        "concurrency",
    ):
        if values[key] <= 0:
            raise _fail(path, f"settings.{key}", "must be greater than 0")
    for key, least in (("terms_min_z", 0), ("terms_min_count", 1)):
        if values[key] < least:
            raise _fail(path, f"settings.{key}", f"must be at least {least}")
    if values["extract_processes"] < 0:
        raise _fail(path, "settings.extract_processes", "must not be negative")
    _check_url(path, "settings.contact_url", values["contact_url"])
    fetch = FetchSettings(
        user_agent=values["user_agent"].replace("{contact_url}", values["contact_url"]),
        **{k: values[k] for k in FetchSettings.__dataclass_fields__ if k != "user_agent"},
    )
    outlets_raw = data.get("outlets") or {}
    if not isinstance(outlets_raw, Mapping):
        raise _fail(path, "outlets", "expected a mapping of outlet slug -> outlet")
    revisit = parse_durations(path, "settings.revisit", values["revisit"])
    outlets = tuple(
        _parse_outlet(path, slug, raw, fetch, revisit) for slug, raw in outlets_raw.items()
    )
    _no_duplicate_feeds(path, outlets)
    return Settings(
        database_url=database_url(env.get("AGGREGATOR_DATABASE_URL")),
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
        terms_min_z=values["terms_min_z"],
        terms_min_count=values["terms_min_count"],
        source=source,
    )


def load_settings(path: Path | str | None = None, env: Mapping[str, str] | None = None) -> Settings:
    """Read the configuration file and the environment into ``Settings``.

    The file is ``path`` (``--config``), else ``$AGGREGATOR_CONFIG``, else ``./feeds.yaml``; a
    file named by the first two must exist. With none of them the defaults apply (no outlets)
    and ``config_missing`` says what was tried (see ``require_outlets``).
    """
    env = os.environ if env is None else env
    if path:
        config_path, origin = Path(path), "--config"
    elif env.get("AGGREGATOR_CONFIG"):
        config_path, origin = Path(env["AGGREGATOR_CONFIG"]), "AGGREGATOR_CONFIG"
    else:
        config_path, origin = DEFAULT_CONFIG, ""
        if not config_path.is_file():
            defaults = parse_settings(None, source="<defaults>", env=env)
            tried = (
                "none found: --config not given, AGGREGATOR_CONFIG not set, "
                f"no {config_path.resolve()}"
            )
            return replace(defaults, config_missing=tried)
    try:
        text = config_path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        named = f" (named by {origin})" if origin else ""
        raise ConfigError(f"{config_path}: configuration file not found{named}") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{config_path}: cannot read configuration: {exc}") from exc
    data, lines = load_document(text, str(config_path))
    return parse_settings(data, source=str(config_path), env=env, lines=lines)
