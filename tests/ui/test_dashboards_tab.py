"""The Feedback "Dashboards" tab in AppTest: who took part against the plans' listening
loops, the charts, the filters, and hostile text kept literal."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from streamlit.testing.v1 import AppTest

from commplan.store import Store
from commplan.store import records as r
from commplan.store.seed import EXAMPLE_PLAN
from commplan.store.workspaces import DEFAULT_WORKSPACE, get_workspace
from commplan.ui.feedback_tabs.dashboards import period_range, school_year_start
from tests.ui.conftest import shown

SCRIPT = """
from commplan.ui import resources, session
from commplan.ui.feedback_tabs import dashboards

workspace = session.workspace()
library, audience_set = resources.documents(workspace)
dashboards.render_dashboards(workspace, audience_set, resources.store())
"""
# The Feedback page calls render(ctx) with its context: anything with these attributes.
CTX_SCRIPT = """
from types import SimpleNamespace
from commplan.ui import resources, session
from commplan.ui.feedback_tabs import dashboards

workspace = session.workspace()
library, audience_set = resources.documents(workspace)
dashboards.render(SimpleNamespace(workspace=workspace, audience_set=audience_set))
"""
HOSTILE = "<img src=x onerror=alert(1)> **bold** [link](http://x.test) :red[x]"


def run(script: str = SCRIPT) -> AppTest:
    return AppTest.from_string(script, default_timeout=90).run()


@pytest.fixture
def seeded(database):
    store = Store(database)
    store.upgrade()
    today = date.today()
    with store.session() as s:
        workspace = get_workspace(s, DEFAULT_WORKSPACE)
        plan = next(p for p in r.list_plans(s, workspace) if p.name == EXAMPLE_PLAN)
        for i in range(6):
            r.add_response(
                s, workspace, "ana", audience_key="educators",
                received_on=today - timedelta(days=3 * i), channel="short staff pulse survey",
                themes=["planning time"] if i % 2 else [], sentiment="positive" if i else None,
                answers=[("How is it going?", f"Answer {i}")], plan_id=plan.id,
            )  # fmt: skip
        r.add_response(
            s, workspace, "ana", audience_key="families", received_on=today - timedelta(days=200),
            channel=HOSTILE, themes=[HOSTILE], answers=[("?", "Not linked to a plan")],
            sentiment="negative",
        )  # fmt: skip
    store.dispose()
    return plan.id


def warnings_of(at: AppTest) -> list[str]:
    return [shown(w.value) for w in at.warning]


def test_planned_groups_not_heard_from_are_named(seeded):
    at = run()
    assert not at.exception
    assert (
        f"No responses yet from Families and caregivers (planned in '{EXAMPLE_PLAN}', "
        "through family listening session). 1 response from Families and caregivers is not "
        "linked to any plan."
    ) in warnings_of(at)
    assert not any("Teachers and school staff" in w for w in warnings_of(at))  # they answered
    (table,) = [df.value for df in at.dataframe]
    row = table.set_index("Audience").loc["Teachers and school staff"]
    assert row["Responses"] == 6 and row["Through that channel"] == 6
    assert "language or school" in " ".join(shown(c.value) for c in at.caption)
    assert [shown(h.value) for h in at.subheader][-1] == "What people said: 7 responses"
    assert len(at.get("vega_lite_chart")) >= 5  # time, audience, channel, theme, sentiment


def test_filters_narrow_the_figures(seeded):
    at = run()
    at.selectbox(key="dash_period").select("Last 30 days").run()
    assert not at.exception
    assert [shown(h.value) for h in at.subheader][-1] == "What people said: 6 responses"
    at.multiselect(key="dash_audiences").select("families").run()
    assert [shown(h.value) for h in at.subheader][-1] == "What people said: 0 responses"
    assert any("No responses match these filters" in i.value for i in at.info)
    at.selectbox(key="dash_period").select("All dates").run()
    at.multiselect(key="dash_audiences").unselect("families").run()
    at.selectbox(key="dash_plan").select(seeded).run()
    assert [shown(h.value) for h in at.subheader][-1] == "What people said: 6 responses"
    at.selectbox(key="dash_period").select("Choose dates").run()
    assert not at.exception
    assert at.date_input(key="dash_range").value is not None


def time_spec(at: AppTest) -> dict:
    specs = [json.loads(c.proto.spec) for c in at.get("vega_lite_chart")]
    (spec,) = [x for x in specs if x.get("encoding", {}).get("x", {}).get("field") == "Period"]
    return spec


def test_over_time_by_week_or_month_and_coloured_by_choice(seeded):
    at = run()
    spec = time_spec(at)
    assert spec["encoding"]["x"]["title"] == "Week of (Monday)"
    assert spec["encoding"]["color"]["field"] == "Audience"
    assert [b.proto.label for b in at.get("button_group")] == ["Count by", "Colour by"]
    at.session_state["dash_by"] = "month"
    at.session_state["dash_split"] = "sentiment"
    at.run()
    assert not at.exception
    spec = time_spec(at)
    assert spec["encoding"]["x"]["title"] == "Month"
    assert spec["encoding"]["color"]["field"] == "Sentiment"


def test_hostile_text_stays_literal(seeded):
    at = run()
    assert not at.exception
    rendered = [m.value for m in (*at.markdown, *at.caption, *at.warning, *at.info)]
    assert not any("<img" in m for m in rendered)
    assert not any("[link](" in m for m in rendered)


def test_empty_workspace_says_what_to_do(database):
    at = run(CTX_SCRIPT)
    assert not at.exception
    assert any("No responses match these filters" in i.value for i in at.info)
    flagged = warnings_of(at)
    assert any(w.startswith("No responses yet from Teachers and school staff") for w in flagged)


def test_period_choices():
    today = date(2026, 3, 15)
    assert school_year_start(today) == date(2025, 7, 1)
    assert school_year_start(date(2026, 8, 20)) == date(2026, 7, 1)
    assert period_range("This school year", today) == (date(2025, 7, 1), today)
    assert period_range("Last 30 days", today) == (date(2026, 2, 14), today)
    assert period_range("All dates", today) == (None, None)
    one = date(2026, 1, 2)
    assert period_range("Choose dates", today, (one,)) == (one, None)
    assert period_range("Choose dates", today, (one, today)) == (one, today)


def test_new_responses_show_at_once_and_edits_after_refresh(seeded, database):
    at = run()
    assert [shown(h.value) for h in at.subheader][-1] == "What people said: 7 responses"
    store = Store(database)
    with store.session() as s:
        workspace = get_workspace(s, DEFAULT_WORKSPACE)
        added = r.add_response(
            s, workspace, "ana", audience_key="students", received_on=date.today(),
            answers=[("?", "New one")],
        )  # fmt: skip
    at.run()
    assert [shown(h.value) for h in at.subheader][-1] == "What people said: 8 responses"

    def said(at):
        return next(shown(c.value) for c in at.caption if c.value.startswith("You said"))

    assert said(at) == "You said, we did: Heard 8, Decided 0, Told back 0"
    with store.session() as s:
        r.set_response_status(s, added.id, "told_back", "ana")
    store.dispose()
    at.button(key="dash_refresh").click().run()
    assert not at.exception
    assert said(at) == "You said, we did: Heard 7, Decided 0, Told back 1"


def test_sentiment_by_theme_is_counted_when_asked_for(seeded):
    at = run()
    assert not at.exception
    before = len(at.get("vega_lite_chart"))
    toggle = at.toggle(key="dash_theme_sentiment")
    assert toggle.value is False and toggle.label == "Sentiment by theme"
    toggle.set_value(True).run()
    assert not at.exception
    assert len(at.get("vega_lite_chart")) == before + 1
    # The by-theme chart counts every response once per theme, the untagged too.
    rows = json.dumps([c.proto.spec for c in at.get("vega_lite_chart")])
    assert "planning time" in rows and "Not yet themed" in rows
