"""Survey exports as people's tools really write them (issue 12): text ratings,
semicolon and tab CSVs, Windows-1252, dates in many forms, a role column mapped to
audiences, and an import message that says what happened.

The files under tests/data/surveys were written to match real exports: a
SurveyMonkey export with two header rows and text ratings, a Google Forms export
with a role column, a CSV from a European Excel (semicolons, day-first dates) and
a CSV saved by an older Excel in Windows-1252."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from commplan.cli import main
from commplan.feedback.importer import import_message, import_survey
from commplan.feedback.imports import (
    SurveyFileError,
    column_values,
    parse_date,
    parse_survey,
    suggest_value_mapping,
)
from commplan.feedback.loop import Heard, heard_from, summarise, you_said_we_did_markdown
from commplan.store import Store
from commplan.store.workspaces import DEFAULT_WORKSPACE, get_workspace
from tests.dbtemplate import migrated_sqlite_url

DATA = Path(__file__).parent / "data" / "surveys"
ROLE = "Which best describes you?"
AUDIENCES = {
    "families": "Families and caregivers",
    "students": "Students (all grades)",
    "educators": "Teachers and school staff",
    "community_partners": "Community partners",
    "general_public": "General public",
}


def data(name: str) -> bytes:
    return (DATA / name).read_bytes()


def text(rows, delimiter=",") -> str:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter).writerows(rows)
    return out.getvalue()


# ---- CSV dialects and encodings -----------------------------------------------------


def test_semicolon_csv_from_european_excel():
    batch = parse_survey(data("excel_semicolon.csv"), "excel_semicolon.csv")
    assert batch.layout == "google-forms"
    assert [s.received_on for s in batch.submissions] == [
        date(2024, 5, 13), date(2024, 5, 14), date(2024, 5, 2),
    ]  # fmt: skip
    first, second, _ = batch.submissions
    # The unquoted comma stays inside its answer; the quoted semicolon too.
    assert ("Comments", "Clear, but it came late") in first.answers
    assert ("Comments", "Too long; shorter please") in second.answers
    assert not [w for w in batch.warnings if "day" in w]  # 13/05 settled the order


def test_tab_separated_utf16_as_excel_saves_unicode_text():
    rows = [["Timestamp", "Comment, if any"], ["10/5/2025 14:03:11", "Fine, thanks"]]
    raw = text(rows, delimiter="\t").encode("utf-16")
    (sub,) = parse_survey(raw, "survey.txt").submissions
    assert sub.answers == [("Comment, if any", "Fine, thanks")]


def test_a_comma_csv_with_semicolons_in_answers_stays_a_comma_csv():
    rows = [["Timestamp", "Comment"], ["10/5/2025 14:03:11", "a; b; c"],
            ["10/6/2025 14:03:11", "one"]]  # fmt: skip
    subs = parse_survey(text(rows).encode(), "survey.csv").submissions
    assert [s.answers for s in subs] == [[("Comment", "a; b; c")], [("Comment", "one")]]


def test_windows_1252_is_read_and_said():
    batch = parse_survey(
        data("windows1252.csv"), "windows1252.csv", mapping={"Date": "received_on"}
    )
    answers = [dict(s.answers) for s in batch.submissions]
    assert answers[0] == {
        "School": "Café Street Elementary",
        "Comment": "The “family night” was great – thank you!",
    }
    assert answers[1]["Comment"] == "We couldn’t find the café menu online."
    # "March 5, 2024" written out; 05/13 settles month-first for 3/7.
    assert [s.received_on for s in batch.submissions] == [
        date(2024, 3, 5), date(2024, 5, 13), date(2024, 3, 7),
    ]  # fmt: skip
    (warning,) = [w for w in batch.warnings if "Windows-1252" in w]
    assert "windows1252.csv" in warning and "not UTF-8" in warning and "line 2" in warning


def test_a_file_neither_utf8_nor_windows_1252_is_refused():
    raw = b"Timestamp,Comment\r\n10/5/2025 14:03:11,ok\r\n" + b"\x81\x8d\r\n"
    with pytest.raises(SurveyFileError, match=r"survey.csv: not UTF-8 text .* nor Windows-1252"):
        parse_survey(raw, "survey.csv")


# ---- dates ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "dayfirst", "expected"),
    [
        ("2026/10/05 8:15:02 PM", False, date(2026, 10, 5)),
        ("March 5, 2024", False, date(2024, 3, 5)),
        ("Mar 5 2024 10:02", True, date(2024, 3, 5)),
        ("13/05/2024", True, date(2024, 5, 13)),
        ("05/13/2024", False, date(2024, 5, 13)),
        ("13.05.2024 10:02", True, date(2024, 5, 13)),
        ("10/5/2026 20:15:02", False, date(2026, 10, 5)),
        ("2026-10-05T20:15:02Z", False, date(2026, 10, 5)),
    ],
)
def test_dates_as_exports_write_them(value, dayfirst, expected):
    assert parse_date(value, dayfirst=dayfirst) == expected


@pytest.mark.parametrize("value", ["March", "5", "Tuesday", "soon", "13/13/2024", "1/2"])
def test_not_a_whole_date(value):
    assert parse_date(value, dayfirst=False) is None


def test_a_column_that_cannot_settle_day_and_month_says_so():
    rows = [["Timestamp", "Comment"], ["03/04/2024 10:00:00", "a"], ["05/06/2024 11:00:00", "b"]]
    batch = parse_survey(text(rows).encode(), "survey.csv")
    assert [s.received_on for s in batch.submissions] == [date(2024, 3, 4), date(2024, 5, 6)]
    (warning,) = [w for w in batch.warnings if "month" in w]
    assert "Timestamp" in warning and "month/day" in warning and "--date-order" in warning
    dmy = parse_survey(text(rows).encode(), "survey.csv", date_order="dmy")
    assert [s.received_on for s in dmy.submissions] == [date(2024, 4, 3), date(2024, 6, 5)]
    assert not [w for w in dmy.warnings if "month" in w]


def test_a_column_mixing_day_first_and_month_first_is_refused():
    rows = [["Timestamp", "Comment"], ["13/05/2024", "a"], ["05/14/2024", "b"]]
    with pytest.raises(SurveyFileError, match=r"Timestamp.*13/05/2024.*05/14/2024"):
        parse_survey(text(rows).encode(), "survey.csv")


# ---- text ratings -----------------------------------------------------------------

CLEAR = "How clear was the letter about the new bell schedule?"
AGREE = "How much do you agree with the following statements?: "
TOLD = AGREE + "The letter told me what I needed to do."
CONTACT = AGREE + "I know who to contact with questions."
SATISFIED = "How satisfied are you with how the district communicates?"
BETTER = "What could we do better?"


def test_surveymonkey_text_ratings_on_a_1_to_5_scale():
    batch = parse_survey(data("surveymonkey_text_ratings.csv"), "sm.csv")
    assert batch.layout == "surveymonkey"
    assert [s.received_on for s in batch.submissions] == [
        date(2026, 10, 5), date(2026, 10, 6), date(2026, 10, 6), date(2026, 10, 7),
    ]  # fmt: skip
    ratings = [s.ratings for s in batch.submissions]
    assert [r[CLEAR] for r in ratings] == [4, 1, 3, 4]  # Extremely clear would be 5
    assert [r[TOLD] for r in ratings] == [5, 2, 3, 4]
    assert [r[CONTACT] for r in ratings] == [4, 1, 4, 5]
    assert [r[SATISFIED] for r in ratings] == [5, 1, 3, 4]
    # The open question's "Good" is what someone wrote, not a rating.
    assert all(BETTER not in r for r in ratings)
    assert ("What could we do better?", "Good") in batch.submissions[3].answers


def test_a_free_text_answer_is_never_a_rating():
    rows = [["Timestamp", "Anything else?"], ["10/5/2025 14:03:11", "Excellent"],
            ["10/6/2025 14:03:11", "The bus is late."], ["10/7/2025 14:03:11", "5"]]  # fmt: skip
    subs = parse_survey(text(rows).encode(), "survey.csv").submissions
    assert [s.ratings for s in subs] == [{}, {}, {}]


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        # Both "Agree" and "Somewhat agree": a 7-point scale, spread over 1-5.
        (["Strongly agree", "Agree", "Somewhat agree", "Neither agree nor disagree",
          "Somewhat disagree", "Disagree", "Strongly disagree"],
         [5, 4.33, 3.67, 3, 2.33, 1.67, 1]),
        # Qualtrics' 5-point agreement says "Somewhat".
        (["Strongly agree", "Somewhat agree", "Somewhat disagree"], [5, 4, 2]),
        (["Excellent", "Good", "Fair", "Poor"], [5, 3.67, 2.33, 1]),
        (["Excellent", "Very good", "Good", "Poor"], [5, 4, 3, 1]),
        (["Very likely", "Unlikely", "Neutral"], [5, 2, 3]),
        (["Extremely helpful", "Not so helpful", "N/A"], [5, 2, None]),
    ],
)  # fmt: skip
def test_scales_inferred_per_column(values, expected):
    rows = [["Timestamp", "Q"]] + [[f"10/{i + 1}/2025", v] for i, v in enumerate(values)]
    subs = parse_survey(text(rows).encode(), "survey.csv").submissions
    assert [s.ratings["Q"] for s in subs] == expected


# ---- who answered: the role column -------------------------------------------------


def test_suggested_audiences_for_role_answers():
    values = ["Parent/guardian", "Teacher", "Student", "Community member", "Other",
              "families", "Teachers and school staff", "Staff", "Parent and student"]  # fmt: skip
    assert suggest_value_mapping(values, AUDIENCES) == {
        "Parent/guardian": "families",
        "Teacher": "educators",
        "Student": "students",
        "Community member": "general_public",
        "Other": None,
        "families": "families",
        "Teachers and school staff": "educators",
        "Staff": "educators",
        "Parent and student": None,  # two audiences: staff decide
    }
    with_community = {**AUDIENCES, "community": "Community"}
    assert suggest_value_mapping(["Community member"], with_community) == {
        "Community member": "community"
    }


def test_the_values_of_a_column_with_their_counts():
    assert column_values(data("google_forms_roles.csv"), "g.csv", ROLE) == Counter(
        {"Parent/guardian": 2, "Teacher": 1, "Student": 1, "Community member": 1, "Other": 1}
    )
    with pytest.raises(SurveyFileError, match="no column named 'Role'"):
        column_values(data("google_forms_roles.csv"), "g.csv", "Role")


def test_role_column_mapped_to_audiences_is_not_an_answer():
    batch = parse_survey(
        data("google_forms_roles.csv"), "g.csv", mapping={ROLE: "audience"},
        value_map={ROLE: {"parent/guardian": "families", "Teacher": "educators"}},
    )  # fmt: skip
    subs = batch.submissions
    assert [s.audience for s in subs] == [
        "families", "educators", "Student", "Community member", "families", "Other",
    ]  # fmt: skip
    assert all(ROLE not in dict(s.answers) for s in subs)
    # The 1-5 scale and the yes/no choice are not words either.
    assert subs[0].ratings == {
        "How clear was the information about the new bell schedule?": 2,
        "Did you get the text message about it?": None,
    }


@pytest.fixture
def store(tmp_path):
    """A migrated, seeded database (a copy of the template Store.upgrade() made)."""
    store = Store(migrated_sqlite_url(tmp_path, "db.sqlite"))
    yield store
    store.dispose()


@pytest.fixture
def workspace(store):
    with store.session() as s:
        return get_workspace(s, DEFAULT_WORKSPACE)


def test_unmapped_roles_are_reported_and_go_to_the_default_audience(store, workspace):
    with store.session() as s:
        result = import_survey(
            s, workspace, "ana", data("google_forms_roles.csv"), "g.csv",
            mapping={ROLE: "audience"}, value_map={ROLE: {"Other": "general_public"}},
            audience="families", known_audiences=set(AUDIENCES), audience_names=AUDIENCES,
        )  # fmt: skip
    assert result["imported"] == 6
    assert result["audiences"] == {
        "Parent/guardian": "families", "Teacher": "educators", "Student": "students",
        "Community member": "general_public", "Other": "general_public",
    }  # fmt: skip
    with store.session() as s:
        again = import_survey(
            s, workspace, "ana", data("google_forms_roles.csv"), "g.csv",
            mapping={ROLE: "audience"}, audience="families", known_audiences=set(AUDIENCES),
        )  # fmt: skip
    # Without suggestions or a mapping, no role is an audience id: all go to the default,
    # and the message says which answers and how many rows.
    (warning,) = [w for w in again["warnings"] if ROLE in w]
    assert "6 rows" in warning and "'Parent/guardian' (2 rows)" in warning
    assert "'Other' (1 row)" in warning and "families" in warning


def test_unmapped_roles_without_a_default_are_refused(store, workspace):
    with pytest.raises(SurveyFileError) as caught, store.session() as s:
        import_survey(
            s, workspace, "ana", data("google_forms_roles.csv"), "g.csv",
            mapping={ROLE: "audience"}, known_audiences=set(AUDIENCES), audience_names=AUDIENCES,
        )  # fmt: skip
    message = str(caught.value)
    assert "'Other' (1 row, row 7)" in message and "nothing was imported" in message
    assert "--value" in message


# ---- quotes show what people wrote -------------------------------------------------


def test_summary_quotes_are_words_never_ratings_or_roles(store, workspace):
    with store.session() as s:
        import_survey(
            s, workspace, "ana", data("surveymonkey_text_ratings.csv"), "sm.csv",
            audience="families",
        )  # fmt: skip
        import_survey(
            s, workspace, "ana", data("google_forms_roles.csv"), "g.csv",
            mapping={ROLE: "audience"}, audience="families", known_audiences=set(AUDIENCES),
            audience_names=AUDIENCES,
        )  # fmt: skip
    from commplan.store.review import filtered_responses

    with store.session() as s:
        heard = [heard_from(r) for r in filtered_responses(s, workspace, limit=100)]
    said = "\n".join(h.text for h in heard)
    for closed in ("Very clear", "Strongly agree", "Very satisfied", "Parent/guardian",
                   "Teacher", "Yes"):  # fmt: skip
        assert closed not in said.splitlines()
    assert "Send it two weeks earlier so we can plan childcare." in said
    # A response with ratings only has nothing to quote.
    assert any(h.text == "" for h in heard)
    markdown = you_said_we_did_markdown(summarise(heard), "You said, we did")
    assert "> Very clear" not in markdown and "> 4" not in markdown


# ---- "not yet themed" ---------------------------------------------------------------


def test_untagged_responses_are_their_own_group_with_right_counts():
    heard = [
        Heard(1, "families", "heard", "The bus is late.", ("transportation",)),
        Heard(2, "families", "heard", "When is the next meeting?", ()),
    ]
    markdown = you_said_we_did_markdown(summarise(heard), "You said, we did")
    assert "## Not yet themed" in markdown
    assert "> When is the next meeting?" in markdown
    assert "*1 response (heard 1)*" in markdown and "1 responses" not in markdown
    # Untagged comes after the themes, whatever the counts.
    assert markdown.index("## transportation") < markdown.index("## Not yet themed")


def test_a_theme_named_like_the_group_is_still_a_theme():
    heard = [Heard(1, "families", "heard", "x", ("Not yet themed",)),
             Heard(2, "families", "heard", "y", ())]  # fmt: skip
    summaries = summarise(heard)
    assert [(s.theme, s.untagged) for s in summaries] == [
        ("Not yet themed", False), ("Not yet themed", True),
    ]  # fmt: skip


# ---- honest import messages ---------------------------------------------------------


@pytest.mark.parametrize(
    ("result", "message"),
    [
        ({"imported": 0, "duplicates": 8, "skipped": 0}, "0 new responses, 8 already imported"),
        ({"imported": 12, "duplicates": 0, "skipped": 3,
          "skipped_by_cause": {"test previews": 3}},
         "12 new responses; 3 rows skipped (test previews)"),
        ({"imported": 1, "duplicates": 1, "skipped": 1, "skipped_by_cause": {"no answers": 1}},
         "1 new response, 1 already imported; 1 row skipped (no answers)"),
        ({"imported": 5, "duplicates": 0, "skipped": 3,
          "skipped_by_cause": {"test previews": 2, "no answers": 1}},
         "5 new responses; 3 rows skipped (2 test previews, 1 with no answers)"),
    ],
)  # fmt: skip
def test_import_message(result, message):
    assert import_message(result) == message


def test_import_result_counts_skipped_rows_by_cause(store, workspace):
    rows = [
        ["StartDate", "Status", "ResponseId", "Q1"],
        ["Start Date", "Response Type", "Response ID", "Comments"],
        ['{"ImportId":"startDate"}', '{"ImportId":"status"}', '{"ImportId":"_recordId"}',
         '{"ImportId":"QID1_TEXT"}'],
        ["2025-10-01", "IP Address", "R_1", "Fine"],
        ["2025-10-01", "Survey Preview", "R_2", "test"],
        ["2025-10-01", "Survey Preview", "R_3", "test"],
        ["2025-10-01", "IP Address", "R_4", ""],
    ]  # fmt: skip
    with store.session() as s:
        result = import_survey(s, workspace, "ana", text(rows).encode(), "q.csv",
                               audience="families")  # fmt: skip
    assert result["skipped_by_cause"] == {"test previews": 2, "no answers": 1}
    assert result["message"] == (
        "1 new response; 3 rows skipped (2 test previews, 1 with no answers)"
    )


# ---- the command ---------------------------------------------------------------------


@pytest.fixture
def database(tmp_path, monkeypatch):
    """A migrated, seeded database: a copy of the template that Store.upgrade() (what
    `commplan db upgrade` runs) made once for this test process."""
    monkeypatch.setenv("COMMPLAN_DATABASE_URL", migrated_sqlite_url(tmp_path, "a.db"))


def test_cli_maps_role_values_to_audiences(database, capsys):
    path = str(DATA / "google_forms_roles.csv")
    argv = ["feedback", "import", path, "--map", f"{ROLE}=audience",
            "--value", "Other=general_public", "--value", f"{ROLE}:Teacher=educators"]  # fmt: skip
    assert main(argv) == 0
    out = capsys.readouterr()
    summary = json.loads(out.out)
    assert summary["imported"] == 6 and summary["message"] == "6 new responses"
    assert summary["audiences"]["Parent/guardian"] == "families"  # suggested
    assert summary["audiences"]["Other"] == "general_public"  # as asked
    assert "6 new responses" in out.err
    assert main(["feedback", "list"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert Counter(r["audience"] for r in listed) == Counter(
        {"families": 2, "educators": 1, "students": 1, "general_public": 2}
    )
    assert main(argv) == 0
    assert json.loads(capsys.readouterr().out)["message"] == (
        "0 new responses, 6 already imported (#1–#6, left as they were)"
    )


def test_cli_value_mapping_mistakes_are_named(database, capsys):
    path = str(DATA / "google_forms_roles.csv")
    assert main(["feedback", "import", path, "--value", "Other=general_public"]) == 2
    assert "no column is mapped to audience" in capsys.readouterr().err
    assert main(["feedback", "import", path, "--map", f"{ROLE}=audience",
                 "--value", "Other=martians"]) == 2  # fmt: skip
    assert "unknown audience 'martians'" in capsys.readouterr().err
    assert main(["feedback", "import", path, "--map", f"{ROLE}=audience",
                 "--value", "Other"]) == 2  # fmt: skip
    assert "ANSWER=AUDIENCE" in capsys.readouterr().err


def test_cli_summary_has_the_untagged_group_and_counts_themes_right(database, capsys, tmp_path):
    path = str(DATA / "windows1252.csv")
    assert main(["feedback", "import", path, "--map", "Date=received_on",
                 "--audience", "families"]) == 0  # fmt: skip
    capsys.readouterr()
    out = tmp_path / "loop.md"
    assert main(["feedback", "summary", str(out)]) == 0
    assert capsys.readouterr().out.strip() == f"wrote 1 group (not yet themed) to {out}"
    written = out.read_text(encoding="utf-8")
    assert "## Not yet themed" in written and "*3 responses (heard 3)*" in written


def test_closed_answers_by_the_layouts_own_markers():
    """Qualtrics marks typed text "QIDn_TEXT" (anything else from a QID is picked from
    a list); SurveyMonkey says "Response" for one choice from a list, and a checkbox
    column's answer is its label. Those are not words; typed text is."""
    qualtrics = [
        ["StartDate", "ResponseId", "Q1", "Q2"],
        ["Start Date", "Response ID", "Which school?", "Why?"],
        ['{"ImportId":"startDate"}', '{"ImportId":"_recordId"}', '{"ImportId":"QID1"}',
         '{"ImportId":"QID2_TEXT"}'],
        ["2025-10-01", "R_1", "Lincoln Elementary", "Closer to work"],
        ["2025-10-02", "R_2", "Roosevelt Middle School", "My sister goes there"],
    ]  # fmt: skip
    subs = parse_survey(text(qualtrics).encode(), "q.csv").submissions
    assert [s.ratings for s in subs] == [{"Which school?": None}] * 2
    monkey = [
        ["Respondent ID", "Which school?", "Which events did you attend?", "",
         "Anything else?", "Other ideas"],
        ["", "Response", "Family night", "Open house", "Open-Ended Response",
         "Other (please specify)"],
        ["1", "Lincoln Elementary", "Family night", "", "More notice", "A bake sale"],
        ["2", "Roosevelt Middle School", "", "Open house", "", "Carpool list"],
    ]  # fmt: skip
    first, _ = parse_survey(text(monkey).encode(), "sm.csv").submissions
    assert first.ratings == {
        "Which school?": None, "Which events did you attend?: Family night": None,
    }  # fmt: skip
    assert "Other ideas: Other (please specify)" not in first.ratings
    assert heard_from(_stored(first)).text == "More notice\nA bake sale"


def _stored(sub):
    """A parsed submission as the store gives it back (for heard_from)."""
    from types import SimpleNamespace

    return SimpleNamespace(
        id=sub.row, audience_key="families", status="heard", status_note="", themes=[],
        ratings=sub.ratings,
        answers=[SimpleNamespace(question=q, answer=a) for q, a in sub.answers],
    )  # fmt: skip


def test_untagged_group_in_the_word_document():
    import docx

    from commplan.feedback.loop import you_said_we_did_docx

    heard = [Heard(1, "families", "heard", "When is the next meeting?", ())]
    document = docx.Document(io.BytesIO(you_said_we_did_docx(summarise(heard), "Fall")))
    paragraphs = [p.text for p in document.paragraphs]
    assert "Not yet themed" in paragraphs and "1 response (heard 1)" in paragraphs
    assert "When is the next meeting?" in paragraphs


def test_top_themes_quote_someone_who_wrote_something():
    from commplan.feedback.loop import top_themes_by_audience

    heard = [
        Heard(1, "families", "heard", "", ("transportation",)),  # ratings only
        Heard(2, "families", "heard", "The bus is late.", ("transportation",)),
    ]
    assert top_themes_by_audience(heard)["families"] == [("transportation", 2, "The bus is late.")]


def test_the_preview_shows_who_each_row_will_be_recorded_as():
    """What the import tab's preview calls: parse, then resolve_audiences on the batch,
    then forms.preview; nothing is written, and the warnings come before the import."""
    from commplan.feedback.forms import preview
    from commplan.feedback.importer import resolve_audiences

    batch = parse_survey(data("google_forms_roles.csv"), "g.csv", mapping={ROLE: "audience"})
    meant, warnings = resolve_audiences(
        batch, "g.csv", "families", set(AUDIENCES), AUDIENCES, None
    )
    assert meant["Parent/guardian"] == "families" and "Other" not in meant
    (warning,) = warnings
    assert "'Other' (1 row)" in warning and "default audience, families" in warning
    rows = preview(batch, default_audience="families", names=AUDIENCES)
    assert [r["Audience"] for r in rows] == [
        "Families and caregivers", "Teachers and school staff", "Students (all grades)",
        "General public", "Families and caregivers", "Families and caregivers (default)",
    ]  # fmt: skip


def test_each_quote_is_its_own_block_in_markdown():
    """Quote lines one after another make one blockquote paragraph in Markdown: three
    people's words would read as one person's."""
    said = ["Good", "Thanks for asking.", "The bus is late."]
    heard = [Heard(i, "families", "heard", text, ("bus",)) for i, text in enumerate(said)]
    markdown = you_said_we_did_markdown(summarise(heard), "You said, we did")
    assert "> Good\n\n> Thanks for asking.\n\n> The bus is late.\n" in markdown
