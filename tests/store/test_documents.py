"""Library entries and audiences: validated, versioned, every edit kept."""

import pytest

from commplan.store import ConflictError, InvalidRecord
from commplan.store.documents import (
    history,
    library_entries,
    load_workspace_audiences,
    load_workspace_library,
    replace_library,
    save_audience,
    save_library_entry,
)
from message_library import load_default_library, load_library, write_library

SYNERGY = {
    "term": "zorbleplex",
    "category": "corporate-speak",
    "plain": ["teamwork"],
    "examples": {"fail": ["We found zorbleplex."], "pass": ["We worked well together."]},
}


def test_seeded_library_equals_the_default(store, workspace):
    with store.session() as s:
        library = load_workspace_library(s, workspace)
    default = load_default_library()
    assert library.model_copy(update={"name": default.name}).fingerprint == default.fingerprint
    with store.session() as s:
        assert len(load_workspace_audiences(s, workspace)) == 14


def test_every_edit_is_kept_with_who_and_when(store, workspace):
    with store.session() as s:
        save_library_entry(s, workspace, "glossary", SYNERGY, "ana")
    with store.session() as s:
        entry = next(e for e in library_entries(s, workspace, "glossary") if e.key == "zorbleplex")
        version = entry.version
        save_library_entry(
            s,
            workspace,
            "glossary",
            {**SYNERGY, "plain": ["working together"]},
            "ben",
            expected_version=version,
        )
    with store.session() as s:
        revisions = history(s, workspace, "library", "glossary", "zorbleplex")
    assert [(r.action, r.changed_by, r.version) for r in revisions] == [
        ("create", "ana", 1),
        ("update", "ben", 2),
    ]
    assert revisions[1].data["plain"] == ["working together"]
    assert revisions[0].changed_at is not None


def test_invalid_entry_names_the_field(store, workspace):
    with pytest.raises(InvalidRecord, match="expansion"), store.session() as s:
        save_library_entry(s, workspace, "glossary", {"term": "ABC", "category": "acronym"}, "ana")


def test_stale_edit_is_refused(store, workspace):
    with store.session() as s:
        save_library_entry(s, workspace, "glossary", SYNERGY, "ana")
    with store.session() as s:
        save_library_entry(
            s, workspace, "glossary", {**SYNERGY, "plain": ["x"]}, "ana", expected_version=1
        )
    with pytest.raises(ConflictError, match="changed by ana"), store.session() as s:
        save_library_entry(
            s, workspace, "glossary", {**SYNERGY, "plain": ["y"]}, "ben", expected_version=1
        )
    with store.session() as s:
        entry = next(e for e in library_entries(s, workspace, "glossary") if e.key == "zorbleplex")
    assert entry.data["plain"] == ["x"]


def test_yaml_export_and_import_round_trip(store, workspace, tmp_path):
    with store.session() as s:
        save_library_entry(s, workspace, "glossary", SYNERGY, "ana")
        before = load_workspace_library(s, workspace)
    write_library(before, tmp_path / "lib")
    again = load_library(tmp_path / "lib")
    assert again.fingerprint == before.fingerprint
    with store.session() as s:
        assert replace_library(s, workspace, again, "ana") == 0


def test_custom_audience(store, workspace):
    profile = {
        "id": "tribal_leaders",
        "name": "Tribal education leaders",
        "reading_grade_target": 10,
        "listening_channels": ["government-to-government consultation"],
    }
    with store.session() as s:
        saved = save_audience(s, workspace, profile, "ana")
        assert saved.custom
    with store.session() as s:
        assert "tribal_leaders" in load_workspace_audiences(s, workspace)
    with pytest.raises(InvalidRecord, match="reading_grade_target"), store.session() as s:
        save_audience(s, workspace, {**profile, "reading_grade_target": 40}, "ana")
