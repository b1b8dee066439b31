"""Read survey exports into submissions: Qualtrics, SurveyMonkey, Google Forms,
their .xlsx versions, and any CSV with a column mapping.

Layouts, as the tools document them:
- Qualtrics CSV: three header rows (export tags; question text; ``{"ImportId": ...}``),
  or two in legacy exports (``ResponseID``, ``V1``...). ``Status`` "Survey Preview"
  and "Survey Test" rows are test runs, not respondents, and are skipped.
- SurveyMonkey: two header rows (the question, then the sub-answer or "Response" /
  "Open-Ended Response"); blank question headers continue the previous question.
- Google Forms: one header row starting with ``Timestamp``.

The whole file is read and checked before anything is written: a malformed file
(undecodable, ragged rows, unknown layout without a mapping, too large) raises
``SurveyFileError`` naming the row and the problem. Metadata that identifies a
person (names, email, IP address, location) is dropped unless asked to keep it.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path

from commplan.textio import decode_text

MAX_BYTES = 250_000_000
FORMATS = ("auto", "qualtrics", "surveymonkey", "google-forms", "csv", "xlsx")
MAP_FIELDS = (
    "answer", "response_id", "received_on", "audience", "channel", "ignore", "identifying",
)  # fmt: skip

# Columns that describe the submission, not answers (compared case-insensitively).
METADATA = {
    "startdate", "enddate", "status", "progress", "duration (in seconds)", "finished",
    "recordeddate", "responseid", "distributionchannel", "userlanguage", "responseset",
    "externalreference", "externaldatareference", "respondent id", "collector id",
    "start date", "end date", "timestamp", "score", "q_recaptchascore", "q_relevantidduplicate",
}  # fmt: skip
IDENTIFYING = {
    "ipaddress", "ip address", "recipientemail", "recipientfirstname", "recipientlastname",
    "emailaddress", "email address", "email", "first name", "last name", "name",
    "locationlatitude", "locationlongitude", "custom data 1", "custom data",
}  # fmt: skip
ID_COLUMNS = ("responseid", "respondent id")
DATE_COLUMNS = ("recordeddate", "enddate", "end date", "timestamp", "startdate", "start date")
PREVIEW_STATUSES = {"survey preview", "survey test", "spam"}


class SurveyFileError(ValueError):
    """The file cannot be imported; nothing was written."""


@dataclass(slots=True)
class Submission:
    row: int  # 1-based row in the file, for messages
    answers: list[tuple[str, str]]
    external_id: str | None = None
    received_on: date | None = None
    audience: str | None = None
    channel: str | None = None
    ratings: dict[str, float] = field(default_factory=dict)
    respondent: dict[str, str] | None = None


@dataclass
class SurveyBatch:
    layout: str
    submissions: list[Submission]
    skipped: int = 0
    warnings: list[str] = field(default_factory=list)


def decode(raw: bytes, name: str) -> str:
    if len(raw) > MAX_BYTES:
        raise SurveyFileError(f"{name}: larger than {MAX_BYTES:,} bytes")
    return decode_text(raw, name, SurveyFileError)


def read_csv(text: str, name: str) -> list[list[str]]:
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    except csv.Error as exc:
        raise SurveyFileError(f"{name}: not a valid CSV file ({exc})") from None
    while rows and not any(cell.strip() for cell in rows[-1]):
        rows.pop()  # trailing blank lines
    return rows


def read_xlsx(raw: bytes, name: str) -> list[list[str]]:
    """The first worksheet as rows of text. Read with calamine (Rust): about 1 s for
    100k rows where openpyxl's read-only mode took 11 s. Formula cells give their
    saved values, as Excel shows them."""
    from python_calamine import CalamineWorkbook

    if len(raw) > MAX_BYTES:
        raise SurveyFileError(f"{name}: larger than {MAX_BYTES:,} bytes")
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(raw))
        values = book.get_sheet_by_index(0).to_python(skip_empty_area=False)
    except Exception as exc:  # not a zip, not a workbook, encrypted, no sheet...
        raise SurveyFileError(f"{name}: not a readable .xlsx workbook ({exc})") from None
    rows = [["" if v is None else _cell_text(v) for v in row] for row in values]
    while rows and not any(c.strip() for c in rows[-1]):
        rows.pop()
    width = max((len(r) for r in rows), default=0)
    # Excel pads short rows with empty cells; trailing empties are not "ragged".
    for row in rows:
        while len(row) > width and not row[-1]:
            row.pop()
        row.extend([""] * (width - len(row)))
    return rows


def _cell_text(value: object) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"  # as Excel shows it
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def detect(rows: list[list[str]]) -> str:
    if not rows:
        return "empty"
    head = [c.strip().lower() for c in rows[0]]
    if head and head[0] == "timestamp":
        return "google-forms"
    if head and head[0] == "respondent id":
        return "surveymonkey"
    if "responseid" in head or "responseid" in {c.replace(" ", "") for c in head}:
        if len(rows) > 2 and rows[2] and rows[2][0].lstrip().startswith('{"ImportId"'):
            return "qualtrics"
        return "qualtrics-legacy"
    return "unknown"


def _parse_date(value: str) -> date | None:
    value = value.strip()
    if not value:
        return None
    for candidate in (value, value.replace("/", "-")):
        try:
            return datetime.fromisoformat(candidate).date()
        except ValueError:
            pass
    for fmt in (
        "%m/%d/%Y %H:%M:%S",
        "%m/%d/%Y %I:%M:%S %p",
        "%m/%d/%Y %H:%M",
        "%m/%d/%Y",
        "%m/%d/%y %H:%M",
        "%d/%m/%Y %H:%M:%S",
    ):
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    return None


def _rating(answer: str) -> float | None:
    try:
        value = float(answer)
    except ValueError:
        return None
    return value if 0 <= value <= 10 else None


def _check_ragged(rows: list[list[str]], start: int, width: int, name: str) -> None:
    for i in range(start, len(rows)):
        if len(rows[i]) != width:
            raise SurveyFileError(
                f"{name}: row {i + 1} has {len(rows[i])} fields but the header has {width}; "
                "the file may be cut off or have an unquoted comma"
            )


def _columns(questions: list[str], mapping: dict[str, str], keep_identifying: bool):
    """Classify each column: ('answer', question) | ('id'|'date'|...) | None (drop)."""
    out = []
    for q in questions:
        key = q.strip().lower()
        mapped = mapping.get(q.strip()) or mapping.get(key)
        if mapped:
            out.append((mapped, q))
        elif key in IDENTIFYING:
            out.append(("identifying" if keep_identifying else "ignore", q))
        elif key in ID_COLUMNS:
            out.append(("response_id", q))
        elif key in DATE_COLUMNS:
            out.append((f"date:{DATE_COLUMNS.index(key)}", q))
        elif key == "status":
            out.append(("status", q))
        elif key in METADATA:
            out.append(("ignore", q))
        else:
            out.append(("answer", q))
    return out


def _submissions(rows, first_data_row, kinds, labels, name, batch: SurveyBatch) -> None:
    # Column positions by kind, computed once: the per-row loop only touches what it needs.
    answer_cols = [(j, labels[j]) for j, (kind, _) in enumerate(kinds) if kind == "answer"]
    id_cols = [j for j, (kind, _) in enumerate(kinds) if kind == "response_id"]
    date_cols = sorted(
        (int(kind[5:]) if kind.startswith("date:") else -1, j)
        for j, (kind, _) in enumerate(kinds)
        if kind.startswith("date:") or kind == "received_on"
    )
    status_cols = [j for j, (kind, _) in enumerate(kinds) if kind == "status"]
    audience_cols = [j for j, (kind, _) in enumerate(kinds) if kind == "audience"]
    channel_cols = [j for j, (kind, _) in enumerate(kinds) if kind == "channel"]
    identifying = [(j, column) for j, (kind, column) in enumerate(kinds) if kind == "identifying"]
    legacy = batch.layout == "qualtrics-legacy"
    dates: dict[str, date | None] = {}
    ratings_of: dict[str, float | None] = {}  # short cells repeat ("1".."5", "Yes")
    date_order = [j for _, j in date_cols]
    status_col = status_cols[0] if len(status_cols) == 1 else None
    id_col = id_cols[0] if len(id_cols) == 1 else None
    append = batch.submissions.append

    def first_value(row: list[str], columns: list[int]) -> str:
        for j in columns:
            value = row[j].strip()
            if value:
                return value
        return ""

    for i in range(first_data_row, len(rows)):
        row = rows[i]
        if status_col is not None:
            status = row[status_col].strip().lower()
        else:
            status = first_value(row, status_cols).lower() if status_cols else ""
        # Test runs are not respondents (legacy Qualtrics codes a preview as Status 1).
        if status and (status in PREVIEW_STATUSES or (legacy and status == "1")):
            batch.skipped += 1
            continue
        answers = []
        ratings = {}
        for j, label in answer_cols:
            cell = row[j]
            if cell and not cell.isspace():
                answers.append((label, cell))
                if len(cell) <= 4:
                    rating = ratings_of.get(cell, False)
                    if rating is False:
                        rating = ratings_of[cell] = _rating(cell.strip())
                    if rating is not None:
                        ratings[label] = rating
        if not answers:
            if any(cell.strip() for cell in row):
                batch.skipped += 1
            continue
        received = None
        for j in date_order:
            value = row[j]
            received = dates.get(value, False)
            if received is False:
                text = value.strip()
                received = dates[value] = _parse_date(text) if text else ""
                if received is None:
                    raise SurveyFileError(f"{name}: row {i + 1}: cannot read the date {text!r}")
            if received:
                break
        if id_col is not None:
            external_id = row[id_col].strip() or None
        else:
            external_id = first_value(row, id_cols) or None
        append(
            Submission(
                i + 1,
                answers,
                external_id,
                received or None,
                (first_value(row, audience_cols) or None) if audience_cols else None,
                (first_value(row, channel_cols) or None) if channel_cols else None,
                ratings,
                {column: row[j].strip() for j, column in identifying if row[j].strip()} or None
                if identifying
                else None,
            )
        )


def parse_survey(
    raw: bytes,
    name: str,
    *,
    fmt: str = "auto",
    mapping: dict[str, str] | None = None,
    keep_identifying: bool = False,
) -> SurveyBatch:
    """Parse a whole export; raises SurveyFileError before anything is written."""
    if fmt not in FORMATS:
        raise SurveyFileError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    mapping = {k.strip(): v for k, v in (mapping or {}).items()}
    for column, target in mapping.items():
        if target not in MAP_FIELDS:
            raise SurveyFileError(
                f"--map {column}={target}: unknown field; use {', '.join(MAP_FIELDS)}"
            )
    if not raw.strip():
        raise SurveyFileError(f"{name}: the file is empty")
    is_xlsx = fmt == "xlsx" or raw[:4] == b"PK\x03\x04" or Path(name).suffix.lower() == ".xlsx"
    rows = read_xlsx(raw, name) if is_xlsx else read_csv(decode(raw, name), name)
    layout = detect(rows)
    if fmt not in ("auto", "csv", "xlsx"):
        wanted = {"qualtrics": ("qualtrics", "qualtrics-legacy"), "surveymonkey": ("surveymonkey",),
                  "google-forms": ("google-forms",)}[fmt]  # fmt: skip
        if layout not in wanted:
            raise SurveyFileError(
                f"{name}: does not look like a {fmt} export "
                f"(its first header cell is {rows[0][0]!r})"
            )
    if fmt == "csv" or (layout == "unknown" and mapping):
        layout = "csv"
    if layout == "empty":
        raise SurveyFileError(f"{name}: the file has no rows")
    if layout == "unknown":
        raise SurveyFileError(
            f"{name}: unknown layout (first header cell {rows[0][0]!r}); pass --format, or "
            "map the columns with --map COLUMN=FIELD (e.g. --map 'Submitted=received_on')"
        )
    header = rows[0]
    if layout == "qualtrics":
        labels, first = rows[1], 3
    elif layout == "qualtrics-legacy":
        labels, first = (rows[1] if len(rows) > 1 else header), 2
    elif layout == "surveymonkey":
        if len(rows) < 2:
            raise SurveyFileError(f"{name}: a SurveyMonkey export has two header rows")
        labels, question = [], ""
        for top, sub in zip(header, rows[1] + [""] * (len(header) - len(rows[1])), strict=True):
            question = top.strip() or question
            sub = sub.strip()
            plain = not sub or sub in ("Response", "Open-Ended Response")
            labels.append(question if plain else f"{question}: {sub}")
        first = 2
    else:  # google-forms, csv
        labels, first = header, 1
    _check_ragged(rows, 1, len(header), name)
    kinds = _columns(header, mapping, keep_identifying)
    batch = SurveyBatch(layout=layout, submissions=[])
    _submissions(rows, first, kinds, labels, name, batch)
    if not batch.submissions:
        batch.warnings.append(f"{name}: no submissions with answers were found")
    dropped = [q for (kind, q) in kinds if kind == "ignore" and q.strip().lower() in IDENTIFYING]
    if dropped:
        batch.warnings.append(
            "identifying columns not stored: " + ", ".join(dropped) + " (to keep them, use "
            "--keep-identifying, or check “Keep identifying data” in the app)"
        )
    return batch


def parse_mapping(items: list[str]) -> dict[str, str]:
    """``["Col A=audience", ...]`` -> {"Col A": "audience"}."""
    out = {}
    for item in items:
        column, sep, target = item.rpartition("=")
        if not sep or not column.strip():
            raise SurveyFileError(f"--map {item!r}: write it as COLUMN=FIELD")
        out[column.strip()] = target.strip()
    return out
