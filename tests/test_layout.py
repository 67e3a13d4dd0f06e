"""The tree is the architecture: stage packages, small documented modules, enforced layers."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
PACKAGE = REPO / "aggregator"
MAX_LINES = 400
#: a module's name says what it holds; these say nothing
VAGUE_NAMES = {"utils", "util", "helpers", "helper", "common", "misc", "tools"}
STAGES = ["fetch", "parse", "cluster", "compare", "store", "output", "pipeline"]


def _modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "sample" not in p.relative_to(PACKAGE).parts)


def test_one_package_per_stage() -> None:
    for stage in STAGES:
        assert (PACKAGE / stage / "__init__.py").is_file(), f"aggregator/{stage}/ is not a package"
    flat = sorted(p.stem for p in PACKAGE.glob("*.py"))
    families = {name.split("_")[0] for name in flat if "_" in name and not name.startswith("__")}
    assert not families & set(STAGES), f"prefix families outside their package: {flat}"


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(REPO)))
def test_module_is_small_named_and_documented(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    assert path.stem not in VAGUE_NAMES, f"{path.name}: split by noun, not into {path.stem}"
    lines = source.count("\n")
    assert lines <= MAX_LINES, f"{path.name} has {lines} lines (at most {MAX_LINES})"
    docstring = ast.get_docstring(ast.parse(source))
    assert docstring and len(docstring.split()) >= 5, f"{path.name}: no module docstring"


def test_import_layers_hold() -> None:
    """The import-linter contracts of pyproject.toml (the layers of docs/architecture.md)."""
    exe = Path(sys.executable).parent / "lint-imports"
    command = [str(exe)] if exe.exists() else [shutil.which("lint-imports") or "lint-imports"]
    done = subprocess.run(
        [*command, "--no-cache"], cwd=REPO, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert "0 broken" in done.stdout
