"""The Audiences page: list, edit with a version check, add a custom audience."""

from __future__ import annotations

# Import the real package before any page runs: AppTest puts the page's folder first on
# sys.path, where pages/audiences.py would otherwise shadow the `audiences` package.
import audiences  # noqa: F401
from commplan.store import Store
from commplan.store.documents import audience_profiles, history, save_audience
from commplan.store.workspaces import list_workspaces
from commplan.ui.text import md
from tests.ui.conftest import shown

HOSTILE = "<script>alert(1)</script>"


def in_workspace(url, fn):
    store = Store(url)
    try:
        with store.session() as s:
            return fn(s, list_workspaces(s)[0])
    finally:
        store.dispose()


def table(at):
    return next(d.value for d in at.dataframe if "Target grade" in d.value.columns)


def test_page_lists_the_seeded_audiences(page):
    at = page("audiences")
    assert not at.exception
    assert at.title[0].value == "Audiences"
    assert at.caption[0].value
    rows = table(at).set_index("Id")
    assert rows.loc["families", "Target grade"] == 6
    assert rows.loc["agency_staff", "Target grade"] == 12
    assert not rows["Custom"].any()
    assert at.selectbox(key="audience_select").value == "families"
    assert at.text_input(key="audience_name").value == "Families and caregivers"
    assert at.number_input(key="audience_grade").value == 6.0


def test_selecting_an_audience_fills_the_form(page):
    at = page("audiences")
    at.selectbox(key="audience_select").select("agency_staff").run()
    assert not at.exception
    assert at.number_input(key="audience_grade").value == 12.0
    assert at.multiselect(key="audience_categories").value  # tolerates some jargon
    assert "en" in at.text_area(key="audience_languages").value.splitlines()


def test_editing_the_target_grade_persists(page, database):
    at = page("audiences")
    at.number_input(key="audience_grade").set_value(7.5)
    at.text_input(key="audience_acronyms").input("IEP, FAFSA, IEP")
    at.text_area(key="audience_channels").input("text message\n\n  robocall  \n")
    at.button(key="audience_save").click().run()
    assert not at.exception and not at.error
    assert any("Saved 'Families and caregivers'" in shown(s.value) for s in at.success)

    again = page("audiences")  # a fresh session reads it back from the database
    rows = table(again).set_index("Id")
    assert rows.loc["families", "Target grade"] == 7.5
    assert rows.loc["families", "Version"] == 2
    assert again.number_input(key="audience_grade").value == 7.5
    assert again.text_input(key="audience_acronyms").value == "IEP, FAFSA"

    def stored(s, ws):
        profile = next(p for p in audience_profiles(s, ws) if p.key == "families")
        revisions = history(s, ws, "audience", "audiences", "families")
        return profile.data, [(r.action, r.changed_by) for r in revisions]

    data, revisions = in_workspace(database, stored)
    assert data["channels"] == ["text message", "robocall"]
    assert data["jargon_tolerance"]["acronyms"] == ["IEP", "FAFSA"]
    assert revisions == [("create", "commplan"), ("update", "tester")]


def test_rare_word_setting_is_edited_and_kept(page, database):
    """The form shows the audience's rare-word cut and a save keeps it (it used to
    drop a cut set in YAML, silently changing what the checks flag)."""
    from commplan.store.documents import save_audience

    def set_cut(s, ws):
        profile = next(p for p in audience_profiles(s, ws) if p.key == "families")
        data = {**profile.data}
        data["jargon_tolerance"] = {**(data.get("jargon_tolerance") or {}), "rare_below": 2.8}
        save_audience(s, ws, data, "colleague", expected_version=profile.version)

    page("audiences")  # creates the workspace and its seeded audiences
    in_workspace(database, set_cut)
    at = page("audiences")
    assert at.selectbox(key="audience_rare").value == 2.8
    at.number_input(key="audience_grade").set_value(7.0)
    at.button(key="audience_save").click().run()
    assert not at.exception and not at.error

    def cut(s, ws):
        profile = next(p for p in audience_profiles(s, ws) if p.key == "families")
        return profile.data["jargon_tolerance"].get("rare_below")

    assert in_workspace(database, cut) == 2.8
    at.selectbox(key="audience_rare").select(0.0)
    at.button(key="audience_save").click().run()
    assert in_workspace(database, cut) == 0.0
    assert "Never flag" in at.selectbox(key="audience_rare").format_func(0.0)


def test_a_stale_version_is_refused(page, database):
    at = page("audiences")

    def colleague_saves(s, ws):
        profile = next(p for p in audience_profiles(s, ws) if p.key == "families")
        save_audience(s, ws, {**profile.data, "reading_grade_target": 5}, "colleague")

    in_workspace(database, colleague_saves)
    at.number_input(key="audience_grade").set_value(9.0)
    at.button(key="audience_save").click().run()
    assert any("changed by colleague" in e.value for e in at.error)
    assert any("colleague saved this audience" in w.value for w in at.warning)
    grade = in_workspace(
        database,
        lambda s, ws: next(
            p.data["reading_grade_target"] for p in audience_profiles(s, ws) if p.key == "families"
        ),
    )
    assert grade == 5


def test_creating_a_custom_audience(page, database):
    at = page("audiences")
    at.selectbox(key="audience_select").select("").run()
    at.text_input(key="audience_id").input("Rural Families")
    at.text_input(key="audience_name").input("Rural families")
    at.number_input(key="audience_grade").set_value(6.0)
    at.multiselect(key="audience_values").select("whole_child")
    at.button(key="audience_save").click().run()
    assert any("not snake_case" in e.value for e in at.error)
    assert "rural_families" not in set(table(at)["Id"])

    at.text_input(key="audience_id").input("families")
    at.button(key="audience_save").click().run()
    assert any("already exists" in e.value for e in at.error)

    at.text_input(key="audience_id").input("rural_families")
    at.button(key="audience_save").click().run()
    assert not at.exception and not at.error
    assert at.selectbox(key="audience_select").value == "rural_families"
    rows = table(at).set_index("Id")
    assert rows.loc["rural_families", "Custom"]
    assert rows.loc["rural_families", "Target grade"] == 6.0
    assert rows.loc["families", "Version"] == 1  # the existing audience was not touched
    values = in_workspace(
        database,
        lambda s, ws: next(
            p.data["values"] for p in audience_profiles(s, ws) if p.key == "rural_families"
        ),
    )
    assert values == ["whole_child"]


def test_hostile_text_in_a_description_is_shown_as_text(page):
    at = page("audiences")
    at.text_area(key="audience_description").input(HOSTILE)
    at.button(key="audience_save").click().run()
    assert not at.exception and not at.error

    again = page("audiences")
    described = [m for m in again.markdown if shown(m.value) == HOSTILE]
    assert described, "the description is rendered"
    assert all(m.value == md(HOSTILE) for m in described)  # escaped: shows as written
    assert not any(m.proto.allow_html for m in again.markdown if "script" in m.value)
    assert not any("script" in h.proto.body for h in again.html)
    assert again.text_area(key="audience_description").value == HOSTILE


def test_the_saved_message_shows_the_name_as_typed(page):
    """It showed Python's repr: a backslash doubled, an apostrophe switching quotes."""
    at = page("audiences")
    at.text_input(key="audience_name").input("Parents' council \\ caregivers")
    at.button(key="audience_save").click().run()
    assert not at.exception and not at.error
    assert any(
        shown(s.value).startswith("Saved 'Parents' council \\ caregivers'.") for s in at.success
    ), [shown(s.value) for s in at.success]
