"""Migrated, seeded databases for tests, copied from a template.

Running Alembic and seeding the default library for every test took about
0.8 s on SQLite and longer on PostgreSQL, most of the storage tests' time.
Instead, each test process builds one template per backend with the very same
call the app makes (``Store(url).upgrade()``) and every test gets its own copy
of it: a file copy on SQLite, ``CREATE DATABASE ... TEMPLATE`` on PostgreSQL.
Nothing one test writes is seen by another. The template is rebuilt when the
date changes, since the seeded example plan's dates count from today.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from datetime import date
from pathlib import Path

_sqlite: dict[date, Path] = {}


def _build(url: str) -> None:
    from commplan.store import Store

    store = Store(url)
    try:
        store.upgrade()
    finally:
        store.dispose()


def sqlite_template() -> Path:
    """This process's migrated, seeded SQLite file for today (built on first use)."""
    today = date.today()
    if today not in _sqlite:
        directory = Path(tempfile.mkdtemp(prefix="commplan-template-"))
        atexit.register(shutil.rmtree, directory, ignore_errors=True)
        path = directory / "template.db"
        _build(f"sqlite:///{path}")
        # Every connection is closed, so the write-ahead log has been folded into
        # the file: the file alone is the whole database.
        leftovers = [p.name for p in directory.iterdir() if p != path]
        if leftovers:
            raise RuntimeError(f"the template database left {leftovers} behind")
        _sqlite[today] = path
    return _sqlite[today]


def copy_sqlite(url: str) -> str:
    """Fill the (not yet existing) SQLite database at ``url`` with a copy of the
    template; returns ``url``."""
    from sqlalchemy.engine import make_url

    target = Path(make_url(url).database)
    if target.exists():
        raise RuntimeError(f"{target} exists already: a template copy would overwrite it")
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(sqlite_template(), target)
    return url


def migrated_sqlite_url(directory: Path, name: str = "commplan.db") -> str:
    """A new migrated, seeded SQLite database in ``directory``."""
    return copy_sqlite(f"sqlite:///{directory / name}")


def postgres_template(cluster) -> str:
    """The cluster's migrated, seeded template database for today (built on first
    use); returns its name."""
    templates = cluster.templates
    today = date.today()
    if today not in templates:
        url = cluster.new_database()
        _build(url)  # disposes its engine: CREATE DATABASE ... TEMPLATE needs no one connected
        templates[today] = url.rsplit("/", 1)[1]
    return templates[today]


def migrated_postgres_url(cluster) -> str:
    """A new migrated, seeded PostgreSQL database on ``cluster``."""
    return cluster.new_database(template=postgres_template(cluster))
