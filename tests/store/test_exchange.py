"""Whole-workspace JSON export and import: round trip, refusal, nothing half-written."""

import json
from datetime import date

import pytest
from sqlalchemy import func, select

from commplan.cli import main
from commplan.store import ImportRefused, Store
from commplan.store import records as r
from commplan.store.exchange import SCHEMA_VERSION, export_workspace, import_workspace
from commplan.store.models import Workspace
from tests.store.test_records import make_plan


def fill(store, workspace):
    from commplan import check_text

    plan_id, item_id = make_plan(store, workspace)
    with store.session() as s:
        draft = r.create_draft(s, workspace, "ana", "Letter", "families", plan_item_id=item_id)
        text = "Every day counts. Reply to this email."
        r.save_draft_version(s, draft.id, text, check_text(text, "families").to_dict(), "ana")
        resp = r.add_response(
            s,
            workspace,
            "ben",
            audience_key="families",
            received_on=date(2026, 10, 7),
            channel="survey",
            answers=[("Why?", 'She said "too early"\nagain')],
            themes=["transportation"],
            plan_id=plan_id,
            draft_id=draft.id,
        )
        r.set_response_status(s, resp.id, "told_back", "ana", told_back_draft_id=draft.id)
        test = r.create_message_test(
            s,
            workspace,
            "ana",
            "Bus letter",
            "rating",
            [("A", "old"), ("B", "new")],
            plan_item_id=item_id,
        )
        r.record_outcomes(s, test.id, [("A", "families", 3, None), ("B", "families", 4, "x")])


def without_time(data):
    data = dict(data)
    data.pop("exported_at")
    return data


def test_round_trip_equals_apart_from_exported_at(store, workspace, tmp_path):
    fill(store, workspace)
    with store.session() as s:
        first = export_workspace(s, workspace)
    fresh = Store(f"sqlite:///{tmp_path / 'fresh.db'}")
    fresh.upgrade(seed=False)
    with fresh.session() as s:
        imported = import_workspace(s, json.loads(json.dumps(first)))
    with fresh.session() as s:
        second = export_workspace(s, s.get(Workspace, imported.id))
    assert without_time(second) == without_time(first)
    assert first["schema_version"] == SCHEMA_VERSION
    for key in (
        "library",
        "audiences",
        "revisions",
        "plans",
        "drafts",
        "responses",
        "message_tests",
        "members",
    ):
        assert first[key], f"export has no {key}"
    fresh.dispose()


def refused(tmp_path, data, match):
    fresh = Store(f"sqlite:///{tmp_path / 'target.db'}")
    fresh.upgrade(seed=False)
    with pytest.raises(ImportRefused, match=match), fresh.session() as s:
        import_workspace(s, data)
    with fresh.session() as s:
        assert s.scalar(select(func.count()).select_from(Workspace)) == 0  # nothing written
    fresh.dispose()


def test_future_version_is_refused_whole(store, workspace, tmp_path):
    with store.session() as s:
        data = export_workspace(s, workspace)
    refused(tmp_path, {**data, "schema_version": SCHEMA_VERSION + 1}, "newer commplan")


@pytest.mark.parametrize(
    ("damage", "match"),
    [
        (lambda d: d.update(format="something"), "not a commplan workspace export"),
        (lambda d: d.update(plans="oops"), "'plans' must be a list"),
        (lambda d: d["responses"][0].update(received_on="yesterday"), "not a valid date"),
        (lambda d: d["responses"][0].update(status="ignored"), "breaks a rule"),
        (lambda d: d["responses"][0].update(draft="draft-99"), "unknown draft"),
        (lambda d: d["plans"][0]["items"][0].pop("desired_action"), "missing field"),
    ],
)
def test_malformed_file_is_refused_whole(store, workspace, tmp_path, damage, match):
    fill(store, workspace)
    with store.session() as s:
        data = json.loads(json.dumps(export_workspace(s, workspace)))
    damage(data)
    refused(tmp_path, data, match)


def test_cli_export_import(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("COMMPLAN_DATABASE_URL", f"sqlite:///{tmp_path / 'a.db'}")
    assert main(["db", "upgrade"]) == 0
    assert main(["export", str(tmp_path / "ws.json")]) == 0
    monkeypatch.setenv("COMMPLAN_DATABASE_URL", f"sqlite:///{tmp_path / 'b.db'}")
    assert main(["import", str(tmp_path / "ws.json")]) == 0
    assert main(["export", str(tmp_path / "ws2.json")]) == 0
    a = json.loads((tmp_path / "ws.json").read_text())
    b = json.loads((tmp_path / "ws2.json").read_text())
    assert without_time(a) == without_time(b)
    assert main(["import", str(tmp_path / "ws.json")]) == 2
    assert "already exists" in capsys.readouterr().err
    (tmp_path / "bad.json").write_text("{not json", "utf-8")
    assert main(["import", str(tmp_path / "bad.json")]) == 2
    assert "not valid JSON (line 1" in capsys.readouterr().err


def test_cli_library_yaml_round_trip(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("COMMPLAN_DATABASE_URL", f"sqlite:///{tmp_path / 'a.db'}")
    main(["db", "upgrade"])
    assert main(["library", "export", str(tmp_path / "lib")]) == 0
    assert main(["library", "import", str(tmp_path / "lib"), "--by", "ana"]) == 0
    assert "0 library entries changed" in capsys.readouterr().out


def test_cli_without_database_says_so(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("COMMPLAN_DATABASE_URL", f"sqlite:///{tmp_path / 'none.db'}")
    assert main(["export", str(tmp_path / "x.json")]) == 2
    assert "commplan db upgrade" in capsys.readouterr().err
