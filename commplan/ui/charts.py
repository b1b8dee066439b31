"""Altair charts for the pages (no Streamlit here, so they are tested directly)."""

from __future__ import annotations

import altair as alt
import pandas as pd

from commplan.feedback import variants


def message_test_chart(result: variants.TestResult) -> alt.Chart:
    """Each variant's mean rating (or share who acted) by audience, with its 95% CI.

    The axis is the outcome's own scale (ratings 0-5, actions 0-100%), and groups
    too small to tell have no interval: a t interval on two ratings runs far past the
    scale and would squash every other bar."""
    rating = result.kind == "rating"
    data = pd.DataFrame(
        [
            {
                "Audience": "All" if g.audience is None else result.audience_name(g.audience),
                "Variant": g.variant,
                "Estimate": g.estimate,
                "Low": g.ci.low if g.ci and not g.too_few else None,
                "High": g.ci.high if g.ci and not g.too_few else None,
                "n": g.n,
            }
            for g in result.groups
            if g.estimate is not None
        ]
    )
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
