"""The `quotes` export on SQLite: kind, external_id, speaker_type and speaker_key columns; filters;
JSONL."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from aggregator.config import parse_settings
from aggregator.language.translit import latin_key
from aggregator.output.export import COLUMNS
from aggregator.pipeline import run_export, run_import
from aggregator.pipeline.cluster import run_cluster
from aggregator.store.session import make_engine, upgrade_database

STORIES = [
    {
        "id": "g-1",
        "outlet": "guardian",
        "language": "en",
        "published": "2026-03-02T09:00:00Z",
        "title": "Lavrov says Moscow ready for grain talks in Istanbul",
        "text": (
            "Russia's foreign minister, Sergei Lavrov, said on Monday that Moscow was ready to "
            "resume the grain talks in Istanbul.\n\n"
            '"We are ready to talk, but not under threats," Lavrov told reporters.\n\n'
            "The Kremlin said the grain talks in Istanbul would resume on Friday."
        ),
    },
    {
        "id": "r-1",
        "outlet": "rt",
        "language": "ru",
        "published": "2026-03-02T10:00:00Z",
        "title": "Лавров: Москва готова к переговорам по зерну в Стамбуле",
        "text": (
            "Министр иностранных дел России Сергей Лавров заявил о готовности к переговорам "
            "по зерну в Стамбуле.\n\n"
            "«Мы готовы к диалогу, но не под угрозами», — подчеркнул министр.\n\n"
            "Официальный представитель МИД Мария Захарова заявила, что переговоры в Стамбуле "
            "начнутся в пятницу."
        ),
    },
]


def _settings(tmp_path: Path):  # type: ignore[no-untyped-def]
    url = f"sqlite:///{tmp_path / 'quotes.sqlite'}"
    engine = make_engine(url)
    upgrade_database(engine)
    engine.dispose()
    settings = parse_settings(
        {"settings": {"lock_dir": str(tmp_path)}}, env={"AGGREGATOR_DATABASE_URL": url}
    )
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("\n".join(json.dumps(s, ensure_ascii=False) for s in STORIES), "utf-8")
    assert run_import(settings, corpus).ok
    assert run_cluster(settings).ok
    return settings


def test_quotes_export_has_kind_external_id_and_speaker_type(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    out = tmp_path / "quotes.csv"
    assert run_export(settings, "quotes", fmt="csv", out=out) >= 3
    with out.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        assert tuple(reader.fieldnames or ()) == COLUMNS["quotes"]
        rows = list(reader)
    by_quote = {r["quote"]: r for r in rows}
    english = by_quote["We are ready to talk, but not under threats"]
    assert (english["outlet"], english["external_id"], english["kind"]) == (
        "guardian",
        "g-1",
        "direct",
    )
    assert (english["speaker"], english["speaker_type"]) == ("Sergei Lavrov", "PER")
    russian = by_quote["Мы готовы к диалогу, но не под угрозами"]
    assert (russian["external_id"], russian["speaker"], russian["speaker_type"]) == (
        "r-1",
        "Сергей Лавров",
        "PER",
    )
    reported = [r for r in rows if r["kind"] == "reported"]
    assert {r["speaker"] for r in reported} >= {"Мария Захарова"}
    assert all(r["speaker_type"] in ("PER", "ORG", "LOC") for r in reported)


def test_quotes_export_keeps_the_outlet_filter_and_writes_jsonl(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    out = tmp_path / "quotes.jsonl"
    count = run_export(settings, "quotes", fmt="jsonl", out=out, outlets=("rt",))
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert count == len(records) > 0
    assert {r["outlet"] for r in records} == {"rt"}
    assert {r["external_id"] for r in records} == {"r-1"}
    assert {r["kind"] for r in records} == {"direct", "reported"}


def test_a_speaker_has_one_key_under_every_spelling_and_language(tmp_path: Path) -> None:
    """``speaker_key`` pools a person's quotes across outlets, languages and events, whichever
    spelling each wrote ("Sergei"/"Sergey" Lavrov, "Сергей Лавров")."""
    settings = _settings(tmp_path)
    out = tmp_path / "quotes.csv"
    run_export(settings, "quotes", fmt="csv", out=out)
    with out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    keys = {r["speaker"]: r["speaker_key"] for r in rows}
    assert keys["Sergei Lavrov"] == keys["Сергей Лавров"] == latin_key("Sergey Lavrov") != ""
    assert keys["Мария Захарова"] == latin_key("Maria Zakharova")
    assert all(bool(r["speaker_key"]) == bool(r["speaker_type"]) for r in rows)
