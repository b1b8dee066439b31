"""The acronym check alone: CPU time per 1,000 words on the labelled corpora (dev,
holdout, holdout2, holdout3; their text only), and growth on hostile inputs (each
case at n and 4n characters: a ratio near 4 is linear).

    cd WORKTREE && PYTHONPATH=. /work/main/.venv/bin/python bench/bench_acronyms.py
"""

import time

from commplan.checks.acronyms import first_uses
from commplan.checks.compiled import compile_library
from commplan.nlp import get_nlp
from message_library import load_default_library
from tests.realtexts import load_gold

HOSTILE = {
    "capitals then a small letter": lambda n: "A" * n + "x",
    "capitals glued to a word": lambda n: "Action" + "Q" * n + "x",
    "small words in a name": lambda n: "Aaa " + "of " * n + "x",
    "one long name": lambda n: "Rhode Island " * (n // 13) + ". RIDE",
    "a rare word hidden in words": lambda n: "The SOAR " + "xSOARx " * (n // 7),
    "datelines": lambda n: ("JUNEAU " + "A" * 50 + "\n") * (n // 58),
    "policy codes": lambda n: "Policy " + "IFD, " * (n // 5) + "IFD",
    "a long form before": lambda n: "Zonal " * (n // 6) + "(ZQR)",
    "a long form after": lambda n: "ZQR: " + "Zonal " * (n // 6),
    "addresses": lambda n: "www." + "ABC/" * (n // 4),
}


def main() -> None:
    compiled = compile_library(load_default_library(), get_nlp())
    texts = [e["text"] for c in ("dev", "holdout", "holdout2", "holdout3") for e in load_gold(c)]
    words = sum(len(t.split()) for t in texts)
    for text in texts:
        first_uses(text, compiled)
    runs = []
    for _ in range(9):
        start = time.process_time()
        for text in texts:
            first_uses(text, compiled)
        runs.append(time.process_time() - start)
    per_1000 = min(runs) * 1000 / (words / 1000)
    print(f"corpora: {per_1000:.2f} ms CPU per 1,000 words ({words} words)")
    for name, make in HOSTILE.items():
        first_uses(make(1000), compiled)
        times = []
        for n in (50_000, 200_000):
            text = make(n)
            start = time.process_time()
            first_uses(text, compiled)
            times.append(time.process_time() - start)
        ratio = times[1] / max(times[0], 1e-6)
        print(f"  {name:30} {times[0] * 1000:8.1f} ms -> {times[1] * 1000:8.1f} ms (x{ratio:.1f})")


if __name__ == "__main__":
    main()
