"""Storage tests run on SQLite and on a real PostgreSQL server.

The PostgreSQL server is a throwaway cluster started here on 127.0.0.1 (from
Debian's package, installed by scripts/ensure-postgres.sh) and stopped at the
end. A missing server fails the tests loudly; set COMMPLAN_SKIP_POSTGRES=1 to
skip them on a machine without one (CI never sets it).
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

import pytest

from commplan.store import Store

BACKENDS = ["sqlite", "postgresql"]


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

    def _run(self, cmd: list[str]) -> None:
        proc = subprocess.run(self.prefix + cmd, capture_output=True, text=True, timeout=120)
        if proc.returncode:
            raise RuntimeError(f"{cmd[0]} failed: {proc.stderr or proc.stdout}")

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def new_database(self) -> str:
        import psycopg

        name = f"t{next(self.names)}"
        with psycopg.connect(self.url().replace("+psycopg", ""), autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name}")
        return self.url(name)

    def stop(self) -> None:
        subprocess.run(
            [*self.prefix, self.pg_ctl, "-D", str(self.data), "-m", "immediate", "stop"],
            capture_output=True,
            timeout=60,
        )
        shutil.rmtree(self.root, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres_cluster():
    if os.environ.get("COMMPLAN_SKIP_POSTGRES") == "1":
        pytest.skip("COMMPLAN_SKIP_POSTGRES=1: PostgreSQL tests skipped on request")
    try:
        cluster = PostgresCluster()
    except (RuntimeError, OSError, subprocess.TimeoutExpired) as exc:
        pytest.fail(f"PostgreSQL is required for the storage tests: {exc}", pytrace=False)
    yield cluster
    cluster.stop()


@pytest.fixture(params=BACKENDS)
def database_url(request, tmp_path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'commplan.db'}"
    return request.getfixturevalue("postgres_cluster").new_database()


@pytest.fixture
def store(database_url):
    store = Store(database_url)
    store.upgrade()
    yield store
    store.dispose()


@pytest.fixture
def workspace(store):
    from commplan.store.workspaces import DEFAULT_WORKSPACE, get_workspace

    with store.session() as session:
        return get_workspace(session, DEFAULT_WORKSPACE)
