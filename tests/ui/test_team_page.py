"""The Team page: members and roles (owners change them), and the activity log."""

from __future__ import annotations

from contextlib import contextmanager

from commplan.store import Store
from commplan.store.access import Actor, bind_actor
from commplan.store.models import Member
from commplan.store.workspaces import DEFAULT_WORKSPACE, get_workspace
from commplan.ui import resources
from tests.ui.conftest import shown


def _table(at, index=0):
    return at.dataframe[index].value


def _roles(at) -> set[tuple[str, str]]:
    members = _table(at)
    return set(zip(members["Email"], members["Role"], strict=True))


def test_owner_adds_changes_and_removes_a_member(page):
    at = page("team")
    assert not at.exception
    at.text_input(key="member_email").input("Rosa@District.example")
    at.selectbox(key="member_role").select("reviewer")
    at.button(key="FormSubmitter:add_member_form-Add member").click().run()
    assert not at.exception, at.exception
    assert ("rosa@district.example", "Reviewer") in _roles(at)
    at.selectbox(key="member_who").select("rosa@district.example")
    at.selectbox(key="member_new_role").select("viewer")
    at.button(key="member_set_role").click().run()
    assert ("rosa@district.example", "Viewer") in _roles(at)
    at.selectbox(key="member_who").select("rosa@district.example")
    at.button(key="member_remove").click().run()
    assert "rosa@district.example" not in set(_table(at)["Email"])
    # The activity tab lists the three changes (the members table is the first frame).
    activity = at.dataframe[2].value
    member_events = activity[activity["What"] == "member"]
    assert list(member_events["Action"]) == ["deleted", "updated", "created"]
    assert any("Download" in b.label for b in at.get("download_button"))


def test_a_bad_email_is_named(page):
    at = page("team")
    at.text_input(key="member_email").input("not an email")
    at.button(key="FormSubmitter:add_member_form-Add member").click().run()
    assert any("is not an email address" in shown(e.value) for e in at.error)


class _SignedIn(Store):
    """The database as a signed-in person sees it."""

    actor: Actor

    @contextmanager
    def session(self):
        with super().session() as s:
            bind_actor(s, self.actor)
            yield s


def test_a_viewer_sees_the_list_but_no_forms(page, database, monkeypatch):
    store = Store(database)
    store.upgrade()
    with store.session() as s:
        ws = get_workspace(s, DEFAULT_WORKSPACE)
        s.add(Member(workspace_id=ws.id, name="Victor", email="v@d.example", role="viewer"))
    signed_in = _SignedIn(database)
    signed_in.actor = Actor("Victor", "v@d.example")
    monkeypatch.setattr(resources, "store", lambda: signed_in)
    at = page("team")
    assert not at.exception
    assert "v@d.example" in set(_table(at)["Email"])
    assert any("Only owners" in i.value for i in at.info)
    assert not [t for t in at.text_input if t.key == "member_email"]


def test_a_new_member_is_an_editor_unless_an_owner_says_otherwise(page):
    """Ownership is given on purpose, never by leaving the form as it was."""
    at = page("team")
    at.text_input(key="member_email").input("lee@district.example")
    at.button(key="FormSubmitter:add_member_form-Add member").click().run()
    assert not at.exception, at.exception
    assert ("lee@district.example", "Editor") in _roles(at)
