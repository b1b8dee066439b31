"""AppTest harness: each test gets its own embedded database."""

from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from tests.dbtemplate import copy_sqlite

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "streamlit_app.py")


def page_path(name: str) -> str:
    return str(ROOT / "commplan" / "ui" / "pages" / f"{name}.py")


@pytest.fixture
def empty_database():
    """Asked for next to ``database``: the app starts on a new, empty database and
    migrates and seeds it itself, as on a first start."""


@pytest.fixture
def database(request, tmp_path, monkeypatch):
    """The app's own embedded database: already migrated and seeded, as the app's
    first ``Store.upgrade()`` leaves it (a copy of a template: tests/dbtemplate.py),
    or empty for a test that also asks for ``empty_database``."""
    url = f"sqlite:///{tmp_path / 'app.db'}"
    if "empty_database" not in request.fixturenames:
        copy_sqlite(url)
    monkeypatch.setenv("COMMPLAN_DATABASE_URL", url)
    monkeypatch.setenv("COMMPLAN_USER", "tester")
    st.cache_resource.clear()  # the cached Store points at the previous test's database
    yield url
    st.cache_resource.clear()


@pytest.fixture
def page(database):
    """page("plans") -> an AppTest of that page, run once."""

    def run(name: str) -> AppTest:
        # from_string, not from_file: running a page file puts commplan/ui/pages on
        # sys.path, where pages/audiences.py would shadow the `audiences` package.
        source = Path(page_path(name)).read_text("utf-8")
        return AppTest.from_string(source, default_timeout=90).run()

    return run


def shown(markdown: str) -> str:
    """What the browser shows for Markdown built with commplan.ui.text.md: backslash
    escapes and the zero-width word joiners dropped."""
    from commplan.ui.text import unescape

    return unescape(markdown)
