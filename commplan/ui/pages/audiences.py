"""Audiences: the workspace's audience profiles, and a form to edit or add one."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pandas as pd
import streamlit as st

from audiences.schema import GENERAL_RARE_BELOW, PROFESSIONAL_RARE_BELOW
from commplan.store import StoreError
from commplan.store.documents import audience_profiles, history, save_audience
from commplan.ui import resources, session
from commplan.ui.text import md
from message_library import GLOSSARY_CATEGORIES

NEW = ""  # the "New audience" choice; no audience has an empty id
SNAKE_CASE = re.compile(r"^[a-z][a-z0-9_]*$")
LIST_FIELDS = {
    "channels": ("Channels", "How we reach them, one a line (text message, newsletter...)."),
    "listening_channels": (
        "Listening channels",
        "How they talk back and we listen, one a line (short survey, listening session...).",
    ),
    "messengers": ("Messengers", "Who they trust to hear it from, one a line."),
    "languages": ("Languages", "ISO 639 codes, one a line (en, es, vi...)."),
}


# Zipf frequency cuts for rare words: None = the default for the audience's kind.
RARE_CHOICES: tuple[float | None, ...] = (None, 0.0, 2.5, 3.0, 3.5)


def rare_label(zipf: float | None) -> str:
    if zipf is None:
        return (
            f"Automatic (rarer than {GENERAL_RARE_BELOW:g} for general readers, "
            f"{PROFESSIONAL_RARE_BELOW:g} for readers of some jargon)"
        )
    if zipf == 0:
        return "Never flag rare words"
    every = round(10 ** (9 - zipf), -3)
    return f"Flag words rarer than {zipf:g}: seen less than once in {every:,.0f} words"


@dataclass(frozen=True)
class Profile:
    key: str
    data: dict[str, Any]
    custom: bool
    version: int
    updated_by: str
    updated_at: datetime


def lines(text: str) -> list[str]:
    return list(dict.fromkeys(line.strip() for line in text.splitlines() if line.strip()))


def commas(text: str) -> list[str]:
    return list(dict.fromkeys(part.strip() for part in text.split(",") if part.strip()))


def apply_pending() -> None:
    """Widget values asked for by the previous run, set before any widget exists."""
    for key, value in st.session_state.pop("audience_pending", {}).items():
        if value is None:
            st.session_state.pop(key, None)
        else:
            st.session_state[key] = value


def load_profiles(workspace) -> list[Profile]:
    with resources.store().session() as s:
        return [
            Profile(p.key, dict(p.data), p.custom, p.version, p.updated_by, p.updated_at)
            for p in audience_profiles(s, workspace)
        ]


def fill_form(profile: Profile | None) -> None:
    """Put a profile's fields (or a blank new one) into the form's widgets."""
    data = profile.data if profile else {"reading_grade_target": 8.0, "languages": ["en"]}
    tolerance = data.get("jargon_tolerance") or {}
    state = st.session_state
    state["audience_id"] = ""
    state["audience_name"] = data.get("name", "")
    state["audience_description"] = data.get("description", "")
    state["audience_grade"] = float(data.get("reading_grade_target", 8.0))
    state["audience_categories"] = [
        c for c in tolerance.get("categories", []) if c in GLOSSARY_CATEGORIES
    ]
    state["audience_acronyms"] = ", ".join(tolerance.get("acronyms", []))
    rare = tolerance.get("rare_below")
    state["audience_rare"] = float(rare) if rare is not None else None
    state["audience_values"] = list(data.get("values", []))
    for field in LIST_FIELDS:
        state[f"audience_{field}"] = "\n".join(data.get(field, []))


def show_profile(profile: Profile, value_names: dict[str, str]) -> None:
    data = profile.data
    tolerance = data.get("jargon_tolerance") or {}
    st.markdown(f"**{md(data.get('name', profile.key))}** ({md(profile.key)})")
    if data.get("description"):
        st.markdown(md(data["description"], lines=True))
    rows = [
        ("Target reading grade", f"{float(data.get('reading_grade_target', 0)):g}"),
        (
            "Reads without trouble",
            ", ".join([*tolerance.get("categories", []), *tolerance.get("acronyms", [])])
            or "no jargon: every glossary term is flagged",
        ),
        (
            "Values that resonate",
            ", ".join(value_names.get(v, v) for v in data.get("values", [])) or "none chosen",
        ),
        *[
            (title, ", ".join(data.get(field, [])) or "none")
            for field, (title, _) in LIST_FIELDS.items()
        ],
    ]
    st.markdown("  \n".join(f"**{name}:** {md(value)}" for name, value in rows))
    kind = "custom audience" if profile.custom else "default audience"
    st.caption(
        f"A {kind}; version {profile.version}, last changed by {md(profile.updated_by)} on "
        f"{profile.updated_at:%Y-%m-%d %H:%M} UTC."
    )


def show_history(profile: Profile, workspace) -> None:
    with resources.store().session() as s:
        revisions = [
            {
                "Version": r.version,
                "Action": r.action,
                "Who": r.changed_by,
                "When (UTC)": f"{r.changed_at:%Y-%m-%d %H:%M}",
            }
            for r in history(s, workspace, "audience", "audiences", profile.key)
        ]
    count = f"{len(revisions)} revision{'' if len(revisions) == 1 else 's'}"
    with st.expander(f"History ({count})"):
        st.dataframe(
            pd.DataFrame(revisions, columns=["Version", "Action", "Who", "When (UTC)"]),
            hide_index=True,
            width="stretch",
            key="audience_history",
        )


def form(profile: Profile | None, value_ids: list[str], value_names: dict[str, str]) -> bool:
    """The edit form; True when it was submitted."""
    with st.form("audience_form", border=True):
        if profile is None:
            st.text_input(
                "Id",
                key="audience_id",
                placeholder="rural_families",
                help="snake_case: lower-case letters, digits and underscores, starting with a "
                "letter. Plans and the command line refer to the audience by it.",
            )
        st.text_input("Name", key="audience_name")
        st.text_area("Description", key="audience_description", height=90)
        st.number_input(
            "Target reading grade",
            min_value=1.0,
            max_value=18.0,
            step=0.5,
            format="%.1f",
            key="audience_grade",
            help="Drafts for this audience are checked against this grade. Plain-language "
            "guidance puts families and the general public at grade 6 to 8.",
        )
        left, right = st.columns(2)
        left.multiselect(
            "Jargon this audience reads without trouble",
            GLOSSARY_CATEGORIES,
            key="audience_categories",
            help="Glossary categories that are not flagged for this audience.",
        )
        right.text_input(
            "Acronyms they know",
            key="audience_acronyms",
            placeholder="IEP, FAFSA",
            help="Comma-separated; these acronyms are not flagged even undefined.",
        )
        rare = st.session_state.get("audience_rare")
        st.selectbox(
            "Rare words",
            RARE_CHOICES if rare in RARE_CHOICES else (*RARE_CHOICES, rare),
            key="audience_rare",
            format_func=rare_label,
            help="Words this audience rarely meets are flagged as suggestions. Rarity is the "
            "word's frequency in everyday English (wordfreq's Zipf scale).",
        )
        st.multiselect(
            "Values that resonate with them",
            value_ids,
            key="audience_values",
            format_func=lambda v: value_names.get(v, v),
        )
        columns = [*st.columns(2), *st.columns(2)]
        for column, (field, (title, help_text)) in zip(columns, LIST_FIELDS.items(), strict=True):
            column.text_area(title, key=f"audience_{field}", help=help_text, height=150)
        return st.form_submit_button(
            "Save audience" if profile else "Create audience", key="audience_save", type="primary"
        )


def form_data(key: str) -> dict[str, Any]:
    state = st.session_state
    return {
        "id": key,
        "name": state["audience_name"].strip(),
        "description": state["audience_description"].strip(),
        "reading_grade_target": float(state["audience_grade"]),
        "jargon_tolerance": {
            "categories": list(state["audience_categories"]),
            "acronyms": commas(state["audience_acronyms"]),
            **(
                {"rare_below": float(state["audience_rare"])}
                if state.get("audience_rare") is not None
                else {}
            ),
        },
        "values": list(state["audience_values"]),
        **{field: lines(state[f"audience_{field}"]) for field in LIST_FIELDS},
    }


def save(profile: Profile | None, loaded_version: int | None, known: set[str], workspace) -> None:
    key = profile.key if profile else st.session_state["audience_id"].strip()
    if profile is None:
        if not SNAKE_CASE.fullmatch(key) or len(key) > 64:
            st.error(
                f"Not saved: the id {md(repr(key))} is not snake_case. Use lower-case letters, "
                "digits and underscores, starting with a letter (for example rural_families)."
            )
            return
        if key in known:
            st.error(
                f"Not saved: an audience with the id {md(repr(key))} already exists; "
                "select it to edit it."
            )
            return
    data = form_data(key)
    if not data["name"]:
        st.error("Not saved: the audience needs a name.")
        return
    try:
        with st.spinner("Saving…"), resources.store().session() as s:
            save_audience(
                s,
                workspace,
                data,
                session.user(),
                expected_version=loaded_version if profile else None,
                custom=None if profile else True,
            )
    except StoreError as exc:
        st.error(md(str(exc), lines=True))
        return
    st.session_state["audience_pending"] = {"audience_select": key, "audience_loaded": None}
    st.session_state["audience_flash"] = (
        f"Saved '{data['name']}'. Drafts for this audience are now checked against it."
    )
    st.rerun()


# ---- the page --------------------------------------------------------------------

apply_pending()
st.title("Audiences")
st.caption(
    "Who your messages are for. Each profile sets the reading grade a draft is checked "
    "against, the jargon the audience reads without trouble, the values that resonate with "
    "them, the channels that reach them, the channels they answer through, and the "
    "messengers they trust. Edit a profile or add your own; every change is kept as a "
    "revision."
)
workspace = session.workspace()
library, _ = resources.documents(workspace)
profiles = load_profiles(workspace)
by_key = {p.key: p for p in profiles}
value_names = {v.id: v.name for v in library.values}

flash = st.session_state.pop("audience_flash", None)
if flash:
    st.success(md(flash))

st.dataframe(
    pd.DataFrame(
        [
            {
                "Id": p.key,
                "Name": p.data.get("name", ""),
                "Target grade": float(p.data.get("reading_grade_target", 0)),
                "Custom": p.custom,
                "Version": p.version,
                "Updated by": p.updated_by,
            }
            for p in profiles
        ],
        columns=["Id", "Name", "Target grade", "Custom", "Version", "Updated by"],
    ),
    hide_index=True,
    width="stretch",
    key="audience_table",
)

options = [*by_key, NEW]
if st.session_state.get("audience_select") not in options:
    st.session_state["audience_select"] = options[0]
choice = st.selectbox(
    "Audience",
    options,
    key="audience_select",
    format_func=lambda k: "New audience" if k == NEW else f"{by_key[k].data.get('name', k)} ({k})",
)
profile = by_key.get(choice)

target = [workspace.id, choice, profile.version if profile else None]
loaded = st.session_state.get("audience_loaded")
if loaded is None or loaded[:2] != target[:2]:
    fill_form(profile)
    st.session_state["audience_loaded"] = loaded = target
loaded_version = loaded[2]

# A value the library no longer has stays selectable, so saving does not drop it silently.
value_ids = list(value_names)
value_ids += [v for v in st.session_state.get("audience_values", []) if v not in value_names]

left, right = st.columns([2, 3])
with left:
    if profile:
        show_profile(profile, value_names)
        show_history(profile, workspace)
    else:
        st.info(
            "A new, custom audience: give it a snake_case id, a name and a target reading "
            "grade, then the rest of what you know about it."
        )
with right:
    if profile and loaded_version != profile.version:
        st.warning(
            f"{md(profile.updated_by)} saved this audience after you opened it (now version "
            f"{profile.version}; you are editing version {loaded_version}). Saving will be "
            "refused so nothing is overwritten: reload it and apply your change again."
        )
        if st.button("Reload the latest version", key="audience_reload"):
            st.session_state["audience_pending"] = {"audience_loaded": None}
            st.rerun()
    if form(profile, value_ids, value_names):
        save(profile, loaded_version, set(by_key), workspace)
