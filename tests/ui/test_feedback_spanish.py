"""Spanish feedback on the Feedback page (issue 13): logged, recognised as Spanish,
and shown as "can't judge" with the reason, never "not analysed yet" or neutral."""

from __future__ import annotations

from commplan.store import records as r
from commplan.store.workspaces import DEFAULT_WORKSPACE, get_workspace
from tests.ui.conftest import shown
from tests.ui.test_feedback_page import add, db, open_tab, saved, table  # noqa: F401

SPANISH = "El autobús pasa muy temprano y a veces no pasa. Mi hija ha perdido clases."


def test_spanish_feedback_logged_on_the_page_says_it_cannot_be_judged(page, db):  # noqa: F811
    at = page("feedback")
    at.selectbox(key="log_audience").set_value("families").run()
    at.text_area(key="log_answer").input(SPANISH)
    at.button(key="log_submit").click().run()
    assert not at.exception and not at.error
    said = shown(at.success[0].value)
    assert "sentiment: can't judge (written in Spanish" in said
    with db.session() as s:
        (found,) = r.list_responses(s, get_workspace(s, DEFAULT_WORKSPACE))
        assert found.sentiment == "unknown"

    review = table(open_tab(at, "Review"))
    assert review.iloc[0]["Sentiment"].startswith("can't judge: Written in Spanish")

    at = open_tab(at, "You said, we did")
    box = at.selectbox(key=f"loop_sentiment_{found.id}")
    assert box.format_func(box.value).startswith("can't judge: Written in Spanish")
    assert "not analysed yet" not in [box.format_func(o) for o in box.options][:1]


def test_saving_a_card_keeps_unknown_unless_staff_choose_a_label(page, db):  # noqa: F811
    rid = add(db, "families", SPANISH)
    with db.session() as s:
        from commplan.feedback.analysis import analyse_responses
        from message_library import load_default_library

        analyse_responses(s, get_workspace(s, DEFAULT_WORKSPACE), load_default_library())
    at = open_tab(page("feedback"), "You said, we did")
    at.selectbox(key=f"loop_status_{rid}").set_value("decided")
    at.button(key=f"loop_save_{rid}").click().run()
    assert not at.exception and not at.error
    assert saved(db, rid).sentiment == "unknown"
    at.selectbox(key=f"loop_sentiment_{rid}").set_value("negative")
    at.button(key=f"loop_save_{rid}").click().run()
    response = saved(db, rid)
    assert response.sentiment == "negative" and response.sentiment_reviewed
