"""Pieces several Feedback tabs share: messages left by callbacks, the delete
popover, theme widgets, and the analysis run with a progress bar."""

from __future__ import annotations

import inspect

import streamlit as st

from commplan.feedback import exports
from commplan.feedback.analysis import analyse_in_batches
from commplan.feedback.themes import ThemeTagger
from commplan.store import StoreError, records, review
from commplan.ui import resources
from commplan.ui.render import plural
from commplan.ui.text import md
from message_library import Library

from .context import FeedbackContext

CHANNEL_MAX = records.CHANNEL_MAX  # as long as a listening loop's channel
STATUS_LABELS = exports.STATUS_LABELS
STATUS_HELP = {
    "heard": "We have it and have read it.",
    "decided": "We decided what to do about it (say what in the note).",
    "told_back": "We told them what we did, ideally with the draft that said it.",
}
# Widget keys of one "you said, we did" card (formatted with the response id).
LOOP_KEYS = (
    "loop_status_{}",
    "loop_note_{}",
    "loop_draft_{}",
    "loop_themes_{}",
    "loop_sentiment_{}",
)


def _accepts(fn, name: str) -> bool:
    try:
        return name in inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return False


# Streamlit 1.45+ lets a selectbox or multiselect take a value typed by the user.
NEW_OPTIONS = _accepts(st.multiselect, "accept_new_options") and _accepts(
    st.selectbox, "accept_new_options"
)


def theme_values(value) -> list[str]:
    if not value:
        return []
    if isinstance(value, str):  # the comma-separated fallback
        return value.split(",")
    return list(value)


def short(text: str, limit: int = 180) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def show_message(key: str) -> None:
    """A message left by a callback (which runs before the page renders)."""
    message = st.session_state.pop(key, None)
    if message:
        kind, text = message
        (st.success if kind == "success" else st.error)(md(text, lines=True))


def confirm_delete(where, label: str, what: str, confirm: str, key: str, on_click, args) -> None:
    """A Delete popover: what goes (and that it cannot be undone), and a button to confirm."""
    with where.popover(label, icon=":material/delete:"):
        st.caption(what)
        st.button(confirm, key=key, type="primary", on_click=on_click, args=args)


def delete_responses(ids: list[int], by: str, message_key: str) -> None:
    """Delete responses (a callback: it runs before the page is drawn again)."""
    try:
        with resources.store().session() as s:
            deleted = records.delete_responses(s, ids, by)
    except StoreError as exc:
        st.session_state[message_key] = ("error", str(exc))
        return
    for rid in ids:  # forget the deleted cards' widget state
        for key in LOOP_KEYS:
            st.session_state.pop(key.format(rid), None)
    st.session_state[message_key] = ("success", f"Deleted {plural(deleted, 'response')}.")


def forget_cards() -> None:
    """Drop every card's widget state, so the cards show what is saved now (widgets
    keep their own state across reruns and would show themes from before)."""
    prefixes = tuple(key.format("") for key in LOOP_KEYS)
    for key in [k for k in st.session_state if str(k).startswith(prefixes)]:
        del st.session_state[key]


def progress_bar(label: str):
    bar = st.progress(0.0, text=label)

    def update(done: int, total: int) -> None:
        total = max(total, 1)
        bar.progress(min(done / total, 1.0), text=f"{label} {done:,} of {total:,}")

    return bar, update


def analyse(ctx: FeedbackContext, redo: bool = False) -> int:
    """Run the theme and sentiment analysis, with a progress bar. Raises StoreError."""
    with resources.store().session() as s:
        total = review.status_counts(s, ctx.workspace)
    total_count = max(sum(total.values()), 1)
    bar, update = progress_bar("Analysing responses…")
    # A transaction per batch: other people's saves do not wait for the whole run.
    done = analyse_in_batches(
        resources.store().session,
        ctx.workspace,
        ctx.library,
        redo=redo,
        progress=lambda n: update(n, max(n, total_count)),
    )
    bar.progress(1.0, text=f"Analysed {plural(done, 'response')}.")
    if done:
        forget_cards()
    return done


@st.cache_resource(max_entries=4, show_spinner=False)
def _tagger(workspace_id: int, library_id: int, team: tuple, _library: Library) -> ThemeTagger:
    return ThemeTagger(_library, {name: list(cues) for name, cues in team})


def theme_tagger(session, ctx: FeedbackContext) -> ThemeTagger:
    """The workspace's ThemeTagger, built once per library and set of team themes
    (building one compiles the whole library: too slow for every response logged).
    The library is the one ``resources.documents`` caches until an edit, so its
    identity stands for its version."""
    team = review.list_themes(session, ctx.workspace)
    key = tuple(sorted((name, tuple(cues)) for name, cues in team.items()))
    return _tagger(ctx.workspace.id, id(ctx.library), key, ctx.library)
