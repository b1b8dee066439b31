"""Benchmark: import a 100,000-row Qualtrics CSV (three header rows, two questions,
a rating) into a new SQLite database, end to end as `commplan feedback import` does.

Goal (listening issue): <= 3 s for 100k rows.

    .venv/bin/python bench/bench_import.py [--rows 100000] [--backend sqlite|postgresql|both]

It also times importing the same file again (every row a duplicate), which takes the
look-up path instead of the first-import one, and, on SQLite, the analysis that runs
after an import (themes and sentiment for every response).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from commplan.feedback.analysis import analyse_responses  # noqa: E402
from commplan.feedback.importer import import_survey  # noqa: E402
from commplan.store import Store  # noqa: E402
from commplan.store.workspaces import DEFAULT_WORKSPACE, get_workspace  # noqa: E402

HEADER = ["StartDate", "EndDate", "Status", "IPAddress", "Progress", "Duration (in seconds)",
          "Finished", "RecordedDate", "ResponseId", "RecipientEmail", "Q1", "Q2", "Q3"]  # fmt: skip
QUESTIONS = ["Start Date", "End Date", "Response Type", "IP Address", "Progress",
             "Duration", "Finished", "Recorded Date", "Response ID", "Email",
             "How clear was the letter? (1-5)", "What should we change?",
             "Anything else?"]  # fmt: skip


def make_csv(n: int, seed: int = 3) -> bytes:
    rng = random.Random(seed)
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(HEADER)
    w.writerow(QUESTIONS)
    w.writerow([json.dumps({"ImportId": h}, separators=(",", ":")) for h in HEADER])
    comments = [
        "The bus comes too early.",
        "More notice before early release days, please.",
        'She said "the form was confusing"\nand asked twice.',
        "Thank you!",
        "",
    ]
    for i in range(n):
        day = f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d} 10:00:00"
        w.writerow(
            [
                day,
                day,
                "IP Address",
                "10.0.0.1",
                "100",
                "120",
                "True",
                day,
                f"R_{i:08d}",
                "someone@example.org",
                str(rng.randint(1, 5)),
                rng.choice(comments),
                rng.choice(comments),
            ]
        )
    return out.getvalue().encode("utf-8-sig")


def make_xlsx(data: bytes) -> bytes:
    """The same export saved as an Excel workbook (as Qualtrics' .xlsx download)."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    for row in csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")):
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def open_store(url: str):
    store = Store(url)
    store.upgrade()
    with store.session() as s:
        return store, get_workspace(s, DEFAULT_WORKSPACE)


def timed_import(store, workspace, data: bytes, name: str) -> tuple[float, dict]:
    """One import in its own transaction, as `commplan feedback import` does."""
    start = time.perf_counter()
    with store.session() as s:
        summary = import_survey(
            s, workspace, "bench", data, name, audience="families", channel="survey"
        )
    return time.perf_counter() - start, summary


def time_xlsx(data: bytes, rows: int) -> None:
    workbook = make_xlsx(data)
    with tempfile.TemporaryDirectory() as tmp:
        store, workspace = open_store(f"sqlite:///{tmp}/xlsx.db")
        took, summary = timed_import(store, workspace, workbook, "survey.xlsx")
        store.dispose()
    if summary["imported"] != rows:
        raise SystemExit(f"the .xlsx import gave {summary['imported']} submissions, not {rows}")
    print(f"sqlite: the same as .xlsx ({len(workbook) / 1e6:.1f} MB) imported in {took:.2f} s")


def run(backend: str, url: str, data: bytes, rows: int, analyse: bool = False) -> float:
    store, workspace = open_store(url)
    took, summary = timed_import(store, workspace, data, "survey.csv")
    took_again, summary = timed_import(store, workspace, data, "survey.csv")  # all duplicates
    if analyse:
        from message_library import load_default_library

        library = load_default_library()
        start = time.perf_counter()
        with store.session() as s:
            analysed = analyse_responses(s, workspace, library)
        took_analysis = time.perf_counter() - start
    store.dispose()
    if summary["duplicates"] != rows:
        raise SystemExit(f"re-import found {summary['duplicates']} duplicates, not {rows}")
    print(
        f"{backend}: imported {rows:,} submissions ({len(data) / 1e6:.1f} MB) in "
        f"{took:.2f} s ({rows / took:,.0f} rows/s); re-import (all duplicates) "
        f"{took_again:.2f} s"
    )
    if analyse:
        print(
            f"{backend}: analysed {analysed:,} responses (themes, sentiment) in "
            f"{took_analysis:.1f} s ({analysed / took_analysis:,.0f} per second)"
        )
    return took


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="sqlite")
    args = parser.parse_args()
    data = make_csv(args.rows)
    if args.backend in ("sqlite", "both"):
        with tempfile.TemporaryDirectory() as tmp:
            took = run("sqlite", f"sqlite:///{tmp}/import.db", data, args.rows, analyse=True)
        time_xlsx(data, args.rows)
        goal = 3 * args.rows / 100_000
        print(f"SQLite goal <= 3 s for 100k rows: {'met' if took <= goal else 'NOT met'}")
    if args.backend in ("postgresql", "both"):
        from tests.pgcluster import PostgresCluster

        cluster = PostgresCluster()
        try:
            run("postgresql", cluster.new_database(), data, args.rows)
        finally:
            cluster.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
