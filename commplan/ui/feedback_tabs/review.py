"""The "Review" tab: filter what people said, page through it, chart it by week, and
download it. Filtering, counting and paging happen in the database
(``commplan.store.review.review_page``): a keystroke in the search loads one page."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from commplan.feedback import exports, sentiment
from commplan.store import StoreError, review
from commplan.store.models import LOOP_STATUSES
from commplan.ui import charts, resources
from commplan.ui.render import plural
from commplan.ui.text import md

from .common import STATUS_LABELS, confirm_delete, delete_responses, show_message
from .context import FeedbackContext

PAGE_SIZES = (25, 50, 100, 200)
PAGE_KEY = "review_page"  # the page shown (1-based); not a widget
FILTER_KEYS = (
    "review_plan", "review_audiences", "review_channels", "review_themes",
    "review_statuses", "review_since", "review_until", "review_search", "review_key_messages",
)  # fmt: skip
# Kept while another tab is open (see the page's KEEP).
KEEP = (*FILTER_KEYS, "review_page_size")
EXPORT_BATCH = 5000


def review_columns(table: pd.DataFrame) -> pd.DataFrame:
    """The table with the people's words first, then who, when and where."""
    first = ["Answers", "Audience", "Received", "Channel", "Themes", "Status"]
    return table[[*first, *(c for c in table.columns if c not in first)]]


def export_builder(ctx: FeedbackContext, filters: dict, kind: str):
    """A function that builds the download of every response matching ``filters``.
    Streamlit calls it only when the button is clicked, on another thread (no
    session state there), so it takes everything it needs now."""
    store, workspace = resources.store(), ctx.workspace
    names = dict(
        audience_names=dict(ctx.audience_names),
        plan_names=dict(ctx.plan_names),
        key_message_titles=dict(ctx.key_message_titles),
    )

    def build() -> bytes:
        parts, offset = [], 0
        while True:
            with store.session() as s:
                rows = review.filtered_responses(
                    s, workspace, **filters, limit=EXPORT_BATCH, offset=offset
                )
            parts.append(exports.responses_table(rows, **names))
            if len(rows) < EXPORT_BATCH:
                break
            offset += EXPORT_BATCH
        table = review_columns(pd.concat(parts, ignore_index=True))
        return exports.to_csv_bytes(table) if kind == "csv" else exports.to_xlsx_bytes(table)

    return build


def _go_to(page: int) -> None:
    st.session_state[PAGE_KEY] = page


def render(ctx: FeedbackContext) -> None:
    show_message("review_message")
    st.caption(
        "Filter the responses; the chart, the table and the downloads all follow. "
        "Select rows in the table to delete them."
    )
    try:
        plan_names, used_channels, used_themes = ctx.lookups(
            "plan_names", "channel_names", "theme_names"
        )
    except StoreError as exc:
        st.error(md(str(exc), lines=True))
        return
    audience_names = ctx.audience_names
    row1 = st.columns(3)
    plan_filter = row1[0].selectbox(
        "Plan",
        [None, *plan_names],
        format_func=lambda p: "All plans" if p is None else plan_names.get(p, str(p)),
        key="review_plan",
    )
    audience_filter = row1[1].multiselect(
        "Audiences",
        list(audience_names),
        format_func=lambda a: audience_names.get(a, a),
        key="review_audiences",
        placeholder="All audiences",
    )
    channel_filter = row1[2].multiselect(
        "Channels",
        used_channels,
        format_func=lambda c: c or "(no channel)",
        key="review_channels",
        placeholder="All channels",
    )
    row2 = st.columns(3)
    theme_filter = row2[0].multiselect(
        "Themes",
        used_themes,
        key="review_themes",
        placeholder="All themes",
        help="Keeps responses with any of the themes chosen.",
    )
    status_filter = row2[1].multiselect(
        "Status",
        list(LOOP_STATUSES),
        format_func=STATUS_LABELS.get,
        key="review_statuses",
        placeholder="Any status",
    )
    st.session_state.setdefault("review_since", None)
    st.session_state.setdefault("review_until", None)
    since = row2[2].date_input("Received from", key="review_since")
    row3 = st.columns([2, 2, 1])
    search = row3[0].text_input(
        "Search the answers",
        key="review_search",
        placeholder="A word or phrase, e.g. bus",
        help="Not case-sensitive.",
    )
    titles = ctx.key_message_titles
    message_filter = row3[1].multiselect(
        "Key messages",
        list(titles),
        format_func=lambda m: titles.get(m, m),
        key="review_key_messages",
        placeholder="Any key message",
        help="Keeps responses to any of the key messages chosen.",
    )
    until = row3[2].date_input("Received up to", key="review_until")
    if since and until and since > until:
        st.warning("“Received from” is after “Received up to”: no response can match.")
    filters = dict(
        plan_id=plan_filter,
        audiences=list(audience_filter),
        channels=list(channel_filter),
        themes=list(theme_filter),
        key_messages=list(message_filter),
        statuses=list(status_filter),
        since=since,
        until=until,
        search=search,
    )
    page_size = st.session_state.setdefault("review_page_size", PAGE_SIZES[1])
    # New filters start again at the newest responses.
    signature = repr(sorted(filters.items())) + f"|{page_size}"
    if st.session_state.get("_review_signature") != signature:
        st.session_state["_review_signature"] = signature
        st.session_state[PAGE_KEY] = 1
    try:
        with st.spinner("Loading responses…"), resources.store().session() as s:
            found = review.review_page(
                s,
                ctx.workspace,
                **filters,
                page=st.session_state.get(PAGE_KEY, 1),
                page_size=page_size,
            )
            anything = found.total > 0 or review.has_responses(s, ctx.workspace)
    except StoreError as exc:
        st.error(md(str(exc), lines=True))
        return
    st.session_state[PAGE_KEY] = found.page
    if not found.total:
        st.info(
            "No responses match these filters."
            if anything
            else "No responses yet. Log one on the “Log a response” tab."
        )
        return
    st.subheader("Responses by audience and week")
    st.altair_chart(charts.weekly_chart(found.weekly, audience_names), key="review_chart")
    st.subheader("The responses")
    # How far to trust the Sentiment column, in the same line as the count.
    note = md(sentiment.accuracy_note())
    if found.pages == 1:
        st.caption(f"{plural(found.total, 'response')}, newest first. {note}")
    else:
        st.caption(
            f"Responses {found.first:,}–{found.last:,} of {found.total:,}, newest first "
            f"(page {found.page:,} of {found.pages:,}). {note}"
        )
    table = review_columns(
        exports.responses_table(
            found.responses,
            audience_names=audience_names,
            plan_names=plan_names,
            key_message_titles=ctx.key_message_titles,
        )
    )
    picked = st.dataframe(
        table,
        hide_index=True,
        key="review_table",
        on_select="rerun",
        selection_mode="multi-row",
        column_config={
            "Answers": st.column_config.TextColumn("Answers", width="large"),
            "Received": st.column_config.DateColumn("Received", format="YYYY-MM-DD"),
        },
    )
    _pager(found)
    chosen_ids = [int(table.iloc[n]["ID"]) for n in picked.selection.rows if n < len(table)]
    if chosen_ids:
        confirm_delete(
            st,
            f"Delete {plural(len(chosen_ids), 'selected response')}",
            "Deletes what they said, with its answers, themes and status. "
            "This cannot be undone; export a copy first if you may need it.",
            f"Yes, delete {plural(len(chosen_ids), 'response')}",
            "review_delete",
            delete_responses,
            (chosen_ids, ctx.user, "review_message"),
        )
    stamp = date.today().isoformat()
    every = "the response" if found.total == 1 else f"all {found.total:,} responses"
    left, right, _ = st.columns([1, 1, 3])
    # Built when clicked (Streamlit calls the function then), not on every rerun.
    left.download_button(
        "Download CSV",
        export_builder(ctx, filters, "csv"),
        file_name=f"feedback-{stamp}.csv",
        mime="text/csv",
        key="review_csv",
        on_click="ignore",
        help=f"{every.capitalize()} matching the filters, not only this page. Opens in "
        "Excel or Google Sheets. Cells that would run as formulas start with a ' so they "
        "show as text.",
    )
    right.download_button(
        "Download Excel",
        export_builder(ctx, filters, "xlsx"),
        file_name=f"feedback-{stamp}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="review_xlsx",
        on_click="ignore",
        help=f"{every.capitalize()} matching the filters, not only this page.",
    )


def _pager(found: review.ReviewPage) -> None:
    cols = st.columns([1, 1, 2, 2])
    cols[0].button(
        "Newer",
        icon=":material/chevron_left:",
        key="review_newer",
        disabled=found.page <= 1,
        on_click=_go_to,
        args=(found.page - 1,),
        width="stretch",
    )
    cols[1].button(
        "Older",
        icon=":material/chevron_right:",
        icon_position="right",
        key="review_older",
        disabled=found.page >= found.pages,
        on_click=_go_to,
        args=(found.page + 1,),
        width="stretch",
    )
    cols[3].selectbox(
        "Responses per page",
        PAGE_SIZES,
        key="review_page_size",
        label_visibility="collapsed",
        format_func=lambda n: f"{n} per page",
    )
