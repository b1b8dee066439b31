"""The review and message-test charts: empty weeks keep their place; message tests stay
on the outcome's own scale, with no interval for groups too small to tell."""

from __future__ import annotations

from datetime import date

import pandas as pd

from commplan.feedback import variants
from commplan.ui.charts import message_test_chart, message_test_table, weekly_chart


def spec_and_rows(kind: str, outcomes):
    result = variants.analyse(kind, "A", outcomes, audience_names={"families": "Families"})
    spec = message_test_chart(result).to_dict()
    (rows,) = spec["datasets"].values()
    return spec, {(r["Audience"], r["Variant"]): r for r in rows}


def test_rating_chart_stays_on_the_rating_scale():
    outcomes = [("A", "families", 3 + i % 2) for i in range(20)]
    outcomes += [("B", "families", 4 + i % 2) for i in range(20)]
    outcomes += [("A", "policymakers", 4), ("B", "policymakers", 2), ("B", "policymakers", 5)]
    spec, rows = spec_and_rows("rating", outcomes)
    bars, intervals = spec["layer"]
    assert bars["encoding"]["y"]["scale"] == {"domain": [0, 5], "clamp": True}
    assert bars["encoding"]["x"]["axis"]["labelAngle"] == 0
    # Three policymakers: an estimate, but no interval drawn.
    assert rows[("policymakers", "B")]["Estimate"] == 3.5
    assert rows[("policymakers", "B")]["Low"] is None
    assert rows[("Families", "A")]["Low"] < 3.5 < rows[("Families", "A")]["High"] < 4
    assert 4 < rows[("Families", "B")]["Low"] < 4.5
    assert intervals["mark"]["color"] == "black"


def test_action_chart_is_a_share_from_0_to_100_percent():
    outcomes = [("A", "families", i % 2) for i in range(30)]
    outcomes += [("B", "families", int(i % 4 != 0)) for i in range(30)]
    spec, rows = spec_and_rows("action", outcomes)
    bars = spec["layer"][0]
    assert bars["encoding"]["y"]["scale"]["domain"] == [0, 1]
    assert bars["encoding"]["y"]["axis"]["format"] == ".0%"
    assert 0 <= rows[("Families", "B")]["Low"] < rows[("Families", "B")]["High"] <= 1


def test_table_leaves_out_intervals_for_groups_too_small():
    outcomes = [("A", "families", 3 + i % 2) for i in range(12)]
    outcomes += [("B", "families", 4 + i % 2) for i in range(12)] + [("B", "policymakers", 2)]
    result = variants.analyse("rating", "A", outcomes, audience_names={"families": "Families"})
    table = message_test_table(result).set_index(["Audience", "Variant"])
    assert table.loc[("Families", "B"), "95% CI low"] > 4
    tiny = table.loc[("policymakers", "B")]
    assert tiny["Too few"] and pd.isna(tiny["95% CI low"]) and pd.isna(tiny["95% CI high"])


def test_weekly_chart_keeps_empty_weeks_and_names_audiences():
    weekly = [("families", date(2026, 10, 5), 2), ("educators", date(2026, 10, 19), 1)]
    spec = weekly_chart(weekly, {"families": "Families and caregivers"}).to_dict()
    assert spec["encoding"]["x"]["scale"]["domain"] == ["Oct 5", "Oct 12", "Oct 19"]
    (rows,) = spec["datasets"].values()
    assert [(r["Audience"], r["Responses"]) for r in rows] == [
        ("Families and caregivers", 2),
        ("educators", 1),
    ]
    across_years = [("families", date(2025, 12, 29), 1), ("families", date(2026, 1, 5), 1)]
    labels = weekly_chart(across_years, {}).to_dict()["encoding"]["x"]["scale"]["domain"]
    assert labels == ["Dec 29, 2025", "Jan 5, 2026"]
