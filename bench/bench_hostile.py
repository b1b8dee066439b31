"""Benchmark: ``check_text`` on hostile input, against prose of the same size.

Bars (issue 10): any 1 MB input checks in under 10 s, and 100 KB of each
pathological input within 2x the time of 100 KB of prose. Each input is checked
after a warm-up (best of three runs up to 100 KB, one run above); the table
shows seconds, findings and the ratio to prose of the same size.

    .venv/bin/python bench/bench_hostile.py [--sizes 100000 1000000] [--only NAME ...]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from commplan import check_text  # noqa: E402
from commplan.checks.engine import MAX_CHARS  # noqa: E402


def _prose_source() -> str:
    corpus_dir = ROOT / "tests" / "data" / "real_texts"
    return "\n\n".join(p.read_text("utf-8") for p in sorted(corpus_dir.glob("*.txt")))


def _repeat(unit: str, n: int) -> str:
    return (unit * (n // len(unit) + 1))[:n]


def _prose(n: int) -> str:
    return _repeat(_prose_source() + "\n\n", n)


def _markup(n: int) -> str:
    para = (
        "## Enrollment *opens* **March 3**\n\n> Families: see [the portal](https://x.org/a?b=1)"
        " or <a href=\"https://x.org\">x.org</a>.\n\n<div class=\"note\"><b>IEP</b> &amp; "
        "<i>504</i> plans</div>\n\n- `code` item\n- ![img](a.png)\n\n| a | b |\n|---|---|\n"
    )
    return _repeat(para, n)


def _symbol_words(n: int) -> str:
    """Unique words of 5-40 brackets, quotes and emoji: spaCy's tokenizer cannot cache
    them and splits each one character at a time."""
    rng = random.Random(10)
    symbols = "()[]{}\"'“”‘’*_-.,;:!?…😀👍🏽"
    words, size = [], 0
    while size < n:
        word = "".join(rng.choice(symbols) for _ in range(rng.randrange(5, 41)))
        words.append(word)
        size += len(word) + 1
    return " ".join(words)[:n]


# name -> text of about n characters
INPUTS: dict[str, Callable[[int], str]] = {
    "prose": _prose,
    "a*n + ' see x.org'": lambda n: "a" * (n - 10) + " see x.org",
    "'a.'*n": lambda n: _repeat("a.", n),
    "'('*n": lambda n: _repeat("(", n),
    "'( '*n": lambda n: _repeat("( ", n),
    "'\"'*n": lambda n: _repeat('"', n),
    "emoji run": lambda n: _repeat("😀", n),
    "emoji ZWJ run": lambda n: _repeat("👩\u200d👩\u200d👧", n),
    "one huge word": lambda n: _repeat("supercalifragilistic", n),
    "email-like run": lambda n: _repeat("a.b+c@", n - 6) + "x.org",
    "a*n + '@x.org'": lambda n: "a" * (n - 6) + "@x.org",
    "'1,'*n": lambda n: _repeat("1,", n),
    "'ABC '*n": lambda n: _repeat("ABC IEP ", n),
    "CR-only lines": lambda n: _prose(n).replace("\n", "\r"),
    "'İ'*n": lambda n: _repeat("İ", n),
    "'İ '*n": lambda n: _repeat("İstanbul İ ", n),
    "lone surrogates": lambda n: _repeat("word \ud800 ", n),
    "Markdown/HTML": _markup,
    "symbol words": _symbol_words,
    # Many requests, passives, preferred terms and quotes (issue 11 checks).
    "'Please note. '*n": lambda n: _repeat("Please note. ", n),
    "'was approved by ..'*n": lambda n: _repeat("was approved by the board ", n),
    "'Dropout - '*n": lambda n: _repeat("Dropout - ", n),
    "'chairman \" '*n": lambda n: _repeat('chairman " ', n),
}


def time_check(text: str, repeat: int = 1) -> tuple[float, int]:
    """Best of ``repeat`` runs (the machine is shared: the minimum is the least noisy)."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        report = check_text(text, "families")
        best = min(best, time.perf_counter() - start)
    return best, len(report.findings)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, MAX_CHARS])
    parser.add_argument("--repeat", type=int, default=3, help="runs per input up to 100 KB")
    parser.add_argument("--only", nargs="*", help="input names to run (prose always runs)")
    args = parser.parse_args()

    # Warm up: pipeline, dictionaries, compiled rules, the hyphenator (unknown words).
    check_text("Warm-up text for the benchmark, with qwertyzed words. Two sentences.", "families")
    names = [n for n in INPUTS if not args.only or n == "prose" or n in args.only]
    ok = True
    for size in args.sizes:
        repeat = args.repeat if size <= 100_000 else 1
        prose_s, prose_findings = time_check(_prose(size), repeat)
        print(f"\n{size:,} characters (bars: < 10 s at 1 MB; <= 2.0x prose at 100 KB)")
        print(f"  {'input':<22} {'seconds':>8} {'findings':>9} {'x prose':>8}")
        for name in names:
            if name == "prose":
                seconds, findings = prose_s, prose_findings
            else:
                seconds, findings = time_check(INPUTS[name](size), repeat)
            ratio = seconds / prose_s
            flag = ""
            if size >= MAX_CHARS and seconds >= 10:
                flag, ok = "  OVER 10 s", False
            if size <= 100_000 and ratio > 2.0:
                flag, ok = "  OVER 2x", False
            print(f"  {name:<22} {seconds:8.2f} {findings:9d} {ratio:7.2f}x{flag}")
    print("\nbars:", "met" if ok else "NOT met")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
