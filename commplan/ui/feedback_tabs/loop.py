"""The "You said, we did" tab: move each response from heard to decided to told back,
and publish the summary."""

from __future__ import annotations

from datetime import date

import streamlit as st

from commplan.feedback import exports, loop
from commplan.store import ConflictError, StoreError, records, review
from commplan.store.models import LOOP_STATUSES
from commplan.ui import resources
from commplan.ui.text import md

from .common import (
    LOOP_KEYS,
    NEW_OPTIONS,
    STATUS_HELP,
    STATUS_LABELS,
    confirm_delete,
    delete_responses,
    short,
    show_message,
    theme_values,
)
from .context import FeedbackContext

KEEP = ("loop_audience", "loop_per_column")


def _save_loop(
    response_id: int,
    version: int,
    themes_before: list[str],
    by: str,
    sentiment_before: str | None = None,
) -> None:
    """Save one card: its status, note, told-back draft and themes, in one transaction,
    refused if someone changed the response since this card was shown."""
    ss = st.session_state
    status = ss.get(f"loop_status_{response_id}")
    try:
        themes = review.clean_themes(theme_values(ss.get(f"loop_themes_{response_id}")))
        with resources.store().session() as s:
            records.set_response_status(
                s,
                response_id,
                status,
                by,
                note=(ss.get(f"loop_note_{response_id}") or "").strip(),
                told_back_draft_id=ss.get(f"loop_draft_{response_id}") or None,
                expected_version=version,
            )
            if themes != themes_before:
                review.set_themes(s, response_id, themes, by)
            sentiment = ss.get(f"loop_sentiment_{response_id}")
            if sentiment in review.SENTIMENTS and sentiment != sentiment_before:
                review.set_sentiment(s, response_id, sentiment, by)
    except ConflictError as exc:
        for key in LOOP_KEYS:  # show the card as it is saved now
            ss.pop(key.format(response_id), None)
        ss["loop_message"] = (
            "error",
            f"{exc} The card below now shows the saved version.",
        )
        return
    except StoreError as exc:
        ss["loop_message"] = ("error", str(exc))
        return
    ss["loop_message"] = (
        "success",
        f"Response #{response_id} saved under “{STATUS_LABELS.get(status, status)}”.",
    )


def _loop_card(ctx: FeedbackContext, response, draft_titles: dict[int, str]) -> None:
    rid = response.id
    with st.container(border=True):
        # What the person wrote; a response of ratings only shows its ratings, labelled
        # (a role or a rating alone is never shown as if it were their words).
        said = next(iter(loop.words_said(response)), "") or loop.ratings_said(response)
        st.text(short(said))
        where = [
            ctx.audience_names.get(response.audience_key, response.audience_key),
            f"{response.received_on:%b} {response.received_on.day}, {response.received_on.year}",
            response.channel,
        ]
        st.text(" · ".join(p for p in where if p))
        themes = sorted((t.theme for t in response.themes), key=str.casefold)
        with st.form(f"loop_form_{rid}", border=False):
            st.selectbox(
                "Status",
                list(LOOP_STATUSES),
                index=LOOP_STATUSES.index(response.status),
                format_func=STATUS_LABELS.get,
                key=f"loop_status_{rid}",
            )
            st.text_area(
                "Note: what we decided, or what we told them",
                value=response.status_note,
                key=f"loop_note_{rid}",
                height=80,
            )
            # 0 stands for "no draft" (ids start at 1): a None option cannot be chosen in
            # Streamlit's AppTest, so the clearing path could not be tested.
            linked = response.told_back_draft_id or 0
            draft_options = [0, *draft_titles]
            if linked not in draft_options:
                draft_options.append(linked)
            st.selectbox(
                "Told back with draft (optional)",
                draft_options,
                index=draft_options.index(linked),
                format_func=lambda d: "None" if not d else draft_titles.get(d, f"#{d}"),
                key=f"loop_draft_{rid}",
            )
            if NEW_OPTIONS:
                st.multiselect(
                    "Themes",
                    list(dict.fromkeys([*ctx.theme_names, *themes])),
                    default=themes,
                    accept_new_options=True,
                    key=f"loop_themes_{rid}",
                )
            else:
                st.text_input(
                    "Themes (separated by commas)",
                    value=", ".join(themes),
                    key=f"loop_themes_{rid}",
                )
            # "unknown": the analysis could not read the words (Spanish, say); staff may
            # still choose a label, which then counts as their correction.
            first = "unknown" if response.sentiment == "unknown" else None
            sentiments = [first, *review.SENTIMENTS]
            unknown_text = exports.sentiment_text("unknown", response.sentiment_note)
            st.selectbox(
                "Sentiment" + (" (corrected by staff)" if response.sentiment_reviewed else ""),
                sentiments,
                index=sentiments.index(response.sentiment)
                if response.sentiment in sentiments
                else 0,
                format_func=lambda v, u=unknown_text: (
                    "not analysed yet" if v is None else u if v == "unknown" else v
                ),
                key=f"loop_sentiment_{rid}",
            )
            st.form_submit_button(
                "Save",
                key=f"loop_save_{rid}",
                on_click=_save_loop,
                args=(rid, response.version, themes, ctx.user, response.sentiment),
            )
        confirm_delete(
            st,
            "Delete",
            "Deletes this response, its answers and themes. This cannot be undone.",
            f"Yes, delete response #{rid}",
            f"loop_delete_{rid}",
            delete_responses,
            ([rid], ctx.user, "loop_message"),
        )


def _summaries(store, workspace, audiences: list[str]) -> list[loop.ThemeSummary]:
    """Every response's themes, counted in the database (a few quotes and the notes
    are all that is loaded), so the summary covers everything heard."""
    with store.session() as s:
        found = review.heard_by_theme(s, workspace, audiences=audiences)
        return loop.summarise_counted(found.counts, found.examples, found.decisions)


def _by_theme(ctx: FeedbackContext, audiences: list[str]) -> None:
    """What was heard, theme by theme, as the published summary will say it: counts,
    a few quotes, the decisions; the responses no theme has tagged yet last."""
    summaries = _summaries(resources.store(), ctx.workspace, audiences)
    if not summaries:
        st.caption("Nothing heard yet.")
        return
    for summary in summaries:
        with st.container(border=True):
            # People's and staff's words as plain text, as on the cards.
            st.text(summary.theme)
            st.caption(summary.counted)
            if summary.untagged:
                st.caption(loop.NOT_YET_THEMED)
            for quote in summary.quotes:
                st.text(f"“{quote}”")
            for decision in summary.decisions:
                st.text(f"We did: {decision}")


def summary_builder(ctx: FeedbackContext, audiences: list[str], title: str, kind: str):
    """A function that builds the "you said, we did" summary. Streamlit calls it only
    when the download is clicked, on another thread, so it takes what it needs now."""
    store, workspace = resources.store(), ctx.workspace

    def build() -> bytes:
        summaries = _summaries(store, workspace, audiences)
        if kind == "md":
            return loop.you_said_we_did_markdown(summaries, title).encode("utf-8")
        return loop.you_said_we_did_docx(summaries, title)

    return build


def render(ctx: FeedbackContext) -> None:
    show_message("loop_message")
    st.caption(
        "Move each response along: heard → decided (say what you will do) → told back "
        "(you told them, ideally with the draft that did it). Newest first."
    )
    audience_names = ctx.audience_names
    controls = st.columns(2)
    loop_audience = controls[0].selectbox(
        "Audience",
        [None, *audience_names],
        format_func=lambda a: "All audiences" if a is None else audience_names.get(a, a),
        key="loop_audience",
    )
    per_column = controls[1].selectbox("Cards per column", [10, 25, 50], key="loop_per_column")
    chosen = [loop_audience] if loop_audience else []
    try:
        with st.spinner("Loading responses…"), resources.store().session() as s:
            by_status = {
                status: review.filtered_responses(
                    s, ctx.workspace, statuses=[status], audiences=chosen, limit=per_column
                )
                for status in LOOP_STATUSES
            }
            status_counts = review.status_counts(s, ctx.workspace, audiences=chosen)
        drafts, _ = ctx.lookups("drafts", "theme_names")  # a StoreError is reported here
        draft_titles = {d["id"]: f"#{d['id']} {d['title']}" for d in drafts}
    except StoreError as exc:
        st.error(md(str(exc), lines=True))
        return
    for column, status in zip(st.columns(len(LOOP_STATUSES)), LOOP_STATUSES, strict=True):
        with column:
            count = status_counts.get(status, 0)
            st.subheader(f"{STATUS_LABELS[status]} ({count:,})")
            st.caption(STATUS_HELP[status])
            if not by_status[status]:
                st.caption("Nothing here yet.")
            elif count > len(by_status[status]):
                st.caption(f"The newest {len(by_status[status])} of {count:,}.")
            for response in by_status[status]:
                _loop_card(ctx, response, draft_titles)
    st.subheader("What we heard, by theme")
    try:
        with st.spinner("Summing up by theme…"):
            _by_theme(ctx, chosen)
    except StoreError as exc:
        st.error(md(str(exc), lines=True))
    st.subheader("Publish a “you said, we did” summary")
    st.caption(
        "Every theme heard, with quotes in people's own words and the decisions noted "
        "on the cards above. Written when you download it."
    )
    summary_title = "You said, we did" + (
        f": {audience_names.get(loop_audience, loop_audience)}" if loop_audience else ""
    )
    stamp = date.today().isoformat()
    md_col, docx_col, _ = st.columns([1, 1, 3])
    md_col.download_button(
        "Summary (Markdown)",
        summary_builder(ctx, chosen, summary_title, "md"),
        file_name=f"you-said-we-did-{stamp}.md",
        mime="text/markdown",
        key="loop_summary_md",
        on_click="ignore",
    )
    docx_col.download_button(
        "Summary (Word)",
        summary_builder(ctx, chosen, summary_title, "docx"),
        file_name=f"you-said-we-did-{stamp}.docx",
        mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        key="loop_summary_docx",
        on_click="ignore",
    )
