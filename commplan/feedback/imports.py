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

Size limits (``Limits``) are checked before a file is read whole: an .xlsx is a zip,
and a few hundred kilobytes can unpack to gigabytes (a "zip bomb"), or name a cell
at the sheet's far corner so the reader lays out billions of empty cells. Its parts'
unpacked sizes (as the zip declares them; the reader refuses a part larger than
declared) and the sheet's extent (from the cell references, scanned while
streaming) are checked first. A CSV is read as a stream: a cell over the limit stops
the reading there. Each refusal names the limit, its value and the option to raise it.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field, fields
from datetime import date, datetime, time
from pathlib import Path
from typing import BinaryIO

from commplan.textio import clean_controls, decode_text


@dataclass(frozen=True)
class Limits:
    """What a survey file may hold. Each is an argument of ``parse_survey`` (via
    ``limits=``) and an option of ``commplan feedback import`` (``--max-cell-chars``...)."""

    max_bytes: int = 250_000_000  # the file as given
    max_uncompressed_bytes: int = 500_000_000  # .xlsx: all of its parts, unpacked
    max_member_bytes: int = 300_000_000  # .xlsx: any one part, unpacked
    max_compression_ratio: int = 100  # .xlsx: unpacked/packed, for parts over 1 MB
    max_cell_chars: int = 32_767  # Excel's own limit for one cell
    max_columns: int = 500
    max_rows: int = 1_000_000  # rows in the file, header rows included
    max_cells: int = 30_000_000  # .xlsx: rows x columns the first sheet spans
    max_parts: int = 10_000  # .xlsx: files inside the zip (a workbook has a few dozen)

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
                raise SurveyFileError(f"{option(f.name)} must be a positive whole number")


def option(limit: str) -> str:
    """The command-line option for a limit: max_cell_chars -> --max-cell-chars."""
    return "--" + limit.replace("_", "-")


DEFAULT_LIMITS = Limits()
MAX_BYTES = DEFAULT_LIMITS.max_bytes
RATIO_FLOOR = 1_000_000  # parts smaller than this unpacked are not checked for ratio
CHUNK = 1 << 20  # bytes (or characters) read at a time from a stream
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
    cleaned: int = 0  # answers that had invisible control characters removed


def _refuse(name: str, problem: str, limit: str, value: int, unit: str = "") -> SurveyFileError:
    unit = f" {unit}" if unit else ""
    return SurveyFileError(
        f"{name}: refused, nothing was imported: {problem}; the limit is {value:,}{unit} "
        f"({option(limit)})"
    )


def _as_stream(data: bytes | BinaryIO) -> BinaryIO:
    if isinstance(data, bytes | bytearray | memoryview):
        return io.BytesIO(data)
    return data


def _size(stream: BinaryIO) -> int:
    here = stream.tell()
    end = stream.seek(0, io.SEEK_END)
    stream.seek(here)
    return end


def _looks_like_utf16(head: bytes) -> bool:
    """Text saved as UTF-16 without a byte-order mark: every other byte is zero."""
    pairs = len(head) // 2
    zeros = sorted((head[0::2].count(0), head[1::2].count(0)))
    return pairs >= 2 and zeros[1] >= pairs * 0.9 and zeros[0] <= pairs * 0.1


def _text_stream(stream: BinaryIO, name: str) -> io.TextIOWrapper:
    """The file as text: UTF-8 (with or without BOM) or UTF-16 with a BOM; a binary
    file, or UTF-16 without a BOM, is refused by name."""
    head = stream.read(8192)
    stream.seek(0)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"
    elif b"\x00" in head:
        if _looks_like_utf16(head):
            raise SurveyFileError(
                f"{name}: this looks like UTF-16 text without a byte-order mark; save the "
                "file as UTF-8 (or as UTF-16 with a byte-order mark) and try again"
            )
        raise SurveyFileError(
            f"{name}: this looks like a binary file (binary data), not a CSV or .xlsx export"
        )
    else:
        encoding = "utf-8-sig"
    return io.TextIOWrapper(stream, encoding=encoding, newline="")


class _LineTooLong(Exception):
    pass


def _lines(text: io.TextIOBase, longest: int, piece: int = CHUNK) -> Iterator[str]:
    """The lines of ``text`` (line ends kept: "\\r\\n", "\\r" or "\\n", as the csv module
    wants them), read ``piece`` characters at a time; a line longer than ``longest``
    raises _LineTooLong once that many are read, so it is never held whole.

    Each piece is split by ``io.StringIO`` (C speed); only the unfinished last line
    is carried into the next piece. Reading line by line with ``readline`` cost
    about 1 s per 100k rows."""
    carry = ""
    while True:
        part = text.read(piece)
        if not part:
            if carry:
                yield carry
            return
        if part.endswith("\r"):
            # Keep the \r and \n of one line end together.
            following = text.read(1)
            part += following
        lines = io.StringIO(carry + part, newline="").readlines()
        carry = ""
        last = lines[-1]
        if not last.endswith(("\n", "\r")):
            carry = lines.pop()
            if len(carry) > longest:
                raise _LineTooLong
        yield from lines


def read_csv(
    data: bytes | BinaryIO, name: str, limits: Limits = DEFAULT_LIMITS
) -> list[list[str]]:
    """Rows of a CSV file, read as a stream and refused at the first row over a limit
    (a cell over ``max_cell_chars`` stops the reading there: a 500 MB field is never
    held whole)."""
    stream = _as_stream(data)
    # The csv module's own cap on a field (global; only ever raised): with it at our
    # limit + 1, a longer field stops the reader instead of growing in memory.
    if csv.field_size_limit() < limits.max_cell_chars + 1:
        csv.field_size_limit(limits.max_cell_chars + 1)
    text = _text_stream(stream, name)
    # The longest line a row within the limits can take (every cell full, its quotes
    # doubled): the reader is fed lines in pieces, so a longer one is refused
    # before it is held whole.
    longest = limits.max_columns * (2 * limits.max_cell_chars + 3)
    reader = csv.reader(_lines(text, longest), strict=True)
    rows: list[list[str]] = []
    try:
        for row in reader:
            n = len(rows) + 1
            if len(row) > limits.max_columns:
                raise _refuse(name, f"row {n} has {len(row):,} columns", "max_columns",
                              limits.max_columns)  # fmt: skip
            if row and max(map(len, row)) > limits.max_cell_chars:
                j = max(range(len(row)), key=lambda k: len(row[k]))
                raise _refuse(
                    name, f"row {n}, column {j + 1} holds {len(row[j]):,} characters",
                    "max_cell_chars", limits.max_cell_chars, "characters",
                )  # fmt: skip
            if n > limits.max_rows:
                raise _refuse(name, f"it has more than {limits.max_rows:,} rows", "max_rows",
                              limits.max_rows)  # fmt: skip
            rows.append(row)
    except _LineTooLong:
        raise _refuse(
            name, f"row {len(rows) + 1} runs to more than {longest:,} characters on one line, "
            f"more than {limits.max_columns:,} cells of the longest allowed size",
            "max_cell_chars", limits.max_cell_chars, "characters",
        ) from None  # fmt: skip
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            raise _refuse(
                name, f"row {len(rows) + 1} holds a cell longer than that", "max_cell_chars",
                limits.max_cell_chars, "characters",
            ) from None  # fmt: skip
        raise SurveyFileError(
            f"{name}: not a valid CSV file (row {len(rows) + 1}: {exc})"
        ) from None
    except UnicodeDecodeError:
        stream.seek(0)
        decode_text(stream.read(), name, SurveyFileError)  # raises, naming line and byte
        raise
    finally:
        text.detach()
    while rows and not any(cell.strip() for cell in rows[-1]):
        rows.pop()  # trailing blank lines
    return rows


# A cell or row reference in a worksheet: r="XFD1048576" (row) or r="12" (row tag).
# One pass each, no nested repetition: linear in the part's size.
# Each starts with a literal "r" so the scan skips ahead fast; an attribute merely
# ending in "r" (say spr="5") can only make the extent look larger (a refusal), never
# smaller.
_ROW_REF = re.compile(rb"r\s*=\s*[\"'][A-Za-z]{0,3}([0-9]{1,10})[\"']")
_WIDE_COLUMN_REF = re.compile(rb"r\s*=\s*[\"']([A-Za-z]{2,})[0-9]")
_RELATIONSHIP = re.compile(rb"<(?:\w+:)?Relationship\s[^>]*>")
_TYPE = re.compile(rb"\sType\s*=\s*[\"']([^\"']*)[\"']")
_TARGET = re.compile(rb"\sTarget\s*=\s*[\"']([^\"']*)[\"']")


def _column_number(letters: bytes) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + (ch - 64)
    return n


def check_workbook(raw: bytes, name: str, limits: Limits = DEFAULT_LIMITS) -> None:
    """Refuse an .xlsx that would unpack or lay out beyond the limits, before it is
    read: its parts' sizes and ratio as the zip declares them, then the extent its
    cell references give the sheets (streamed, never held whole)."""
    declared = _declared_parts(raw)
    if declared is not None and declared > limits.max_parts:
        raise _refuse(name, f"it holds {declared:,} files", "max_parts", limits.max_parts)
    try:
        book = zipfile.ZipFile(io.BytesIO(raw))
        parts = book.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as exc:
        raise SurveyFileError(f"{name}: not a readable .xlsx workbook ({exc})") from None
    total = 0
    for part in parts:
        size = part.file_size
        total += size
        if size > limits.max_member_bytes:
            raise _refuse(name, f"its part {part.filename!r} unpacks to {size:,} bytes",
                          "max_member_bytes", limits.max_member_bytes, "bytes")  # fmt: skip
        if size > RATIO_FLOOR and size > limits.max_compression_ratio * max(part.compress_size, 1):
            ratio = size / max(part.compress_size, 1)
            raise _refuse(
                name, f"its part {part.filename!r} unpacks {ratio:,.0f} times larger than "
                "stored (a zip bomb?)", "max_compression_ratio", limits.max_compression_ratio,
            )  # fmt: skip
    if total > limits.max_uncompressed_bytes:
        raise _refuse(name, f"it unpacks to {total:,} bytes", "max_uncompressed_bytes",
                      limits.max_uncompressed_bytes, "bytes")  # fmt: skip
    rows = columns = 0
    try:
        for part in _worksheets(book, parts):
            part_rows, part_columns = _extent(book, part)
            rows, columns = max(rows, part_rows), max(columns, part_columns)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as exc:
        raise SurveyFileError(f"{name}: not a readable .xlsx workbook ({exc})") from None
    if columns > limits.max_columns:
        raise _refuse(name, f"a sheet reaches column {columns:,}", "max_columns",
                      limits.max_columns)  # fmt: skip
    if rows > limits.max_rows:
        raise _refuse(name, f"a sheet reaches row {rows:,}", "max_rows", limits.max_rows)
    if rows * max(columns, 1) > limits.max_cells:
        raise _refuse(
            name, f"a sheet spans {rows:,} rows by {max(columns, 1):,} columns "
            f"({rows * max(columns, 1):,} cells)", "max_cells", limits.max_cells, "cells",
        )  # fmt: skip


def _declared_parts(raw: bytes) -> int | None:
    """How many files the zip's end record says it holds (read before the directory
    itself, which costs memory per entry); None if there is no such record."""
    end = raw.rfind(b"PK\x05\x06", max(0, len(raw) - 65_557))
    if end < 0 or end + 22 > len(raw):
        return None
    count = int.from_bytes(raw[end + 10 : end + 12], "little")
    if count != 0xFFFF:
        return count
    locator = raw.rfind(b"PK\x06\x07", max(0, end - 20), end)  # zip64: the real count
    if locator < 0:
        return None
    at = int.from_bytes(raw[locator + 8 : locator + 16], "little")
    if raw[at : at + 4] != b"PK\x06\x06":
        return None
    return int.from_bytes(raw[at + 32 : at + 40], "little")


def _worksheets(book: zipfile.ZipFile, parts: list[zipfile.ZipInfo]) -> list[zipfile.ZipInfo]:
    """The parts the workbook names as worksheets (as the reader finds them, through
    xl/_rels/workbook.xml.rels); every part if that cannot be read."""
    every = [p for p in parts if not p.is_dir()]
    by_name = {p.filename: p for p in every}
    rels = by_name.get("xl/_rels/workbook.xml.rels")
    if rels is None or rels.file_size > 10_000_000:
        return every
    found = []
    for tag in _RELATIONSHIP.findall(book.read(rels)):
        kind, target = _TYPE.search(tag), _TARGET.search(tag)
        if not kind or not target or not kind.group(1).endswith(b"/worksheet"):
            continue
        path = target.group(1).decode("utf-8", "replace")
        path = path.lstrip("/") if path.startswith("/") else "xl/" + path
        parts_ = [p for p in path.split("/") if p not in ("", ".")]
        normal: list[str] = []
        for piece in parts_:
            if piece == "..":
                if normal:
                    normal.pop()
            else:
                normal.append(piece)
        part = by_name.get("/".join(normal))
        if part is None:
            return every  # a target we cannot place: check everything
        found.append(part)
    return found or every


_ROW_TAG_REF = re.compile(rb"<row\s[^>]*?\br\s*=\s*[\"']([0-9]{1,10})[\"']")


def _extent(book: zipfile.ZipFile, part: zipfile.ZipInfo) -> tuple[int, int]:
    """At least the rows and columns the reader will lay out for a part, read in
    chunks. Each chunk is cut after its last ">" (no reference spans a tag's end), so
    a reference is never split; text without any ">" is carried over whole and
    scanned once. A row or cell without a reference takes the next position, so
    those are counted and added to the largest reference (a bound: exact for the
    files spreadsheet programs write, where every row and cell has its reference)."""
    rows = columns = unreferenced_rows = unreferenced_cells = 0
    single_letter = False
    carried: list[bytes] = []
    with book.open(part) as f:
        while True:
            chunk = f.read(CHUNK)
            cut = chunk.rfind(b">") + 1 if chunk else 0
            if chunk and not cut:
                carried.append(chunk)
                continue
            data = b"".join([*carried, chunk[:cut]]) if chunk else b"".join(carried)
            carried = [chunk[cut:]] if chunk else []
            found = _ROW_REF.findall(data)  # rows' and cells' references
            if found:
                rows = max(rows, max(map(int, found)))
                single_letter = True
            wide = set(_WIDE_COLUMN_REF.findall(data))
            if wide:
                columns = max(columns, max(_column_number(w) for w in wide))
            row_refs = len(_ROW_TAG_REF.findall(data))
            # "<c" also starts <col>, <cols> (subtracted) and a few rare tags: a bound.
            cell_elements = data.count(b"<c") - data.count(b"<col")
            unreferenced_rows += max(data.count(b"<row") - row_refs, 0)
            unreferenced_cells += max(cell_elements - (len(found) - row_refs), 0)
            if not chunk:
                break
    if single_letter and columns == 0:
        columns = 26  # at most Z: exact enough for any limit of 26 columns or more
    return rows + unreferenced_rows, columns + unreferenced_cells


def read_xlsx(raw: bytes, name: str, limits: Limits = DEFAULT_LIMITS) -> list[list[str]]:
    """The first worksheet as rows of text. Read with calamine (Rust): about 1 s for
    100k rows where openpyxl's read-only mode took 11 s. Formula cells give their
    saved values, as Excel shows them. Checked against ``limits`` first."""
    from python_calamine import CalamineWorkbook

    if len(raw) > limits.max_bytes:
        raise _refuse(name, f"it is {len(raw):,} bytes", "max_bytes", limits.max_bytes, "bytes")
    check_workbook(raw, name, limits)
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
    for i, row in enumerate(rows):
        if row and max(map(len, row)) > limits.max_cell_chars:
            j = max(range(len(row)), key=lambda k: len(row[k]))
            raise _refuse(
                name, f"row {i + 1}, column {j + 1} holds {len(row[j]):,} characters",
                "max_cell_chars", limits.max_cell_chars, "characters",
            )  # fmt: skip
    return rows


def read_rows(
    data: bytes | BinaryIO, name: str, *, fmt: str = "auto", limits: Limits = DEFAULT_LIMITS
) -> list[list[str]]:
    """A CSV or .xlsx survey file as rows of text, within ``limits``."""
    stream = _as_stream(data)
    size = _size(stream)
    if size > limits.max_bytes:
        raise _refuse(name, f"it is {size:,} bytes", "max_bytes", limits.max_bytes, "bytes")
    head = stream.read(8192)
    while head and not head.strip():  # only blanks so far: is there anything at all?
        head = stream.read(CHUNK)
    if not head:
        raise SurveyFileError(f"{name}: the file is empty")
    stream.seek(0)
    head = stream.read(8192)
    stream.seek(0)
    if fmt == "xlsx" or head[:4] == b"PK\x03\x04" or Path(name).suffix.lower() == ".xlsx":
        raw = data if isinstance(data, bytes) else stream.read()
        return read_xlsx(bytes(raw), name, limits)
    return read_csv(stream, name, limits)


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


def _check_mapped_columns(header: list[str], mapping: dict[str, str], name: str) -> None:
    """A column named in the mapping must be in the file (a typo would silently leave
    it, e.g. the audience column, unread)."""
    present = {c.strip() for c in header} | {c.strip().lower() for c in header}
    missing = [column for column in mapping if column not in present]
    if missing:
        shown = ", ".join(repr(c) for c in header[:20]) + (", ..." if len(header) > 20 else "")
        raise SurveyFileError(
            f"{name}: no column named {missing[0]!r} (mapped to {mapping[missing[0]]}); "
            f"the file's columns are: {shown}"
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


_has_control = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]").search


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
                if _has_control(cell):
                    cell, _ = clean_controls(cell)
                    batch.cleaned += 1
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
    raw: bytes | BinaryIO,
    name: str,
    *,
    fmt: str = "auto",
    mapping: dict[str, str] | None = None,
    keep_identifying: bool = False,
    limits: Limits = DEFAULT_LIMITS,
) -> SurveyBatch:
    """Parse a whole export (bytes, or a binary file open for reading); raises
    SurveyFileError before anything is written."""
    if fmt not in FORMATS:
        raise SurveyFileError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    mapping = {k.strip(): v for k, v in (mapping or {}).items()}
    for column, target in mapping.items():
        if target not in MAP_FIELDS:
            raise SurveyFileError(
                f"--map {column}={target}: unknown field; use {', '.join(MAP_FIELDS)}"
            )
    rows = read_rows(raw, name, fmt=fmt, limits=limits)
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
    if first >= len(rows):
        raise SurveyFileError(
            f"{name}: the file has its header row{'s' if first > 1 else ''} but no responses"
        )
    _check_ragged(rows, 1, len(header), name)
    _check_mapped_columns(header, mapping, name)
    kinds = _columns(header, mapping, keep_identifying)
    batch = SurveyBatch(layout=layout, submissions=[])
    labels = [clean_controls(label)[0] if _has_control(label) else label for label in labels]
    _submissions(rows, first, kinds, labels, name, batch)
    if not batch.submissions:
        batch.warnings.append(f"{name}: no submissions with answers were found")
    if batch.cleaned:
        batch.warnings.append(
            f"{name}: {batch.cleaned:,} answer{'' if batch.cleaned == 1 else 's'} had invisible "
            "control characters (pasted from another program); they were removed, the rest "
            "of the text is kept"
        )
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
