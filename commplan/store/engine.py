"""Engines and sessions for SQLite (default, embedded) and PostgreSQL (shared).

SQLite transactions: the driver's own transaction handling is switched off
(``isolation_level = None``) and commplan emits ``BEGIN`` itself, per the
SQLAlchemy documentation for pysqlite ("Serializable isolation / Savepoints /
Transactional DDL"). A transaction starts as a plain (deferred) ``BEGIN``, so
reading never takes the write lock and never waits for an import. At its first
write (or when a repository function calls :func:`lock_for_write` before a
read-then-write), a transaction that has not written yet is turned into a
``BEGIN IMMEDIATE`` one: it ends its read-only part (nothing to lose) and takes
the write lock, waiting up to the busy timeout for another writer to finish.
A deferred transaction that read first and then writes would instead fail at
once with SQLITE_BUSY when another writer committed meanwhile: the busy timeout
does not apply to that lock upgrade in WAL mode.

Reads made before the write lock are therefore as of their own moment, as under
PostgreSQL's default READ COMMITTED; versioned records still refuse stale
updates, and read-then-write functions take the lock before they read.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from platformdirs import user_data_dir
from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from .errors import DatabaseBusy

URL_ENV = "COMMPLAN_DATABASE_URL"
BUSY_TIMEOUT_ENV = "COMMPLAN_SQLITE_BUSY_TIMEOUT"  # seconds
DEFAULT_BUSY_TIMEOUT = 30.0  # a 100k-row import holds the write lock for about 3 s

_STATE = "commplan_sqlite_txn"  # connection.info key: "read" or "write"
_READS = ("SELECT", "PRAGMA", "EXPLAIN", "WITH", "BEGIN", "COMMIT", "ROLLBACK", "RELEASE")


def default_database_path() -> Path:
    """The embedded database: ``~/.local/share/commplan/commplan.db`` on Linux."""
    return Path(user_data_dir("commplan", appauthor=False)) / "commplan.db"


def database_url(url: str | None = None) -> str:
    """The URL given, else ``COMMPLAN_DATABASE_URL``, else the embedded SQLite file."""
    return url or os.environ.get(URL_ENV) or f"sqlite:///{default_database_path()}"


def busy_timeout(value: float | None = None) -> float:
    """Seconds a SQLite writer waits for another writer: the value given, else
    ``COMMPLAN_SQLITE_BUSY_TIMEOUT``, else 30."""
    if value is None:
        raw = os.environ.get(BUSY_TIMEOUT_ENV)
        try:
            value = float(raw) if raw else DEFAULT_BUSY_TIMEOUT
        except ValueError:
            raise ValueError(
                f"{BUSY_TIMEOUT_ENV} must be a number of seconds, not {raw!r}"
            ) from None
    if value < 0:
        raise ValueError("the SQLite busy timeout cannot be negative")
    return value


BUSY_MESSAGE = (
    "Another change (probably an import) is still being written; nothing was saved. "
    "Try again in a moment."
)


def _is_busy(exc: BaseException) -> bool:
    text = str(exc).lower()
    return "database is locked" in text or "database is busy" in text


def _sqlite_listeners(engine: Engine, timeout: float) -> None:
    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection, _record) -> None:
        dbapi_connection.isolation_level = None  # commplan emits BEGIN itself
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")  # off by default in SQLite
        cursor.execute("PRAGMA journal_mode=WAL")  # readers do not block the writer
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute(f"PRAGMA busy_timeout={int(timeout * 1000)}")
        cursor.execute("PRAGMA cache_size=-65536")  # 64 MiB: index upkeep in bulk imports
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: Connection) -> None:
        connection.exec_driver_sql("BEGIN")
        connection.info[_STATE] = "read"

    @event.listens_for(engine, "before_cursor_execute")
    def _before(connection, _cursor, statement, _parameters, _context, _many) -> None:
        if connection.info.get(_STATE) == "read":
            head = statement.lstrip()[:8].upper()
            if not head.startswith(_READS):
                _take_write_lock(connection)

    @event.listens_for(engine, "savepoint")
    def _savepoint(connection: Connection, _name) -> None:
        # COMMIT would end the savepoint too: take the lock before it exists.
        if connection.info.get(_STATE) == "read":
            _take_write_lock(connection)

    @event.listens_for(engine, "handle_error")
    def _handle(context) -> None:
        if isinstance(context.original_exception, sqlite3.OperationalError) and _is_busy(
            context.original_exception
        ):
            raise DatabaseBusy(BUSY_MESSAGE) from context.original_exception


def _take_write_lock(connection: Connection) -> None:
    """End the read-only part of this transaction and start a BEGIN IMMEDIATE one,
    waiting up to the busy timeout for the write lock."""
    dbapi = connection.connection.dbapi_connection
    dbapi.execute("COMMIT")  # it has written nothing: this only ends its snapshot
    try:
        dbapi.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        if not _is_busy(exc):
            raise
        dbapi.execute("BEGIN")  # keep the connection in a transaction for the rollback
        raise DatabaseBusy(BUSY_MESSAGE) from exc
    connection.info[_STATE] = "write"


def lock_for_write(session: Session) -> None:
    """Before a read-then-write: on SQLite, hold the database's write lock from here
    to the commit (waiting for another writer; DatabaseBusy after the busy timeout).
    On PostgreSQL a no-op: lock the rows themselves (``with_for_update``)."""
    connection = session.connection()
    if connection.dialect.name == "sqlite" and connection.info.get(_STATE) == "read":
        _take_write_lock(connection)


def make_engine(url: str | None = None, *, busy_timeout_s: float | None = None) -> Engine:
    url = database_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        timeout = busy_timeout(busy_timeout_s)
        engine = create_engine(url, connect_args={"timeout": timeout})
        _sqlite_listeners(engine, timeout)
        return engine
    if parsed.get_backend_name() == "postgresql" and parsed.get_driver_name() in ("", "psycopg2"):
        url = str(parsed.set(drivername="postgresql+psycopg"))
    return create_engine(url, pool_pre_ping=True)


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """One transaction: committed if the block succeeds, rolled back if it raises.
    On SQLite it takes the write lock only when it first writes (see above)."""
    with Session(engine, expire_on_commit=False) as session, session.begin():
        yield session
