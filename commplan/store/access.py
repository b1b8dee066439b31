"""Who may do what in a workspace: roles, the person making a change, and the check
every write goes through.

A session carries the person working (:func:`bind_actor`). With nobody bound the
store is in local single-user mode: everything is allowed, as before sign-in
existed. With someone bound, every flush is checked here (one ``before_flush``
listener for every model), and so are the few bulk paths that write with Core
statements (imports, bulk deletes, analysis): :func:`require`. A refused change
raises :class:`PermissionDenied` before any SQL of it is sent, so nothing is
half-written.

A person's role in a workspace is their ``Member.role`` there, found by email
(or by name when they have no email). People listed in ``COMMPLAN_ADMINS``
(comma-separated emails) are owners of every workspace, so a new team
deployment has a way in.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from sqlalchemy import event, func, select
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.orm import Session

from .errors import StoreError

ROLES = ("owner", "editor", "reviewer", "viewer", "aggregates")
ADMINS_ENV = "COMMPLAN_ADMINS"

# What each role is called in a sentence ("Viewers can't ...").
ROLE_NAMES = {
    "owner": "Owners",
    "editor": "Editors",
    "reviewer": "Reviewers",
    "viewer": "Viewers",
    "aggregates": "Family-comments readers",
}

# The kinds of change, and how a sentence names them.
ACTIONS = {
    "plans": "edit plans",
    "drafts": "edit drafts",
    "message_tests": "edit message tests",
    "responses": "add, change or delete responses",
    "imports": "import responses",
    "themes": "edit themes",
    "loop_status": "change the \"you said, we did\" status of responses",
    "library": "edit the message library",
    "audiences": "edit audience profiles",
    "members": "change who is a member",
    "workspace": "rename or delete the workspace",
}

# The permission table: the one place that says what each role may do.
_EDITING = frozenset(
    {"plans", "drafts", "message_tests", "responses", "imports", "themes", "loop_status"}
)
PERMISSIONS: dict[str, frozenset[str]] = {
    "owner": frozenset(ACTIONS),
    "editor": _EDITING,
    "reviewer": frozenset({"loop_status"}),
    "viewer": frozenset(),
    "aggregates": frozenset(),
}
# Roles that may read individual responses with the respondent's details and words.
SEES_IDENTIFYING = frozenset({"owner", "editor", "reviewer", "viewer"})


class PermissionDenied(StoreError):
    """The person working may not make this change (or see this workspace)."""


@dataclass(frozen=True)
class Actor:
    name: str
    email: str | None = None


ACTOR_KEY = "actor"
LOCAL_NAME_KEY = "commplan_local_name"
LOCAL_USER = "local user"


def bind_actor(session: Session, actor: Actor | None) -> None:
    """The person every change in this session is made by; None: local single-user
    mode (everything allowed)."""
    if actor is None:
        session.info.pop(ACTOR_KEY, None)
    else:
        session.info[ACTOR_KEY] = actor


def bind_local_name(session: Session, name: str | None) -> None:
    """In local mode, the name the activity log records (the "Your name" box) when a
    change does not carry one itself (a deletion)."""
    session.info[LOCAL_NAME_KEY] = (name or "").strip() or None


def actor_of(session: Session) -> Actor | None:
    return session.info.get(ACTOR_KEY)


def admins() -> frozenset[str]:
    """Emails named in COMMPLAN_ADMINS: owners of every workspace."""
    raw = os.environ.get(ADMINS_ENV, "")
    return frozenset(e.strip().casefold() for e in raw.split(",") if e.strip())


def is_admin(actor: Actor) -> bool:
    return bool(actor.email) and actor.email.strip().casefold() in admins()


def normal_email(email: str | None) -> str | None:
    email = (email or "").strip()
    return email.casefold() or None


_CREATED = "commplan_created_workspaces"


def note_created_workspace(session: Session, workspace_id: int) -> None:
    """The bound person created this workspace in this session: they own it."""
    session.info.setdefault(_CREATED, set()).add(workspace_id)


def role_of(session: Session, workspace_id: int) -> str | None:
    """The bound person's role in the workspace: "owner" in local mode, for admins
    and in a workspace they just created; None if they are not a member."""
    actor = actor_of(session)
    if actor is None or is_admin(actor) or workspace_id in session.info.get(_CREATED, ()):
        return "owner"
    from .models import Member

    email = normal_email(actor.email)
    with session.no_autoflush:
        if email:
            found = session.scalar(
                select(Member.role).where(
                    Member.workspace_id == workspace_id, func.lower(Member.email) == email
                )
            )
        else:
            found = session.scalar(
                select(Member.role).where(
                    Member.workspace_id == workspace_id,
                    Member.name == actor.name,
                    Member.email.is_(None),
                )
            )
    return found


def _workspace_name(session: Session, workspace_id: int) -> str:
    from .models import Workspace

    with session.no_autoflush:
        name = session.scalar(select(Workspace.name).where(Workspace.id == workspace_id))
    return name or f"workspace {workspace_id}"


def allowed(role: str | None, action: str) -> bool:
    return role is not None and action in PERMISSIONS.get(role, frozenset())


def require(session: Session, workspace_id: int, action: str) -> None:
    """Raise PermissionDenied unless the bound person may do ``action`` here."""
    role = role_of(session, workspace_id)
    if allowed(role, action):
        return
    where = _workspace_name(session, workspace_id)
    if role is None:
        raise PermissionDenied(
            f"You are not a member of {where!r}, so you can't see or change it. "
            "Ask one of its owners to add you."
        )
    who = ROLE_NAMES.get(role, role.capitalize())
    ask = "Ask an owner for editor access." if action in _EDITING else "Ask an owner."
    raise PermissionDenied(f"{who} can't {ACTIONS[action]} in {where!r}. {ask}")


def require_read(session: Session, workspace_id: int) -> None:
    """Raise PermissionDenied if the bound person is not a member of the workspace."""
    if role_of(session, workspace_id) is None:
        where = _workspace_name(session, workspace_id)
        raise PermissionDenied(
            f"You are not a member of {where!r}, so you can't see or change it. "
            "Ask one of its owners to add you."
        )


def sees_identifying(session: Session, workspace_id: int) -> bool:
    """Whether the bound person may see respondents' details and their own words."""
    return role_of(session, workspace_id) in SEES_IDENTIFYING


# ---- which change is which ---------------------------------------------------------

# Response fields a reviewer may change: the "you said, we did" status and note.
LOOP_FIELDS = frozenset({"status", "status_note", "told_back_draft_id"})
BOOKKEEPING = frozenset({"updated_by", "updated_at", "version"})


def changed_fields(record) -> set[str]:
    state = sa_inspect(record)
    return {a.key for a in state.attrs if a.history.has_changes()}


def _resolve(session: Session, model, record_id):
    if record_id is None:
        return None
    with session.no_autoflush:
        return session.get(model, record_id)


def workspace_id_of(session: Session, record) -> int | None:
    """The workspace a record belongs to, through its parents if need be (a new
    record may have only its parent object set, or only its parent's id)."""
    from . import models as m

    if isinstance(record, m.Workspace):
        return record.id
    if getattr(record, "workspace_id", None) is not None:
        return record.workspace_id
    parent = None
    if isinstance(record, m.Milestone | m.PlanItem):
        parent = record.plan or _resolve(session, m.Plan, record.plan_id)
    elif isinstance(record, m.ListeningLoop):
        parent = record.plan_item or _resolve(session, m.PlanItem, record.plan_item_id)
    elif isinstance(record, m.DraftVersion):
        parent = record.draft or _resolve(session, m.Draft, record.draft_id)
    elif isinstance(record, m.ResponseAnswer | m.ResponseTheme):
        parent = record.response or _resolve(session, m.Response, record.response_id)
    elif isinstance(record, m.MessageVariant):
        parent = record.test or _resolve(session, m.MessageTest, record.test_id)
    elif isinstance(record, m.VariantOutcome):
        parent = record.variant or _resolve(session, m.MessageVariant, record.variant_id)
    if parent is None:
        return None
    return workspace_id_of(session, parent)


def action_of(record, change: str) -> str | None:
    """The kind of change (a key of ACTIONS) a new/dirty/deleted record is; None for
    records the store writes itself (the activity log)."""
    from . import models as m

    if isinstance(record, m.Response) and change == "dirty":
        if changed_fields(record) <= LOOP_FIELDS | BOOKKEEPING:
            return "loop_status"
        return "responses"
    table = {
        m.Workspace: "workspace",
        m.Member: "members",
        m.LibraryEntry: "library",
        m.AudienceProfile: "audiences",
        m.Plan: "plans",
        m.Milestone: "plans",
        m.PlanItem: "plans",
        m.ListeningLoop: "plans",
        m.Draft: "drafts",
        m.DraftVersion: "drafts",
        m.Response: "responses",
        m.ResponseAnswer: "responses",
        m.ResponseTheme: "responses",
        m.Theme: "themes",
        m.MessageTest: "message_tests",
        m.MessageVariant: "message_tests",
        m.VariantOutcome: "message_tests",
    }
    if isinstance(record, m.Revision):
        return "library" if record.kind == "library" else "audiences"
    return table.get(type(record))


@event.listens_for(Session, "before_flush")
def _check_before_flush(session: Session, _context, _instances) -> None:
    """Every ORM write: the bound person's role must allow it, before any SQL."""
    if actor_of(session) is None:
        return
    from .models import Workspace

    checks: dict[tuple[int, str], None] = {}
    for change, records in (
        ("new", session.new),
        ("dirty", [r for r in session.dirty if session.is_modified(r)]),
        ("deleted", session.deleted),
    ):
        for record in records:
            if isinstance(record, Workspace) and change == "new":
                continue  # anyone signed in may start a workspace; they own it
            action = action_of(record, change)
            if action is None:
                continue
            workspace_id = workspace_id_of(session, record)
            if workspace_id is None:
                if isinstance(record, Workspace):
                    continue
                raise PermissionDenied(
                    "Not saved: this change does not belong to any workspace, so it "
                    "cannot be checked against your role."
                )
            checks[(workspace_id, action)] = None
    roles: dict[int, str | None] = {}
    for workspace_id, action in checks:
        if workspace_id not in roles:
            roles[workspace_id] = role_of(session, workspace_id)
        if not allowed(roles[workspace_id], action):
            require(session, workspace_id, action)  # raises with the message


# ---- what the family-comments role may see -----------------------------------------

HIDDEN = "(hidden: your role shows counts and themes, not what people wrote)"


def redact_responses(session: Session, workspace_id: int, responses: list) -> list:
    """The responses as the bound person may see them. For the "aggregates" role every
    identifying field is blanked: the respondent (name, email, contact, school), the
    answers in people's own words (which often name a child, a teacher or a school),
    the external survey id and the staff note. The records are detached from the
    session first, so the blanks can never be saved over the real values. Audience,
    channel, dates, ratings, sentiment, status and themes stay: they make the counts,
    charts and theme summaries."""
    if not responses or sees_identifying(session, workspace_id):
        if responses and role_of(session, workspace_id) is None:
            require_read(session, workspace_id)
        return responses
    for response in responses:
        answers = list(response.answers)
        list(response.themes)  # loaded before detaching
        session.expunge(response)
        for answer in answers:
            if answer in session:
                session.expunge(answer)
            answer.answer = HIDDEN
        response.respondent = None
        response.external_id = None
        response.status_note = ""
    return responses
