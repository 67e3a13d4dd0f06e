"""`aggregator export entities` on both databases: one row per article and typed entity, names
merged across the event's outlets, filters as for the other exports."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from aggregator.config import parse_settings
from aggregator.pipeline import run_export, run_import
from aggregator.pipeline.cluster import run_cluster

STORY = (
    "Russian Foreign Minister {name} arrived in Ankara on Monday for talks about the grain "
    "corridor across the Black Sea. {short} met Turkish officials and the United Nations envoy "
    "to discuss shipments of grain from Odesa, which the talks hope to resume this month."
)
ROWS = [
    {
        "id": "g-1",
        "outlet": "guardian",
        "title": "Lavrov In Ankara For Grain Talks",
        "text": STORY.format(name="Sergei Lavrov", short="Lavrov"),
        "published": "2026-03-02T09:30:00Z",
        "language": "en",
    },
    {
        "id": "b-1",
        "outlet": "bbc",
        "title": "Grain talks in Ankara",
        "text": STORY.format(name="Sergey Lavrov", short="Mr Lavrov"),
        "published": "2026-03-02T10:00:00Z",
        "language": "en",
    },
    {
        "id": "m-1",
        "outlet": "mid",
        "title": "Переговоры в Анкаре",
        "text": "Министр иностранных дел Сергей Лавров прибыл в Анкару. Дамы и господа, "
        "переговоры Лаврова с турецкими коллегами продолжатся.",
        "published": "2026-03-02T11:00:00Z",
        "language": "ru",
    },
]


def _load(db_url: str, tmp_path: Path):  # type: ignore[no-untyped-def]
    settings = parse_settings({}, env={"AGGREGATOR_DATABASE_URL": db_url})
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("".join(json.dumps(r) + "\n" for r in ROWS), encoding="utf-8")
    assert run_import(settings, corpus).ok
    assert run_cluster(settings).ok
    return settings


def test_entities_export_rows_per_article_and_entity(db_url: str, tmp_path: Path) -> None:
    settings = _load(db_url, tmp_path)
    out = tmp_path / "entities.jsonl"
    count = run_export(settings, "entities", fmt="jsonl", out=out)
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert count == len(rows) > 0
    assert set(rows[0]) == {
        "event_id",
        "outlet",
        "article_id",
        "external_id",
        "name",
        "type",
        "key",
        "mentions",
        "surfaces",
    }
    by = {(r["external_id"], r["name"]): r for r in rows}
    # one person under one name in both English outlets (one event): Sergei/Sergey merged
    lavrov = [r for r in rows if r["type"] == "PER" and r["outlet"] in ("guardian", "bbc")]
    assert {r["name"] for r in lavrov} == {"Sergei Lavrov"} or {r["name"] for r in lavrov} == {
        "Sergey Lavrov"
    }
    assert len({r["event_id"] for r in lavrov}) == 1
    guardian = next(r for r in lavrov if r["external_id"] == "g-1")
    assert guardian["mentions"] == 3  # full name, surname, headline
    assert set(guardian["surfaces"]) == {"Sergei Lavrov", "Lavrov"}
    assert by[("g-1", "Ankara")]["type"] == "LOC"
    # Russian: lemmatised name, forms as written, no forms of address
    russian = [r for r in rows if r["external_id"] == "m-1"]
    person = next(r for r in russian if r["type"] == "PER")
    assert person["name"] in ("Сергей Лавров", "Sergei Lavrov", "Sergey Lavrov")
    assert set(person["surfaces"]) == {"Сергей Лавров", "Лаврова"}
    assert person["key"] == guardian["key"] == "sergei lavrov"  # one key across languages
    names = {r["name"] for r in rows}
    assert not {"Дамы", "Лаврова", "Lavrov In Ankara", "Mr Lavrov", "Monday"} & names


def test_entities_export_csv_and_outlet_filter(db_url: str, tmp_path: Path) -> None:
    settings = _load(db_url, tmp_path)
    out = tmp_path / "entities.csv"
    count = run_export(settings, "entities", fmt="csv", out=out, outlets=("bbc",))
    with out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert count == len(rows) > 0
    assert {r["outlet"] for r in rows} == {"bbc"}
    lavrov = next(r for r in rows if r["type"] == "PER")
    assert lavrov["surfaces"] == "Sergey Lavrov; Lavrov"
    assert lavrov["mentions"] == "2"
