"""Feedback: log what interest holders said, review it, and close the loop
("you said, we did"). User text is shown as plain text or in tables, never as HTML."""

from __future__ import annotations

import inspect
from datetime import date

import pandas as pd
import streamlit as st

from commplan.feedback import exports, forms, loop, variants
from commplan.feedback.analysis import analyse_in_batches
from commplan.feedback.importer import collector_paused, import_survey
from commplan.feedback.imports import FORMATS, SurveyFileError, parse_survey
from commplan.feedback.themes import JARGON_PREFIX, drafts_using
from commplan.store import ConflictError, StoreError, records, review
from commplan.store.models import LOOP_STATUSES, Workspace
from commplan.textio import clean_controls
from commplan.ui import charts, resources, session
from commplan.ui.render import plural
from commplan.ui.text import md

AS_READ = "as read"  # column-mapping choice: keep the layout's own reading
REVIEW_LIMIT = 2000
SUMMARY_LIMIT = 5000
CHANNEL_MAX = 120  # Response.channel is String(120)
STATUS_LABELS = exports.STATUS_LABELS
STATUS_HELP = {
    "heard": "We have it and have read it.",
    "decided": "We decided what to do about it (say what in the note).",
    "told_back": "We told them what we did, ideally with the draft that said it.",
}


def _accepts(fn, name: str) -> bool:
    try:
        return name in inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return False


# Streamlit 1.45+ lets a selectbox or multiselect take a value typed by the user.
NEW_OPTIONS = _accepts(st.multiselect, "accept_new_options") and _accepts(
    st.selectbox, "accept_new_options"
)


def _theme_values(value) -> list[str]:
    if not value:
        return []
    if isinstance(value, str):  # the comma-separated fallback
        return value.split(",")
    return list(value)


def _short(text: str, limit: int = 180) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _show_message(key: str) -> None:
    """A message left by a callback (which runs before the page renders)."""
    message = st.session_state.pop(key, None)
    if message:
        kind, text = message
        (st.success if kind == "success" else st.error)(md(text, lines=True))


# ---- the page ------------------------------------------------------------------

st.title("Feedback: what interest holders told us")
st.caption(
    "Log what families, staff, partners and policymakers tell you, see it by audience, "
    "week, channel and theme, and close the loop: record what you decided and when you "
    "told them back (“you said, we did”)."
)

workspace = session.workspace()
user = session.user()
library, audience_set = resources.documents(workspace)
audience_names = {a.id: a.name for a in audience_set}
key_messages = {m.id: m for m in library.key_messages}

try:
    with resources.store().session() as s:
        plan_names = {p.id: p.name for p in records.list_plans(s, workspace)}
        used_channels = [c for c, _ in records.counts_by_channel(s, workspace)]
        used_themes = review.theme_names(s, workspace)
        response_count = sum(n for _, n in records.counts_by_status(s, workspace))
        drafts = review.draft_choices(s, workspace)
except StoreError as exc:
    st.error(md(str(exc), lines=True))
    st.stop()

log_tab, review_tab, loop_tab, import_tab, themes_tab, tests_tab = st.tabs(
    ["Log a response", "Review", "You said, we did", "Import a survey", "Themes", "Message tests"]
)


# ---- Log a response -------------------------------------------------------------


def _log_response(workspace: Workspace, by: str) -> None:
    """Save the form (a callback, so the form can be cleared after a save)."""
    ss = st.session_state
    # Invisible control characters pasted from other programs are dropped (the store
    # refuses them); what people said is otherwise kept exactly.
    answer = clean_controls(ss.get("log_answer") or "")[0].strip()
    channel = " ".join(clean_controls(str(ss.get("log_channel") or ""))[0].split())
    if not answer:
        ss["log_message"] = ("error", "Not saved: write down what they said first.")
        return
    if len(channel) > CHANNEL_MAX:
        ss["log_message"] = (
            "error",
            f"Not saved: a channel can be at most {CHANNEL_MAX} characters.",
        )
        return
    audience = ss.get("log_audience")
    if not audience:
        ss["log_message"] = ("error", "Not saved: choose who said it (the audience).")
        return
    ratings = {} if ss.get("log_no_rating", True) else {"overall": int(ss.get("log_rating", 3))}
    try:
        themes = review.clean_themes(_theme_values(ss.get("log_themes")))
        with resources.store().session() as s:
            response = records.add_response(
                s,
                workspace,
                by,
                audience_key=audience,
                received_on=ss.get("log_received") or date.today(),
                answers=[(clean_controls(ss.get("log_question") or "")[0].strip(), answer)],
                channel=channel,
                themes=themes,
                plan_id=ss.get("log_plan"),
                key_message=ss.get("log_key_message"),
                ratings=ratings,
            )
            response_id = response.id
    except StoreError as exc:
        ss["log_message"] = ("error", str(exc))
        return
    ss["log_message"] = (
        "success",
        f"Logged response #{response_id} from {audience_names.get(audience, audience)}. "
        "It is in Review and under “Heard”.",
    )
    # Clear what is particular to this response; keep audience, channel, plan,
    # key message, date and question for the next one.
    ss["log_answer"] = ""
    ss["log_no_rating"] = True
    ss["log_rating"] = 3
    ss["log_themes"] = [] if NEW_OPTIONS else ""


with log_tab:
    _show_message("log_message")
    st.caption(
        "One answer at a time, as you heard it: at a listening session, in an email, "
        "on the phone, in a survey comment."
    )
    audience_key = st.selectbox(
        "Who said it (audience)",
        list(audience_names),
        format_func=lambda a: audience_names.get(a, a),
        key="log_audience",
        help="The channel suggestions below follow the audience.",
    )
    audience = audience_set.get(audience_key) if audience_key in audience_set else None
    suggestions = list(
        dict.fromkeys([*(audience.listening_channels if audience else ()), *used_channels])
    )
    suggestions = [c for c in suggestions if c]
    # Key messages written for this audience first.
    message_ids = sorted(
        key_messages, key=lambda m: (audience_key not in key_messages[m].audiences, m)
    )
    with st.form("log_form", border=True):
        left, right = st.columns(2)
        with left:
            if NEW_OPTIONS:
                st.selectbox(
                    "Channel",
                    suggestions,
                    index=None,
                    accept_new_options=True,
                    placeholder="Choose one or type your own",
                    key="log_channel",
                    help="Where you heard it. Suggestions: this audience's listening "
                    "channels, then channels already used.",
                )
            else:
                st.text_input(
                    "Channel",
                    key="log_channel",
                    max_chars=CHANNEL_MAX,
                    placeholder=", ".join(suggestions[:4]),
                    help="Where you heard it, e.g. " + md(", ".join(suggestions[:6])),
                )
            st.selectbox(
                "Plan (optional)",
                [None, *plan_names],
                format_func=lambda p: "No plan" if p is None else plan_names.get(p, str(p)),
                key="log_plan",
            )
            st.selectbox(
                "Key message it responds to (optional)",
                [None, *message_ids],
                format_func=lambda m: "None" if m is None else key_messages[m].title,
                key="log_key_message",
            )
        with right:
            st.date_input(
                "Received on", value=date.today(), max_value=date.today(), key="log_received"
            )
            # Defaults through session state: the save callback resets these.
            st.session_state.setdefault("log_no_rating", True)
            st.session_state.setdefault("log_rating", 3)
            st.checkbox(
                "No rating",
                key="log_no_rating",
                help="Untick to record a 1–5 rating with the answer.",
            )
            st.slider("Rating (1 = poor, 5 = very good)", 1, 5, key="log_rating")
        st.text_input(
            "Question asked (optional)",
            key="log_question",
            placeholder="e.g. What gets in the way of getting to school on time?",
        )
        st.text_area(
            "What they said",
            key="log_answer",
            height=140,
            placeholder="Their words, as close as you can get them.",
        )
        if NEW_OPTIONS:
            st.multiselect(
                "Themes (optional)",
                used_themes,
                accept_new_options=True,
                placeholder="Choose themes or type a new one",
                key="log_themes",
            )
        else:
            st.text_input("Themes (optional, separated by commas)", key="log_themes")
        st.form_submit_button(
            "Log response",
            type="primary",
            key="log_submit",
            on_click=_log_response,
            args=(workspace, user),
        )


# ---- Review ---------------------------------------------------------------------


@st.cache_data(max_entries=2, show_spinner=False)
def _parse_or_error(raw: bytes, name: str, **options):
    """parse_survey keyed by the file's bytes and options. The error is returned, not
    raised: an exception escaping a cached function would leave its lock held."""
    try:
        with collector_paused():  # as the import does: 0.3 s instead of 0.8 s at 100k rows
            return parse_survey(raw, name, **options), None
    except SurveyFileError as exc:
        return None, str(exc)


@st.cache_data(max_entries=2, show_spinner=False)
def _header_or_error(raw: bytes, name: str):
    """The file's header row, keyed by its bytes (reading it means reading the file)."""
    try:
        return forms.header_columns(raw, name), None
    except SurveyFileError as exc:
        return [], str(exc)


def _parse_cached(raw: bytes, name: str, **options):
    """Tabs all run on every rerun: an uploaded file is parsed once, not per keystroke."""
    batch, error = _parse_or_error(raw, name, **options)
    if error is not None:
        raise SurveyFileError(error)
    return batch


def _confirm_delete(where, label: str, what: str, confirm: str, key: str, on_click, args) -> None:
    """A Delete popover: what goes (and that it cannot be undone), and a button to confirm."""
    with where.popover(label, icon=":material/delete:"):
        st.caption(what)
        st.button(confirm, key=key, type="primary", on_click=on_click, args=args)


def _delete_responses(ids: list[int], by: str, message_key: str) -> None:
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


@st.cache_data(max_entries=8, show_spinner=False)
def _csv(df: pd.DataFrame) -> bytes:
    return exports.to_csv_bytes(df)


@st.cache_data(max_entries=8, show_spinner=False)
def _xlsx(df: pd.DataFrame) -> bytes:
    return exports.to_xlsx_bytes(df)


with review_tab:
    _show_message("review_message")
    st.caption(
        "Filter the responses; the chart, the table and the downloads all follow. "
        "Select rows in the table to delete them."
    )
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
    since = row2[2].date_input("Received from", value=None, key="review_since")
    row3 = st.columns([2, 1])
    search = row3[0].text_input(
        "Search the answers",
        key="review_search",
        placeholder="A word or phrase, e.g. bus",
        help="Not case-sensitive.",
    )
    until = row3[1].date_input("Received up to", value=None, key="review_until")
    if since and until and since > until:
        st.warning("“Received from” is after “Received up to”: no response can match.")
    filters = dict(
        plan_id=plan_filter,
        audiences=audience_filter,
        channels=channel_filter,
        themes=theme_filter,
        statuses=status_filter,
        since=since,
        until=until,
        search=search,
    )
    try:
        with st.spinner("Loading responses…"), resources.store().session() as s:
            found = review.filtered_responses(s, workspace, **filters, limit=REVIEW_LIMIT)
            weekly = review.weekly_counts(s, workspace, **filters)
    except StoreError as exc:
        st.error(md(str(exc), lines=True))
        found, weekly = [], []
    total = sum(n for *_, n in weekly)
    if not found:
        st.info(
            "No responses match these filters."
            if response_count
            else "No responses yet. Log one on the “Log a response” tab."
        )
    else:
        st.subheader("Responses by audience and week")
        st.altair_chart(charts.weekly_chart(weekly, audience_names), key="review_chart")
        shown = (
            f"{len(found):,} response{'' if len(found) == 1 else 's'}, newest first."
            if len(found) == total
            else f"The newest {len(found):,} of {total:,} matching responses (narrow the "
            "filters to see older ones)."
        )
        st.subheader("The responses")
        st.caption(shown)
        table = exports.responses_table(
            found,
            audience_names=audience_names,
            plan_names=plan_names,
            key_message_titles={k: m.title for k, m in key_messages.items()},
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
        chosen_ids = [int(table.iloc[n]["ID"]) for n in picked.selection.rows if n < len(table)]
        if chosen_ids:
            _confirm_delete(
                st,
                f"Delete {plural(len(chosen_ids), 'selected response')}",
                "Deletes what they said, with its answers, themes and status. "
                "This cannot be undone; export a copy first if you may need it.",
                f"Yes, delete {plural(len(chosen_ids), 'response')}",
                "review_delete",
                _delete_responses,
                (chosen_ids, user, "review_message"),
            )
        with st.spinner("Preparing the downloads…"):
            csv_data, xlsx_data = _csv(table), _xlsx(table)
        stamp = date.today().isoformat()
        left, right, _ = st.columns([1, 1, 3])
        left.download_button(
            "Download CSV",
            csv_data,
            file_name=f"feedback-{stamp}.csv",
            mime="text/csv",
            key="review_csv",
            help="Opens in Excel or Google Sheets. Cells that would run as formulas "
            "start with a ' so they show as text.",
        )
        right.download_button(
            "Download Excel",
            xlsx_data,
            file_name=f"feedback-{stamp}.xlsx",
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            key="review_xlsx",
        )


# ---- You said, we did -------------------------------------------------------------

LOOP_KEYS = (
    "loop_status_{}",
    "loop_note_{}",
    "loop_draft_{}",
    "loop_themes_{}",
    "loop_sentiment_{}",
)
draft_titles = {d["id"]: f"#{d['id']} {d['title']}" for d in drafts}


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
        themes = review.clean_themes(_theme_values(ss.get(f"loop_themes_{response_id}")))
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
            if sentiment and sentiment != sentiment_before:
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


def _loop_card(response) -> None:
    rid = response.id
    with st.container(border=True):
        said = next(iter(loop.words_said(response)), "")
        st.text(_short(said))
        where = [
            audience_names.get(response.audience_key, response.audience_key),
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
                    list(dict.fromkeys([*used_themes, *themes])),
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
            sentiments = [None, *review.SENTIMENTS]
            st.selectbox(
                "Sentiment" + (" (corrected by staff)" if response.sentiment_reviewed else ""),
                sentiments,
                index=sentiments.index(response.sentiment)
                if response.sentiment in sentiments
                else 0,
                format_func=lambda v: "not analysed yet" if v is None else v,
                key=f"loop_sentiment_{rid}",
            )
            st.form_submit_button(
                "Save",
                key=f"loop_save_{rid}",
                on_click=_save_loop,
                args=(rid, response.version, themes, user, response.sentiment),
            )
        _confirm_delete(
            st,
            "Delete",
            "Deletes this response, its answers and themes. This cannot be undone.",
            f"Yes, delete response #{rid}",
            f"loop_delete_{rid}",
            _delete_responses,
            ([rid], user, "loop_message"),
        )


with loop_tab:
    _show_message("loop_message")
    st.caption(
        "Move each response along: heard → decided (say what you will do) → told back "
        "(you told them, ideally with the draft that did it). Newest first."
    )
    controls = st.columns(2)
    loop_audience = controls[0].selectbox(
        "Audience",
        [None, *audience_names],
        format_func=lambda a: "All audiences" if a is None else audience_names.get(a, a),
        key="loop_audience",
    )
    per_column = controls[1].selectbox("Cards per column", [10, 25, 50], key="loop_per_column")
    try:
        with st.spinner("Loading responses…"), resources.store().session() as s:
            chosen = [loop_audience] if loop_audience else ()
            by_status = {
                status: review.filtered_responses(
                    s, workspace, statuses=[status], audiences=chosen, limit=per_column
                )
                for status in LOOP_STATUSES
            }
            status_counts = review.status_counts(s, workspace, audiences=chosen)
    except StoreError as exc:
        st.error(md(str(exc), lines=True))
        by_status, status_counts = {status: [] for status in LOOP_STATUSES}, {}
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
                _loop_card(response)
    # The whole "you said, we did" summary, for publishing.
    try:
        with st.spinner("Preparing the summary…"), resources.store().session() as s:
            heard = [
                loop.heard_from(x)
                for x in review.filtered_responses(
                    s, workspace, audiences=chosen, limit=SUMMARY_LIMIT
                )
            ]
    except StoreError as exc:
        st.error(md(str(exc), lines=True))
        heard = []
    st.subheader("Publish a “you said, we did” summary")
    st.caption(
        "Every theme heard, with quotes in people's own words and the decisions noted "
        "on the cards above."
    )
    summary_title = "You said, we did" + (
        f": {audience_names.get(loop_audience, loop_audience)}" if loop_audience else ""
    )
    with st.spinner("Preparing the summary downloads…"):
        summaries = loop.summarise(heard)
        summary_md = loop.you_said_we_did_markdown(summaries, summary_title).encode("utf-8")
        summary_docx = loop.you_said_we_did_docx(summaries, summary_title)
    stamp = date.today().isoformat()
    md_col, docx_col, _ = st.columns([1, 1, 3])
    md_col.download_button(
        "Summary (Markdown)",
        summary_md,
        file_name=f"you-said-we-did-{stamp}.md",
        mime="text/markdown",
        key="loop_summary_md",
    )
    docx_col.download_button(
        "Summary (Word)",
        summary_docx,
        file_name=f"you-said-we-did-{stamp}.docx",
        mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        key="loop_summary_docx",
    )


# ---- Import a survey -------------------------------------------------------------


def _progress_bar(label: str):
    bar = st.progress(0.0, text=label)

    def update(done: int, total: int) -> None:
        total = max(total, 1)
        bar.progress(min(done / total, 1.0), text=f"{label} {done:,} of {total:,}")

    return bar, update


def _analyse(redo: bool = False) -> int:
    """Run the theme and sentiment analysis, with a progress bar. Raises StoreError."""
    with resources.store().session() as s:
        total = review.status_counts(s, workspace)
    total_count = max(sum(total.values()), 1)
    bar, update = _progress_bar("Analysing responses…")
    # A transaction per batch: other people's saves do not wait for the whole run.
    done = analyse_in_batches(
        resources.store().session,
        workspace,
        library,
        redo=redo,
        progress=lambda n: update(n, max(n, total_count)),
    )
    bar.progress(1.0, text=f"Analysed {plural(done, 'response')}.")
    if done:
        _forget_cards()
    return done


def _forget_cards() -> None:
    """Drop every card's widget state, so the cards show what is saved now (widgets
    keep their own state across reruns and would show themes from before)."""
    prefixes = tuple(key.format("") for key in LOOP_KEYS)
    for key in [k for k in st.session_state if str(k).startswith(prefixes)]:
        del st.session_state[key]


with import_tab:
    st.caption(
        "Import a Qualtrics, SurveyMonkey or Google Forms export, or any CSV or Excel "
        "file with one row per respondent. The whole file is checked first: if a row "
        "cannot be imported, nothing is."
    )
    upload = st.file_uploader("Survey file", type=["csv", "xlsx"], key="import_file")
    cols = st.columns(2)
    import_format = cols[0].selectbox(
        "Format", list(FORMATS), key="import_format", help="“auto” detects the layout."
    )
    import_audience = cols[1].selectbox(
        "Default audience",
        list(audience_names),
        format_func=lambda a: audience_names.get(a, a),
        key="import_audience",
        help="For rows with no audience column.",
    )
    cols = st.columns(2)
    import_channel = cols[0].text_input(
        "Channel", key="import_channel", max_chars=CHANNEL_MAX, placeholder="e.g. Fall survey"
    )
    import_plan = cols[1].selectbox(
        "Plan (optional)",
        [None, *plan_names],
        format_func=lambda p: "No plan" if p is None else plan_names.get(p, str(p)),
        key="import_plan",
    )
    keep_identifying = st.checkbox("Keep identifying data", value=False, key="import_keep")
    st.caption(
        "Names, email addresses, IP addresses and locations are not stored unless this is checked."
    )
    if upload is not None:
        raw, name = upload.getvalue(), upload.name
        fmt, mapping, batch = import_format, None, None
        try:
            with st.spinner("Reading the file…"):
                batch = _parse_cached(raw, name, fmt=fmt, keep_identifying=keep_identifying)
        except SurveyFileError as exc:
            if not forms.is_unknown_layout(exc):
                st.error(md(str(exc), lines=True))
            else:
                st.info(
                    "This file's layout is not one we know. Say what each column holds; "
                    "columns left as “answer” are imported as answers."
                )
                columns, header_error = _header_or_error(raw, name)
                if header_error:
                    st.error(md(header_error, lines=True))
                choices = {
                    column: st.selectbox(
                        md(column) or f"(column {i + 1})",
                        list(forms.MAPPING_CHOICES),
                        key=f"import_map_{i}",
                    )
                    for i, column in enumerate(columns)
                }
                fmt = "xlsx" if name.lower().endswith(".xlsx") else "csv"
                mapping = forms.mapping_from_choices(choices, keep_identifying)
                if columns:
                    try:
                        with st.spinner("Reading the file with this mapping…"):
                            batch = _parse_cached(
                                raw, name, fmt=fmt, mapping=mapping,
                                keep_identifying=keep_identifying,
                            )  # fmt: skip
                    except SurveyFileError as map_exc:
                        st.error(md(str(map_exc), lines=True))
        if batch is not None and mapping is None:
            # A known layout: offer to read some columns differently ("Role" as the
            # audience, a question called "Score" as an answer).
            with st.expander("Adjust how columns are read (optional)"):
                st.caption(
                    "Each column is read as the export's layout says. Choose another use "
                    "for a column, e.g. a “Role” column as the audience."
                )
                columns, _ = _header_or_error(raw, name)
                overrides = {
                    column: st.selectbox(
                        md(column), [AS_READ, *forms.MAPPING_CHOICES], key=f"import_remap_{i}"
                    )
                    for i, column in enumerate(columns)
                    if column.strip()
                }
            remap = forms.mapping_from_choices(
                {c: v for c, v in overrides.items() if v != AS_READ},
                keep_identifying,
                keep_answers=True,
            )
            if remap:
                mapping, batch = remap, None
                try:
                    with st.spinner("Reading the file with these columns…"):
                        batch = _parse_cached(
                            raw, name, fmt=fmt, mapping=mapping, keep_identifying=keep_identifying
                        )
                except SurveyFileError as remap_exc:
                    st.error(md(str(remap_exc), lines=True))
        if batch is not None:
            st.subheader("Preview")
            metrics = st.columns(3)
            metrics[0].metric("Layout", batch.layout)
            metrics[1].metric("Submissions", f"{len(batch.submissions):,}")
            metrics[2].metric("Skipped rows", f"{batch.skipped:,}")
            for warning in batch.warnings:
                st.warning(md(warning, lines=True))
            rows = forms.preview(batch, default_audience=import_audience, names=audience_names)
            if rows:
                st.caption(f"The first {plural(len(rows), 'submission')}.")
                st.dataframe(pd.DataFrame(rows), hide_index=True, key="import_preview")
            # Shown after the rerun that follows an import (see below).
            finished = st.session_state.pop("import_summary", None)
            if st.button("Import", type="primary", key="import_run"):
                try:
                    bar, update = _progress_bar("Importing…")
                    with resources.store().session() as s:
                        summary = import_survey(
                            s,
                            workspace,
                            user,
                            raw,
                            name,
                            fmt=fmt,
                            mapping=mapping,
                            audience=import_audience,
                            channel=" ".join(import_channel.split()) or None,
                            plan_id=import_plan,
                            known_audiences=set(audience_names),
                            keep_identifying=keep_identifying,
                            progress=update,
                        )
                    bar.progress(1.0, text=f"Imported {plural(summary['imported'], 'submission')}.")
                    _analyse()
                except (SurveyFileError, StoreError) as exc:
                    st.error(md(str(exc), lines=True))
                else:
                    # Run the page again: the tabs drawn before this one (Review, "you
                    # said, we did") were drawn before the import and would show old data.
                    st.session_state["import_summary"] = summary
                    st.rerun()
            if finished is not None:
                st.success("Imported. The responses are in Review and under “Heard”.")
                done = st.columns(3)
                done[0].metric("Imported", f"{finished['imported']:,}")
                done[1].metric("Skipped", f"{finished['skipped']:,}")
                done[2].metric("Duplicates", f"{finished['duplicates']:,}")
                for warning in finished["warnings"]:
                    st.warning(md(warning, lines=True))
                st.json(finished, expanded=False)


# ---- Themes ------------------------------------------------------------------------

with themes_tab:
    _show_message("themes_message")
    st.caption(
        "Team themes tag responses by their cue phrases, alongside the library's values, "
        "plan key messages and jargon people found confusing."
    )
    try:
        with resources.store().session() as s:
            team_themes = review.list_themes(s, workspace)
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
                review.save_theme(s, workspace, theme_name, cues, user)
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
            analysed = _analyse(redo=redo)
        except StoreError as exc:
            st.error(md(str(exc), lines=True))
        else:
            # Run the page again so the tabs drawn before this one show the new themes.
            message = f"Analysed {plural(analysed, 'response')}."
            st.session_state["themes_message"] = ("success", message)
            st.rerun()
    try:
        with st.spinner("Loading themes…"), resources.store().session() as s:
            everything = [
                loop.heard_from(x)
                for x in review.filtered_responses(s, workspace, limit=SUMMARY_LIMIT)
            ]
            draft_texts = [
                (d.id, d.title, d.versions[-1].text if d.versions else "")
                for d in records.list_drafts(s, workspace)
            ]
    except StoreError as exc:
        st.error(md(str(exc), lines=True))
        everything, draft_texts = [], []
    top = loop.top_themes_by_audience(everything)
    if not top:
        st.info("No themes yet. Save a team theme, then analyse the responses.")
    for audience_key_, themes_ in top.items():
        st.subheader(md(audience_names.get(audience_key_, audience_key_)))
        for theme, count, quote in themes_:
            with st.container(border=True):
                st.text(f"{theme} ({count:,})")
                st.text(f"“{quote}”")
                if theme.startswith(JARGON_PREFIX):
                    term = theme.removeprefix(JARGON_PREFIX)
                    plain = forms.plain_alternative(forms.glossary_entry(library, term))
                    st.text(f"Plain alternative: {plain}" if plain else "Not in the glossary.")
                    used = drafts_using(term, draft_texts)
                    st.text(
                        "Drafts that used it: " + ", ".join(f"#{i} {t}" for i, t in used)
                        if used
                        else "No draft used it."
                    )


# ---- Message tests -----------------------------------------------------------------

OUTCOME_KINDS = {"rating": "Rating (1–5)", "action": "Action (yes = 1, no = 0)"}


def _delete_batch(test_id: int, batch: str | None) -> None:
    try:
        with resources.store().session() as s:
            deleted = records.delete_outcome_batch(s, test_id, batch)
    except StoreError as exc:
        st.session_state["mt_message"] = ("error", str(exc))
    else:
        st.session_state["mt_message"] = ("success", f"Deleted {plural(deleted, 'outcome')}.")


def _outcome_batches(test_id: int) -> None:
    """Each paste of outcomes, with a way to delete one recorded by mistake."""
    try:
        with resources.store().session() as s:
            batches = records.list_outcome_batches(s, test_id)
    except StoreError as exc:
        st.error(md(str(exc)))
        return
    if not batches:
        return
    with st.expander(f"Recorded so far: {plural(len(batches), 'paste')}"):
        for n, b in enumerate(batches):
            when = f"{b.recorded_at:%Y-%m-%d %H:%M}" if b.recorded_at else "before batches"
            who = f" by {b.recorded_by}" if b.recorded_by else ""
            left, right = st.columns([4, 1])
            left.text(f"{plural(b.outcomes, 'outcome')}, {when}{who}")
            _confirm_delete(
                right,
                "Delete",
                "Deletes the outcomes of this paste. This cannot be undone.",
                f"Yes, delete {plural(b.outcomes, 'outcome')}",
                f"mt_delete_batch_{n}",
                _delete_batch,
                (test_id, b.batch),
            )


with tests_tab:
    _show_message("mt_message")
    st.caption(
        "Test two or more versions of a message: record one outcome per respondent with "
        "their audience, and see which version did better, overall and for each audience."
    )
    with st.expander("Create a test", expanded=False):
        st.text_input("Test name", key="mt_name", max_chars=200)
        st.selectbox(
            "Outcome", list(OUTCOME_KINDS), format_func=OUTCOME_KINDS.get, key="mt_outcome"
        )
        st.text_area(
            "Variants, one per line as “label: text” (the first is the control)",
            key="mt_variants",
            placeholder="A: Every school day counts.\nB: Missing two days a month adds up.",
        )
        if st.button("Create test", key="mt_create"):
            test_name = (st.session_state.get("mt_name") or "").strip()
            try:
                if not test_name:
                    raise ValueError("Not saved: give the test a name.")
                pairs = forms.parse_variants(st.session_state.get("mt_variants") or "")
                with resources.store().session() as s:
                    records.create_message_test(
                        s, workspace, user, test_name, st.session_state["mt_outcome"], pairs
                    )
            except (ValueError, StoreError) as exc:
                st.error(md(str(exc), lines=True))
            else:
                st.session_state["mt_message"] = ("success", f"Created the test “{test_name}”.")
                st.rerun()
    try:
        with resources.store().session() as s:
            tests = {t["id"]: t for t in review.message_tests(s, workspace)}
    except StoreError as exc:
        st.error(md(str(exc), lines=True))
        tests = {}
    if not tests:
        st.info("No message tests yet.")
    else:
        st.subheader("Record outcomes")
        record_test = st.selectbox(
            "Test", list(tests), format_func=lambda t: tests[t]["name"], key="mt_record_test"
        )
        st.text_area(
            "Outcomes, one per line: variant, audience, value",
            key="mt_outcomes",
            placeholder="A,families,4\nB,families,5",
            help="Comma- or tab-separated (paste three columns from a spreadsheet). "
            "Audience: its name or key (" + md(", ".join(audience_names)) + "). "
            "Value: a rating from 1 to 5, or for an action 1/yes or 0/no.",
        )
        again = st.checkbox(
            "Record them even if the same lines were recorded before",
            key="mt_allow_duplicate",
            help="A second paste of the same lines is not saved twice. Tick this only when "
            "these really are new respondents who answered the same.",
        )
        if st.button("Record outcomes", key="mt_record"):
            try:
                rows = forms.parse_outcomes(
                    st.session_state.get("mt_outcomes") or "",
                    tests[record_test]["outcome"],
                    audience_names,
                )
                with resources.store().session() as s:
                    count = records.record_outcomes(
                        s, record_test, rows, user, allow_duplicate=again
                    )
            except (ValueError, StoreError) as exc:
                st.error(md(str(exc), lines=True))
            else:
                if count.already_recorded:
                    st.warning(
                        f"{plural(count.recorded, 'new outcome')} recorded; "
                        f"{plural(count.already_recorded, 'line')} already recorded for this "
                        "test, so not saved again. If they are new respondents, tick the box "
                        "above and record again."
                    )
                else:
                    st.success(f"Recorded {plural(count.recorded, 'outcome')}.")
        _outcome_batches(record_test)

        st.subheader("Results")
        result_test = st.selectbox(
            "Test", list(tests), format_func=lambda t: tests[t]["name"], key="mt_result_test"
        )
        chosen_test = tests[result_test]
        try:
            with resources.store().session() as s:
                outcomes = review.test_outcomes(s, result_test)
        except StoreError as exc:
            st.error(md(str(exc), lines=True))
            outcomes = []
        if not outcomes:
            st.info("No outcomes recorded for this test yet.")
        else:
            try:
                with st.spinner("Working out the results…"):
                    result = variants.analyse(
                        chosen_test["outcome"],
                        chosen_test["control"],
                        outcomes,
                        audience_names=audience_names,
                    )
            except ValueError as exc:
                st.error(md(str(exc), lines=True))
            else:
                for sentence in variants.summary_sentences(result):
                    st.text(sentence)
                for warning in result.warnings:
                    st.warning(md(warning, lines=True))
                stats = charts.message_test_table(result)
                number = st.column_config.NumberColumn(
                    format="%.2f" if chosen_test["outcome"] == "rating" else "percent"
                )
                st.dataframe(
                    stats,
                    hide_index=True,
                    key="mt_stats",
                    column_config={
                        "Estimate": number,
                        "95% CI low": number,
                        "95% CI high": number,
                    },
                )
                st.altair_chart(charts.message_test_chart(result), key="mt_chart")
