"""The command-line contract: exit codes, one-line errors, --help with examples."""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from aggregator.cli import cli
from aggregator.pipeline.locks import job_lock
from aggregator.pipeline.status import NOTHING_YET
from tests.support.http import serve
from tests.support.pipeline import feed, rss

REPO = Path(__file__).resolve().parent.parent
COMMANDS = [
    "db upgrade",
    "ingest",
    "import",
    "extract",
    "cluster",
    "export",
    "report",
    "status",
    "worker",
]


# a feed the commands that fail before fetching never ask for; the others get `rss_url`
UNFETCHED = "http://127.0.0.1:9/never-fetched.xml"


@pytest.fixture(scope="module")
def rss_url() -> Iterator[str]:
    """A feed with no entries, served on 127.0.0.1: an ingest of it is ``ok``."""
    with serve({"/rss": feed(rss([]))}) as srv:
        yield srv.url("/rss")


def _env(tmp_path: Path, db_url: str | None = None, feed_url: str = UNFETCHED) -> dict[str, str]:
    config = tmp_path / "feeds.yaml"
    if not config.exists():
        config.write_text(
            "settings:\n"
            f"  lock_dir: {tmp_path / 'locks'}\n"
            f"  archive_dir: {tmp_path / 'warc'}\n"
            f"outlets:\n  bbc:\n    allow_private: true\n    feeds: [{{url: '{feed_url}'}}]\n",
            encoding="utf-8",
        )
    return {
        "AGGREGATOR_DATABASE_URL": db_url or f"sqlite:///{tmp_path / 'cli.sqlite'}",
        "AGGREGATOR_CONFIG": str(config),
    }


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(command: str) -> None:
    result = CliRunner().invoke(cli, [*command.split(), "--help"])
    assert result.exit_code == 0, result.output
    assert "Example" in result.output


def test_readme_lists_every_command() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for command in COMMANDS:
        assert f"`aggregator {command}" in readme, command


def test_bad_configuration_exits_2_with_one_line(tmp_path: Path) -> None:
    config = tmp_path / "feeds.yaml"
    config.write_text("outlets:\n  bbc:\n    fedds: []\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["ingest"], env={"AGGREGATOR_CONFIG": str(config)})
    assert result.exit_code == 2
    assert "outlets.bbc.fedds: unknown key" in result.output
    assert "Traceback" not in result.output


def test_schema_missing_tells_to_upgrade_then_upgrade_works(tmp_path: Path) -> None:
    env = _env(tmp_path)
    runner = CliRunner()
    result = runner.invoke(cli, ["status"], env=env)
    assert result.exit_code == 2 and "no database at" in result.output  # and no file made
    assert not (tmp_path / "cli.sqlite").exists()
    assert runner.invoke(cli, ["db", "upgrade"], env=env).exit_code == 0
    status = runner.invoke(cli, ["status", "--format", "json"], env=env)
    # the schema is there; nothing was ever fetched, which is all that needs attention
    assert status.exit_code == 1, status.output
    assert json.loads(status.output)["attention"] == [NOTHING_YET]


def test_unknown_outlet_is_a_usage_error(tmp_path: Path) -> None:
    env = _env(tmp_path)
    runner = CliRunner()
    runner.invoke(cli, ["db", "upgrade"], env=env)
    result = runner.invoke(cli, ["ingest", "--outlet", "nope"], env=env)
    assert result.exit_code == 2
    assert "unknown outlet nope" in result.output


def test_second_ingest_exits_75_while_the_lock_is_held(tmp_path: Path, rss_url: str) -> None:
    env = _env(tmp_path, feed_url=rss_url)
    runner = CliRunner()
    runner.invoke(cli, ["db", "upgrade"], env=env)
    with job_lock(tmp_path / "locks", "ingest"):
        result = runner.invoke(cli, ["ingest"], env=env)
    assert result.exit_code == 75
    assert "another ingest run holds" in result.output
    assert runner.invoke(cli, ["ingest"], env=env).exit_code == 0


def test_lock_of_a_killed_process_is_taken_over(tmp_path: Path) -> None:
    code = (
        "import sys, time; from pathlib import Path\n"
        "from aggregator.pipeline.locks import job_lock\n"
        f"with job_lock(Path({str(tmp_path)!r}), 'ingest'):\n"
        "    print('held', flush=True); time.sleep(60)\n"
    )
    with subprocess.Popen(
        [sys.executable, "-c", code], stdout=subprocess.PIPE, text=True
    ) as holder:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        from aggregator.errors import LockHeldError

        with pytest.raises(LockHeldError), job_lock(tmp_path, "ingest"):
            pass
        holder.kill()
        holder.wait(timeout=10)
        with job_lock(tmp_path, "ingest") as path:
            assert path.read_text() == str(os.getpid())


def test_export_rejects_unknown_kind_listing_the_allowed(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["export", "nonsense", "--out", str(tmp_path / "x.csv")], env=_env(tmp_path)
    )
    assert result.exit_code == 2
    assert "articles" in result.output


def test_export_rejects_bad_since(tmp_path: Path) -> None:
    env = _env(tmp_path)
    CliRunner().invoke(cli, ["db", "upgrade"], env=env)
    result = CliRunner().invoke(
        cli,
        ["export", "articles", "--out", str(tmp_path / "x.csv"), "--since", "last tuesday"],
        env=env,
    )
    assert result.exit_code == 2
    assert "ISO 8601" in result.output


@pytest.mark.parametrize("command", ["export", "report", "cluster"])
def test_a_swapped_since_and_until_is_a_usage_error_not_an_empty_file(
    tmp_path: Path, command: str
) -> None:
    """`export articles --since 2026-03-10 --until 2026-03-05` wrote a header-only file, exit 0."""
    env = _with_articles(tmp_path)
    out = tmp_path / "x.csv"
    args = {
        "export": ["export", "articles", "--out", str(out)],
        "report": ["report", "--out", str(tmp_path / "report")],
        "cluster": ["cluster", "--rebuild"],
    }[command]
    for since, until in (("2026-03-10", "2026-03-05"), ("2026-03-02", "2026-03-02")):
        result = CliRunner().invoke(cli, [*args, "--since", since, "--until", until], env=env)
        assert result.exit_code == 2, result.output
        assert f"{until} is not after --since {since}: the period is empty" in result.output
        assert not out.exists() and not (tmp_path / "report").exists()
    good = ["--since", "2026-03-01", "--until", "2026-03-03"]
    assert CliRunner().invoke(cli, [*args, *good], env=env).exit_code == 0


def test_config_may_follow_the_command(tmp_path: Path, rss_url: str) -> None:
    """`aggregator ingest --config feeds.yaml` said "No such option '--config'"."""
    env = _env(tmp_path, feed_url=rss_url)
    config = env.pop("AGGREGATOR_CONFIG")
    runner = CliRunner()
    assert runner.invoke(cli, ["db", "upgrade", "--config", config], env=env).exit_code == 0
    for args in (
        ["ingest", "--config", config],
        ["ingest", f"--config={config}", "--outlet", "bbc"],
        ["--config", config, "ingest"],
        ["ingest", "--outlet", "bbc", "--config", config],
    ):
        result = runner.invoke(cli, args, env=env)
        assert result.exit_code == 0, (args, result.output)
        assert "ingest: ok" in result.output
    missing = runner.invoke(cli, ["ingest", "--config", str(tmp_path / "none.yaml")], env=env)
    assert missing.exit_code == 2 and "none.yaml" in missing.output
    assert "requires an argument" in runner.invoke(cli, ["ingest", "--config"], env=env).output


def test_a_database_behind_or_ahead_of_the_code_says_so_in_one_line(tmp_path: Path) -> None:
    """The package upgraded, `db upgrade` not run: every command died with a traceback ending
    in 'no such column: feeds.removed_at' (exit 1)."""
    env = _env(tmp_path)
    runner = CliRunner()
    assert runner.invoke(cli, ["db", "upgrade", "--revision", "0005"], env=env).exit_code == 0
    for args in (["status"], ["ingest"], ["export", "articles", "--out", "-"], ["cluster"]):
        result = runner.invoke(cli, args, env=env)
        assert result.exit_code == 2, (args, result.output)
        assert "is at schema revision 0005; this aggregator needs " in result.output
        assert "run `aggregator db upgrade`" in result.output and "Traceback" not in result.output
    assert runner.invoke(cli, ["db", "upgrade"], env=env).exit_code == 0
    upgraded = runner.invoke(cli, ["status"], env=env)  # works: it only says nothing ran yet
    assert upgraded.exit_code == 1 and NOTHING_YET in upgraded.output, upgraded.output
    with sqlite3.connect(tmp_path / "cli.sqlite") as db:  # as a newer release would leave it
        db.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    result = runner.invoke(cli, ["status"], env=env)
    assert result.exit_code == 2
    assert "revision 9999_from_the_future, which this aggregator does not know" in result.output


def test_console_script_runs_in_a_subprocess(tmp_path: Path) -> None:
    exe = Path(sys.executable).parent / "aggregator"
    env = {**os.environ, **_env(tmp_path)}
    done = subprocess.run(
        [str(exe), "db", "upgrade"], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    done = subprocess.run([str(exe), "--version"], capture_output=True, text=True, timeout=60)
    assert re.search(r"aggregator, version \d+\.\d+", done.stdout)


def _with_articles(tmp_path: Path) -> dict[str, str]:
    """A migrated database holding two imported articles (outlets guardian and rt)."""
    env = _env(tmp_path)
    runner = CliRunner()
    assert runner.invoke(cli, ["db", "upgrade"], env=env).exit_code == 0
    corpus = tmp_path / "corpus.jsonl"
    rows = [
        {"id": "g1", "outlet": "guardian", "title": "Grain talks", "text": "Ministers met.",
         "published": "2026-03-02T09:30:00Z"},
        {"id": "r1", "outlet": "rt", "title": "Grain deal", "text": "Moscow says fair.",
         "published": "2026-03-02T10:30:00Z"},
    ]  # fmt: skip
    corpus.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    result = runner.invoke(cli, ["import", str(corpus)], env=env)
    assert result.exit_code == 0, result.output
    return env


def test_export_to_dash_writes_standard_output_and_no_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    env = _with_articles(tmp_path)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(
        cli, ["export", "articles", "--format", "jsonl", "--out", "-"], env=env
    )
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert {r["external_id"] for r in records} == {"g1", "r1"}
    assert "2 rows" in result.stderr
    assert not (tmp_path / "-").exists()


def test_export_summary_counts_one_row_in_the_singular(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    env = _with_articles(tmp_path)
    monkeypatch.chdir(tmp_path)
    args = ["export", "articles", "--format", "jsonl", "--outlet", "rt", "--out", "-"]
    result = CliRunner().invoke(cli, args, env=env)
    assert result.exit_code == 0, result.output
    assert [json.loads(line)["external_id"] for line in result.stdout.splitlines()] == ["r1"]
    assert "export articles: 1 row -> -" in result.stderr


def test_verbose_shows_our_steps_not_the_migration_tool_set_up(tmp_path: Path) -> None:
    # `-v` printed seven "alembic.runtime.plugins: setup plugin …" lines before anything of ours
    env = {**os.environ, **_env(tmp_path), "PYTHONPATH": str(REPO)}
    assert CliRunner().invoke(cli, ["db", "upgrade"], env=env).exit_code == 0
    done = subprocess.run(
        [sys.executable, "-m", "aggregator", "-v", "cluster"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "alembic" not in done.stderr, done.stderr
    assert "INFO aggregator." in done.stderr  # -v still shows the run's own steps


def test_export_to_dash_through_the_console_script(tmp_path: Path) -> None:
    env = {**os.environ, **_with_articles(tmp_path)}
    exe = Path(sys.executable).parent / "aggregator"
    done = subprocess.run(
        [str(exe), "export", "articles", "--out", "-", "--excel"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(b"\xef\xbb\xbfarticle_id,external_id,")
    assert done.stdout.count(b"\r\n") == 3
    assert b"2 rows" in done.stderr
    assert not (tmp_path / "-").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["export", "articles", "--outlet", "guardain"], "unknown outlet guardain"),
        (["export", "comparison", "--event", "e999"], "unknown event e999"),
        (["report", "--outlet", "guardain"], "unknown outlet guardain"),
    ],
)
def test_unknown_outlet_or_event_filter_is_exit_2_listing_the_known(
    tmp_path: Path, args: list[str], message: str
) -> None:
    env = _with_articles(tmp_path)
    out = tmp_path / ("report" if args[0] == "report" else "x.csv")
    result = CliRunner().invoke(cli, [*args, "--out", str(out)], env=env)
    assert result.exit_code == 2, result.output
    assert message in result.output
    if "outlet" in message:
        assert "known outlets: guardian, rt" in result.output
    assert "Traceback" not in result.output
    assert not out.exists()


def test_excel_applies_to_csv_only(tmp_path: Path) -> None:
    env = _with_articles(tmp_path)
    result = CliRunner().invoke(
        cli,
        ["export", "articles", "--format", "jsonl", "--excel", "--out", str(tmp_path / "x")],
        env=env,
    )
    assert result.exit_code == 2 and "--excel" in result.output


@pytest.mark.parametrize(
    ("kind", "option"),
    [
        ("articles", ["--all-versions"]),
        ("revisions", ["--all-versions"]),
        ("articles", ["--terms-min-z", "3"]),
        ("quotes", ["--terms-min-count", "5"]),
    ],
)
def test_an_option_the_kind_has_no_use_for_is_a_usage_error(
    tmp_path: Path, kind: str, option: list[str]
) -> None:
    # `export articles --all-versions` wrote the current versions only, without a word
    env = _with_articles(tmp_path)
    out = tmp_path / "x.csv"
    result = CliRunner().invoke(cli, ["export", kind, *option, "--out", str(out)], env=env)
    assert result.exit_code == 2, result.output
    assert option[0] in result.output and f"not {kind}" in result.output
    assert not out.exists()
    for fine, more in (("texts", ["--all-versions"]), ("terms", ["--terms-min-z", "3"])):
        done = CliRunner().invoke(cli, ["export", fine, *more, "--out", str(out)], env=env)
        assert done.exit_code == 0, done.output


FIXTURES = REPO / "tests" / "fixtures" / "extract"
GUARDIAN_URL = (
    "https://www.theguardian.com/environment/2024/mar/05/harbour-town-sea-wall-recycled-stone"
)
RT_URL = "https://www.rt.com/news/512345-grain-corridor-talks-istanbul/"


def _extracted(output: str) -> dict[str, dict[str, object]]:
    records = [json.loads(line) for line in output.splitlines()]
    return {Path(str(r["file"])).name: r for r in records}


def test_extract_several_pages_without_url_takes_each_pages_own_url() -> None:
    guardian, rt = FIXTURES / "guardian_dcr.html", FIXTURES / "rt_article.html"
    result = CliRunner().invoke(cli, ["extract", str(guardian), str(rt)])
    assert result.exit_code == 0, result.output
    pages = _extracted(result.stdout)
    assert pages["guardian_dcr.html"]["url"] == GUARDIAN_URL
    assert pages["guardian_dcr.html"]["method"] == "site:guardian"
    assert pages["rt_article.html"]["url"] == RT_URL
    assert pages["rt_article.html"]["method"] == "site:rt"


def test_extract_never_applies_one_url_to_several_files() -> None:
    guardian, rt = FIXTURES / "guardian_dcr.html", FIXTURES / "rt_article.html"
    result = CliRunner().invoke(cli, ["extract", str(guardian), str(rt), "--url", RT_URL])
    assert result.exit_code == 2
    assert "--url applies to exactly one FILE" in result.output
    assert "Traceback" not in result.output


def test_extract_reads_a_manifest_of_files_and_urls(tmp_path: Path) -> None:
    manifest = tmp_path / "pages.jsonl"
    manifest.write_text(
        json.dumps({"file": str(FIXTURES / "rt_article.html"), "url": RT_URL + "?utm=x"})
        + "\n"
        + json.dumps({"file": str(FIXTURES / "guardian_dcr.html"), "url": GUARDIAN_URL})
        + "\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["extract", "--manifest", str(manifest)])
    assert result.exit_code == 0, result.output
    pages = _extracted(result.stdout)
    assert pages["rt_article.html"]["url"] == RT_URL + "?utm=x"
    assert pages["guardian_dcr.html"]["method"] == "site:guardian"
    manifest.write_text('{"file": "a.html"}\n', encoding="utf-8")
    bad = CliRunner().invoke(cli, ["extract", "--manifest", str(manifest)])
    assert bad.exit_code == 2 and "pages.jsonl:1:" in bad.output


def test_extract_page_without_its_own_url_says_to_give_one(tmp_path: Path) -> None:
    page = tmp_path / "bare.html"
    page.write_text("<html><body><p>" + "word " * 200 + "</p></body></html>", encoding="utf-8")
    result = CliRunner().invoke(cli, ["extract", str(page)])
    assert result.exit_code == 1
    record = json.loads(result.stdout)
    assert record["error"] == "no_url" and "--url" in str(record["message"])


def test_extract_file_that_is_no_page_says_so_without_asking_for_a_url(tmp_path: Path) -> None:
    # saved/* caught a PDF: giving it a --url would not help, so the error is what it is
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(b"%PDF-1.4 binary")
    result = CliRunner().invoke(cli, ["extract", str(pdf)])
    assert result.exit_code == 1
    record = json.loads(result.stdout)
    assert record["error"] == "not_html", record
    assert record["message"] == f"page {pdf}: not an HTML page [not_html]; skipped"


def test_extract_of_a_page_too_short_is_a_failure_said_on_stderr(tmp_path: Path) -> None:
    page = tmp_path / "stub.html"
    words = "Only a few words are left on this stub of a page today."
    page.write_text(f"<html><body><article><p>{words}</p></article></body></html>")
    result = CliRunner().invoke(cli, ["extract", str(page), "--url", "https://example.org/a"])
    assert result.exit_code == 1, result.output
    (line,) = result.stderr.splitlines()
    assert line == f"aggregator: {page}: too short: 13 words < min_words 80"
    record = json.loads(result.stdout)  # the short text is still shown, marked
    assert record["error"] == "too_short" and record["word_count"] == 13
    assert record["text"] == words
    # long enough under a lower threshold: a success, nothing on stderr
    done = CliRunner().invoke(
        cli, ["extract", str(page), "--url", "https://example.org/a", "--min-words", "13"]
    )
    assert done.exit_code == 0 and done.stderr == "", done.output
    assert "error" not in json.loads(done.stdout)


def test_extract_of_several_pages_names_each_failure_on_stderr(tmp_path: Path) -> None:
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(b"%PDF-1.4 binary")
    guardian = FIXTURES / "guardian_dcr.html"
    result = CliRunner().invoke(cli, ["extract", str(guardian), str(pdf)])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"aggregator: page {pdf}: not an HTML page [not_html]; skipped"
    ]
    pages = _extracted(result.stdout)
    assert "error" not in pages["guardian_dcr.html"]


def test_extract_parses_each_page_once(monkeypatch: pytest.MonkeyPatch) -> None:
    # a page without a given URL: its own URL and its extraction come from one parse
    import aggregator.parse.page as page_module

    calls: list[str] = []
    real = page_module._parse

    def counting(text: str, url: str) -> object:
        calls.append(url)
        return real(text, url)

    monkeypatch.setattr(page_module, "_parse", counting)
    result = CliRunner().invoke(cli, ["extract", str(FIXTURES / "guardian_dcr.html")])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["method"] == "site:guardian"
    assert len(calls) == 1


def test_extract_command_does_not_load_the_database_layer() -> None:
    # `aggregator extract` on a few pages was dominated by importing every job and SQLAlchemy;
    # then by the settings (YAML) and tldextract (only registrable_domain needs it): none of
    # them serves extraction
    code = (
        "import sys, aggregator.cli, aggregator.pipeline.extract;"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'sqlalchemy', 'alembic', 'yaml',"
        " 'tldextract'} | {m for m in sys.modules if m == 'aggregator.config'}))"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"


def test_cluster_explain_with_rebuild_is_a_usage_error(tmp_path: Path) -> None:
    # the explanation was printed and the rebuild silently not done
    env = _env(tmp_path)
    runner = CliRunner()
    assert runner.invoke(cli, ["db", "upgrade"], env=env).exit_code == 0
    result = runner.invoke(cli, ["cluster", "--rebuild", "--explain", "1"], env=env)
    assert result.exit_code == 2 and "--rebuild" in result.output, result.output
    assert "--explain" in result.output


def test_cluster_explain_prints_thresholds_and_parts_that_add_up(tmp_path: Path) -> None:
    from tests.pipeline.test_cluster import STORIES

    env = _env(tmp_path)
    runner = CliRunner()
    assert runner.invoke(cli, ["db", "upgrade"], env=env).exit_code == 0
    corpus = tmp_path / "stories.jsonl"
    corpus.write_text(
        "".join(
            json.dumps({"id": i, "outlet": o, "published": p, "title": t, "text": x}) + "\n"
            for i, o, p, _, t, x in STORIES
        ),
        encoding="utf-8",
    )
    assert runner.invoke(cli, ["import", str(corpus)], env=env).exit_code == 0
    assert runner.invoke(cli, ["cluster"], env=env).exit_code == 0
    exported = runner.invoke(
        cli, ["export", "articles", "--format", "jsonl", "--out", "-"], env=env
    )
    ids = {r["external_id"]: r["article_id"] for r in map(json.loads, exported.stdout.splitlines())}

    result = runner.invoke(cli, ["cluster", "--explain", str(ids["b1"])], env=env)
    assert result.exit_code == 0, result.output
    assert re.search(
        r"thresholds: join_threshold 0\.\d{4}; join_links \d+ at merge_threshold", result.output
    )
    parts = re.findall(
        r"linkage (\d\.\d{4}) = terms (\d\.\d{4}) \+ embedding (\d\.\d{4})", result.output
    )
    merges = re.findall(
        r"merge weight (\d\.\d{4}) = linkage (\d\.\d{4}) \+ margin (-?\d\.\d{4})", result.output
    )
    assert parts and len(parts) == len(merges)
    assert any(float(total) > 0 for total, _, _ in parts)
    for total, terms, embedding in parts:
        assert abs(float(total) - float(terms) - float(embedding)) <= 1.5e-4
    for (weight, linkage, margin), (total, _, _) in zip(merges, parts, strict=True):
        assert linkage == total
        assert abs(float(weight) - float(linkage) - float(margin)) <= 1.5e-4
    assert "decision: " in result.output

    # an id that names no article is a usage error (exit 2), as an unknown --event is
    missing = runner.invoke(cli, ["cluster", "--explain", "99999"], env=env)
    assert missing.exit_code == 2, missing.output
    assert "article 99999 not found or has no text" in missing.output
    assert "Traceback" not in missing.output


def test_export_to_dev_stdout_redirected_to_a_file_fills_the_file(tmp_path: Path) -> None:
    env = {**os.environ, **_with_articles(tmp_path)}
    exe = Path(sys.executable).parent / "aggregator"
    target = tmp_path / "redirected.csv"
    with target.open("wb") as handle:
        done = subprocess.run(
            [str(exe), "export", "articles", "--out", "/dev/stdout"],
            env=env,
            stdout=handle,
            stderr=subprocess.PIPE,
            timeout=120,
        )
    assert done.returncode == 0, done.stderr
    assert target.read_bytes().startswith(b"article_id,external_id,")
    assert Path("/dev/stdout").is_symlink() or Path("/dev/stdout").is_char_device()


@pytest.mark.parametrize(
    ("outlets", "args", "said"),
    [
        # every outlet or feed switched off: the run fetched nothing and said `ingest: ok`
        (
            "  bbc:\n    enabled: false\n    feeds: [{url: 'http://127.0.0.1:9/a'}]\n"
            "  rt:\n    feeds: [{url: 'http://127.0.0.1:9/b', enabled: false}]\n",
            ["ingest"],
            "nothing was ingested: no feed is enabled in {config} (",
        ),
        ("  bbc:\n    feeds: []\n", ["worker", "--until-idle"], "no feed is enabled in {config}"),
        ("  {}\n", ["ingest"], "nothing was ingested: {config} lists no outlet"),
        (
            "  bbc:\n    enabled: false\n    feeds: [{url: 'http://127.0.0.1:9/a'}]\n"
            "  rt:\n    feeds: [{url: 'http://127.0.0.1:9/b'}]\n",
            ["ingest", "--outlet", "bbc"],
            "nothing was ingested: --outlet bbc has no enabled feed in {config} (bbc: disabled)",
        ),
    ],
)
def test_ingest_with_no_enabled_feed_is_a_configuration_error(
    tmp_path: Path, outlets: str, args: list[str], said: str
) -> None:
    config = tmp_path / "feeds.yaml"
    config.write_text(f"outlets:\n{outlets}", encoding="utf-8")
    env = _env(tmp_path)
    runner = CliRunner()
    assert runner.invoke(cli, ["db", "upgrade"], env=env).exit_code == 0
    result = runner.invoke(cli, args, env=env)
    assert result.exit_code == 2, result.output
    assert said.format(config=config) in result.output
    assert "ok" not in result.output.split() and "Traceback" not in result.output
    # no run was recorded ok: status still says nothing was ever fetched
    status = runner.invoke(cli, ["status", "--format", "json"], env=env)
    assert json.loads(status.output)["attention"] == [NOTHING_YET]


def test_cluster_with_nothing_new_says_articles_0(tmp_path: Path) -> None:
    """A second cluster run printed `cluster: ok deleted_events=0 events=1 moved=0 …`: no word
    of how many articles it took, where a run with work says articles=2."""
    env = _with_articles(tmp_path)
    runner = CliRunner()
    first = runner.invoke(cli, ["cluster"], env=env)
    again = runner.invoke(cli, ["cluster"], env=env)
    assert first.exit_code == 0 and " articles=2 " in first.output, first.output
    assert again.exit_code == 0 and again.output.startswith("cluster: ok articles=0 ")


@pytest.mark.parametrize(
    "args",
    [
        ["worker", "--until-idle", "--poll", "-1"],
        ["ingest", "--wait", "-3"],
        ["cluster", "--wait", "-3"],
    ],
)
def test_a_negative_number_of_seconds_is_a_usage_error(tmp_path: Path, args: list[str]) -> None:
    """`worker --poll -1` died with a traceback when it first slept ('sleep length must be
    non-negative'); `--wait -3` was taken as 0 without a word."""
    env = _env(tmp_path)
    result = CliRunner().invoke(cli, args, env=env)
    assert result.exit_code == 2, result.output
    assert (
        f"Invalid value for '{args[-2]}': {float(args[-1])} is not in the range x>=0"
        in result.output
    )
