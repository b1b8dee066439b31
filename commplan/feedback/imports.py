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
import hashlib
import io
import re
import zipfile
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, fields
from datetime import date, datetime, time
from itertools import islice
from operator import itemgetter
from pathlib import Path
from typing import BinaryIO

from commplan.textio import clean_controls, decode_text
from commplan.wording import plural


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


# Each layout as people call it: the channel an import records when none is given,
# and what the app's preview shows (never the layout's id).
LAYOUT_NAMES = {
    "qualtrics": "Qualtrics", "qualtrics-legacy": "Qualtrics", "surveymonkey": "SurveyMonkey",
    "google-forms": "Google Forms", "csv": "Spreadsheet",
}  # fmt: skip


def survey_channel(layout: str) -> str:
    """The channel of an import with none given: "Survey (Google Forms)", "Survey"."""
    tool = LAYOUT_NAMES.get(layout)
    return f"Survey ({tool})" if tool and layout != "csv" else "Survey"


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
    # Closed answers by question: a rating on a 1-5 scale (numbers 0-10 as given), or
    # None for an answer picked from a list with no rating ("N/A", "Yes", a school).
    # They are kept among the answers too, but they are not the person's words.
    ratings: dict[str, float | None] = field(default_factory=dict)
    respondent: dict[str, str] | None = None
    audience_answer: str | None = None  # the audience column's answer, as written
    # Who this row is, whatever the column mapping: ("id", the response id) where the
    # file has a response-id column by its name, else ("row", a hash of every cell as
    # read). See row_identity.
    identity: tuple[str, str] | None = None
    # A "row" identity as it was recorded before it followed the columns by name (the
    # cells in the file's order): an import also looks for rows recorded under it.
    identity_before: str | None = None


@dataclass
class SurveyBatch:
    layout: str  # as detected, or "csv" when the columns were mapped by hand
    submissions: list[Submission]
    skipped: int = 0
    warnings: list[str] = field(default_factory=list)
    cleaned: int = 0  # answers that had invisible control characters removed
    skipped_by_cause: Counter = field(default_factory=Counter)  # "test previews": 3
    audience_column: str | None = None  # the column mapped to audience, if any
    detected: str = ""  # the layout the header shows, whatever the mapping or format


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


def _encoding(stream: BinaryIO, name: str) -> str:
    """UTF-16 with a BOM, else UTF-8 (with or without BOM; a file that turns out not
    to be UTF-8 is read again as Windows-1252, see read_csv). A binary file, or
    UTF-16 without a BOM, is refused by name."""
    head = stream.read(8192)
    stream.seek(0)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    if b"\x00" in head:
        if _looks_like_utf16(head):
            raise SurveyFileError(
                f"{name}: this looks like UTF-16 text without a byte-order mark; save the "
                "file as UTF-8 (or as UTF-16 with a byte-order mark) and try again"
            )
        raise SurveyFileError(
            f"{name}: this looks like a binary file (binary data), not a CSV or .xlsx export"
        )
    return "utf-8-sig"


def _text_stream(stream: BinaryIO, encoding: str) -> io.TextIOWrapper:
    return io.TextIOWrapper(stream, encoding=encoding, newline="")


def _first_bad_utf8(stream: BinaryIO) -> tuple[int, int]:
    """(the byte, its line) of the first byte that is not UTF-8, read in pieces."""
    stream.seek(0)
    carry, line = b"", 1
    while True:
        piece = stream.read(CHUNK)
        data = carry + piece
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as exc:
            if piece and exc.reason == "unexpected end of data":
                carry = data[exc.start :]  # a character cut by the piece's end
                line += data.count(b"\n", 0, exc.start)
                continue
            return data[exc.start], line + data.count(b"\n", 0, exc.start)
        if not piece:
            return 0, line
        line += data.count(b"\n")
        carry = b""


DELIMITERS = (",", ";", "\t")
SNIFF_CHARS = 65_536
SNIFF_RECORDS = 50


def sniff_delimiter(sample: str, complete: bool = True) -> str:
    """The field delimiter of a CSV from its first records: comma, semicolon (Excel
    where the decimal mark is a comma) or tab (Excel's "Unicode text"). For each
    candidate the sample is read as CSV; a candidate that gives every record the
    same number of fields, more than one, is consistent (a comma inside an unquoted
    answer of a semicolon file makes commas inconsistent). Among consistent ones, the
    one fewest fields of which start with a blank wins (", " is prose: "Fine, thanks"
    split at its comma), then the one with most fields; failing all, the one
    splitting the header most; comma on a tie. Linear: a few readings of at most
    SNIFF_CHARS characters."""
    best, best_key = ",", (False, 0, 0, 0)
    for delimiter in DELIMITERS:
        widths: list[int] = []
        spaced = 0
        try:
            for record in csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter):
                widths.append(len(record))
                spaced += sum(1 for cell in record[1:] if cell[:1].isspace())
                if len(widths) > SNIFF_RECORDS:
                    break
        except csv.Error:
            continue
        if not complete and 1 < len(widths) <= SNIFF_RECORDS:
            widths.pop()  # the sample may end inside the last record
        if not widths:
            continue
        consistent = widths[0] > 1 and all(n == widths[0] for n in widths)
        key = (consistent, -spaced if consistent else 0, widths[0] if consistent else 0, widths[0])
        if key > best_key:
            best, best_key = delimiter, key
    return best


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
    data: bytes | BinaryIO,
    name: str,
    limits: Limits = DEFAULT_LIMITS,
    notes: list[str] | None = None,
) -> list[list[str]]:
    """Rows of a CSV file, read as a stream and refused at the first row over a limit
    (a cell over ``max_cell_chars`` stops the reading there: a 500 MB field is never
    held whole). The delimiter is sniffed (comma, semicolon or tab). A file that is
    not UTF-8 is read again as Windows-1252 (what older Excel saves), and ``notes``
    gets a warning saying so."""
    stream = _as_stream(data)
    encoding = _encoding(stream, name)
    try:
        return _read_csv(stream, name, limits, encoding)
    except UnicodeDecodeError:
        if encoding == "utf-16":
            stream.seek(0)
            decode_text(stream.read(), name, SurveyFileError)  # raises, naming the byte
            raise
    byte, line = _first_bad_utf8(stream)
    where = f"byte {byte:#04x} on line {line}"
    stream.seek(0)
    try:
        rows = _read_csv(stream, name, limits, "cp1252")
    except UnicodeDecodeError as exc:
        raise SurveyFileError(
            f"{name}: not UTF-8 text ({where}), nor Windows-1252 (byte "
            f"{exc.object[exc.start]:#04x}); save the file as UTF-8 and try again"
        ) from None
    if notes is not None:
        notes.append(
            f"{name}: not UTF-8 text ({where}), so it was read as Windows-1252 (what older "
            "Excel saves); check accented letters and quotes in the preview, or save the "
            "file as “CSV UTF-8” and import it again"
        )
    return rows


def _read_csv(stream: BinaryIO, name: str, limits: Limits, encoding: str) -> list[list[str]]:
    # The csv module's own cap on a field (global; only ever raised): with it at our
    # limit + 1, a longer field stops the reader instead of growing in memory.
    if csv.field_size_limit() < limits.max_cell_chars + 1:
        csv.field_size_limit(limits.max_cell_chars + 1)
    stream.seek(0)
    text = _text_stream(stream, encoding)
    try:
        sample = text.read(SNIFF_CHARS)
    finally:
        text.detach()
    delimiter = sniff_delimiter(sample, complete=len(sample) < SNIFF_CHARS)
    stream.seek(0)
    text = _text_stream(stream, encoding)
    # The longest line a row within the limits can take (every cell full, its quotes
    # doubled): the reader is fed lines in pieces, so a longer one is refused
    # before it is held whole.
    longest = limits.max_columns * (2 * limits.max_cell_chars + 3)
    reader = csv.reader(_lines(text, longest), strict=True, delimiter=delimiter)
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
    data: bytes | BinaryIO,
    name: str,
    *,
    fmt: str = "auto",
    limits: Limits = DEFAULT_LIMITS,
    notes: list[str] | None = None,
) -> list[list[str]]:
    """A CSV or .xlsx survey file as rows of text, within ``limits``; how it was read,
    where that needs saying (Windows-1252), is added to ``notes``."""
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
    return read_csv(stream, name, limits, notes)


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


# Dates as survey tools and spreadsheets write them. Each pattern is anchored, with
# no nested repetition: linear in the value. A number-first date: 13/05/2024,
# 5/13/24 8:15 PM, 13.05.2024 10:02; a year-first one: 2026/10/05 8:15:02 PM.
_NUMERIC_DATE = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})(?:[ T,]+(.*))?")
_YEAR_FIRST = re.compile(r"(\d{4})[/.-](\d{1,2})[/.-](\d{1,2})(?:[ T,]+(.*))?")
# What may follow the date: a time, AM/PM, a time zone ("GMT-4", "EDT", "+02:00").
_TIME = re.compile(
    r"\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?(?: ?[AaPp]\.?[Mm]\.?)?"
    r"(?: ?(?:[A-Za-z]{1,5})?[+-]?\d{0,2}:?\d{0,2})?"
)
DATE_ORDERS = ("auto", "mdy", "dmy")
_LONGEST_DATE = 80  # characters; longer is not a date


def _year(text: str) -> int:
    year = int(text)
    if len(text) == 2:  # as strptime's %y: 69-99 are 1900s, 00-68 2000s
        year += 1900 if year >= 69 else 2000
    return year


def parse_date(value: str, *, dayfirst: bool = False) -> date | None:
    """The day ``value`` names, or None. ISO 8601 and the numeric forms are read
    directly (``dayfirst`` says how to read 03/04/2024: the caller decides per column,
    see _date_orders); anything else ("March 5, 2024") by python-dateutil, only when
    the value names a whole date (not "March", not "5")."""
    value = value.strip()
    if not value or len(value) > _LONGEST_DATE:
        return None
    for candidate in (value, value.replace("/", "-")):
        try:
            return datetime.fromisoformat(candidate).date()
        except ValueError:
            pass
    numeric = _NUMERIC_DATE.fullmatch(value)
    first = _YEAR_FIRST.fullmatch(value) if numeric is None else None
    if numeric or first:
        m = numeric or first
        rest = m.group(4)
        if rest and not _TIME.fullmatch(rest.strip()):
            return None
        if numeric:
            a, b = int(m.group(1)), int(m.group(2))
            day, month = (a, b) if dayfirst else (b, a)
            year = _year(m.group(3))
        else:
            year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3))
        try:
            return date(year, month, day)
        except ValueError:
            return None
    return _dateutil_date(value, dayfirst)


def _dateutil_date(value: str, dayfirst: bool) -> date | None:
    """python-dateutil's reading, if it needs none of the defaults: a value it reads
    the same with two different default dates names a whole date."""
    from dateutil import parser

    found = []
    for default in (datetime(2001, 1, 1), datetime(2002, 2, 2)):
        try:
            found.append(parser.parse(value, dayfirst=dayfirst, default=default).date())
        except (ValueError, OverflowError, TypeError):
            return None
    return found[0] if found[0] == found[1] else None


def _date_orders(
    rows: list[list[str]], first: int, columns: list[tuple[int, str]], order: str, name: str
) -> tuple[dict[int, bool], list[str]]:
    """Per date column, whether its numeric dates are day first, and warnings.

    A value whose first number is over 12 settles a column as day/month; whose second
    is, as month/day; both in one column is refused. A column its values cannot settle
    follows another date column of the file that is settled, else ``order`` ("mdy" or
    "dmy"; "auto" reads month/day, as US tools write, and says so when it matters)."""
    settled: dict[int, bool] = {}
    open_: dict[int, str] = {}
    for j, column in columns:
        day_first = month_first = ambiguous = None
        for value in set(map(itemgetter(j), islice(rows, first, None))):
            m = _NUMERIC_DATE.match(value.strip())
            if not m:
                continue
            a, b = int(m.group(1)), int(m.group(2))
            if a > 12 >= b:
                day_first = day_first or value.strip()
            elif b > 12 >= a:
                month_first = month_first or value.strip()
            elif a != b and a <= 12 and b <= 12:
                ambiguous = ambiguous or value.strip()
        if day_first and month_first:
            raise SurveyFileError(
                f"{name}: the dates in column {column!r} mix day/month ({day_first!r}) and "
                f"month/day ({month_first!r}); nothing was imported. Make them one order "
                "in the spreadsheet and import it again"
            )
        if day_first or month_first:
            settled[j] = bool(day_first)
        elif ambiguous:
            open_[j] = ambiguous
    warnings = []
    known = set(settled.values())
    for j, example in open_.items():
        column = dict(columns)[j]
        if order != "auto":
            settled[j] = order == "dmy"
        elif len(known) == 1:
            settled[j] = next(iter(known))
        else:
            settled[j] = False
            warnings.append(
                f"{name}: the dates in column {column!r} could be month/day or day/month "
                f"(no day is over 12, e.g. {example!r}); they were read as month/day, as US "
                "survey tools write them. If they are day/month, import again with "
                "--date-order dmy (or choose “day/month” in the app)"
            )
    if order != "auto":
        for j, day_first in list(settled.items()):
            if j not in open_ and day_first != (order == "dmy"):
                column = dict(columns)[j]
                raise SurveyFileError(
                    f"{name}: the dates in column {column!r} are "
                    f"{'day/month' if day_first else 'month/day'} (a value over 12 says so), "
                    f"not {'day/month' if order == 'dmy' else 'month/day'} as asked; "
                    "nothing was imported. Leave the date order to be found from the file"
                )
    return settled, warnings


def _rating(answer: str) -> float | None:
    try:
        value = float(answer)
    except ValueError:
        return None
    return value if 0 <= value <= 10 and value == value else None


# ---- closed answers: ratings and choices -------------------------------------------
#
# A column is rated when every answer in it belongs to one scale (decided per column
# from its set of values, so a comment that happens to say "Good" or "5" stays a
# comment). Text scales become numbers on a 1-5 scale, lowest answer 1, highest 5,
# the points of a longer or shorter scale spread evenly between (a 7-point agreement
# scale gives 1, 1.67, 2.33, 3, 3.67, 4.33, 5; Excellent/Good/Fair/Poor gives 5, 3.67,
# 2.33, 1). Numbers from 0 to 10 are kept as they are. "N/A", "Don't know" and the
# like are kept as answers with no rating (None); so are yes/no choices.

NOT_RATED = {
    "n/a", "na", "not applicable", "does not apply", "don't know", "do not know",
    "dont know", "not sure", "unsure", "prefer not to say", "prefer not to answer",
    "no opinion", "no answer", "i don't know",
}  # fmt: skip
YES_NO = {"yes", "no", "maybe"}
# Two-sided scales: (positive, negative, what makes either strong).
BIPOLAR = (
    ("agree", "disagree", ("strongly", "completely")),
    ("satisfied", "dissatisfied", ("very", "extremely", "completely")),
    ("likely", "unlikely", ("very", "extremely")),
    ("helpful", "unhelpful", ("very", "extremely")),
    ("important", "unimportant", ("very", "extremely")),
)
QUALITY = {"poor": 0, "fair": 1, "good": 2, "very good": 3, "excellent": 4}
# SurveyMonkey's one-sided scales: "Extremely clear" ... "Not at all clear".
INTENSITY = {
    "not at all": 0, "not so": 1, "not very": 1, "slightly": 1, "somewhat": 2,
    "moderately": 2, "very": 3, "extremely": 4,
}  # fmt: skip
_INTENSITY = re.compile(
    r"(not at all|not so|not very|slightly|somewhat|moderately|very|extremely)"
    r" ([a-z][a-z' -]{0,30})"
)
MAX_SCALE_VALUES = 30  # distinct answers; more is not a scale
MAX_SCALE_CHARS = 60  # a longer answer is not a point on a scale


def _normal(value: str) -> str:
    return " ".join(value.replace("\u2019", "'").split()).casefold().rstrip(".")


def _bipolar_position(value: str, positive: str, negative: str, strong: tuple[str, ...]):
    """0 (strongly negative) .. 6 (strongly positive), with "plain" or "somewhat"
    saying which of the two inner points; None if not on this scale."""
    if value in ("neutral", "neither", f"neither {positive} nor {negative}",
                 f"neither {negative} nor {positive}"):  # fmt: skip
        return 3, None
    for word, sign in ((positive, 1), (negative, -1)):
        if value == word:
            return 3 + 2 * sign, "plain"
        head, _, tail = value.rpartition(" ")
        if tail != word:
            continue
        if head in strong:
            return 3 + 3 * sign, None
        if head in ("somewhat", "slightly", "mostly"):
            return 3 + sign, "somewhat"
    return None


def _spread(position: float, points: int) -> float:
    return round(1 + 4 * position / (points - 1), 2)


def infer_scale(values: set[str]) -> dict[str, float | None] | None:
    """Each answer of a column -> its rating (None: an answer with no rating), if the
    column's answers are all on one scale; else None (words)."""
    normal = {v: _normal(v) for v in values}
    rated = {v: n for v, n in normal.items() if n not in NOT_RATED}
    if not rated:
        return None  # only "N/A"s: nothing says it is a scale
    out: dict[str, float | None] = {v: None for v in normal if v not in rated}
    if all(_rating(n) is not None for n in rated.values()):
        return out | {v: _rating(n) for v, n in rated.items()}
    if all(n in YES_NO for n in rated.values()):
        return out | {v: None for v in rated}
    for positive, negative, strong in BIPOLAR:
        found = {v: _bipolar_position(n, positive, negative, strong) for v, n in rated.items()}
        if None in found.values():
            continue
        sides = {(p > 3, kind) for p, kind in found.values() if kind}
        seven = any((side, "plain") in sides and (side, "somewhat") in sides
                    for side in (True, False))  # fmt: skip
        five = {0: 0, 1: 1, 2: 1, 3: 2, 4: 3, 5: 3, 6: 4}
        return out | {
            v: _spread(p, 7) if seven else _spread(five[p], 5) for v, (p, _) in found.items()
        }
    if all(n in QUALITY for n in rated.values()):
        points = 5 if "very good" in rated.values() else 4
        order = QUALITY if points == 5 else {"poor": 0, "fair": 1, "good": 2, "excellent": 3}
        if all(n in order for n in rated.values()):
            return out | {v: _spread(order[n], points) for v, n in rated.items()}
    matches = {v: _INTENSITY.fullmatch(n) for v, n in rated.items()}
    if all(matches.values()) and len({m.group(2) for m in matches.values()}) == 1:
        return out | {v: float(1 + INTENSITY[m.group(1)]) for v, m in matches.items()}
    return None


def _column_scale(rows: list[list[str]], first: int, j: int) -> dict[str, float | None] | None:
    """infer_scale over column ``j``'s answers. The first rows are looked at one by
    one, so a column of comments stops at its first long answer; a column that may
    be a scale is then gathered whole at C speed."""
    head: set[str] = set()
    for i in range(first, min(len(rows), first + 256)):
        cell = rows[i][j]
        if len(cell) > MAX_SCALE_CHARS:
            return None
        head.add(cell)
        if len(head) > MAX_SCALE_VALUES + 2:  # + "" and a blank
            return None
    values = set(map(itemgetter(j), islice(rows, first, None)))
    values = {v for v in values if v and not v.isspace()}
    if not values or len(values) > MAX_SCALE_VALUES:
        return None
    if max(map(len, values)) > MAX_SCALE_CHARS:
        return None
    return infer_scale(values)


MAX_CHOICE_CHARS = 40  # a longer answer is someone's words, not a pick from a list
MAX_CHOICE_WORDS = 6
MAX_CHOICES = 200  # distinct answers; more is a column of short comments
# What a pick from a list is not made of: sentence ends, line breaks, emoji, symbols.
_NOT_A_CHOICE = re.compile(r"[^\w /\-'’&,()+:]")


def _choice_columns(rows: list[list[str]], first: int, columns: list[int]) -> list[int]:
    """Of the word columns of a layout that does not say which questions are choices
    (Google Forms, a plain CSV): those that read as picks from a list ("Parent/
    Guardian", "Church bulletin"), so the person's comment, not "I am a...", is what
    a card and a quote show. A column is a choice when every answer is short (at most
    MAX_CHOICE_CHARS characters and MAX_CHOICE_WORDS words) and plain (letters,
    digits, spaces, / - ' & , ( ) + : only: no sentence end, line break, emoji or
    symbol), it has at most MAX_CHOICES distinct answers, and some other column is
    not like that: the comment. If every column looks like choices, they all stay
    words. Each column's distinct answers are gathered at C speed, then looked at."""
    if len(columns) < 2:
        return []
    choice, longest = [], {}
    for j in columns:
        values = set(map(itemgetter(j), islice(rows, first, None)))
        values = {v.strip() for v in values if v and not v.isspace()}
        if not values:
            continue
        longest[j] = max(map(len, values))
        if (
            len(values) <= MAX_CHOICES
            and longest[j] <= MAX_CHOICE_CHARS
            and all(len(v.split()) <= MAX_CHOICE_WORDS for v in values)
            and not _NOT_A_CHOICE.search(" ".join(values))
        ):
            choice.append(j)
    words = [j for j in longest if j not in choice]
    if not words:
        return []  # nothing longer to be the comment: keep them all as words
    return choice


def _check_ragged(rows: list[list[str]], start: int, width: int, name: str) -> None:
    for i in range(start, len(rows)):
        if len(rows[i]) != width:
            raise SurveyFileError(
                f"{name}: row {i + 1} has {plural(len(rows[i]), 'field')} but the header "
                f"has {width}; "
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


def _closed_values(rows: list[list[str]], first: int, j: int, required: str | None) -> bool:
    """Whether column ``j`` holds closed answers: any (``required`` None, e.g. a
    SurveyMonkey "Response" column), or only ``required`` (a checkbox column, whose
    answer is its option's label)."""
    if required is None:
        return True
    return all(rows[i][j].strip() in ("", required) for i in range(first, len(rows)))


def _mapped_value(value_map: dict[str, str]):
    """A lookup of a value map by the value as written, or in any case and spacing."""
    normal = {_normal(k): v for k, v in value_map.items()}

    def look_up(value: str) -> str:
        return value_map.get(value) or normal.get(_normal(value)) or value

    return look_up


# ---- who a row is: the same row, however its columns are read ----------------------

# A date and a time as survey tools and spreadsheets write them: 12/1/2026,
# 2026-12-01, 1.12.26; 8:14:03, 08:14, 8:14 PM. Anchored, no nested repetition: linear.
_DAY = re.compile(r"(\d{1,4})[/.-](\d{1,2})[/.-](\d{1,4})")
_CLOCK = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?(?:[.,]\d{1,9})? ?([AaPp])?\.?[Mm]?\.?")


def _day(text: str) -> str | None:
    """A date as "2026|1|12": year, then month and day as a pair, smaller first (so
    the spelling does not depend on a date order, which an import option may change)."""
    m = _DAY.fullmatch(text)
    if m is None:
        return None
    first, second, third = m.groups()
    if len(first) == 4:
        year, a, b = int(first), int(second), int(third)
    elif len(third) in (2, 4):
        year, a, b = _year(third), int(first), int(second)
    else:
        return None
    return f"{year}|{min(a, b)}|{max(a, b)}"


def _moment(cell: str, days: dict[str, str | None] | None = None) -> str:
    """A date or date-time cell in one spelling whatever wrote it: "12/1/2026 8:14:03"
    (a CSV), "2026-12-01 08:14:03" (the same moment from an .xlsx) and "1/12/2026
    8:14:03 AM" all give "2026|1|12|08:14:03". Any other cell (a time zone after the
    time, say) is returned as it is. ``days`` memoises the dates (a column repeats them)."""
    if len(cell) > _LONGEST_DATE:
        return cell
    head, _, rest = cell.replace("T", " ", 1).partition(" ")
    if days is None:
        day = _day(head)
    else:
        day = days.get(head, False)
        if day is False:
            day = days[head] = _day(head)
    if day is None:
        return cell
    if not rest:
        return day + "|"
    parts = rest.split(":")
    if 2 <= len(parts) <= 3 and all(p.isdigit() and len(p) <= 2 for p in parts):
        hour, minute, sec, marker = parts[0], parts[1], parts[2] if len(parts) > 2 else None, None
        if len(minute) != 2:
            return cell
    else:
        m = _CLOCK.fullmatch(rest.strip())
        if m is None:
            return cell
        hour, minute, sec, marker = m.groups()
    h = int(hour)
    if marker in ("p", "P") and h < 12:
        h += 12
    elif marker in ("a", "A") and h == 12:
        h = 0
    return f"{day}|{h:02d}:{minute}:{(sec or '00').zfill(2)}"


def _cells_as_read(header: list[str]):
    """A function giving a row's cells as the identity reads them: dates respelled
    (_moment) in the columns that are dates by their name (Timestamp, RecordedDate...),
    whatever their mapping, so the CSV and the .xlsx of one export read the same."""
    dated = [j for j, c in enumerate(header) if c.strip().lower() in DATE_COLUMNS]
    days: dict[str, str | None] = {}

    def cells(row: list[str]) -> list[str]:
        if dated:
            row = row[:]
            for j in dated:
                if j < len(row):
                    row[j] = _moment(row[j].strip(), days)
        return row

    return cells


def row_identities(header: list[str]):
    """A function giving a row's identity: a hash of the row's cells, each with its
    column's name. The same respondent's row gives the same hash whichever columns are
    mapped to what (the audience, answers, ignored), whether it comes from the CSV or
    the .xlsx of one export (see _cells_as_read; line ends read as "\\n"), and in
    whatever order the export puts its columns (a Google Forms or Excel re-export
    moves them): the cells are taken in the order of their column names, and the cells
    of columns with one name (a question asked twice) in their own order. The order is
    worked out once per file; each row is one C-speed pick, join and hash.

    Rows imported before this were recorded by their cells in the file's order:
    _identities gives that hash too (Submission.identity_before), for the import to
    find them."""
    both = _identities(header)
    return lambda row: both(row)[0]


def _identities(header: list[str]):
    """A function giving a row's (identity, identity in the file's order), the cells
    read once for both."""
    names = [" ".join(c.split()).casefold() for c in header]
    width = len(names)
    order = sorted(range(width), key=names.__getitem__)
    prefix = "\x1f".join(["cells", *(names[j] for j in order), ""])
    prefix_before = "\x1f".join(["row", *names, ""])
    # Runs of one name in the sorted order: their cells are sorted too.
    ties = []
    k = 0
    while k < width:
        end = k + 1
        while end < width and names[order[end]] == names[order[k]]:
            end += 1
        if end - k > 1:
            ties.append((k, end))
        k = end
    pick = itemgetter(*order) if width > 1 else (lambda row: tuple(row[:width]))
    cells = _cells_as_read(header)
    sha256 = hashlib.sha256

    def identities(row: list[str]) -> tuple[str, str]:
        row = cells(row)
        joined = "\x1f".join(row)
        if "\r" in joined:  # line ends read as "\n"
            row = [c.replace("\r\n", "\n").replace("\r", "\n") for c in row]
            joined = "\x1f".join(row)
        before = sha256((prefix_before + joined).encode("utf-8", "surrogatepass")).hexdigest()
        if len(row) != width:  # a short row (Excel drops trailing empty cells)
            row = (list(row) + [""] * width)[:width]
        picked = pick(row) if width else ()
        if ties:
            picked = list(picked)
            for start, stop in ties:
                picked[start:stop] = sorted(picked[start:stop])
        basis = prefix + "\x1f".join(picked)
        return sha256(basis.encode("utf-8", "surrogatepass")).hexdigest(), before

    return identities


def row_identity(header: list[str], row: list[str]) -> str:
    """row_identities for one row."""
    return row_identities(header)(row)


def _submissions(
    rows, first_data_row, kinds, labels, name, batch: SurveyBatch, *, closed=None,
    date_order="auto", value_map=None, identities=False,
) -> None:  # fmt: skip
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
    date_order_cols = [j for _, j in date_cols]
    day_first, date_warnings = _date_orders(
        rows, first_data_row, [(j, kinds[j][1]) for j in date_order_cols], date_order, name
    )
    batch.warnings += date_warnings
    dates: dict[int, dict[str, date | str | None]] = {j: {} for j in date_order_cols}
    # Per answer column: its scale (answer -> rating), or closed answers with no rating.
    scales: dict[int, dict[str, float | None]] = {}
    closed = closed or {}
    for j, _ in answer_cols:
        scale = _column_scale(rows, first_data_row, j)
        if scale is not None:
            scales[j] = scale
        elif j in closed and _closed_values(rows, first_data_row, j, closed[j]):
            scales[j] = {}
    if batch.layout in ("google-forms", "csv"):  # layouts that do not mark choices
        words = [j for j, _ in answer_cols if j not in scales]
        for j in _choice_columns(rows, first_data_row, words):
            scales[j] = {}
    rated_cols = [(j, label, scales.get(j)) for j, label in answer_cols]
    value_map = value_map or {}
    look_up = {j: _mapped_value(value_map[kinds[j][1].strip()])
               for j in audience_cols + channel_cols
               if kinds[j][1].strip() in value_map}  # fmt: skip
    status_col = status_cols[0] if len(status_cols) == 1 else None
    id_col = id_cols[0] if len(id_cols) == 1 else None
    # Who a row is does not depend on the mapping: the response-id column by its name
    # (a Qualtrics or SurveyMonkey export), else every cell (row_identity).
    header = rows[0]
    named_ids = [j for j, c in enumerate(header) if c.strip().lower() in ID_COLUMNS]
    named_id = named_ids[0] if len(named_ids) == 1 else None
    identity = _identities(header) if identities else None
    occurrences: dict[str, int] = {}  # row identity -> rows of this file with it so far
    append = batch.submissions.append
    causes = batch.skipped_by_cause

    def first_value(row: list[str], columns: list[int]) -> str:
        for j in columns:
            value = row[j].strip()
            if value:
                return look_up[j](value) if j in look_up else value
        return ""

    def answered(row: list[str], columns: list[int]) -> str | None:
        for j in columns:
            value = row[j].strip()
            if value:
                return value
        return None

    for i in range(first_data_row, len(rows)):
        row = rows[i]
        if status_col is not None:
            status = row[status_col].strip().lower()
        else:
            status = first_value(row, status_cols).lower() if status_cols else ""
        # Test runs are not respondents (legacy Qualtrics codes a preview as Status 1).
        if status and (status in PREVIEW_STATUSES or (legacy and status == "1")):
            batch.skipped += 1
            causes["spam" if status == "spam" else "test previews"] += 1
            continue
        answers = []
        ratings = {}
        for j, label, scale in rated_cols:
            cell = row[j]
            if cell and not cell.isspace():
                if _has_control(cell):
                    cell, _ = clean_controls(cell)
                    batch.cleaned += 1
                answers.append((label, cell))
                if scale is not None:
                    ratings[label] = scale.get(row[j])
        if not answers:
            if any(cell.strip() for cell in row):
                batch.skipped += 1
                causes["no answers"] += 1
            continue
        received = None
        for j in date_order_cols:
            value = row[j]
            memo = dates[j]
            received = memo.get(value, False)
            if received is False:
                text = value.strip()
                received = memo[value] = (
                    parse_date(text, dayfirst=day_first.get(j, False)) if text else ""
                )
                if received is None:
                    raise SurveyFileError(f"{name}: row {i + 1}: cannot read the date {text!r}")
            if received:
                break
        if id_col is not None:
            external_id = row[id_col].strip() or None
        else:
            external_id = first_value(row, id_cols) or None
        if named_id is not None and row[named_id].strip():
            who, before = ("id", row[named_id].strip()), None
        elif identity is not None:
            key, before = identity(row)
            # Identical rows of one file are different people (three parents who gave a
            # 5 and wrote nothing): the n-th has an identity of its own, so each is
            # recorded once, and importing the file again still finds each of them.
            seen = occurrences[key] = occurrences.get(key, 0) + 1
            if seen > 1:
                key = hashlib.sha256(f"{key}\x1f{seen}".encode()).hexdigest()
                before = None  # earlier versions recorded only the first of them
            who = ("row", key)
        else:
            who = before = None
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
                answered(row, audience_cols) if audience_cols else None,
                who,
                before,
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
    value_map: Mapping[str, Mapping[str, str]] | None = None,
    date_order: str = "auto",
    identities: bool = False,
) -> SurveyBatch:
    """Parse a whole export (bytes, or a binary file open for reading); raises
    SurveyFileError before anything is written.

    ``value_map`` reads the answers of a column mapped to audience (or channel) as
    something else: {"Which best describes you?": {"Parent/guardian": "families"}}
    (values matched as written, or in any case and spacing); an answer it does not
    name is kept as written (``Submission.audience_answer`` keeps it either way).
    ``date_order`` ("auto", "mdy", "dmy") says how to read 03/04/2024 where a date
    column's own values cannot tell (see _date_orders). ``identities`` sets each
    submission's ``identity`` (what the import knows a row by; a preview needs none)."""
    if date_order not in DATE_ORDERS:
        raise SurveyFileError(
            f"unknown date order {date_order!r}; use one of {', '.join(DATE_ORDERS)}"
        )
    if fmt not in FORMATS:
        raise SurveyFileError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    mapping = {k.strip(): v for k, v in (mapping or {}).items()}
    for column, target in mapping.items():
        if target not in MAP_FIELDS:
            raise SurveyFileError(
                f"--map {column}={target}: unknown field; use {', '.join(MAP_FIELDS)}"
            )
    notes: list[str] = []
    rows = read_rows(raw, name, fmt=fmt, limits=limits, notes=notes)
    layout = detect(rows)
    if fmt not in ("auto", "csv", "xlsx"):
        wanted = {"qualtrics": ("qualtrics", "qualtrics-legacy"), "surveymonkey": ("surveymonkey",),
                  "google-forms": ("google-forms",)}[fmt]  # fmt: skip
        if layout not in wanted:
            raise SurveyFileError(
                f"{name}: does not look like a {fmt} export "
                f"(its first header cell is {rows[0][0]!r})"
            )
    # A layout we do not know, read as a spreadsheet: when its columns are mapped, or
    # when it is said to be one ("csv", or "xlsx": the app's choice for an Excel file
    # whose columns are all left as answers, as a CSV's are).
    if fmt == "csv" or (layout == "unknown" and (mapping or fmt == "xlsx")):
        layout = "csv"
    if layout == "empty":
        raise SurveyFileError(f"{name}: the file has no rows")
    if layout == "unknown":
        raise SurveyFileError(
            f"{name}: unknown layout (first header cell {rows[0][0]!r}); pass --format, or "
            "map the columns with --map COLUMN=FIELD (e.g. --map 'Submitted=received_on')"
        )
    header = rows[0]
    closed: dict[int, str | None] = {}  # columns of closed answers, by the layout
    if layout == "qualtrics":
        labels, first = rows[1], 3
        for j, tag in enumerate(rows[2] if len(rows) > 2 else []):
            # {"ImportId":"QID1"} is a choice or a scale; "QID2_TEXT" is typed text.
            if _QUALTRICS_CHOICE.fullmatch(tag.strip()):
                closed[j] = None
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
            # "Response": one choice from a list; another sub-answer is a checkbox
            # (its answer is its label) when every answer is that label.
            if sub == "Response":
                closed[len(labels) - 1] = None
            elif sub and sub != "Open-Ended Response":
                closed[len(labels) - 1] = sub
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
    values = _check_value_map(value_map, kinds, name)
    batch = SurveyBatch(layout=layout, submissions=[], warnings=notes, detected=detect(rows))
    batch.audience_column = next((q.strip() for kind, q in kinds if kind == "audience"), None)
    labels = [clean_controls(label)[0] if _has_control(label) else label for label in labels]
    _submissions(
        rows, first, kinds, labels, name, batch, closed=closed, date_order=date_order,
        value_map=values, identities=identities,
    )  # fmt: skip
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


_QUALTRICS_CHOICE = re.compile(r'\{"ImportId":\s*"QID\d+(?:_\d+)*"\}')


def _check_value_map(
    value_map: Mapping[str, Mapping[str, str]] | None, kinds: list[tuple[str, str]], name: str
) -> dict[str, dict[str, str]]:
    """The value map keyed by the columns as the file spells them; a column it names
    must be in the file and mapped to audience or channel."""
    out: dict[str, dict[str, str]] = {}
    by_name = {q.strip(): (kind, q.strip()) for kind, q in kinds}
    by_name.update({q.strip().lower(): (kind, q.strip()) for kind, q in kinds})
    for column, values in (value_map or {}).items():
        found = by_name.get(column.strip()) or by_name.get(column.strip().lower())
        kind, actual = found or (None, column.strip())
        if kind not in ("audience", "channel"):
            why = (
                "is not in the file"
                if kind is None
                else "is not mapped to audience or channel (--map 'COLUMN=audience')"
            )
            raise SurveyFileError(
                f"{name}: answers of column {column!r} are mapped (--value), but the column {why}"
            )
        out.setdefault(actual, {}).update(values)
    return out


def column_values(
    raw: bytes | BinaryIO, name: str, column: str, *, fmt: str = "auto",
    limits: Limits = DEFAULT_LIMITS,
) -> Counter:
    """How many rows give each answer in ``column`` (as written, blanks left out): for
    choosing what a role column's answers mean. The column is named as the file's
    header row spells it (or in lower case)."""  # fmt: skip
    rows = read_rows(raw, name, fmt=fmt, limits=limits)
    header = [c.strip() for c in rows[0]] if rows else []
    wanted = column.strip()
    if wanted not in header:
        lower = [c.lower() for c in header]
        if wanted.lower() not in lower:
            shown = ", ".join(repr(c) for c in header[:20]) + (", ..." if len(header) > 20 else "")
            raise SurveyFileError(
                f"{name}: no column named {column!r}; the file's columns are: {shown}"
            )
        j = lower.index(wanted.lower())
    else:
        j = header.index(wanted)
    first = {"qualtrics": 3, "qualtrics-legacy": 2, "surveymonkey": 2}.get(detect(rows), 1)
    return Counter(row[j].strip() for row in rows[first:] if j < len(row) and row[j].strip())


def parse_value_map(
    items: list[str], mapping: Mapping[str, str], audiences: Mapping[str, str]
) -> dict[str, dict[str, str]]:
    """``--value`` options -> {column: {answer: audience id}}.

    Each is ``COLUMN:ANSWER=AUDIENCE`` or, for the one column mapped to audience,
    ``ANSWER=AUDIENCE``; AUDIENCE is an id or a name (``audiences`` maps ids to
    names), in any case. The text is split at its last "=" and, for the column, at
    the last ":" before it that leaves a mapped column's name."""
    by_name = {key.casefold(): key for key in audiences}
    by_name.update({name.casefold(): key for key, name in audiences.items()})
    mapped = {column.strip(): field for column, field in mapping.items()}
    audience_columns = [c for c, f in mapped.items() if f == "audience"]
    lower = {c.lower(): c for c in mapped}
    out: dict[str, dict[str, str]] = {}
    for item in items:
        left, sep, target = item.rpartition("=")
        if not sep or not left.strip() or not target.strip():
            raise SurveyFileError(f"--value {item!r}: write it as [COLUMN:]ANSWER=AUDIENCE")
        column, colon, answer = left.rpartition(":")
        column = column.strip()
        if colon and (column in mapped or column.lower() in lower):
            column = column if column in mapped else lower[column.lower()]
        else:
            if not audience_columns:
                raise SurveyFileError(
                    f"--value {item!r}: no column is mapped to audience; add --map "
                    "'COLUMN=audience' for the column that says who answered"
                )
            if len(audience_columns) > 1:
                raise SurveyFileError(
                    f"--value {item!r}: more than one column is mapped to audience; name "
                    "the column: --value 'COLUMN:ANSWER=AUDIENCE'"
                )
            column, answer = audience_columns[0], left
        if mapped.get(column) == "audience":
            key = by_name.get(target.strip().casefold())
            if key is None:
                raise SurveyFileError(
                    f"--value {item!r}: unknown audience {target.strip()!r}; known: "
                    + ", ".join(sorted(audiences))
                )
            target = key
        out.setdefault(column, {})[answer.strip()] = target.strip()
    return out


def parse_mapping(items: list[str]) -> dict[str, str]:
    """``["Col A=audience", ...]`` -> {"Col A": "audience"}."""
    out = {}
    for item in items:
        column, sep, target = item.rpartition("=")
        if not sep or not column.strip():
            raise SurveyFileError(f"--map {item!r}: write it as COLUMN=FIELD")
        out[column.strip()] = target.strip()
    return out


# ---- who answered: a role column's answers as audiences ----------------------------

# Everyday names for the people an audience holds, singular, lower case: each maps
# to the audience ids it may be, first that exists wins.
AUDIENCE_SYNONYMS: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(
        ("parent", "guardian", "family", "family member", "caregiver", "grandparent",
         "foster parent", "legal guardian", "mother", "father", "mom", "dad",
         "parent of a student", "parent/guardian"),
        ("families", "family", "parents"),
    ),
    **dict.fromkeys(
        ("teacher", "staff", "staff member", "school staff", "educator", "paraprofessional",
         "paraeducator", "counselor", "school counselor", "support staff", "classified staff",
         "certificated staff", "school employee", "principal", "teacher/staff"),
        ("educators", "teachers", "staff", "school_staff"),
    ),
    **dict.fromkeys(("student", "pupil", "learner"), ("students", "student")),
    **dict.fromkeys(
        ("community member", "community", "resident", "community resident", "taxpayer",
         "member of the public", "neighbor", "neighbour"),
        ("community", "community_members", "general_public"),
    ),
    **dict.fromkeys(
        ("community partner", "community organization", "community organisation",
         "partner organization", "nonprofit", "faith leader"),
        ("community_partners", "community_organizations", "partners"),
    ),
    **dict.fromkeys(
        ("administrator", "district administrator", "superintendent", "district leader",
         "district staff"),
        ("district_leaders", "administrators"),
    ),
    **dict.fromkeys(
        ("school board member", "board member", "legislator", "elected official"),
        ("policymakers", "board"),
    ),
    **dict.fromkeys(("reporter", "journalist", "media"), ("media",)),
}  # fmt: skip
_PARTS = re.compile(r"\s*(?:/|,|&|\bor\b|\band\b)\s*")


def _singular(words: str) -> str:
    out = []
    for word in words.split():
        if len(word) > 4 and word.endswith("ies"):
            word = word[:-3] + "y"
        elif len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
            word = word[:-1]
        out.append(word)
    return " ".join(out)


def suggest_value_mapping(
    values: Iterable[str], audiences: Mapping[str, str]
) -> dict[str, str | None]:
    """For each answer of a role column, the audience it obviously means, or None.

    ``audiences`` maps audience ids to names (a workspace's own). An answer matches an
    id ("families", "general public"), a name ("Teachers and school staff"), or the
    everyday words for who an audience holds ("Parent/guardian" -> families,
    "Teacher" -> educators, "Student" -> students, "Community member" -> community
    or general_public, whichever exists), singular or plural, in any case. An answer
    naming two audiences ("Parent and student") or none ("Other") gets None: staff
    decide."""
    by_words: dict[str, str] = {}
    for audience_id, audience_name in audiences.items():
        by_words[_singular(_normal(audience_id.replace("_", " ")))] = audience_id
        by_words[_singular(_normal(audience_name))] = audience_id

    def one(words: str) -> str | None:
        words = _singular(words)
        if words in by_words:
            return by_words[words]
        for candidate in AUDIENCE_SYNONYMS.get(words, ()):
            if candidate in audiences:
                return candidate
        return None

    out: dict[str, str | None] = {}
    for value in values:
        normal = _normal(value)
        found = one(normal)
        if found is None and normal:
            parts = {one(part) for part in _PARTS.split(normal) if part}
            found = parts.pop() if len(parts) == 1 else None
        out[value] = found
    return out
