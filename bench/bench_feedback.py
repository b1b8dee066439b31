"""Benchmark: the Feedback page's Review tab at 100,000 responses (SQLite).

Goal (issue 12): a keystroke in the review search costs <= 200 ms at 100k responses.

    .venv/bin/python bench/bench_feedback.py [--rows 100000] [--search bus] [--repeat 5]
    .venv/bin/python bench/bench_feedback.py --backend postgresql   # store calls only

It seeds a new SQLite database through the store API (``bulk_add_responses``), then
times, with the number of SQL statements each sends (an SQLAlchemy event listener
on every engine):

1. the store calls the Review tab makes for one search, and the old path (the newest
   2,000 responses loaded with their answers and themes, plus the weekly counts)
   when the store still has it;
2. the whole page in Streamlit's AppTest: one rerun after typing in the search box
   (the Review tab chosen), which is what a person waits for after a keystroke.

Run it from a checkout's root; it imports that checkout's ``commplan``.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import event  # noqa: E402
from sqlalchemy.engine import Engine  # noqa: E402

from commplan.store import Store, review  # noqa: E402
from commplan.store import records as r  # noqa: E402
from commplan.store.workspaces import DEFAULT_WORKSPACE, get_workspace  # noqa: E402

AUDIENCES = ["families", "students", "educators", "district_leaders", "policymakers",
             "partner_agencies", "community_partners", "media", "general_public"]  # fmt: skip
CHANNELS = ["survey", "email", "listening session", "text message", "phone",
            "town hall", "advisory committee"]  # fmt: skip
THEMES = ["transportation", "attendance", "communication", "safety", "lunch",
          "homework", "schedule", "staffing", "special education", "enrollment"]  # fmt: skip
STATUSES = ["heard"] * 6 + ["decided"] * 3 + ["told_back"]
# What people wrote: a few clauses each, so a search word hits some answers, not all.
CLAUSES = [
    "the bus comes too early for the little ones", "pickup is chaotic at the front gate",
    "please send the newsletter in Spanish", "the new schedule is confusing",
    "my child loves the after-school program", "lunch is rushed", "we never hear back",
    "the teachers are great this year", "homework takes too long every night",
    "the app keeps logging me out", "more counselors would help", "thank you for asking",
    "the letter used words I did not understand", "parking at the school is impossible",
    "the route changed without notice", "class sizes are too big",
    "I want to volunteer but the forms are hard", "the school feels safe",
]  # fmt: skip


def rows(n: int, seed: int = 12):
    rng = random.Random(seed)
    start = date(2025, 1, 6)
    for i in range(n):
        said = "; ".join(rng.sample(CLAUSES, rng.choice((1, 1, 2, 3)))).capitalize() + "."
        answers = [("What should we know?", said)]
        if rng.random() < 0.5:
            answers.append(("Anything else?", f"{rng.choice(CLAUSES).capitalize()} ({i})."))
        yield {
            "audience_key": rng.choice(AUDIENCES),
            "channel": rng.choice(CHANNELS),
            "received_on": start + timedelta(days=rng.randrange(364)),
            "answers": answers,
            "themes": rng.sample(THEMES, rng.choice((0, 1, 1, 2))),
            "external_id": f"R_{i}",
            "status": rng.choice(STATUSES),
        }


class Statements:
    """Counts SQL statements sent by any engine in this process."""

    def __init__(self) -> None:
        self.count = 0
        event.listen(Engine, "before_cursor_execute", self._seen)

    def _seen(self, *args, **kwargs) -> None:
        self.count += 1

    def measure(self, fn, repeat: int):
        """(median ms, statements per call, last result); the median CPU time of this
        process (all its threads) in ``self.cpu_ms``: on a loaded machine the wall
        clock mostly measures the wait for a core (SQLite runs in this process;
        PostgreSQL's own work is not in it)."""
        times, cpu, counts, result = [], [], [], None
        for _ in range(repeat):
            before = self.count
            t, c = time.perf_counter(), time.process_time()
            result = fn()
            times.append(time.perf_counter() - t)
            cpu.append(time.process_time() - c)
            counts.append(self.count - before)
        self.cpu_ms = statistics.median(cpu) * 1000
        return statistics.median(times) * 1000, max(counts), result


def seed(url: str, n: int) -> None:
    store = Store(url)
    store.upgrade()
    with store.session() as s:
        workspace = get_workspace(s, DEFAULT_WORKSPACE)
    t = time.perf_counter()
    with store.session() as s:
        r.bulk_add_responses(s, workspace, "bench", rows(n))
    with store.engine.connect() as conn:
        conn.exec_driver_sql("ANALYZE")
        conn.commit()
    print(f"seeded {n:,} responses in {time.perf_counter() - t:.1f} s")
    store.dispose()


def store_path(url: str, search: str, repeat: int, sql: Statements) -> None:
    store = Store(url)
    with store.session() as s:
        workspace = get_workspace(s, DEFAULT_WORKSPACE)
    filters = {"search": search}

    def old_path():
        with store.session() as s:
            found = review.filtered_responses(s, workspace, **filters, limit=2000)
            weekly = review.weekly_counts(s, workspace, **filters)
        return len(found), sum(n for *_, n in weekly)

    print(f"{store.engine.dialect.name}: store calls for one search ({search!r}), "
          f"median of {repeat}:")  # fmt: skip
    ms, statements, (shown, total) = sql.measure(old_path, repeat)
    print(f"  newest 2,000 + weekly counts   {ms:7.1f} ms  {statements:3} statements "
          f"({shown:,} rows loaded of {total:,}; CPU {sql.cpu_ms:.1f} ms)")  # fmt: skip
    if hasattr(review, "review_page"):

        def new_path():
            with store.session() as s:
                return review.review_page(s, workspace, **filters, page=1, page_size=50)

        ms, statements, page = sql.measure(new_path, repeat)
        rows = f"{len(page.responses)} rows of {page.total:,}"
        print(f"  review_page (50 rows + weekly) {ms:7.1f} ms  {statements:3} statements "
              f"({rows}; CPU {sql.cpu_ms:.1f} ms)")  # fmt: skip
    store.dispose()


def app_rerun(url: str, search: str, repeat: int, sql: Statements) -> float:
    """One AppTest rerun of the whole Feedback page after typing in the search."""
    os.environ["COMMPLAN_DATABASE_URL"] = url
    os.environ["COMMPLAN_USER"] = "bench"
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    st.cache_resource.clear()
    source = (ROOT / "commplan" / "ui" / "pages" / "feedback.py").read_text("utf-8")
    at = AppTest.from_string(source, default_timeout=600)
    at.session_state["tab"] = "Review"  # the tab chosen (ignored by the old page)
    t = time.perf_counter()
    at.run()
    first = (time.perf_counter() - t) * 1000
    assert not at.exception, at.exception
    print(f"AppTest: first run of the page {first:.0f} ms (opens the database, builds caches)")
    times, cpu, counts = [], [], []
    for i in range(repeat):
        word = search if i % 2 == 0 else search + " "  # a changed value: a real rerun
        box = at.text_input(key="review_search").input(word)
        before = sql.count
        t, c = time.perf_counter(), time.process_time()
        box.run()
        times.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
        counts.append(sql.count - before)
        assert not at.exception, at.exception
    ms = statistics.median(times) * 1000
    runs = ", ".join(f"{x * 1000:.0f}" for x in times)
    print(f"AppTest: one rerun after typing {search!r}: median {ms:.0f} ms "
          f"(CPU {statistics.median(cpu) * 1000:.0f} ms), {max(counts)} SQL statements "
          f"(runs: {runs} ms)")  # fmt: skip
    return ms


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--search", default="bus")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--database", help="an existing SQLite file to reuse (seeded if new)")
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), default="sqlite")
    args = parser.parse_args()
    sql = Statements()
    if args.backend == "postgresql":  # a throwaway cluster on 127.0.0.1; no AppTest
        from tests.pgcluster import PostgresCluster

        cluster = PostgresCluster()
        try:
            url = cluster.new_database()
            seed(url, args.rows)
            store_path(url, args.search, args.repeat, sql)
        finally:
            cluster.stop()
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(args.database) if args.database else Path(tmp) / "bench.db"
        url = f"sqlite:///{path}"
        if not path.exists():
            seed(url, args.rows)
        store_path(url, args.search, args.repeat, sql)
        ms = app_rerun(url, args.search, args.repeat, sql)
    print(f"rerun after a keystroke: {ms:.0f} ms (goal <= 200 ms): "
          + ("met" if ms <= 200 else "NOT met"))  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
