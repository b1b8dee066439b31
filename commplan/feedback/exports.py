"""Responses as a table, and that table as CSV or Excel safe to open in a spreadsheet.

Both exports neutralise formula injection as OWASP recommends
(https://owasp.org/www-community/attacks/CSV_Injection): a text cell that starts
with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return, also after blanks or
invisible characters, or with a fullwidth look-alike, gets a leading single quote,
so a spreadsheet shows it as text instead of running it (commplan.spreadsheets). The table shown
in the app keeps the text as it was received.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any

import pandas as pd

from commplan.spreadsheets import neutralise as neutralise  # re-exported
from commplan.spreadsheets import neutralise_frame
from commplan.xmltext import xml_safe

STATUS_LABELS = {"heard": "Heard", "decided": "Decided", "told_back": "Told back"}

COLUMNS = [
    "ID",
    "Received",
    "Audience",
    "Channel",
    "Plan",
    "Key message",
    "Status",
    "Sentiment",
    "Themes",
    "Answers",
    "Ratings",
    "Status note",
]


def _answers_text(answers: Iterable[Any], ratings: Mapping[str, Any] | None = None) -> str:
    """Every answer, "Question: answer", one paragraph each. The person's own words
    come first; closed answers (questions that are keys of ``ratings``: "Very clear",
    "4", a role) follow, in the file's order."""
    closed = set(ratings or ())
    answers = sorted(answers, key=lambda a: (a.question or "").strip() in closed)
    parts = []
    for a in answers:
        question, answer = (a.question or "").strip(), a.answer or ""
        parts.append(f"{question}: {answer}" if question else answer)
    return "\n\n".join(parts)


def _ratings_text(ratings: Mapping[str, Any] | None) -> str:
    """"Clarity: 4; Agree?: 4.33". A closed answer with no rating (None: "N/A", a
    choice) is in the Answers column only."""
    return "; ".join(
        f"{k}: {v:g}" if isinstance(v, float) else f"{k}: {v}"
        for k, v in (ratings or {}).items()
        if v is not None
    )


def responses_table(
    responses: Iterable[Any],
    *,
    audience_names: Mapping[str, str] | None = None,
    plan_names: Mapping[int, str] | None = None,
    key_message_titles: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """One row per response. Audiences, plans and key messages are shown by name
    when the mappings know them, else by id."""
    audience_names = audience_names or {}
    plan_names = plan_names or {}
    key_message_titles = key_message_titles or {}
    rows = []
    for resp in responses:
        plan = "" if resp.plan_id is None else plan_names.get(resp.plan_id, f"plan {resp.plan_id}")
        key_message = resp.key_message or ""
        rows.append(
            {
                "ID": resp.id,
                "Received": resp.received_on,
                "Audience": audience_names.get(resp.audience_key, resp.audience_key),
                "Channel": resp.channel or "",
                "Plan": plan,
                "Key message": key_message_titles.get(key_message, key_message),
                "Status": STATUS_LABELS.get(resp.status, resp.status),
                "Sentiment": resp.sentiment or "",
                "Themes": ", ".join(sorted((t.theme for t in resp.themes), key=str.casefold)),
                "Answers": _answers_text(resp.answers, resp.ratings),
                "Ratings": _ratings_text(resp.ratings),
                "Status note": resp.status_note or "",
            }
        )
    df = pd.DataFrame(rows, columns=COLUMNS)
    return df.astype({"ID": "int64"}) if rows else df


def safe_for_spreadsheet(df: pd.DataFrame) -> pd.DataFrame:
    """The table with every text cell and header neutralised (see commplan.spreadsheets)."""
    out = df.copy()
    out.columns = [str(c) for c in out.columns]
    return neutralise_frame(out)


def to_csv_bytes(df: pd.DataFrame) -> bytes:
    """UTF-8 CSV with a byte-order mark (so Excel reads accents and emoji right),
    every text cell quoted as needed; line breaks inside answers survive."""
    return safe_for_spreadsheet(df).to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def _cell_value(value: Any) -> Any:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if hasattr(value, "item") and not isinstance(value, (str, date, datetime)):
        return value.item()  # numpy scalar
    if isinstance(value, str):
        # XML cannot hold control characters (other than tab and line breaks),
        # U+FFFE/U+FFFF or lone surrogates; openpyxl would refuse the whole workbook.
        return xml_safe(value)
    return value


def to_xlsx_bytes(df: pd.DataFrame, sheet_title: str = "Responses") -> bytes:
    """An Excel workbook of the table: header row frozen, long text wrapped,
    dates as dates, every text cell stored as text (never as a formula)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    safe = safe_for_spreadsheet(df)
    wb = Workbook()
    ws = wb.active
    ws.title = sheet_title
    ws.append([_cell_value(c) for c in safe.columns])
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.data_type = "s"
    ws.freeze_panes = "A2"
    wrap = Alignment(wrap_text=True, vertical="top")
    for row_number, row in enumerate(safe.itertuples(index=False, name=None), start=2):
        for column_number, value in enumerate(row, start=1):
            cell = ws.cell(row=row_number, column=column_number, value=_cell_value(value))
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text, even if it looks like a formula
                if "\n" in cell.value or len(cell.value) > 40:
                    cell.alignment = wrap
            elif isinstance(cell.value, (date, datetime)):
                cell.number_format = "yyyy-mm-dd"
    for column_number, name in enumerate(safe.columns, start=1):
        longest = max(
            [len(str(name))]
            + [
                max((len(line) for line in str(v).splitlines()), default=0)
                for v in safe.iloc[:200, column_number - 1]
            ]
        )
        ws.column_dimensions[get_column_letter(column_number)].width = min(max(longest, 8), 60) + 2
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
