"""Export a whole workspace as JSON, and import it into a fresh database.

The file carries no database ids: records nest under their parents and refer to
each other by natural keys (plan name, audience id) or by export-local refs
("draft-1"), so it imports into any database. A second export of an imported
workspace equals the first apart from ``exported_at``. Import validates the
whole file first and writes everything in one transaction: a malformed or
future-version file is refused whole, and nothing is half-written.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session, selectinload

from .access import actor_of, note_created_workspace
from .errors import ImportRefused
from .models import (
    AudienceProfile,
    Draft,
    DraftVersion,
    LibraryEntry,
    ListeningLoop,
    Member,
    MessageTest,
    MessageVariant,
    Milestone,
    Plan,
    PlanItem,
    Response,
    ResponseAnswer,
    ResponseTheme,
    Revision,
    Theme,
    VariantOutcome,
    Workspace,
)
from .records import flush, week_of

FORMAT = "commplan-workspace"
# 2: each message-test outcome also carries its batch (id, hash, who, when).
SCHEMA_VERSION = 2
OLDEST_SCHEMA_VERSION = 1  # version 1 files (outcomes as triples) still import
MAX_IMPORT_BYTES = 500_000_000

AUDIT = ("created_at", "updated_at", "created_by", "updated_by")


def _value(v: Any) -> Any:
    if isinstance(v, datetime):
        return v.isoformat(timespec="seconds")
    if isinstance(v, date):
        return v.isoformat()
    return v


def _row(record, fields: tuple[str, ...]) -> dict[str, Any]:
    return {f: _value(getattr(record, f)) for f in fields}


PLAN_FIELDS = ("name", "goal", "objectives", "theory_of_action", "domains", "status",
               "is_example", "version", *AUDIT)  # fmt: skip
ITEM_FIELDS = ("audience_key", "desired_action", "key_messages", "proof_points",
               "messenger", "channels", "timing", "owner", "readiness", "barriers", "version",
               *AUDIT)  # fmt: skip
LOOP_FIELDS = ("channel", "questions", "cadence", "owner", "next_follow_up", "version", *AUDIT)
DRAFT_FIELDS = ("title", "audience_key", "dismissed", *AUDIT)
VERSION_FIELDS = ("number", "text", "report", "grade", "findings", "created_at", "created_by")
RESPONSE_FIELDS = ("audience_key", "channel", "key_message", "received_on", "source",
                   "external_id", "content_hash", "ratings", "sentiment", "sentiment_score",
                   "status", "status_note", "respondent", "themes_reviewed",
                   "sentiment_reviewed", "version", *AUDIT)  # fmt: skip
TEST_FIELDS = ("name", "outcome", *AUDIT)


def export_workspace(session: Session, workspace: Workspace) -> dict[str, Any]:
    """The whole workspace, responses and respondents included: members who may see
    identifying details only (not the family-comments role)."""
    from .access import PermissionDenied, require_read, sees_identifying

    require_read(session, workspace.id)
    if not sees_identifying(session, workspace.id):
        raise PermissionDenied(
            f"Your role in {workspace.name!r} shows counts and themes only, and a "
            "workspace export holds what each person wrote. Ask an owner for the export."
        )
    ws = workspace.id
    plans = session.scalars(
        select(Plan)
        .where(Plan.workspace_id == ws)
        .order_by(Plan.id)
        .options(
            selectinload(Plan.milestones),
            selectinload(Plan.items).selectinload(PlanItem.listening_loop),
        )
    ).all()
    item_ref = {item.id: (plan.name, item.audience_key) for plan in plans for item in plan.items}
    drafts = session.scalars(
        select(Draft)
        .where(Draft.workspace_id == ws)
        .order_by(Draft.id)
        .options(selectinload(Draft.versions))
    ).all()
    draft_ref = {d.id: f"draft-{i}" for i, d in enumerate(drafts, 1)}
    plan_name = {p.id: p.name for p in plans}
    responses = session.scalars(
        select(Response)
        .where(Response.workspace_id == ws)
        .order_by(Response.id)
        .options(selectinload(Response.answers), selectinload(Response.themes))
    ).all()
    tests = session.scalars(
        select(MessageTest)
        .where(MessageTest.workspace_id == ws)
        .order_by(MessageTest.id)
        .options(selectinload(MessageTest.variants).selectinload(MessageVariant.outcomes))
    ).all()

    def ref(mapping, key):
        return mapping.get(key) if key is not None else None

    return {
        "format": FORMAT,
        "schema_version": SCHEMA_VERSION,
        "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "workspace": _row(workspace, ("name", *AUDIT)),
        "members": [
            _row(m, ("name", "role", "first_seen", "email"))
            for m in session.scalars(
                select(Member).where(Member.workspace_id == ws).order_by(Member.id)
            )
        ],
        "library": [
            _row(e, ("section", "key", "data", "version", *AUDIT))
            for e in session.scalars(
                select(LibraryEntry)
                .where(LibraryEntry.workspace_id == ws)
                .order_by(LibraryEntry.id)
            )
        ],
        "audiences": [
            _row(a, ("key", "custom", "data", "version", *AUDIT))
            for a in session.scalars(
                select(AudienceProfile)
                .where(AudienceProfile.workspace_id == ws)
                .order_by(AudienceProfile.id)
            )
        ],
        "themes": [
            _row(t, ("name", "cues", *AUDIT))
            for t in session.scalars(
                select(Theme).where(Theme.workspace_id == ws).order_by(Theme.id)
            )
        ],
        "revisions": [
            _row(
                r,
                ("kind", "section", "key", "action", "version", "data", "changed_at", "changed_by"),
            )
            for r in session.scalars(
                select(Revision).where(Revision.workspace_id == ws).order_by(Revision.id)
            )
        ],
        "plans": [
            {
                **_row(p, PLAN_FIELDS),
                "milestones": [_row(m, ("title", "due_on", "done")) for m in p.milestones],
                "items": [
                    {
                        **_row(i, ITEM_FIELDS),
                        "listening_loop": _row(i.listening_loop, LOOP_FIELDS)
                        if i.listening_loop
                        else None,
                    }
                    for i in p.items
                ],
            }
            for p in plans
        ],
        "drafts": [
            {
                "ref": draft_ref[d.id],
                **_row(d, DRAFT_FIELDS),
                "plan_item": list(item_ref[d.plan_item_id]) if d.plan_item_id else None,
                "versions": [_row(v, VERSION_FIELDS) for v in d.versions],
            }
            for d in drafts
        ],
        "responses": [
            {
                **_row(r, RESPONSE_FIELDS),
                # Why a sentiment is "unknown" (0006); optional on import, so exports
                # from before it still load.
                "sentiment_note": r.sentiment_note,
                "plan": ref(plan_name, r.plan_id),
                "draft": ref(draft_ref, r.draft_id),
                "told_back_draft": ref(draft_ref, r.told_back_draft_id),
                "answers": [[a.question, a.answer] for a in r.answers],
                "themes": sorted([t.theme, t.source] for t in r.themes),
            }
            for r in responses
        ],
        "message_tests": [
            {
                **_row(t, TEST_FIELDS),
                "plan_item": list(item_ref[t.plan_item_id]) if t.plan_item_id else None,
                "variants": [
                    {
                        "label": v.label,
                        "text": v.text,
                        "is_control": v.is_control,
                        "outcomes": [_outcome_row(o) for o in v.outcomes],
                    }
                    for v in t.variants
                ],
            }
            for t in tests
        ],
    }


def _outcome_row(o: VariantOutcome) -> list[Any]:
    return [o.audience_key, o.value, o.respondent, o.batch, o.batch_hash, o.recorded_by,
            _value(o.recorded_at)]  # fmt: skip


def write_export(data: dict[str, Any], path: Path) -> None:
    """Write atomically: a crash never leaves half a file where the old one was."""
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), "utf-8")
    tmp.replace(path)


def read_export(path: Path) -> dict[str, Any]:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ImportRefused(f"{path}: cannot read ({exc.strerror or exc})") from None
    if len(raw) > MAX_IMPORT_BYTES:
        raise ImportRefused(f"{path}: larger than {MAX_IMPORT_BYTES:,} bytes")
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise ImportRefused(f"{path}: not a UTF-8 text file") from None
    except json.JSONDecodeError as exc:
        raise ImportRefused(
            f"{path}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from None
    check_export(data, str(path))
    return data


_LISTS = ("members", "library", "audiences", "themes", "revisions", "plans", "drafts",
          "responses", "message_tests")  # fmt: skip


def check_export(data: Any, name: str = "file") -> None:
    """Refuse a file that is not a commplan workspace export of this schema version."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ImportRefused(f"{name}: not a commplan workspace export")
    version = data.get("schema_version")
    if not isinstance(version, int):
        raise ImportRefused(f"{name}: schema_version is missing")
    if version > SCHEMA_VERSION:
        raise ImportRefused(
            f"{name}: written by a newer commplan (schema version {version}; this version "
            f"reads {SCHEMA_VERSION}). Upgrade commplan to import it."
        )
    if version < OLDEST_SCHEMA_VERSION:
        raise ImportRefused(f"{name}: schema version {version} is no longer supported")
    if not isinstance(data.get("workspace"), dict) or not data["workspace"].get("name"):
        raise ImportRefused(f"{name}: the workspace has no name")
    for key in _LISTS:
        if not isinstance(data.get(key), list):
            raise ImportRefused(f"{name}: '{key}' must be a list")
        for i, row in enumerate(data[key]):
            if not isinstance(row, dict):
                raise ImportRefused(f"{name}: {key}[{i}] must be an object")


def _parse(model, row: dict[str, Any], fields: tuple[str, ...], where: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    columns = model.__table__.c
    for field in fields:
        if field not in row:
            raise ImportRefused(f"{where}: missing field '{field}'")
        value = row[field]
        kind = type(columns[field].type).__name__
        try:
            if value is not None and kind == "DateTime":
                value = datetime.fromisoformat(value).replace(tzinfo=None)
            elif value is not None and kind == "Date":
                value = date.fromisoformat(value)
        except (TypeError, ValueError):
            raise ImportRefused(f"{where}: '{field}' is not a valid date: {value!r}") from None
        out[field] = value
    return out


def _note(value: Any, where: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or len(value) > 200:
        raise ImportRefused(f"{where}: 'sentiment_note' must be text of at most 200 characters")
    return value


def _member_email(row: dict[str, Any], where: str) -> str | None:
    """A member's email (exports from before roles have none)."""
    email = row.get("email")
    if email is not None and not isinstance(email, str):
        raise ImportRefused(f"{where}: 'email' must be text, not {email!r}")
    return (email or "").strip().casefold() or None


def import_workspace(session: Session, data: dict[str, Any], *, rename: str | None = None):
    """Load an export into this database as a new workspace, all in the caller's
    transaction. Raises ImportRefused (and writes nothing) on any problem. The
    activity log gets one event for the whole import; a signed-in importer owns the
    new workspace."""
    from .access import actor_of, normal_email
    from .audit import quiet, record

    with quiet(session):
        workspace = _import_workspace(session, data, rename=rename)
        actor = actor_of(session)
        if actor is not None:
            email = normal_email(actor.email)
            member = session.scalar(
                select(Member).where(
                    Member.workspace_id == workspace.id, Member.name == actor.name
                )
            )
            if member is None:
                session.add(
                    Member(workspace_id=workspace.id, name=actor.name, email=email, role="owner")
                )
            else:
                member.email, member.role = email, "owner"
            flush(session, "member")
    record(
        session,
        workspace.id,
        "imported",
        "workspace",
        f"Workspace {workspace.name!r} imported from an export",
        entity_id=workspace.id,
        by=workspace.created_by,
    )
    return workspace


def _import_workspace(session: Session, data: dict[str, Any], *, rename: str | None = None):
    check_export(data)
    name = rename or data["workspace"]["name"]
    if session.scalar(select(Workspace.id).where(Workspace.name == name)) is not None:
        raise ImportRefused(
            f"a workspace named {name!r} already exists in this database; import into a new "
            "database or give it another name with --as"
        )
    versions: list[tuple[Any, int]] = []

    def new(model, row: dict[str, Any], fields: tuple[str, ...], where: str, **extra: Any):
        parsed = _parse(model, row, fields, where)
        record = model(**extra, **parsed)
        if "version" in parsed:
            versions.append((record, parsed["version"]))
        return record

    ws_row = _parse(Workspace, data["workspace"], AUDIT, "workspace")
    workspace = Workspace(name=name, **ws_row)
    session.add(workspace)
    flush(session, "workspace")
    if actor_of(session) is not None:  # a signed-in importer owns the new workspace
        note_created_workspace(session, workspace.id)
    add = session.add
    for i, m in enumerate(data["members"]):
        add(
            Member(
                workspace_id=workspace.id,
                **_parse(Member, m, ("name", "role", "first_seen"), f"members[{i}]"),
                email=_member_email(m, f"members[{i}]"),
            )
        )
    for i, e in enumerate(data["library"]):
        fields = ("section", "key", "data", "version", *AUDIT)
        add(new(LibraryEntry, e, fields, f"library[{i}]", workspace_id=workspace.id))
    for i, a in enumerate(data["audiences"]):
        fields = ("key", "custom", "data", "version", *AUDIT)
        add(new(AudienceProfile, a, fields, f"audiences[{i}]", workspace_id=workspace.id))
    for i, t in enumerate(data["themes"]):
        add(new(Theme, t, ("name", "cues", *AUDIT), f"themes[{i}]", workspace_id=workspace.id))
    for i, r in enumerate(data["revisions"]):
        fields = ("kind", "section", "key", "action", "version", "data", "changed_at", "changed_by")
        add(Revision(workspace_id=workspace.id, **_parse(Revision, r, fields, f"revisions[{i}]")))
    items: dict[tuple[str, str], PlanItem] = {}
    plans: dict[str, Plan] = {}
    for i, p in enumerate(data["plans"]):
        plan = new(Plan, p, PLAN_FIELDS, f"plans[{i}]", workspace_id=workspace.id)
        plan.milestones = [
            Milestone(
                **_parse(Milestone, m, ("title", "due_on", "done"), f"plans[{i}].milestones[{j}]")
            )
            for j, m in enumerate(p.get("milestones") or [])
        ]
        for j, it in enumerate(p.get("items") or []):
            where = f"plans[{i}].items[{j}]"
            item = new(PlanItem, it, ITEM_FIELDS, where)
            if it.get("listening_loop"):
                item.listening_loop = new(
                    ListeningLoop, it["listening_loop"], LOOP_FIELDS, where + ".loop"
                )
            plan.items.append(item)
            items[(plan.name, item.audience_key)] = item
        plans[plan.name] = plan
        add(plan)
    flush(session, "plan")

    def item_id(value, where):
        if value is None:
            return None
        try:
            return items[tuple(value)].id
        except (KeyError, TypeError):
            raise ImportRefused(f"{where}: refers to an unknown plan item {value!r}") from None

    drafts: dict[str, Draft] = {}
    for i, d in enumerate(data["drafts"]):
        where = f"drafts[{i}]"
        draft = Draft(
            workspace_id=workspace.id,
            plan_item_id=item_id(d.get("plan_item"), where),
            **_parse(Draft, d, DRAFT_FIELDS, where),
        )
        draft.versions = [
            DraftVersion(**_parse(DraftVersion, v, VERSION_FIELDS, f"{where}.versions[{j}]"))
            for j, v in enumerate(d.get("versions") or [])
        ]
        drafts[str(d.get("ref"))] = draft
        add(draft)
    flush(session, "draft")

    def lookup(mapping, key, where, what):
        if key is None:
            return None
        if key not in mapping:
            raise ImportRefused(f"{where}: refers to an unknown {what} {key!r}")
        return mapping[key].id

    for i, r in enumerate(data["responses"]):
        where = f"responses[{i}]"
        fields = _parse(Response, r, RESPONSE_FIELDS, where)
        if fields["received_on"] is None:
            raise ImportRefused(f"{where}: received_on is required")
        response = Response(
            workspace_id=workspace.id,
            received_week=week_of(fields["received_on"]),
            plan_id=lookup(plans, r.get("plan"), where, "plan"),
            draft_id=lookup(drafts, r.get("draft"), where, "draft"),
            told_back_draft_id=lookup(drafts, r.get("told_back_draft"), where, "draft"),
            sentiment_note=_note(r.get("sentiment_note"), where),
            **fields,
        )
        versions.append((response, fields["version"]))
        try:
            response.answers = [
                ResponseAnswer(position=j, question=q, answer=a)
                for j, (q, a) in enumerate(r.get("answers") or [])
            ]
            response.themes = [
                ResponseTheme(theme=t, source=s, workspace_id=workspace.id)
                for t, s in r.get("themes") or []
            ]
        except (TypeError, ValueError):
            raise ImportRefused(f"{where}: answers and themes must be pairs") from None
        add(response)
    for i, t in enumerate(data["message_tests"]):
        where = f"message_tests[{i}]"
        test = MessageTest(
            workspace_id=workspace.id,
            plan_item_id=item_id(t.get("plan_item"), where),
            **_parse(MessageTest, t, TEST_FIELDS, where),
        )
        for j, v in enumerate(t.get("variants") or []):
            variant = MessageVariant(
                **_parse(
                    MessageVariant, v, ("label", "text", "is_control"), f"{where}.variants[{j}]"
                )
            )
            variant.outcomes = [
                _outcome(o, f"{where}.variants[{j}].outcomes[{k}]")
                for k, o in enumerate(v.get("outcomes") or [])
            ]
            test.variants.append(variant)
        add(test)
    try:
        flush(session, "workspace")
    except Exception as exc:
        raise ImportRefused(f"the file breaks a rule of the database: {exc}") from None
    _restore_versions(session, versions)
    return workspace


def _outcome(row: Any, where: str) -> VariantOutcome:
    """[audience, value, respondent] (schema 1), + [batch, batch hash, by, at] (2)."""
    if not isinstance(row, list) or len(row) not in (3, 7):
        raise ImportRefused(
            f"{where}: an outcome must be [audience, value, respondent] or that followed "
            "by [batch, batch hash, recorded by, recorded at]"
        )
    audience, value, respondent, *batch = row
    batch_id, batch_hash, recorded_by, recorded_at = batch or (None, None, None, None)
    if recorded_at is not None:
        try:
            recorded_at = datetime.fromisoformat(recorded_at).replace(tzinfo=None)
        except (TypeError, ValueError):
            raise ImportRefused(
                f"{where}: recorded at is not a valid date: {recorded_at!r}"
            ) from None
    return VariantOutcome(
        audience_key=audience,
        value=value,
        respondent=respondent,
        batch=batch_id,
        batch_hash=batch_hash,
        recorded_by=recorded_by,
        recorded_at=recorded_at,
    )


def _restore_versions(session: Session, versions: list[tuple[Any, int]]) -> None:
    """The ORM writes version 1 on every INSERT (optimistic locking); put back the
    exported versions with a plain UPDATE so that a re-export is identical."""
    for record, wanted in versions:
        if wanted != 1:
            table = type(record).__table__
            session.execute(
                update(table)
                .where(table.c.id == record.id)
                # Name updated_at too, or the column's onupdate would stamp it with now.
                .values(version=wanted, updated_at=record.updated_at)
            )
