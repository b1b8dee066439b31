"""Staff see how far to trust the sentiment (issue 12): one line where it is shown,
on the Review tab and under the Dashboards sentiment chart, with the figure the eval
script measured (commplan/feedback/accuracy.json), not a number typed in twice."""

from __future__ import annotations

from datetime import date

from commplan.feedback import sentiment
from commplan.store import Store
from commplan.store import records as r
from commplan.store.workspaces import DEFAULT_WORKSPACE, get_workspace
from tests.ui.conftest import shown
from tests.ui.test_dashboards_tab import run
from tests.ui.test_feedback_page import open_tab


def seed(database):
    store = Store(database)
    store.upgrade()
    with store.session() as s:
        workspace = get_workspace(s, DEFAULT_WORKSPACE)
        r.add_response(
            s, workspace, "ana", audience_key="families", received_on=date.today(),
            answers=[("?", "The new start times are a nightmare.")], sentiment="negative",
        )  # fmt: skip
    store.dispose()


def expected() -> str:
    figures = sentiment.measured()
    return f"on {figures['comments']:,} test comments it matched a careful human reader " \
        f"{figures['exact']:.0%} of the time"  # fmt: skip


def captions(at) -> list[str]:
    return [shown(c.value) for c in at.caption]


def test_review_tab_says_how_accurate_sentiment_is(page, database):
    seed(database)
    at = open_tab(page("feedback"), "Review")
    assert not at.exception
    assert any(expected() in c for c in captions(at)), captions(at)


def test_dashboards_say_how_accurate_sentiment_is(database):
    seed(database)
    at = run()
    assert not at.exception
    assert any(expected() in c for c in captions(at)), captions(at)


def test_the_note_follows_the_measured_figure(monkeypatch):
    monkeypatch.setattr(sentiment, "measured", lambda: {"comments": 1200, "exact": 0.5})
    assert "on 1,200 test comments" in sentiment.accuracy_note()
    assert "50% of the time" in sentiment.accuracy_note()
    monkeypatch.setattr(sentiment, "measured", lambda: {})
    assert sentiment.accuracy_note() == ""
