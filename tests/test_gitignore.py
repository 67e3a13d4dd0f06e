"""What the commands write is never offered to git: the demo's database and exports (read from
the Makefile), data/ and out/ folders wherever a command ran (the default database path is
relative to the working folder), SQLite files and built wheels; and no tracked file is ignored."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.skipif(
    shutil.which("git") is None or not (REPO / ".git").exists(), reason="needs a git checkout"
)


def _ignored(paths: list[str]) -> set[str]:
    done = subprocess.run(
        ["git", "-c", "core.excludesFile=/dev/null", "check-ignore", "--no-index", "--stdin"],
        cwd=REPO,
        input="\n".join(paths) + "\n",
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode in (0, 1), done.stderr
    return set(done.stdout.split())


def _make_variable(name: str) -> str:
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    match = re.search(rf"^{name}\s*=\s*(\S+)", makefile, flags=re.M)
    assert match, name
    return match.group(1)


def test_outputs_are_ignored() -> None:
    demo_db = _make_variable("DEMO_DB")
    demo_out = _make_variable("DEMO_OUT")
    outputs = [
        demo_db,
        f"{demo_db}-wal",
        f"{demo_db}-shm",
        f"{demo_out}/articles.csv",
        f"{demo_out}/report/index.html",
        "data/warc/aggregator-20260301.warc.gz",
        "data/ingest.lock",
        "data/logs/ingest.log",
        "exports/2026-12-03/articles.csv",  # jobs/export.sh, nightly
        "jobs/data/aggregator.sqlite",  # a command run from jobs/ with the default URL
        "bench/out/articles.csv",
        "news.sqlite",
        "news.sqlite-wal",
        "news.sqlite-journal",
        "dist/aggregator-0.1.0-py3-none-any.whl",
        "build/lib/aggregator/__init__.py",
        ".hypothesis/examples/x",
    ]
    assert sorted(set(outputs) - _ignored(outputs)) == []


def test_no_tracked_file_is_ignored() -> None:
    tracked = subprocess.run(
        ["git", "ls-files"], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout.split()
    assert tracked and sorted(_ignored(tracked)) == []
