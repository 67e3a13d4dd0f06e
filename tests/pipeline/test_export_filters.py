"""Every export kind honours the filters its --help offers, on the demo, both databases: a
researcher who asks for the events covered by at least four outlets (``--min-outlets 4``) or for
one event (``--event``) gets only their rows, whatever the kind. ``articles``, ``revisions`` and
``texts`` used to ignore ``--min-outlets`` without a word and wrote every article."""

from __future__ import annotations

import json
from pathlib import Path

from aggregator.config import Settings
from aggregator.console import EXPORT_KINDS
from aggregator.pipeline import run_export


def _rows(settings: Settings, kind: str, out: Path, **filters: object) -> list[dict[str, object]]:
    run_export(settings, kind, fmt="jsonl", out=out, **filters)
    lines = out.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


def test_every_kind_honours_min_outlets_and_event(demo: Settings, tmp_path: Path) -> None:
    events = _rows(demo, "events", tmp_path / "events.jsonl")
    wide = {e["event_id"] for e in events if int(str(e["outlet_count"])) >= 4}
    assert wide and len(wide) < len(events)  # the filter has something to leave out
    articles = _rows(demo, "articles", tmp_path / "all.jsonl")
    in_wide = {a["article_id"] for a in articles if a["event_id"] in wide}
    assert len(in_wide) < len(articles)

    edits = _rows(demo, "revisions", tmp_path / "edits.jsonl")
    assert {r["event_id"] for r in edits} - wide  # the edited storm story is in a narrow event

    for kind in EXPORT_KINDS:
        rows = _rows(demo, kind, tmp_path / f"{kind}.jsonl", min_outlets=4)
        if kind != "revisions":
            assert rows, kind  # the demo's wide events have rows of every other kind
        assert {r["event_id"] for r in rows} <= wide, kind
        if kind in ("articles", "texts"):
            assert {r["article_id"] for r in rows} == in_wide, kind

    one = sorted(wide)[0]
    for kind in EXPORT_KINDS:
        rows = _rows(demo, kind, tmp_path / f"{kind}-one.jsonl", event_keys=[one])
        if kind not in ("revisions", "translations"):  # the event may have no edits
            assert rows, kind
        assert {r["event_id"] for r in rows} <= {one}, kind
