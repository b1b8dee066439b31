"""Roles per workspace, enforced in the store: every write function, tried as every
role (and as someone who is not a member), on SQLite and PostgreSQL.

The expected outcome of each (write, role) pair is written out below from the
issue's table (owner: everything; editor: plans, drafts, message tests,
responses, imports, themes; reviewer: the "you said, we did" status and note
only; viewer and aggregates: nothing), not read from commplan.store.access.
A refused write raises PermissionDenied and leaves every table's row count as it
was, even before the rollback.
"""

from __future__ import annotations

import ast
import inspect
import re
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from commplan.store import Store, exchange, records, review, workspaces
from commplan.store import documents as docs
from commplan.store.access import Actor, PermissionDenied, bind_actor
from commplan.store.base import Base
from commplan.store.models import DraftVersion, Member, Response, Workspace
from commplan.store.seed import seed_workspace
from tests.store.conftest import BACKENDS

SPACE = "District office"
PEOPLE = {
    "owner": "olivia@district.example",
    "editor": "eddie@district.example",
    "reviewer": "rosa@district.example",
    "viewer": "victor@district.example",
    "aggregates": "ana@district.example",
}
OUTSIDER = "nobody@elsewhere.example"

# The table, written out by hand: which role may make which write.
EVERYONE = {"owner", "editor", "reviewer", "viewer", "aggregates", "outsider"}
EDITORS = {"owner", "editor"}
REVIEWERS = {"owner", "editor", "reviewer"}
OWNERS = {"owner"}


def _ws(s: Session, c) -> Workspace:
    return s.get(Workspace, c.workspace_id)


def _row(audience="families"):
    return {
        "audience_key": audience,
        "received_on": date(2026, 10, 5),
        "answers": [("Anything else?", "The bus was late again")],
        "external_id": "bulk-1",
        "respondent": {"name": "Pat Doe", "email": "pat@example.org"},
    }


def _library_minus_nothing(s, c):
    from message_library import load_default_library

    return docs.replace_library(s, _ws(s, c), load_default_library(), "x")


# (name, function called, who may do it)
WRITES = [
    ("create_plan", lambda s, c: records.create_plan(s, _ws(s, c), "x", "New plan"), EDITORS),
    ("update_plan", lambda s, c: records.update_plan(s, c.plan_id, "x", goal="G"), EDITORS),
    ("delete_plan", lambda s, c: records.delete_plan(s, c.plan_id), EDITORS),
    (
        "add_plan_item",
        lambda s, c: records.add_plan_item(
            s, records.get_plan(s, c.plan_id), "x", "educators", "Read the update"
        ),
        EDITORS,
    ),
    (
        "update_plan_item",
        lambda s, c: records.update_plan_item(s, c.item_id, "x", timing="May"),
        EDITORS,
    ),
    (
        "set_listening_loop",
        lambda s, c: records.set_listening_loop(s, c.item_id, "x", channel="Text line"),
        EDITORS,
    ),
    (
        "remove_listening_loop",
        lambda s, c: records.remove_listening_loop(s, c.item_id, "x"),
        EDITORS,
    ),
    ("remove_plan_item", lambda s, c: records.remove_plan_item(s, c.item_id), EDITORS),
    (
        "create_draft",
        lambda s, c: records.create_draft(s, _ws(s, c), "x", "Letter", "families"),
        EDITORS,
    ),
    (
        "save_draft_version",
        lambda s, c: records.save_draft_version(s, c.draft_id, "Hello", {"summary": {}}, "x"),
        EDITORS,
    ),
    ("set_dismissed", lambda s, c: records.set_dismissed(s, c.draft_id, [], "x"), EDITORS),
    (
        "dismiss_finding",
        lambda s, c: records.dismiss_finding(s, c.draft_id, "jargon.x", "other", "x"),
        EDITORS,
    ),
    (
        "restore_finding",
        lambda s, c: records.restore_finding(s, c.draft_id, "jargon.x", "MTSS", "x"),
        EDITORS,
    ),
    (
        "add_response",
        lambda s, c: records.add_response(
            s,
            _ws(s, c),
            "x",
            audience_key="families",
            received_on=date(2026, 10, 6),
            answers=[("Q", "Another answer")],
        ),
        EDITORS,
    ),
    (
        "bulk_add_responses",
        lambda s, c: records.bulk_add_responses(s, _ws(s, c), "x", [_row()]),
        EDITORS,
    ),
    ("delete_response", lambda s, c: records.delete_response(s, c.response_id, "x"), EDITORS),
    ("delete_responses", lambda s, c: records.delete_responses(s, [c.response_id], "x"), EDITORS),
    (
        "set_response_status",
        lambda s, c: records.set_response_status(s, c.response_id, "decided", "x", note="Noted"),
        REVIEWERS,
    ),
    (
        "set_response_status_told_back",
        lambda s, c: records.set_response_status(
            s, c.response_id, "told_back", "x", told_back_draft_id=c.draft_id
        ),
        REVIEWERS,
    ),
    ("set_themes", lambda s, c: review.set_themes(s, c.response_id, ["Buses"], "x"), EDITORS),
    (
        "set_sentiment",
        lambda s, c: review.set_sentiment(s, c.response_id, "negative", "x"),
        EDITORS,
    ),
    (
        "save_analysis",
        lambda s, c: review.save_analysis(
            s, _ws(s, c), [(c.response_id, ["Buses"], "negative", -0.5)]
        ),
        EDITORS,
    ),
    ("save_theme", lambda s, c: review.save_theme(s, _ws(s, c), "Buses", ["bus"], "x"), EDITORS),
    (
        "create_message_test",
        lambda s, c: records.create_message_test(
            s, _ws(s, c), "x", "Subject lines 2", "action", [("A", "One"), ("B", "Two")]
        ),
        EDITORS,
    ),
    (
        "record_outcomes",
        lambda s, c: records.record_outcomes(s, c.test_id, [("B", "families", 1, None)], "x"),
        EDITORS,
    ),
    (
        "delete_outcome_batch",
        lambda s, c: records.delete_outcome_batch(s, c.test_id, c.batch),
        EDITORS,
    ),
    (
        "save_library_entry",
        lambda s, c: docs.save_library_entry(
            s,
            _ws(s, c),
            "known_acronyms",
            "PTSO",
            "x",
        ),
        OWNERS,
    ),
    (
        "delete_library_entry",
        lambda s, c: docs.delete_library_entry(s, _ws(s, c), *c.library_key, "x"),
        OWNERS,
    ),
    ("replace_library", _library_minus_nothing, OWNERS),
    (
        "save_audience",
        lambda s, c: docs.save_audience(
            s, _ws(s, c), c.audience | {"reading_grade_target": 7}, "x"
        ),
        OWNERS,
    ),
    (
        "add_member",
        lambda s, c: workspaces.add_member(s, _ws(s, c), "new@district.example", "viewer"),
        OWNERS,
    ),
    (
        "set_role",
        lambda s, c: workspaces.set_role(s, _ws(s, c), PEOPLE["viewer"], "reviewer"),
        OWNERS,
    ),
    (
        "remove_member",
        lambda s, c: workspaces.remove_member(s, _ws(s, c), PEOPLE["viewer"]),
        OWNERS,
    ),
    ("delete_workspace", lambda s, c: workspaces.delete_workspace(s, _ws(s, c)), OWNERS),
    # Anyone signed in may start a workspace of their own (and owns it).
    ("create_workspace", lambda s, c: workspaces.create_workspace(s, "Mine", "x"), EVERYONE),
    (
        "import_workspace",
        lambda s, c: exchange.import_workspace(s, c.export, rename="Imported copy"),
        EVERYONE,
    ),
]
ROLES_TRIED = [*PEOPLE, "outsider"]


@pytest.fixture(scope="module", params=BACKENDS)
def world(request, tmp_path_factory):
    """One database per backend with a workspace holding one of everything, and a
    member of each role. Every case runs in a transaction that is rolled back."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('roles') / 'commplan.db'}"
    else:
        url = request.getfixturevalue("postgres_cluster").new_database()
    store = Store(url)
    store.upgrade(seed=False)
    with store.session() as s:  # local mode: everything allowed
        ws = seed_workspace(s, SPACE)
        for role, email in PEOPLE.items():
            s.add(Member(workspace_id=ws.id, name=email.split("@")[0], email=email, role=role))
        plan = records.create_plan(s, ws, "seed", "Budget update")
        item = records.add_plan_item(
            s, plan, "seed", "families", "Come to the meeting", listening_loop={"channel": "Form"}
        )
        draft = records.create_draft(s, ws, "seed", "Budget letter", "families", item.id)
        records.save_draft_version(s, draft.id, "Dear families", {"summary": {}}, "seed")
        records.dismiss_finding(s, draft.id, "jargon.x", "MTSS", "seed")
        response = records.add_response(
            s,
            ws,
            "seed",
            audience_key="families",
            received_on=date(2026, 10, 1),
            answers=[("What worried you?", "My son Sam at Lincoln Elementary")],
            respondent={"name": "Pat Doe", "email": "pat@example.org"},
            status_note="Called Pat back",
            external_id="survey-77",
        )
        test = records.create_message_test(
            s, ws, "seed", "Subject lines", "action", [("A", "One"), ("B", "Two")]
        )
        batch = records.record_outcomes(s, test.id, [("A", "families", 1, None)], "seed").batch
        entry = docs.library_entries(s, ws, "glossary")[0]
        audience = docs.audience_profiles(s, ws)[0].data
        export = exchange.export_workspace(s, ws)
    with store.session() as s:
        # Gone from the workspace, still in the default library: replace_library
        # then has something to write.
        docs.delete_library_entry(s, s.get(Workspace, ws.id), entry.section, entry.key, "seed")
        entry2 = docs.library_entries(s, s.get(Workspace, ws.id), "glossary")[0]
    context = SimpleNamespace(
        workspace_id=ws.id,
        plan_id=plan.id,
        item_id=item.id,
        draft_id=draft.id,
        response_id=response.id,
        test_id=test.id,
        batch=batch,
        library_key=(entry2.section, entry2.key),
        audience=audience,
        export=export,
    )
    yield store, context
    store.dispose()


def _counts(session: Session) -> dict[str, int]:
    """Rows in the database (in this transaction), without flushing what is pending."""
    with session.no_autoflush:
        return {
            name: session.scalar(select(func.count()).select_from(table))
            for name, table in Base.metadata.tables.items()
        }


@contextmanager
def _trying(store: Store, actor: Actor | None = None, **options) -> Iterator[Session]:
    """A session in a transaction that is always rolled back (the shared world stays
    as seeded), acting as ``actor`` (None: local mode)."""
    with Session(store.engine, **options) as session:
        session.begin()
        try:
            if actor is not None:
                bind_actor(session, actor)
            yield session
        finally:
            session.rollback()


def _actor(role: str) -> Actor:
    email = OUTSIDER if role == "outsider" else PEOPLE[role]
    return Actor(name=email.split("@")[0], email=email)


@pytest.mark.parametrize("role", ROLES_TRIED)
@pytest.mark.parametrize(("write", "call", "who"), WRITES, ids=[w[0] for w in WRITES])
def test_every_write_as_every_role(world, write, call, who, role):
    store, c = world
    with _trying(store, expire_on_commit=False) as session:
        before = _counts(session)
        bind_actor(session, _actor(role))
        if role in who:
            call(session, c)
            session.flush()
        else:
            with pytest.raises(PermissionDenied) as refused:
                call(session, c)
            assert SPACE in str(refused.value)
            assert _counts(session) == before  # nothing written, even before rollback


def _write_functions() -> set[str]:
    """Public store functions that write: they add, delete or change records, flush,
    or run INSERT/UPDATE/DELETE statements."""
    found = set()
    markers = re.compile(
        r"session\.add\(|session\.delete\(|flush\(session|(?<![\w.])(?:delete|update|insert)\("
        r"|_driver_insert\(|_create_entry\(|_update_entry\(|_import_workspace\("
    )
    for module in (records, review, docs, workspaces, exchange):
        for name, fn in inspect.getmembers(module, inspect.isfunction):
            if fn.__module__ != module.__name__ or name.startswith("_"):
                continue
            source = textwrap.dedent(inspect.getsource(fn))
            body = ast.get_docstring(ast.parse(source).body[0]) or ""
            code = source.replace(body, "")
            if markers.search(code):
                found.add(name)
    return found


def test_the_list_covers_every_write_function():
    """A new write function in the store must be added to WRITES (and so be tried as
    every role)."""
    tried = {w[0].removesuffix("_told_back") for w in WRITES}
    not_writes = {"flush", "note_member", "write_export", "list_outcome_batches"}
    missing = _write_functions() - tried - not_writes
    assert not missing, f"store writes not tried as every role: {sorted(missing)}"


def test_local_mode_allows_everything_and_names_the_person(world):
    """No one bound: today's single-user behaviour."""
    store, c = world
    with _trying(store) as session:
        records.update_plan(session, c.plan_id, "Dana", goal="Local edit")
        workspaces.add_member(session, _ws(session, c), "x@y.example", "viewer")


def test_outsider_cannot_read_the_workspace(world):
    store, c = world
    with Session(store.engine) as session:
        bind_actor(session, _actor("outsider"))
        assert workspaces.list_workspaces(session) == []
        with pytest.raises(PermissionDenied, match="not a member"):
            workspaces.get_workspace(session, SPACE)
        with pytest.raises(PermissionDenied, match="not a member"):
            workspaces.open_workspace(session, c.workspace_id)
        bind_actor(session, _actor("viewer"))
        assert [w.name for w in workspaces.list_workspaces(session)] == [SPACE]


def test_admins_are_owners_everywhere(world, monkeypatch):
    store, c = world
    monkeypatch.setenv("COMMPLAN_ADMINS", "Boss@State.example, other@state.example")
    with _trying(store, Actor("Boss", "boss@state.example")) as session:
        assert SPACE in [w.name for w in workspaces.list_workspaces(session)]
        workspaces.add_member(session, _ws(session, c), "new@district.example", "editor")


def test_the_last_owner_stays(world):
    store, c = world
    with _trying(store, _actor("owner")) as session:
        ws = _ws(session, c)
        # The seed's local name is an editor-by-default member; make sure the owner
        # is the only owner, then try to demote and to remove them.
        with pytest.raises(PermissionDenied, match="last owner"):
            workspaces.set_role(session, ws, PEOPLE["owner"], "editor")
        with pytest.raises(PermissionDenied, match="last owner"):
            workspaces.remove_member(session, ws, PEOPLE["owner"])
        workspaces.set_role(session, ws, PEOPLE["editor"], "owner")
        workspaces.set_role(session, ws, PEOPLE["owner"], "viewer")  # another owner now


def test_a_new_workspace_belongs_to_its_creator(world):
    store, _ = world
    with _trying(store, _actor("outsider")) as session:
        ws = workspaces.create_workspace(session, "My own", "nobody")
        records.create_plan(session, ws, "nobody", "First plan")
        roles = {m.email: m.role for m in workspaces.list_members(session, ws)}
        assert roles == {OUTSIDER: "owner"}


def test_refused_message_is_plain(world):
    store, c = world
    with _trying(store, _actor("viewer")) as session:
        with pytest.raises(PermissionDenied) as refused:
            records.update_plan(session, c.plan_id, "victor", goal="No")
        assert str(refused.value) == (
            "Viewers can't edit plans in 'District office'. Ask an owner for editor access."
        )


def test_bad_role_and_bad_email_are_named(world):
    from commplan.store.errors import InvalidRecord

    store, c = world
    with _trying(store) as session:
        ws = _ws(session, c)
        with pytest.raises(InvalidRecord, match="role must be one of"):
            workspaces.add_member(session, ws, "a@b.example", "admin")
        with pytest.raises(InvalidRecord, match="not an email address"):
            workspaces.add_member(session, ws, "not an email", "viewer")


# ---- the family-comments role sees aggregates, never identifying fields -------------


def test_aggregates_role_gets_redacted_responses(world):
    from commplan.store import dashboards

    store, c = world
    with Session(store.engine) as session:
        bind_actor(session, _actor("aggregates"))
        ws = _ws(session, c)
        for found in (
            records.list_responses(session, ws),
            review.filtered_responses(session, ws),
            review.review_page(session, ws).responses,
        ):
            seeded = next(r for r in found if r.id == c.response_id)
            assert seeded.respondent is None
            assert seeded.external_id is None
            assert seeded.status_note == ""
            assert all("Sam" not in a.answer for a in seeded.answers)
            assert seeded.audience_key == "families"  # what the counts need stays
        assert dashboards.total(session, ws) >= 1  # counts are allowed
        with pytest.raises(PermissionDenied, match="counts and themes"):
            exchange.export_workspace(session, ws)
    # Nothing blanked was saved over the real values.
    with Session(store.engine) as session:
        stored = session.get(Response, c.response_id)
        assert stored.respondent == {"name": "Pat Doe", "email": "pat@example.org"}
        assert "Sam" in stored.answers[0].answer


@pytest.mark.parametrize("role", ["owner", "editor", "reviewer", "viewer"])
def test_other_roles_see_the_details(world, role):
    store, c = world
    with Session(store.engine) as session:
        bind_actor(session, _actor(role))
        found = records.list_responses(session, _ws(session, c))
        seeded = next(r for r in found if r.id == c.response_id)
        assert seeded.respondent["name"] == "Pat Doe"


def test_draft_versions_have_no_notes_field():
    """Reviewers "comment" through the response's status note: drafts have no notes
    field to comment in (if one is added, give reviewers a permission for it)."""
    assert "note" not in {c.name for c in DraftVersion.__table__.columns}


def test_member_emails_and_roles_survive_export_and_import(world):
    store, c = world
    exported = {(m["email"], m["role"]) for m in c.export["members"]}
    assert {(email, role) for role, email in PEOPLE.items()} <= exported
    with _trying(store) as session:
        ws = exchange.import_workspace(session, c.export, rename="Copy")
        roles = {m.email: m.role for m in workspaces.list_members(session, ws)}
        assert {e: roles[e] for e in PEOPLE.values()} == {e: r for r, e in PEOPLE.items()}
        # An export from before roles has no emails: still imports.
        old = {**c.export, "members": [
            {k: v for k, v in m.items() if k != "email"} for m in c.export["members"]
        ]}  # fmt: skip
        ws2 = exchange.import_workspace(session, old, rename="Old copy")
        assert all(m.email is None for m in workspaces.list_members(session, ws2))
