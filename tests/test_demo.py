"""The bundled demo, end to end: replay -> cluster -> exports -> report, on both databases.

The events must come out as the sample's authors wrote them (expected_events.json), the
Russian-language mid.ru text of the grain talks included: it shares few words with the English
articles, but it is a translation of the ministry's English statement, which joins them
(tests/test_demo_translations.py).
"""

from __future__ import annotations

import csv
import json
import re
from dataclasses import replace
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

from aggregator.config import load_settings
from aggregator.output.export import COLUMNS
from aggregator.pipeline import run_export, run_ingest
from aggregator.pipeline.cluster import run_cluster
from aggregator.pipeline.compare import run_report
from aggregator.sample import DEMO_WARC, EXPECTED_EVENTS
from aggregator.urls import canonical_url
from tests.support.pipeline import event_rows

REPO = Path(__file__).resolve().parent.parent


def test_demo_replays_into_the_events_the_sample_describes(db_url: str, tmp_path: Path) -> None:
    settings = load_settings(REPO / "feeds.yaml", env={"AGGREGATOR_DATABASE_URL": db_url})
    settings = replace(settings, lock_dir=tmp_path, archive_dir=tmp_path / "warc")
    summary = run_ingest(settings, replay=DEMO_WARC)
    assert summary.counts["versions"] == 18 and summary.counts["revisions"] == 1
    assert [f.split(":")[0] for f in summary.failures] == ["feed https"]  # mid.ru/de challenge
    assert run_cluster(settings).ok

    got: dict[str, set[str]] = {}
    for url, key in event_rows(db_url):
        got.setdefault(key, set()).add(url)
    expected: dict[str, set[str]] = {}
    for url, name in json.loads(EXPECTED_EVENTS.read_text())["articles"].items():
        expected.setdefault(name, set()).add(canonical_url(url))
    assert sorted(map(sorted, got.values())) == sorted(map(sorted, expected.values()))

    for kind in ("articles", "events", "comparison", "terms", "quotes", "entities", "revisions"):
        assert run_export(settings, kind, fmt="csv", out=tmp_path / f"{kind}.csv") > 0, kind
    with (tmp_path / "terms.csv").open(encoding="utf-8", newline="") as handle:
        terms = list(csv.DictReader(handle))
    for row in terms:  # every term listed is significant; an event without one says so
        if row["term"]:
            own, others, z = int(row["count"]), int(row["others_count"]), float(row["z"])
            assert abs(z) >= settings.terms_min_z, row
            assert (own if z > 0 else others) >= settings.terms_min_count, row
        else:
            assert row["note"].startswith("no term"), row
    with (tmp_path / "articles.csv").open(encoding="utf-8", newline="") as handle:
        articles = list(csv.DictReader(handle))
    assert {row["published_source"] for row in articles} <= {"page", "feed", "page-date"}
    edited = [row for row in articles if row["first_title"] != row["title"]]
    assert [row["first_title"] for row in edited] == [
        "Storm Gwendolyn: tens of thousands without power as 90mph gusts hit Cornwall"
    ]
    texts = tmp_path / "texts.jsonl"
    assert run_export(settings, "texts", fmt=None, out=texts) == len(articles)
    for row in map(json.loads, texts.read_text(encoding="utf-8").splitlines()):
        assert row["text"] and row["warc_file"] == DEMO_WARC.name  # the pointer finds the page
        with DEMO_WARC.open("rb") as handle:
            handle.seek(row["warc_offset"])
            record = next(iter(ArchiveIterator(handle)))
        assert record.rec_headers.get_header("WARC-Record-ID") == row["warc_record_id"]
    with (tmp_path / "comparison.csv").open(encoding="utf-8", newline="") as handle:
        compared = list(csv.DictReader(handle))
    for key in {row["event_id"] for row in compared}:
        timings = sorted(row["timing"] for row in compared if row["event_id"] == key)
        assert timings.count("first") == 1 or timings.count("tied") >= 2, (key, timings)
    _check_entities(tmp_path)
    report = run_report(settings, tmp_path / "report")
    assert report.pages == len(got) + 1 or report.pages == len(got)
    assert "edited" in (report.index.read_text(encoding="utf-8"))


# What the capitalised-word heuristic used to list in the demo's `entities` and `omitted`
# columns: forms of address, headline and sentence-initial capitals, adjectives, runs of two
# names, inflected Russian forms and titles glued to names. None of it is a named entity.
NOT_ENTITIES = {
    *("UK The UK", "Cairo Russia", "Lavrov Moscow", "Moscow Russia", "England Tens"),
    *("Ladies", "Thousands", "Opposition MPs", "I’ve", "Gale-force", "Business", "GMT"),
    *("Western", "Egyptian", "Sudanese", "Ukrainian", "European", "African", "Britons"),
    *("Stockholm-based", "Russian-British", "Defence Attaché", "Diplomatic Relations"),
    *("Ministry Spokeswoman Maria Zakharova", "Дамы", "Вы", "Министром", "Провели"),
    *("Красном", "Западные СМИ", "СМИ", "СМИ Министра", "Российской", "Лаврова"),
    *("Т.Мансуром", "Т.мансур", "Арабской Республики Египет Т.Мансуром"),
    # a council run on into its topic, an abstract noun, a treaty, an office before its body
    *("UN Security Council on Sudan", "Russophobia", "Vienna Convention on Diplomatic Relations"),
    *("Defence Attaché of the Embassy of the Russian Federation",),
}


def _check_entities(out: Path) -> None:
    with (out / "comparison.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    listed = {cell.rsplit(" (", 1)[0] for r in rows for cell in r["entities"].split("; ") if cell}
    omitted = {cell.split(":", 1)[1] for r in rows for cell in r["omitted"].split("; ") if cell}
    assert {"Sergei Lavrov", "Tarek Mansour", "Cairo", "Met Office"} <= listed
    assert not NOT_ENTITIES & listed, NOT_ENTITIES & listed
    assert not NOT_ENTITIES & omitted, NOT_ENTITIES & omitted
    with (out / "entities.csv").open(encoding="utf-8", newline="") as handle:
        entities = list(csv.DictReader(handle))
    assert {r["type"] for r in entities} == {"PER", "ORG", "LOC"}
    # the ministry's Russian "Красном море" is the "Red Sea" its English version and the other
    # outlets name: one entity, under its English name, never charged as omitted
    red_sea = {r["name"] for r in entities if "Красном море" in r["surfaces"].split("; ")}
    assert red_sea == {"Red Sea"}, red_sea
    assert "Красное море" not in listed
    assert "Red Sea" not in omitted
    assert not NOT_ENTITIES & {r["name"] for r in entities}
    # the Russian mid.ru statement's "С.В.Лавров" is the English outlets' Sergei Lavrov
    russian = [r for r in entities if any("Лавров" in s for s in r["surfaces"].split("; "))]
    assert russian and {r["name"] for r in russian} == {"Sergei Lavrov"}, russian


def test_make_demo_writes_every_export_of_the_codebook() -> None:
    """`make demo` left out `translations.csv`, though the sample holds a statement in two
    languages: a researcher reading out/ never saw the kind the codebook describes."""
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    recipe = makefile[makefile.index("\ndemo:") : makefile.index("\ntest:")]
    for kind in COLUMNS:
        assert re.search(rf"(?<![\w/]){kind}(?!\w)", recipe.split("@echo")[0]), kind
