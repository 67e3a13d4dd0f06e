"""Job locks on both databases: exclusive, released when the holder dies."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from aggregator.errors import LockHeldError
from aggregator.pipeline.locks import database_job_lock


def test_second_holder_is_refused_and_lock_returns_after_release(
    db_url: str, tmp_path: Path
) -> None:
    with database_job_lock(db_url, tmp_path, "ingest"):
        with (
            pytest.raises(LockHeldError, match="another ingest run holds"),
            database_job_lock(db_url, tmp_path, "ingest"),
        ):
            pass
        with database_job_lock(db_url, tmp_path, "cluster"):  # other jobs are independent
            pass
    with database_job_lock(db_url, tmp_path, "ingest"):
        pass


def test_lock_of_a_killed_holder_is_taken_over(db_url: str, tmp_path: Path) -> None:
    code = (
        "import sys, time; from pathlib import Path\n"
        "from aggregator.pipeline.locks import database_job_lock\n"
        f"with database_job_lock({db_url!r}, Path({str(tmp_path)!r}), 'ingest'):\n"
        "    print('held', flush=True); time.sleep(120)\n"
    )
    with subprocess.Popen(
        [sys.executable, "-c", code], stdout=subprocess.PIPE, text=True
    ) as holder:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with pytest.raises(LockHeldError), database_job_lock(db_url, tmp_path, "ingest"):
            pass
        holder.kill()
        holder.wait(timeout=10)
        with database_job_lock(db_url, tmp_path, "ingest", wait_s=20):
            pass
