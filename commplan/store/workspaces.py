"""Workspaces (a communications team), their members and roles."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .access import (
    ROLES,
    PermissionDenied,
    actor_of,
    is_admin,
    normal_email,
    note_created_workspace,
    require,
    require_read,
)
from .errors import InvalidRecord, NotFound
from .models import Member, Workspace

DEFAULT_WORKSPACE = "My workspace"


def get_workspace(session: Session, name: str) -> Workspace:
    workspace = session.scalar(select(Workspace).where(Workspace.name == name))
    if workspace is None:
        raise NotFound(f"no workspace named {name!r}")
    require_read(session, workspace.id)
    return workspace


def open_workspace(session: Session, workspace_id: int) -> Workspace:
    """The workspace with this id, if the person working may see it."""
    workspace = session.get(Workspace, workspace_id)
    if workspace is None:
        raise NotFound(f"no workspace with id {workspace_id}")
    require_read(session, workspace.id)
    return workspace


def list_workspaces(session: Session) -> list[Workspace]:
    """The workspaces the person working may see (all of them in local mode)."""
    query = select(Workspace).order_by(Workspace.name)
    actor = actor_of(session)
    if actor is not None and not is_admin(actor):
        email = normal_email(actor.email)
        mine = select(Member.workspace_id)
        if email:
            mine = mine.where(func.lower(Member.email) == email)
        else:
            mine = mine.where(Member.name == actor.name, Member.email.is_(None))
        query = query.where(Workspace.id.in_(mine))
    return list(session.scalars(query))


def create_workspace(session: Session, name: str, by: str) -> Workspace:
    """A new workspace; a signed-in creator becomes its owner."""
    from .records import flush  # records uses note_member from here

    workspace = Workspace(name=name.strip(), created_by=by, updated_by=by)
    session.add(workspace)
    flush(session, "workspace")
    actor = actor_of(session)
    if actor is None:
        note_member(session, workspace, by)
    else:
        note_created_workspace(session, workspace.id)
        session.add(
            Member(
                workspace_id=workspace.id,
                name=actor.name,
                email=normal_email(actor.email),
                role="owner",
            )
        )
        flush(session, "member")
    return workspace


def note_member(session: Session, workspace: Workspace, name: str) -> None:
    """Local mode: remember a name seen making changes. With sign-in, membership is
    given by owners (add_member), never by making a change."""
    if actor_of(session) is not None:
        return
    exists = session.scalar(
        select(Member.id).where(Member.workspace_id == workspace.id, Member.name == name)
    )
    if exists is None:
        session.add(Member(workspace_id=workspace.id, name=name))


# ---- members (owners only: the store checks every change, see access.py) ------------


def list_members(session: Session, workspace: Workspace) -> list[Member]:
    require_read(session, workspace.id)
    return list(
        session.scalars(
            select(Member)
            .where(Member.workspace_id == workspace.id)
            .order_by(Member.role != "owner", Member.name)
        )
    )


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise InvalidRecord(f"Not saved: the role must be one of {', '.join(ROLES)}, not {role!r}.")


def _find(session: Session, workspace: Workspace, who: str) -> Member:
    """A member by email (any capitalisation) or, failing that, by name."""
    who = who.strip()
    member = session.scalar(
        select(Member).where(
            Member.workspace_id == workspace.id, func.lower(Member.email) == who.casefold()
        )
    ) or session.scalar(
        select(Member).where(Member.workspace_id == workspace.id, Member.name == who)
    )
    if member is None:
        raise NotFound(f"{who!r} is not a member of {workspace.name!r}.")
    return member


def _owners(session: Session, workspace: Workspace) -> int:
    return session.scalar(
        select(func.count())
        .select_from(Member)
        .where(Member.workspace_id == workspace.id, Member.role == "owner")
    )


def add_member(
    session: Session, workspace: Workspace, email: str, role: str, name: str | None = None
) -> Member:
    """Add a person by email with a role (owners only)."""
    from .engine import lock_for_write
    from .records import flush

    require(session, workspace.id, "members")
    _check_role(role)
    clean = normal_email(email)
    if not clean or "@" not in clean or any(c.isspace() for c in clean):
        raise InvalidRecord(f"Not saved: {email.strip()!r} is not an email address.")
    lock_for_write(session)
    taken = session.scalar(
        select(Member.id).where(
            Member.workspace_id == workspace.id, func.lower(Member.email) == clean
        )
    )
    if taken is not None:
        raise InvalidRecord(f"Not saved: {clean} is already a member of {workspace.name!r}.")
    member = Member(
        workspace_id=workspace.id, name=(name or "").strip() or clean, email=clean, role=role
    )
    session.add(member)
    flush(session, "member")
    return member


def set_role(session: Session, workspace: Workspace, who: str, role: str) -> Member:
    """Change a member's role (owners only); the last owner stays an owner."""
    from .engine import lock_for_write
    from .records import flush

    require(session, workspace.id, "members")
    _check_role(role)
    lock_for_write(session)
    member = _find(session, workspace, who)
    if member.role == "owner" and role != "owner" and _owners(session, workspace) <= 1:
        raise PermissionDenied(
            f"Not saved: {member.name} is the last owner of {workspace.name!r}. Make someone "
            "else an owner first, so the workspace always has one."
        )
    member.role = role
    flush(session, "member")
    return member


def remove_member(session: Session, workspace: Workspace, who: str) -> None:
    """Remove a member (owners only); the last owner cannot be removed."""
    from .engine import lock_for_write
    from .records import flush

    require(session, workspace.id, "members")
    lock_for_write(session)
    member = _find(session, workspace, who)
    if member.role == "owner" and _owners(session, workspace) <= 1:
        raise PermissionDenied(
            f"Not removed: {member.name} is the last owner of {workspace.name!r}. Make "
            "someone else an owner first, so the workspace always has one."
        )
    session.delete(member)
    flush(session, "member")


def delete_workspace(session: Session, workspace: Workspace) -> None:
    """Delete the workspace with everything in it (owners only)."""
    from .records import flush

    require(session, workspace.id, "workspace")
    session.delete(session.get(Workspace, workspace.id))
    flush(session, "workspace")
