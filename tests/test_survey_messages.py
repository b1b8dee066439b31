"""Survey files that cannot be imported get a clear message naming the file and the
problem, from the parser and from `commplan feedback import` (exit 2, nothing
written): empty, binary, wrong encoding, header only, a mapped column missing."""

from __future__ import annotations

import csv
import io
import json

import pytest
from openpyxl import Workbook

from commplan.cli import main
from commplan.feedback.imports import SurveyFileError, parse_survey
from tests.dbtemplate import migrated_sqlite_url

GOOGLE = [["Timestamp", "What should we change?"], ["10/5/2025 14:03:11", "Café hours ✓"]]
LATIN = [GOOGLE[0], ["10/5/2025 14:03:11", "Café hours"]]  # cp1252 has no ✓


def text(rows) -> str:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue()


NEITHER = text(LATIN).encode("cp1252").replace(b"\xe9", b"\x81")


@pytest.mark.parametrize(
    "raw",
    [
        text(GOOGLE).encode("utf-8"),
        "\ufeff".encode() + text(GOOGLE).encode("utf-8"),
        text(GOOGLE).encode("utf-16"),  # with its byte-order mark (little-endian here)
        b"\xfe\xff" + text(GOOGLE).encode("utf-16-be"),
        b"\xff\xfe" + text(GOOGLE).encode("utf-16-le"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16", "utf-16-be-bom", "utf-16-le-bom"],
)
def test_accepted_encodings_read_the_same(raw):
    (sub,) = parse_survey(raw, "survey.csv").submissions
    assert sub.answers == [("What should we change?", "Café hours ✓")]


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"", "survey.csv: the file is empty"),
        (b" \r\n\t\n" * 5_000, "survey.csv: the file is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200), "binary file"),
        (text(GOOGLE).encode("utf-16-le"), "UTF-16 text without a byte-order mark"),
        # Neither UTF-8 nor Windows-1252 (which leaves 0x81 unassigned; a file that is
        # Windows-1252 is read as such: test_survey_real_exports).
        (NEITHER, "not UTF-8 text (byte 0x81 on line 2), nor Windows-1252"),
        # Far into the file (read as a stream): still the line and the byte.
        (text(LATIN[:1] + [["10/5/2025 14:03:11", "fine"]] * 5_000).encode() + NEITHER[
            len(text(LATIN[:1])):], "not UTF-8 text (byte 0x81 on line 5002)"),
    ],
    ids=["empty", "blank", "binary", "utf-16-no-bom", "cp1252", "cp1252-late"],
)  # fmt: skip
def test_unreadable_files_are_named_and_explained(raw, message):
    with pytest.raises(SurveyFileError) as caught:
        parse_survey(raw, "survey.csv")
    assert message in str(caught.value) and "survey.csv" in str(caught.value)


QUALTRICS_HEAD = [
    ["StartDate", "ResponseId", "Q1"],
    ["Start Date", "Response ID", "How clear was it?"],
    ['{"ImportId":"startDate"}', '{"ImportId":"_recordId"}', '{"ImportId":"QID1"}'],
]
SURVEYMONKEY_HEAD = [["Respondent ID", "Start Date", "Comments"],
                     ["", "", "Open-Ended Response"]]  # fmt: skip


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (GOOGLE[:1], "has its header row but no responses"),
        (QUALTRICS_HEAD, "has its header rows but no responses"),
        (SURVEYMONKEY_HEAD, "has its header rows but no responses"),
    ],
    ids=["google-forms", "qualtrics", "surveymonkey"],
)
def test_a_file_with_only_its_header(rows, message):
    with pytest.raises(SurveyFileError, match=message):
        parse_survey(text(rows).encode(), "survey.csv")
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    with pytest.raises(SurveyFileError, match=message):
        parse_survey(out.getvalue(), "survey.xlsx")


def test_a_mapped_column_missing_from_the_file():
    raw = text([["When", "Comment"], ["2025-10-01", "Great night!"]]).encode()
    with pytest.raises(SurveyFileError) as caught:
        parse_survey(raw, "survey.csv", mapping={"When": "received_on", "Who": "audience"})
    message = str(caught.value)
    assert "no column named 'Who' (mapped to audience)" in message
    assert "'When', 'Comment'" in message  # the columns it does have
    # A mapping names a column as the file spells it, or in lower case.
    batch = parse_survey(raw, "survey.csv", mapping={"when": "received_on"})
    assert batch.submissions[0].answers == [("Comment", "Great night!")]


@pytest.fixture
def database(tmp_path, monkeypatch):
    """A migrated, seeded database: a copy of the template that Store.upgrade() (what
    `commplan db upgrade` runs) made once for this test process."""
    monkeypatch.setenv("COMMPLAN_DATABASE_URL", migrated_sqlite_url(tmp_path, "a.db"))


@pytest.mark.parametrize(
    ("content", "extra", "message"),
    [
        (b"", [], "the file is empty"),
        (b"\x00\x01\x02\x03" * 10, [], "binary file"),
        (text(GOOGLE).encode("utf-16-le"), [], "UTF-16 text without a byte-order mark"),
        (NEITHER, [], "not UTF-8 text"),
        (text(GOOGLE[:1]).encode(), [], "header row but no responses"),
        (text(GOOGLE).encode(), ["--map", "Role=audience"], "no column named 'Role'"),
    ],
    ids=["empty", "binary", "utf-16-no-bom", "cp1252", "header-only", "missing-column"],
)
def test_cli_import_messages(tmp_path, database, capsys, content, extra, message):
    path = tmp_path / "survey.csv"
    path.write_bytes(content)
    assert main(["feedback", "import", str(path), "--audience", "families", *extra]) == 2
    err = capsys.readouterr().err
    assert err.startswith("commplan: survey.csv: ") and message in err
    assert "Traceback" not in err
    assert main(["feedback", "list"]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_cli_import_missing_file_and_directory(tmp_path, database, capsys):
    assert main(["feedback", "import", str(tmp_path / "nope.csv"), "--audience", "families"]) == 2
    assert "no such file" in capsys.readouterr().err
    assert main(["feedback", "import", str(tmp_path), "--audience", "families"]) == 2
    assert "is a directory" in capsys.readouterr().err
