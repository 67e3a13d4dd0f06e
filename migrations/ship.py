"""Build step, not a migration: copies this folder's Alembic environment (env.py, script.py.mako,
versions/*.py) into the wheel as ``aggregator/store/migrations``, so that an installed package can
run `aggregator db upgrade`. Named in pyproject.toml ``[tool.setuptools.cmdclass]``; touches only
the build directory. The scripts keep living here, at the top level; the wheel carries a copy."""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools.command.build_py import build_py

SOURCE = Path(__file__).resolve().parent
TARGET = Path("aggregator", "store", "migrations")


def migration_files() -> list[Path]:
    """The files Alembic needs, relative to this folder."""
    files = [Path("env.py"), Path("script.py.mako")]
    files += sorted(p.relative_to(SOURCE) for p in (SOURCE / "versions").glob("*.py"))
    return files


class BuildWithMigrations(build_py):  # type: ignore[misc]
    """setuptools' build_py, then the migrations copied next to the built package."""

    def run(self) -> None:
        super().run()
        if self.editable_mode:  # an editable install finds them in the checkout
            return
        for name in migration_files():
            target = Path(self.build_lib) / TARGET / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(SOURCE / name, target)
