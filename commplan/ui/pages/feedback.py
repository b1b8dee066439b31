"""Feedback: log what interest holders said, review it, and close the loop
("you said, we did"). User text is shown as plain text or in tables, never as HTML.

This file only chooses the tab; each tab lives in ``commplan/ui/feedback_tabs/``.
Only the chosen tab runs, and its name is in the address (``?tab=Review``), so a
reload or a shared link comes back to it."""

from __future__ import annotations

import streamlit as st

from commplan.store import StoreError
from commplan.ui.feedback_tabs import TABS, FeedbackContext
from commplan.ui.text import md

TAB_KEY = "tab"  # session key of the tabs, and the query parameter in the address
LAST_TAB = "_feedback_tab"  # the tab chosen, kept while other pages are open


def _remember_tab() -> None:
    st.session_state[LAST_TAB] = st.session_state.get(TAB_KEY)


st.title("Feedback: what interest holders told us")
st.caption(
    "Log what families, staff, partners and policymakers tell you, see it by audience, "
    "week, channel and theme, and close the loop: record what you decided and when you "
    "told them back (“you said, we did”)."
)

# Streamlit forgets the value of a widget that is not drawn in a run: the widgets of
# the tabs not open would lose what was chosen or typed in them. Setting a value
# through session state keeps it. None is every such widget's own default, and set
# this way a selectbox would show its placeholder instead of "All plans".
for tab in TABS:
    for key in tab.keep:
        if st.session_state.get(key) is not None:
            st.session_state[key] = st.session_state[key]
# Back from another page: the tab that was open (the address has none then).
last_tab = st.session_state.get(LAST_TAB)
if (
    TAB_KEY not in st.session_state
    and TAB_KEY not in st.query_params
    and last_tab in [t.label for t in TABS]
):
    st.session_state[TAB_KEY] = last_tab

try:
    ctx = FeedbackContext.current()
except StoreError as exc:
    st.error(md(str(exc), lines=True))
    st.stop()

containers = st.tabs(
    [t.label for t in TABS], key=TAB_KEY, bind="query-params", on_change=_remember_tab
)
for container, tab in zip(containers, TABS, strict=True):
    if container.open:
        with container:
            tab.render(ctx)
