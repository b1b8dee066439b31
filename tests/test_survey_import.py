"""Survey imports: the documented layouts, the awkward cases, and refusal of
malformed files with nothing written."""

from __future__ import annotations

import csv
import gc
import io
import json
from datetime import date, datetime

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from commplan.cli import main
from commplan.feedback.forms import preview
from commplan.feedback.importer import import_survey
from commplan.feedback.imports import SurveyFileError, detect, parse_survey
from commplan.store import Store
from commplan.store.models import Response
from commplan.store.workspaces import DEFAULT_WORKSPACE, get_workspace
from tests.dbtemplate import migrated_sqlite_url


def to_csv(rows, bom=True) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return (("\ufeff" if bom else "") + out.getvalue()).encode("utf-8")


QUALTRICS = [
    ["StartDate", "EndDate", "Status", "IPAddress", "RecordedDate", "ResponseId",
     "RecipientEmail", "Q1", "Q2"],
    ["Start Date", "End Date", "Response Type", "IP Address", "Recorded Date", "Response ID",
     "Recipient Email", "How clear was the letter?", "What should we change?"],
    ['{"ImportId":"startDate"}', '{"ImportId":"endDate"}', '{"ImportId":"status"}',
     '{"ImportId":"ipAddress"}', '{"ImportId":"recordedDate"}', '{"ImportId":"_recordId"}',
     '{"ImportId":"recipientEmail"}', '{"ImportId":"QID1"}', '{"ImportId":"QID2_TEXT"}'],
    ["2025-10-01 09:00:00", "2025-10-01 09:05:00", "IP Address", "10.1.2.3",
     "2025-10-01 09:05:00", "R_1", "ana@example.org", "4", 'More notice,\nplease: "two weeks"'],
    ["2025-10-02 09:00:00", "2025-10-02 09:05:00", "Survey Preview", "", "2025-10-02 09:05:00",
     "R_2", "", "5", "test run"],
    ["2025-10-03 09:00:00", "2025-10-03 09:05:00", "IP Address", "10.1.2.4",
     "2025-10-03 09:05:00", "R_3", "", "2", "The bus is late."],
]  # fmt: skip
LEGACY = [
    ["ResponseID", "ResponseSet", "Name", "EmailAddress", "IPAddress", "Status", "StartDate",
     "EndDate", "Finished", "Q1"],
    ["ResponseID", "ResponseSet", "Name", "EmailAddress", "IPAddress", "Status", "StartDate",
     "EndDate", "Finished", "Anything else?"],
    ["R_9", "Default", "Ana", "ana@x.org", "1.1.1.1", "0", "2014-03-01 10:00:00",
     "2014-03-01 10:04:00", "1", "Thanks for asking."],
    ["R_10", "Default", "", "", "", "1", "2014-03-02 10:00:00", "2014-03-02 10:04:00", "1",
     "preview"],
]  # fmt: skip
SURVEYMONKEY = [
    ["Respondent ID", "Collector ID", "Start Date", "End Date", "IP Address", "Email Address",
     "Which events did you attend?", "", "What should we change?"],
    ["", "", "", "", "", "", "Family night", "Open house", "Open-Ended Response"],
    ["1001", "55", "10/01/2025 09:00:00 AM", "10/01/2025 09:04:00 AM", "1.2.3.4", "",
     "Family night", "", "Start later."],
    ["1002", "55", "10/02/2025 09:00:00 AM", "10/02/2025 09:04:00 AM", "1.2.3.5", "",
     "", "Open house", "Nothing, thanks"],
]  # fmt: skip
GOOGLE = [
    ["Timestamp", "Email Address", "What is your child's school?", "Any questions?"],
    ["10/5/2025 14:03:11", "dad@example.org", "Lincoln", "When does the bus come?"],
    ["10/6/2025 08:00:00", "", "Roosevelt", ""],
]


def parse(rows, **kw):
    return parse_survey(to_csv(rows), "survey.csv", **kw)


def test_detects_layouts():
    assert detect(QUALTRICS) == "qualtrics"
    assert detect(LEGACY) == "qualtrics-legacy"
    assert detect(SURVEYMONKEY) == "surveymonkey"
    assert detect(GOOGLE) == "google-forms"
    assert detect([["name", "comment"]]) == "unknown"


def test_qualtrics_keeps_answers_with_questions_and_skips_preview():
    batch = parse(QUALTRICS)
    assert batch.layout == "qualtrics" and batch.skipped == 1
    first, _ = batch.submissions
    assert first.external_id == "R_1" and first.received_on == date(2025, 10, 1)
    assert first.answers == [
        ("How clear was the letter?", "4"),
        ("What should we change?", 'More notice,\nplease: "two weeks"'),
    ]
    assert first.ratings == {"How clear was the letter?": 4.0}
    assert first.respondent is None  # identifying metadata not kept by default
    assert any("identifying columns not stored" in w for w in batch.warnings)
    kept = parse(QUALTRICS, keep_identifying=True).submissions[0].respondent
    assert kept == {"IPAddress": "10.1.2.3", "RecipientEmail": "ana@example.org"}


def test_preview_shows_what_will_be_recorded():
    names = {"families": "Families and caregivers"}
    rows = preview(parse(QUALTRICS), default_audience="families", names=names)
    assert [r["Audience"] for r in rows] == ["Families and caregivers (default)"] * 2
    assert rows[0]["What should we change?"] == 'More notice,\nplease: "two weeks"'
    undated = [r[:] for r in QUALTRICS]
    for i in (0, 1, 4):  # no date in any date column
        undated[3][i] = ""
    assert preview(parse(undated))[0]["Received"] == "today (no date)"
    unanswered = [r[:] for r in QUALTRICS]
    unanswered[3][8] = ""  # the first respondent skipped the open question
    rows = preview(parse(unanswered))
    assert rows[0]["What should we change?"] == ""  # blank, not missing
    assert list(rows[0]) == list(rows[1])


def test_legacy_qualtrics_two_header_rows():
    batch = parse(LEGACY)
    assert batch.layout == "qualtrics-legacy" and batch.skipped == 1
    (sub,) = batch.submissions
    assert sub.answers == [("Anything else?", "Thanks for asking.")]
    assert sub.received_on == date(2014, 3, 1)


def test_surveymonkey_sub_answers():
    batch = parse(SURVEYMONKEY)
    first, second = batch.submissions
    assert first.external_id == "1001" and first.received_on == date(2025, 10, 1)
    assert first.answers == [
        ("Which events did you attend?: Family night", "Family night"),
        ("What should we change?", "Start later."),
    ]
    assert second.answers[0] == ("Which events did you attend?: Open house", "Open house")


def test_google_forms():
    batch = parse(GOOGLE)
    assert [s.received_on for s in batch.submissions] == [date(2025, 10, 5), date(2025, 10, 6)]
    assert batch.submissions[0].answers[1] == ("Any questions?", "When does the bus come?")
    assert batch.submissions[0].respondent is None


def test_xlsx_version():
    book = Workbook()
    sheet = book.active
    for row in QUALTRICS:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    batch = parse_survey(buffer.getvalue(), "survey.xlsx")
    assert batch.layout == "qualtrics" and len(batch.submissions) == 2
    assert batch.submissions[0].answers[1][1] == 'More notice,\nplease: "two weeks"'


def test_xlsx_typed_cells_read_as_excel_shows_them():
    """Google Forms and SurveyMonkey .xlsx exports hold real dates and numbers."""
    book = Workbook()
    sheet = book.active
    sheet.append(["Timestamp", "Rating", "Stars", "Agreed", "Comment"])
    sheet.append([datetime(2025, 10, 5, 14, 3, 11), 4, 4.5, True, "Fine"])
    sheet.append([datetime(2025, 10, 6, 8, 0), 5, 2.0, False, None])
    buffer = io.BytesIO()
    book.save(buffer)
    first, second = parse_survey(buffer.getvalue(), "form.xlsx").submissions
    assert first.received_on == date(2025, 10, 5)
    assert first.answers == [("Rating", "4"), ("Stars", "4.5"), ("Agreed", "TRUE"),
                             ("Comment", "Fine")]  # fmt: skip
    assert first.ratings == {"Rating": 4.0, "Stars": 4.5}
    assert second.answers == [("Rating", "5"), ("Stars", "2"), ("Agreed", "FALSE")]


def test_a_workbook_whose_sheet_is_empty_is_refused():
    buffer = io.BytesIO()
    Workbook().save(buffer)
    with pytest.raises(SurveyFileError, match="no rows"):
        parse_survey(buffer.getvalue(), "empty.xlsx")


def test_a_column_with_a_metadata_name_can_be_mapped_to_an_answer():
    """A column called "Score" or "Status" can be a real question: COL=answer keeps it."""
    rows = [["Timestamp", "Score", "Comment"], ["10/5/2025 14:03:11", "7", "Great night!"]]
    (sub,) = parse(rows).submissions
    assert sub.answers == [("Comment", "Great night!")]  # read as metadata by default
    (sub,) = parse(rows, mapping={"Score": "answer"}).submissions
    assert sub.answers == [("Score", "7"), ("Comment", "Great night!")]
    with pytest.raises(SurveyFileError, match="unknown field"):
        parse(rows, mapping={"Score": "question"})  # was accepted and dropped the column


def test_generic_csv_needs_a_mapping():
    rows = [["When", "Who", "Comment"], ["2025-10-01", "families", "Great night!"]]
    with pytest.raises(SurveyFileError, match="unknown layout"):
        parse(rows)
    batch = parse(rows, mapping={"When": "received_on", "Who": "audience"})
    (sub,) = batch.submissions
    assert sub.audience == "families" and sub.answers == [("Comment", "Great night!")]


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"", "empty"),
        # Not UTF-8, and not Windows-1252 either (0x81 is unassigned there).
        (b"Timestamp,Q1\n10/5/2025,caf\x81", "not UTF-8 text .*nor Windows-1252"),
        (b"\x00\x01binary", "binary"),
        (to_csv([["Timestamp", "Q"], ["10/5/2025 14:03:11", "a", "extra"]]), "row 2 has 3 fields"),
        (to_csv([["Timestamp", "Q"], ["yesterday", "a"]]), "row 2: cannot read the date"),
        (b"PK\x03\x04not really a zip", "not a readable .xlsx"),
    ],
)
def test_malformed_files_are_refused(raw, message):
    with pytest.raises(SurveyFileError, match=message):
        parse_survey(raw, "survey.csv")


@pytest.fixture
def store(tmp_path):
    """A migrated, seeded database (a copy of the template Store.upgrade() made)."""
    store = Store(migrated_sqlite_url(tmp_path, "db.sqlite"))
    yield store
    store.dispose()


def count(store):
    with store.session() as s:
        return s.scalar(select(func.count()).select_from(Response))


def test_import_and_reimport_does_not_duplicate(store):
    with store.session() as s:
        ws = get_workspace(s, DEFAULT_WORKSPACE)
        first = import_survey(s, ws, "ana", to_csv(QUALTRICS), "q.csv", audience="families")
    assert first["imported"] == 2 and first["skipped"] == 1 and first["duplicates"] == 0
    with store.session() as s:
        again = import_survey(s, ws, "ana", to_csv(QUALTRICS), "q.csv", audience="families")
    assert again["imported"] == 0 and again["duplicates"] == 2
    assert count(store) == 2


def test_bad_row_means_nothing_is_written(store):
    rows = [r[:] for r in QUALTRICS]
    rows[5][4] = "not a date"
    with store.session() as s:
        ws = get_workspace(s, DEFAULT_WORKSPACE)
    with pytest.raises(SurveyFileError, match="row 6"), store.session() as s:
        import_survey(s, ws, "ana", to_csv(rows), "q.csv", audience="families")
    assert count(store) == 0


def test_import_pauses_the_collector_and_restores_it(store):
    """The import runs with the cyclic GC paused (a third of its time at 100k rows) and
    leaves it as it found it, also when the file is refused."""
    states = []
    bad = [r[:] for r in QUALTRICS]
    bad[5][4] = "not a date"
    with store.session() as s:
        ws = get_workspace(s, DEFAULT_WORKSPACE)
    was = gc.isenabled()
    try:
        for enabled in (True, False):
            gc.enable() if enabled else gc.disable()
            with store.session() as s:
                import_survey(
                    s, ws, "ana", to_csv(QUALTRICS), "q.csv", audience="families",
                    progress=lambda done, total: states.append(gc.isenabled()),
                )  # fmt: skip
            assert gc.isenabled() is enabled
            with pytest.raises(SurveyFileError), store.session() as s:
                import_survey(s, ws, "ana", to_csv(bad), "q.csv", audience="families")
            assert gc.isenabled() is enabled
    finally:
        gc.enable() if was else gc.disable()
    assert states == [False, False]


def test_received_date_falls_back_through_the_date_columns():
    rows = [r[:] for r in QUALTRICS]
    rows[3][4] = ""  # no RecordedDate: EndDate is next
    rows[5][1] = "2025-12-31 23:00:00"  # EndDate given, but RecordedDate comes first
    subs = parse(rows).submissions
    assert [s.received_on for s in subs] == [date(2025, 10, 1), date(2025, 10, 3)]
    rows[3][1] = ""  # neither: StartDate
    rows[3][0] = "2025-09-30 08:00:00"
    assert parse(rows).submissions[0].received_on == date(2025, 9, 30)


def test_unknown_audience_is_refused(store):
    with store.session() as s:
        ws = get_workspace(s, DEFAULT_WORKSPACE)
    with pytest.raises(SurveyFileError, match="unknown audience"), store.session() as s:
        import_survey(
            s,
            ws,
            "ana",
            to_csv(QUALTRICS),
            "q.csv",
            audience="martians",
            known_audiences={"families"},
        )


def test_cli_import_and_list(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("COMMPLAN_DATABASE_URL", f"sqlite:///{tmp_path / 'a.db'}")
    main(["db", "upgrade"])
    capsys.readouterr()
    path = tmp_path / "q.csv"
    path.write_bytes(to_csv(QUALTRICS))
    assert main(["feedback", "import", str(path), "--audience", "families"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary == {
        "imported": 2,
        "skipped": 1,
        "duplicates": 0,
        "warnings": summary["warnings"],
        "skipped_by_cause": {"test previews": 1},
        "audiences": {},
        "message": "2 new responses; 1 row skipped (test preview)",
    }
    assert main(["feedback", "list", "--format", "json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert {r["answers"][0]["answer"] for r in listed} == {"4", "2"}
    assert main(["feedback", "list", "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert len(rows) == 2
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"\x00\x01")
    assert main(["feedback", "import", str(bad), "--audience", "families"]) == 2
    assert "binary" in capsys.readouterr().err


def test_cli_list_neutralises_formulas(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("COMMPLAN_DATABASE_URL", f"sqlite:///{tmp_path / 'a.db'}")
    main(["db", "upgrade"])
    path = tmp_path / "g.csv"
    path.write_bytes(
        to_csv(
            [
                ["Timestamp", "Comment"],
                ["10/5/2025 14:03:11", "=1+2"],
                ["10/6/2025 14:03:11", "@SUM(A1)"],
            ]
        )
    )
    main(["feedback", "import", str(path), "--audience", "families", "--channel", "=HYPERLINK(x)"])
    capsys.readouterr()
    main(["feedback", "list", "--format", "csv"])
    cells = [c for row in csv.reader(io.StringIO(capsys.readouterr().out)) for c in row]
    assert "'=HYPERLINK(x)" in cells
    assert not [c for c in cells if c.startswith(("=", "+", "-", "@", "\t", "\r"))]


def test_cli_analyse_and_summary(tmp_path, monkeypatch, capsys):
    import docx

    monkeypatch.setenv("COMMPLAN_DATABASE_URL", f"sqlite:///{tmp_path / 'a.db'}")
    main(["db", "upgrade"])
    path = tmp_path / "q.csv"
    path.write_bytes(to_csv(QUALTRICS))
    main(["feedback", "import", str(path), "--audience", "families"])
    capsys.readouterr()
    assert main(["feedback", "analyse"]) == 0
    assert json.loads(capsys.readouterr().out) == {"analysed": 2}
    assert main(["feedback", "analyse"]) == 0  # nothing left to analyse
    assert json.loads(capsys.readouterr().out) == {"analysed": 0}
    listed = json.loads((main(["feedback", "list"]), capsys.readouterr().out)[1])
    assert all(r["sentiment"] for r in listed)
    assert main(["feedback", "summary", str(tmp_path / "loop.docx")]) == 0
    assert docx.Document(str(tmp_path / "loop.docx")).paragraphs[0].text == "You said, we did"
    assert main(["feedback", "summary", str(tmp_path / "loop.pdf")]) == 2


# A Google Forms export with a role column, as a new user's first survey (with a BOM,
# a quoted comma, a line break inside an answer).
ROLES = [
    ["Timestamp", "Email Address", "I am a...", "How did you hear about it?",
     "What makes it hard to get to school on time?", "How clear was our letter? (1-5)"],
    ["12/1/2026 8:14:03", "ana@example.com", "Parent/Guardian", "Text message",
     'The bus is late, "almost every day".', "4"],
    ["12/1/2026 9:02:44", "", "Teacher", "Staff meeting", "Nothing.\nBut 7:45 is early.", "5"],
    ["12/2/2026 10:15:00", "", "Grandparent raising grandchild", "Church bulletin",
     "I don't drive.", "4"],
]  # fmt: skip
ROLE_AUDIENCES = {"families": "Families", "educators": "Educators", "general_public": "Public"}


def roles_xlsx(rows) -> bytes:
    """The same export saved as .xlsx: dates as real date-times, ratings as numbers."""
    book = Workbook()
    sheet = book.active
    sheet.append(rows[0])
    for row in rows[1:]:
        when = datetime.strptime(row[0], "%m/%d/%Y %H:%M:%S")
        sheet.append([when, *row[1:-1], int(row[-1])])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.parametrize("second", ["csv", "xlsx"])
def test_reimport_with_another_column_mapping_is_not_counted_twice(store, second):
    """Imported with the role column as the audience, then again with it left as an
    answer (or the other way round): the rows are the same people, already recorded,
    and the result names the responses they match."""
    options = dict(audience="general_public", known_audiences=set(ROLE_AUDIENCES),
                   audience_names=ROLE_AUDIENCES)  # fmt: skip
    with store.session() as s:
        ws = get_workspace(s, DEFAULT_WORKSPACE)
        first = import_survey(
            s, ws, "ana", to_csv(ROLES), "survey.csv", mapping={"I am a...": "audience"},
            value_map={"I am a...": {"Grandparent raising grandchild": "families"}}, **options,
        )  # fmt: skip
    assert first["imported"] == 3 and first["duplicates"] == 0
    with store.session() as s:
        ids = sorted(s.scalars(select(Response.id)))
    raw = to_csv(ROLES) if second == "csv" else roles_xlsx(ROLES)
    with store.session() as s:
        again = import_survey(s, ws, "ana", raw, f"survey.{second}", **options)
    assert again["imported"] == 0 and again["duplicates"] == 3
    assert again["already_recorded"] == ids
    listed = f"#{ids[0]}–#{ids[-1]}"
    assert again["message"] == f"0 new responses, 3 already imported ({listed}, left as they were)"
    assert any("not applied" in w and f"#{ids[0]}–#{ids[-1]}" in w for w in again["warnings"])
    assert count(store) == 3
    # And back: mapped again, still the same three.
    with store.session() as s:
        third = import_survey(
            s, ws, "ana", raw, f"survey.{second}", mapping={"I am a...": "audience"}, **options
        )
    assert third["imported"] == 0 and third["duplicates"] == 3


def test_rows_recorded_before_row_identity_are_still_known(store):
    """Responses imported before rows had their own identity were recorded under a hash
    of their content as read then: importing the same file again still finds them."""
    from commplan.store.records import bulk_add_responses

    batch = parse_survey(to_csv(ROLES), "survey.csv")
    with store.session() as s:
        ws = get_workspace(s, DEFAULT_WORKSPACE)
        legacy = [
            {"audience_key": "families", "channel": "google-forms", "received_on": sub.received_on,
             "answers": sub.answers, "source": "import:google-forms"}
            for sub in batch.submissions
        ]  # fmt: skip
        bulk_add_responses(s, ws, "ana", legacy)
    with store.session() as s:
        again = import_survey(s, ws, "ana", to_csv(ROLES), "survey.csv", audience="families")
    assert again["imported"] == 0 and again["duplicates"] == 3
    assert count(store) == 3


def shuffled(rows, order):
    """The same export with its columns in another order (a Google Forms or Excel
    re-export does this)."""
    return [[row[j] for j in order] for row in rows]


@pytest.mark.parametrize("order", [[0, 4, 5, 2, 1, 3], [0, 5, 4, 3, 2, 1]])
def test_a_reimport_with_the_columns_in_another_order_adds_nothing(store, order):
    """A QA run: the same survey export with its columns in another order was not
    known as the same rows, and every row was imported twice."""
    with store.session() as s:
        ws = get_workspace(s, DEFAULT_WORKSPACE)
        first = import_survey(s, ws, "ana", to_csv(ROLES), "survey.csv", audience="families")
    assert first["imported"] == 3
    with store.session() as s:
        again = import_survey(
            s, ws, "ana", to_csv(shuffled(ROLES, order)), "survey.csv", audience="families"
        )
    assert again["imported"] == 0 and again["duplicates"] == 3, again["message"]
    assert count(store) == 3


# The identities the ROLES rows were recorded under before a row's identity followed
# its columns by name (the cells hashed in the file's column order): written by that
# version, so a database it filled still holds them.
ROLES_IDENTITIES_IN_FILE_ORDER = [
    "d9d3f54eecde33c3ac3d1730ecb5c5f1b6d0c751395e5051b4ca5d3dffbd01ed",
    "1ebf7cc8c0b2c22a78199a5517bee9cd1fad60558ce82b3f396629b54839215d",
    "4ca3a59cbbb9b31b4487505f3a0ebf0bd80a3ae40b285350b8e5cffcff04fe01",
]


def test_rows_recorded_by_their_cells_in_file_order_are_still_known(store):
    """Rows an earlier version imported were recorded under a hash of their cells in
    the file's column order: importing the same file again adds nothing."""
    from commplan.store.records import bulk_add_responses

    batch = parse_survey(to_csv(ROLES), "survey.csv")
    with store.session() as s:
        ws = get_workspace(s, DEFAULT_WORKSPACE)
        earlier = [
            {"audience_key": "families", "channel": "Survey", "received_on": sub.received_on,
             "answers": sub.answers, "source": "import:google-forms", "identity": identity}
            for sub, identity in zip(batch.submissions, ROLES_IDENTITIES_IN_FILE_ORDER, strict=True)
        ]  # fmt: skip
        bulk_add_responses(s, ws, "ana", earlier)
    for rows in (ROLES, ROLES[:1] + ROLES[2:] + ROLES[1:2]):  # row order does not matter
        with store.session() as s:
            again = import_survey(s, ws, "ana", to_csv(rows), "survey.csv", audience="families")
        assert again["imported"] == 0 and again["duplicates"] == 3, again["message"]
    assert count(store) == 3


def test_a_row_is_the_same_row_whatever_the_order_of_its_columns():
    from commplan.feedback.imports import row_identity

    header = ["Timestamp", "Comment", "Grade"]
    same = row_identity(header, ["12/1/2026 8:14:03", "Hi", "3"])
    assert row_identity(["Grade", "Timestamp", "Comment"], ["3", "12/1/2026 8:14:03", "Hi"]) == same
    assert row_identity(["Comment ", "grade", "TIMESTAMP"], ["Hi", "3", "12/1/2026 8:14:03"]) == (
        same
    )
    # Each cell stays with its column: the same cells under others are another row.
    assert row_identity(header, ["12/1/2026 8:14:03", "3", "Hi"]) != same
    assert row_identity(["Timestamp", "Grade", "Comment"], ["12/1/2026 8:14:03", "Hi", "3"]) != same
    # Two columns of one name (a question asked twice): either order is the same row.
    twice = ["Timestamp", "Comment", "Comment"]
    assert row_identity(twice, ["12/1/2026 8:14:03", "a", "b"]) == row_identity(
        twice, ["12/1/2026 8:14:03", "b", "a"]
    )
    assert row_identity(twice, ["12/1/2026 8:14:03", "a", "b"]) != row_identity(
        twice, ["12/1/2026 8:14:03", "a", "c"]
    )


def test_a_row_is_the_same_row_whatever_the_date_spelling():
    from commplan.feedback.imports import row_identity

    header = ["Timestamp", "Comment"]
    same = row_identity(header, ["12/1/2026 8:14:03", "Hi"])
    assert row_identity(header, ["2026-12-01 08:14:03", "Hi"]) == same
    assert row_identity(header, ["12/1/2026 8:14:03 AM", "Hi"]) == same
    assert row_identity(["timestamp ", "Comment"], ["1/12/2026 8:14:03", "Hi"]) == same
    assert row_identity(header, ["12/1/2026 8:14:03", "Hi\r\nthere"]) == row_identity(
        header, ["12/1/2026 8:14:03", "Hi\nthere"]
    )
    assert row_identity(header, ["12/1/2026 8:14:04", "Hi"]) != same
    assert row_identity(header, ["12/1/2026 8:14:03", "Hi!"]) != same
    assert row_identity(header, ["12/1/2026 8:14:03 PM", "Hi"]) != same


def test_an_import_with_no_channel_given_records_a_channel_people_say(store):
    """A QA run found imported responses under the channel "google-forms" (the
    layout's id) when the Channel box was left empty."""
    with store.session() as s:
        ws = get_workspace(s, DEFAULT_WORKSPACE)
        import_survey(s, ws, "ana", to_csv(ROLES), "survey.csv", audience="families")
        import_survey(s, ws, "ana", to_csv(QUALTRICS), "q.csv", audience="families")
    with store.session() as s:
        channels = {x.source: x.channel for x in s.scalars(select(Response))}
    assert channels == {"import:google-forms": "Survey (Google Forms)",
                        "import:qualtrics": "Survey (Qualtrics)"}  # fmt: skip
    rows = [["When", "Comment"], ["2026-10-01", "Fine."]]
    with store.session() as s:
        import_survey(s, ws, "ana", to_csv(rows), "x.csv", audience="families",
                      mapping={"When": "received_on"}, channel="  ")  # fmt: skip
    with store.session() as s:
        (mapped,) = s.scalars(select(Response).where(Response.source == "import:csv"))
    assert mapped.channel == "Survey"


QA_SURVEY = [
    ["Timestamp", "Email Address", "I am a...", "How did you hear about the attendance campaign?",
     "What makes it hard to get your child to school on time?",
     "Anything else you want us to know?", "How clear was our letter? (1-5)"],
    ["12/1/2026 8:14:03", "ana@example.com", "Parent/Guardian", "Text message",
     'The bus is late, "almost every day", and my kids end up marked tardy.',
     "Gracias por preguntar 🙏", "4"],
    ["12/1/2026 9:02:44", "", "Teacher", "Staff meeting",
     "Honestly? Nothing, my students' families are great.\nBut the 7:45 start is brutal.", "", "5"],
    ["12/2/2026 7:55:00", "", "Community member", "Newspaper", "Buses.", "@SUM(1+1)", "3"],
    ["12/2/2026 10:11:11", "", "Student", "Friend", "idk school is boring lol 💤💤💤", "", ""],
    ["12/2/2026 10:15:00", "", "Grandparent raising grandchild", "Church bulletin",
     "I don’t drive and the “walking school bus” doesn’t come to our street.", "", "4"],
]  # fmt: skip


def test_a_survey_rows_words_are_the_comment_not_the_first_choice_column(store):
    """A QA run saw cards titled "Community member" and quotes "Grandparent raising
    grandchild Church bulletin I don't drive...": Google Forms does not say which
    questions are choices. Short picks from a list ("I am a...", "How did you hear")
    are now closed answers (details), and the person's comments are their words."""
    from commplan.feedback.exports import _answers_text
    from commplan.feedback.loop import ratings_said, words_said

    batch = parse_survey(to_csv(QA_SURVEY), "survey.csv")
    role, heard = QA_SURVEY[0][2], QA_SURVEY[0][3]
    for sub in batch.submissions:
        assert role in sub.ratings and sub.ratings[role] is None
        assert heard in sub.ratings and sub.ratings[heard] is None
    with store.session() as s:
        ws = get_workspace(s, DEFAULT_WORKSPACE)
        import_survey(s, ws, "ana", to_csv(QA_SURVEY), "survey.csv", audience="families")
    with store.session() as s:
        saved = sorted(s.scalars(select(Response)), key=lambda x: x.id)
        said = [words_said(x) for x in saved]
        assert said[0] == [QA_SURVEY[1][4], "Gracias por preguntar 🙏"]
        assert said[2] == ["Buses.", "@SUM(1+1)"]
        assert said[4] == [QA_SURVEY[5][4]]
        # The choices are still there, labelled, after the words.
        assert ratings_said(saved[4]).startswith(f"{role}: Grandparent raising grandchild; ")
        assert _answers_text(saved[4].answers, saved[4].ratings).startswith(
            f"{QA_SURVEY[0][4]}: I don’t drive"
        )


def test_a_file_of_short_answers_only_keeps_them_as_words():
    rows = [["Timestamp", "Which school?", "One word for us"],
            ["12/1/2026 8:14:03", "Lincoln", "Thanks"],
            ["12/1/2026 9:14:03", "Adams", "Buses"]]  # fmt: skip
    (first, _) = parse_survey(to_csv(rows), "s.csv").submissions
    assert first.ratings == {}
    # A sentence, an emoji, a symbol: never a choice; the plain column next to it is.
    for comment in ("Lincoln. Great school!", "Lincoln 🙏", "@SUM(1+1)"):
        rows[1][1] = comment
        (first, _) = parse_survey(to_csv(rows), "s.csv").submissions
        assert first.ratings == {"One word for us": None}


def test_import_messages_for_the_app_name_its_controls_not_flags(store):
    """The import's own messages (not copies), as the app shows them: no command-line
    flag left; the CLI keeps them."""
    from commplan.feedback.forms import for_the_app
    from commplan.feedback.imports import Limits

    export = [["Timestamp", "Email Address", "Role", "What should we change?"],
              ["03/04/2026 10:00:00", "ana@example.org", "Bus driver", "Later buses"]]  # fmt: skip
    with store.session() as s:
        ws = get_workspace(s, DEFAULT_WORKSPACE)
        done = import_survey(
            s, ws, "ana", to_csv(export), "form.csv", mapping={"Role": "audience"},
            audience="families", known_audiences={"families", "educators"},
        )  # fmt: skip
    messages = list(done["warnings"])
    assert any("--date-order" in m for m in messages) and any("--value" in m for m in messages)
    for failing in (
        lambda: import_survey(None, ws, "ana", to_csv(export), "form.csv",
                              mapping={"Role": "audience"}, known_audiences={"families"}),
        lambda: parse_survey(to_csv(export), "form.csv", limits=Limits(max_cell_chars=5)),
    ):  # fmt: skip
        with pytest.raises(SurveyFileError) as exc:
            failing()
        messages.append(str(exc.value))
    assert len(messages) == 5
    for message in messages:
        shown = for_the_app(message)
        assert "--" not in shown and "in the app" not in shown, shown
    shown = [for_the_app(m) for m in messages]
    assert any("“Day/month” under Dates" in m for m in shown)
    assert any("check “Keep identifying data”)" in m for m in shown)
    assert any("under “Who answered”" in m for m in shown)
    assert shown[-1].endswith("the limit is 5 characters")


# Comment cards from a family night, typed into a spreadsheet: no response ID and no
# time of day, so three parents who gave a 5 and wrote nothing have identical rows.
CARDS = [
    ["Date", "Role", "How useful was tonight? (1-5)", "Comment"],
    ["10/9/2025", "Parent", "5", ""],
    ["10/9/2025", "Parent", "5", ""],
    ["10/9/2025", "Parent", "5", ""],
    ["10/9/2025", "Parent", "4", "More notice please"],
    ["10/9/2025", "Teacher", "5", ""],
]
CARDS_OPTIONS = dict(
    audience="families", fmt="csv", mapping={"Date": "received_on", "Role": "audience"},
    value_map={"Role": {"Parent": "families", "Teacher": "educators"}},
)  # fmt: skip


def test_identical_rows_in_one_file_are_each_imported(store):
    """A QA run: five comment cards imported into an empty workspace gave "3 new
    responses, 2 already imported": two parents' identical cards were dropped as
    duplicates of the first, and said to have been imported before. Rows of one file
    are different people; only a row recorded by an earlier import is a duplicate."""
    with store.session() as s:
        ws = get_workspace(s, DEFAULT_WORKSPACE)
        first = import_survey(s, ws, "ana", to_csv(CARDS), "cards.csv", **CARDS_OPTIONS)
    assert (first["imported"], first["duplicates"]) == (5, 0), first["message"]
    assert first["message"] == "5 new responses"
    assert count(store) == 5
    # The same file again (rows in another order too): all five are known.
    for rows in (CARDS, [CARDS[0], *reversed(CARDS[1:])]):
        with store.session() as s:
            again = import_survey(s, ws, "ana", to_csv(rows), "cards.csv", **CARDS_OPTIONS)
        assert (again["imported"], again["duplicates"]) == (0, 5), again["message"]
    # A later copy of the sheet with a fourth identical card typed in: one new response.
    with store.session() as s:
        more = import_survey(
            s, ws, "ana", to_csv([*CARDS, CARDS[1]]), "cards.csv", **CARDS_OPTIONS
        )
    assert (more["imported"], more["duplicates"]) == (1, 5), more["message"]
    assert count(store) == 6
