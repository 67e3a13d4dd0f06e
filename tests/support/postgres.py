"""A throwaway PostgreSQL server for the test suite.

Found through ``AGGREGATOR_TEST_POSTGRES_URL``, or started here from PostgreSQL's binaries
(``/usr/lib/postgresql/*/bin``) in a temporary folder. PostgreSQL refuses to run as root, so
as root the server runs as the ``postgres`` user via ``runuser``.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def find_bin_dir() -> Path | None:
    for candidate in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if Path(candidate, "initdb").exists():
            return Path(candidate)
    found = shutil.which("initdb")
    return Path(found).parent if found else None


class LocalPostgres:
    """initdb + pg_ctl start in a temporary folder; ``url`` is the superuser's database URL."""

    def __init__(self, bin_dir: Path) -> None:
        self.bin_dir = bin_dir
        self.root = Path(tempfile.mkdtemp(prefix="aggregator-pg-"))
        self.data = self.root / "data"
        self.port = _free_port()
        self.as_root = os.geteuid() == 0
        self.user = "postgres" if self.as_root else pwd.getpwuid(os.geteuid()).pw_name

    def _run(self, *args: str) -> None:
        cmd = [str(self.bin_dir / args[0]), *args[1:]]
        if self.as_root:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        subprocess.run(cmd, check=True, capture_output=True, timeout=120)

    def start(self) -> str:
        if self.as_root:
            shutil.chown(self.root, user="postgres")
        self._run(
            "initdb",
            "-D",
            str(self.data),
            "-U",
            self.user,
            "-A",
            "trust",
            "--no-sync",
            "-E",
            "UTF8",
            "--locale=C",
        )
        # the port was free when chosen, but another process (other test runs on the machine)
        # may bind it before the server does: then start again on another one
        for attempt in range(3):
            log = self.root / "log"
            seen = log.stat().st_size if log.exists() else 0
            try:
                self._start()
                break
            except subprocess.CalledProcessError:
                tail = log.read_bytes()[seen:].decode("utf-8", "replace") if log.exists() else ""
                if "could not bind" not in tail or attempt == 2:
                    raise
                self.port = _free_port()
        return f"postgresql+psycopg://{self.user}@127.0.0.1:{self.port}/postgres"

    def _start(self) -> None:
        opts = (
            f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
            "-c max_connections=200"
        )
        self._run(
            "pg_ctl",
            "-D",
            str(self.data),
            "-o",
            opts,
            "-l",
            str(self.root / "log"),
            "-w",
            "-t",
            "60",
            "start",
        )

    def stop(self) -> None:
        try:
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)
