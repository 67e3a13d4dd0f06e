"""Job locks: one ingest (or cluster) run at a time, on one machine or across several.

* SQLite (one machine): an ``flock`` on ``<lock_dir>/<job>.lock``; the file records the pid.
* PostgreSQL (any number of machines sharing the database): a session-level advisory lock,
  ``pg_try_advisory_lock``, held on a dedicated connection for the length of the run.

Both are released by the operating system or the server when the holder dies, so a crashed
run never leaves a stale lock behind and the next run takes over at once. ``pid_alive`` tells
the claims and extraction processes of a dead run from those of a live one.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import make_url

from aggregator.errors import LockHeldError
from aggregator.store.session import open_database, require_database

POLL_S = 0.5


def pid_alive(pid: int) -> bool:
    """Whether process ``pid`` of this machine still runs."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a killed process not yet reaped is a zombie: dead for our purposes
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as stat:
            return stat.read().rsplit(")", 1)[-1].split()[0] != "Z"
    except (OSError, IndexError):
        return True


@contextmanager
def job_lock(lock_dir: Path, job: str, *, wait_s: float = 0.0) -> Iterator[Path]:
    """Hold the file lock of ``job`` for the block; LockHeldError if still held after ``wait_s``."""
    lock_dir.mkdir(parents=True, exist_ok=True)
    path = lock_dir / f"{job}.lock"
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + wait_s
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError as exc:
                if time.monotonic() >= deadline:
                    holder = path.read_text(encoding="utf-8", errors="replace").strip() or "?"
                    raise LockHeldError(
                        f"another {job} run holds {path} (pid {holder}); exiting"
                    ) from exc
                time.sleep(POLL_S)
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode())
        yield path
    finally:
        os.close(fd)


def _advisory_key(job: str) -> int:
    digest = hashlib.sha256(f"aggregator:{job}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


@contextmanager
def database_job_lock(
    database_url: str, lock_dir: Path, job: str, *, wait_s: float = 0.0
) -> Iterator[None]:
    """The lock of ``job`` for whatever database the run uses (see the module docstring)."""
    require_database(database_url)  # no lock file (nor database file) for a missing database
    url = make_url(database_url)
    if url.get_backend_name() != "postgresql":
        with job_lock(lock_dir, job, wait_s=wait_s):
            yield
        return
    key = _advisory_key(job)
    # opened as every command opens it: a server that is down is one line, not a traceback
    with open_database(database_url) as engine, engine.connect() as conn:
        deadline = time.monotonic() + wait_s
        while not conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": key}).scalar():
            conn.rollback()
            if time.monotonic() >= deadline:
                raise LockHeldError(
                    f"another {job} run holds the database lock of "
                    f"{url.render_as_string(hide_password=True)}; exiting"
                )
            time.sleep(POLL_S)
        conn.commit()
        try:
            yield
        finally:
            conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": key})
            conn.commit()
