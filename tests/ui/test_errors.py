"""An unexpected exception on a page: one plain message, no traceback, details in
the server log only."""

from __future__ import annotations

import logging

from streamlit.testing.v1 import AppTest

from commplan.ui import resources
from tests.ui.conftest import APP

SECRET = "/srv/commplan/secret-path.db: no such table: drafts"


def boom(*args, **kwargs):
    raise RuntimeError(SECRET)


def all_text(at: AppTest) -> str:
    parts = []
    for kind in ("markdown", "caption", "error", "warning", "info", "exception", "code", "text"):
        parts += [str(getattr(e, "value", "")) for e in at.get(kind)]
    return "\n".join(parts)


def test_a_failing_page_shows_one_plain_message(database, monkeypatch, caplog):
    monkeypatch.setattr(resources, "documents", boom)
    logger = logging.getLogger("commplan.ui")  # Streamlit's loggers do not propagate
    logger.addHandler(caplog.handler)
    try:
        at = AppTest.from_file(APP, default_timeout=90).run()
    finally:
        logger.removeHandler(caplog.handler)
    assert not at.exception  # no traceback block
    (error,) = at.error
    assert error.value.startswith("Something went wrong on this page; nothing was saved")
    assert SECRET not in all_text(at) and "RuntimeError" not in all_text(at)
    # The details are logged, with the reference the message quotes.
    logged = [r for r in caplog.records if r.name == "commplan.ui"]
    assert logged and logged[0].exc_info and SECRET in str(logged[0].exc_info[1])
    ref = logged[0].args[-1]
    assert f"reference {ref}" in error.value


def test_a_working_page_shows_no_error(database):
    at = AppTest.from_file(APP, default_timeout=90).run()
    assert not at.exception and not at.error
    assert at.title[0].value == "Draft studio"


def test_a_refused_change_shows_the_role_message(database, monkeypatch):
    """A PermissionDenied no page caught shows the store's message, not 'Something went
    wrong'."""
    from commplan.store.access import PermissionDenied

    message = "Viewers can't edit plans in 'District office'. Ask an owner for editor access."

    def refuse(*args, **kwargs):
        raise PermissionDenied(message)

    monkeypatch.setattr(resources, "documents", refuse)
    at = AppTest.from_file(APP, default_timeout=90).run()
    assert not at.exception
    (error,) = at.error
    from tests.ui.conftest import shown

    assert shown(error.value) == message
