"""The Feedback page, headless: log, review, download, and "you said, we did".

Only the chosen tab runs; ``open_tab`` chooses one as a click on it does."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pandas as pd
import pytest
from streamlit import dataframe_util
from streamlit.runtime.media_file_manager import MediaFileManager

from commplan.store import Store
from commplan.store import records as r
from commplan.store.workspaces import DEFAULT_WORKSPACE, get_workspace
from tests.ui.conftest import shown

HOSTILE = "<img src=x onerror=alert(1)>"


@pytest.fixture
def db(database):
    """The page's database, upgraded and seeded, for arranging and checking records."""
    store = Store(database)
    store.upgrade()
    yield store
    store.dispose()


def add(db, audience, answer, day=date(2026, 10, 6), **fields):
    with db.session() as s:
        workspace = get_workspace(s, DEFAULT_WORKSPACE)
        return r.add_response(
            s,
            workspace,
            "ana",
            audience_key=audience,
            received_on=day,
            answers=[("What gets in the way?", answer)],
            **fields,
        ).id


def saved(db, response_id):
    with db.session() as s:
        workspace = get_workspace(s, DEFAULT_WORKSPACE)
        return next(x for x in r.list_responses(s, workspace) if x.id == response_id)


def chart_data(at) -> pd.DataFrame:
    """The data behind the weekly chart (sent to the browser as Arrow datasets)."""
    (chart,) = at.get("vega_lite_chart")
    return pd.concat(
        dataframe_util.convert_arrow_bytes_to_pandas_df(d.data.data) for d in chart.proto.datasets
    )


def table(at) -> pd.DataFrame:
    return at.dataframe[0].value  # the review table comes first


TABS = ["Log a response", "Review", "Dashboards", "You said, we did", "Import a survey", "Themes",
        "Message tests"]  # fmt: skip


def open_tab(at, label: str):
    """Choose a tab (as clicking it does) and run the page again."""
    assert label in TABS
    at.session_state["tab"] = label
    # AppTest sends its query parameters with every run, like a reload of the address;
    # a tab switched by the page (a button) is in them, and would win over the click.
    at.query_params["tab"] = label
    return at.run()


class Downloads:
    """Files the page hands to Streamlit: built while the page runs (``built``), or
    registered to be built when the button is clicked (``deferred``)."""

    def __init__(self, monkeypatch):
        self.built: dict[str, bytes] = {}
        self.deferred: dict[str, object] = {}
        add, add_deferred = MediaFileManager.add, MediaFileManager.add_deferred

        def capture(mgr, path_or_data, mimetype, coordinates, file_name=None, **kw):
            if file_name:
                self.built[file_name.rsplit(".", 1)[1]] = path_or_data
            return add(mgr, path_or_data, mimetype, coordinates, file_name=file_name, **kw)

        def capture_deferred(mgr, data_callable, mimetype, coordinates, file_name=None, **kw):
            self.deferred[file_name.rsplit(".", 1)[1]] = data_callable
            return add_deferred(mgr, data_callable, mimetype, coordinates, file_name, **kw)

        monkeypatch.setattr(MediaFileManager, "add", capture)
        monkeypatch.setattr(MediaFileManager, "add_deferred", capture_deferred)

    def click(self, kind: str) -> bytes:
        """What the browser gets on a click: Streamlit calls the function, off the
        script thread (no script run context there)."""
        return self.deferred[kind]()


def test_page_says_what_it_is_for(page):
    at = page("feedback")
    assert not at.exception
    assert at.title[0].value == "Feedback: what interest holders told us"
    assert at.caption[0].value
    assert [t.label for t in at.tabs] == TABS
    open_tab(at, "Review")
    assert "No responses yet" in at.info[0].value


def test_only_the_chosen_tab_runs(page, db):
    add(db, "families", "The bus is late")
    at = page("feedback")
    keys = {w.key for w in at.selectbox} | {w.key for w in at.text_input}
    assert "log_audience" in keys and "review_search" not in keys  # the first tab
    assert not at.dataframe and not at.download_button
    open_tab(at, "Review")
    assert not at.exception
    keys = {w.key for w in at.selectbox} | {w.key for w in at.text_input}
    assert "review_search" in keys and "log_audience" not in keys
    assert not [b for b in at.download_button if b.key.startswith("loop_")]
    assert not [w for w in at.text_area if str(w.key).startswith("loop_note_")]
    open_tab(at, "Message tests")
    assert not at.dataframe and "mt_name" in {w.key for w in at.text_input}


def test_a_link_to_a_tab_opens_it(database):
    from pathlib import Path

    from streamlit.testing.v1 import AppTest

    from tests.ui.conftest import page_path

    at = AppTest.from_string(Path(page_path("feedback")).read_text("utf-8"), default_timeout=90)
    at.query_params["tab"] = "You said, we did"
    at.run()
    assert not at.exception
    assert at.session_state["tab"] == "You said, we did"
    assert any(h.value.startswith("Heard (") for h in at.subheader)


def test_what_was_chosen_on_a_tab_is_kept_while_another_is_open(page, db):
    add(db, "families", "The bus is late")
    add(db, "educators", "Lunch is rushed")
    at = page("feedback")
    at.selectbox(key="log_audience").set_value("educators").run()
    open_tab(at, "Review")
    at.multiselect(key="review_audiences").set_value(["families"])
    at.text_input(key="review_search").input("bus").run()
    open_tab(at, "Themes")
    open_tab(at, "Review")
    assert at.multiselect(key="review_audiences").value == ["families"]
    assert at.text_input(key="review_search").value == "bus"
    assert list(table(at)["Answers"]) == ["What gets in the way?: The bus is late"]
    open_tab(at, "Log a response")
    assert at.selectbox(key="log_audience").value == "educators"


def test_log_a_response_and_see_it_in_review(page, db):
    at = page("feedback")
    at.selectbox(key="log_audience").set_value("families").run()
    channel = at.selectbox(key="log_channel")
    assert channel.options  # suggested from the audience's listening channels
    channel.set_value(channel.options[0])
    at.text_input(key="log_question").input("What gets in the way of school?")
    at.text_area(key="log_answer").input('The bus comes at 6:40.\nIt is "too early".')
    at.radio(key="log_rating").set_value(2)
    at.multiselect(key="log_themes").set_value(["transportation", "timing"])
    at.button(key="log_submit").click().run()

    assert not at.exception and not at.error
    assert "Saved response" in at.success[0].value
    # The answer, rating, themes and question are cleared for the next one; who said
    # it and where stay.
    assert at.text_area(key="log_answer").value == ""
    assert at.radio(key="log_rating").value == 0  # "No rating"
    assert at.text_input(key="log_question").value == ""
    assert at.selectbox(key="log_audience").value == "families"
    open_tab(at, "Review")
    row = table(at).iloc[0]
    assert (
        row["Answers"]
        == 'What gets in the way of school?: The bus comes at 6:40.\nIt is "too early".'
    )
    assert row["Audience"] == "Families and caregivers"
    assert row["Channel"] == channel.options[0]
    assert row["Themes"] == "timing, transportation"
    assert row["Ratings"] == "overall: 2"
    assert row["Status"] == "Heard"
    # The people's words come first.
    assert list(table(at).columns[:3]) == ["Answers", "Audience", "Received"]

    # The same answer again is refused, and says why.
    open_tab(at, "Log a response")
    at.text_input(key="log_question").input("What gets in the way of school?")
    at.text_area(key="log_answer").input('The bus comes at 6:40.\nIt is "too early".')
    at.button(key="log_submit").click().run()
    assert "already been recorded" in at.error[0].value
    open_tab(at, "Review")
    assert len(table(at)) == 1


def test_the_question_and_plan_are_not_carried_to_the_next_response_unless_asked(page, db):
    """A QA run: the next response (another audience) was saved under the previous
    one's question. Now the question, plan and key message are cleared after a save,
    and kept only when "Same question for the next response" is ticked."""
    with db.session() as s:
        plan = r.create_plan(s, get_workspace(s, DEFAULT_WORKSPACE), "ana", "Attendance")
        plan_id = plan.id
    at = page("feedback")
    at.selectbox(key="log_audience").set_value("families").run()
    at.selectbox(key="log_plan").set_value(plan_id)
    at.text_input(key="log_question").input("What gets in the way of school?")
    at.text_area(key="log_answer").input("The bus comes at 6:40.")
    at.button(key="log_submit").click().run()
    assert not at.exception and not at.error
    assert at.text_input(key="log_question").value == ""
    assert at.selectbox(key="log_plan").value is None
    assert "cleared unless you tick" in " ".join(c.value for c in at.caption)

    at.selectbox(key="log_audience").set_value("educators").run()
    at.text_area(key="log_answer").input("Our staff meeting runs late.")
    at.button(key="log_submit").click().run()
    with db.session() as s:
        second = max(r.list_responses(s, get_workspace(s, DEFAULT_WORKSPACE)), key=lambda x: x.id)
        assert [a.question for a in second.answers] == [""]
        assert second.plan_id is None

    # Several answers to one question: ticked, the question and plan stay.
    at.selectbox(key="log_plan").set_value(plan_id)
    at.text_input(key="log_question").input("What should we change?")
    at.checkbox(key="log_keep_question").check()
    at.text_area(key="log_answer").input("Start later.")
    at.button(key="log_submit").click().run()
    assert at.text_input(key="log_question").value == "What should we change?"
    assert at.selectbox(key="log_plan").value == plan_id
    assert at.checkbox(key="log_keep_question").value is True


def plan_with_loop(db, channel: str, audience: str = "families") -> int:
    with db.session() as s:
        plan = r.create_plan(s, get_workspace(s, DEFAULT_WORKSPACE), "ana", "Attendance")
        r.add_plan_item(s, plan, "ana", audience, "Come to the council",
                        listening_loop={"channel": channel})  # fmt: skip
        return plan.id


def test_the_plans_listening_channel_is_offered_first_and_saved_as_written(page, db):
    """A QA run: the channel choices ignored the plan's listening channel. Chosen plan
    and audience: its loop's channel comes first, chosen already, and is saved as
    written; another audience of the plan (no loop) gets no channel chosen for it."""
    council = "Parent advisory council (Eastside), 2nd Tuesdays"
    plan_id = plan_with_loop(db, council)
    at = page("feedback")
    at.selectbox(key="log_audience").set_value("families").run()
    assert council in at.selectbox(key="log_channel").options  # a loop of this audience
    assert at.selectbox(key="log_channel").value is None  # no plan chosen: not chosen for you
    at.selectbox(key="log_plan").set_value(plan_id).run()
    assert not at.exception
    channel = at.selectbox(key="log_channel")
    assert channel.options[0] == council and channel.value == council
    assert len([o for o in channel.options if o == council]) == 1
    # Another audience of the plan has no loop: the plan's channel is not kept for it.
    at.selectbox(key="log_audience").set_value("educators").run()
    assert at.selectbox(key="log_channel").value is None
    assert at.selectbox(key="log_channel").options[:1] != [council]
    at.selectbox(key="log_audience").set_value("families").run()
    assert at.selectbox(key="log_channel").value == council
    at.text_area(key="log_answer").input("More evening meetings, please.")
    at.button(key="log_submit").click().run()
    assert not at.exception and not at.error
    with db.session() as s:
        (saved_one,) = r.list_responses(s, get_workspace(s, DEFAULT_WORKSPACE))
    assert saved_one.channel == council and saved_one.plan_id == plan_id
    # After the save the plan is cleared (unless asked) but where they said it stays.
    assert at.selectbox(key="log_plan").value is None
    assert at.selectbox(key="log_channel").value == council


@pytest.mark.parametrize("typed", [False, True])
def test_a_channel_chosen_by_hand_is_not_replaced_by_the_plans(page, db, typed):
    """Chosen from the list, or typed (AppTest cannot type into a selectbox: the
    typed value is set as the browser sends it), before the plan: kept, and saved as
    written."""
    plan_id = plan_with_loop(db, "Text-message poll")
    at = page("feedback")
    at.selectbox(key="log_audience").set_value("families").run()
    mine = "Front office phone call, Mrs. O'Neil" if typed else "family listening session"
    if typed:  # set while the tab is closed: AppTest checks a value against the options
        open_tab(at, "Review")
        at.session_state["log_channel"] = mine
        open_tab(at, "Log a response")
    else:
        at.selectbox(key="log_channel").set_value(mine).run()
    at.selectbox(key="log_plan").set_value(plan_id).run()
    assert not at.exception
    channel = at.selectbox(key="log_channel")
    assert channel.options[0] == "Text-message poll"
    assert channel.value == mine
    at.text_area(key="log_answer").input("Can pickup move to 3:15?")
    at.button(key="log_submit").click().run()
    assert not at.exception and not at.error
    with db.session() as s:
        (saved_one,) = r.list_responses(s, get_workspace(s, DEFAULT_WORKSPACE))
    assert saved_one.channel == mine


def test_no_rating_is_its_own_choice_and_saved_as_no_rating(page, db):
    """A QA run: with "No rating" ticked, the rating slider still showed a value as if
    chosen. Now "No rating" is the first of the rating choices, chosen until a rating
    is, and nothing else looks chosen."""
    at = page("feedback")
    rating = at.radio(key="log_rating")
    assert rating.options[0] == "No rating" and rating.value == 0
    assert not at.slider and not [c for c in at.checkbox if c.key == "log_no_rating"]
    at.selectbox(key="log_audience").set_value("families").run()
    at.text_area(key="log_answer").input("No opinion on the letter.")
    at.button(key="log_submit").click().run()
    assert not at.exception and not at.error
    at.text_area(key="log_answer").input("The letter was clear.")
    at.radio(key="log_rating").set_value(4)
    at.button(key="log_submit").click().run()
    assert not at.exception and not at.error
    assert at.radio(key="log_rating").value == 0  # back to "No rating" for the next one
    with db.session() as s:
        first, second = sorted(r.list_responses(s, get_workspace(s, DEFAULT_WORKSPACE)),
                               key=lambda x: x.id)  # fmt: skip
    assert first.ratings in ({}, None) and second.ratings == {"overall": 4}


def test_an_empty_answer_is_not_saved(page):
    at = page("feedback")
    at.button(key="log_submit").click().run()
    assert "write down what they said" in at.error[0].value


def test_filter_by_audience_hides_the_others(page, db):
    add(db, "families", "Families answer")
    add(db, "educators", "Educators answer")
    at = open_tab(page("feedback"), "Review")
    assert sorted(table(at)["Answers"]) == [
        "What gets in the way?: Educators answer",
        "What gets in the way?: Families answer",
    ]
    assert sorted(chart_data(at)["Audience"]) == [
        "Families and caregivers",
        "Teachers and school staff",
    ]
    at.multiselect(key="review_audiences").set_value(["families"]).run()
    assert list(table(at)["Answers"]) == ["What gets in the way?: Families answer"]
    # The weekly chart follows the filters too.
    assert list(chart_data(at)["Audience"]) == ["Families and caregivers"]
    at.text_input(key="review_search").input("nothing like this").run()
    assert not at.dataframe
    assert "No responses match" in at.info[0].value


def test_moving_to_decided_with_a_note_persists(page, db):
    rid = add(db, "families", "Please add a later bus stop")
    at = open_tab(page("feedback"), "You said, we did")
    at.selectbox(key=f"loop_status_{rid}").set_value("decided")
    at.text_area(key=f"loop_note_{rid}").input("Route 4 gets a 7:15 stop from November.")
    at.button(key=f"loop_save_{rid}").click().run()

    assert not at.exception and not at.error
    assert "Decided" in at.success[0].value
    response = saved(db, rid)
    assert response.status == "decided"
    assert response.status_note == "Route 4 gets a 7:15 stop from November."
    assert response.updated_by == "tester"
    assert any(h.value.startswith("Decided (1)") for h in at.subheader)
    assert table(open_tab(at, "Review")).iloc[0]["Status"] == "Decided"
    open_tab(at, "You said, we did")

    # Themes edited on the card are saved as staff themes.
    at.multiselect(key=f"loop_themes_{rid}").set_value(["transportation"])
    at.selectbox(key=f"loop_status_{rid}").set_value("told_back")
    at.button(key=f"loop_save_{rid}").click().run()
    response = saved(db, rid)
    assert response.status == "told_back"
    assert [(t.theme, t.source) for t in response.themes] == [("transportation", "staff")]


def test_a_wrong_told_back_draft_can_be_cleared(page, db):
    rid = add(db, "families", "The bus is late")
    with db.session() as s:
        workspace = get_workspace(s, DEFAULT_WORKSPACE)
        draft_id = r.create_draft(s, workspace, "ben", "Wrong letter", "families").id
        r.set_response_status(s, rid, "told_back", "ben", told_back_draft_id=draft_id)
    at = open_tab(page("feedback"), "You said, we did")
    assert at.selectbox(key=f"loop_draft_{rid}").value == draft_id
    at.selectbox(key=f"loop_draft_{rid}").set_value(0)  # "None"
    at.button(key=f"loop_save_{rid}").click().run()

    assert not at.exception and not at.error
    assert saved(db, rid).told_back_draft_id is None


def test_a_conflicting_change_is_shown_not_overwritten(page, db):
    rid = add(db, "families", "The bus is late")
    at = open_tab(page("feedback"), "You said, we did")
    with db.session() as s:  # someone else moves it after the card was shown
        r.set_response_status(s, rid, "decided", "ben", note="Ben's note")
    at.selectbox(key=f"loop_status_{rid}").set_value("told_back")
    at.text_area(key=f"loop_note_{rid}").input("My note")
    at.button(key=f"loop_save_{rid}").click().run()

    assert "changed by ben" in at.error[0].value
    response = saved(db, rid)
    assert response.status == "decided" and response.status_note == "Ben's note"
    # The card now shows what is saved.
    assert at.text_area(key=f"loop_note_{rid}").value == "Ben's note"
    assert at.selectbox(key=f"loop_status_{rid}").value == "decided"


def test_hostile_answer_is_text_in_a_table_never_html(page, db):
    add(db, "families", HOSTILE, themes=[HOSTILE])
    at = open_tab(page("feedback"), "Review")
    assert not at.exception
    assert table(at).iloc[0]["Answers"] == f"What gets in the way?: {HOSTILE}"
    # On the "you said, we did" card it is plain text.
    open_tab(at, "You said, we did")
    assert HOSTILE in [t.value for t in at.text]
    # Nowhere is it rendered as Markdown or HTML, on any tab.
    for label in TABS:
        open_tab(at, label)
        assert not at.exception and not at.get("html")
        for element in [*at.markdown, *at.caption, *at.success, *at.info, *at.error]:
            assert "<img" not in element.value


def test_csv_download_contains_the_answer(page, db, monkeypatch):
    add(db, "families", 'Line one, "quoted"\nline two')
    add(db, "educators", '=HYPERLINK("http://x.example","hi")')
    downloads = Downloads(monkeypatch)
    at = open_tab(page("feedback"), "Review")
    assert at.download_button(key="review_csv") and at.download_button(key="review_xlsx")
    assert not downloads.built  # built when clicked, not on every rerun
    back = pd.read_csv(io.BytesIO(downloads.click("csv")), keep_default_na=False, dtype=str)
    answers = set(back["Answers"])
    assert 'What gets in the way?: Line one, "quoted"\nline two' in answers
    assert 'What gets in the way?: =HYPERLINK("http://x.example","hi")' in answers
    assert downloads.click("xlsx")[:2] == b"PK"  # a zip: the Excel workbook


def test_review_pages_through_the_responses_and_downloads_all_that_match(
    page, db, monkeypatch
):
    for i in range(30):
        add(db, "families", f"Bus stop {i}", day=date(2026, 9, 1) + timedelta(days=i))
    add(db, "educators", "Lunch is rushed", day=date(2026, 10, 30))
    downloads = Downloads(monkeypatch)
    at = open_tab(page("feedback"), "Review")
    at.selectbox(key="review_page_size").set_value(25).run()
    assert len(table(at)) == 25
    assert table(at).iloc[0]["Answers"] == "What gets in the way?: Lunch is rushed"
    assert "Responses 1–25 of 31" in at.caption[-1].value
    assert at.button(key="review_newer").disabled
    at.button(key="review_older").click().run()
    assert list(table(at)["Answers"]) == [
        f"What gets in the way?: Bus stop {i}" for i in range(5, -1, -1)
    ]
    assert "Responses 26–31 of 31" in at.caption[-1].value
    assert at.button(key="review_older").disabled
    # The chart counts every matching response, not only the page.
    assert chart_data(at)["Responses"].sum() == 31
    # A new search starts again at the newest.
    at.text_input(key="review_search").input("bus").run()
    assert len(table(at)) == 25
    assert table(at).iloc[0]["Answers"] == "What gets in the way?: Bus stop 29"
    back = pd.read_csv(io.BytesIO(downloads.click("csv")), keep_default_na=False, dtype=str)
    assert len(back) == 30 and list(back.columns[:2]) == ["Answers", "Audience"]


def test_themes_tab_saves_a_team_theme_and_analysis_tags_with_it(page, db):
    rid = add(db, "families", "The bus comes far too early for my kids.")
    at = open_tab(page("feedback"), "Themes")
    at.text_input(key="theme_name").input("transportation")
    at.text_area(key="theme_cues").input("bus\nride to school")
    at.button(key="theme_save").click().run()
    assert not at.exception and not at.error
    assert "transportation" in at.success[0].value
    (themes,) = at.table
    assert list(themes.value["Theme"]) == ["transportation"]

    at.button(key="themes_analyse").click().run()
    assert not at.exception and not at.error
    assert "Analysed 1 response." in shown([s.value for s in at.success][-1])
    assert "transportation" in [t.theme for t in saved(db, rid).themes]
    assert "transportation (1)" in [t.value for t in at.text]
    # The card on "you said, we did" shows the new theme.
    open_tab(at, "You said, we did")
    assert at.multiselect(key=f"loop_themes_{rid}").value == ["transportation"]


def test_message_test_with_outcomes_shows_a_summary_sentence(page, db):
    at = open_tab(page("feedback"), "Message tests")
    at.text_input(key="mt_name").input("Attendance letter")
    at.selectbox(key="mt_outcome").set_value("rating")
    at.text_area(key="mt_variants").input("A: Every day counts.\nB: Two days a month adds up.")
    at.button(key="mt_create").click().run()
    assert not at.exception and not at.error
    assert "Attendance letter" in at.success[0].value

    lines = [f"A,families,{2 + i % 2}" for i in range(12)]
    lines += [f"B,families,{4 + i % 2}" for i in range(12)]
    at.text_area(key="mt_outcomes").input("\n".join(lines))
    at.button(key="mt_record").click().run()
    assert not at.exception and not at.error
    assert "Recorded 24 outcomes" in at.success[0].value
    texts = [t.value for t in at.text]
    assert any("compared with the control" in t for t in texts)
    assert any("rated higher" in t for t in texts)
    assert at.get("vega_lite_chart")


def test_pasted_outcomes_with_a_bad_line_are_not_recorded(page, db):
    at = open_tab(page("feedback"), "Message tests")
    at.text_input(key="mt_name").input("Letter")
    at.text_area(key="mt_variants").input("A: one\nB: two")
    at.button(key="mt_create").click().run()
    at.text_area(key="mt_outcomes").input("A,families,4\nB,families,lots")
    at.button(key="mt_record").click().run()
    assert "Line 2" in at.error[0].value
    assert "No outcomes recorded" in at.info[-1].value


def test_you_said_we_did_summary_is_written_when_downloaded(page, db, monkeypatch):
    rid = add(db, "families", "Please add a later bus stop", themes=["transportation"])
    downloads = Downloads(monkeypatch)
    at = open_tab(page("feedback"), "You said, we did")
    assert not at.exception
    assert at.download_button(key="loop_summary_md").label == "Summary (Markdown)"
    assert at.download_button(key="loop_summary_docx").label == "Summary (Word)"
    assert not downloads.built  # written when clicked, not on every rerun
    # A decision noted after the page was drawn is in the summary downloaded later.
    with db.session() as s:
        r.set_response_status(s, rid, "decided", "ben", note="A 7:15 stop from November")
    summary = downloads.click("md").decode("utf-8")
    assert "Please add a later bus stop" in summary and "7:15 stop" in summary
    assert downloads.click("docx")[:2] == b"PK"


SURVEY = (
    "Submitted,Who,What gets in the way?,Email\n"
    "2026-10-01,families,The bus is early,a@example.org\n"
    "2026-10-02,educators,Too much jargon,b@example.org\n"
)


def test_an_unknown_layout_is_parsed_with_the_chosen_mapping():
    from commplan.feedback import forms
    from commplan.feedback.imports import SurveyFileError, parse_survey

    raw = SURVEY.encode()
    with pytest.raises(SurveyFileError) as caught:
        parse_survey(raw, "survey.csv")
    assert forms.is_unknown_layout(caught.value)
    columns = forms.header_columns(raw, "survey.csv")
    assert columns == ["Submitted", "Who", "What gets in the way?", "Email"]
    mapping = forms.mapping_from_choices(
        dict(zip(columns, ["received_on", "audience", "answer", "identifying"], strict=True))
    )
    batch = parse_survey(raw, "survey.csv", fmt="csv", mapping=mapping)
    rows = forms.preview(batch)
    assert [r["Audience"] for r in rows] == ["families", "educators"]
    names = {"families": "Families and caregivers"}
    rows = forms.preview(batch, default_audience="educators", names=names)
    assert [r["Audience"] for r in rows] == ["Families and caregivers", "educators"]
    assert rows[0]["What gets in the way?"] == "The bus is early"
    assert "Email" not in rows[0]


class Upload:
    """What st.file_uploader returns (AppTest cannot upload files)."""

    def __init__(self, name: str, data: bytes):
        self.name, self._data = name, data

    def getvalue(self) -> bytes:
        return self._data


def uploading(monkeypatch, name: str, data: bytes) -> None:
    import streamlit as st

    monkeypatch.setattr(st, "file_uploader", lambda *a, **k: Upload(name, data))


def test_import_a_survey_with_a_column_mapping(page, db, monkeypatch):
    uploading(monkeypatch, "survey.csv", SURVEY.encode())
    at = open_tab(page("feedback"), "Import a survey")
    assert not at.exception
    assert any("not one we know" in i.value for i in at.info)
    for key, field in [("import_map_0", "received_on"), ("import_map_1", "audience"),
                       ("import_map_3", "identifying")]:  # fmt: skip
        at.selectbox(key=key).set_value(field)
    at.run()
    assert not at.error
    assert [m.value for m in at.metric][:3] == ["Spreadsheet", "2", "0"]
    at.button(key="import_run").click().run()
    assert not at.exception and not at.error
    assert shown(at.success[0].value) == "2 new responses."
    assert [m.value for m in at.metric if m.label == "Imported"] == ["2"]
    # The other tabs show the new responses (they run when opened).
    at.button(key="import_to_review").click().run()
    assert at.session_state["tab"] == "Review" and len(table(at)) == 2
    assert any(h.value == "Heard (2)" for h in open_tab(at, "You said, we did").subheader)
    with db.session() as s:
        found = r.list_responses(s, get_workspace(s, DEFAULT_WORKSPACE))
    assert sorted(x.audience_key for x in found) == ["educators", "families"]
    assert all(x.respondent is None for x in found)  # the email was not kept
    assert all(x.sentiment for x in found)  # analysed after the import


def test_a_known_layout_with_a_column_read_as_the_audience(page, db, monkeypatch):
    """A Google Forms export with a "Role" question: read it as the audience."""
    form = (
        "Timestamp,Role,What should we change?\n"
        "10/5/2025 14:03:11,educators,More planning time\n"
        "10/6/2025 08:00:00,families,Later buses\n"
    )
    uploading(monkeypatch, "form.csv", form.encode())
    at = open_tab(page("feedback"), "Import a survey")
    assert not at.exception and not at.error
    assert [m.value for m in at.metric][:2] == ["Google Forms", "2"]
    at.selectbox(key="import_remap_1").set_value("audience").run()
    assert not at.exception and not at.error
    at.button(key="import_run").click().run()
    assert not at.exception and not at.error
    with db.session() as s:
        found = r.list_responses(s, get_workspace(s, DEFAULT_WORKSPACE))
    assert sorted((x.audience_key, x.answers[0].answer) for x in found) == [
        ("educators", "More planning time"),
        ("families", "Later buses"),
    ]
    assert all(len(x.answers) == 1 for x in found)  # "Role" is no longer an answer


def test_the_import_result_is_said_in_words_with_no_raw_data_under_it(page, db, monkeypatch):
    """A QA run found a bare "{...}" (the import's result as JSON) under the result of
    an import: the result is said in words, and no JSON is drawn."""
    form = (
        "Timestamp,I am a...,What should we change?\n"
        "10/5/2025 14:03:11,Parent/Guardian,Later buses\n"
        "10/6/2025 08:00:00,Teacher,More planning time\n"
        "10/6/2025 08:00:00,,\n"
    )
    uploading(monkeypatch, "form.csv", form.encode())
    at = open_tab(page("feedback"), "Import a survey")
    at.selectbox(key="import_remap_1").set_value("audience").run()
    assert not at.exception and not at.error
    at.button(key="import_run").click().run()
    assert not at.exception and not at.error
    assert shown(at.success[0].value) == "2 new responses; 1 row skipped (no answers)."
    assert not at.json and not at.get("json")
    said = " ".join(shown(c.value) for c in at.caption)
    assert "“Parent/Guardian” as Families and caregivers" in said
    assert "“Teacher” as Teachers and school staff" in said
    assert not [c for c in said if c in "{}"]


def test_a_malformed_survey_shows_the_error_and_imports_nothing(page, db, monkeypatch):
    uploading(monkeypatch, "broken.csv", b"Timestamp,Q1\n2026-10-01,yes\n2026-10-02,a,b\n")
    at = open_tab(page("feedback"), "Import a survey")
    assert "row 3 has 3 fields" in at.error[0].value
    assert not [b for b in at.button if b.key == "import_run"]
    with db.session() as s:
        assert not r.list_responses(s, get_workspace(s, DEFAULT_WORKSPACE))


def test_confusing_jargon_shows_the_plain_alternative(page, db):
    add(db, "families", "What does MTSS mean? Nobody told us.", themes=["confusing jargon: MTSS"])
    at = open_tab(page("feedback"), "Themes")
    assert not at.exception and not at.error
    texts = [t.value for t in at.text]
    assert "confusing jargon: MTSS (1)" in texts
    assert any(t.startswith("Plain alternative: ") for t in texts)
    assert "No draft used it." in texts


def test_a_response_can_be_deleted_from_its_card(page, db):
    keep = add(db, "families", "Keep this one")
    rid = add(db, "families", "Typed into the wrong workspace")
    at = open_tab(page("feedback"), "You said, we did")
    at.button(key=f"loop_delete_{rid}").click().run()
    assert not at.exception and not at.error
    assert any("Deleted 1 response." in shown(m.value) for m in at.success)
    with db.session() as s:
        ids = [x.id for x in r.list_responses(s, get_workspace(s, DEFAULT_WORKSPACE))]
    assert ids == [keep]
    assert f"loop_delete_{rid}" not in [b.key for b in at.button]


def test_rows_selected_in_review_can_be_deleted(page, db):
    first = add(db, "families", "First")
    second = add(db, "educators", "Second")
    at = open_tab(page("feedback"), "Review")
    rows = table(at)
    chosen = int(rows.index[rows["ID"] == second][0])
    at.session_state["review_table"] = {"selection": {"rows": [chosen], "columns": []}}
    at.run()
    at.button(key="review_delete").click().run()
    assert not at.exception
    assert any("Deleted 1 response." in shown(m.value) for m in at.success)
    assert table(at)["ID"].tolist() == [first]


def test_outcomes_pasted_twice_are_recorded_once_and_a_paste_can_be_deleted(page, db):
    at = open_tab(page("feedback"), "Message tests")
    at.text_input(key="mt_name").input("Attendance letter")
    at.text_area(key="mt_variants").input("A: Every day counts.\nB: Two days a month adds up.")
    at.button(key="mt_create").click().run()
    lines = "\n".join(["A,families,3", "A,families,4", "B,families,5", "B,families,4"])
    at.text_area(key="mt_outcomes").input(lines)
    at.button(key="mt_record").click().run()
    assert "Recorded 4 outcomes" in at.success[0].value
    at.button(key="mt_record").click().run()  # the same paste again
    assert not at.exception and not at.error
    assert "0 new outcomes recorded; 4 lines already recorded" in at.warning[0].value
    from commplan.store import review

    with db.session() as s:
        (test,) = review.message_tests(s, get_workspace(s, DEFAULT_WORKSPACE))
        assert len(review.test_outcomes(s, test["id"])) == 4
    # They really are new respondents: record them again on purpose.
    at.checkbox(key="mt_allow_duplicate").check()
    at.button(key="mt_record").click().run()
    assert "Recorded 4 outcomes" in at.success[0].value
    # A paste recorded by mistake is deleted on its own.
    at.button(key="mt_delete_batch_1").click().run()
    assert not at.exception
    assert any("Deleted 4 outcomes." in shown(m.value) for m in at.success)
    with db.session() as s:
        assert len(review.test_outcomes(s, test["id"])) == 4


def test_a_typed_answer_with_control_characters_is_logged_without_them(page, db):
    at = page("feedback")
    at.selectbox(key="log_audience").set_value("families").run()
    at.text_area(key="log_answer").input("The bus\x0bis early\x01")
    at.button(key="log_submit").click().run()
    assert not at.exception and not at.error
    assert table(open_tab(at, "Review")).iloc[0]["Answers"].endswith("The bus\nis early")


# Issue 12: the survey import, the log form and "you said, we did" as communicators
# work (who answered, dates, an honest result; analysed at once; words, not ratings).

def roles_export() -> bytes:
    from pathlib import Path

    surveys = Path(__file__).resolve().parents[1] / "data" / "surveys"
    return (surveys / "google_forms_roles.csv").read_bytes()


ROLE_COLUMN = "Which best describes you?"


def role_selectbox(at, answer: str):
    """The "who answered" choice for one answer of the role column."""
    (box,) = [b for b in at.selectbox if b.key and b.key.startswith("import_value_")
              and shown(b.label).startswith(f"“{answer}”")]  # fmt: skip
    return box


def test_a_logged_response_is_analysed_at_once_and_the_confirmation_says_what_was_found(
    page, db
):
    from commplan.store.review import save_theme

    with db.session() as s:
        save_theme(s, get_workspace(s, DEFAULT_WORKSPACE), "buses", ["bus"], "ana")
    at = page("feedback")
    at.selectbox(key="log_audience").set_value("families").run()
    at.text_area(key="log_answer").input("The bus was late again. Terrible.")
    at.button(key="log_submit").click().run()
    assert not at.exception and not at.error
    said = shown(at.success[0].value)
    assert said.startswith("Saved response #")
    # The team's theme, and the starter topic that covers buses.
    assert "; sentiment: negative; themes: transportation, buses." in said
    with db.session() as s:
        (found,) = r.list_responses(s, get_workspace(s, DEFAULT_WORKSPACE))
        assert found.sentiment == "negative"
        assert sorted(t.theme for t in found.themes) == ["buses", "transportation"]


def test_the_confirmation_lists_every_theme_saved_typed_or_found(page, db):
    """A QA run typed "language access, workload" and the confirmation said only
    "themes: language access". It now lists what was stored, read back."""
    at = page("feedback")
    at.selectbox(key="log_audience").set_value("families").run()
    at.text_area(key="log_answer").input("The bus was late again and nobody called us.")
    at.multiselect(key="log_themes").set_value(["language access", "workload"])
    at.button(key="log_submit").click().run()
    assert not at.exception and not at.error
    said = shown(at.success[0].value)
    with db.session() as s:
        (found,) = r.list_responses(s, get_workspace(s, DEFAULT_WORKSPACE))
        stored = [t.theme for t in found.themes]
    assert {"language access", "workload"} <= set(stored)
    listed = said.split("; themes: ")[1].split(". It is in Review")[0].split(", ")
    assert sorted(listed) == sorted(stored)
    assert listed[:2] == ["language access", "workload"]  # as typed, first


def test_a_card_shows_what_people_wrote_or_their_ratings_never_a_bare_blank(page, db):
    with db.session() as s:
        workspace = get_workspace(s, DEFAULT_WORKSPACE)
        rated = r.add_response(
            s, workspace, "ana", audience_key="families", received_on=date(2026, 10, 6),
            answers=[("How clear was it?", "2"), ("Did you get the text?", "Yes")],
            ratings={"How clear was it?": 2.0, "Did you get the text?": None},
        ).id  # fmt: skip
        worded = r.add_response(
            s, workspace, "ana", audience_key="families", received_on=date(2026, 10, 7),
            answers=[("How clear was it?", "4"), ("What questions?", "When is pickup?")],
            ratings={"How clear was it?": 4.0},
        ).id  # fmt: skip
    at = open_tab(page("feedback"), "You said, we did")
    assert not at.exception and not at.error
    texts = [t.value for t in at.text]
    assert "How clear was it?: 2; Did you get the text?: Yes" in texts
    assert "When is pickup?" in texts
    assert "4" not in texts and "2" not in texts  # a rating is never shown as a quote
    assert rated != worded


def test_you_said_we_did_shows_the_themes_and_the_responses_not_yet_themed(page, db):
    add(db, "families", "The bus is late", themes=["transportation"])
    add(db, "families", "Thank you for the clear letter")
    at = open_tab(page("feedback"), "You said, we did")
    assert not at.exception and not at.error
    texts = [t.value for t in at.text]
    captions = [shown(c.value) for c in at.caption]
    assert captions.count("1 response (heard 1)") == 2
    assert "“Thank you for the clear letter”" in texts
    # The themes heard, then the responses no theme has tagged yet, last.
    assert [t for t in texts if t in ("transportation", "Not yet themed")] == [
        "transportation", "Not yet themed",
    ]  # fmt: skip


def test_who_answered_maps_each_role_to_an_audience_before_the_import(page, db, monkeypatch):
    uploading(monkeypatch, "roles.csv", roles_export())
    at = open_tab(page("feedback"), "Import a survey")
    assert not at.exception and not at.error
    at.selectbox(key="import_remap_1").set_value("audience").run()
    assert not at.exception and not at.error
    # One choice per answer, pre-filled with the obvious audience, with its row count.
    parent = role_selectbox(at, "Parent/guardian")
    assert "2 rows" in shown(parent.label)
    assert parent.value == "families"
    assert role_selectbox(at, "Teacher").value == "educators"
    assert role_selectbox(at, "Other").value is None  # staff decide
    # "Other" has no audience: recorded under the default, and the preview says so.
    assert any("'Other'" in shown(w.value) for w in at.warning)
    preview = at.dataframe[0].value
    assert list(preview["Audience"][:2]) == ["Families and caregivers", "Teachers and school staff"]
    role_selectbox(at, "Other").set_value("community_partners").run()
    assert not any("'Other'" in shown(w.value) for w in at.warning)
    at.button(key="import_run").click().run()
    assert not at.exception and not at.error
    with db.session() as s:
        found = r.list_responses(s, get_workspace(s, DEFAULT_WORKSPACE))
    assert sorted(x.audience_key for x in found) == [
        "community_partners", "educators", "families", "families", "general_public", "students",
    ]  # fmt: skip
    assert all(ROLE_COLUMN not in [a.question for a in x.answers] for x in found)


def test_the_import_reads_dates_in_the_order_chosen(page, db, monkeypatch):
    export = "Timestamp,What should we change?\n03/04/2026 10:00:00,Later buses\n"
    uploading(monkeypatch, "form.csv", export.encode())
    at = open_tab(page("feedback"), "Import a survey")
    assert at.dataframe[0].value["Received"][0] == "2026-03-04"
    at.selectbox(key="import_dates").set_value("dmy").run()
    assert not at.exception and not at.error
    assert at.dataframe[0].value["Received"][0] == "2026-04-03"
    at.button(key="import_run").click().run()
    with db.session() as s:
        (found,) = r.list_responses(s, get_workspace(s, DEFAULT_WORKSPACE))
    assert found.received_on == date(2026, 4, 3)


def test_import_messages_in_the_app_speak_of_its_controls_not_command_line_flags(
    page, db, monkeypatch
):
    """A QA run saw "--date-order dmy", "--keep-identifying", "--value 'ANSWER=AUDIENCE'"
    in the web app, and "as read", "response_id", "received_on" as column uses."""
    export = (
        "Timestamp,Email Address,Role,What should we change?\n"
        "03/04/2026 10:00:00,ana@example.org,Bus driver,Later buses\n"
    )
    uploading(monkeypatch, "form.csv", export.encode())
    at = open_tab(page("feedback"), "Import a survey")
    remap = at.selectbox(key="import_remap_2")
    assert remap.options[:3] == ["As the export says", "An answer", remap.options[2]]
    assert not {"as read", "response_id", "received_on"} & set(remap.options)
    remap.set_value("audience").run()
    assert not at.exception
    said = " ".join(shown(w.value) for w in at.warning)
    assert "day/month" in said and "Keep identifying data" in said and "Who answered" in said
    assert "--" not in said and "in the app" not in said
    at.button(key="import_run").click().run()
    assert not at.exception and not at.error
    said = " ".join(shown(w.value) for w in at.warning)
    assert "Dates" in said and "--" not in said


def test_importing_the_same_file_again_says_so_honestly(page, db, monkeypatch):
    uploading(monkeypatch, "roles.csv", roles_export())
    at = open_tab(page("feedback"), "Import a survey")
    at.button(key="import_run").click().run()
    assert not at.exception and not at.error
    assert shown(at.success[0].value).startswith("6 new responses.")
    at.button(key="import_run").click().run()
    assert not at.exception and not at.error
    said = shown(at.success[0].value)
    assert said.startswith("0 new responses, 6 already imported (#1–#6, left as they were).")
    assert "Imported." not in said


def microsoft_forms_export() -> bytes:
    """A Microsoft Forms "Open in Excel" download: ID, times, email, name, then the
    questions (a layout commplan does not know by name)."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["ID", "Start time", "Completion time", "Email", "Name",
                  "Which best describes you?", "Comments on the bell schedule"])  # fmt: skip
    sheet.append([1, "3/1/26 9:00:00", "3/1/26 9:05:00", "anonymous", "", "Parent",
                  "Too early for my kids"])  # fmt: skip
    sheet.append([2, "3/2/26 9:00:00", "3/2/26 9:04:00", "anonymous", "", "Teacher",
                  "I like the later start"])  # fmt: skip
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_an_unknown_excel_layout_asks_for_columns_without_a_command_line_error(
    page, db, monkeypatch
):
    """A QA run uploaded a Microsoft Forms .xlsx: under the column choices, before any
    was made, a red error said "unknown layout ...; pass --format, or map the columns
    with --map COLUMN=FIELD". A CSV in the same state shows its preview (every column
    an answer until chosen otherwise); an Excel file does the same."""
    uploading(monkeypatch, "Bell schedule(1-2).xlsx", microsoft_forms_export())
    at = open_tab(page("feedback"), "Import a survey")
    assert not at.exception
    assert any("not one we know" in i.value for i in at.info)
    assert not at.error, [e.value for e in at.error]
    assert [m.value for m in at.metric][:2] == ["Spreadsheet", "2"]
    # Say what the columns hold, as a person would, and import.
    for j, field in [(0, "response_id"), (1, "ignore"), (2, "received_on"), (3, "identifying"),
                     (4, "identifying"), (5, "audience")]:  # fmt: skip
        at.selectbox(key=f"import_map_{j}").set_value(field)
    at.run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    at.button(key="import_run").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert shown(at.success[0].value).startswith("2 new responses")
    with db.session() as s:
        found = r.list_responses(s, get_workspace(s, DEFAULT_WORKSPACE))
    assert sorted(x.received_on for x in found) == [date(2026, 3, 1), date(2026, 3, 2)]
    said = {a.answer for x in found for a in x.answers}
    assert said == {"Too early for my kids", "I like the later start"}


def test_after_an_import_each_warning_is_said_once(page, db, monkeypatch):
    """A QA run: after Import, the date-order and identifying-data warnings of the
    preview were shown again under the result, each twice on the page. And "See them
    in Review" was offered when the import added nothing."""
    export = (
        "Timestamp,Email Address,What should we change?\n"
        "03/04/2026 10:00:00,ana@example.org,Later buses\n"
        "03/05/2026 11:00:00,ben@example.org,More notice\n"
    )
    uploading(monkeypatch, "form.csv", export.encode())
    at = open_tab(page("feedback"), "Import a survey")
    at.button(key="import_run").click().run()
    assert not at.exception and not at.error
    said = [shown(w.value) for w in at.warning]
    assert sum("Day/month" in w for w in said) == 1, said
    assert sum("Keep identifying data" in w for w in said) == 1, said
    assert [b for b in at.button if b.key == "import_to_review"]
    # Again: nothing new, and the warning that says so is shown (once).
    at.button(key="import_run").click().run()
    assert not at.exception and not at.error
    said = [shown(w.value) for w in at.warning]
    assert sum("Day/month" in w for w in said) == 1, said
    assert sum("already imported" in w for w in said) == 1, said
    assert not [b for b in at.button if b.key == "import_to_review"]


def test_a_microsoft_forms_export_is_read_right_without_choosing_every_column(
    page, db, monkeypatch
):
    """A QA run: a Microsoft Forms export imported as it was offered recorded every
    response as received today, and its ID and start time as what people said (the
    "You said, we did" card of a response showed "1"). The columns a Microsoft Forms
    export always has are chosen for the person from their names, to check and change."""
    uploading(monkeypatch, "Bell schedule(1-2).xlsx", microsoft_forms_export())
    at = open_tab(page("feedback"), "Import a survey")
    assert not at.exception and not at.error
    uses = [at.selectbox(key=f"import_map_{j}").value for j in range(7)]
    assert uses == ["response_id", "ignore", "received_on", "identifying", "identifying",
                    "answer", "answer"]  # fmt: skip
    at.button(key="import_run").click().run()
    assert not at.exception and not at.error
    with db.session() as s:
        found = r.list_responses(s, get_workspace(s, DEFAULT_WORKSPACE))
    assert sorted(x.received_on for x in found) == [date(2026, 3, 1), date(2026, 3, 2)]
    assert sorted(x.external_id for x in found) == ["1", "2"]
    assert sorted([a.question for a in x.answers] for x in found) == [
        ["Which best describes you?", "Comments on the bell schedule"]
    ] * 2
    assert all(x.respondent is None for x in found)  # no email or name kept


def test_a_new_file_starts_from_its_own_column_choices(page, db, monkeypatch):
    """A QA run: the column choices of one file were kept, by position, for the next
    file uploaded: its second column (here the comments) would have been read as
    "Who answered" because the first file's second column was."""
    uploading(monkeypatch, "survey.csv", SURVEY.encode())
    at = open_tab(page("feedback"), "Import a survey")
    at.selectbox(key="import_map_1").set_value("audience").run()
    assert at.selectbox(key="import_map_1").value == "audience"
    other = "When,What should we change?,Grade\n2026-10-01,Later buses,3\n"
    uploading(monkeypatch, "other.csv", other.encode())
    at.run()
    assert not at.exception
    assert [at.selectbox(key=f"import_map_{j}").value for j in range(3)] == ["answer"] * 3
    assert [m.value for m in at.metric][:2] == ["Spreadsheet", "1"]
    # The same file again keeps what was chosen for it.
    at.selectbox(key="import_map_2").set_value("ignore").run()
    at.run()
    assert at.selectbox(key="import_map_2").value == "ignore"


def test_review_by_key_message(page, db, monkeypatch):
    """A QA run: Review had filters for audience, channel, theme and status but none
    for the message a response answers. Chosen, it keeps the table, the count and the
    download to those responses."""
    add(db, "families", "Two days a month adds up, we see that now", key_message="every_day_counts")
    add(db, "families", "We want to help at home", key_message="families_as_partners")
    add(db, "educators", "Lunch is rushed")
    downloads = Downloads(monkeypatch)
    at = open_tab(page("feedback"), "Review")
    box = at.multiselect(key="review_key_messages")
    assert "Every school day counts" in box.options
    box.set_value(["every_day_counts"]).run()
    assert not at.exception and not at.error
    assert list(table(at)["Answers"]) == [
        "What gets in the way?: Two days a month adds up, we see that now"
    ]
    assert list(table(at)["Key message"]) == ["Every school day counts"]
    back = pd.read_csv(io.BytesIO(downloads.click("csv")), keep_default_na=False, dtype=str)
    assert list(back["Key message"]) == ["Every school day counts"]


def shows(box) -> str:
    """What a selectbox shows: its chosen option, or Streamlit's "Choose an option"
    when its value was set to nothing (a value set through session state, None)."""
    proto = box.proto
    if proto.set_value and not proto.HasField("raw_value"):
        return "Choose an option"
    if proto.set_value:
        return proto.raw_value
    return proto.options[proto.default]


def test_after_a_save_the_plan_and_key_message_say_none_not_choose_an_option(page, db):
    """A QA run: after each response logged, the cleared Plan and Key message boxes
    showed "Choose an option", as if something had to be chosen; before the first
    save they said "No plan" and "None"."""
    with db.session() as s:
        plan_id = r.create_plan(s, get_workspace(s, DEFAULT_WORKSPACE), "ana", "Attendance").id
    at = page("feedback")
    assert shows(at.selectbox(key="log_plan")) == "No plan"
    assert shows(at.selectbox(key="log_key_message")) == "None"
    at.selectbox(key="log_plan").set_value(plan_id)
    at.text_area(key="log_answer").input("The bus comes at 6:40.")
    at.button(key="log_submit").click().run()
    assert not at.exception and not at.error
    assert at.selectbox(key="log_plan").value is None
    assert shows(at.selectbox(key="log_plan")) == "No plan"
    assert shows(at.selectbox(key="log_key_message")) == "None"


def test_a_plan_deleted_meanwhile_leaves_the_log_form_on_no_plan(page, db):
    with db.session() as s:
        plan_id = r.create_plan(s, get_workspace(s, DEFAULT_WORKSPACE), "ana", "Attendance").id
    at = page("feedback")
    at.selectbox(key="log_plan").set_value(plan_id).run()
    with db.session() as s:
        r.delete_plan(s, plan_id, "ana")
    at.run()
    assert not at.exception and not at.error
    assert at.selectbox(key="log_plan").value is None
    assert shows(at.selectbox(key="log_plan")) == "No plan"
