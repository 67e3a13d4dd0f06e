from __future__ import annotations

import re
from pathlib import Path

import pytest

from aggregator.config import (
    FEED_KEYS,
    OUTLET_KEYS,
    SETTINGS_DOC,
    load_settings,
    parse_durations,
    parse_settings,
)
from aggregator.errors import ConfigError

REPO = Path(__file__).resolve().parent.parent


def test_project_feeds_yaml_has_the_four_outlets() -> None:
    settings = load_settings(REPO / "feeds.yaml", env={})
    slugs = {o.slug for o in settings.outlets}
    assert slugs == {"guardian", "bbc", "rt", "mid"}
    guardian = settings.outlet("guardian")
    assert guardian is not None
    urls = {f.url for f in guardian.feeds}
    for section in ("world", "politics", "uk-news"):
        assert f"https://www.theguardian.com/{section}/rss" in urls
    assert any(f.kind == "sitemap" for f in guardian.feeds)
    mid = settings.outlet("mid")
    assert mid is not None and {"en", "ru"} <= {f.language for f in mid.feeds}
    assert "https://github.com" in settings.fetch.user_agent


@pytest.mark.parametrize(
    ("doc", "pattern"),
    [
        (
            {"outlets": {"bbc": {"feedz": []}}},
            r"outlets\.bbc\.feedz: unknown key; allowed: .*feeds",
        ),
        (
            {"outlets": {"bbc": {"feeds": [{"url": "ftp://x/y"}]}}},
            r"outlets\.bbc\.feeds\[0\]\.url: expected an http:// or https:// URL",
        ),
        (
            {"outlets": {"bbc": {"min_delay_s": "fast"}}},
            r"outlets\.bbc\.min_delay_s: expected float",
        ),
        ({"settings": {"retries": "3"}}, r"settings\.retries: expected int"),
        ({"settings": {"colour": 1}}, r"settings\.colour: unknown key"),
        ({"outlets": {"BBC News": {}}}, r"outlets\.BBC News: outlet slugs"),
        (
            {"outlets": {"bbc": {"feeds": [{"url": "https://a/b", "kind": "atom"}]}}},
            r"outlets\.bbc\.feeds\[0\]\.kind: expected rss or sitemap",
        ),
        (
            {"outlets": {"bbc": {"concurrency": 0}}},
            r"outlets\.bbc\.concurrency: must be at least 1",
        ),
        ([1, 2], r"<top>: expected a mapping"),
    ],
)
def test_invalid_config_names_file_key_and_allowed(doc: object, pattern: str) -> None:
    with pytest.raises(ConfigError, match=r"^feeds\.test\.yaml: " + pattern):
        parse_settings(doc, source="feeds.test.yaml", env={})


def test_yaml_syntax_error_and_missing_file(tmp_path: Path) -> None:
    bad = tmp_path / "feeds.yaml"
    bad.write_text("outlets: [unclosed\n")
    with pytest.raises(ConfigError, match="not valid YAML"):
        load_settings(bad, env={})
    with pytest.raises(ConfigError, match="not found"):
        load_settings(tmp_path / "missing.yaml", env={})


def test_environment_selects_database_and_outlet_defaults() -> None:
    settings = parse_settings(
        {"settings": {"min_delay_s": 3, "concurrency": 4}, "outlets": {"rt": {}}},
        env={"AGGREGATOR_DATABASE_URL": "postgresql://u@h/db"},
    )
    assert settings.database_url == "postgresql://u@h/db"
    rt = settings.outlet("rt")
    assert rt is not None and rt.min_delay_s == 3.0 and rt.concurrency == 4 and rt.enabled


def test_docs_list_every_setting() -> None:
    doc = (REPO / "docs" / "configuration.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `([a-z_]+)` \|", doc, flags=re.M))
    missing = (set(SETTINGS_DOC) | set(OUTLET_KEYS) | set(FEED_KEYS)) - documented
    assert not missing, f"undocumented keys: {sorted(missing)}"


# --- revisit schedule: the one duration parser (the cases of the retired
# compare.revisions.parse_schedule) ---------------------------------------------------------


def test_default_revisit_schedule_is_the_documented_decay() -> None:
    days = 86400
    decay = (900.0, 3600.0, 3 * 3600.0, 12 * 3600.0, days, 3.0 * days, 7.0 * days)
    assert parse_durations("f", "k", ["15m", "1h", "3h", "12h", "1d", "3d", "7d"]) == decay
    default = SETTINGS_DOC["revisit"][1]
    assert parse_durations("f", "k", default) == decay


def test_durations_units_and_spacing() -> None:
    assert parse_durations("f", "k", [" 30s", "2 m", "1.5h"]) == (30.0, 120.0, 5400.0)
    assert parse_durations("f", "k", []) == ()


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (["15m", "1x"], r"'1x' is not a duration"),
        (["-5m"], "is not a duration"),
        ([""], "is not a duration"),
        ([15], "15 is not a duration"),  # a bare number from YAML has no unit
        (["1h", "30m"], "durations must increase"),
        (["1h", "60m"], "durations must increase"),
        ("15m", "expected a list of durations"),
    ],
)
def test_durations_reject_bad_items_naming_file_and_key(value: object, message: str) -> None:
    with pytest.raises(ConfigError, match=r"^feeds\.yaml: settings\.revisit: .*" + message):
        parse_durations("feeds.yaml", "settings.revisit", value)
