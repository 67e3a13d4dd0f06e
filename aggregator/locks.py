"""Job locks: one ingest (or cluster) run at a time per machine and lock folder.

A lock is an ``flock`` on ``<lock_dir>/<job>.lock``: the kernel releases it when the holder
exits, so a crashed run never leaves a stale lock behind. The file records the holder's pid.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from aggregator.errors import LockHeldError


@contextmanager
def job_lock(lock_dir: Path, job: str, *, wait_s: float = 0.0) -> Iterator[Path]:
    """Hold the lock of ``job`` for the block; LockHeldError if still held after ``wait_s``."""
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
                time.sleep(0.5)
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode())
        yield path
    finally:
        os.close(fd)
