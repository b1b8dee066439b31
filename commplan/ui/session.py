"""Who is working, in which workspace: the sidebar and session-state defaults."""

from __future__ import annotations

import streamlit as st

from commplan.store import StoreError
from commplan.store.models import Workspace
from commplan.store.seed import seed_workspace
from commplan.store.workspaces import DEFAULT_WORKSPACE, list_workspaces, open_workspace
from commplan.ui import auth, resources
from commplan.ui.auth import default_user
from commplan.ui.text import md


def _workspaces() -> list[tuple[int, str]]:
    with resources.store().session() as session:
        return [(w.id, w.name) for w in list_workspaces(session)]


# The workspace is kept in the page address too, so a reload (a new session) comes
# back to the workspace the person was working in.
WORKSPACE_PARAM = "workspace"


def _remembered(spaces: list[tuple[int, str]]) -> int:
    """The workspace named in the address, else the default workspace, else the first."""
    ids = [i for i, _ in spaces]
    wanted = st.query_params.get(WORKSPACE_PARAM, "")
    if wanted.isdigit() and int(wanted) in ids:
        return int(wanted)
    return next((i for i, name in spaces if name == DEFAULT_WORKSPACE), ids[0])


def ensure_defaults() -> list[tuple[int, str]]:
    """Session defaults every page relies on, so each page also runs on its own."""
    auth.gate()  # sign-in (issue 13): only the sign-in screen until someone is signed in
    st.session_state.setdefault("user", default_user())
    spaces = _workspaces()
    if not spaces:  # signed in, but a member of no workspace yet
        _no_workspace()
    # A switch asked for in the last run (e.g. a new workspace) is applied here, before
    # the selector exists: a widget's value cannot be set once it is drawn.
    switch = st.session_state.pop("_switch_workspace", None)
    if switch in [i for i, _ in spaces]:
        st.session_state["workspace_id"] = switch
    if st.session_state.get("workspace_id") not in [i for i, _ in spaces]:
        st.session_state["workspace_id"] = _remembered(spaces)
    st.query_params[WORKSPACE_PARAM] = str(st.session_state["workspace_id"])
    show_flash()
    return spaces


# Streamlit's captions (and the small help text under widgets) are #828180 on white
# (3.9:1); WCAG AA asks 4.5:1 for small text. The body's text colour at 80% gives
# about 6.5:1 on the light theme and 12:1 on the dark one. Fixed CSS, no user text;
# st.html with only a <style> takes no space. Every page gets it (sidebar() runs
# before each page).
CONTRAST_CSS = (
    "<style>[data-testid='stCaptionContainer'],"
    "[data-testid='stWidgetLabel'] small{color:inherit !important;opacity:0.8}"
    # The studio's verdict is a level-2 heading (heading order under the page title)
    # but a sentence long: sized like a level-3 one.
    ".st-key-studio_verdict h2{font-size:1.5rem;line-height:1.3}</style>"
)


def sidebar() -> None:
    """Workspace selector and the current user's name (kept in session state); also
    the page-wide caption contrast."""
    st.html(CONTRAST_CSS)
    spaces = ensure_defaults()
    ids = [i for i, _ in spaces]
    names = dict(spaces)
    with st.sidebar:
        st.selectbox("Workspace", ids, format_func=names.get, key="workspace_id")
        auth.sidebar_identity()  # sign-in (issue 13): who is signed in, or "Your name"
        with st.popover("New workspace"), st.form("new_workspace_form", clear_on_submit=True):
            name = st.text_input("Name", key="new_workspace_name")
            if st.form_submit_button("Create workspace"):
                create_workspace(name)


def create_workspace(name: str) -> None:
    if not name.strip():
        st.error("Give the new workspace a name.")
        return
    try:
        with (
            st.spinner("Creating the workspace with the default library…"),
            resources.store().session() as session,
        ):
            workspace = seed_workspace(session, name, user())
    except StoreError as exc:
        st.error(md(str(exc), lines=True))
    else:
        st.session_state["_switch_workspace"] = workspace.id
        flash(f"Created the workspace {md(workspace.name)}.")
        st.rerun()


def flash(message: str) -> None:
    """A confirmation shown once on the next run (a save usually reruns the page).
    The message is Markdown: pass any user text in it through ``md()``."""
    st.session_state.setdefault("_flash", []).append(message)


def show_flash() -> None:
    for message in st.session_state.pop("_flash", []):
        st.toast(message, icon=":material/check_circle:")


def user() -> str:
    return auth.acting_name()  # sign-in (issue 13): the signed-in name, else "Your name"


def workspace() -> Workspace:
    ensure_defaults()
    with resources.store().session() as session:
        return open_workspace(session, st.session_state["workspace_id"])


def _no_workspace() -> None:
    """A signed-in person who is a member of no workspace: say so, offer to start one,
    and show nothing else (but who is signed in, and the way to sign out)."""
    with st.sidebar:
        auth.sidebar_identity()
    st.info(
        "You are not a member of any workspace yet. Ask an owner of your team's "
        "workspace to add you (by your sign-in email), or start a workspace of your own."
    )
    with st.form("first_workspace_form", clear_on_submit=True):
        name = st.text_input("New workspace name", key="first_workspace_name")
        if st.form_submit_button("Create workspace"):
            create_workspace(name)
    st.stop()
