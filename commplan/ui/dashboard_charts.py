"""Altair charts for the listening dashboards (no Streamlit here: tested as specs).

Each chart takes the counts the store's GROUP BY queries return
(``commplan.store.dashboards.grouped_counts``) and the display names; every bar
carries its number as text too, so colour is never the only cue.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta
from typing import Any

import altair as alt
import pandas as pd

from commplan.ui.charts import week_label

SENTIMENT_ORDER = ("negative", "mixed", "neutral", "positive", "unknown", None)
SENTIMENT_NAMES = {
    "negative": "Negative",
    "mixed": "Mixed",
    "neutral": "Neutral",
    "positive": "Positive",
    "unknown": "Can't judge (not English)",
    None: "Not analysed",
}
# Blue/orange diverging, distinguishable with the common colour-vision deficiencies;
# "can't judge" hatched-looking dark grey, "not analysed" near white.
SENTIMENT_COLOURS = ("#d95f02", "#fdb863", "#bdbdbd", "#1b7fbd", "#737373", "#eeeeee")
DIMENSION_TITLES = {
    "audience": "Audience",
    "channel": "Channel",
    "theme": "Theme",
    "sentiment": "Sentiment",
    "status": "You said, we did",
    "plan": "Plan",
}
STATUS_NAMES = {"heard": "Heard", "decided": "Decided", "told_back": "Told back"}


def label_of(dimension: str, value: Any, names: Mapping[Any, str] | None = None) -> str:
    """What a counted value is called on screen: audience and plan names, and plain
    words for the empty values ("Not yet themed", "No channel recorded"...)."""
    names = names or {}
    if dimension == "theme" and value is None:
        return "Not yet themed"
    if dimension == "channel" and not value:
        return "No channel recorded"
    if dimension == "sentiment":
        return SENTIMENT_NAMES.get(value, str(value))
    if dimension == "status":
        return STATUS_NAMES.get(value, str(value))
    if dimension == "plan" and value is None:
        return "Not linked to a plan"
    return names.get(value, str(value))


def count_table(
    dimension: str, counts: Iterable[tuple[Any, int]], names: Mapping[Any, str] | None = None
) -> pd.DataFrame:
    """(value, responses) as a table with display labels, most responses first; the
    same label twice (e.g. two audiences named alike) is summed, not shown twice."""
    rows: dict[str, int] = {}
    for value, count in counts:
        label = label_of(dimension, value, names)
        rows[label] = rows.get(label, 0) + count
    title = DIMENSION_TITLES.get(dimension, dimension.title())
    ordered = sorted(rows.items(), key=lambda kv: (-kv[1], kv[0].casefold()))
    return pd.DataFrame(ordered, columns=[title, "Responses"])


def count_chart(
    dimension: str,
    counts: Iterable[tuple[Any, int]],
    names: Mapping[Any, str] | None = None,
    *,
    top: int = 15,
) -> alt.Chart:
    """Horizontal bars, most responses first, each with its number; beyond ``top``
    bars the rest are summed as "Other (n more)"."""
    table = count_table(dimension, counts, names)
    title = table.columns[0]
    if len(table) > top:
        rest = table.iloc[top - 1 :]
        table = pd.concat(
            [
                table.iloc[: top - 1],
                pd.DataFrame(
                    [[f"Other ({len(rest)} more)", int(rest["Responses"].sum())]],
                    columns=table.columns,
                ),
            ],
            ignore_index=True,
        )
    order = list(table[title])
    y = alt.Y(f"{title}:N", sort=order, title=None, axis=alt.Axis(labelLimit=260))
    base = alt.Chart(table).encode(y=y, x=alt.X("Responses:Q", axis=alt.Axis(tickMinStep=1)))
    bars = base.mark_bar(color="#1b7fbd").encode(tooltip=[f"{title}:N", "Responses:Q"])
    text = base.mark_text(align="left", dx=3).encode(text="Responses:Q")
    # A step per bar, not a fixed height: in Streamlit a fixed height squeezed the bars
    # until labels were dropped.
    return (bars + text).properties(height=alt.Step(26))


def sentiment_chart(
    dimension: str, rows: Iterable[tuple[Any, Any, int]], names: Mapping[Any, str] | None = None
) -> alt.Chart:
    """Each group's responses split by sentiment, as shares of the group (100% bars,
    a fixed order from negative to positive); the counts are in the tooltip and the
    group's total in its label."""
    records = []
    totals: dict[str, int] = {}
    for group, sentiment, count in rows:
        label = label_of(dimension, group, names)
        totals[label] = totals.get(label, 0) + count
        records.append((label, sentiment, count))
    data = pd.DataFrame(
        [
            {
                "Group": f"{label} ({totals[label]:,})",
                "Sentiment": SENTIMENT_NAMES.get(sentiment, str(sentiment)),
                "Order": SENTIMENT_ORDER.index(sentiment) if sentiment in SENTIMENT_ORDER else 9,
                "Responses": count,
                "Share": count / totals[label] if totals[label] else 0.0,
            }
            for label, sentiment, count in records
        ]
    )
    order = [f"{k} ({v:,})" for k, v in sorted(totals.items(), key=lambda kv: -kv[1])]
    names_in_order = [SENTIMENT_NAMES[s] for s in SENTIMENT_ORDER]
    return (
        alt.Chart(data)
        .mark_bar(stroke="white", strokeWidth=1)
        .encode(
            y=alt.Y("Group:N", sort=order, title=None, axis=alt.Axis(labelLimit=260)),
            x=alt.X(
                "sum(Share):Q", stack="normalize", title="Share of responses",
                axis=alt.Axis(format=".0%"),
            ),
            color=alt.Color(
                "Sentiment:N",
                scale=alt.Scale(domain=names_in_order, range=list(SENTIMENT_COLOURS)),
                legend=alt.Legend(title="Sentiment", orient="bottom"),
            ),
            order=alt.Order("Order:Q"),
            tooltip=[
                alt.Tooltip("Group:N", title=DIMENSION_TITLES.get(dimension, dimension)),
                "Sentiment:N",
                "Responses:Q",
                alt.Tooltip("Share:Q", format=".0%"),
            ],
        )
        .properties(height=alt.Step(30))
    )


def _periods(first: date, last: date, by: str) -> list[date]:
    if by == "week":
        return [first + timedelta(days=7 * i) for i in range((last - first).days // 7 + 1)]
    out, y, m = [], first.year, first.month
    while (y, m) <= (last.year, last.month):
        out.append(date(y, m, 1))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def _period(value: Any, by: str) -> date:
    if by == "month":
        if isinstance(value, date):
            return value.replace(day=1)
        year, month = str(value).split("-")[:2]
        return date(int(year), int(month), 1)
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def time_chart(
    rows: Sequence[tuple[Any, Any, int]],
    *,
    by: str = "week",
    split: str = "audience",
    names: Mapping[Any, str] | None = None,
) -> alt.Chart:
    """Stacked bars of responses per week (Monday) or month, one colour per value of
    ``split``; periods with no responses keep their place on the axis."""
    if by not in ("week", "month"):
        raise ValueError(f"time_chart: by must be 'week' or 'month', not {by!r}")
    periods = [(_period(p, by), s, n) for p, s, n in rows]
    first, last = min(p for p, _, _ in periods), max(p for p, _, _ in periods)
    many_years = first.year != last.year

    def label(day: date) -> str:
        if by == "month":
            return f"{day:%b %Y}" if many_years else f"{day:%b}"
        return week_label(day, many_years)

    domain = [label(p) for p in _periods(first, last, by)]
    title = DIMENSION_TITLES.get(split, split.title())
    data = pd.DataFrame(
        [
            {
                "Period": label(p),
                "Starting": p.isoformat(),
                title: label_of(split, s, names),
                "Responses": n,
            }
            for p, s, n in periods
        ]
    )
    if split == "sentiment":
        colour = alt.Color(
            f"{title}:N",
            scale=alt.Scale(
                domain=[SENTIMENT_NAMES[s] for s in SENTIMENT_ORDER], range=list(SENTIMENT_COLOURS)
            ),
        )
    else:
        colour = alt.Color(f"{title}:N")
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X(
                "Period:O",
                title="Week of (Monday)" if by == "week" else "Month",
                scale=alt.Scale(domain=domain),
                axis=alt.Axis(labelAngle=-45),
            ),
            y=alt.Y(
                "sum(Responses):Q", title="Responses", stack="zero",
                axis=alt.Axis(tickMinStep=1, format="d"),
            ),
            color=colour,
            tooltip=[
                alt.Tooltip("Starting:N"),
                alt.Tooltip(f"{title}:N"),
                alt.Tooltip("sum(Responses):Q", title="Responses"),
            ],
        )
        .properties(height=280)
    )


def participation_table(groups: Iterable[Any]) -> pd.DataFrame:
    """One row per planned group (``participation`` results): plan, audience, the
    planned channel, responses, share of the plan against an even share, and what
    to look at."""
    state_words = {
        "none": "Not heard from yet",
        "low": "Far below an even share",
        "channel": "Not through the planned channel",
        "ok": "",
    }
    return pd.DataFrame(
        [
            {
                "Plan": g.plan_name,
                "Audience": g.audience_name,
                "Planned channel": g.channel,
                "Responses": g.responses,
                "Through that channel": g.through_channel,
                "Share of the plan": g.share,
                "Even share": g.even_share,
                "Look at": state_words[g.state],
            }
            for g in groups
        ],
        columns=[
            "Plan", "Audience", "Planned channel", "Responses", "Through that channel",
            "Share of the plan", "Even share", "Look at",
        ],
    )  # fmt: skip
