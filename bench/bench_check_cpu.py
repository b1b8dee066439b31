"""CPU time of ``check_text`` per draft, per check family, and the collector's share.

For A/B runs of two commits on a shared machine, where wall time swings by a
quarter within a minute: run this alternately in two worktrees (e.g. six times
each) and compare the ``cpu/check`` figures (``time.process_time``).

    .venv/bin/python bench/bench_check_cpu.py [--drafts 40] [--rounds 3] [--settle]

``--settle`` runs one full collection after the warm-up, so the collector's
first passes over what loading created (pipeline, compiled library: ~145,000
objects) do not land on the first drafts.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_check import make_drafts  # noqa: E402

from commplan import check_text  # noqa: E402
from commplan.checks import engine  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--drafts", type=int, default=40)
    parser.add_argument("--words", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--settle", action="store_true", help="gc.collect() after warm-up")
    args = parser.parse_args()

    drafts = make_drafts(args.drafts, args.words)
    check_text("Warm-up text for the benchmark. It has two sentences.", "families")
    check_text(f"{drafts[-1]}\n\nWarm-up.", "families")
    if args.settle:
        gc.collect()

    by_family: dict[str, float] = {}

    def timed(family: engine.CheckFamily) -> engine.CheckFamily:
        def run(ctx) -> None:
            start = time.process_time()
            family.run(ctx)
            by_family[family.name] = by_family.get(family.name, 0.0) + (
                time.process_time() - start
            )

        return engine.CheckFamily(family.name, run)

    engine.REGISTRY = tuple(timed(f) for f in engine.REGISTRY)
    in_gc = [0.0, 0.0, 0.0]
    started = [0.0]

    def collector(phase: str, info: dict) -> None:
        if phase == "start":
            started[0] = time.perf_counter()
        else:
            in_gc[info["generation"]] += time.perf_counter() - started[0]

    gc.callbacks.append(collector)
    walls = []
    cpu = time.process_time()
    for round_ in range(args.rounds):
        for i, draft in enumerate(drafts):
            start = time.perf_counter()
            check_text(f"{draft}\n\nReference cpu-{round_}-{i}.", "families")
            walls.append(time.perf_counter() - start)
    cpu = time.process_time() - cpu
    gc.callbacks.remove(collector)
    n = len(walls)
    print(
        f"{n} checks: cpu/check {cpu / n * 1000:.2f} ms, wall median "
        f"{statistics.median(walls) * 1000:.2f} ms; collector ms/check by generation "
        + ", ".join(f"{t / n * 1000:.2f}" for t in in_gc)
    )
    print("  " + "  ".join(f"{k}={v / n * 1000:.2f}" for k, v in by_family.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
