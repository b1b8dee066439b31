"""Who is working, in which workspace: the sidebar and session-state defaults."""

from __future__ import annotations

import getpass
import os

import streamlit as st

from commplan.store import StoreError
from commplan.store.models import Workspace
from commplan.store.seed import seed_workspace
from commplan.store.workspaces import list_workspaces
from commplan.ui import resources
from commplan.ui.text import md


def default_user() -> str:
    return os.environ.get("COMMPLAN_USER") or getpass.getuser() or "commplan user"


def _workspaces() -> list[tuple[int, str]]:
    with resources.store().session() as session:
        return [(w.id, w.name) for w in list_workspaces(session)]


def ensure_defaults() -> list[tuple[int, str]]:
    """Session defaults every page relies on, so each page also runs on its own."""
    st.session_state.setdefault("user", default_user())
    spaces = _workspaces()
    if st.session_state.get("workspace_id") not in [i for i, _ in spaces]:
        st.session_state["workspace_id"] = spaces[0][0]
    return spaces


def sidebar() -> None:
    """Workspace selector and the current user's name (kept in session state)."""
    spaces = ensure_defaults()
    ids = [i for i, _ in spaces]
    names = dict(spaces)
    with st.sidebar:
        st.selectbox("Workspace", ids, format_func=names.get, key="workspace_id")
        st.text_input(
            "Your name", key="user", help="Saved with every change until sign-in is set up."
        )
        with st.popover("New workspace"):
            name = st.text_input("Name", key="new_workspace_name")
            if st.button("Create workspace", key="create_workspace") and name.strip():
                try:
                    with (
                        st.spinner("Creating the workspace with the default library…"),
                        resources.store().session() as session,
                    ):
                        workspace = seed_workspace(session, name, user())
                except StoreError as exc:
                    st.error(md(str(exc), lines=True))
                else:
                    st.session_state["workspace_id"] = workspace.id
                    st.rerun()


def user() -> str:
    return (st.session_state.get("user") or "").strip() or default_user()


def workspace() -> Workspace:
    ensure_defaults()
    with resources.store().session() as session:
        return session.get(Workspace, st.session_state["workspace_id"])
