"""``dashboards.theme_counts``: the by-theme figure, from the themes alone when there
is no filter, equal to the GROUP BY over every response joined to its themes."""

from __future__ import annotations

from datetime import date, timedelta

from commplan.store import dashboards as d
from commplan.store import records as r
from commplan.store.workspaces import create_workspace


def _none_first(rows):
    return sorted(rows, key=lambda row: (row[0] is not None, row[0] or ""))


def test_theme_counts_equal_the_grouped_counts(store, workspace):
    with store.session() as s:
        other = create_workspace(s, "Another district", "ana")
        for ws, n in ((workspace, 30), (other, 7)):
            r.bulk_add_responses(
                s, ws, "ana",
                [
                    {
                        "audience_key": ("families", "students")[i % 2],
                        "received_on": date(2026, 3, 2) + timedelta(days=i),
                        "answers": [("Q", f"answer {i}")],
                        "themes": [["bus"], [], ["bus", "lunch"], ["lunch"], []][i % 5],
                        "external_id": f"R_{i}",
                    }
                    for i in range(n)
                ],
            )  # fmt: skip
    with store.session() as s:
        for filters in (
            d.Filters(),
            d.Filters(audiences=("families",)),
            d.Filters(since=date(2026, 3, 10)),
        ):
            expected = _none_first(d.grouped_counts(s, workspace, ["theme"], filters))
            assert d.theme_counts(s, workspace, filters) == expected
        assert d.theme_counts(s, workspace) == [(None, 12), ("bus", 12), ("lunch", 12)]
        assert d.theme_counts(s, other) == [(None, 3), ("bus", 3), ("lunch", 2)]
        empty = create_workspace(s, "Nobody yet", "ana")
        assert d.theme_counts(s, empty) == []
