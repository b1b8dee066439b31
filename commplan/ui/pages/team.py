"""Team: the workspace's members and their roles, and the activity log (who changed
what, and when), with filters and a download. The store checks every change
against the person's role; this page only spares people forms they cannot use."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from commplan.store import StoreError
from commplan.store.access import ACTIONS, PERMISSIONS, ROLES, role_of
from commplan.store.audit import KINDS, export_bytes, list_events, people
from commplan.store.workspaces import add_member, list_members, remove_member, set_role
from commplan.ui import resources, session
from commplan.ui.text import md
from commplan.wording import plural

ROLE_LABELS = {
    "owner": "Owner",
    "editor": "Editor",
    "reviewer": "Reviewer",
    "viewer": "Viewer",
    "aggregates": "Family comments (counts and themes only)",
}
PAGE_SIZE = 50

workspace = session.workspace()
st.title("Team")
st.caption(md(f"Workspace: {workspace.name}"))
members_tab, activity_tab = st.tabs(["Members", "Activity"])


def _change(action, *args, done: str) -> None:
    """One member change in one transaction; the store's message if it is refused."""
    try:
        with resources.store().session() as s:
            action(s, workspace, *args)
    except StoreError as exc:
        st.error(md(str(exc), lines=True))
    else:
        session.flash(done)
        st.rerun()


with members_tab:
    with resources.store().session() as s:
        mine = role_of(s, workspace.id)
        rows = [(m.name, m.email or "", m.role, m.first_seen) for m in list_members(s, workspace)]
    st.dataframe(
        pd.DataFrame(
            [(n, e, ROLE_LABELS.get(r, r), f) for n, e, r, f in rows],
            columns=["Name", "Email", "Role", "First seen (UTC)"],
        ),
        hide_index=True,
        width="stretch",
    )
    with st.expander("What each role may do"):
        table = [
            [ACTIONS[a].capitalize(), *("yes" if a in PERMISSIONS[r] else "" for r in ROLES)]
            for a in ACTIONS
        ]
        st.dataframe(
            pd.DataFrame(
                table,
                columns=["", *[ROLE_LABELS[r].split(" (")[0] for r in ROLES]],
            ),
            hide_index=True,
            width="stretch",
        )
        st.caption(
            "Everyone who is a member can read the workspace; the family-comments role sees "
            "counts, charts and theme summaries, never names, contact details or what people "
            "wrote."
        )
    if mine != "owner":
        st.info("Only owners can add members or change roles.")
    else:
        with st.form("add_member_form", clear_on_submit=True):
            st.subheader("Add a member")
            email = st.text_input("Email", key="member_email")
            name = st.text_input("Name (optional)", key="member_name")
            role = st.selectbox(
                "Role", ROLES, index=ROLES.index("editor"), format_func=ROLE_LABELS.get,
                key="member_role",
            )  # the usual choice; "owner" is given on purpose, not by default
            if st.form_submit_button("Add member"):
                _change(add_member, email, role, name, done=f"Added {md(email.strip())}.")
        people_choices = [e or n for n, e, _, _ in rows]
        if people_choices:
            st.subheader("Change a role or remove a member")
            who = st.selectbox("Member", people_choices, key="member_who", format_func=md)
            new_role = st.selectbox(
                "New role", ROLES, format_func=ROLE_LABELS.get, key="member_new_role"
            )
            c1, c2 = st.columns(2)
            if c1.button("Change role", key="member_set_role"):
                _change(set_role, who, new_role, done=f"{md(who)} is now {ROLE_LABELS[new_role]}.")
            if c2.button("Remove from workspace", key="member_remove"):
                _change(remove_member, who, done=f"Removed {md(who)}.")


with activity_tab:
    with resources.store().session() as s:
        names = people(s, workspace)
    c1, c2, c3, c4 = st.columns(4)
    kinds = c1.multiselect("What", KINDS, key="activity_kinds")
    person = c2.selectbox("Who", ["", *names], format_func=lambda n: md(n) or "Anyone",
                          key="activity_person")  # fmt: skip
    since = c3.date_input("From", value=None, key="activity_since")
    until = c4.date_input("To", value=None, key="activity_until")
    filters = {
        "kinds": kinds,
        "person": person or None,
        "since": since if isinstance(since, date) else None,
        "until": until if isinstance(until, date) else None,
    }
    if filters["since"] and filters["until"] and filters["since"] > filters["until"]:
        st.warning("The 'From' date is after the 'To' date: nothing can match.")
    page = int(st.session_state.get("activity_page", 1))
    with resources.store().session() as s:
        found = list_events(s, workspace, page=page, page_size=PAGE_SIZE, **filters)
    st.caption(
        f"{plural(found.total, 'change')}; page {found.page} of {found.pages}. Times are UTC."
    )
    st.dataframe(
        pd.DataFrame(
            [
                (e.at, e.actor_name, e.actor_email or "", e.action, e.kind, e.summary)
                for e in found.events
            ],
            columns=["When (UTC)", "Who", "Email", "Action", "What", "Summary"],
        ),
        hide_index=True,
        width="stretch",
    )
    if found.pages > 1:
        st.number_input(
            "Page", min_value=1, max_value=found.pages, value=found.page, key="activity_page"
        )
    fmt = st.radio("Download as", ["csv", "xlsx"], horizontal=True, key="activity_format")
    with resources.store().session() as s:
        data = export_bytes(s, workspace, fmt, **filters)
    st.download_button(
        "Download the activity log",
        data,
        file_name=f"activity.{fmt}",
        mime="text/csv"
        if fmt == "csv"
        else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="activity_download",
    )
