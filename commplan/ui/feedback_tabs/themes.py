"""The "Themes" tab: team themes with their cue phrases, the analysis that tags
responses with them, and the top themes heard from each audience."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from commplan.feedback import forms, loop
from commplan.feedback.themes import JARGON_PREFIX, drafts_using
from commplan.store import StoreError, records, review
from commplan.ui import resources
from commplan.ui.render import plural
from commplan.ui.text import md

from .common import analyse, show_message
from .context import FeedbackContext

KEEP = ("theme_name", "theme_cues", "themes_redo")


def render(ctx: FeedbackContext) -> None:
    show_message("themes_message")
    st.caption(
        "Team themes tag responses by their cue phrases, alongside the library's values, "
        "plan key messages and jargon people found confusing."
    )
    try:
        with resources.store().session() as s:
            team_themes = review.list_themes(s, ctx.workspace)
    except StoreError as exc:
        st.error(md(str(exc), lines=True))
        team_themes = {}
    if team_themes:
        st.table(
            pd.DataFrame(
                [{"Theme": md(n), "Cue phrases": md(", ".join(c))} for n, c in team_themes.items()]
            )
        )
    with st.form("theme_form", border=True):
        st.text_input("Theme name", key="theme_name", placeholder="e.g. transportation")
        st.text_area(
            "Cue phrases, one per line",
            key="theme_cues",
            placeholder="bus\nride to school\nroute",
            help="Saving an existing theme's name replaces its cue phrases.",
        )
        theme_saved = st.form_submit_button("Save theme", key="theme_save")
    if theme_saved:
        theme_name = (st.session_state.get("theme_name") or "").strip()
        cues = (st.session_state.get("theme_cues") or "").splitlines()
        try:
            with resources.store().session() as s:
                review.save_theme(s, ctx.workspace, theme_name, cues, ctx.user)
        except StoreError as exc:
            st.error(md(str(exc), lines=True))
        else:
            st.session_state["themes_message"] = ("success", f"Saved the theme “{theme_name}”.")
            st.rerun()
    redo = st.checkbox(
        "Re-analyse all",
        key="themes_redo",
        help="Also re-tag responses analysed before (staff corrections are kept).",
    )
    if st.button("Analyse responses", key="themes_analyse"):
        try:
            analysed = analyse(ctx, redo=redo)
        except StoreError as exc:
            st.error(md(str(exc), lines=True))
        else:
            # Run the tab again: the message goes on top, the top themes below are new.
            message = f"Analysed {plural(analysed, 'response')}."
            st.session_state["themes_message"] = ("success", message)
            st.rerun()
    try:
        with st.spinner("Loading themes…"), resources.store().session() as s:
            # Counted over every response in the database; only examples are loaded.
            found = review.top_themes(s, ctx.workspace)
            top = loop.top_themes_counted(found.counts, found.examples)
            draft_texts = [
                (d.id, d.title, d.versions[-1].text if d.versions else "")
                for d in records.list_drafts(s, ctx.workspace)
            ]
    except StoreError as exc:
        st.error(md(str(exc), lines=True))
        top, draft_texts = {}, []
    if not top:
        st.info("No themes yet. Save a team theme, then analyse the responses.")
    for audience_key, themes in top.items():
        st.subheader(md(ctx.audience_names.get(audience_key, audience_key)))
        for theme, count, quote in themes:
            with st.container(border=True):
                st.text(f"{theme} ({count:,})")
                st.text(f"“{quote}”")
                if theme.startswith(JARGON_PREFIX):
                    term = theme.removeprefix(JARGON_PREFIX)
                    plain = forms.plain_alternative(forms.glossary_entry(ctx.library, term))
                    st.text(f"Plain alternative: {plain}" if plain else "Not in the glossary.")
                    used = drafts_using(term, draft_texts)
                    st.text(
                        "Drafts that used it: " + ", ".join(f"#{i} {t}" for i, t in used)
                        if used
                        else "No draft used it."
                    )
