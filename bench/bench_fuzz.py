"""Fuzz run: check many seeded random drafts; print crashes and invariant violations.

Both must be 0. The drafts and the invariants are the ones tests/test_fuzz.py
uses (tests/fuzzdrafts.py), with more drafts and another seed by default.

    .venv/bin/python bench/bench_fuzz.py [--drafts 10000] [--seed 20261201]
"""

from __future__ import annotations

import argparse
import sys
import time
import traceback
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from commplan import check_text  # noqa: E402
from tests.fuzzdrafts import drafts, violations  # noqa: E402

AUDIENCES = ("families", "general_public", "educators", "students", "policymakers")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--drafts", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=20261201)
    parser.add_argument("--show", type=int, default=5, help="examples to print per kind")
    args = parser.parse_args()

    crashes: Counter[str] = Counter()
    broken: Counter[str] = Counter()
    examples: dict[str, list[str]] = {}
    findings = chars = 0
    start = time.perf_counter()
    for i, text in enumerate(drafts(args.drafts, seed=args.seed)):
        chars += len(text)
        try:
            report = check_text(text, AUDIENCES[i % len(AUDIENCES)])
        except Exception as exc:
            kind = f"{type(exc).__name__} at {traceback.extract_tb(exc.__traceback__)[-1].name}"
            crashes[kind] += 1
            examples.setdefault(kind, []).append(repr(text[:300]))
            continue
        findings += len(report.findings)
        for problem in violations(text, report):
            kind = problem.split(" ", 1)[1].split(" ", 1)[0]
            broken[kind] += 1
            examples.setdefault(kind, []).append(f"{problem} in {text[:300]!r}")
    seconds = time.perf_counter() - start
    print(
        f"{args.drafts:,} drafts (seed {args.seed}), {chars:,} characters, "
        f"{findings:,} findings in {seconds:.1f} s"
    )
    print(f"  crashes:    {sum(crashes.values())}")
    print(f"  violations: {sum(broken.values())}")
    for kind, n in (crashes + broken).most_common():
        print(f"    {n:6d}  {kind}")
        for example in examples[kind][: args.show]:
            print(f"            {example}")
    return 1 if crashes or broken else 0


if __name__ == "__main__":
    raise SystemExit(main())
