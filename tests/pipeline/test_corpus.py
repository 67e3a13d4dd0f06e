"""`aggregator import` on both databases: derived outlet slugs, duplicate ids, re-imports,
spreadsheet-saved CSV, batching and progress."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from aggregator.cli import cli
from aggregator.config import Settings, parse_settings
from aggregator.pipeline import run_import
from aggregator.store.models import Article, ArticleVersion, Outlet
from aggregator.store.session import make_engine


def _settings(db_url: str, outlets: dict[str, Any] | None = None) -> Settings:
    return parse_settings(outlets or {}, env={"AGGREGATOR_DATABASE_URL": db_url})


def _jsonl(path: Path, rows: list[dict[str, str]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def _row(id_: str, text: str, outlet: str = "bbc", **extra: str) -> dict[str, str]:
    return {"id": id_, "outlet": outlet, "title": f"T {id_}", "text": text, "published": ""} | extra


def _articles(db_url: str) -> dict[tuple[str, str], tuple[int, int, str]]:
    """(outlet slug, external id) -> (version rows, version_count, current text)."""
    engine = make_engine(db_url)
    try:
        with engine.connect() as conn:
            versions = (
                select(func.count())
                .select_from(ArticleVersion)
                .where(ArticleVersion.article_id == Article.id)
                .scalar_subquery()
            )
            current = (
                select(ArticleVersion.text)
                .where(ArticleVersion.id == Article.current_version_id)
                .scalar_subquery()
            )
            rows = conn.execute(
                select(
                    Outlet.slug, Article.external_id, versions, Article.version_count, current
                ).join(Outlet, Outlet.id == Article.outlet_id)
            ).all()
    finally:
        engine.dispose()
    return {(r[0], r[1]): (r[2], r[3], r[4]) for r in rows}


def test_outlet_domain_and_name_are_stored_as_derived_slugs(db_url: str, tmp_path: Path) -> None:
    corpus = _jsonl(
        tmp_path / "c.jsonl",
        [
            _row("1", "a", outlet="politico.com"),
            _row("2", "b", outlet="https://www.politico.com"),
            _row("3", "c", outlet="The Hill"),
            _row("4", "d", outlet="guardian"),
            _row("5", "e", outlet="The Guardian"),
        ],
    )
    settings = _settings(
        db_url,
        {
            "outlets": {
                "guardian": {
                    "name": "The Guardian",
                    "feeds": [{"url": "https://www.theguardian.com/world/rss"}],
                }
            }
        },
    )
    summary = run_import(settings, corpus)
    assert summary.ok, summary.failures
    assert summary.counts["imported"] == 5
    assert summary.outlets == (
        "'The Guardian' -> guardian (1 row)",
        "'The Hill' -> the-hill (1 row)",
        "'https://www.politico.com' -> politico (1 row)",
        "'politico.com' -> politico (1 row)",
    )
    stored = _articles(db_url)
    assert set(stored) == {
        ("politico", "1"),
        ("politico", "2"),
        ("the-hill", "3"),
        ("guardian", "4"),
        ("guardian", "5"),
    }
    engine = make_engine(db_url)
    with engine.connect() as conn:
        names = dict(conn.execute(select(Outlet.slug, Outlet.name)).all())
    engine.dispose()
    assert names["the-hill"] == "The Hill"
    assert names["politico"] == "politico.com"


def test_duplicate_ids_are_skipped_rows_and_make_no_false_revision(
    db_url: str, tmp_path: Path
) -> None:
    corpus = _jsonl(
        tmp_path / "c.jsonl",
        [_row("a", "first text"), _row("b", "other"), _row("a", "second text")],
    )
    summary = run_import(_settings(db_url), corpus)
    assert not summary.ok
    assert summary.counts["imported"] == 2
    assert summary.counts["bad_rows"] == 1
    assert summary.failures == (
        f"{corpus}:3: duplicate id 'a' of outlet 'bbc' (first on line 1); skipped",
    )
    assert _articles(db_url)[("bbc", "a")] == (1, 1, "first text")


def test_reimport_with_changed_text_is_a_new_version_and_same_text_is_nothing(
    db_url: str, tmp_path: Path
) -> None:
    settings = _settings(db_url)
    first = _jsonl(tmp_path / "v1.jsonl", [_row("a", "one"), _row("b", "two")])
    assert run_import(settings, first).counts == {"imported": 2}

    same = run_import(settings, first)
    assert same.counts == {"unchanged": 2}
    assert _articles(db_url)[("bbc", "a")] == (1, 1, "one")

    changed = _jsonl(tmp_path / "v2.jsonl", [_row("a", "one, corrected"), _row("b", "two")])
    summary = run_import(settings, changed)
    assert summary.ok
    assert summary.counts == {"new_versions": 1, "unchanged": 1}
    stored = _articles(db_url)
    assert stored[("bbc", "a")] == (2, 2, "one, corrected")
    assert stored[("bbc", "b")] == (1, 1, "two")

    assert run_import(settings, changed).counts == {"unchanged": 2}
    assert _articles(db_url)[("bbc", "a")] == (2, 2, "one, corrected")


def test_import_reports_progress_and_loads_many_rows_in_batches(
    db_url: str, tmp_path: Path
) -> None:
    rows = [
        _row(str(i), f"text {i}", outlet=("bbc", "rt", "politico.com")[i % 3]) for i in range(1234)
    ]
    rows[100]["url"] = "https://news.example/100"
    corpus = _jsonl(tmp_path / "c.jsonl", rows)
    seen: list[tuple[str, int, int]] = []
    summary = run_import(_settings(db_url), corpus, progress=lambda *a: seen.append(a))
    assert summary.ok and summary.counts == {"imported": 1234}
    assert seen[-1] == ("rows", 1234, 1234)
    assert len(seen) >= 3
    stored = _articles(db_url)
    assert len(stored) == 1234
    assert stored[("politico", "2")] == (1, 1, "text 2")


def test_console_script_reads_a_semicolon_csv_and_shows_derived_outlets(
    db_url: str, tmp_path: Path
) -> None:
    corpus = tmp_path / "excel.csv"
    text = (
        "id;url;outlet;title;text;published\r\n"
        '1;;politico.com;Zölle;"Text; with semicolon";2026-03-03\r\n'
        "2;;The Hill;Vote;Text;2026-03-03\r\n"
    )
    corpus.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    script = Path(sys.executable).with_name("aggregator")
    env = dict(os.environ, AGGREGATOR_DATABASE_URL=db_url)
    done = subprocess.run(
        [str(script), "import", str(corpus)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert "import: ok imported=2" in done.stdout
    assert "outlet 'politico.com' -> politico (1 row)" in done.stdout
    assert "outlet 'The Hill' -> the-hill (1 row)" in done.stdout
    assert done.stderr == ""
    assert set(_articles(db_url)) == {("politico", "1"), ("the-hill", "2")}


@pytest.mark.parametrize(
    ("name", "content", "said"),
    [
        ("corpus.jsonl", "", "{file}: no rows to import (the file is empty, or a header alone)"),
        ("corpus.csv", "id,url,outlet,title,text,published\r\n", "{file}: no rows to import"),
        ("corpus.csv", "", "{file}:1: header lacks id, outlet, text"),
        ("corpus.csv", "# my notes\n", "{file}:1: header lacks id, outlet, text"),
    ],
)
def test_a_file_with_nothing_to_import_is_a_failed_run(
    db_url: str, tmp_path: Path, name: str, content: str, said: str
) -> None:
    """An empty file, or a header alone, printed `import: ok` (exit 0), as if a corpus were in;
    a file whose every row is refused was `partial`, the state of a run that stored some."""
    corpus = tmp_path / name
    corpus.write_text(content, encoding="utf-8")
    env = {"AGGREGATOR_DATABASE_URL": db_url}
    done = CliRunner().invoke(cli, ["import", str(corpus)], env=env)
    assert done.exit_code == 1, done.output
    assert done.stdout.startswith("import: failed (1 failure)")
    assert said.format(file=corpus) in done.stderr
    report = json.loads(CliRunner().invoke(cli, ["status", "--format", "json"], env=env).stdout)
    assert [(r["job"], r["status"]) for r in report["runs"]] == [("import", "failed")]
