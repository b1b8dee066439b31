"""One plain message instead of a traceback when a page fails unexpectedly.

The details (traceback and a short reference) go to the server log only; the
person using the app sees what happened to their work and the reference to quote.
``client.showErrorDetails = "none"`` in .streamlit/config.toml covers what this
cannot catch (exceptions in widget callbacks, which Streamlit runs before the page).
"""

from __future__ import annotations

import secrets
from collections.abc import Callable

import streamlit as st
from streamlit.logger import get_logger

log = get_logger("commplan.ui")

UNEXPECTED = (
    "Something went wrong on this page; nothing was saved unless you saw a confirmation. "
    "Reload the page to try again. If it keeps happening, tell whoever runs commplan and "
    "quote reference {ref} (the details are in the server log)."
)


def run_safely(run: Callable[[], object], where: str) -> None:
    """Run a page; an unexpected exception is logged and shown as one plain message.
    A change the person's role does not allow (PermissionDenied, raised by the store
    wherever a page did not catch it) shows the store's own message: what they may
    not do, and whom to ask.

    Streamlit's own control flow (``st.rerun``, ``st.stop``, ``st.switch_page``) raises
    BaseException subclasses, which pass through untouched.
    """
    from commplan.store.access import PermissionDenied
    from commplan.ui.text import md

    try:
        run()
    except PermissionDenied as exc:
        st.error(md(str(exc), lines=True), icon=":material/lock:")
    except Exception:
        ref = secrets.token_hex(4)
        log.exception("Unexpected error on page %r (reference %s)", where, ref)
        st.error(UNEXPECTED.format(ref=ref), icon=":material/error:")
