"""The activity log: who changed what, and when, for plans (with their audiences and
listening loops), drafts, responses, message tests, themes, the message library,
audience profiles and members.

Every ORM change is noted before its flush (``before_flush``: what changed, while
the history is still there) and written right after it (``after_flush_postexec``,
with the new ids), on the flush's own connection: in the transaction of the
change, so a change rolled back leaves no event. The bulk paths (imports, bulk
deletes) call :func:`record` themselves, one event with counts. An event holds
the names of the fields changed and a short summary, never the text of responses.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import event, func, insert, select
from sqlalchemy.orm import Session

from . import models as m
from .access import LOCAL_NAME_KEY, LOCAL_USER, actor_of, changed_fields, require_read
from .base import utcnow

ACTIONS = ("created", "updated", "deleted", "imported", "analysed")
_PENDING = "commplan_audit_pending"
_QUIET = "commplan_audit_quiet"
SUMMARY_MAX = 500
NAME_MAX = 120

# Each model's own kind of thing in the log, or the parent it is part of.
_KIND = {
    m.Workspace: "workspace",
    m.Member: "member",
    m.LibraryEntry: "library entry",
    m.AudienceProfile: "audience",
    m.Plan: "plan",
    m.PlanItem: "plan audience",
    m.ListeningLoop: "listening loop",
    m.Draft: "draft",
    m.Response: "response",
    m.Theme: "theme",
    m.MessageTest: "message test",
}
KINDS = tuple(dict.fromkeys([*_KIND.values(), "responses"]))
_BOOKKEEPING = {"updated_at", "updated_by", "version", "created_at", "created_by"}


def _root(session: Session, record) -> tuple[Any, str | None]:
    """(the record the event is about, the part of it that changed). A new part may
    have only its parent's id set, not the parent itself: then it is looked up."""

    def parent(relationship: str, model, fk: str):
        found = getattr(record, relationship)
        if found is None and getattr(record, fk) is not None:
            with session.no_autoflush:
                found = session.get(model, getattr(record, fk))
        return found

    if isinstance(record, m.Milestone):
        return parent("plan", m.Plan, "plan_id"), "milestones"
    if isinstance(record, m.DraftVersion):
        return parent("draft", m.Draft, "draft_id"), "versions"
    if isinstance(record, m.ResponseAnswer):
        return parent("response", m.Response, "response_id"), "answers"
    if isinstance(record, m.ResponseTheme):
        return parent("response", m.Response, "response_id"), "themes"
    if isinstance(record, m.MessageVariant):
        return parent("test", m.MessageTest, "test_id"), "variants"
    if isinstance(record, m.VariantOutcome):
        variant = parent("variant", m.MessageVariant, "variant_id")
        if variant is None:
            return None, "outcomes"
        test = variant.test
        if test is None and variant.test_id is not None:
            with session.no_autoflush:
                test = session.get(m.MessageTest, variant.test_id)
        return test, "outcomes"
    return record, None


def _label(record) -> str:
    """A short name for the summary: names and titles, never what someone said."""
    if isinstance(record, m.Workspace | m.Plan | m.Theme | m.MessageTest | m.Member):
        return f"{_KIND[type(record)]} {record.name!r}"
    if isinstance(record, m.Draft):
        return f"draft {record.title!r}"
    if isinstance(record, m.LibraryEntry):
        return f"library entry {record.section}/{record.key}"
    if isinstance(record, m.AudienceProfile):
        return f"audience {record.key!r}"
    if isinstance(record, m.PlanItem):
        return f"plan audience {record.audience_key!r}"
    if isinstance(record, m.ListeningLoop):
        return "listening loop"
    if isinstance(record, m.Response):
        return "response" + (f" {record.id}" if record.id else "")
    return _KIND.get(type(record), type(record).__name__.lower())


@contextmanager
def quiet(session: Session) -> Iterator[None]:
    """Write without an event per record (an import, a new workspace's seed): the
    caller records one event for the whole."""
    before = session.info.get(_QUIET, False)
    session.info[_QUIET] = True
    try:
        yield
    finally:
        session.info[_QUIET] = before


def _actor(session: Session, by: str | None) -> tuple[str, str | None]:
    actor = actor_of(session)
    if actor is not None:
        return actor.name[:NAME_MAX], actor.email
    name = by or session.info.get(LOCAL_NAME_KEY) or LOCAL_USER
    return name[:NAME_MAX], None


@event.listens_for(Session, "before_flush")
def _note_changes(session: Session, _context, _instances) -> None:
    session.info.pop(_PENDING, None)
    if session.info.get(_QUIET):
        return
    events: dict[int, dict[str, Any]] = {}
    from .access import workspace_id_of

    for change, records in (
        ("new", list(session.new)),
        ("dirty", [r for r in session.dirty if session.is_modified(r)]),
        ("deleted", list(session.deleted)),
    ):
        for record in records:
            if isinstance(record, m.AuditEvent | m.Revision):
                continue
            root, part = _root(session, record)
            if root is None or type(root) not in _KIND:
                continue
            entry = events.get(id(root))
            if entry is None:
                entry = events[id(root)] = {
                    "root": root,
                    "action": "updated",
                    "fields": set(),
                    "workspace_id": workspace_id_of(session, root),
                    "by": None,
                    "entity_id": root.id,
                    "label": _label(root),
                }
            if part is None:
                if change == "new":
                    entry["action"] = "created"
                elif change == "deleted":
                    entry["action"] = "deleted"
                else:
                    entry["fields"] |= changed_fields(record) - _BOOKKEEPING
            elif entry["action"] == "updated":
                entry["fields"].add(part)
            by = getattr(root, "updated_by", None) if change != "deleted" else None
            entry["by"] = entry["by"] or by
    if events:
        session.info[_PENDING] = list(events.values())


@event.listens_for(Session, "after_flush_postexec")
def _write_changes(session: Session, _context) -> None:
    pending = session.info.pop(_PENDING, None)
    if not pending:
        return
    rows = []
    now = utcnow()
    for e in pending:
        workspace_id = e["workspace_id"]
        root = e["root"]
        if workspace_id is None:
            workspace_id = root.id if isinstance(root, m.Workspace) else None
        if workspace_id is None or (e["action"] == "deleted" and isinstance(root, m.Workspace)):
            continue  # a deleted workspace takes its log with it
        name, email = _actor(session, e["by"])
        fields = sorted(e["fields"]) if e["action"] == "updated" else []
        label = e["label"] if e["action"] != "created" else _label(root)
        summary = f"{label[0].upper()}{label[1:]} {e['action']}"
        if fields:
            summary += f" ({', '.join(f.replace('_', ' ') for f in fields)})"
        rows.append(
            {
                "workspace_id": workspace_id,
                "at": now,
                "actor_name": name,
                "actor_email": email,
                "action": e["action"],
                "kind": _KIND[type(root)],
                "entity_id": e["entity_id"] if e["entity_id"] is not None else root.id,
                "summary": summary[:SUMMARY_MAX],
                "fields": fields,
            }
        )
    if rows:
        session.connection().execute(insert(m.AuditEvent), rows)


def record(
    session: Session,
    workspace_id: int,
    action: str,
    kind: str,
    summary: str,
    *,
    entity_id: int | None = None,
    fields: list[str] | None = None,
    by: str | None = None,
) -> None:
    """One event written now, in the caller's transaction (bulk paths)."""
    name, email = _actor(session, by)
    session.connection().execute(
        insert(m.AuditEvent),
        [
            {
                "workspace_id": workspace_id,
                "at": utcnow(),
                "actor_name": name,
                "actor_email": email,
                "action": action,
                "kind": kind,
                "entity_id": entity_id,
                "summary": summary[:SUMMARY_MAX],
                "fields": list(fields or []),
            }
        ],
    )


# ---- reading and exporting ---------------------------------------------------------


@dataclass(frozen=True)
class ActivityPage:
    events: list[m.AuditEvent]
    total: int
    page: int
    page_size: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.page_size))


def _where(
    workspace: m.Workspace,
    kinds=(),
    person: str | None = None,
    since: date | None = None,
    until: date | None = None,
):
    where = [m.AuditEvent.workspace_id == workspace.id]
    kinds = list(kinds)
    if kinds:
        where.append(m.AuditEvent.kind.in_(kinds))
    if person and person.strip():
        who = person.strip().casefold()
        where.append(
            (func.lower(m.AuditEvent.actor_name) == who)
            | (func.lower(func.coalesce(m.AuditEvent.actor_email, "")) == who)
        )
    if since is not None:
        where.append(m.AuditEvent.at >= datetime(since.year, since.month, since.day))
    if until is not None:
        end = datetime(until.year, until.month, until.day) + timedelta(days=1)
        where.append(m.AuditEvent.at < end)
    return where


def list_events(
    session: Session,
    workspace: m.Workspace,
    *,
    kinds=(),
    person: str | None = None,
    since: date | None = None,
    until: date | None = None,
    page: int = 1,
    page_size: int = 100,
) -> ActivityPage:
    """The workspace's activity, newest first, filtered by kind, person (name or
    email, any capitalisation) and a date range (UTC days, both ends included)."""
    require_read(session, workspace.id)
    where = _where(workspace, kinds, person, since, until)
    page_size = min(max(int(page_size), 1), 1000)
    total = session.scalar(select(func.count()).select_from(m.AuditEvent).where(*where)) or 0
    pages = max(1, -(-total // page_size))
    page = min(max(int(page), 1), pages)
    events = list(
        session.scalars(
            select(m.AuditEvent)
            .where(*where)
            .order_by(m.AuditEvent.at.desc(), m.AuditEvent.id.desc())
            .limit(page_size)
            .offset((page - 1) * page_size)
        )
    )
    return ActivityPage(events, total, page, page_size)


def people(session: Session, workspace: m.Workspace) -> list[str]:
    """Everyone who appears in the log, for the person filter."""
    require_read(session, workspace.id)
    return list(
        session.scalars(
            select(m.AuditEvent.actor_name)
            .where(m.AuditEvent.workspace_id == workspace.id)
            .distinct()
            .order_by(m.AuditEvent.actor_name)
        )
    )


EXPORT_COLUMNS = ["time (UTC)", "person", "email", "action", "kind", "id", "summary", "fields"]


def export_rows(session: Session, workspace: m.Workspace, **filters: Any) -> list[list[Any]]:
    """Every matching event (oldest first) as rows of EXPORT_COLUMNS."""
    require_read(session, workspace.id)
    where = _where(workspace, **filters)
    rows = session.execute(
        select(
            m.AuditEvent.at,
            m.AuditEvent.actor_name,
            m.AuditEvent.actor_email,
            m.AuditEvent.action,
            m.AuditEvent.kind,
            m.AuditEvent.entity_id,
            m.AuditEvent.summary,
            m.AuditEvent.fields,
        )
        .where(*where)
        .order_by(m.AuditEvent.at, m.AuditEvent.id)
    )
    return [
        [at.strftime("%Y-%m-%d %H:%M:%S"), name, email or "", action, kind, entity,
         summary, ", ".join(fields or [])]
        for at, name, email, action, kind, entity, summary, fields in rows
    ]  # fmt: skip


def export_bytes(
    session: Session, workspace: m.Workspace, fmt: str = "csv", **filters: Any
) -> bytes:
    """The activity log as CSV (UTF-8 with BOM, for Excel) or .xlsx; every text cell
    that a spreadsheet would read as a formula is made plain text first."""
    import pandas as pd

    from commplan.spreadsheets import neutralise_frame

    rows = export_rows(session, workspace, **filters)
    frame = neutralise_frame(pd.DataFrame(rows, columns=EXPORT_COLUMNS))
    if fmt == "csv":
        return frame.to_csv(index=False).encode("utf-8-sig")
    if fmt == "xlsx":
        buffer = io.BytesIO()
        with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
            frame.to_excel(writer, index=False, sheet_name="Activity")
        return buffer.getvalue()
    raise ValueError(f"unknown export format {fmt!r}: use csv or xlsx")
