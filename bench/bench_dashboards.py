"""Benchmark: the Dashboards tab's aggregates (one GROUP BY each) over N responses,
on SQLite and PostgreSQL, with no filter and with a 90-day + one-audience filter.

    .venv/bin/python bench/bench_dashboards.py [--rows 100000] [--backend sqlite|postgresql|both]

Prints each query's median time (5 runs) and the total of one tab run (every query
the tab makes with the default choices: week x audience over time), then the
by-theme sections: "What we heard, by theme" on the "You said, we did" tab and the
Themes tab's top themes by audience.

    .venv/bin/python bench/bench_dashboards.py --backend sqlite --database /tmp/dash.db
    (seeded when new, reused after: compare code before and after on the same data)
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import date
from itertools import islice
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_store import rows as store_rows  # noqa: E402

from commplan.store import Store, review  # noqa: E402
from commplan.store import dashboards as d  # noqa: E402
from commplan.store import records as r  # noqa: E402
from commplan.store.workspaces import DEFAULT_WORKSPACE, get_workspace  # noqa: E402

SENTIMENTS = ["positive", "neutral", "mixed", "negative", None]

# The tab's queries with the default choices (see commplan/ui/feedback_tabs/dashboards.py).
QUERIES = {
    "total": lambda s, w, f: d.total(s, w, f),
    "plan x audience": lambda s, w, f: d.grouped_counts(s, w, ["plan", "audience"], f),
    "plan x audience x channel": lambda s, w, f: d.grouped_counts(
        s, w, ["plan", "audience", "channel"], f
    ),
    "week x audience": lambda s, w, f: d.grouped_counts(s, w, ["week", "audience"], f),
    "month x sentiment": lambda s, w, f: d.grouped_counts(s, w, ["month", "sentiment"], f),
    "audience": lambda s, w, f: d.grouped_counts(s, w, ["audience"], f),
    "channel": lambda s, w, f: d.grouped_counts(s, w, ["channel"], f),
    "theme": lambda s, w, f: d.grouped_counts(s, w, ["theme"], f),
    "audience x sentiment": lambda s, w, f: d.grouped_counts(s, w, ["audience", "sentiment"], f),
    "theme x sentiment": lambda s, w, f: d.grouped_counts(s, w, ["theme", "sentiment"], f),
    "status": lambda s, w, f: d.grouped_counts(s, w, ["status"], f),
    "cube (plan x audience x channel x sentiment x status)": lambda s, w, f: d.cube(s, w, f),
    "data stamp": lambda s, w, f: d.data_stamp(s, w),
    "channels + audiences (filter options)": lambda s, w, f: (
        review.channel_names(s, w) + d.audience_keys(s, w)
    ),
    "listening targets": lambda s, w, f: d.listening_targets(s, w),
}
if hasattr(d, "theme_counts"):
    QUERIES["theme (theme_counts)"] = lambda s, w, f: d.theme_counts(s, w, f)
# One run of the tab with nothing cached (default choices): the cube gives every
# response-level figure (rollup), then themes (x sentiment before theme_counts, which
# the tab now asks for only when "Sentiment by theme" is on) and week x audience.
TAB_RUN = [
    "data stamp", "channels + audiences (filter options)", "listening targets",
    "cube (plan x audience x channel x sentiment x status)",
    "theme (theme_counts)" if "theme (theme_counts)" in QUERIES else "theme x sentiment",
    "week x audience",
]  # fmt: skip
# Before the cube: one GROUP BY per figure.
SEPARATE = [
    "total", "plan x audience", "plan x audience x channel", "week x audience", "audience",
    "channel", "theme", "audience x sentiment", "theme x sentiment", "status",
]  # fmt: skip


def rows(n: int, plan_id: int, seed: int = 11):
    rng = random.Random(seed)
    for row in store_rows(n):
        row["sentiment"] = rng.choice(SENTIMENTS)
        row["plan_id"] = plan_id if rng.random() < 0.7 else None
        yield row


def seed(backend: str, url: str, n: int) -> None:
    store = Store(url)
    store.upgrade()
    with store.session() as s:
        workspace = get_workspace(s, DEFAULT_WORKSPACE)
        plan_id = r.list_plans(s, workspace)[0].id
    start = time.perf_counter()
    source = rows(n, plan_id)
    for _ in range(0, n, 100_000):
        with store.session() as s:
            r.bulk_add_responses(s, workspace, "bench", islice(source, 100_000))
    print(f"{backend}: inserted {n:,} responses in {time.perf_counter() - start:.1f} s")
    with store.engine.connect() as conn:
        conn.exec_driver_sql("ANALYZE")
        conn.commit()
    store.dispose()


def by_theme(store: Store, workspace) -> None:
    """The by-theme sections as the tabs build them (store calls and summing up)."""
    from commplan.feedback import loop

    sections = {}
    if hasattr(review, "heard_by_theme"):

        def summaries(s):
            found = review.heard_by_theme(s, workspace)
            return loop.summarise_counted(found.counts, found.examples, found.decisions)

        sections["'You said, we did' by theme (heard_by_theme)"] = summaries
    else:
        sections["'You said, we did' by theme (newest 5,000 summed)"] = lambda s: loop.summarise(
            [loop.heard_from(x) for x in review.filtered_responses(s, workspace, limit=5000)]
        )
    if hasattr(review, "top_themes"):

        def top(s):
            found = review.top_themes(s, workspace)
            return loop.top_themes_counted(found.counts, found.examples)

        sections["Themes tab: top themes by audience (top_themes)"] = top
    else:
        sections["Themes tab: top themes by audience (newest 5,000)"] = lambda s: (
            loop.top_themes_by_audience(
                [loop.heard_from(x) for x in review.filtered_responses(s, workspace, limit=5000)]
            )
        )
    for name, section in sections.items():
        times, cpu = [], []
        for _ in range(3):
            with store.session() as s:
                t, c = time.perf_counter(), time.process_time()
                result = section(s)
                times.append(time.perf_counter() - t)
                cpu.append(time.process_time() - c)
        ms, cpu_ms = statistics.median(times) * 1000, statistics.median(cpu) * 1000
        print(f"  [by theme] {name:<54} median {ms:7.1f} ms  CPU {cpu_ms:7.1f} ms  "
              f"({len(result)} groups)")  # fmt: skip


def run(backend: str, url: str, n: int) -> None:
    store = Store(url)
    with store.session() as s:
        workspace = get_workspace(s, DEFAULT_WORKSPACE)
    for label, filters in [
        ("no filter", d.Filters()),
        (
            "90 days, families",
            d.Filters(since=date(2025, 6, 1), until=date(2025, 8, 29), audiences=("families",)),
        ),
    ]:
        medians, cpus = {}, {}
        for name, query in QUERIES.items():
            times, cpu = [], []
            for _ in range(5):
                with store.session() as s:
                    t, c = time.perf_counter(), time.process_time()
                    result = query(s, workspace, filters)
                    times.append(time.perf_counter() - t)
                    cpu.append(time.process_time() - c)
            medians[name] = statistics.median(times) * 1000
            cpus[name] = statistics.median(cpu) * 1000
            groups = result if isinstance(result, int) else len(result)
            print(f"  [{label}] {name:<54} median {medians[name]:7.1f} ms  "
                  f"CPU {cpus[name]:7.1f} ms  ({groups} rows)")  # fmt: skip
        separate = sum(medians[q] for q in SEPARATE)
        tab, tab_cpu = sum(medians[q] for q in TAB_RUN), sum(cpus[q] for q in TAB_RUN)
        print(f"  [{label}] one query per figure ({len(SEPARATE)} queries): {separate:.0f} ms")
        print(f"  [{label}] one tab run, nothing cached ({len(TAB_RUN)} queries): {tab:.0f} ms "
              f"(CPU of this process {tab_cpu:.0f} ms; PostgreSQL's own work is not in it)")
    by_theme(store, workspace)
    store.dispose()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--database", help="an existing SQLite file to reuse (seeded if new)")
    args = parser.parse_args()
    if args.backend in ("sqlite", "both"):
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(args.database) if args.database else Path(tmp) / "bench.db"
            url = f"sqlite:///{path}"
            if not path.exists():
                seed("sqlite", url, args.rows)
            run("sqlite", url, args.rows)
    if args.backend in ("postgresql", "both"):
        from tests.pgcluster import PostgresCluster

        cluster = PostgresCluster()
        try:
            url = cluster.new_database()
            seed("postgresql", url, args.rows)
            run("postgresql", url, args.rows)
        finally:
            cluster.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
