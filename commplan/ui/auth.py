"""Who is using commplan: signed in through the organisation's OpenID Connect provider
(Streamlit's ``st.login`` / ``st.user``) when an ``[auth]`` section is set up in
Streamlit's secrets, else the local "Your name" box (single-user local mode, the
default, no set-up).

When sign-in is configured, a visitor who is not signed in sees only the sign-in
screen (``gate``): no workspace data, no pages. A half-written ``[auth]`` section does
not fall back to the open local mode: the gate names what is missing and stops.
"""

from __future__ import annotations

import getpass
import importlib.util
import os
from collections.abc import Mapping
from dataclasses import dataclass

import streamlit as st

from commplan.ui.text import md

AUTH_SECTION = "auth"
# Streamlit's own names (st.login's documentation): shared by every provider, and
# needed for each provider (flat in [auth] for one provider, or in [auth.NAME]).
SHARED_KEYS = ("redirect_uri", "cookie_secret")
PROVIDER_KEYS = ("client_id", "client_secret", "server_metadata_url")
# The flat [auth] keys (or an [auth.default] table) are Streamlit's "default"
# provider: st.login() with no name. [auth.client_kwargs] holds that provider's
# options (scope, prompt...), so it is not a provider of its own.
DEFAULT_PROVIDER = "default"
NOT_PROVIDERS = frozenset({"client_kwargs"})

PRODUCT = "commplan"
PITCH = (
    "Plan communications by audience, check drafts for jargon and readability, "
    "and keep track of what families, staff and partners tell you."
)
SIGN_IN_NOTE = "Sign in with your organisation's account to see your team's workspaces."


@dataclass(frozen=True)
class Identity:
    """The person working: ``signed_in`` only when the OIDC provider vouched for them.
    In local mode ``name`` is whatever the "Your name" box says and ``email`` is None."""

    name: str
    email: str | None
    signed_in: bool


def default_user() -> str:
    return os.environ.get("COMMPLAN_USER") or getpass.getuser() or "commplan user"


def _auth_section() -> Mapping | None:
    # load_if_toml_exists: False (not an exception) when there is no secrets file.
    if not st.secrets.load_if_toml_exists():
        return None
    section = st.secrets.get(AUTH_SECTION)
    return section if isinstance(section, Mapping) else None


def unreadable_secrets() -> list[str]:
    """Secrets files that exist but Streamlit could not read (a TOML syntax error):
    Streamlit then carries on as if there were no secrets at all, which must not
    become "no sign-in"."""
    if st.secrets.load_if_toml_exists():
        return []
    from streamlit import config

    return [p for p in config.get_option("secrets.files") or [] if os.path.exists(p)]


def auth_configured() -> bool:
    """True when Streamlit's secrets have an ``[auth]`` section (complete or not: an
    incomplete one is reported by the gate, never treated as "no sign-in"), or when a
    secrets file exists that cannot be read (it may hold one)."""
    return _auth_section() is not None or bool(unreadable_secrets())


def providers() -> list[str]:
    """The configured providers' names, for ``st.login(name)``: "default" for the flat
    keys in ``[auth]``, then each ``[auth.NAME]`` table."""
    section = _auth_section() or {}
    names = [DEFAULT_PROVIDER] if any(k in section for k in PROVIDER_KEYS) else []
    names += [
        k
        for k, v in section.items()
        if isinstance(v, Mapping) and k not in NOT_PROVIDERS and k not in names
    ]
    return names


def _provider_table(section: Mapping, name: str) -> Mapping:
    table = section.get(name)
    return table if isinstance(table, Mapping) else section


def configuration_problems() -> list[str]:
    """What stops sign-in from working, in plain words (empty when it is set up)."""
    unreadable = unreadable_secrets()
    if unreadable:
        return [
            f"Streamlit's secrets file {path} could not be read (is it valid TOML?)."
            for path in unreadable
        ]
    section = _auth_section()
    if section is None:
        return []
    problems = []
    if importlib.util.find_spec("authlib") is None:
        problems.append(
            "Sign-in needs the Authlib package, which comes with streamlit[auth] "
            "(one of commplan's dependencies): reinstall commplan."
        )
    missing = [k for k in SHARED_KEYS if not section.get(k)]
    if missing:
        problems.append(f"[auth] is missing {', '.join(missing)}.")
    names = providers()
    if not names:
        problems.append(
            "[auth] names no sign-in provider: add client_id, client_secret and "
            "server_metadata_url (or an [auth.NAME] table with them)."
        )
    for name in names:
        table = _provider_table(section, name)
        where = "[auth]" if table is section else f"[auth.{name}]"
        if "_" in name:
            problems.append(f"{where}: a provider name cannot contain an underscore.")
        missing = [k for k in PROVIDER_KEYS if not table.get(k)]
        if missing:
            problems.append(f"{where} is missing {', '.join(missing)}.")
    return problems


def _claim(info: Mapping, key: str) -> str | None:
    value = info.get(key)
    return value.strip() or None if isinstance(value, str) else None


def current_identity() -> Identity:
    """The signed-in person (from ``st.user``) when sign-in is configured, else the
    "Your name" box's value (or the local account's name), as before sign-in existed.

    When sign-in is configured and nobody is signed in, the result has
    ``signed_in=False`` and an empty name: the gate shows only the sign-in screen
    then, and nothing may be written on such an identity's behalf."""
    if auth_configured():
        info = st.user.to_dict()
        if info.get("is_logged_in") is True:
            email = _claim(info, "email")
            name = (
                _claim(info, "name")
                or _claim(info, "preferred_username")
                or email
                or _claim(info, "sub")
                or "signed-in user"
            )
            return Identity(name=name, email=email, signed_in=True)
        return Identity(name="", email=None, signed_in=False)
    name = (st.session_state.get("user") or "").strip() or default_user()
    return Identity(name=name, email=None, signed_in=False)


def acting_name() -> str:
    """The name saved with a change. Refuses when sign-in is configured and nobody is
    signed in (the gate keeps pages from running then; this is the second lock)."""
    identity = current_identity()
    if auth_configured() and not identity.signed_in:
        raise PermissionError("Sign in to make changes.")
    return identity.name


def gate() -> None:
    """When sign-in is configured: stop the run at the sign-in screen unless someone is
    signed in (or at a plain error when the [auth] secrets are incomplete). Does
    nothing in local mode. Call it before ``st.navigation`` so no pages are listed."""
    if not auth_configured():
        return
    problems = configuration_problems()
    if problems:
        st.title(PRODUCT)
        st.error(
            "Sign-in is set up in Streamlit's secrets but cannot work yet, so commplan "
            "shows nothing. Whoever runs commplan needs to fix this:\n\n"
            + "\n".join(f"- {md(p)}" for p in problems),
            icon=":material/lock:",
        )
        st.stop()
    if current_identity().signed_in:
        return
    sign_in_screen()
    st.stop()


def sign_in_screen() -> None:
    st.title(PRODUCT)
    st.write(PITCH)
    st.write(SIGN_IN_NOTE)  # not st.caption: its grey is 3.9:1 on white (WCAG AA: 4.5:1)
    names = providers()
    for name in names:
        label = "Sign in" if len(names) == 1 else f"Sign in with {name}"
        if st.button(label, type="primary", key=f"sign_in_{name}"):
            st.login(None if name == DEFAULT_PROVIDER else name)


def sidebar_identity() -> None:
    """In the sidebar: who is signed in and a "Sign out" button, or (local mode) the
    "Your name" box, as before sign-in existed."""
    identity = current_identity()
    if identity.signed_in:
        st.markdown(f"Signed in as **{md(identity.name)}**")
        if identity.email and identity.email != identity.name:
            st.caption(md(identity.email))
        if st.button("Sign out", key="sign_out", icon=":material/logout:"):
            st.logout()
        return
    st.text_input(
        "Your name", key="user", help="Saved with every change until sign-in is set up."
    )
