"""Benchmark: 1,000,000 responses in batches, then the review page's aggregates,
on SQLite and on PostgreSQL (a throwaway cluster on 127.0.0.1).

Goal (storage issue): each aggregate <= 200 ms at 1M rows on SQLite.

    .venv/bin/python bench/bench_store.py [--rows 1000000] [--backend sqlite|postgresql|both]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from itertools import islice
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from commplan.store import Store  # noqa: E402
from commplan.store import records as r  # noqa: E402
from commplan.store.workspaces import DEFAULT_WORKSPACE, get_workspace  # noqa: E402

AUDIENCES = ["families", "students", "educators", "district_leaders", "regional_offices",
             "policymakers", "partner_agencies", "community_partners", "media", "agency_staff",
             "general_public"]  # fmt: skip
CHANNELS = ["survey", "email", "listening session", "text message", "phone", "social media",
            "town hall", "advisory committee"]  # fmt: skip
THEMES = [f"theme {i}" for i in range(24)]
STATUSES = ["heard"] * 6 + ["decided"] * 3 + ["told_back"]


def rows(n: int, seed: int = 7):
    rng = random.Random(seed)
    start = date(2025, 1, 6)
    for i in range(n):
        yield {
            "audience_key": rng.choice(AUDIENCES),
            "channel": rng.choice(CHANNELS),
            "received_on": start + timedelta(days=rng.randrange(364)),
            "answers": [("What should we know?", f"Response number {i}.")],
            "themes": rng.sample(THEMES, rng.choice((0, 1, 1, 2))),
            "external_id": f"R_{i}",
            "status": rng.choice(STATUSES),
        }


AGGREGATES = {
    "audience x week": r.counts_by_audience_week,
    "channel": r.counts_by_channel,
    "theme": r.counts_by_theme,
    "status": r.counts_by_status,
}


def run(backend: str, url: str, n: int) -> dict[str, float]:
    store = Store(url)
    store.upgrade()
    with store.session() as s:
        workspace = get_workspace(s, DEFAULT_WORKSPACE)
    start = time.perf_counter()
    source = rows(n)
    for _ in range(0, n, 100_000):
        with store.session() as s:  # one transaction per 100k rows, batches of 5k inside
            r.bulk_add_responses(s, workspace, "bench", islice(source, 100_000))
    insert_s = time.perf_counter() - start
    if backend == "postgresql":
        with store.engine.connect() as conn:
            conn.exec_driver_sql("ANALYZE")
            conn.commit()
    with store.session() as s:
        if backend == "sqlite":
            s.connection().exec_driver_sql("ANALYZE")
    print(
        f"{backend}: inserted {n:,} responses in {insert_s:.1f} s "
        f"({n / insert_s:,.0f} rows/s, with answers and themes)"
    )
    out = {"insert_s": insert_s}
    for name, fn in AGGREGATES.items():
        times = []
        for _ in range(5):
            with store.session() as s:
                t = time.perf_counter()
                result = fn(s, workspace)
                times.append(time.perf_counter() - t)
        ms = statistics.median(times) * 1000
        out[name] = ms
        print(f"  by {name:<16} median {ms:7.1f} ms  ({len(result)} groups)")
    store.dispose()
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    args = parser.parse_args()
    results = {}
    if args.backend in ("sqlite", "both"):
        with tempfile.TemporaryDirectory() as tmp:
            results["sqlite"] = run("sqlite", f"sqlite:///{tmp}/bench.db", args.rows)
    if args.backend in ("postgresql", "both"):
        from tests.pgcluster import PostgresCluster

        cluster = PostgresCluster()
        try:
            results["postgresql"] = run("postgresql", cluster.new_database(), args.rows)
        finally:
            cluster.stop()
    if "sqlite" in results:
        worst = max(v for k, v in results["sqlite"].items() if k != "insert_s")
        print(
            f"slowest SQLite aggregate: {worst:.1f} ms (goal <= 200 ms): "
            + ("met" if worst <= 200 else "NOT met")
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
