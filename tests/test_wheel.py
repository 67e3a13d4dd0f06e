"""The package as an operator installs it: a wheel built from the checkout, installed into a fresh
virtualenv, its console script run from a folder outside the checkout with no feeds.yaml:
`db upgrade`, `import`, `cluster`, `export articles`. No network: the fresh venv borrows the
dependencies already installed in this interpreter's site-packages through a .pth file, while
`aggregator` itself can only come from the wheel."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.slow

STORY = (
    "The central bank raised its main interest rate by half a point on Thursday, the largest "
    "increase in two decades, saying inflation had proved stronger than expected. The governor "
    "told reporters the bank would act again if prices kept rising, while ministers warned that "
    "mortgage holders and small businesses faced a difficult year. Markets had expected a smaller "
    "move and the currency rose sharply after the announcement. "
)
OTHER = (
    "A volcano erupted on a remote island in the Pacific, sending ash twelve kilometres into the "
    "sky and forcing airlines to divert flights. Scientists said the eruption could last weeks; "
    "villagers were moved to shelters on the far side of the island by boat overnight. "
)


def _run(args: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(args, capture_output=True, text=True, timeout=600, **kwargs)  # type: ignore[call-overload]
    assert done.returncode == 0, (args, done.stdout[-3000:], done.stderr[-3000:])
    return done  # type: ignore[no-any-return]


def _fresh_venv(root: Path, wheel: Path) -> Path:
    """A new venv holding the wheel, with this interpreter's site-packages for the dependencies."""
    venv = root / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", str(venv)])
    python = venv / "bin" / "python"
    site = Path(
        _run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]
        ).stdout.strip()
    )
    # a plain path line: the .pth files over there (the editable install's finder) stay unread
    ours = dict.fromkeys(sysconfig.get_paths()[k] for k in ("purelib", "platlib"))
    (site / "borrowed_dependencies.pth").write_text("\n".join(ours) + "\n", encoding="utf-8")
    _run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", "--no-deps",
         "--no-index", str(wheel)]
    )  # fmt: skip
    return venv


def test_installed_wheel_runs_upgrade_import_cluster_export(tmp_path: Path) -> None:
    source = tmp_path / "source"
    shutil.copytree(
        REPO,
        source,
        ignore=shutil.ignore_patterns(
            ".*", "data", "out", "build", "dist", "*.egg-info", "__pycache__"
        ),
    )
    _run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
         "--no-index", "--wheel-dir", str(tmp_path / "dist"), str(source)]
    )  # fmt: skip
    (wheel,) = (tmp_path / "dist").glob("aggregator-*.whl")
    venv = _fresh_venv(tmp_path, wheel)

    work = tmp_path / "elsewhere"
    work.mkdir()
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("AGGREGATOR_", "PYTHON", "VIRTUAL_ENV"))
    }
    env["AGGREGATOR_DATABASE_URL"] = "sqlite:///data/news.sqlite"
    imported = _run(
        [str(venv / "bin" / "python"), "-c", "import aggregator; print(aggregator.__file__)"],
        cwd=work,
        env=env,
    ).stdout.strip()
    assert Path(imported).is_relative_to(venv), imported  # the wheel, not the checkout

    with (work / "corpus.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "url", "outlet", "title", "text", "published"])
        writer.writerow(["s-1", "https://news.example/rates", "bbc",
                         "Central bank raises rates by half a point", STORY * 2,
                         "2026-03-05T10:00:00Z"])  # fmt: skip
        writer.writerow(["s-2", "https://paper.example/bank-rates", "guardian",
                         "Bank makes biggest rate rise in two decades", STORY * 2,
                         "2026-03-05T11:30:00Z"])  # fmt: skip
        writer.writerow(["s-3", "https://news.example/volcano", "bbc",
                         "Volcano erupts on Pacific island", OTHER * 3,
                         "2026-03-05T12:00:00Z"])  # fmt: skip

    def aggregator(*args: str) -> subprocess.CompletedProcess[str]:
        return _run([str(venv / "bin" / "aggregator"), *args], cwd=work, env=env)

    assert "database at head" in aggregator("db", "upgrade").stdout
    assert "imported=3" in aggregator("import", "corpus.csv").stdout
    aggregator("cluster")
    assert "3 rows" in aggregator("export", "articles", "--out", "articles.csv").stdout
    with (work / "articles.csv").open(encoding="utf-8", newline="") as handle:
        rows = {row["external_id"]: row for row in csv.DictReader(handle)}
    assert set(rows) == {"s-1", "s-2", "s-3"}
    assert all(row["event_id"] for row in rows.values()), rows
    assert rows["s-1"]["event_id"] == rows["s-2"]["event_id"] != rows["s-3"]["event_id"]
    assert (work / "data" / "news.sqlite").is_file()
