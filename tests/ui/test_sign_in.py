"""Sign-in (issue 13): the gate and the sidebar, in AppTest.

AppTest cannot follow st.login's redirect to a provider (tests/e2e/test_sign_in_journey.py
does that against a real local OIDC provider); here ``at.user`` stands for what
Streamlit read from the identity cookie, and ``at.secrets`` for secrets.toml."""

from __future__ import annotations

import streamlit as st
from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from commplan.store import Store
from commplan.store.models import Member, Workspace
from commplan.store.workspaces import create_workspace
from tests.ui.conftest import APP, shown

AUTH = {
    "redirect_uri": "http://localhost:8501/oauth2callback",
    "cookie_secret": "a-long-random-string-for-the-tests",
    "client_id": "commplan",
    "client_secret": "client-secret",
    "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration",
}
CREATE = "FormSubmitter:new_workspace_form-Create workspace"


def app(auth: dict | None = None, user: dict | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    if auth is not None:
        at.secrets["auth"] = auth
    if user is not None:
        at.user = user
    return at


def everything_shown(at: AppTest) -> str:
    parts = [e.value for e in (*at.title, *at.markdown, *at.caption, *at.error)]
    parts += [b.label for b in at.button] + [t.label for t in at.text_input]
    return "\n".join(str(p) for p in parts)


def members(database_url: str, workspace: str) -> list[str]:
    with Store(database_url).session() as s:
        ws = s.scalar(select(Workspace).where(Workspace.name == workspace))
        return list(s.scalars(select(Member.name).where(Member.workspace_id == ws.id)))


def test_without_sign_in_set_up_the_app_is_the_single_user_local_mode(database):
    at = app().run()
    assert not at.exception
    assert at.text_input(key="user").value == "tester"  # COMMPLAN_USER, as before
    assert at.selectbox(key="workspace_id").value is not None
    labels = [b.label for b in at.button]
    assert "Sign in" not in labels and "Sign out" not in labels
    # The name typed in the box is the one saved with a change.
    at.text_input(key="user").input("Rosa Diaz").run()
    at.text_input(key="new_workspace_name").input("Local team")
    at.button(key=CREATE).click().run()
    assert not at.exception
    assert members(database, "Local team") == ["Rosa Diaz"]


def test_signed_out_visitor_sees_only_the_sign_in_screen(database):
    db = Store(database)
    db.upgrade()
    with db.session() as s:  # a workspace whose name must not show
        create_workspace(s, "Secret district office", "owner")
    at = app(AUTH, {"is_logged_in": False}).run()
    assert not at.exception
    assert [b.label for b in at.button] == ["Sign in"]
    assert at.title[0].value == "commplan"
    assert not at.sidebar.children or all(
        not getattr(c, "children", None) for c in at.sidebar.children.values()
    )
    assert not at.selectbox and not at.text_input
    assert "Secret district office" not in everything_shown(at)
    assert "workspace" not in at.query_params


def _member_of_the_default_workspace(database_url: str, email: str, role: str) -> None:
    """Roles (issue 13): a signed-in person sees only the workspaces they are a member of."""
    from commplan.store.workspaces import DEFAULT_WORKSPACE, get_workspace

    store = Store(database_url)
    store.upgrade()
    with store.session() as s:
        ws = get_workspace(s, DEFAULT_WORKSPACE)
        s.add(Member(workspace_id=ws.id, name=email, email=email, role=role))
    store.dispose()


def test_signed_in_person_is_named_in_the_sidebar_and_on_their_changes(database):
    user = {"is_logged_in": True, "name": "Ana Ruiz", "email": "ana.ruiz@district.example"}
    _member_of_the_default_workspace(database, "ana.ruiz@district.example", "editor")
    at = app(AUTH, user).run()
    assert not at.exception
    sidebar = everything_shown(at)
    assert "Ana Ruiz" in "".join(m.value for m in at.sidebar.markdown)
    assert "ana.ruiz@district.example" in shown("".join(c.value for c in at.sidebar.caption))
    assert "Sign in" not in [b.label for b in at.button]
    assert "Sign out" in [b.label for b in at.sidebar.button]
    assert "Your name" not in sidebar
    assert at.selectbox(key="workspace_id").value is not None
    at.text_input(key="new_workspace_name").input("Signed-in team")
    at.button(key=CREATE).click().run()
    assert not at.exception
    assert members(database, "Signed-in team") == ["Ana Ruiz"]


def test_a_name_without_a_name_claim_falls_back_to_the_email(database):
    at = app(AUTH, {"is_logged_in": True, "email": "kim@district.example"}).run()
    assert "kim@district.example" in shown("".join(m.value for m in at.sidebar.markdown))


def test_the_signed_in_name_is_shown_as_text_not_markdown(database):
    at = app(AUTH, {"is_logged_in": True, "name": "**Boss** [x](http://e.example)"}).run()
    assert not at.exception
    shown = "".join(m.value for m in at.sidebar.markdown)
    assert "\\*\\*Boss\\*\\*" in shown and "\\[x\\]" in shown


def test_sign_out_returns_to_the_sign_in_screen(database):
    at = app(AUTH, {"is_logged_in": True, "name": "Ana Ruiz"}).run()
    at.sidebar.button(key="sign_out").click().run()
    assert not at.exception
    at.run()
    assert [b.label for b in at.button] == ["Sign in"]
    assert not at.selectbox


def test_half_written_auth_secrets_show_what_is_missing_and_no_data(database):
    at = app({"redirect_uri": AUTH["redirect_uri"]}, {"is_logged_in": False}).run()
    assert not at.exception
    message = at.error[0].value
    for key in ("cookie_secret", "client_id", "client_secret", "server_metadata_url"):
        assert key.replace("_", "\\_") in message or key in message
    assert not at.button and not at.selectbox and not at.text_input


def test_several_providers_get_a_button_each(database):
    provider = {k: AUTH[k] for k in ("client_id", "client_secret", "server_metadata_url")}
    auth = {
        "redirect_uri": AUTH["redirect_uri"],
        "cookie_secret": AUTH["cookie_secret"],
        "microsoft": provider,
        "okta": provider,
    }
    at = app(auth, {"is_logged_in": False}).run()
    assert [b.label for b in at.button] == ["Sign in with microsoft", "Sign in with okta"]


def test_client_kwargs_belong_to_the_provider_and_are_not_one(database):
    """Streamlit reads [auth.client_kwargs] (e.g. a narrower scope) as options of the
    one provider in [auth], not as a second provider."""
    auth = {**AUTH, "client_kwargs": {"prompt": "login"}}
    at = app(auth, {"is_logged_in": False}).run()
    assert not at.exception and not at.error
    assert [b.label for b in at.button] == ["Sign in"]


def test_a_provider_table_named_default_is_the_default_provider(database):
    provider = {k: AUTH[k] for k in ("client_id", "client_secret", "server_metadata_url")}
    auth = {"redirect_uri": AUTH["redirect_uri"], "cookie_secret": "s", "default": provider}
    at = app(auth, {"is_logged_in": False}).run()
    assert not at.exception and not at.error
    assert [b.label for b in at.button] == ["Sign in"]


def test_nothing_is_saved_under_nobody_when_sign_in_is_on(database):
    """The second lock behind the gate: asked for the name to save a change under
    while sign-in is configured and nobody is signed in, commplan refuses."""

    def script():
        import streamlit as st

        from commplan.ui import auth

        try:
            st.write(f"saved as {auth.acting_name()!r}")
        except PermissionError as exc:
            st.write(f"refused: {exc}")

    at = AppTest.from_function(script, default_timeout=30)
    at.secrets["auth"] = AUTH
    at.user = {"is_logged_in": False}
    at.run()
    assert at.markdown[0].value == "refused: Sign in to make changes."
    at.user = {"is_logged_in": True, "name": "Ana Ruiz"}
    at.run()
    assert at.markdown[0].value == "saved as 'Ana Ruiz'"


def test_an_unreadable_secrets_file_keeps_the_app_closed(database, tmp_path):
    """Streamlit reads a secrets.toml with a syntax error as "no secrets"; commplan must
    not take that for "no sign-in" and open every workspace to whoever reaches it."""
    from streamlit import config

    broken = tmp_path / "secrets.toml"
    broken.write_text('[auth]\nredirect_uri = "https://x.example/oauth2callback\n', "utf-8")
    saved = config.get_option("secrets.files")
    config.set_option("secrets.files", [str(broken)])
    st.secrets._reset()
    try:
        at = AppTest.from_file(APP, default_timeout=90).run()
    finally:
        config.set_option("secrets.files", saved)
        st.secrets._reset()
    assert not at.exception
    assert str(broken) in shown(at.error[0].value)
    assert not at.button and not at.selectbox and not at.text_input


def test_a_signed_in_non_member_sees_no_workspace_and_can_start_one(database):
    """Roles (issue 13): signed in but a member of nothing: no workspace data, an
    offer to start a workspace, which they then own."""
    from commplan.store.workspaces import DEFAULT_WORKSPACE

    user = {"is_logged_in": True, "name": "Ana Ruiz", "email": "ana.ruiz@district.example"}
    at = app(AUTH, user).run()
    assert not at.exception
    assert any("not a member of any workspace" in i.value for i in at.info)
    assert not [s for s in at.selectbox if s.key == "workspace_id"]
    assert DEFAULT_WORKSPACE not in everything_shown(at)
    at.text_input(key="first_workspace_name").input("Ana's team")
    at.button(key="FormSubmitter:first_workspace_form-Create workspace").click().run()
    assert not at.exception
    selector = at.selectbox(key="workspace_id")
    assert selector.options == ["Ana's team"]  # the formatted labels
    with Store(database).session() as s:
        ws = s.scalar(select(Workspace).where(Workspace.name == "Ana's team"))
        found = s.scalars(select(Member).where(Member.workspace_id == ws.id))
        roles = {(m.email, m.role) for m in found}
    assert roles == {("ana.ruiz@district.example", "owner")}


def test_a_signed_in_viewer_is_refused_a_change_with_the_role_message(database):
    """The store refuses the write; the page shows the store's message."""
    _member_of_the_default_workspace(database, "victor@district.example", "viewer")
    user = {"is_logged_in": True, "name": "Victor", "email": "victor@district.example"}
    at = app(AUTH, user)
    at.switch_page("commplan/ui/pages/audiences.py")
    at.run()
    assert not at.exception
    save = [b for b in at.button if "Save" in b.label]
    assert save, [b.label for b in at.button]
    save[0].click().run()
    assert any("Viewers can't edit audience profiles" in shown(e.value) for e in at.error)
