"""Survey files that would exhaust memory are refused before they are read whole:
.xlsx zip bombs (huge or highly compressed parts, lying sizes), sheets that reach a
far-away cell, over-long cells, too many columns or rows, in .xlsx and CSV alike.
Each refusal names the limit, its value and its option. The bombs are built here,
small: the point is that they are refused before anything is inflated."""

from __future__ import annotations

import csv
import io
import struct
import zipfile

import pytest
from openpyxl import Workbook

from commplan.feedback.imports import (
    DEFAULT_LIMITS,
    Limits,
    SurveyFileError,
    parse_survey,
)

HEADER = ["Timestamp", "Comment"]
ROW = ["10/5/2025 14:03:11", "The bus is late."]


def workbook(*rows, cells: dict[str, str] | None = None) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    for ref, value in (cells or {}).items():
        sheet[ref] = value
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def rezip(raw: bytes, replace: dict[str, bytes | None] | None = None,
          add: dict[str, bytes] | None = None) -> bytes:  # fmt: skip
    """The workbook's parts, some replaced, others added (all deflated)."""
    source = zipfile.ZipFile(io.BytesIO(raw))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in source.infolist():
            data = (replace or {}).get(info.filename, source.read(info.filename))
            z.writestr(info.filename, data)
        for name, data in (add or {}).items():
            z.writestr(name, data)
    return out.getvalue()


def declare_size(raw: bytes, member: str, size: int) -> bytes:
    """Rewrite the uncompressed size the zip declares for ``member`` (the central
    directory and the local header), as a crafted file can."""
    data = bytearray(raw)
    at = data.find(b"PK\x01\x02")
    while at != -1:
        length = struct.unpack("<H", data[at + 28 : at + 30])[0]
        if bytes(data[at + 46 : at + 46 + length]) == member.encode():
            data[at + 24 : at + 28] = struct.pack("<I", size)
            local = struct.unpack("<I", data[at + 42 : at + 46])[0]
            data[local + 22 : local + 26] = struct.pack("<I", size)
        at = data.find(b"PK\x01\x02", at + 1)
    return bytes(data)


@pytest.fixture
def never_read(monkeypatch):
    """Fail the test if the workbook reader is reached: refusal must come first."""
    import python_calamine

    def refuse(*args, **kwargs):
        raise AssertionError("the workbook was handed to the reader")

    monkeypatch.setattr(python_calamine.CalamineWorkbook, "from_filelike", refuse)


def refused(raw: bytes, *fragments: str, name: str = "survey.xlsx", **limits) -> str:
    with pytest.raises(SurveyFileError) as caught:
        parse_survey(raw, name, limits=Limits(**limits) if limits else DEFAULT_LIMITS)
    message = str(caught.value)
    assert message.startswith(f"{name}: refused, nothing was imported")
    for fragment in fragments:
        assert fragment in message, message
    return message


def test_defaults_are_documented_values():
    assert DEFAULT_LIMITS.max_cell_chars == 32_767  # Excel's own cell limit
    assert 100 <= DEFAULT_LIMITS.max_columns <= 1_000
    assert 100_000_000 <= DEFAULT_LIMITS.max_uncompressed_bytes <= 1_000_000_000


def test_an_ordinary_workbook_passes():
    batch = parse_survey(workbook(HEADER, ROW), "survey.xlsx")
    assert batch.submissions[0].answers == [("Comment", "The bus is late.")]


def test_a_part_that_unpacks_beyond_the_limit(never_read):
    # 12 MB of XML whitespace inside the sheet (deflates to about 12 KB).
    raw = workbook(HEADER, ROW)
    sheet = zipfile.ZipFile(io.BytesIO(raw)).read("xl/worksheets/sheet1.xml")
    bomb = rezip(raw, {"xl/worksheets/sheet1.xml": sheet.replace(
        b"<sheetData>", b"<sheetData>" + b" " * 12_000_000)})  # fmt: skip
    assert len(bomb) < 100_000
    refused(bomb, "'xl/worksheets/sheet1.xml' unpacks to 12,", "10,000,000 bytes",
            "--max-member-bytes", max_member_bytes=10_000_000,
            max_compression_ratio=100_000)  # fmt: skip
    # The compression ratio alone (default 100) refuses it too.
    refused(bomb, "times larger than stored", "the limit is 100", "--max-compression-ratio")


def test_parts_that_together_unpack_beyond_the_limit(never_read):
    raw = workbook(HEADER, ROW)
    extra = {f"xl/media/filler{i}.bin": bytes(range(256)) * 8_000 for i in range(5)}
    refused(rezip(raw, add=extra), "unpacks to", "the limit is 5,000,000 bytes",
            "--max-uncompressed-bytes", max_uncompressed_bytes=5_000_000,
            max_compression_ratio=100_000)  # fmt: skip


@pytest.mark.parametrize(
    ("member", "size"),
    [
        ("xl/sharedStrings.xml", 768 * 1024 * 1024),  # the reported 768 MiB answer
        ("xl/worksheets/sheet1.xml", 0xFFFFFFFE),  # 4 GiB of whitespace, as declared
    ],
)
def test_the_reported_bombs_are_refused_by_default_from_their_declared_sizes(
    never_read, member, size
):
    raw = rezip(workbook(HEADER, ROW), add={"xl/sharedStrings.xml": b"<sst/>"}
                if member == "xl/sharedStrings.xml" else None)  # fmt: skip
    refused(declare_size(raw, member, size), repr(member), f"{size:,} bytes",
            "--max-member-bytes")  # fmt: skip


def test_a_part_larger_than_it_declares_is_not_read_past_its_size():
    """The reader stops at the declared size, so checking declared sizes is enough."""
    raw = workbook(HEADER, ROW)
    sheet = zipfile.ZipFile(io.BytesIO(raw)).read("xl/worksheets/sheet1.xml")
    big = rezip(raw, {"xl/worksheets/sheet1.xml": sheet.replace(
        b"<sheetData>", b"<sheetData>" + b" " * 2_000_000)})  # fmt: skip
    with pytest.raises(SurveyFileError, match=r"not a readable \.xlsx"):
        parse_survey(declare_size(big, "xl/worksheets/sheet1.xml", 5_000), "survey.xlsx")


@pytest.mark.parametrize(
    ("ref", "fragments"),
    [
        ("XFD1048576", ("reaches column 16,384", "the limit is 500", "--max-columns")),
        ("A1048577", ("reaches row 1,048,577", "the limit is 1,000,000", "--max-rows")),
        ("SF100000", ("100,000 rows by 500 columns", "the limit is 30,000,000 cells",
                      "--max-cells")),
    ],
)  # fmt: skip
def test_a_far_away_cell_is_refused_before_the_sheet_is_laid_out(never_read, ref, fragments):
    """A 5 KB file naming one far cell made the reader lay out every cell up to it
    (17 billion for XFD1048576): the process was killed."""
    raw = workbook(HEADER, ROW)
    sheet = zipfile.ZipFile(io.BytesIO(raw)).read("xl/worksheets/sheet1.xml")
    far = sheet.replace(b"</sheetData>", f'<row r="3"><c r="{ref}" t="inlineStr"><is><t>x'
                        '</t></is></c></row></sheetData>'.encode())  # fmt: skip
    assert far != sheet
    refused(rezip(raw, {"xl/worksheets/sheet1.xml": far}), *fragments)


def test_a_sheet_found_through_the_workbook_relationships_is_checked(never_read):
    """The sheet may live under any name: the one the workbook points to is scanned."""
    raw = workbook(HEADER, ROW)
    book = zipfile.ZipFile(io.BytesIO(raw))
    sheet = book.read("xl/worksheets/sheet1.xml").replace(
        b"</sheetData>", b'<row r="3"><c r="XFD3"><v>1</v></c></row></sheetData>')
    rels = book.read("xl/_rels/workbook.xml.rels").replace(
        b"worksheets/sheet1.xml", b"elsewhere/data.xml")
    moved = rezip(raw, {"xl/worksheets/sheet1.xml": b"<worksheet/>",
                        "xl/_rels/workbook.xml.rels": rels},
                  add={"xl/elsewhere/data.xml": sheet})  # fmt: skip
    refused(moved, "reaches column 16,384")


def test_a_long_cell_in_a_workbook():
    # Written into the XML: openpyxl itself cuts a cell at 32,767 characters.
    raw = workbook(HEADER, [ROW[0], "LONG"])
    sheet = zipfile.ZipFile(io.BytesIO(raw)).read("xl/worksheets/sheet1.xml")
    long_cell = sheet.replace(b">LONG<", b">" + b"x" * 40_000 + b"<")
    raw = rezip(raw, {"xl/worksheets/sheet1.xml": long_cell})
    refused(raw, "row 2, column 2 holds 40,000 characters", "32,767 characters",
            "--max-cell-chars")  # fmt: skip
    batch = parse_survey(raw, "survey.xlsx", limits=Limits(max_cell_chars=50_000))
    assert len(batch.submissions[0].answers[0][1]) == 40_000


def test_too_many_columns_in_a_workbook(never_read):
    refused(workbook(HEADER + [f"Q{i}" for i in range(600)], ROW), "reaches column 602",
            "--max-columns")  # fmt: skip


def to_csv(rows) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode()


def test_a_long_cell_in_a_csv_is_refused_with_its_row():
    raw = to_csv([HEADER, ROW, [ROW[0], "y" * 40_000]])
    refused(raw, "row 3, column 2 holds 40,000 characters", "32,767 characters",
            "--max-cell-chars", name="survey.csv")  # fmt: skip


def test_a_csv_field_far_beyond_the_limit_stops_the_reading_there():
    # Longer than the csv module's own default cap (131,072), which used to give
    # "not a valid CSV file (field larger than field limit (131072))".
    raw = to_csv([HEADER, [ROW[0], "z" * 5_000_000]])
    refused(raw, "row 2 holds a cell longer than that", "32,767 characters",
            "--max-cell-chars", name="survey.csv")  # fmt: skip
    # Raised, the same file is read.
    batch = parse_survey(raw, "survey.csv", limits=Limits(max_cell_chars=6_000_000))
    assert len(batch.submissions[0].answers[0][1]) == 5_000_000


def test_too_many_columns_or_rows_in_a_csv():
    refused(to_csv([HEADER + [f"Q{i}" for i in range(10)], ROW + [""] * 10]),
            "row 1 has 12 columns", "the limit is 5", "--max-columns", name="survey.csv",
            max_columns=5)  # fmt: skip
    refused(to_csv([HEADER] + [ROW] * 10), "more than 5 rows", "--max-rows",
            name="survey.csv", max_rows=5)  # fmt: skip


def test_a_file_above_max_bytes():
    refused(to_csv([HEADER, ROW]), "it is", "the limit is 10 bytes", "--max-bytes",
            name="survey.csv", max_bytes=10)  # fmt: skip


@pytest.mark.parametrize("bad", [0, -1, True, 2.5])
def test_limits_must_be_positive_whole_numbers(bad):
    with pytest.raises(SurveyFileError, match="--max-cell-chars must be a positive whole"):
        Limits(max_cell_chars=bad)


# ---- through the command -----------------------------------------------------------

ROOT = __import__("pathlib").Path(__file__).resolve().parents[1]


# Runs the command and, on the way out, prints its own peak memory (VmHWM, which
# starts afresh with the program). The child's ru_maxrss from wait4 is not used: a
# fork of a large test process counts the parent's pages before exec (a full test
# run read 758 MB for a command that peaks at 166 MB).
_MEASURED = (
    "import atexit, re, sys\n"
    "def _peak():\n"
    "    status = open('/proc/self/status').read()\n"
    "    sys.stderr.write('PEAK_KIB=' + re.search(r'VmHWM:\\s+(\\d+)', status).group(1))\n"
    "atexit.register(_peak)\n"
    "from commplan.cli import main\n"
    "sys.exit(main(sys.argv[1:]))\n"
)


def run_cli(*args: str, env: dict[str, str]) -> tuple[int, str, int]:
    """Exit status, stderr and the peak memory (KiB) of `commplan ...` in a process."""
    import os
    import re
    import subprocess
    import sys

    proc = subprocess.run(
        [sys.executable, "-c", _MEASURED, *args],
        cwd=ROOT, env={**os.environ, **env}, capture_output=True,
    )  # fmt: skip
    err = proc.stderr.decode()
    peak = re.search(r"PEAK_KIB=(\d+)$", err)
    assert peak, err[-2000:]
    return proc.returncode, err[: peak.start()], int(peak.group(1))


def run_main(*args: str, env: dict[str, str], monkeypatch, capsys) -> tuple[int, str]:
    """Exit status and stderr of the same entry point, called in this process: for
    cases where the memory of a fresh process is not what is measured."""
    from commplan.cli import main

    for name, value in env.items():
        monkeypatch.setenv(name, value)
    capsys.readouterr()
    try:
        code = main(list(args))
    except SystemExit as exc:  # argparse refusing an option, as `sys.exit(main())` would
        code = exc.code
    return code, capsys.readouterr().err


@pytest.fixture
def database(tmp_path):
    """A migrated, seeded database (a copy of the template Store.upgrade() made)."""
    from tests.dbtemplate import migrated_sqlite_url

    return {"COMMPLAN_DATABASE_URL": migrated_sqlite_url(tmp_path, "a.db")}


def sparse_csv(path, size: int) -> None:
    """A CSV whose second row opens a quoted field that runs to the end of the file
    (``size`` bytes, sparse on disk: no time or space to write it)."""
    with open(path, "wb") as f:
        f.write(b"Timestamp,Comment\r\n10/5/2025 14:03:11,\"" + b"a" * 10_000)
        f.truncate(size)


def test_cli_refuses_a_500_mb_field_without_reading_the_file_whole(tmp_path, database):
    path = tmp_path / "huge.csv"
    sparse_csv(path, 500_000_000)
    code, err, peak_kib = run_cli("feedback", "import", str(path), "--audience", "families",
                                  env=database)  # fmt: skip
    assert code == 2 and "Traceback" not in err
    assert "500,000,000 bytes" in err and "--max-bytes" in err
    # With the file-size limit raised, the cell limit stops the reading at once.
    code, err, peak_kib = run_cli("feedback", "import", str(path), "--audience", "families",
                                  "--max-bytes", "600000000", env=database)  # fmt: skip
    assert code == 2 and "Traceback" not in err
    assert "row 2" in err and "--max-cell-chars" in err
    assert peak_kib < 450_000  # far below the file's 500 MB: it was not read whole


def test_cli_limit_options(tmp_path, database, monkeypatch, capsys):
    # The options through the entry point in this process: the exit statuses of a
    # real process are checked by the test above (and in tests/test_cli_errors.py).
    path = tmp_path / "wide.csv"
    path.write_bytes(to_csv([[*HEADER, "Q2", "Q3"], [*ROW, "a", "b"]]))
    io_ = dict(env=database, monkeypatch=monkeypatch, capsys=capsys)
    code, err = run_main("feedback", "import", str(path), "--audience", "families",
                         "--max-columns", "3", **io_)  # fmt: skip
    assert code == 2 and "row 1 has 4 columns; the limit is 3 (--max-columns)" in err
    assert "Traceback" not in err
    code, err = run_main("feedback", "import", str(path), "--audience", "families",
                         "--max-cell-chars", "0", **io_)  # fmt: skip
    assert code == 2 and "--max-cell-chars must be a positive whole number" in err
    code, err = run_main("feedback", "import", str(path), "--audience", "families", **io_)
    assert code == 0, err


def test_a_long_legitimate_line_is_read_exactly():
    """A row over a megabyte on one line (read in pieces) comes back cell for cell."""
    header = ["Timestamp"] + [f"Q{i}" for i in range(40)]
    cells = [f"{i}," + "w" * 29_990 + '"' for i in range(40)]  # commas and quotes inside
    batch = parse_survey(to_csv([header, [ROW[0], *cells]]), "survey.csv")
    assert [a for _, a in batch.submissions[0].answers] == cells


def test_a_single_line_beyond_any_allowed_row_is_refused():
    raw = b"Timestamp,Comment\r\n" + b"x" * 3_000_000  # no quotes, no line end
    refused(raw, "row 2 runs to more than", "--max-cell-chars", name="survey.csv",
            max_columns=10, max_cell_chars=100_000)  # fmt: skip


def test_rows_and_cells_without_references_count_toward_the_extent(never_read):
    """A row or cell with no reference takes the next position: 40,000 empty rows and
    one cell at column 500 would lay out 20 million cells from a few hundred KB."""
    raw = workbook(HEADER, ROW)
    sheet = zipfile.ZipFile(io.BytesIO(raw)).read("xl/worksheets/sheet1.xml")
    rows = sheet.replace(b"</sheetData>", b"<row/>" * 40_000
                         + b'<row><c r="SF1"><v>1</v></c></row></sheetData>')  # fmt: skip
    refused(rezip(raw, {"xl/worksheets/sheet1.xml": rows}), "40,00", "by 500 columns",
            "--max-cells", max_cells=10_000_000, max_compression_ratio=100_000)  # fmt: skip
    cells = sheet.replace(b"</sheetData>", b"<row>" + b"<c/>" * 600 + b"</row></sheetData>")
    refused(rezip(raw, {"xl/worksheets/sheet1.xml": cells}), "reaches column", "--max-columns")


def test_a_zip_with_too_many_parts_is_refused_before_its_directory_is_read(never_read):
    raw = rezip(workbook(HEADER, ROW), add={f"xl/media/{i}.bin": b"" for i in range(300)})
    refused(raw, "it holds 309 files", "the limit is 200", "--max-parts", max_parts=200)


def test_a_zip_with_many_parts_within_the_limit_is_read():
    raw = rezip(workbook(HEADER, ROW), add={f"xl/media/{i}.bin": b"" for i in range(300)})
    assert parse_survey(raw, "survey.xlsx").submissions


@pytest.mark.parametrize("piece", [1, 2, 3, 5, 7, 8, 9, 16])
def test_lines_read_in_pieces_keep_every_line_end(piece):
    import io as _io

    from commplan.feedback.imports import _lines

    source = 'a,b\r\n"x\r\ny",zz\r\nccccccc\rdd\n\r\n,\r\n' + "e" * 20 + "\r\nend"
    stream = _io.TextIOWrapper(_io.BytesIO(source.encode()), encoding="utf-8", newline="")
    lines = list(_lines(stream, 10_000, piece))
    assert "".join(lines) == source
    expected = list(_io.StringIO(source, newline=""))
    assert list(csv.reader(lines)) == list(csv.reader(expected))
