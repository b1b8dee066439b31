"""Sign-in (issue 13) in a real browser against a real OpenID Connect provider.

oidc-provider-mock (a real OIDC provider: discovery, authorize form, token and
userinfo endpoints, signed ID tokens) runs on 127.0.0.1; commplan runs in its own
`streamlit run` with a secrets.toml that points st.login at it. Nothing of Streamlit
is mocked: the browser follows st.login's redirects, the provider's form, the
callback and the identity cookie, then st.logout's end-session round trip.

A missing provider package fails this test (it is a dev dependency), as a missing
Chromium fails every browser journey (tests/e2e/conftest.py).
"""

from __future__ import annotations

import json
import os
import re
import secrets
import subprocess
import sys
import urllib.request

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import ARTIFACTS, _free_port, running_app, shot, wait_until_up

SUBJECT = "ana-ruiz-7"
CLAIMS = {"name": "Ana Ruiz", "email": "ana.ruiz@district.example"}
TIMEOUT = 60_000


def _start_provider(port: int) -> subprocess.Popen:
    try:
        import oidc_provider_mock  # noqa: F401
    except ImportError:
        pytest.fail(
            "oidc-provider-mock is not installed: pip install -e '.[dev]'", pytrace=False
        )
    return subprocess.Popen(
        [sys.executable, "-m", "oidc_provider_mock", "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**os.environ, "NO_COLOR": "1"},
    )


def _issuer_is(resp, url: str) -> bool:
    """The provider is up and names itself as expected (a wrong issuer fails loudly)."""
    assert json.load(resp)["issuer"].rstrip("/") == url
    return True


@pytest.fixture(scope="module")
def provider():
    port = _free_port()
    proc = _start_provider(port)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(
            proc,
            f"{url}/.well-known/openid-configuration",
            "the OIDC provider",
            seconds=30,
            pause=0.2,
            ready=lambda resp: _issuer_is(resp, url),
        )
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=20)


@pytest.fixture(scope="module")
def signed_app(provider, tmp_path_factory):
    """commplan with sign-in configured against the local provider; yields its URL."""
    data = tmp_path_factory.mktemp("signin")
    secrets_file = data / "secrets.toml"
    # {port}: Streamlit puts its own server.port in; the app runs on 127.0.0.1, so the
    # identity cookie is set on the address the browser uses.
    secrets_file.write_text(
        "[auth]\n"
        'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
        f'cookie_secret = "{secrets.token_hex(32)}"\n'
        'client_id = "commplan-e2e"\n'
        'client_secret = "e2e-client-secret"\n'
        f'server_metadata_url = "{provider}/.well-known/openid-configuration"\n',
        encoding="utf-8",
    )
    with pytest.MonkeyPatch.context() as env:
        # Roles (issue 13): a signed-in person sees only the workspaces they are a member
        # of; Ana is this deployment's admin (COMMPLAN_ADMINS), so she owns them all.
        env.setenv("COMMPLAN_ADMINS", CLAIMS["email"])
        with running_app(data, ("--secrets.files", str(secrets_file))) as url:
            yield url


def _set_user_claims(provider: str, sub: str, claims: dict) -> None:
    request = urllib.request.Request(
        f"{provider}/users/{sub}",
        data=json.dumps(claims).encode(),
        headers={"Content-Type": "application/json"},
        method="PUT",
    )
    with urllib.request.urlopen(request, timeout=10) as resp:
        assert resp.status == 204


def _expect_sign_in_screen(page) -> None:
    expect(page.get_by_role("button", name="Sign in")).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_role("heading", name="commplan")).to_be_visible()
    # No pages, no workspace: the sidebar's navigation and selector are not drawn.
    expect(page.get_by_text("Draft studio")).to_have_count(0)
    expect(page.get_by_text("Workspace", exact=True)).to_have_count(0)
    expect(page.get_by_label("Your name")).to_have_count(0)


def _expect_accessible(page, name: str) -> None:
    """axe-core on the whole sign-in screen (Streamlit draws no navigation there)."""
    from axe_playwright_python.sync_playwright import Axe

    violations = Axe().run(page).response["violations"]
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / f"{name}-axe.json").write_text(json.dumps(violations, indent=2), "utf-8")
    problems = [v for v in violations if v["impact"] in ("serious", "critical")]
    assert not problems, [(v["id"], [n["target"] for n in v["nodes"][:5]]) for v in problems]


def test_sign_in_and_out_through_a_real_oidc_provider(browser, provider, signed_app):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    try:
        page.goto(signed_app)
        _expect_sign_in_screen(page)
        assert "My workspace" not in page.content()
        shot(page, "sign-in-screen")
        _expect_accessible(page, "sign-in-screen")
        # A page's own address (a bookmark) shows the same screen, not the page.
        page.goto(f"{signed_app}/plans?workspace=1")
        _expect_sign_in_screen(page)
        expect(page.get_by_role("heading", name="Plans")).to_have_count(0)

        # The person the provider will vouch for: subject, name and email.
        _set_user_claims(provider, SUBJECT, CLAIMS)
        page.get_by_role("button", name="Sign in").click()
        # The provider's own authorize form (a different origin).
        page.wait_for_url(f"{provider}/oauth2/authorize**", timeout=TIMEOUT)
        page.locator("input[name=sub]").fill(SUBJECT)
        page.get_by_role("button", name="Authorize").click()

        # Back in commplan, signed in: name and email in the sidebar, the pages there.
        sidebar = page.get_by_test_id("stSidebar")
        expect(sidebar.get_by_text("Signed in as Ana Ruiz")).to_be_visible(timeout=TIMEOUT)
        # md() puts a word joiner before "@" so Markdown makes no mail link of it.
        expect(sidebar.get_by_text(re.compile(r"ana\.ruiz\u2060?@district\.example"))).to_be_visible()
        expect(sidebar.get_by_role("button", name="Sign out")).to_be_visible()
        expect(sidebar.get_by_text("Draft studio")).to_be_visible()
        # The default page and workspace drawn in full (first load builds the pipeline).
        expect(page.get_by_role("heading", name="Draft studio")).to_be_visible(timeout=TIMEOUT)
        expect(sidebar.get_by_role("combobox", name="Workspace")).to_have_value(
            "My workspace", timeout=TIMEOUT
        )
        expect(page.get_by_label("Your name")).to_have_count(0)
        assert page.url.startswith(signed_app)
        shot(page, "signed-in-sidebar")

        # A reload is a new session: the identity cookie keeps the person signed in.
        page.reload()
        expect(sidebar.get_by_text("Signed in as Ana Ruiz")).to_be_visible(timeout=TIMEOUT)

        sidebar.get_by_role("button", name="Sign out").click()
        # The provider's end-session page, then back to commplan.
        page.wait_for_url(f"{provider}/oauth2/end_session**", timeout=TIMEOUT)
        page.get_by_role("button", name="End session").click()
        page.wait_for_url(f"{signed_app}/**", timeout=TIMEOUT)
        _expect_sign_in_screen(page)
        # And it stays signed out after a reload (the cookie is gone).
        page.reload()
        _expect_sign_in_screen(page)
        shot(page, "signed-out-again")
    finally:
        context.close()

