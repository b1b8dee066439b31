"""The "Log a response" tab: one answer at a time, as it was heard."""

from __future__ import annotations

from datetime import date

import streamlit as st

from commplan.feedback import analysis
from commplan.store import StoreError, records, review
from commplan.textio import clean_controls
from commplan.ui import resources
from commplan.ui.text import md

from .common import CHANNEL_MAX, NEW_OPTIONS, show_message, theme_tagger, theme_values
from .context import FeedbackContext

# Kept while another tab is open (see the page's KEEP), so nothing half-typed is lost.
KEEP = (
    "log_audience", "log_channel", "log_plan", "log_key_message", "log_received",
    "log_rating", "log_question", "log_answer", "log_themes", "log_keep_question",
)  # fmt: skip
NO_RATING = 0  # the first rating choice: they gave none (stored as no rating)
RATING_NAMES = {NO_RATING: "No rating", 1: "1 (poor)", 2: "2", 3: "3", 4: "4", 5: "5 (very good)"}
# The plan and audience the channel was last chosen for, and the channel chosen then
# from the plan's listening loop (replaced when they change; one chosen by hand is not).
CHANNEL_FOR = "_log_channel_for"
CHANNEL_CHOSEN = "_log_channel_chosen"
# Cleared after each save unless "Same question for the next response" is ticked: an
# answer logged under the previous person's question (or plan) would be misfiled.
QUESTION_FIELDS = ("log_question", "log_plan", "log_key_message")


def _analysed(found: analysis.Analysed, stored: list[str], typed: list[str]) -> str:
    """What was saved, as the confirmation says it: "; sentiment: negative; themes:
    buses, workload". The themes are those stored (read back after the save): the
    ones typed first, then those the analysis found, in its order."""
    said = ""
    if found.sentiment == "unknown":
        reason = (found.note or "").split(":")[0].rstrip(".")
        reason = reason[:1].lower() + reason[1:]  # "written in Spanish"
        said += f"; sentiment: can't judge ({reason or 'not English'})"
    elif found.sentiment:
        said += f"; sentiment: {found.sentiment}"
    order = list(dict.fromkeys([*typed, *(found.themes or ()), *stored]))
    themes = [t for t in order if t in set(stored)]
    said += "; themes: " + (", ".join(themes) or "none found yet")
    return said


def _log_response(ctx: FeedbackContext) -> None:
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
    rating = ss.get("log_rating") or NO_RATING
    ratings = {} if rating == NO_RATING else {"overall": int(rating)}
    try:
        themes = review.clean_themes(theme_values(ss.get("log_themes")))
        with resources.store().session() as s:
            response = records.add_response(
                s,
                ctx.workspace,
                ctx.user,
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
            # Analysed at once, as an import's responses are, so its themes and
            # sentiment show in Review and on its card without a separate run.
            found = analysis.analyse_saved(
                s, ctx.workspace, ctx.library, response_id, tagger=theme_tagger(s, ctx)
            )
            stored = review.themes_of(s, ctx.workspace, response_id)
    except StoreError as exc:
        ss["log_message"] = ("error", str(exc))
        return
    ss["log_message"] = (
        "success",
        f"Saved response #{response_id} from {ctx.audience_names.get(audience, audience)}"
        f"{_analysed(found, stored, themes)}. It is in Review and under “Heard”.",
    )
    # Clear what is particular to this response; keep who and where (audience,
    # channel, date). The question, plan and key message are kept only when asked.
    ss["log_answer"] = ""
    if not ss.get("log_keep_question"):
        # Removed, not set to None: a selectbox set to None shows "Choose an option";
        # removed, it starts again at its first choice ("No plan", "None").
        for key in QUESTION_FIELDS:
            if key == "log_question":
                ss[key] = ""
            else:
                ss.pop(key, None)
    ss["log_rating"] = NO_RATING
    ss[CHANNEL_CHOSEN] = None  # the channel saved with is kept, even as the plan is cleared
    ss["log_themes"] = [] if NEW_OPTIONS else ""


def _one_line(text: str) -> str:
    return " ".join(clean_controls(text or "")[0].split())


def _choose_plan_channel(audience: str | None, plan_id: int | None, plan_loop: str) -> None:
    """When the audience or plan changes, choose the plan's listening channel for this
    audience, unless a channel was chosen or typed by hand; a channel chosen this way
    for another plan or audience is taken back."""
    ss = st.session_state
    now = (audience, plan_id)
    if ss.get(CHANNEL_FOR) == now:
        return
    ss[CHANNEL_FOR] = now
    current, chosen = ss.get("log_channel"), ss.get(CHANNEL_CHOSEN)
    by_hand = bool(current) and current != chosen
    if by_hand:
        return
    ss["log_channel"] = plan_loop or None
    ss[CHANNEL_CHOSEN] = plan_loop or None


def render(ctx: FeedbackContext) -> None:
    show_message("log_message")
    st.caption(
        "One answer at a time, as you heard it: at a listening session, in an email, "
        "on the phone, in a survey comment. After each save the form keeps who said it, "
        "the channel and the date; the question, plan and key message are cleared unless "
        "you tick “Same question for the next response”."
    )
    try:
        plan_names, used_channels, used_themes, loops = ctx.lookups(
            "plan_names", "channels_by_use", "theme_names", "listening_channels"
        )
    except StoreError as exc:
        st.error(md(str(exc), lines=True))
        return
    audience_names, key_messages = ctx.audience_names, ctx.key_messages
    # Who said it, the plan and the channel come before the form: the channel choices
    # follow the audience and the plan.
    top = st.columns(3)
    audience_key = top[0].selectbox(
        "Who said it (audience)",
        list(audience_names),
        format_func=lambda a: audience_names.get(a, a),
        key="log_audience",
        help="The channel suggestions follow the audience and the plan.",
    )
    chosen_plan = st.session_state.get("log_plan")
    if chosen_plan is not None and chosen_plan not in plan_names:
        st.session_state.pop("log_plan")  # a plan deleted meanwhile: back to "No plan"
    plan_id = top[1].selectbox(
        "Plan (optional)",
        [None, *plan_names],
        format_func=lambda p: "No plan" if p is None else plan_names.get(p, str(p)),
        key="log_plan",
        help="With a plan, its listening channel for this audience is chosen for you.",
    )
    audience = ctx.audience_set.get(audience_key) if audience_key in ctx.audience_set else None
    plan_loop = _one_line(loops.get((plan_id, audience_key), "")) if plan_id is not None else ""
    # The plan's listening channel for this audience first, then this audience's
    # listening channels in the other plans, then its usual ones, then those used.
    loop_channels = [_one_line(c) for (_, a), c in loops.items() if a == audience_key]
    suggestions = list(
        dict.fromkeys(
            c
            for c in [
                plan_loop,
                *loop_channels,
                *(audience.listening_channels if audience else ()),
                *used_channels,
            ]
            if c
        )
    )
    _choose_plan_channel(audience_key, plan_id, plan_loop)
    typed = st.session_state.get("log_channel")
    if typed and typed not in suggestions:  # typed earlier: listed, as it was written
        suggestions.append(typed)
    # Outside the form too: a channel chosen by hand is known at once, and is not
    # replaced by a plan's when the plan is chosen after it.
    if NEW_OPTIONS:
        top[2].selectbox(
            "Channel",
            suggestions,
            index=None,
            accept_new_options=True,
            placeholder="Choose one or type your own",
            key="log_channel",
            help="Where you heard it. Suggestions: the plan's listening channel for this "
            "audience, this audience's listening channels, then channels already used. "
            "A channel you type is saved as you wrote it.",
        )
    else:
        top[2].text_input(
            "Channel",
            key="log_channel",
            max_chars=CHANNEL_MAX,
            placeholder=", ".join(suggestions[:4]),
            help="Where you heard it, e.g. " + md(", ".join(suggestions[:6])),
        )
    # Key messages written for this audience first.
    message_ids = sorted(
        key_messages, key=lambda m: (audience_key not in key_messages[m].audiences, m)
    )
    with st.form("log_form", border=True):
        left, right = st.columns(2)
        with left:
            st.selectbox(
                "Key message it responds to (optional)",
                [None, *message_ids],
                format_func=lambda m: "None" if m is None else key_messages[m].title,
                key="log_key_message",
            )
        with right:
            # Defaults through session state: the save callback resets these, and the
            # page keeps them while another tab is open.
            st.session_state.setdefault("log_received", date.today())
            if st.session_state.get("log_rating") not in RATING_NAMES:
                st.session_state["log_rating"] = NO_RATING
            st.date_input("Received on", max_value=date.today(), key="log_received")
            # "No rating" is a choice of its own, chosen until a rating is: nothing
            # looks rated when they gave none (a slider always shows a value).
            st.radio(
                "Their rating, if they gave one",
                list(RATING_NAMES),
                format_func=RATING_NAMES.get,
                horizontal=True,
                key="log_rating",
                help="1 = poor, 5 = very good. Leave “No rating” when they did not rate.",
            )
        st.text_input(
            "Question asked (optional)",
            key="log_question",
            placeholder="e.g. What gets in the way of getting to school on time?",
        )
        st.checkbox(
            "Same question for the next response",
            key="log_keep_question",
            help="Tick when logging several answers to one question: the question, plan "
            "and key message then stay filled after saving.",
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
            args=(ctx,),
        )
