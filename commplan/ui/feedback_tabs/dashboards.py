"""Feedback tab "Dashboards": who took part against who the plans mean to hear from,
and what people said by audience, channel, theme, sentiment and time.

Every figure is one GROUP BY in the store (``commplan.store.dashboards``); the charts
are pure functions (``commplan.ui.dashboard_charts``). User, import and store text is
shown through ``md()`` or in tables and charts (plain text), never as Markdown.

Wiring: ``render(ctx)`` takes the Feedback page's context (anything with
``workspace`` and ``audience_set``); ``render_dashboards(workspace, audience_set,
store)`` is the same with plain arguments.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import streamlit as st

from commplan.feedback import sentiment
from commplan.feedback.participation import participation
from commplan.store import StoreError, review
from commplan.store import dashboards as d
from commplan.ui import dashboard_charts as charts
from commplan.ui import resources
from commplan.ui.render import plural
from commplan.ui.text import md

# Widget keys kept while another tab is open.
KEEP = ("dash_period", "dash_range", "dash_audiences", "dash_channels", "dash_plan",
        "dash_by", "dash_split", "dash_theme_sentiment")  # fmt: skip
PERIODS = ("All dates", "Last 30 days", "Last 90 days", "This school year", "Choose dates")
ALL_PLANS = 0
MAX_FLAGS = 12
NOT_STORED = (
    "By language and by school: not shown. Responses do not record the respondent's "
    "language or school (a survey import keeps the answers, audience and channel, not "
    "those columns), so commplan cannot tell who took part by language or school yet. "
    "One way today: make a separate audience for a group you must hear from (for "
    "example Spanish-speaking families) and log or import their responses under it."
)


def school_year_start(today: date) -> date:
    """July 1 of the school (and district fiscal) year that ``today`` falls in."""
    return date(today.year if today.month >= 7 else today.year - 1, 7, 1)


def period_range(
    choice: str, today: date, picked: Any = None
) -> tuple[date | None, date | None]:
    """The (since, until) of a period choice; "Choose dates" uses the date picker's
    value (one date while the second is being picked: from that day on)."""
    if choice == "Last 30 days":
        return today - timedelta(days=29), today
    if choice == "Last 90 days":
        return today - timedelta(days=89), today
    if choice == "This school year":
        return school_year_start(today), today
    if choice == "Choose dates" and picked:
        picked = tuple(picked) if isinstance(picked, list | tuple) else (picked,)
        return picked[0], picked[1] if len(picked) > 1 else None
    return None, None


def render(ctx) -> None:
    """The tab, from the Feedback page's context."""
    render_dashboards(ctx.workspace, ctx.audience_set, resources.store())


def render_dashboards(workspace, audience_set, store) -> None:
    names = {a.id: a.name for a in audience_set}
    st.caption(
        "Who you have heard from, against who your plans mean to hear from, and what "
        "they said by audience, channel, theme, sentiment and week. The filters apply "
        "to everything below."
    )
    try:
        with store.session() as s:
            plans = d.plan_names(s, workspace)
            stamp = d.data_stamp(s, workspace)
        used_channels, audiences_used = _options(store.url, workspace.id, stamp, store, workspace)
    except StoreError as exc:
        st.error(md(str(exc), lines=True))
        return
    audience_options = list(dict.fromkeys([*names, *audiences_used]))

    c1, c2, c3, c4 = st.columns([1.2, 1.4, 1.4, 1.4])
    choice = c1.selectbox("Received", PERIODS, key="dash_period")
    picked = None
    if choice == "Choose dates":
        today = date.today()
        st.session_state.setdefault("dash_range", (today - timedelta(days=29), today))
        picked = c1.date_input("Between", key="dash_range", format="YYYY-MM-DD")
    chosen_audiences = c2.multiselect(
        "Audiences", audience_options, format_func=lambda a: names.get(a, a),
        key="dash_audiences", placeholder="All audiences",
    )  # fmt: skip
    chosen_channels = c3.multiselect(
        "Channels", used_channels, format_func=lambda c: charts.label_of("channel", c),
        key="dash_channels", placeholder="All channels",
    )  # fmt: skip
    plan_ids = [ALL_PLANS, *plans]
    if st.session_state.get("dash_plan") not in plan_ids:
        st.session_state["dash_plan"] = ALL_PLANS
    plan_id = c4.selectbox(
        "Plan", plan_ids, format_func=lambda p: "All plans" if p == ALL_PLANS else plans[p],
        key="dash_plan",
    )  # fmt: skip
    since, until = period_range(choice, date.today(), picked)
    try:
        filters = d.Filters(
            since=since,
            until=until,
            audiences=tuple(chosen_audiences),
            channels=tuple(chosen_channels),
            plan_id=None if plan_id == ALL_PLANS else plan_id,
        )
    except ValueError as exc:
        st.error(md(f"Dates: {exc}. Pick the earlier date first."))
        return
    heard = d.Filters(  # participation: who answered at all, whatever the channel
        since=since, until=until, audiences=filters.audiences, plan_id=filters.plan_id
    )

    def counts(by: tuple[str, ...], f: d.Filters) -> list[tuple]:
        key = (f.since, f.until, f.audiences, f.channels, f.plan_id)
        return _counts(store.url, workspace.id, stamp, by, key, store, workspace)

    try:
        with store.session() as s:
            targets = d.listening_targets(
                s, workspace, plan_id=filters.plan_id, audiences=filters.audiences
            )
        cube = counts(d.CUBE, heard)  # one scan: every figure but themes and time
    except StoreError as exc:
        st.error(md(str(exc), lines=True))
        return
    by_plan = {(p, a): n for p, a, n in d.rollup(cube, d.CUBE, ["plan", "audience"])}
    by_channel = {
        (p, a, c): n for p, a, c, n in d.rollup(cube, d.CUBE, ["plan", "audience", "channel"])
    }
    if filters.channels:
        cube = [row for row in cube if row[d.CUBE.index("channel")] in filters.channels]
    total = sum(row[-1] for row in cube)

    _participation(participation(targets, by_plan, by_channel, names), bool(targets), audience_set)
    st.divider()
    st.subheader(f"What people said: {plural(total, 'response')}")
    if not total:
        st.info(
            "No responses match these filters. Widen the dates or clear a filter; or log a "
            "response or import a survey in the other tabs."
        )
        return
    try:
        key = (filters.since, filters.until, filters.audiences, filters.channels, filters.plan_id)
        themes = _themes(store.url, workspace.id, stamp, key, store, workspace)
    except StoreError as exc:
        st.error(md(str(exc), lines=True))
        return
    _over_time(counts, filters, names, plans)
    figures = {
        "audience": d.rollup(cube, d.CUBE, ["audience"]),
        "channel": d.rollup(cube, d.CUBE, ["channel"]),
        "sentiment_by_audience": d.rollup(cube, d.CUBE, ["audience", "sentiment"]),
        "status": d.rollup(cube, d.CUBE, ["status"]),
        "theme": themes,
    }
    _what_they_said(figures, names, lambda: counts(("theme", "sentiment"), filters))
    c1, c2 = st.columns([4, 1])
    c1.caption(
        "New and deleted responses show at once; a changed theme, sentiment or status "
        "within a minute, or now with Refresh."
    )
    if c2.button("Refresh", key="dash_refresh", icon=":material/refresh:"):
        _counts.clear()
        _themes.clear()
        st.rerun()


# Figures are cached per filter choice and data stamp (responses and highest id), so
# changing the chart options or coming back to the tab does not scan again.
@st.cache_data(ttl=60, max_entries=64, show_spinner=False)
def _counts(url, workspace_id, stamp, by, filters_key, _store, _workspace) -> list[tuple]:
    with _store.session() as s:
        return d.grouped_counts(s, _workspace, list(by), d.Filters(*filters_key))


@st.cache_data(ttl=60, max_entries=64, show_spinner=False)
def _themes(url, workspace_id, stamp, filters_key, _store, _workspace) -> list[tuple]:
    with _store.session() as s:
        return d.theme_counts(s, _workspace, d.Filters(*filters_key))


@st.cache_data(ttl=60, max_entries=16, show_spinner=False)
def _options(url, workspace_id, stamp, _store, _workspace) -> tuple[list[str], list[str]]:
    with _store.session() as s:
        return review.channel_names(s, _workspace), d.audience_keys(s, _workspace)


def _participation(groups, has_targets: bool, audience_set) -> None:
    st.subheader("Who took part")
    if not has_targets:
        st.info(
            "No plan has a listening loop yet, so there is no one to compare with. On the "
            "Plans page, give each audience a listening loop (a channel, questions, an "
            "owner, a cadence and a follow-up date)."
        )
    else:
        flagged = [g for g in groups if g.state != "ok"]
        if not flagged:
            st.success(
                f"Every planned audience has answered ({plural(len(groups), 'group')}), "
                "and through the channel planned for it."
            )
        for g in flagged[:MAX_FLAGS]:
            icon = ":material/person_off:" if g.state == "none" else ":material/warning:"
            st.warning(md(g.message), icon=icon)
        if len(flagged) > MAX_FLAGS:
            st.caption(f"{len(flagged) - MAX_FLAGS} more in the table below.")
        st.dataframe(
            charts.participation_table(groups),
            hide_index=True,
            width="stretch",
            key="dash_participation",
            column_config={
                "Share of the plan": st.column_config.NumberColumn(format="percent"),
                "Even share": st.column_config.NumberColumn(
                    format="percent",
                    help="What each audience would give if the plan's listening were even",
                ),
            },
        )
        st.caption(
            "Counted: responses linked to the plan, from the audience, in the dates chosen "
            "(the channel filter does not apply here). An audience is far below its share "
            "when it gave under a quarter of an even share, once the plan has 20 responses."
        )
    languages = sorted({lang for a in audience_set for lang in a.languages})
    listed = f" Your audience profiles list these languages: {', '.join(languages)}."
    st.caption(md(NOT_STORED + (listed if languages else "")))


SPLITS = {"audience": "Audience", "channel": "Channel", "sentiment": "Sentiment", "plan": "Plan"}


def _over_time(counts, filters: d.Filters, names: dict[str, str], plans) -> None:
    st.markdown("**Over time**")
    c1, c2 = st.columns(2)
    by = c1.segmented_control(
        "Count by", ["week", "month"], format_func=str.title, key="dash_by", default="week"
    ) or "week"
    split = c2.segmented_control(
        "Colour by", list(SPLITS), format_func=SPLITS.get, key="dash_split", default="audience"
    ) or "audience"
    try:
        rows = counts((by, split), filters)
    except StoreError as exc:
        st.error(md(str(exc), lines=True))
        return
    labels = names if split == "audience" else plans if split == "plan" else None
    st.altair_chart(charts.time_chart(rows, by=by, split=split, names=labels), width="stretch")


def _what_they_said(figures: dict[str, list], names: dict[str, str], by_theme) -> None:
    c1, c2 = st.columns(2)
    with c1:
        st.markdown("**By audience**")
        st.altair_chart(charts.count_chart("audience", figures["audience"], names),
                        width="stretch")  # fmt: skip
    with c2:
        st.markdown("**By channel**")
        st.altair_chart(charts.count_chart("channel", figures["channel"]), width="stretch")
    c1, c2 = st.columns(2)
    with c1:
        st.markdown("**By theme**")
        st.altair_chart(charts.count_chart("theme", figures["theme"]), width="stretch")
    with c2:
        st.markdown("**Sentiment by audience**")
        st.altair_chart(
            charts.sentiment_chart("audience", figures["sentiment_by_audience"], names),
            width="stretch",
        )
        if note := sentiment.accuracy_note():
            st.caption(md(note))
    # Counted only when asked for: every response joined to its themes is the
    # dashboard's slowest count (about a second at 100,000 responses).
    if st.toggle("Sentiment by theme", key="dash_theme_sentiment"):
        try:
            rows = by_theme()
        except StoreError as exc:
            st.error(md(str(exc), lines=True))
        else:
            st.altair_chart(charts.sentiment_chart("theme", rows), width="stretch")
    counted = dict(figures["status"])
    steps = [*charts.STATUS_NAMES, *(k for k in counted if k not in charts.STATUS_NAMES)]
    st.caption(
        "You said, we did: "
        + ", ".join(
            f"{md(charts.label_of('status', k))} {counted.get(k, 0):,}" for k in steps
        )
    )
