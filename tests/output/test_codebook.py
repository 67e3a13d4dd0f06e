"""The codebook documents exactly the columns the exporters write, in order."""

from __future__ import annotations

import re
from pathlib import Path

from aggregator.output.export import COLUMNS

CODEBOOK = Path(__file__).resolve().parents[2] / "docs" / "codebook.md"


def _documented() -> dict[str, list[str]]:
    kinds: dict[str, list[str]] = {}
    current = None
    for line in CODEBOOK.read_text(encoding="utf-8").splitlines():
        heading = re.match(r"^## (\w+)$", line)
        if heading:
            current = heading.group(1)
            kinds[current] = []
            continue
        column = re.match(r"^\| `(\w+)` \|", line)
        if column and current:
            kinds[current].append(column.group(1))
    return kinds


def test_codebook_matches_exporters() -> None:
    documented = _documented()
    assert set(documented) == set(COLUMNS)
    for kind, columns in COLUMNS.items():
        assert documented[kind] == list(columns), kind
