"""Benchmark: ``compare_texts`` name comparison on hostile variants.

Two variants with thousands of distinct capitalised names after titles ("Ms. Ralotes
met."): every name word of one variant could be compared with every one of the other.
The symmetric-delete index keeps this near linear; before it, 3,000 names a side took
87 s in the name comparison alone. Then tens of thousands of dates and times in one
variant: overlaps are found by bisect (a scan per fact took minutes on 40,000).

    .venv/bin/python bench/bench_compare.py [--names 3000]
"""

from __future__ import annotations

import argparse
import random
import string
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from commplan.checks import consistency  # noqa: E402
from commplan.nlp import get_nlp  # noqa: E402


def variant(path: str, names: int, rng: random.Random, extra: int) -> consistency.Variant:
    def name() -> str:
        letters = "".join(rng.choice("aeiourstln") for _ in range(6 + extra))
        return rng.choice(string.ascii_uppercase) + letters

    text = " ".join(f"Ms. {name()} met." for _ in range(names))
    doc = get_nlp()(text)
    return consistency.Variant(
        path,
        text,
        None,  # type: ignore[arg-type]
        None,  # type: ignore[arg-type]
        [],
        consistency.extract_names(doc),
        frozenset(t.lower_ for t in doc),
    )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--names", type=int, default=3000)
    args = parser.parse_args()
    rng = random.Random(11)
    for extra in (0, 8):
        a, b = variant("a", args.names, rng, extra), variant("b", args.names, rng, extra)
        start = time.perf_counter()
        found = consistency._compare_names(a, b)
        took = time.perf_counter() - start
        print(
            f"{args.names} names a side, {7 + extra} letters: "
            f"name comparison {took * 1000:.0f} ms, {len(found)} findings"
        )
    months = "January February March April May June July August September October".split()
    text = " ".join(
        f"On {rng.choice(months)} {rng.randrange(1, 29)}, {rng.randrange(1900, 2100)} at "
        f"{rng.randrange(0, 24)}:{rng.randrange(10, 60)}."
        for _ in range(args.names * 5)
    )
    start = time.perf_counter()
    facts = consistency.extract_facts(text)
    took = time.perf_counter() - start
    print(f"{len(facts)} dates and times in {len(text):,} characters: {took * 1000:.0f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
