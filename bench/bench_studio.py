"""Benchmark: what the Draft studio does per rerun while someone types.

Target (issue 12): re-checking a 1,000-word draft costs at most 250 ms beyond
Streamlit's own rerun. Three figures, each the median (and 90th percentile) over
``--drafts`` drafts from bench/bench_check.py, each edited by one word per rerun as
typing would:

1. ``worker``: the check call path the page uses (``check_text_limited``, the
   draft sent to the warm worker process and its report sent back);
2. ``page, new text``: a whole AppTest run of the studio page after the text
   changed (check + highlight + summary + findings list + Streamlit's own work);
3. ``page, same text``: a rerun caused by another widget (the report comes from
   the page's cache), and ``page, empty``: the page with no draft at all
   (Streamlit's own rerun and the page's fixed parts).

"beyond Streamlit's own rerun" = ``page, new text`` minus ``page, empty``.

    .venv/bin/python bench/bench_studio.py [--drafts 10] [--words 1000]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.bench_check import make_drafts  # noqa: E402


def figures(times: list[float]) -> dict[str, float]:
    ordered = sorted(times)
    return {
        "median_ms": round(statistics.median(ordered) * 1000, 1),
        "p90_ms": round(ordered[int(0.9 * (len(ordered) - 1))] * 1000, 1),
        "n": len(ordered),
    }


def edited(text: str, i: int) -> str:
    """The draft with one more word typed, different each time."""
    return f"{text} Typed{i}"


def bench_worker(drafts: list[str]) -> list[float]:
    from commplan.checks.worker import check_text_limited
    from message_library import load_default_library

    library = load_default_library()
    check_text_limited("Warm up the worker.", "families", library)
    out = []
    for i, text in enumerate(drafts):
        start = time.perf_counter()
        check_text_limited(edited(text, i), "families", library)
        out.append(time.perf_counter() - start)
    return out


def bench_page(drafts: list[str]) -> dict[str, list[float]]:
    from streamlit.testing.v1 import AppTest

    source = (ROOT / "commplan" / "ui" / "pages" / "studio.py").read_text("utf-8")
    at = AppTest.from_string(source, default_timeout=120).run()
    box = at.text_area(key="studio_text_0")
    box.input(drafts[0]).run()  # warm: worker started, library compiled
    out: dict[str, list[float]] = {"new": [], "same": [], "empty": []}
    for i, text in enumerate(drafts):
        start = time.perf_counter()
        at.text_area(key="studio_text_0").input(edited(text, i)).run()
        out["new"].append(time.perf_counter() - start)
        assert not at.exception, at.exception
        start = time.perf_counter()
        at.run()  # another widget's rerun: same text
        out["same"].append(time.perf_counter() - start)
    at.text_area(key="studio_text_0").input("").run()
    for _ in drafts:
        start = time.perf_counter()
        at.run()
        out["empty"].append(time.perf_counter() - start)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--drafts", type=int, default=10)
    parser.add_argument("--words", type=int, default=1000)
    parser.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    args = parser.parse_args()
    drafts = make_drafts(args.drafts, args.words)
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["COMMPLAN_DATABASE_URL"] = f"sqlite:///{Path(tmp) / 'bench.db'}"
        os.environ.setdefault("COMMPLAN_USER", "bench")
        worker = figures(bench_worker(drafts))
        page = {k: figures(v) for k, v in bench_page(drafts).items()}
    result = {
        "words": args.words,
        "worker": worker,
        "page_new_text": page["new"],
        "page_same_text": page["same"],
        "page_empty": page["empty"],
        "beyond_rerun_ms": round(page["new"]["median_ms"] - page["empty"]["median_ms"], 1),
    }
    print(f"{args.drafts} drafts of about {args.words} words, one word typed per rerun")
    print(
        f"  worker check call     median {worker['median_ms']:7.1f} ms  p90 {worker['p90_ms']:7.1f}"
    )
    for name, key in (
        ("page, new text", "new"),
        ("page, same text", "same"),
        ("page, empty", "empty"),
    ):
        f = page[key]
        print(f"  {name:<21} median {f['median_ms']:7.1f} ms  p90 {f['p90_ms']:7.1f}")
    print(f"  beyond Streamlit's own rerun (new - empty): {result['beyond_rerun_ms']:.1f} ms")
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2), "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
