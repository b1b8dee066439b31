"""Benchmark: what the Draft studio does per rerun while someone types.

Target (issue 12): re-checking a 1,000-word draft costs at most 250 ms beyond
Streamlit's own rerun. Three figures, each the median (and 90th percentile) over
``--drafts`` drafts from bench/bench_check.py, each edited by one word per rerun as
typing would:

1. ``worker``: the check call path the page uses (``check_text_limited``, the
   draft sent to the warm worker process and its report sent back);
2. ``page, new text``: the studio page's script time in AppTest after the text
   changed (check + highlight + summary + findings list + Streamlit's element
   work; AppTest's own polling is left out and reported apart);
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

    # The page's own script time, read from inside the run: AppTest's wall time also
    # holds its polling (it sleeps while it waits for the script thread).
    page = (ROOT / "commplan" / "ui" / "pages" / "studio.py").read_text("utf-8")
    future = "from __future__ import annotations\n"
    source = (
        page.replace(
            future,
            future + "import time as _bench_time\n_bench_start = _bench_time.perf_counter()\n",
            1,
        )
        + "\nst.session_state['_bench_s'] = _bench_time.perf_counter() - _bench_start\n"
    )
    at = AppTest.from_string(source, default_timeout=120).run()
    box = at.text_area(key="studio_text_0")
    box.input(drafts[0]).run()  # warm: worker started, library compiled
    out: dict[str, list[float]] = {k: [] for k in ("new", "same", "empty")}
    wall: dict[str, list[float]] = {k: [] for k in ("new", "same", "empty")}

    def run(kind: str, step) -> None:
        start = time.perf_counter()
        step().run()
        wall[kind].append(time.perf_counter() - start)
        assert not at.exception, at.exception
        out[kind].append(at.session_state["_bench_s"])

    for i, text in enumerate(drafts):
        run("new", lambda i=i, text=text: at.text_area(key="studio_text_0").input(edited(text, i)))
        run("same", lambda: at)  # another widget's rerun: the same text
    at.text_area(key="studio_text_0").input("").run()
    for _ in drafts:
        run("empty", lambda: at)
    return out, wall


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
        script, wall = bench_page(drafts)
        page = {k: figures(v) for k, v in script.items()}
        apptest = {k: figures(v) for k, v in wall.items()}
    result = {
        "words": args.words,
        "worker": worker,
        "page_new_text": page["new"],
        "page_same_text": page["same"],
        "page_empty": page["empty"],
        "beyond_rerun_ms": round(page["new"]["median_ms"] - page["empty"]["median_ms"], 1),
        "apptest_wall": apptest,
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
    print("  (page figures: the script's own time; AppTest wall times, polling included:")
    print("   " + ", ".join(f"{k} {v['median_ms']:.0f} ms" for k, v in apptest.items()) + ")")
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2), "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
