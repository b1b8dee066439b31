"""Process-wide resources, cached once per server process (``st.cache_resource``)."""

from __future__ import annotations

import streamlit as st
from spacy.language import Language

from audiences import AudienceSet
from commplan.nlp import get_nlp
from commplan.store import Store
from commplan.store.documents import (
    documents_stamp,
    load_workspace_audiences,
    load_workspace_library,
)
from commplan.store.models import Workspace
from message_library import Library


@st.cache_resource(show_spinner="Loading the language pipeline…")
def nlp() -> Language:
    return get_nlp()


@st.cache_resource(show_spinner="Opening the database…")
def store() -> Store:
    """The database named by COMMPLAN_DATABASE_URL (or the embedded file), upgraded."""
    db = Store()
    db.upgrade()
    return db


@st.cache_resource(max_entries=8)
def _documents(workspace_id: int, stamp: int) -> tuple[Library, AudienceSet]:
    with store().session() as session:
        workspace = session.get(Workspace, workspace_id)
        return load_workspace_library(session, workspace), load_workspace_audiences(
            session, workspace
        )


def documents(workspace: Workspace) -> tuple[Library, AudienceSet]:
    """The workspace's library and audiences, rebuilt only after an edit."""
    with store().session() as session:
        stamp = documents_stamp(session, session.get(Workspace, workspace.id))
    return _documents(workspace.id, stamp)
