"""Altair charts for the pages (no Streamlit here, so they are tested directly)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import altair as alt
import pandas as pd

from commplan.feedback import variants


def message_test_table(result: variants.TestResult) -> pd.DataFrame:
    """One row per variant, overall and per audience. Groups too small to tell have
    no interval: it would only mislead (two ratings give -2.9 to 9.9)."""
    return pd.DataFrame(
        [
            {
                "Variant": g.variant,
                "Audience": "All" if g.audience is None else result.audience_name(g.audience),
                "n": g.n,
                "Estimate": g.estimate,
                "95% CI low": g.ci.low if g.ci and not g.too_few else None,
                "95% CI high": g.ci.high if g.ci and not g.too_few else None,
                "Too few": g.too_few,
            }
            for g in result.groups
        ]
    )


def message_test_chart(result: variants.TestResult) -> alt.Chart:
    """Each variant's mean rating (or share who acted) by audience, with its 95% CI,
    on the outcome's own scale (ratings 0-5, actions 0-100%); groups too small to
    tell have no interval, which would also squash every other bar."""
    rating = result.kind == "rating"
    table = message_test_table(result)
    data = table[table["Estimate"].notna()].rename(
        columns={"95% CI low": "Low", "95% CI high": "High"}
    )[["Audience", "Variant", "Estimate", "Low", "High", "n"]]
    scale = alt.Scale(domain=[0, 5] if rating else [0, 1], clamp=True)
    axis = alt.Axis(format=".1f" if rating else ".0%")
    x = alt.X("Audience:N", title=None, sort=None, axis=alt.Axis(labelAngle=0, labelLimit=240))
    offset = alt.XOffset("Variant:N", sort=result.variants)
    bars = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=x,
            xOffset=offset,
            color=alt.Color("Variant:N", sort=result.variants),
            y=alt.Y(
                "Estimate:Q",
                title="Mean rating" if rating else "Share who acted",
                scale=scale,
                axis=axis,
            ),
            tooltip=[
                "Audience:N",
                "Variant:N",
                "n:Q",
                alt.Tooltip("Estimate:Q", format=".2f" if rating else ".0%"),
                alt.Tooltip("Low:Q", title="95% CI low", format=".2f" if rating else ".0%"),
                alt.Tooltip("High:Q", title="95% CI high", format=".2f" if rating else ".0%"),
            ],
        )
    )
    intervals = (
        alt.Chart(data)
        .transform_filter("isValid(datum.Low)")
        .mark_rule(color="black", strokeWidth=2)
        .encode(x=x, xOffset=offset, y=alt.Y("Low:Q", scale=scale), y2="High:Q")
    )
    return (bars + intervals).properties(height=300)


def week_label(week: date, many_years: bool) -> str:
    return f"{week:%b} {week.day}, {week.year}" if many_years else f"{week:%b} {week.day}"


def weekly_chart(
    weekly: list[tuple[str, date, int]], audience_names: Mapping[str, str]
) -> alt.Chart:
    """Stacked bars: responses per week (Monday), one colour per audience. Weeks
    with no responses keep their place on the axis."""
    first, last = min(w for _, w, _ in weekly), max(w for _, w, _ in weekly)
    weeks = pd.date_range(first, last, freq="7D").date
    many_years = first.year != last.year
    labels = [week_label(w, many_years) for w in weeks]
    data = pd.DataFrame(
        [
            {
                "Week": week_label(week, many_years),
                "Week of": week.isoformat(),
                "Audience": audience_names.get(audience, audience),
                "Responses": count,
            }
            for audience, week, count in weekly
        ]
    )
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X(
                "Week:O",
                title="Week of (Monday)",
                scale=alt.Scale(domain=labels),
                axis=alt.Axis(labelAngle=-45),
            ),
            y=alt.Y(
                "sum(Responses):Q",
                title="Responses",
                stack="zero",
                axis=alt.Axis(tickMinStep=1, format="d"),
            ),
            color=alt.Color("Audience:N", title="Audience"),
            tooltip=[
                alt.Tooltip("Week of:N"),
                alt.Tooltip("Audience:N"),
                alt.Tooltip("sum(Responses):Q", title="Responses"),
            ],
        )
        .properties(height=280)
    )
