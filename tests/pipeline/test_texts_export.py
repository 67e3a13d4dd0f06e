"""`aggregator export texts`: full texts of current (or every) version with WARC pointers,
JSONL by default, filters as for `articles`, on both databases."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from click.testing import CliRunner

from aggregator.cli import cli
from aggregator.config import parse_settings
from aggregator.pipeline import run_export, run_import
from aggregator.pipeline.export import default_format

ROWS = [
    {
        "id": "g-1",
        "url": "https://www.theguardian.com/world/2026/mar/02/grain",
        "outlet": "guardian",
        "title": "Grain talks resume",
        "text": "Ministers met in Ankara.\n\nThey agreed on inspections of the ships.",
        "published": "2026-03-02T09:30:00Z",
        "language": "en",
    },
    {
        "id": "r-7",
        "outlet": "rt",
        "title": "Deal is fair, Moscow says",
        "text": "Moscow says the deal is fair.\n\n«Это справедливо», — сказал министр.",
        "published": "2026-03-02T12:00:00Z",
    },
]


def _import(db_url: str, tmp_path: Path, rows: list[dict[str, str]], name: str) -> None:
    path = tmp_path / name
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    settings = parse_settings({}, env={"AGGREGATOR_DATABASE_URL": db_url})
    assert run_import(settings, path).ok


def _jsonl(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_texts_export_current_and_all_versions_with_filters(db_url: str, tmp_path: Path) -> None:
    settings = parse_settings({}, env={"AGGREGATOR_DATABASE_URL": db_url})
    _import(db_url, tmp_path, ROWS, "v1.jsonl")
    edited = dict(ROWS[0], title="Grain talks resume in Ankara", text=ROWS[0]["text"] + "\n\nMore.")
    _import(db_url, tmp_path, [edited], "v2.jsonl")

    out = tmp_path / "texts.jsonl"
    assert default_format("texts") == "jsonl"
    assert run_export(settings, "texts", fmt=None, out=out) == 2
    current = {r["external_id"]: r for r in _jsonl(out)}
    assert current["g-1"]["text"].endswith("More.") and current["g-1"]["version_no"] == 2
    assert current["g-1"]["current"] is True
    assert "\n\n" in current["r-7"]["text"] and "«Это справедливо»" in current["r-7"]["text"]
    assert set(current["g-1"]) >= {"warc_file", "warc_offset", "warc_record_id", "content_sha256"}

    every = tmp_path / "all.jsonl"
    assert run_export(settings, "texts", fmt=None, out=every, all_versions=True) == 3
    versions = [(r["external_id"], r["version_no"], r["current"]) for r in _jsonl(every)]
    assert versions == [("g-1", 1, False), ("g-1", 2, True), ("r-7", 1, True)]
    first = _jsonl(every)[0]
    assert first["title"] == "Grain talks resume" and not first["text"].endswith("More.")

    only_rt = tmp_path / "rt.csv"
    assert run_export(settings, "texts", fmt="csv", out=only_rt, outlets=["rt"]) == 1
    with only_rt.open(encoding="utf-8", newline="") as handle:
        (row,) = list(csv.DictReader(handle))
    assert row["outlet"] == "rt" and row["text"].startswith("Moscow says")


def test_texts_export_from_the_command_line(db_url: str, tmp_path: Path) -> None:
    _import(db_url, tmp_path, ROWS, "v1.jsonl")
    env = {"AGGREGATOR_DATABASE_URL": db_url}
    out = tmp_path / "t.jsonl"
    result = CliRunner().invoke(
        cli, ["export", "texts", "--all-versions", "--out", str(out)], env=env
    )
    assert result.exit_code == 0, result.output
    assert "export texts: 2 rows" in result.output
    assert [r["external_id"] for r in _jsonl(out)] == ["g-1", "r-7"]  # JSONL by default
    csv_out = tmp_path / "t.csv"
    result = CliRunner().invoke(cli, ["export", "texts", "--excel", "--out", str(csv_out)], env=env)
    assert result.exit_code == 0 and csv_out.read_bytes().startswith(b"\xef\xbb\xbfarticle_id,")


def test_the_command_line_offers_every_export_the_codebook_describes() -> None:
    from aggregator.console import EXPORT_KINDS
    from aggregator.output.export import COLUMNS

    assert sorted(EXPORT_KINDS) == sorted(COLUMNS)
