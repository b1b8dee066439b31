"""Dashboard charts as Vega-Lite specs: labels in plain words, numbers on the bars,
sentiment in a fixed order and palette, empty periods kept."""

from __future__ import annotations

from datetime import date

import pytest

from commplan.feedback.participation import participation
from commplan.ui.dashboard_charts import (
    SENTIMENT_COLOURS,
    count_chart,
    count_table,
    label_of,
    participation_table,
    sentiment_chart,
    time_chart,
)

NAMES = {"families": "Families and caregivers", "educators": "Teachers and staff"}


def rows_of(spec: dict) -> list[dict]:
    (rows,) = spec["datasets"].values()
    return rows


def test_empty_values_have_plain_names():
    assert label_of("theme", None) == "Not yet themed"
    assert label_of("channel", "") == "No channel recorded"
    assert label_of("sentiment", None) == "Not analysed"
    assert label_of("plan", None) == "Not linked to a plan"
    assert label_of("plan", 3, {3: "Back to school"}) == "Back to school"
    assert label_of("status", "told_back") == "Told back"
    assert label_of("audience", "board") == "board"


def test_count_chart_sorts_by_responses_and_writes_each_number():
    counts = [("families", 3), ("educators", 9), ("students", 3)]
    spec = count_chart("audience", counts, NAMES).to_dict()
    bars, text = spec["layer"]
    assert bars["encoding"]["y"]["sort"] == ["Teachers and staff", "Families and caregivers",
                                             "students"]  # fmt: skip
    assert text["mark"]["type"] == "text" and text["encoding"]["text"]["field"] == "Responses"
    assert [r["Responses"] for r in rows_of(spec)] == [9, 3, 3]
    assert spec["height"] == {"step": 26}  # each bar keeps its room (a label per bar)


def test_count_chart_folds_the_long_tail_into_other():
    counts = [(f"theme {i:02}", 100 - i) for i in range(30)] + [(None, 1)]
    rows = rows_of(count_chart("theme", counts, top=5).to_dict())
    assert [r["Theme"] for r in rows] == [
        "theme 00", "theme 01", "theme 02", "theme 03", "Other (27 more)"
    ]  # fmt: skip
    assert sum(r["Responses"] for r in rows) == sum(n for _, n in counts)


def test_same_label_twice_is_summed():
    table = count_table("audience", [("a", 2), ("b", 3)], {"a": "Families", "b": "Families"})
    assert table.to_dict("records") == [{"Audience": "Families", "Responses": 5}]


def test_sentiment_is_a_share_of_each_group_in_a_fixed_order():
    rows = [
        ("families", "positive", 3), ("families", "negative", 1),
        ("educators", None, 2), ("educators", "mixed", 6),
    ]  # fmt: skip
    spec = sentiment_chart("audience", rows, NAMES).to_dict()
    enc = spec["encoding"]
    assert enc["x"]["stack"] == "normalize"
    assert enc["color"]["scale"]["domain"] == [
        "Negative", "Mixed", "Neutral", "Positive", "Can't judge (not English)", "Not analysed"
    ]  # fmt: skip
    assert enc["color"]["scale"]["range"] == list(SENTIMENT_COLOURS)
    assert enc["y"]["sort"] == ["Teachers and staff (8)", "Families and caregivers (4)"]
    assert spec["height"] == {"step": 30}
    shares = {(r["Group"], r["Sentiment"]): r["Share"] for r in rows_of(spec)}
    assert shares[("Families and caregivers (4)", "Positive")] == 0.75
    assert shares[("Teachers and staff (8)", "Not analysed")] == 0.25


def test_time_chart_keeps_empty_weeks_and_months():
    weekly = [(date(2026, 9, 28), "families", 2), (date(2026, 10, 19), "educators", 1)]
    spec = time_chart(weekly, by="week", split="audience", names=NAMES).to_dict()
    assert spec["encoding"]["x"]["scale"]["domain"] == ["Sep 28", "Oct 5", "Oct 12", "Oct 19"]
    assert {r["Audience"] for r in rows_of(spec)} == {"Families and caregivers",
                                                      "Teachers and staff"}  # fmt: skip
    monthly = [("2025-11", "positive", 2), ("2026-02", None, 1)]
    spec = time_chart(monthly, by="month", split="sentiment").to_dict()
    assert spec["encoding"]["x"]["scale"]["domain"] == [
        "Nov 2025", "Dec 2025", "Jan 2026", "Feb 2026"
    ]  # fmt: skip
    assert spec["encoding"]["color"]["scale"]["range"] == list(SENTIMENT_COLOURS)
    with pytest.raises(ValueError, match="by must be 'week' or 'month'"):
        time_chart(weekly, by="day")


def test_participation_table_says_what_to_look_at():
    class T:
        def __init__(self, audience):
            self.plan_id, self.plan_name, self.plan_status = 1, "Back to school", "active"
            self.audience, self.channel, self.next_follow_up = audience, "survey", None

    groups = participation(
        [T("families"), T("educators")], {(1, "educators"): 2}, {(1, "educators", "survey"): 2},
        NAMES,
    )  # fmt: skip
    table = participation_table(groups)
    assert table.to_dict("records")[0] == {
        "Plan": "Back to school", "Audience": "Families and caregivers",
        "Planned channel": "survey", "Responses": 0, "Through that channel": 0,
        "Share of the plan": 0.0, "Even share": 0.5, "Look at": "Not heard from yet",
    }  # fmt: skip
    assert table["Look at"].tolist()[1] == ""
