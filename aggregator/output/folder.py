"""Every export kind into one folder (``aggregator export all``), whole or not at all.

The files are written into a temporary folder beside the target (``.NAME.XXXXXXXXXXXX.part``), each
kind's rows appended as they come (several kinds at once: the framing kinds are fed from one
comparison of each event), and the folder is renamed to its name at the end. A folder already
there is replaced only when it holds export files alone (a rerun of the night); anything else
in it makes the export refuse before it starts. The temporary folder is ``flock``ed while it is
filled, so what a killed export left (SIGKILL, a power cut) is told from a live one's and removed
by the next export into the same folder, which says so (``ExportFolder.removed``).
"""

from __future__ import annotations

import csv
import glob
import json
import os
import secrets
import shutil
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO

from aggregator.output.export import COLUMNS, FORMATS, ExportError, _cell, _json_value
from aggregator.output.leftovers import hold as _locked


class KindFile:
    """One open export file: a kind's rows in CSV (header first) or JSONL, counted."""

    def __init__(self, handle: TextIO, columns: tuple[str, ...], fmt: str) -> None:
        self.handle, self.columns, self.fmt, self.count = handle, columns, fmt, 0
        self._csv = None
        if fmt == "csv":
            self._csv = csv.writer(handle, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
            self._csv.writerow(columns)

    def write(self, rows: Iterable[Mapping[str, Any]]) -> None:
        """Append ``rows`` (the same bytes ``export.write_rows`` writes for them)."""
        columns = self.columns
        for row in rows:
            if self._csv is not None:
                self._csv.writerow([_cell(row.get(c)) for c in columns])
            else:
                record = {c: _json_value(row.get(c)) for c in columns}
                self.handle.write(json.dumps(record, ensure_ascii=False) + "\n")
            self.count += 1


def file_name(kind: str, fmt: str) -> str:
    """The name of a kind's file in the folder: ``articles.csv``, ``texts.jsonl``."""
    return f"{kind}.{fmt}"


def _export_names() -> set[str]:
    return {file_name(kind, fmt) for kind in COLUMNS for fmt in FORMATS}


class ExportFolder:
    """The temporary folder being filled; ``open`` a kind's file, read ``counts`` at the end."""

    def __init__(self, path: Path, *, excel: bool = False) -> None:
        self.path, self.excel = path, excel
        self.files: dict[str, KindFile] = {}
        self.removed: list[str] = []  # what earlier, killed exports left here, now cleaned up

    def open(self, kind: str, fmt: str) -> KindFile:
        """Create the file of ``kind`` in ``fmt`` (CSV with a byte order mark under ``excel``)."""
        if fmt not in FORMATS:
            raise ExportError(f"unknown format {fmt!r}; allowed: {', '.join(FORMATS)}")
        encoding = "utf-8-sig" if self.excel and fmt == "csv" else "utf-8"
        handle = (self.path / file_name(kind, fmt)).open("w", encoding=encoding, newline="")
        self.files[kind] = KindFile(handle, COLUMNS[kind], fmt)
        return self.files[kind]

    def close(self, kind: str) -> None:
        self.files[kind].handle.close()

    def counts(self) -> dict[str, int]:
        """Rows written, by kind, in the order the kinds were opened."""
        return {kind: f.count for kind, f in self.files.items()}


def check_target(out: Path) -> None:
    """ExportError when ``out`` cannot become the export folder: standard output, a file, a
    folder holding anything but export files, or a parent folder that does not exist."""
    if str(out) == "-":
        raise ExportError("export all writes a folder: give --out DIR, not standard output")
    parent = out.parent if str(out.parent) else Path(".")
    if not parent.is_dir():
        raise ExportError(f"cannot write {out}: folder {parent} does not exist")
    if out.exists() and not out.is_dir():
        raise ExportError(f"cannot write {out}: it is a file, not a folder")
    if out.is_dir():
        foreign = sorted(p.name for p in out.iterdir() if p.name not in _export_names())
        if foreign:
            raise ExportError(
                f"{out} holds files that are not exports ({', '.join(foreign[:5])}); "
                "give a new or empty folder, or one an earlier export all wrote"
            )


@contextmanager
def export_folder(out: Path, *, excel: bool = False) -> Iterator[ExportFolder]:
    """An ``ExportFolder`` in a temporary folder beside ``out``, renamed to ``out`` when the
    block ends normally (replacing an earlier export there), removed on any error or signal."""
    if str(out) != "-":
        out = Path(os.path.abspath(out))  # `--out .` or `--out ..` name a folder too
    check_target(out)
    parent = out.parent
    removed = _remove_leftovers(out)
    # named first, made inside the guarded block: a signal just after it is made removes it
    tmp = parent / f".{out.name}.{secrets.token_hex(6)}.part"
    lock, made = -1, True
    try:
        try:
            os.mkdir(tmp, 0o700)
        except OSError as exc:
            made = False
            raise ExportError(f"cannot write {out}: {exc.strerror}") from exc
        lock = _locked(tmp)
        folder = ExportFolder(tmp, excel=excel)
        folder.removed = removed
        try:
            yield folder
        finally:
            for kind_file in folder.files.values():
                kind_file.handle.close()
        mask = os.umask(0)
        os.umask(mask)
        tmp.chmod(0o777 & ~mask)  # mkdtemp makes it 0700
        _replace(tmp, out)
    except BaseException:
        if made:
            shutil.rmtree(tmp, ignore_errors=True)
        raise
    finally:
        if lock >= 0:
            os.close(lock)


def _remove_leftovers(out: Path) -> list[str]:
    """Remove the temporary folders of exports into ``out`` whose process is gone (killed while
    filling ``.NAME.*.part``, or while moving an earlier export aside into ``.NAME.*.old``, in
    which case that export is put back when ``out`` is missing); one line about each."""
    said = []
    for path in sorted(out.parent.glob(f".{glob.escape(out.name)}.*")):
        if path.suffix not in (".part", ".old") or not path.is_dir() or path.is_symlink():
            continue
        try:
            lock = _locked(path)
        except OSError:  # a live export's, or not ours to open
            continue
        try:
            earlier = path / out.name
            if path.suffix == ".old" and earlier.is_dir() and not out.exists():
                os.replace(earlier, out)
                said.append(f"put back {out}: an export all stopped while replacing it")
            shutil.rmtree(path, ignore_errors=True)
            what = "a partial export" if path.suffix == ".part" else "an export moved aside"
            said.append(f"removed {path}: {what} left by an export all that was killed")
        finally:
            os.close(lock)
    return said


def _replace(tmp: Path, out: Path) -> None:
    """Rename ``tmp`` to ``out``; an earlier folder there is moved aside first, then removed."""
    old = None
    if out.is_dir():
        check_target(out)  # nothing foreign came in meanwhile
        old = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".old", dir=tmp.parent))
        lock = _locked(old)  # a killed run's is told from ours (``_remove_leftovers``)
        os.replace(out, old / out.name)
    try:
        os.replace(tmp, out)
    except OSError as exc:
        if old is not None:
            os.replace(old / out.name, out)
        raise ExportError(f"cannot write {out}: {exc.strerror}") from exc
    finally:
        if old is not None:
            os.close(lock)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
