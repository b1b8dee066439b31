"""Process-wide resources, cached once per server process (``st.cache_resource``)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

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


class _SignedInStore(Store):
    """Every session is opened for the person using this page (issue 13): the store
    checks their role on every write. Signed in: that person. Sign-in configured but
    nobody signed in: someone who is a member of nothing (the gate shows only the
    sign-in screen anyway). Local mode: nobody bound, everything allowed, and the
    activity log names the "Your name" value."""

    @contextmanager
    def session(self) -> Iterator:  # of Session (only the store imports SQLAlchemy)
        with super().session() as session:
            bind_identity(session)
            yield session


def bind_identity(session) -> None:
    from commplan.store.access import Actor, bind_actor, bind_local_name
    from commplan.ui import auth

    identity = auth.current_identity()
    if identity.signed_in:
        bind_actor(session, Actor(identity.name or identity.email or "", identity.email))
    elif auth.auth_configured():
        bind_actor(session, Actor("(not signed in)", None))
    else:
        bind_actor(session, None)
        bind_local_name(session, identity.name)


@st.cache_resource(show_spinner="Opening the database…")
def store() -> Store:
    """The database named by COMMPLAN_DATABASE_URL (or the embedded file), upgraded."""
    db = Store()
    db.upgrade()  # as the system, not as whoever opened the first page
    return _SignedInStore(db.url, engine=db.engine)


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
