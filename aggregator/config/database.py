"""AGGREGATOR_DATABASE_URL -> the URL SQLAlchemy is given: `postgres://` and `postgresql://` get the
installed PostgreSQL driver (psycopg 3 first); a driver that is not installed, or a database other
than SQLite and PostgreSQL, is a ``ConfigError`` naming the extra to install. Pure strings: looks
up installed modules, connects to nothing."""

from __future__ import annotations

import importlib.util

from aggregator.errors import ConfigError

DEFAULT_DATABASE_URL = "sqlite:///data/aggregator.sqlite"
EXAMPLES = "sqlite:///PATH or postgresql://USER@HOST/DB"
# `postgresql://` without a driver: the first installed of these (psycopg: the [postgres] extra)
POSTGRES_DRIVERS = ("psycopg", "psycopg2")
INSTALL_POSTGRES = "pip install 'aggregator[postgres]' (psycopg 3)"


def _installed(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        return False


def database_url(raw: str | None) -> str:
    """The SQLAlchemy URL for ``raw`` (an AGGREGATOR_DATABASE_URL value; empty: the default)."""
    url = (raw or "").strip() or DEFAULT_DATABASE_URL
    scheme, sep, rest = url.partition("://")
    if not sep or not scheme:
        raise ConfigError(f"AGGREGATOR_DATABASE_URL: not a database URL: {url!r}; use {EXAMPLES}")
    backend, _, driver = scheme.lower().partition("+")
    if backend == "sqlite":
        return url
    if backend not in ("postgres", "postgresql"):
        raise ConfigError(
            f"AGGREGATOR_DATABASE_URL: {backend!r} databases are not supported; use {EXAMPLES}"
        )
    if not driver:
        driver = next((d for d in POSTGRES_DRIVERS if _installed(d)), "")
        if not driver:
            raise ConfigError(
                "AGGREGATOR_DATABASE_URL: no PostgreSQL driver is installed; "
                f"install the [postgres] extra: {INSTALL_POSTGRES}"
            )
    elif not _installed(driver):
        raise ConfigError(
            f"AGGREGATOR_DATABASE_URL: the PostgreSQL driver {driver!r} is not installed; "
            f"install the [postgres] extra, {INSTALL_POSTGRES}, and use postgresql://…"
        )
    return f"postgresql+{driver}://{rest}"
