"""Plans: who we talk to, what we ask of them, and how we listen back."""

from __future__ import annotations

from datetime import UTC, date, datetime

import altair as alt
import pandas as pd
import streamlit as st

from commplan.checks.alignment import messages_carried
from commplan.plans import gaps, plan_to_csv, plan_to_docx, plan_to_markdown, plan_view, timeline
from commplan.plans.calendar import follow_ups, plan_calendar
from commplan.plans.model import DOMAIN_NAMES
from commplan.plans.rows import RowRefused, milestone_rows, objective_rows
from commplan.store import ConflictError, StoreError
from commplan.store import records as r
from commplan.store.models import PLAN_STATUSES
from commplan.ui import resources, session
from commplan.ui.render import plural
from commplan.ui.session import flash
from commplan.ui.text import md, one_line


def lines(text: str) -> list[str]:
    return [x.strip() for x in (text or "").splitlines() if x.strip()]


def loop_without_channel(
    channel: str, cadence: str, owner: str, questions: str, follow_up: date | None
) -> str:
    """The listening-loop details typed while the listening channel is blank, in words
    ("the cadence and the questions"), or "" when there are none or a channel is named.
    A loop is only saved with its channel, so these would otherwise be dropped."""
    if (channel or "").strip():
        return ""
    typed = [
        name
        for name, value in (
            ("the cadence", cadence),
            ("the loop owner", owner),
            ("the questions", questions),
        )
        if (value or "").strip()
    ]
    if follow_up:
        typed.append("the next follow-up date")
    if len(typed) > 1:
        return ", ".join(typed[:-1]) + " and " + typed[-1]
    return "".join(typed)


def channel_missing(dropped: str, who: str) -> str:
    """Why a form with listening-loop details but no listening channel was refused."""
    return (
        f"you filled in {dropped} of the listening loop but not its listening channel. "
        f"Name how {who} talk back (for example a short survey by text), or clear those "
        "fields. What you typed is still in the form."
    )


def short(text: str, limit: int = 120) -> str:
    """``text`` on one line, cut at a word to about ``limit`` characters with "…" (for
    a title; the whole text stays in the form)."""
    flat = one_line(text)
    if len(flat) <= limit:
        return flat
    cut = flat[:limit]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit // 2 else cut).rstrip() + "…"


def form_base(form: str, current: tuple[int, ...], probe: str) -> tuple[tuple[int, ...], str]:
    """The version a form's widgets were filled from, kept while the form is on screen.

    Widget keys carry the record id and this version, so a form never shows another
    plan's (or an older version's) values; a save sends it as the expected version,
    so a stale form is refused with a ConflictError instead of overwriting someone
    else's save. A form that was not on screen in the last run starts afresh.
    """
    base_key = f"_base_{form}"
    base = st.session_state.get(base_key)
    if base is None or f"{probe}_{_suffix(form, base)}" not in st.session_state:
        base = st.session_state[base_key] = current
    return base, _suffix(form, base)


def _suffix(form: str, versions: tuple[int, ...]) -> str:
    return f"{form}_v" + "-".join(str(v) for v in versions)


def kept(key: str, fingerprint: str, make):
    """``make()``, kept in the session under ``key`` while ``fingerprint`` stays the
    same (the page's reruns reuse it; a changed fingerprint makes it again)."""
    held = st.session_state.get(key)
    if not held or held[0] != fingerprint:
        held = st.session_state[key] = (fingerprint, make())
    return held[1]


def reload_form(form: str) -> None:
    """Drop the form's version so the next run fills it from the latest save."""
    st.session_state.pop(f"_base_{form}", None)


def load(plan_id: int):
    library, audiences = resources.documents(workspace)
    names = {a.id: a.name for a in audiences}
    titles = {m.id: m.title for m in library.key_messages}
    with resources.store().session() as s:
        plan = r.get_plan(s, plan_id)
        view = plan_view(plan, names, titles)
        texts = r.latest_draft_texts(s, plan_id)
    drafted: set[str] = set()
    for _, text in texts:
        drafted |= messages_carried(text, library, resources.nlp())
    return view, drafted


def save_item(s, item, v: dict, item_version: int, loop_version: int) -> None:
    """Save one audience of the plan and its listening loop, in one transaction.

    The versions are those the form was filled from (0: the form had no loop), so a
    change saved by someone else meanwhile is refused, never overwritten.
    """
    if v["remove"]:
        r.remove_plan_item(s, item.id, session.user())
        return
    r.update_plan_item(
        s,
        item.id,
        session.user(),
        expected_version=item_version,
        desired_action=v["action"],
        key_messages=v["messages"],
        proof_points=lines(v["proof"]),
        messenger=v["messenger"],
        channels=lines(v["channels"]),
        timing=v["timing"],
        owner=v["owner"],
        readiness=v["readiness"],
        barriers=v["barriers"],
    )
    if v["remove_loop"]:
        r.remove_listening_loop(s, item.id, session.user(), expected_version=loop_version)
    elif v["loop_channel"].strip() or loop_version:
        r.set_listening_loop(
            s,
            item.id,
            session.user(),
            expected_version=loop_version,
            channel=v["loop_channel"],
            questions=lines(v["questions"]),
            cadence=v["cadence"],
            owner=v["loop_owner"],
            next_follow_up=v["follow_up"] or None,
        )


def save(action, *args, **kwargs) -> bool:
    """Run a store change in one transaction; show the store's message on failure."""
    try:
        with resources.store().session() as s:
            action(s, *args, **kwargs)
    except ConflictError as exc:
        st.error(
            md(str(exc)) + " Your edits are still in the form: copy what you need, then load the "
            "latest version."
        )
        return False
    except StoreError as exc:
        st.error(md(str(exc), lines=True))
        return False
    return True


def add_audience_form(plan, remaining: list[str]) -> None:
    """One form for a new audience: the ask, the messages, how we reach them and the
    whole listening loop. The form keeps what was typed when the save is refused;
    after a save it starts empty (its widget keys move on)."""
    n = st.session_state.setdefault("add_item_n", 0)
    with st.form(f"add_item_form_{n}"):
        c1, c2 = st.columns(2)
        new_audience = c1.selectbox(
            "Audience",
            remaining,
            key=f"add_audience_{n}",
            format_func=lambda a: audiences.get(a).name,
        )
        new_action = c2.text_input(
            "What we ask them to do",
            key=f"add_action_{n}",
            placeholder="e.g. Register for the family night by May 1",
        )
        new_messages = st.multiselect(
            "Key messages", message_ids, format_func=message_titles.get, key=f"add_messages_{n}"
        )
        c1, c2 = st.columns(2)
        new_channels = c1.text_area(
            "Channels (one a line)",
            key=f"add_channels_{n}",
            placeholder="e.g. text message\nprincipal's newsletter",
            help="How we reach them. The audience profile lists the channels it prefers.",
        )
        new_messenger = c2.text_input(
            "Messenger", key=f"add_messenger_{n}", placeholder="e.g. each school's principal"
        )
        new_timing = c2.text_input("Timing", key=f"add_timing_{n}", placeholder="e.g. late April")
        new_owner = c2.text_input("Owner", key=f"add_owner_{n}")
        st.markdown("**Listening loop**: how they talk back, and when we follow up")
        c1, c2 = st.columns(2)
        new_loop = c1.text_input(
            "Listening channel",
            key=f"add_loop_channel_{n}",
            placeholder="e.g. short survey by text",
        )
        new_cadence = c2.text_input(
            "Cadence", key=f"add_cadence_{n}", placeholder="e.g. after each event"
        )
        new_loop_owner = c1.text_input("Loop owner", key=f"add_loop_owner_{n}")
        new_follow_up = c2.date_input("Next follow-up", value=None, key=f"add_follow_up_{n}")
        new_questions = st.text_area(
            "Questions to ask (one a line)",
            key=f"add_questions_{n}",
            placeholder="e.g. Was the registration link easy to use?",
        )
        if not st.form_submit_button("Add audience") or not new_audience:
            return
    name = audiences.get(new_audience).name
    if not new_action.strip():
        st.error(
            f"Not added: write what you ask {md(name.lower())} to do. Every audience in a "
            "plan is asked to do something. What you typed is still in the form."
        )
        return
    dropped = loop_without_channel(
        new_loop, new_cadence, new_loop_owner, new_questions, new_follow_up
    )
    if dropped:
        st.error("Not added: " + channel_missing(dropped, md(name.lower())))
        return
    loop_fields = (
        {
            "channel": new_loop,
            "questions": lines(new_questions),
            "cadence": new_cadence,
            "owner": new_loop_owner,
            "next_follow_up": new_follow_up,
        }
        if new_loop.strip()
        else None
    )

    def add(s):
        r.add_plan_item(
            s,
            r.get_plan(s, plan.id),
            session.user(),
            new_audience,
            new_action,
            listening_loop=loop_fields,
            key_messages=new_messages,
            channels=lines(new_channels),
            messenger=new_messenger,
            timing=new_timing,
            owner=new_owner,
        )

    if save(add):
        st.session_state["add_item_n"] = n + 1
        flash(
            f"Added {md(name)} to the plan."
            + ("" if loop_fields else " It has no listening loop yet: see Gaps.")
        )
        st.rerun()


st.title("Plans")
st.caption(
    "Build a communication plan by audience. Every audience is asked to do something "
    "(purposeful) and has a listening loop: a channel, questions, an owner, a cadence and "
    "a follow-up date (bidirectional)."
)
workspace = session.workspace()
library, audiences = resources.documents(workspace)
with resources.store().session() as s:
    plans = [(p.id, p.name, p.is_example) for p in r.list_plans(s, workspace)]

# The form is emptied only after a plan is created (not on submit, as clear_on_submit
# would): a refused name leaves the name and goal typed in the form to fix.
if st.session_state.pop("_new_plan_created", False):
    st.session_state["new_plan_name"] = st.session_state["new_plan_goal"] = ""
with st.expander("New plan", expanded=not plans), st.form("new_plan_form"):
    name = st.text_input("Plan name", key="new_plan_name")
    goal = st.text_area("Goal", key="new_plan_goal", height=80)
    if st.form_submit_button("Create plan"):
        created = {}

        def create(s):
            created["id"] = r.create_plan(
                s, workspace, session.user(), name.strip(), goal=goal
            ).id

        if not name.strip():
            st.error(
                "Not created: give the plan a name. What you typed is still in the form."
            )
        elif save(create):
            st.session_state["plan_id"] = created["id"]
            st.session_state["_new_plan_created"] = True
            st.rerun()

if not plans:
    st.info("No plans yet: create one above.")
    st.stop()

ids = [p[0] for p in plans]
labels = {p[0]: p[1] + ("  (example)" if p[2] else "") for p in plans}
if st.session_state.get("plan_id") not in ids:
    st.session_state["plan_id"] = ids[0]
plan_id = st.selectbox("Plan", ids, format_func=labels.get, key="plan_id")
plan, drafted = load(plan_id)

if plan.is_example:
    c1, c2 = st.columns([4, 1])
    c1.info("This is an example plan to explore. Edit it, or remove it when you are ready.")
    if c2.button("Remove example plan", key="remove_example") and save(
        r.delete_plan, plan.id, session.user()
    ):
        st.session_state.pop("plan_id", None)
        st.rerun()

today = date.today()
open_gaps = gaps(plan, today, drafted)
warnings = [g for g in open_gaps if g.severity == "warning"]


st.markdown(
    f"**{plural(len(plan.items), 'audience')}** · status **{plan.status}** · "
    f"{plural(len(warnings), 'gap')} to close · "
    f"{plural(len(open_gaps) - len(warnings), 'suggestion')}"
)

overview, items_tab, gaps_tab, timeline_tab, export_tab = st.tabs(
    ["Overview", "Audiences", "Gaps", "Timeline", "Export"]
)

plan_form = f"plan_{plan.id}"
(plan_base,), plan_keys = form_base(plan_form, (plan.version,), "plan_name")


def k(name: str) -> str:
    """A widget key of the plan form: this plan, the version the form was filled from."""
    return f"{name}_{plan_keys}"


with overview:
    if plan.version != plan_base:
        c1, c2 = st.columns([4, 1])
        c1.info(
            f"{md(plan.updated_by or 'Someone')} saved a newer version of this plan "
            f"(version {plan.version}) since you opened it. Your edits below are not saved."
        )
        if c2.button("Load the latest version", key=f"plan_reload_{plan.id}"):
            reload_form(plan_form)
            st.rerun()
with overview, st.form("plan_form"):
    new_name = st.text_input("Name", value=plan.name, key=k("plan_name"))
    goal = st.text_area("Goal", value=plan.goal, key=k("plan_goal"), height=80)
    st.markdown("**SMART objectives** (specific, measurable, achievable, relevant, time-bound)")
    objectives = st.data_editor(
        pd.DataFrame(
            list(plan.objectives) or [{"text": "", "measure": "", "target": "", "by": ""}],
            columns=["text", "measure", "target", "by"],
        ),
        num_rows="dynamic",
        width="stretch",
        key=k("plan_objectives"),
        column_config={
            "text": st.column_config.TextColumn("Objective"),
            "measure": st.column_config.TextColumn("Measure"),
            "target": st.column_config.TextColumn("Target"),
            "by": st.column_config.TextColumn("By when"),
        },
    )
    toa = st.text_area(
        "Theory of action",
        value=plan.theory_of_action,
        key=k("plan_toa"),
        placeholder="If we ..., then ... will ...",
        height=80,
    )
    domains = st.multiselect(
        "Alignment domains",
        list(DOMAIN_NAMES),
        default=list(plan.domains),
        format_func=DOMAIN_NAMES.get,
        key=k("plan_domains"),
    )
    status = st.selectbox(
        "Status", PLAN_STATUSES, index=PLAN_STATUSES.index(plan.status), key=k("plan_status")
    )
    st.markdown("**Milestones**")
    milestones = st.data_editor(
        pd.DataFrame(
            [{"title": m.title, "due_on": m.due_on, "done": m.done} for m in plan.milestones],
            columns=["title", "due_on", "done"],
        ),
        num_rows="dynamic",
        width="stretch",
        key=k("plan_milestones"),
        column_config={
            "title": st.column_config.TextColumn("Milestone"),
            "due_on": st.column_config.DateColumn("Due"),
            "done": st.column_config.CheckboxColumn("Done"),
        },
    )
    submitted = st.form_submit_button("Save plan")
    if submitted:
        try:
            clean_objectives = objective_rows(objectives.to_dict("records"))
            clean_milestones = milestone_rows(
                {
                    "title": m["title"],
                    "due_on": pd.to_datetime(m["due_on"]).date()
                    if pd.notna(m["due_on"])
                    else None,
                    "done": bool(m["done"]) if pd.notna(m["done"]) else False,
                }
                for m in milestones.to_dict("records")
            )
        except RowRefused as exc:
            st.error(f"Not saved: {md(str(exc))} Your edits are still in the form.")
            submitted = False
    if submitted and save(
        r.update_plan,
        plan.id,
        session.user(),
        expected_version=plan_base,
        name=new_name.strip(),
        goal=goal,
        theory_of_action=toa,
        domains=domains,
        status=status,
        objectives=clean_objectives,
        milestones=clean_milestones,
    ):
        reload_form(plan_form)
        flash("Plan saved.")
        st.rerun()

message_ids = [m.id for m in library.key_messages]
message_titles = {m.id: m.title for m in library.key_messages}

with items_tab:
    for item in plan.items:
        profile = audiences.get(item.audience) if item.audience in audiences else None
        loop = item.listening_loop
        flag = "" if loop else "  ·  no listening loop"
        item_form = f"item_{item.id}"
        current = (item.version, loop.version if loop else 0)
        item_base, versions = form_base(item_form, current, "item_action")
        with st.expander(md(f"{item.audience_name}: {short(item.desired_action)}") + flag):
            if item_base != current:
                c1, c2 = st.columns([4, 1])
                c1.info(
                    "Someone saved a newer version of this audience since you opened it. "
                    "Your edits below are not saved."
                )
                if c2.button("Load the latest version", key=f"item_reload_{item.id}"):
                    reload_form(item_form)
                    st.rerun()
            form = st.form(f"item_form_{item.id}")
        with form:
            action = st.text_input(
                "What we ask them to do", value=item.desired_action, key=f"item_action_{versions}"
            )
            # A message since removed from the library stays chosen (and can be taken
            # out): saving the audience for another change must not drop it silently.
            chosen = list(dict.fromkeys(item.key_messages))
            retired = [m for m in chosen if m not in message_titles]
            messages = st.multiselect(
                "Key messages",
                [*message_ids, *retired],
                default=chosen,
                format_func=lambda m: message_titles.get(m)
                or f"{m} (no longer in the library)",
                key=f"item_messages_{versions}",
            )
            proof = st.text_area(
                "Proof points (one a line)",
                "\n".join(item.proof_points),
                key=f"item_proof_{versions}",
            )
            c1, c2 = st.columns(2)
            messenger = c1.text_input(
                "Messenger",
                item.messenger,
                key=f"item_messenger_{versions}",
                help=("Trusted: " + md(", ".join(profile.messengers))) if profile else None,
            )
            channels = c2.text_area(
                "Channels (one a line)",
                "\n".join(item.channels),
                key=f"item_channels_{versions}",
                help=("Preferred: " + md(", ".join(profile.channels))) if profile else None,
            )
            timing = c1.text_input("Timing", item.timing, key=f"item_timing_{versions}")
            owner = c2.text_input("Owner", item.owner, key=f"item_owner_{versions}")
            readiness = c1.text_area("Readiness", item.readiness, key=f"item_readiness_{versions}")
            barriers = c2.text_area("Barriers", item.barriers, key=f"item_barriers_{versions}")
            st.markdown("**Listening loop**")
            c1, c2 = st.columns(2)
            loop_channel = c1.text_input(
                "Listening channel",
                loop.channel if loop else "",
                key=f"loop_channel_{versions}",
                help=("Ways they talk back: " + md(", ".join(profile.listening_channels)))
                if profile
                else None,
            )
            cadence = c2.text_input(
                "Cadence", loop.cadence if loop else "", key=f"loop_cadence_{versions}"
            )
            loop_owner = c1.text_input(
                "Loop owner", loop.owner if loop else "", key=f"loop_owner_{versions}"
            )
            follow_up = c2.date_input(
                "Next follow-up",
                loop.next_follow_up if loop else None,
                key=f"loop_follow_up_{versions}",
            )
            questions = st.text_area(
                "Questions to ask (one a line)",
                "\n".join(loop.questions) if loop else "",
                key=f"loop_questions_{versions}",
            )
            remove_loop = (
                st.checkbox(
                    "Remove the listening loop (the audience stays in the plan)",
                    key=f"loop_remove_{versions}",
                )
                if loop
                else False
            )
            remove = st.checkbox(
                "Remove this audience from the plan", key=f"item_remove_{versions}"
            )
            dropped = "" if loop or remove else loop_without_channel(
                loop_channel, cadence, loop_owner, questions, follow_up
            )
            submitted = st.form_submit_button("Save audience")
            if submitted and dropped:
                st.error("Not saved: " + channel_missing(dropped, "they"))
            elif submitted and loop and not (loop_channel.strip() or remove_loop or remove):
                st.error(
                    "Not saved: the listening channel is empty. Name how they talk back, or "
                    "tick \"Remove the listening loop\" to stop following up with them. What "
                    "you typed is still in the form."
                )
            elif submitted:
                values = {
                    "remove": remove,
                    "remove_loop": remove_loop,
                    "action": action,
                    "messages": messages,
                    "proof": proof,
                    "messenger": messenger,
                    "channels": channels,
                    "timing": timing,
                    "owner": owner,
                    "readiness": readiness,
                    "barriers": barriers,
                    "loop_channel": loop_channel,
                    "questions": questions,
                    "cadence": cadence,
                    "loop_owner": loop_owner,
                    "follow_up": follow_up,
                }
                if save(save_item, item, values, *item_base):
                    reload_form(item_form)
                    flash(
                        f"Removed {md(item.audience_name)} from the plan."
                        if remove
                        else f"Saved {md(item.audience_name)}"
                        + ("; its listening loop removed." if remove_loop else ".")
                    )
                    st.rerun()

    remaining = [a.id for a in audiences if a.id not in {i.audience for i in plan.items}]
    st.markdown("#### Add an audience")
    if not remaining:
        st.caption("Every audience in the workspace is in this plan.")
    else:
        add_audience_form(plan, remaining)

with gaps_tab:
    if not open_gaps:
        st.success("No gaps: every audience has an ask, a listening loop and a follow-up date.")
    for g in open_gaps:
        icon = ":material/warning:" if g.severity == "warning" else ":material/lightbulb:"
        st.markdown(f"{icon} {md(g.message)}")

with timeline_tab:
    events = timeline(plan)
    if not events:
        st.info("Add milestones or follow-up dates to see the timeline.")
    else:
        frame = pd.DataFrame(
            [
                {
                    "date": e.on,
                    "what": e.title,
                    "kind": e.kind.replace("_", " "),
                    "audience": e.audience or "whole plan",
                    "state": "done" if e.done else ("overdue" if e.overdue(today) else "upcoming"),
                }
                for e in events
            ]
        )
        chart = (
            alt.Chart(frame)
            .mark_point(filled=True, size=160)
            .encode(
                x=alt.X("date:T", title=None),
                y=alt.Y("audience:N", title=None),
                color=alt.Color(
                    "state:N",
                    scale=alt.Scale(
                        domain=["overdue", "upcoming", "done"],
                        range=["#b91c1c", "#1d4ed8", "#6b7280"],
                    ),
                ),
                shape="kind:N",
                tooltip=["date:T", "what:N", "audience:N", "state:N"],
            )
        )
        today_rule = (
            alt.Chart(pd.DataFrame({"date": [today]}))
            .mark_rule(strokeDash=[4, 4])
            .encode(x="date:T")
        )
        st.altair_chart(chart + today_rule, width="stretch")
        st.dataframe(frame, hide_index=True, width="stretch", key="timeline_table")

with export_tab:
    slug = "".join(c if c.isalnum() else "-" for c in plan.name.lower()).strip("-")[:60] or "plan"
    # Every export carries its bytes, built with the page. A download built only when
    # clicked (data=callable) gets a new id on every run, and Streamlit drops the old
    # id when a run ends: an .ics clicked just after another export (whose click
    # reran the page) asked for a dropped id and failed, with a message that vanished
    # after 5 s. A file carried by the button keeps its address across runs. A click
    # only downloads (on_click="ignore"): nothing on the page changes, so no rerun.
    # The Word file takes python-docx a tenth of a second or more to build: kept for
    # the session while the plan and the day stay the same, so the page's other
    # reruns (typing in a form, switching plans and back) do not rebuild it.
    st.download_button(
        "Word (.docx)",
        kept(
            f"export_docx_bytes_{plan.id}", repr((plan, today)), lambda: plan_to_docx(plan, today)
        ),
        f"{slug}.docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        key="export_docx",
        on_click="ignore",
    )
    st.download_button(
        "Markdown",
        plan_to_markdown(plan, today),
        f"{slug}.md",
        "text/markdown",
        key="export_md",
        on_click="ignore",
    )
    st.download_button(
        "CSV (one row per audience)",
        plan_to_csv(plan),
        f"{slug}.csv",
        "text/csv",
        key="export_csv",
        on_click="ignore",
    )
    dated, undated = follow_ups([plan])
    # The calendar's time stamp (DTSTAMP) is when these follow-ups were first built in
    # this session, kept while they stay the same: the same bytes on every run, so the
    # file keeps one address; a changed follow-up gets a later stamp.
    stamp = kept(
        f"export_ics_stamp_{plan.id}",
        repr((plan.name, dated)),
        lambda: datetime.now(UTC).replace(microsecond=0),
    )
    st.download_button(
        "Follow-up dates (.ics calendar)",
        data=plan_calendar([plan], now=stamp).encode() if dated else b"",
        file_name=f"{slug}-follow-ups.ics",
        mime="text/calendar",
        key="export_ics",
        on_click="ignore",
        disabled=not dated,
        help="Each listening loop's next follow-up date as an all-day event for Outlook, "
        "Google Calendar or Apple Calendar; a regular cadence (weekly, monthly...) repeats.",
    )
    st.caption(
        md(
            f"{plural(len(dated), 'follow-up date')} in the calendar"
            + (f"; no follow-up date set for {'; '.join(undated)}" if undated else "")
        )
    )
