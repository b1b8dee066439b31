"""The activity log: who changed what and when, written in the change's own
transaction, listed with filters and exported safely."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select, update

from commplan.store import audit, records
from commplan.store.access import Actor, PermissionDenied, bind_actor, bind_local_name
from commplan.store.base import utcnow
from commplan.store.documents import save_library_entry
from commplan.store.errors import InvalidRecord
from commplan.store.models import AuditEvent, Member, Workspace
from commplan.store.workspaces import add_member


def _events(store, workspace, **filters):
    with store.session() as s:
        page = audit.list_events(s, s.get(Workspace, workspace.id), **filters)
        return [(e.actor_name, e.actor_email, e.action, e.kind, e.summary, e.fields)
                for e in page.events]  # fmt: skip


def _count(store) -> int:
    with store.session() as s:
        return s.scalar(select(func.count()).select_from(AuditEvent))


def test_plan_draft_response_and_library_changes_are_logged(store, workspace):
    with store.session() as s:
        plan = records.create_plan(s, workspace, "Dana", "Bus routes", goal="Tell families")
    with store.session() as s:
        records.update_plan(s, plan.id, "Lee", goal="Tell families early", status="active")
    with store.session() as s:
        draft = records.create_draft(s, workspace, "Dana", "Bus letter", "families")
        records.save_draft_version(s, draft.id, "Dear families", {"summary": {}}, "Dana")
    with store.session() as s:
        response = records.add_response(
            s,
            workspace,
            "Sam",
            audience_key="families",
            received_on=date(2026, 10, 1),
            answers=[("Q", "My daughter Maya waits an hour")],
            respondent={"name": "Pat Doe"},
        )
    with store.session() as s:
        records.set_response_status(s, response.id, "decided", "Rosa", note="Called back")
    with store.session() as s:
        save_library_entry(s, workspace, "known_acronyms", "PTSO", "Kim")
    with store.session() as s:
        records.delete_plan(s, plan.id)
    events = _events(store, workspace)
    summaries = [e[4] for e in events]
    assert ("Dana", None, "created", "plan", "Plan 'Bus routes' created", []) in events
    assert (
        "Lee", None, "updated", "plan", "Plan 'Bus routes' updated (goal, status)",
        ["goal", "status"],
    ) in events  # fmt: skip
    assert any(e[:4] == ("Dana", None, "created", "draft") for e in events)
    assert any(e[2:4] == ("updated", "draft") and e[5] == ["versions"] for e in events)
    assert any(e[:4] == ("Sam", None, "created", "response") for e in events)
    assert any(
        e[:4] == ("Rosa", None, "updated", "response")
        and e[5] == ["status", "status_note"]
        for e in events
    )
    assert any(e[:4] == ("Kim", None, "created", "library entry") for e in events)
    assert any(e[2:4] == ("deleted", "plan") for e in events)
    # Never what someone said or who they are.
    assert not any("Maya" in s or "Pat" in s for s in summaries)
    assert events[0][2] == "deleted"  # newest first


def test_a_rolled_back_change_leaves_no_event(store, workspace):
    before = _count(store)
    with pytest.raises(RuntimeError), store.session() as s:
        records.create_plan(s, workspace, "Dana", "Never saved")
        raise RuntimeError("something after the write fails")
    with pytest.raises(InvalidRecord), store.session() as s:
        records.create_plan(s, workspace, "Dana", "Bad", status="nonsense")
    assert _count(store) == before


def test_a_refused_change_leaves_no_event(store, workspace):
    with store.session() as s:
        add_member(s, workspace, "victor@district.example", "viewer")
    before = _count(store)
    with pytest.raises(PermissionDenied), store.session() as s:
        bind_actor(s, Actor("Victor", "victor@district.example"))
        records.create_plan(s, workspace, "Victor", "Not allowed")
    assert _count(store) == before


def test_signed_in_person_and_local_names(store, workspace):
    with store.session() as s:
        s.add(Member(workspace_id=workspace.id, name="Olivia", email="o@d.example", role="owner"))
    with store.session() as s:
        bind_actor(s, Actor("Olivia Ortiz", "o@d.example"))
        plan = records.create_plan(s, workspace, "ignored", "Signed-in plan")
    with store.session() as s:
        bind_local_name(s, "Dana from the Your name box")
        records.delete_plan(s, plan.id)  # a deletion carries no name of its own
    with store.session() as s:
        plan = records.create_plan(s, workspace, "x", "Another")
    with store.session() as s:
        records.delete_plan(s, plan.id)
    with store.session() as s:
        plan = records.create_plan(s, workspace, "x", "Third")
    with store.session() as s:
        records.delete_plan(s, plan.id, "Dana")  # the UI passes the "Your name" value
    events = _events(store, workspace, kinds=["plan"])[:6]  # the seed's example is older
    assert [e[:3] for e in events] == [
        ("Dana", None, "deleted"),
        ("x", None, "created"),
        ("local user", None, "deleted"),
        ("x", None, "created"),
        ("Dana from the Your name box", None, "deleted"),
        ("Olivia Ortiz", "o@d.example", "created"),
    ]


def test_an_import_is_one_event_with_counts(store, workspace):
    rows = [
        {
            "audience_key": "families",
            "received_on": date(2026, 9, 1) + timedelta(days=i % 20),
            "answers": [("Comment", f"Answer number {i}")],
        }
        for i in range(120)
    ]
    with store.session() as s:
        records.bulk_add_responses(s, workspace, "Importer", rows)
    with store.session() as s:
        records.bulk_add_responses(s, workspace, "Importer", rows[:30])
    events = _events(store, workspace, kinds=["responses"])
    assert [e[4] for e in events] == [
        "Imported 0 responses (30 already recorded, skipped)",
        "Imported 120 responses (0 already recorded, skipped)",
    ]
    assert {e[2] for e in events} == {"imported"}


def test_filters_and_pages(store, workspace):
    with store.session() as s:
        for i in range(7):
            records.create_plan(s, workspace, "Dana" if i % 2 else "Lee", f"Plan {i}")
    with store.session() as s:
        # Two of Lee's events happened last month.
        old = utcnow() - timedelta(days=40)
        ids = s.scalars(
            select(AuditEvent.id)
            .where(AuditEvent.actor_name == "Lee", AuditEvent.kind == "plan")
            .order_by(AuditEvent.id)
            .limit(2)
        ).all()
        s.execute(update(AuditEvent).where(AuditEvent.id.in_(ids)).values(at=old))
    assert len(_events(store, workspace, kinds=["plan"], person="dana")) == 3
    assert len(_events(store, workspace, kinds=["plan"], person="LEE")) == 4
    today = utcnow().date()
    recent = _events(store, workspace, person="lee", since=today - timedelta(days=1))
    assert len(recent) == 2
    older = _events(store, workspace, kinds=["plan"], until=today - timedelta(days=30))
    assert len(older) == 2
    assert _events(store, workspace, kinds=["draft"]) == []
    with store.session() as s:
        ws = s.get(Workspace, workspace.id)
        first = audit.list_events(s, ws, kinds=["plan"], page_size=3)
        last = audit.list_events(s, ws, kinds=["plan"], page_size=3, page=99)
    # The seed's example plan is the eighth.
    assert (first.total, first.pages, len(first.events)) == (8, 3, 3)
    assert (last.page, len(last.events)) == (3, 2)


def test_export_csv_and_xlsx_are_formula_safe(store, workspace):
    import openpyxl
    import pandas as pd

    with store.session() as s:
        records.create_plan(s, workspace, "=HYPERLINK(\"http://evil\")", "=1+1")
    with store.session() as s:
        ws = s.get(Workspace, workspace.id)
        csv = audit.export_bytes(s, ws, "csv", kinds=["plan"])
        xlsx = audit.export_bytes(s, ws, "xlsx", kinds=["plan"])
        with pytest.raises(ValueError, match="csv or xlsx"):
            audit.export_bytes(s, ws, "pdf")
    table = pd.read_csv(io.BytesIO(csv), encoding="utf-8-sig", dtype=str)
    assert list(table.columns) == audit.EXPORT_COLUMNS
    # The seed's example plan comes first (oldest first).
    assert table["person"].tolist()[1:] == ["'=HYPERLINK(\"http://evil\")"]
    assert table["summary"].tolist()[1:] == ["Plan '=1+1' created"]
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx)).active
    cells = [c.value for c in sheet[3]]
    assert cells[1] == "'=HYPERLINK(\"http://evil\")"
    assert all(not (isinstance(v, str) and v.startswith("=")) for v in cells)


def test_a_new_workspace_is_one_event_not_one_per_library_entry(store):
    from commplan.store.seed import seed_workspace

    with store.session() as s:
        ws = seed_workspace(s, "Second team", "Dana")
    events = _events(store, ws)
    assert [(e[0], e[2], e[3]) for e in events] == [("Dana", "created", "workspace")]


def test_cli_audit_export(tmp_path, monkeypatch, capsys):
    import pandas as pd

    from commplan.cli import main

    monkeypatch.setenv("COMMPLAN_DATABASE_URL", f"sqlite:///{tmp_path / 'a.db'}")
    assert main(["db", "upgrade"]) == 0
    out = tmp_path / "activity.csv"
    assert main(["audit", "export", "--workspace", "My workspace", "-o", str(out)]) == 0
    assert "wrote the activity log of workspace 'My workspace'" in capsys.readouterr().out
    table = pd.read_csv(out, encoding="utf-8-sig")
    assert "Workspace 'My workspace' created" in table["summary"].iloc[0]
    assert main(["audit", "export", "-o", str(tmp_path / "a.xlsx"), "--kind", "plan"]) == 0
    assert pd.read_excel(tmp_path / "a.xlsx", engine="openpyxl")["kind"].tolist() == ["plan"]
    assert main(["audit", "export", "-o", str(tmp_path / "a.pdf")]) == 2
    assert ".csv or .xlsx" in capsys.readouterr().err
    assert main(["audit", "export", "-o", str(out), "--kind", "plans"]) == 2
    assert "unknown kind 'plans'" in capsys.readouterr().err
    assert main(["audit", "export", "--workspace", "Nope", "-o", str(out)]) == 2
    assert "no workspace named 'Nope'" in capsys.readouterr().err
