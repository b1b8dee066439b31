"""A throwaway PostgreSQL cluster on 127.0.0.1 for tests and benchmarks.

Uses the server binaries from Debian's package (scripts/ensure-postgres.sh
installs them). As root, the server runs as the package's ``postgres`` user,
since initdb refuses root.
"""

from __future__ import annotations

import glob
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path


def _pg_bin(name: str) -> str | None:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return found[-1] if found else shutil.which(name)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PostgresCluster:
    def __init__(self) -> None:
        initdb, self.pg_ctl = _pg_bin("initdb"), _pg_bin("pg_ctl")
        if not initdb or not self.pg_ctl:
            raise RuntimeError(
                "PostgreSQL server binaries not found (initdb, pg_ctl); run "
                "scripts/ensure-postgres.sh or set COMMPLAN_SKIP_POSTGRES=1"
            )
        self.root = Path(tempfile.mkdtemp(prefix="commplan-pg-"))
        self.data, self.sock, self.port = self.root / "data", self.root / "sock", _free_port()
        self.sock.mkdir()
        # initdb refuses to run as root: run the server as the package's postgres user.
        self.prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self.prefix:
            shutil.chown(self.root, "postgres")
            shutil.chown(self.sock, "postgres")
        self._run([initdb, "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8"])
        self._run(
            [
                self.pg_ctl,
                "-D",
                str(self.data),
                "-w",
                "-l",
                str(self.root / "log"),
                "-o",
                f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.sock} -c fsync=off",
                "start",
            ]
        )
        self.names = itertools.count()
        self.templates: dict = {}  # tests/dbtemplate.py: template database names by date

    def _run(self, cmd: list[str]) -> None:
        proc = subprocess.run(self.prefix + cmd, capture_output=True, text=True, timeout=120)
        if proc.returncode:
            raise RuntimeError(f"{cmd[0]} failed: {proc.stderr or proc.stdout}")

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def new_database(self, template: str | None = None) -> str:
        """A new, empty database, or a copy of the database named ``template`` (which
        nobody may be connected to)."""
        import psycopg

        name = f"t{next(self.names)}"
        copy = f" TEMPLATE {template}" if template else ""
        with psycopg.connect(self.url().replace("+psycopg", ""), autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name}{copy}")
        return self.url(name)

    def stop(self) -> None:
        subprocess.run(
            [*self.prefix, self.pg_ctl, "-D", str(self.data), "-m", "immediate", "stop"],
            capture_output=True,
            timeout=60,
        )
        shutil.rmtree(self.root, ignore_errors=True)
