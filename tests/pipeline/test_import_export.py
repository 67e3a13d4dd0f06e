"""`aggregator import` and `aggregator export articles` on both databases."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from aggregator.config import parse_settings
from aggregator.output.export import ExportError, neutralise
from aggregator.pipeline import run_export, run_import
from aggregator.pipeline.cluster import run_cluster

ROWS = [
    {
        "id": "g-1",
        "url": "https://www.theguardian.com/world/2026/mar/02/grain",
        "outlet": "guardian",
        "title": "Grain talks resume",
        "text": "Ministers met.\n\nThey agreed on inspections.",
        "published": "2026-03-02T09:30:00+01:00",
        "language": "en",
    },
    {
        "id": "r-7",
        "outlet": "rt",
        "title": '=HYPERLINK("http://evil")',
        "text": "Moscow says the deal is fair.",
        "published": "2026-03-02",
    },
    {
        "id": "n-1",
        "outlet": "newoutlet",
        "title": "Imported without URL",
        "text": "Some text here.",
        "published": "2026-03-03T10:00:00Z",
    },
]


def _settings(db_url: str):  # type: ignore[no-untyped-def]
    return parse_settings({}, env={"AGGREGATOR_DATABASE_URL": db_url})


def _write_jsonl(path: Path, rows: list[dict[str, str]], extra: list[str] = ()) -> Path:  # type: ignore[assignment]
    lines = [json.dumps(r) for r in rows] + list(extra)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_import_twice_changes_nothing_and_bad_rows_name_their_line(
    db_url: str, tmp_path: Path
) -> None:
    settings = _settings(db_url)
    corpus = _write_jsonl(
        tmp_path / "corpus.jsonl",
        ROWS,
        extra=[
            '{"id": "x", "outlet": "bbc"}',
            "not json",
            '{"id": "y", "outlet": "bbc", "title": "t", "text": "t", "published": "yesterday"}',
        ],
    )
    first = run_import(settings, corpus)
    assert first.counts["imported"] == 3
    assert first.counts["bad_rows"] == 3
    assert any(":4: missing text" in f for f in first.failures)
    assert any(":5: not valid JSON" in f for f in first.failures)
    assert any(":6: published 'yesterday'" in f for f in first.failures)
    second = run_import(settings, corpus)
    assert second.counts.get("imported", 0) == 0
    assert second.counts["unchanged"] == 3

    out = tmp_path / "articles.csv"
    assert run_export(settings, "articles", fmt="csv", out=out) == 3
    with out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    by_ext = {r["external_id"]: r for r in rows}
    assert set(by_ext) == {"g-1", "r-7", "n-1"}
    assert by_ext["g-1"]["published"] == "2026-03-02T08:30:00Z"
    assert by_ext["g-1"]["lede"] == "Ministers met."
    assert by_ext["r-7"]["title"].startswith("'=")  # formula neutralised
    assert by_ext["n-1"]["outlet"] == "newoutlet"  # unknown outlet created
    assert by_ext["n-1"]["event_id"] == ""
    assert by_ext["g-1"]["word_count"] == "6"


def test_import_csv_and_export_jsonl_with_filters(db_url: str, tmp_path: Path) -> None:
    settings = _settings(db_url)
    path = tmp_path / "corpus.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(
            handle, fieldnames=["id", "url", "outlet", "title", "text", "published", "language"]
        )
        writer.writeheader()
        for row in ROWS:
            writer.writerow({k: row.get(k, "") for k in writer.fieldnames})
    summary = run_import(settings, path)
    assert summary.ok and summary.counts["imported"] == 3
    out = tmp_path / "a.jsonl"
    count = run_export(settings, "articles", fmt="jsonl", out=out, outlets=("rt", "newoutlet"))
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert count == 2 and {r["external_id"] for r in records} == {"r-7", "n-1"}


def test_csv_header_without_required_columns_is_one_clear_error(
    db_url: str, tmp_path: Path
) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("identifier,body\n1,text\n", encoding="utf-8")
    summary = run_import(_settings(db_url), path)
    assert not summary.ok
    assert "header lacks id, outlet, text" in summary.failures[0]


def test_export_to_unwritable_place_leaves_no_partial_file(tmp_path: Path) -> None:
    from aggregator.output.export import write_rows

    with pytest.raises(ExportError, match="does not exist"):
        write_rows([{"a": 1}], columns=("a",), fmt="csv", out=tmp_path / "nope" / "x.csv")

    def boom():  # type: ignore[no-untyped-def]
        yield {"a": 1}
        raise RuntimeError("database went away")

    with pytest.raises(RuntimeError):
        write_rows(boom(), columns=("a",), fmt="csv", out=tmp_path / "x.csv")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_formula_neutralised(value: str) -> None:
    assert neutralise(value) == "'" + value
    assert neutralise("plain") == "plain"


def test_revisions_export_gives_a_moves_new_url_alone_and_a_deletions_reason(
    db_url: str, tmp_path: Path
) -> None:
    from datetime import UTC, datetime

    from sqlalchemy import select

    from aggregator.store.models import Article
    from aggregator.store.revisits import mark_gone, record_history
    from aggregator.store.session import make_engine, session_factory

    settings = _settings(db_url)
    assert run_import(settings, _write_jsonl(tmp_path / "c.jsonl", ROWS[:2])).ok
    at = datetime(2026, 3, 5, 12, tzinfo=UTC)
    engine = make_engine(db_url)
    with session_factory(engine).begin() as session:
        ids = {ext: aid for ext, aid in session.execute(select(Article.external_id, Article.id))}
        new_url = "https://www.theguardian.com/world/2026/mar/05/grain-deal"
        record_history(
            session, ids["g-1"], kind="moved", at=at, detail=f"redirected to {new_url}",
            http_status=200,
        )  # fmt: skip
        mark_gone(session, ids["g-1"], at)
        record_history(
            session, ids["r-7"], kind="deleted", at=at, detail="HTTP 404 Not Found",
            http_status=404,
        )  # fmt: skip
        mark_gone(session, ids["r-7"], at)
    engine.dispose()
    out = tmp_path / "revisions.csv"
    assert run_export(settings, "revisions", fmt="csv", out=out) == 2
    with out.open(encoding="utf-8", newline="") as handle:
        rows = {r["kind"]: r for r in csv.DictReader(handle)}
    assert rows["moved"]["new"] == new_url and rows["moved"]["reason"] == ""
    assert rows["deleted"]["new"] == "" and rows["deleted"]["reason"] == "HTTP 404 Not Found"


def test_an_imported_day_is_not_ranked_against_an_imported_time(
    db_url: str, tmp_path: Path
) -> None:
    """'2026-03-03' became midnight UTC: the comparison called that outlet first and the one
    that published at 10:00 'later' by 36,000 s. A day alone is `import-date`, `date-only`."""
    text = (
        "Sergei Lavrov met his Egyptian counterpart in Moscow on Tuesday and agreed a grain "
        "deal, officials said.\n\nWheat exports, the Suez Canal and Sudan were discussed."
    )
    rows = [
        {"id": "a", "outlet": "guardian", "title": "Lavrov agrees Egypt grain deal in Moscow",
         "text": text, "published": "2026-03-03"},
        {"id": "b", "outlet": "bbc", "title": "Egypt and Russia agree grain deal in Moscow",
         "text": text.replace("Tuesday", "Tuesday morning"), "published": "2026-03-03T10:00Z"},
        {"id": "c", "outlet": "rt", "title": "Moscow and Cairo agree grain deal, Lavrov says",
         "text": text.replace("officials", "diplomats"), "published": "2026-03-03T10:05:00Z"},
    ]  # fmt: skip
    settings = _settings(db_url)
    assert run_import(settings, _write_jsonl(tmp_path / "c.jsonl", rows)).ok
    assert run_cluster(settings).ok
    run_export(settings, "articles", fmt="jsonl", out=tmp_path / "a.jsonl")
    articles = {
        row["external_id"]: row
        for row in map(json.loads, (tmp_path / "a.jsonl").read_text().splitlines())
    }
    assert articles["a"]["published_source"] == "import-date"
    assert articles["b"]["published_source"] == articles["c"]["published_source"] == "import"
    run_export(settings, "comparison", fmt="jsonl", out=tmp_path / "c.jsonl")
    compared = {
        row["outlet"]: row
        for row in map(json.loads, (tmp_path / "c.jsonl").read_text().splitlines())
    }
    assert len({row["event_id"] for row in compared.values()}) == 1
    guardian, bbc, rt = compared["guardian"], compared["bbc"], compared["rt"]
    assert (guardian["timing"], guardian["lag_s"]) == ("date-only", None)
    assert guardian["published_source"] == "import-date"
    assert (bbc["timing"], bbc["lag_s"]) == ("first", 0)
    assert (rt["timing"], rt["lag_s"]) == ("later", 300)
