"""The workspace selector: a new workspace opens without an error, and a reload comes
back to the workspace the person was working in."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.ui.conftest import APP


def app() -> AppTest:
    return AppTest.from_file(APP, default_timeout=90)


def test_new_workspace_opens_and_is_remembered_across_a_reload(database):
    at = app().run()
    assert not at.exception
    first = at.selectbox(key="workspace_id").value
    at.text_input(key="new_workspace_name").input("Zeta district team")
    at.button(key="FormSubmitter:new_workspace_form-Create workspace").click().run()
    assert not at.exception, at.exception
    selector = at.selectbox(key="workspace_id")
    assert selector.value != first
    assert selector.format_func(selector.value) == "Zeta district team"
    assert at.query_params["workspace"] == str(selector.value)
    assert any("Zeta district team" in t.value for t in at.toast)

    # A reload is a new session with the same address.
    again = app()
    again.query_params["workspace"] = str(selector.value)
    again.run()
    assert again.selectbox(key="workspace_id").value == selector.value
    # Choosing another workspace in the sidebar updates the address too.
    again.selectbox(key="workspace_id").select(first).run()
    assert again.query_params["workspace"] == str(first)


def test_a_new_workspace_needs_a_name_and_a_unique_one(database):
    at = app().run()
    at.button(key="FormSubmitter:new_workspace_form-Create workspace").click().run()
    assert any("name" in e.value for e in at.error)
    at.text_input(key="new_workspace_name").input("My workspace")
    at.button(key="FormSubmitter:new_workspace_form-Create workspace").click().run()
    assert not at.exception
    assert any("already exists" in e.value for e in at.error)


def test_an_unknown_workspace_in_the_address_falls_back_to_the_default(database):
    at = app()
    at.query_params["workspace"] = "9999"
    at.run()
    selector = at.selectbox(key="workspace_id")
    assert selector.format_func(selector.value) == "My workspace"


def test_every_page_gets_the_caption_contrast_style(database):
    """Streamlit's default caption grey is 3.9:1 on white (WCAG AA asks 4.5:1); the
    app's own style, set before each page, raises it everywhere, not on one page."""
    at = app().run()
    for page in ("plans", "feedback", "library", "audiences"):
        at.switch_page(f"commplan/ui/pages/{page}.py").run()
        assert not at.exception
        styles = [h.proto.body for h in at.get("html") if "stCaptionContainer" in h.proto.body]
        assert styles and "opacity:0.8" in styles[0], page
