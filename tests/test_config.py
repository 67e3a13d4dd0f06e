from __future__ import annotations

import os
import re
import subprocess
import sys
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
from aggregator.config.database import database_url
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
        ({"outlets": {"mid": {"aliases": "MFA"}}}, r"outlets\.mid\.aliases: expected list"),
        (
            {"outlets": {"mid": {"aliases": ["MFA", " "]}}},
            r"outlets\.mid\.aliases\[1\]: expected a name on one line",
        ),
        ({"settings": {"terms_min_z": -1.0}}, r"settings\.terms_min_z: must be at least 0"),
        ({"settings": {"terms_min_count": 0}}, r"settings\.terms_min_count: must be at least 1"),
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
    assert settings.database_url == "postgresql+psycopg://u@h/db"
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


# --- errors name the file and the line ----------------------------------------------------------

FEEDS = """\
settings:
  retries: 2
outlets:
  bbc:
    name: BBC
    languages: [en]
    feeds:
      - url: https://feeds.bbci.co.uk/news/world/rss.xml
  rt:
    languages: [en, ru]
    feeds:
      - {url: "https://www.rt.com/rss/news/", language: en}
"""


def _load(tmp_path: Path, text: str) -> object:
    path = tmp_path / "feeds.yaml"
    path.write_text(text, encoding="utf-8")
    return load_settings(path, env={})


def test_a_valid_file_still_loads(tmp_path: Path) -> None:
    settings = _load(tmp_path, FEEDS)
    assert [o.slug for o in settings.outlets] == ["bbc", "rt"]  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("edit", "pattern"),
    [
        # PyYAML alone keeps the second `bbc` and drops the first without a word
        (
            FEEDS + "  bbc:\n    name: BBC again\n",
            r":13: outlets\.bbc: duplicated key \(first given at line 4\)",
        ),
        (
            FEEDS.replace("retries: 2", "retries: 2\n  retries: 3"),
            r":3: settings\.retries: duplicated key \(first given at line 2\)",
        ),
        (
            FEEDS + "      - url: https://feeds.bbci.co.uk/news/world/rss.xml\n",
            r":13: outlets\.rt\.feeds\[1\]\.url: feed https://feeds\.bbci\.co\.uk/news/world/rss"
            r"\.xml is listed twice \(first at .*feeds\.yaml:8 outlets\.bbc\.feeds\[0\]\.url\)",
        ),
        (
            FEEDS.replace("    name: BBC", "    name: BBC\n    colour: red"),
            r":6: outlets\.bbc\.colour: unknown key; allowed: ",
        ),
        (
            FEEDS.replace("languages: [en]", "languages: [english]"),
            r":6: outlets\.bbc\.languages\[0\]: expected an ISO 639-1 language code such as 'en', "
            r"got 'english'",
        ),
        (
            FEEDS.replace("language: en}", "language: English}"),
            r":12: outlets\.rt\.feeds\[0\]\.language: expected an ISO 639-1 language code",
        ),
        (
            FEEDS.replace("[en, ru]", "[en, no]"),  # YAML 1.1 reads `no` as false
            r":10: outlets\.rt\.languages\[1\]: expected an ISO 639-1 .* got False",
        ),
        (
            FEEDS.replace("  bbc:", "  bbc: [", 1),
            r":6: not valid YAML: while parsing a flow sequence expected ',' or ']'",
        ),
    ],
)
def test_config_errors_name_the_file_and_line(tmp_path: Path, edit: str, pattern: str) -> None:
    with pytest.raises(ConfigError, match=r"^" + re.escape(str(tmp_path / "feeds.yaml")) + pattern):
        _load(tmp_path, edit)


def test_config_error_through_the_console_script_is_one_line_exit_2(tmp_path: Path) -> None:
    (tmp_path / "feeds.yaml").write_text(FEEDS + "  bbc:\n    name: again\n", encoding="utf-8")
    done = _aggregator(tmp_path, "db", "upgrade")
    assert done.returncode == 2, done.stderr
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert "feeds.yaml:13: outlets.bbc: duplicated key" in done.stderr
    assert not (tmp_path / "db.sqlite").exists()


# --- where feeds.yaml comes from: --config, then $AGGREGATOR_CONFIG, then ./feeds.yaml ---------


def test_lookup_order_config_then_environment_then_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("given", "env", "cwd"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "feeds.yaml").write_text(f"outlets:\n  {name}: {{}}\n")
    monkeypatch.chdir(tmp_path / "cwd")
    env = {"AGGREGATOR_CONFIG": str(tmp_path / "env" / "feeds.yaml")}
    assert load_settings(tmp_path / "given" / "feeds.yaml", env=env).outlets[0].slug == "given"
    assert load_settings(None, env=env).outlets[0].slug == "env"
    assert load_settings(None, env={}).outlets[0].slug == "cwd"
    monkeypatch.chdir(tmp_path)  # no ./feeds.yaml: the defaults, and a note of what was tried
    settings = load_settings(None, env={})
    assert settings.outlets == () and settings.config_missing is not None
    assert str(tmp_path / "feeds.yaml") in settings.config_missing
    with pytest.raises(ConfigError, match=r"nope\.yaml: configuration file not found \(named by "):
        load_settings(None, env={"AGGREGATOR_CONFIG": str(tmp_path / "nope.yaml")})
    with pytest.raises(ConfigError, match=r"nope\.yaml: configuration file not found \(named by "):
        load_settings(tmp_path / "nope.yaml", env={})


def _aggregator(cwd: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """The installed console script, run in ``cwd`` with a database there."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("AGGREGATOR_")}
    clean["AGGREGATOR_DATABASE_URL"] = f"sqlite:///{cwd / 'db.sqlite'}"
    exe = Path(sys.executable).parent / "aggregator"
    return subprocess.run(
        [str(exe), *args],
        cwd=cwd,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_commands_without_outlets_need_no_feeds_yaml(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus.csv"
    corpus.write_text(
        "id,url,outlet,title,text,published\n"
        "a1,https://example.org/a,bbc,Headline,Some text of the article.,2026-03-01T10:00:00Z\n",
        encoding="utf-8",
    )
    page = tmp_path / "page.html"
    page.write_text("<html><body><p>" + "word " * 100 + "</p></body></html>", encoding="utf-8")
    for args, code in [
        (("db", "upgrade"), 0),
        (("import", str(corpus)), 0),
        (("cluster",), 0),
        (("export", "articles", "--out", str(tmp_path / "a.csv")), 0),
        (("report", "--out", str(tmp_path / "report")), 0),
        (("status",), 0),
        (("extract", str(page), "--url", "https://example.org/p"), 0),
    ]:
        done = _aggregator(tmp_path, *args, AGGREGATOR_CONFIG="")
        assert done.returncode == code, (args, done.stdout, done.stderr)
        assert "configuration" not in done.stderr, args
    for args in [("ingest",), ("worker", "--until-idle")]:
        done = _aggregator(tmp_path, *args)
        assert done.returncode == 2, (args, done.stderr)
        assert done.stderr.count("\n") == 1, done.stderr
        assert f"`aggregator {args[0]}` needs the outlets of a feeds.yaml" in done.stderr
        assert "--config not given, AGGREGATOR_CONFIG not set" in done.stderr
        assert str(tmp_path / "feeds.yaml") in done.stderr


def test_console_script_takes_config_then_environment(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("outlets:\n  bbc:\n    colour: red\n")
    (tmp_path / "b.yaml").write_text("outlets:\n  rt:\n    colour: red\n")
    done = _aggregator(
        tmp_path, "--config", str(tmp_path / "a.yaml"), "status", AGGREGATOR_CONFIG="b.yaml"
    )
    assert done.returncode == 2 and "a.yaml:3: outlets.bbc.colour: unknown key" in done.stderr
    done = _aggregator(tmp_path, "status", AGGREGATOR_CONFIG="b.yaml")
    assert done.returncode == 2 and "b.yaml:3: outlets.rt.colour: unknown key" in done.stderr


# --- database URLs ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "used"),
    [
        ("postgres://u:pw@db.example/news", "postgresql+psycopg://u:pw@db.example/news"),
        ("postgresql://u@db.example:5433/news", "postgresql+psycopg://u@db.example:5433/news"),
        ("postgresql+psycopg://u@h/news", "postgresql+psycopg://u@h/news"),
        ("sqlite:///data/x.sqlite", "sqlite:///data/x.sqlite"),
        ("", "sqlite:///data/aggregator.sqlite"),
    ],
)
def test_postgres_and_postgresql_urls_get_the_installed_driver(given: str, used: str) -> None:
    assert database_url(given) == used
    assert parse_settings({}, env={"AGGREGATOR_DATABASE_URL": given}).database_url == used


@pytest.mark.parametrize(
    ("given", "message"),
    [
        (
            "postgresql+pg8000://u@h/news",
            r"the PostgreSQL driver 'pg8000' is not installed; install "
            r"the \[postgres\] extra, pip install 'aggregator\[postgres\]'",
        ),
        ("mysql://u@h/news", r"'mysql' databases are not supported; use sqlite:///PATH or "),
        ("data/news.sqlite", r"not a database URL: 'data/news.sqlite'"),
    ],
)
def test_unusable_database_urls_are_config_errors(given: str, message: str) -> None:
    with pytest.raises(ConfigError, match=r"^AGGREGATOR_DATABASE_URL: " + message):
        database_url(given)


def test_postgres_url_without_its_driver_names_the_extra_exit_2(tmp_path: Path) -> None:
    # the real console entry point in an interpreter where psycopg (and psycopg2) cannot be imported
    code = (
        "import sys\n"
        "sys.modules['psycopg'] = sys.modules['psycopg2'] = None\n"
        "sys.argv = ['aggregator', 'status']\n"
        "from aggregator.cli import main\n"
        "main()\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("AGGREGATOR_")}
    env["AGGREGATOR_DATABASE_URL"] = "postgres://news@127.0.0.1:1/news"
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert done.returncode == 2, done.stderr
    assert done.stderr == (
        "aggregator: configuration error: AGGREGATOR_DATABASE_URL: no PostgreSQL driver is "
        "installed; install the [postgres] extra: pip install 'aggregator[postgres]' (psycopg 3)\n"
    )
