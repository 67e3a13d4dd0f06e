"""What a killed export or report left beside its target, found and removed by the next run.

A run writes into a hidden temporary beside its target (``export KIND``: the file
``.NAME.XXXXXXXX.part``; ``report``: the folder ``.NAME.tmp-XXXXXXXX``, and ``.NAME.old-XXXXXXXX``
while the earlier report is moved aside) and holds a ``flock`` on it until it is done. A process
killed outright (SIGKILL, the OOM killer, a power cut) cannot remove its temporary, but the system
releases its lock: a temporary nobody holds is a dead run's, one held is a running one's and is
left alone. Each function returns one line about each thing it removed or put back.
"""

from __future__ import annotations

import fcntl
import glob
import os
import shutil
import tempfile
from pathlib import Path


def hold(path: Path | str) -> int:
    """A descriptor of ``path`` (a file or folder) holding its ``flock`` (OSError when another
    process holds it): the mark of a run in progress, released by the system when it dies."""
    fd = os.open(path, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        raise
    return fd


def _dead(path: Path) -> int | None:
    """The lock of ``path`` when no running process holds it (and it is ours to open)."""
    if path.is_symlink():
        return None
    try:
        return hold(path)
    except OSError:  # a running export's or report's, or not ours to open
        return None


def remove_partial_files(out: Path) -> list[str]:
    """Remove the ``.NAME.*.part`` files that killed exports into the file ``out`` left."""
    said = []
    for path in sorted(out.parent.glob(f".{glob.escape(out.name)}.*.part")):
        if not path.is_file() or (lock := _dead(path)) is None:
            continue
        try:
            path.unlink(missing_ok=True)
            said.append(f"removed {path}: a partial export left by an export that was killed")
        finally:
            os.close(lock)
    return said


def partial_file(out: Path, said: list[str]) -> tuple[int, str, int]:
    """A new ``.NAME.XXXXXXXX.part`` file beside ``out``: its descriptor, its path and the
    descriptor holding its lock (close both); what killed exports left is removed first, a line
    about each added to ``said``. OSError when the file cannot be made."""
    said.extend(remove_partial_files(out))
    fd, name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".part", dir=out.parent)
    try:
        return fd, name, hold(name)
    except OSError:
        os.close(fd)
        os.unlink(name)
        raise


def remove_report_leftovers(out_dir: Path) -> list[str]:
    """Remove the folders that killed reports into ``out_dir`` left: a half-written report
    (``.NAME.tmp-*``), and an earlier report moved aside (``.NAME.old-*``), put back when
    ``out_dir`` is missing (the run was killed between moving it aside and renaming its own)."""
    said = []
    name = glob.escape(out_dir.name)
    found = [(p, "tmp") for p in out_dir.parent.glob(f".{name}.tmp-*")]
    found += [(p, "old") for p in out_dir.parent.glob(f".{name}.old-*")]
    for path, kind in sorted(found):
        if not path.is_dir() or (lock := _dead(path)) is None:
            continue
        try:
            if kind == "old" and not out_dir.exists():
                os.replace(path, out_dir)
                said.append(f"put back {out_dir}: a report was killed while replacing it")
                continue
            shutil.rmtree(path, ignore_errors=True)
            what = "a partial report" if kind == "tmp" else "an earlier report moved aside"
            said.append(f"removed {path}: {what} left by a report that was killed")
        finally:
            os.close(lock)
    return said
