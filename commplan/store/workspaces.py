"""Workspaces (a communications team) and the people seen in them."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from .errors import NotFound
from .models import Member, Workspace

DEFAULT_WORKSPACE = "My workspace"


def get_workspace(session: Session, name: str) -> Workspace:
    workspace = session.scalar(select(Workspace).where(Workspace.name == name))
    if workspace is None:
        raise NotFound(f"no workspace named {name!r}")
    return workspace


def list_workspaces(session: Session) -> list[Workspace]:
    return list(session.scalars(select(Workspace).order_by(Workspace.name)))


def create_workspace(session: Session, name: str, by: str) -> Workspace:
    from .records import flush  # records uses note_member from here

    workspace = Workspace(name=name.strip(), created_by=by, updated_by=by)
    session.add(workspace)
    flush(session, "workspace")
    note_member(session, workspace, by)
    return workspace


def note_member(session: Session, workspace: Workspace, name: str) -> None:
    exists = session.scalar(
        select(Member.id).where(Member.workspace_id == workspace.id, Member.name == name)
    )
    if exists is None:
        session.add(Member(workspace_id=workspace.id, name=name))
