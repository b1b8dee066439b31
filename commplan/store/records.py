"""Plans with audiences and listening loops, drafts with versions, responses and
message tests. Plain functions over a Session; callers own the transaction
(``session_scope``), so a multi-row change is one transaction."""

from __future__ import annotations

import hashlib
import json
import logging
import re
import uuid
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta
from itertools import chain
from operator import itemgetter
from typing import Any, NamedTuple

from sqlalchemy import delete, func, select
from sqlalchemy.exc import DataError, IntegrityError, OperationalError, StatementError
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.exc import StaleDataError

from commplan.wording import plural

from .base import utcnow
from .engine import lock_for_write
from .errors import (
    ConflictError,
    InvalidRecord,
    NotFound,
    check_version,
    explain_data_error,
    explain_integrity_error,
    explain_operational_error,
)
from .models import (
    ALIGNMENT_DOMAINS,
    LOOP_STATUSES,
    PLAN_STATUSES,
    Draft,
    DraftVersion,
    ListeningLoop,
    MessageTest,
    MessageVariant,
    Milestone,
    Plan,
    PlanItem,
    Response,
    ResponseAnswer,
    ResponseTheme,
    VariantOutcome,
    Workspace,
)
from .workspaces import note_member

log = logging.getLogger(__name__)

# The longest channel a response may name (as long as a listening loop's channel,
# which the Log-a-response form offers); the forms' max_chars come from here.
CHANNEL_MAX: int = Response.__table__.c.channel.type.length


def flush(session: Session, what: str = "record") -> None:
    """Flush, turning a lost update or a broken constraint into a clear error."""
    try:
        session.flush()
    except StaleDataError:
        raise ConflictError(
            f"This {what} was changed by someone else since you opened it. Your changes "
            "were not saved; they are still in the form, and nothing was overwritten: "
            "reload it to see the other changes, then apply yours again."
        ) from None
    except IntegrityError as exc:
        raise explain_integrity_error(exc) from None
    except DataError as exc:
        raise explain_data_error(exc, what) from None
    except OperationalError as exc:
        raise explain_operational_error(exc) from None
    except StatementError as exc:  # a value the driver cannot convert (e.g. text for a number)
        raise InvalidRecord(
            f"Not saved: the {what} has a value of the wrong kind ({exc.orig})."
        ) from None


_expect = check_version  # the shared lost-update check


def _get(session: Session, model, record_id: int, what: str):
    record = session.get(model, record_id)
    if record is None:
        raise NotFound(f"no {what} with id {record_id}")
    return record


def _locked(session: Session, model, record_id: int, what: str):
    """The record as stored now, locked until the commit: another writer of it waits
    (SQLite: the database write lock; PostgreSQL: SELECT ... FOR UPDATE on its row).
    Read-then-write functions start here, so what they read cannot go stale."""
    lock_for_write(session)
    record = session.get(model, record_id, with_for_update=True, populate_existing=True)
    if record is None:
        raise NotFound(f"no {what} with id {record_id}")
    return record


# ---- plans ---------------------------------------------------------------------


def _check_plan_fields(fields: dict[str, Any]) -> None:
    unknown = set(fields.get("domains") or ()) - set(ALIGNMENT_DOMAINS)
    if unknown:
        raise InvalidRecord(
            f"Not saved: unknown alignment domain(s) {sorted(unknown)}; "
            f"use {', '.join(ALIGNMENT_DOMAINS)}"
        )
    if "status" in fields and fields["status"] not in PLAN_STATUSES:
        raise InvalidRecord(f"Not saved: status must be one of {', '.join(PLAN_STATUSES)}")


def create_plan(
    session: Session,
    workspace: Workspace,
    by: str,
    name: str,
    *,
    milestones: Iterable[dict[str, Any]] = (),
    **fields: Any,
) -> Plan:
    _check_plan_fields(fields)
    # Before the plan is added: noting the member queries the database, and that query's
    # autoflush would write a refused plan (a taken name) outside flush()'s messages.
    note_member(session, workspace, by)
    plan = Plan(workspace_id=workspace.id, name=name, created_by=by, updated_by=by, **fields)
    plan.milestones = [Milestone(**m) for m in milestones]
    session.add(plan)
    flush(session, "plan")
    return plan


def update_plan(
    session: Session, plan_id: int, by: str, *, expected_version: int | None = None, **fields
) -> Plan:
    plan = _locked(session, Plan, plan_id, "plan")
    _expect(plan, expected_version, "plan")
    _check_plan_fields(fields)
    milestones = fields.pop("milestones", None)
    # Replacing the milestones loads the old ones first; that load must not flush the
    # new fields on its own (a refused name would escape flush()'s plain-words errors).
    with session.no_autoflush:
        for name, value in fields.items():
            setattr(plan, name, value)
        if milestones is not None:
            plan.milestones = [Milestone(**m) for m in milestones]
        plan.updated_by = by
    flush(session, "plan")
    return plan


def get_plan(session: Session, plan_id: int) -> Plan:
    plan = session.scalar(
        select(Plan)
        .where(Plan.id == plan_id)
        .options(
            selectinload(Plan.milestones),
            selectinload(Plan.items).selectinload(PlanItem.listening_loop),
        )
    )
    if plan is None:
        raise NotFound(f"no plan with id {plan_id}")
    return plan


def list_plans(session: Session, workspace: Workspace) -> list[Plan]:
    return list(
        session.scalars(
            select(Plan)
            .where(Plan.workspace_id == workspace.id)
            .order_by(Plan.name)
            .options(
                selectinload(Plan.items).selectinload(PlanItem.listening_loop),
                selectinload(Plan.milestones),
            )
        )
    )


def _deleted_by(session: Session, by: str | None) -> None:
    """A deletion leaves no record to carry the name: the activity log takes it from
    the session (local mode; a signed-in person is named by their sign-in)."""
    if by:
        from .access import bind_local_name

        bind_local_name(session, by)


def delete_plan(session: Session, plan_id: int, by: str | None = None) -> None:
    _deleted_by(session, by)
    session.delete(_get(session, Plan, plan_id, "plan"))
    flush(session, "plan")


def add_plan_item(
    session: Session,
    plan: Plan,
    by: str,
    audience_key: str,
    desired_action: str,
    *,
    listening_loop: dict[str, Any] | None = None,
    **fields: Any,
) -> PlanItem:
    item = PlanItem(
        plan_id=plan.id,
        audience_key=audience_key,
        desired_action=desired_action,
        created_by=by,
        updated_by=by,
        **fields,
    )
    if listening_loop:
        item.listening_loop = ListeningLoop(created_by=by, updated_by=by, **listening_loop)
    session.add(item)
    flush(session, "audience in the plan")
    return item


def update_plan_item(
    session: Session, item_id: int, by: str, *, expected_version: int | None = None, **fields
) -> PlanItem:
    item = _locked(session, PlanItem, item_id, "audience in the plan")
    _expect(item, expected_version, "audience in the plan")
    for name, value in fields.items():
        setattr(item, name, value)
    item.updated_by = by
    flush(session, "audience in the plan")
    return item


def _locked_loop(session: Session, item_id: int) -> tuple[PlanItem, ListeningLoop | None]:
    """An audience in a plan and its listening loop (None if it has none), both as
    stored now and locked until the commit."""
    item = _locked(session, PlanItem, item_id, "audience in the plan")
    loop = session.scalar(
        select(ListeningLoop)
        .where(ListeningLoop.plan_item_id == item.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    return item, loop


def set_listening_loop(
    session: Session,
    item_id: int,
    by: str,
    *,
    expected_version: int | None = None,
    **fields: Any,
) -> ListeningLoop:
    item, loop = _locked_loop(session, item_id)
    if loop is None:
        loop = ListeningLoop(plan_item_id=item.id, created_by=by, updated_by=by, **fields)
        session.add(loop)
    else:
        _expect(loop, expected_version, "listening loop")
        for name, value in fields.items():
            setattr(loop, name, value)
        loop.updated_by = by
    flush(session, "listening loop")
    return loop


def remove_listening_loop(
    session: Session, item_id: int, by: str, *, expected_version: int | None = None
) -> None:
    """Remove an audience's listening loop (the audience stays in the plan). Refused
    when the loop changed since ``expected_version`` was read; no loop: nothing to do."""
    item, loop = _locked_loop(session, item_id)
    if loop is None:
        return
    _expect(loop, expected_version, "listening loop")
    _deleted_by(session, by)
    session.delete(loop)
    flush(session, "listening loop")
    session.expire(item, ["listening_loop"])


# ---- drafts --------------------------------------------------------------------


def create_draft(
    session: Session,
    workspace: Workspace,
    by: str,
    title: str,
    audience_key: str,
    plan_item_id: int | None = None,
) -> Draft:
    draft = Draft(
        workspace_id=workspace.id,
        title=title,
        audience_key=audience_key,
        plan_item_id=plan_item_id,
        created_by=by,
        updated_by=by,
    )
    session.add(draft)
    flush(session, "draft")
    return draft


def save_draft_version(
    session: Session, draft_id: int, text: str, report: dict[str, Any], by: str
) -> DraftVersion:
    """Save the text with its check report; versions number 1, 2, 3 ... per draft.
    The draft stays locked from reading the last number to the commit, so two saves
    at once number 1 and 2 (the second waits for the first)."""
    draft = _locked(session, Draft, draft_id, "draft")
    number = (
        session.scalar(
            select(func.max(DraftVersion.number)).where(DraftVersion.draft_id == draft.id)
        )
        or 0
    ) + 1
    summary = report.get("summary", {})
    version = DraftVersion(
        draft_id=draft.id,
        number=number,
        text=text,
        report=report,
        grade=report.get("readability", {}).get("consensus_grade"),
        findings=summary.get("total", 0),
        created_by=by,
    )
    session.add(version)
    draft.updated_by = by
    flush(session, "draft version")
    return version


def draft_history(session: Session, draft_id: int) -> list[DraftVersion]:
    return list(
        session.scalars(
            select(DraftVersion)
            .where(DraftVersion.draft_id == draft_id)
            .order_by(DraftVersion.number)
        )
    )


# ---- responses -----------------------------------------------------------------


def week_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def content_hash(
    audience_key: str,
    received_on: date,
    answers: Sequence[tuple[str, str]],
    external_id: str | None = None,
    source: str = "typed",
) -> str:
    """Identity for de-duplication: the survey's response id when there is one,
    else the content itself."""
    # Fields joined with separators that do not occur in survey text (cheaper than JSON).
    if external_id:
        basis = "\x1f".join(("id", source, external_id))
    else:
        parts = ["content", audience_key, received_on.isoformat()]
        parts += [f"{q}\x1e{a}" for q, a in answers]
        basis = "\x1f".join(parts)
    return hashlib.sha256(basis.encode("utf-8", "surrogatepass")).hexdigest()


def add_response(
    session: Session,
    workspace: Workspace,
    by: str,
    *,
    audience_key: str,
    received_on: date,
    answers: Sequence[tuple[str, str]],
    channel: str = "",
    themes: Iterable[str] = (),
    external_id: str | None = None,
    source: str = "typed",
    **fields: Any,
) -> Response:
    if not answers or not any(a.strip() for _, a in answers):
        raise InvalidRecord("Not saved: a response needs at least one answer with text")
    response = Response(
        workspace_id=workspace.id,
        audience_key=audience_key,
        channel=channel,
        received_on=received_on,
        received_week=week_of(received_on),
        external_id=external_id,
        source=source,
        content_hash=content_hash(audience_key, received_on, answers, external_id, source),
        created_by=by,
        updated_by=by,
        **fields,
    )
    response.answers = [
        ResponseAnswer(position=i, question=q, answer=a) for i, (q, a) in enumerate(answers)
    ]
    response.themes = [
        ResponseTheme(theme=t, workspace_id=workspace.id, source="staff")
        for t in dict.fromkeys(themes)
    ]
    session.add(response)
    flush(session, "response")
    return response


def _driver_insert(session: Session, table: str, columns: list[str], rows: list[tuple]) -> None:
    """INSERT many rows through the driver (executemany on SQLite, COPY on PostgreSQL),
    skipping SQLAlchemy's per-value processing (3-4x faster for imports). Values must
    already be in storage form: JSON as text, and on SQLite dates as ISO text."""
    if not rows:
        return
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        # COPY streams the rows in one command: several times faster than executemany.
        sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
        with connection.connection.dbapi_connection.cursor() as cursor, cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row(row)
        return
    marks = ", ".join(["?"] * len(columns))
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"
    connection.exec_driver_sql(_marks(session, sql), rows)


def _marks(session: Session, sql: str) -> str:
    """``?`` placeholders in the driver's own style (qmark for SQLite, format for psycopg)."""
    return sql if session.connection().dialect.paramstyle == "qmark" else sql.replace("?", "%s")


def _recorded(session: Session, workspace: Workspace, hashes: list[str]) -> dict[str, int]:
    """Which of these content hashes the workspace already has (hash -> response id),
    by the unique index."""
    sql = "SELECT content_hash, id FROM responses WHERE workspace_id = ? AND content_hash IN ({})"
    sql = _marks(session, sql.format(", ".join(["?"] * len(hashes))))
    return dict(session.connection().exec_driver_sql(sql, (workspace.id, *hashes)).all())


HASH_STAGE = "commplan_hash_stage"


def _recorded_joined(session: Session, workspace: Workspace, hashes: list[str]) -> dict[str, int]:
    """_recorded on PostgreSQL: the hashes are copied into a temporary table and
    joined on the unique index (a long IN list is planned as a scan of a large table)."""
    connection = session.connection()
    connection.exec_driver_sql(
        f"CREATE TEMPORARY TABLE IF NOT EXISTS {HASH_STAGE} (content_hash varchar(64)) "
        "ON COMMIT DROP"
    )
    connection.exec_driver_sql(f"TRUNCATE {HASH_STAGE}")
    _driver_insert(session, HASH_STAGE, ["content_hash"], [(h,) for h in set(hashes)])
    found = connection.exec_driver_sql(
        f"SELECT r.content_hash, r.id FROM {HASH_STAGE} h JOIN responses r "
        "ON r.workspace_id = %s AND r.content_hash = h.content_hash",
        (workspace.id,),
    )
    return dict(found.all())


def _storage(session: Session):
    """Convert dates, datetimes and JSON the way SQLAlchemy stores them on this backend."""
    sqlite = session.connection().dialect.name == "sqlite"

    def day(value: date | None):
        return value.isoformat() if sqlite and value is not None else value

    def moment(value: datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S.%f") if sqlite else value

    memo: dict[tuple, str] = {}

    def document(value: Any):
        """JSON text; small documents (ratings) repeat, so they are memoised."""
        if value is None:
            return None
        if isinstance(value, dict) and len(value) <= 4:
            key = tuple(value.items())
            text = memo.get(key)
            if text is None:
                text = memo[key] = json.dumps(value, ensure_ascii=False)
            return text
        return json.dumps(value, ensure_ascii=False)

    return day, moment, document


STAGE = "commplan_response_stage"


def _insert_new_postgres(session: Session, fresh: list[tuple]) -> dict[str, int]:
    """COPY a batch into a temporary table, then move into ``responses`` the rows the
    workspace does not have yet (ON CONFLICT on the unique content hash). Returns the
    new ids by hash. Looking the hashes up first is planned as a scan once the table
    is large, and took 93 s for one 100k batch at 600k rows; the unique index is the
    one plan that stays fast, and a concurrent import of the same file is skipped
    rather than refused."""
    connection = session.connection()
    connection.exec_driver_sql(f"TRUNCATE {STAGE}")
    _driver_insert(session, STAGE, RESPONSE_COLUMNS, [p[0] for p in fresh])
    columns = ", ".join(RESPONSE_COLUMNS)
    moved = connection.exec_driver_sql(
        f"INSERT INTO responses ({columns}) SELECT {columns} FROM {STAGE} "
        "ON CONFLICT (workspace_id, content_hash) DO NOTHING RETURNING content_hash, id"
    )
    return dict(moved.all())


def _new_ids(session: Session, workspace: Workspace, fresh: list[tuple]) -> dict[str, int]:
    """Ids of the rows just inserted on SQLite, by content hash. The writer holds the
    database lock and rowids are handed out in order, so they are the last N rowids
    (checked: if the count does not add up, it falls back to a look-up)."""
    connection = session.connection()
    last = connection.exec_driver_sql("SELECT last_insert_rowid()").scalar()
    first = last - len(fresh) + 1
    check = connection.exec_driver_sql(
        "SELECT count(*) FROM responses WHERE id >= ? AND id <= ? AND workspace_id = ?",
        (first, last, workspace.id),
    ).scalar()
    if check == len(fresh):
        return {p[1]: first + i for i, p in enumerate(fresh)}
    return _recorded(session, workspace, [p[1] for p in fresh])


RESPONSE_COLUMNS = [
    "workspace_id", "audience_key", "channel", "plan_id", "key_message", "received_on",
    "received_week", "source", "external_id", "content_hash", "ratings", "sentiment",
    "sentiment_score", "status", "status_note", "respondent", "version", "created_at",
    "updated_at", "created_by", "updated_by",
]  # fmt: skip


def bulk_add_responses(
    session: Session,
    workspace: Workspace,
    by: str,
    rows: Iterable[dict[str, Any]],
    *,
    batch: int = 5000,
    progress=None,
    matched: list[int] | None = None,
) -> tuple[int, int]:
    """Insert many responses fast, in the caller's transaction. Each row: audience_key,
    received_on, answers [(question, answer)], and optionally channel, themes,
    external_id, source, plan_id, key_message, ratings, sentiment, sentiment_score,
    status, respondent. Rows already recorded (same response id, or the same content
    when there is none) are skipped. ``progress(done)`` is called after each batch.

    A row may bring its own identity: ``identity`` (stored as its content hash, e.g. a
    survey row's cells, so the same row is known whatever its reading) and
    ``also_known_as`` (hashes the same row was recorded under before, checked but
    not stored; ``also_by_content`` True adds the hash of its content, as rows with no
    identity have, computed only when the workspace has responses). ``matched``, if
    given, gets the ids of the responses already recorded that rows were skipped for
    (not rows repeated within this call).

    Returns (inserted, duplicates). Raises InvalidRecord (or DatabaseBusy), never a
    driver error; the caller's rollback then leaves nothing half-written."""
    from .access import require
    from .audit import record

    require(session, workspace.id, "imports")
    dbapi_error = session.connection().dialect.loaded_dbapi.Error
    try:
        inserted, duplicates = _bulk_add_responses(
            session, workspace, by, rows, batch=batch, progress=progress, matched=matched
        )
        record(
            session,
            workspace.id,
            "imported",
            "responses",
            f"Imported {plural(inserted, 'response')} "
            f"({duplicates:,} already recorded, skipped)",
            by=by,
        )
        return inserted, duplicates
    except IntegrityError as exc:
        raise explain_integrity_error(exc) from None
    except DataError as exc:
        raise explain_data_error(exc, "response") from None
    except OperationalError as exc:
        raise explain_operational_error(exc) from None
    except dbapi_error as exc:  # COPY on PostgreSQL speaks to the driver directly
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise InvalidRecord(f"Not saved: the database refused a response ({first}).") from None


def _bulk_add_responses(
    session, workspace, by, rows, *, batch, progress, matched
) -> tuple[int, int]:
    day, moment, document = _storage(session)
    inserted = duplicates = done = 0
    pending: list[dict[str, Any]] = []
    now = moment(utcnow())
    days: dict[date, tuple[Any, Any]] = {}  # received -> (day, week) in storage form
    # Hashes recorded so far: duplicates within the batch, and of earlier batches.
    seen: set[str] = set()
    also: dict[str, list[str]] = {}  # a row's hash -> the hashes it was recorded under before
    postgres = session.connection().dialect.name == "postgresql"
    if postgres:
        session.connection().exec_driver_sql(
            f"CREATE TEMPORARY TABLE IF NOT EXISTS {STAGE} ON COMMIT DROP AS "
            f"SELECT {', '.join(RESPONSE_COLUMNS)} FROM responses WITH NO DATA"
        )
        # ON CONFLICT does the look-up (_insert_new_postgres); rows' other names, and
        # which responses matched, are looked up through a joined table of hashes.
        recorded_before = False
    else:
        # Hold the write lock from this read on: a concurrent import of the same file
        # then waits and finds its rows recorded (instead of breaking the unique index).
        lock_for_write(session)
        # A workspace with no responses yet (a first import) needs no look-ups at all.
        any_response = select(Response.id).where(Response.workspace_id == workspace.id).limit(1)
        recorded_before = session.scalar(any_response) is not None

    def write() -> None:
        nonlocal inserted, duplicates, done
        check_batch(pending)  # before any of its rows is written
        names = [p[1] for p in pending]
        names += [other for p in pending for other in also.get(p[1], ())]
        existing: dict[str, int] = {}
        if recorded_before:
            existing = _recorded(session, workspace, names)
        elif postgres and (matched is not None or also):
            existing = _recorded_joined(session, workspace, names)
        fresh = []
        for p in pending:
            found = existing.get(p[1])
            if found is None:
                found = next((existing[o] for o in also.get(p[1], ()) if o in existing), None)
            if found is not None:
                duplicates += 1
                if matched is not None:
                    matched.append(found)
            elif p[1] in seen:
                duplicates += 1
            else:
                seen.add(p[1])
                fresh.append(p)
        if fresh:
            if postgres:  # the unique index skips what the workspace already has
                ids = _insert_new_postgres(session, fresh)
                duplicates += len(fresh) - len(ids)
                fresh = [p for p in fresh if p[1] in ids]
            else:
                _driver_insert(session, "responses", RESPONSE_COLUMNS, [p[0] for p in fresh])
                ids = _new_ids(session, workspace, fresh)
            answers, themes = [], []
            for _values, digest, response_answers, response_themes in fresh:
                response_id = ids[digest]
                answers += [(response_id, i, q, a) for i, (q, a) in enumerate(response_answers)]
                themes += [(response_id, t, workspace.id, "auto") for t in response_themes]
            _driver_insert(
                session,
                "response_answers",
                ["response_id", "position", "question", "answer"],
                answers,
            )
            _driver_insert(
                session,
                "response_themes",
                ["response_id", "theme", "workspace_id", "source"],
                themes,
            )
            inserted += len(fresh)
        done += len(pending)
        pending.clear()
        if progress is not None:
            progress(done)

    workspace_id = workspace.id
    check_batch = _bulk_checks(by)
    for row in rows:
        get = row.get
        answers = row["answers"]
        if type(answers) is not list:  # read twice below: a generator would come up empty
            answers = list(answers)
        received = row["received_on"]
        source = get("source", "import")
        audience = row["audience_key"]
        external_id = get("external_id")
        channel = get("channel") or ""
        key_message = get("key_message")
        sentiment = get("sentiment")
        status = get("status", "heard")
        themes = get("themes")
        digest = get("identity") or content_hash(audience, received, answers, external_id, source)
        if get("also_known_as") and (recorded_before or postgres):
            also[digest] = [h for h in row["also_known_as"] if h != digest]
        if get("also_by_content") and (recorded_before or postgres):
            by_content = content_hash(audience, received, answers, external_id, source)
            if by_content != digest:
                also.setdefault(digest, []).append(by_content)
        stored = days.get(received)
        if stored is None:
            stored = days[received] = (day(received), day(week_of(received)))
        values = (  # in RESPONSE_COLUMNS order
            workspace_id,
            audience,
            channel,
            get("plan_id"),
            key_message,
            stored[0],
            stored[1],
            source,
            external_id,
            digest,
            document(get("ratings") or {}),
            sentiment,
            get("sentiment_score"),
            status,
            "",
            document(get("respondent")),
            1,
            now,
            now,
            by,
            by,
        )
        pending.append((values, digest, answers, list(dict.fromkeys(themes)) if themes else ()))
        if len(pending) >= batch:
            write()
    if pending:
        write()
    return inserted, duplicates


def _bulk_checks(by: str):
    """The checks of validation.py for the bulk path: a function that checks a batch
    of pending rows, column by column. The fast path looks at each column's distinct
    values at once (the longest one, and one search over them joined); only a batch
    that fails it is looked at value by value, to name the field in the message."""
    from .validation import LINE_BREAK, check_document, check_text, field_label, has_control
    from .validation import single_line as one_line_column

    responses = Response.__table__
    columns = [
        (RESPONSE_COLUMNS.index(c), field_label("responses", c), responses.c[c].type.length,
         one_line_column(c))
        for c in ("audience_key", "channel", "key_message", "source", "external_id",
                  "sentiment", "status")
    ]  # fmt: skip
    theme = (field_label("response_themes", "theme"), ResponseTheme.__table__.c.theme.type.length)
    answer_label = field_label("response_answers", "answer")
    question_label = field_label("response_answers", "question")
    documents = [(RESPONSE_COLUMNS.index(c), field_label("responses", c))
                 for c in ("ratings", "respondent")]  # fmt: skip
    check_text(field_label("responses", "updated_by"), by, responses.c.updated_by.type.length, True)

    def check_values(values: set, label: str, limit: int | None, one_line: bool) -> None:
        values.discard(None)
        if not values:
            return
        try:
            joined = "\t".join(values)
            fine = (limit is None or max(map(len, values)) <= limit) and not (
                has_control(joined) or (one_line and LINE_BREAK.search(joined))
            )
        except TypeError:  # not all text: the database will say what it thinks
            fine = False
        if not fine:
            for value in values:
                if isinstance(value, str):
                    check_text(label, value, limit, one_line)

    def check_batch(pending: list[tuple]) -> None:
        rows = list(map(itemgetter(0), pending))  # map/itemgetter/chain: loops in C
        for index, label, limit, one_line in columns:
            check_values(set(map(itemgetter(index), rows)), label, limit, one_line)
        check_values(set(chain.from_iterable(map(itemgetter(3), pending))), *theme, True)
        pairs = chain.from_iterable(map(itemgetter(2), pending))
        try:
            suspect = has_control("\t".join(chain.from_iterable(pairs)))
        except TypeError:
            suspect = True
        if suspect:
            for p in pending:
                for question, answer in p[2]:
                    if isinstance(question, str):
                        check_text(question_label, question)
                    if isinstance(answer, str):
                        check_text(answer_label, answer)
        for index, label in documents:
            # json.dumps writes a control character as \u00XX, \b or \f (tab, LF and
            # CR are allowed): without such an escape there is none. Any backslash
            # (every non-ASCII character is escaped) sent every batch the slow way.
            texts = [text for text in map(itemgetter(index), rows) if text is not None]
            if _JSON_CONTROL.search("".join(texts)):
                for text in texts:
                    check_document(label, json.loads(text))

    return check_batch


# A JSON escape that may stand for a refused control character (a false alarm, such
# as an escaped backslash before "b", only costs the exact check). One pass.
_JSON_CONTROL = re.compile(r"\\(?:u00[01][0-9a-fA-F]|[bf])")

UNCHANGED = object()  # a keyword left out, where None means "clear it"


def delete_response(session: Session, response_id: int, by: str) -> None:
    """Delete one response with its answers and themes (typed by mistake, or asked to
    be forgotten). NotFound if there is no such response."""
    _deleted_by(session, by)
    response = _locked(session, Response, response_id, "response")
    session.delete(response)
    flush(session, "response")
    log.info("response %s deleted by %s", response_id, by)


def delete_responses(session: Session, ids: Iterable[int], by: str) -> int:
    """Delete these responses with their answers and themes; ids that do not exist are
    ignored. Returns how many were deleted. One statement per 500 ids; the caller's
    transaction makes it all or nothing."""
    from .access import require
    from .audit import record

    ids = sorted(set(ids))
    if not ids:
        return 0
    lock_for_write(session)
    deleted = 0
    workspaces = set()
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        for workspace_id in session.scalars(
            select(Response.workspace_id).where(Response.id.in_(chunk)).distinct()
        ):
            if workspace_id not in workspaces:
                require(session, workspace_id, "responses")
                workspaces.add(workspace_id)
        # Answers and themes go by ON DELETE CASCADE (SQLite: foreign_keys=ON).
        deleted += session.execute(
            delete(Response)
            .where(Response.id.in_(chunk))
            .execution_options(synchronize_session="fetch")
        ).rowcount
    for workspace_id in sorted(workspaces):
        summary = f"Deleted {plural(deleted, 'response')}"
        record(session, workspace_id, "deleted", "responses", summary, by=by)
    log.info("%d responses deleted by %s", deleted, by)
    return deleted


def set_response_status(
    session: Session,
    response_id: int,
    status: str,
    by: str,
    *,
    note: str | None = None,
    told_back_draft_id: int | object | None = UNCHANGED,
    expected_version: int | None = None,
) -> Response:
    """Move a response along "you said, we did": heard -> decided -> told back.
    ``note`` None leaves the note as it is; ``told_back_draft_id`` None clears the
    link to the draft that told it back, and leaving it out keeps it."""
    if status not in LOOP_STATUSES:
        raise InvalidRecord(f"Not saved: status must be one of {', '.join(LOOP_STATUSES)}")
    response = _locked(session, Response, response_id, "response")
    _expect(response, expected_version, "response")
    response.status = status
    if note is not None:
        response.status_note = note
    if told_back_draft_id is not UNCHANGED:
        response.told_back_draft_id = told_back_draft_id
    response.updated_by = by
    flush(session, "response")
    return response


def list_responses(session: Session, workspace: Workspace, limit: int = 500) -> list[Response]:
    """The newest responses; redacted for a role that sees only aggregates."""
    from .access import redact_responses

    found = list(
        session.scalars(
            select(Response)
            .where(Response.workspace_id == workspace.id)
            .order_by(Response.received_on.desc(), Response.id.desc())
            .limit(limit)
            .options(selectinload(Response.answers), selectinload(Response.themes))
        )
    )
    return redact_responses(session, workspace.id, found)


# The review page's aggregates. Each is one GROUP BY on a covering index.
def counts_by_audience_week(session: Session, workspace: Workspace) -> list[tuple[str, date, int]]:
    rows = session.execute(
        select(Response.audience_key, Response.received_week, func.count())
        .where(Response.workspace_id == workspace.id)
        .group_by(Response.audience_key, Response.received_week)
        .order_by(Response.audience_key, Response.received_week)
    )
    return [tuple(r) for r in rows]


def _counts_by(session: Session, workspace: Workspace, column) -> list[tuple[str, int]]:
    rows = session.execute(
        select(column, func.count())
        .where(column.table.c.workspace_id == workspace.id)
        .group_by(column)
        .order_by(func.count().desc(), column)
    )
    return [tuple(r) for r in rows]


def counts_by_channel(session: Session, workspace: Workspace) -> list[tuple[str, int]]:
    return _counts_by(session, workspace, Response.channel)


def counts_by_status(session: Session, workspace: Workspace) -> list[tuple[str, int]]:
    return _counts_by(session, workspace, Response.status)


def counts_by_theme(session: Session, workspace: Workspace) -> list[tuple[str, int]]:
    return _counts_by(session, workspace, ResponseTheme.theme)


# ---- message tests -------------------------------------------------------------


def create_message_test(
    session: Session,
    workspace: Workspace,
    by: str,
    name: str,
    outcome: str,
    variants: Sequence[tuple[str, str]],
    *,
    control: str | None = None,
    plan_item_id: int | None = None,
) -> MessageTest:
    """Variants as (label, text); the first is the control unless ``control`` names one."""
    if len(variants) < 2:
        raise InvalidRecord("Not saved: a message test needs at least two variants")
    control = control or variants[0][0]
    test = MessageTest(
        workspace_id=workspace.id,
        name=name,
        outcome=outcome,
        plan_item_id=plan_item_id,
        created_by=by,
        updated_by=by,
    )
    test.variants = [
        MessageVariant(label=label, text=text, is_control=label == control)
        for label, text in variants
    ]
    session.add(test)
    flush(session, "message test")
    return test


class OutcomeCount(int):
    """What ``record_outcomes`` did. As an int, the number of outcomes recorded (so
    ``count == 8`` and ``plural(count, ...)`` still work); ``already_recorded`` counts
    the lines not saved because the same lines were recorded before for this test, and
    ``batch`` identifies the new batch (None when nothing was recorded)."""

    recorded: int
    already_recorded: int
    batch: str | None

    def __new__(cls, recorded: int, already_recorded: int = 0, batch: str | None = None):
        count = super().__new__(cls, recorded)
        count.recorded, count.already_recorded, count.batch = recorded, already_recorded, batch
        return count

    def __repr__(self) -> str:
        return (
            f"OutcomeCount(recorded={self.recorded}, "
            f"already_recorded={self.already_recorded}, batch={self.batch!r})"
        )


def outcome_batch_hash(outcomes: Sequence[tuple[str, str, float, str | None]]) -> str:
    """The same lines, in any order, give the same hash."""
    lines = sorted(
        json.dumps([label, audience, float(value), respondent], ensure_ascii=False)
        for label, audience, value, respondent in outcomes
    )
    return hashlib.sha256("\n".join(lines).encode("utf-8", "surrogatepass")).hexdigest()


def record_outcomes(
    session: Session,
    test_id: int,
    outcomes: Iterable[tuple[str, str, float, str | None]],
    by: str | None = None,
    *,
    allow_duplicate: bool = False,
) -> OutcomeCount:
    """Outcomes as (variant label, audience, value, respondent), recorded as one batch:
    all or none are saved. Lines identical to a batch already recorded for this test
    (a second paste of the same lines) are not saved again unless ``allow_duplicate``;
    the result says how many were recorded and how many were already there."""
    test = _locked(session, MessageTest, test_id, "message test")
    by_label = {v.label: v for v in test.variants}
    rows = list(outcomes)
    for label, _audience_key, value, _respondent in rows:
        if label not in by_label:
            raise InvalidRecord(f"Not saved: test {test.name!r} has no variant {label!r}")
        if isinstance(value, bool) or not isinstance(value, int | float) or value != value:
            raise InvalidRecord(f"Not saved: an outcome must be a number, not {value!r}")
        if test.outcome == "action" and value not in (0, 1):
            raise InvalidRecord("Not saved: a yes/no action outcome must be 0 or 1")
    if not rows:
        return OutcomeCount(0)
    digest = outcome_batch_hash(rows)
    if not allow_duplicate:
        seen = session.scalar(
            select(VariantOutcome.id)
            .join(MessageVariant, VariantOutcome.variant_id == MessageVariant.id)
            .where(MessageVariant.test_id == test.id, VariantOutcome.batch_hash == digest)
            .limit(1)
        )
        if seen is not None:
            return OutcomeCount(0, len(rows))
    batch, now = uuid.uuid4().hex, utcnow()
    for label, audience_key, value, respondent in rows:
        by_label[label].outcomes.append(
            VariantOutcome(
                audience_key=audience_key,
                value=value,
                respondent=respondent,
                batch=batch,
                batch_hash=digest,
                recorded_by=by,
                recorded_at=now,
            )
        )
    flush(session, "message test")
    return OutcomeCount(len(rows), 0, batch)


class OutcomeBatch(NamedTuple):
    """One paste of outcomes; ``batch`` None gathers those from before batches."""

    batch: str | None
    outcomes: int
    recorded_by: str | None
    recorded_at: datetime | None


def list_outcome_batches(session: Session, test_id: int) -> list[OutcomeBatch]:
    """The batches of a test, oldest first, with how many outcomes each holds."""
    _get(session, MessageTest, test_id, "message test")
    rows = session.execute(
        select(
            VariantOutcome.batch,
            func.count(),
            func.min(VariantOutcome.recorded_by),
            func.min(VariantOutcome.recorded_at),
        )
        .join(MessageVariant, VariantOutcome.variant_id == MessageVariant.id)
        .where(MessageVariant.test_id == test_id)
        .group_by(VariantOutcome.batch)
        .order_by(func.min(VariantOutcome.recorded_at).is_not(None), func.min(VariantOutcome.id))
    )
    return [OutcomeBatch(*row) for row in rows]


def delete_outcome_batch(
    session: Session, test_id: int, batch: str | None, by: str | None = None
) -> int:
    """Delete the outcomes one paste recorded (``batch`` None: those from before
    batches). Returns how many were deleted; NotFound if the test has no such batch."""
    from .access import require
    from .audit import record

    test = _locked(session, MessageTest, test_id, "message test")
    require(session, test.workspace_id, "message_tests")
    variants = select(MessageVariant.id).where(MessageVariant.test_id == test_id)
    same = VariantOutcome.batch.is_(None) if batch is None else VariantOutcome.batch == batch
    deleted = session.execute(
        delete(VariantOutcome)
        .where(VariantOutcome.variant_id.in_(variants), same)
        .execution_options(synchronize_session="fetch")
    ).rowcount
    if not deleted:
        raise NotFound(f"Nothing deleted: this message test has no batch {batch!r}.")
    record(
        session,
        test.workspace_id,
        "deleted",
        "message test",
        f"Message test {test.name!r}: a batch of {plural(deleted, 'outcome')} deleted",
        entity_id=test.id,
        fields=["outcomes"],
        by=by,
    )
    for variant in session.scalars(select(MessageVariant).where(MessageVariant.test_id == test_id)):
        session.expire(variant, ["outcomes"])
    return deleted


def latest_draft_texts(session: Session, plan_id: int) -> list[tuple[str, str]]:
    """(audience, text) of the latest saved version of each draft linked to the plan."""
    latest = (
        select(DraftVersion.draft_id, func.max(DraftVersion.number).label("n"))
        .group_by(DraftVersion.draft_id)
        .subquery()
    )
    rows = session.execute(
        select(Draft.audience_key, DraftVersion.text)
        .join(PlanItem, Draft.plan_item_id == PlanItem.id)
        .join(latest, latest.c.draft_id == Draft.id)
        .join(
            DraftVersion, (DraftVersion.draft_id == Draft.id) & (DraftVersion.number == latest.c.n)
        )
        .where(PlanItem.plan_id == plan_id)
    )
    return [tuple(r) for r in rows]


def remove_plan_item(session: Session, item_id: int, by: str | None = None) -> None:
    _deleted_by(session, by)
    session.delete(_get(session, PlanItem, item_id, "audience in the plan"))
    flush(session, "audience in the plan")


def list_drafts(session: Session, workspace: Workspace) -> list[Draft]:
    return list(
        session.scalars(
            select(Draft)
            .where(Draft.workspace_id == workspace.id)
            .order_by(Draft.updated_at.desc(), Draft.id.desc())
            .options(selectinload(Draft.versions))
        )
    )


def set_dismissed(
    session: Session, draft_id: int, dismissed: list[dict[str, str]], by: str
) -> None:
    """Replace the whole list of dismissed findings ({rule, text}). Two people doing
    this at once lose one's dismissals: prefer dismiss_finding / restore_finding."""
    draft = _locked(session, Draft, draft_id, "draft")
    draft.dismissed = dismissed
    draft.updated_by = by
    flush(session, "draft")


def dismiss_finding(session: Session, draft_id: int, rule: str, text: str, by: str) -> list:
    """Add one dismissed finding ({rule, text}) to the draft, keeping everyone else's:
    the draft is read and changed under a lock, so two dismissals at once both stay.
    Dismissing one already dismissed changes nothing. Returns the list now stored."""
    draft = _locked(session, Draft, draft_id, "draft")
    entry = {"rule": rule, "text": text}
    current = list(draft.dismissed or [])
    if entry not in current:
        draft.dismissed = [*current, entry]
        draft.updated_by = by
        flush(session, "draft")
    return list(draft.dismissed)


def restore_finding(session: Session, draft_id: int, rule: str, text: str, by: str) -> list:
    """Remove one dismissed finding ({rule, text}) from the draft (it shows again),
    keeping the others. Returns the list now stored."""
    draft = _locked(session, Draft, draft_id, "draft")
    entry = {"rule": rule, "text": text}
    current = list(draft.dismissed or [])
    if entry in current:
        draft.dismissed = [d for d in current if d != entry]
        draft.updated_by = by
        flush(session, "draft")
    return list(draft.dismissed)
