"""Seeded random drafts for fuzzing the checker, and the invariants every report keeps.

Used by tests/test_fuzz.py (2,000 drafts in the normal run) and
bench/bench_fuzz.py (10,000 or more, printing crashes and violations).
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator

from commplan.checks.findings import CATEGORIES, Finding, Report, Severity

WORDS = (
    "the a families students school district board plan meeting sign up register by "
    "and or of to in for with your our we you will can please help learn together "
    "leverage utilize stakeholders synergy implementation of in order to really perhaps "
    "was approved by were moved crisis failing vulnerable students at-risk youth whole child "
    "social emotional learning wellbeing safety belonging community partners questions reply"
).split()
ACRONYMS = ("IEP", "MTSS", "LEA", "SEA", "SEL", "ESSER", "FAFSA", "AB", "CA", "IX", "USA", "NASA")
FACTS = (
    "March 3", "Mar. 3, 2025", "3/4/25", "12/31/2026", "Monday", "Tuesdays", "6 p.m.", "noon",
    "9:30 AM", "$1,200", "$3.5 million", "45%", "12 percent", "30 students", "1,000 families",
    "https://example.org/enroll?x=1&y=2", "www.cde.ca.gov/ls", "cde.ca.gov", "x.org",
    "first.last+tag@mail.example.org", "a@b.co", "(555) 123-4567", "555-123-4567",
)  # fmt: skip
DEFINITIONS = (
    "individualized education program (IEP)",
    "MTSS (multi-tiered system of supports)",
    "local education agency, or LEA,",
)
SCRIPTS = (
    "Καλημέρα σας", "Здравствуйте", "مرحبا بكم", "שלום", "欢迎家长", "ようこそ", "नमस्ते",
    "สวัสดี", "Xin chào", "İstanbul", "İ", "ß", "ẞ", "ﬁle ﬂow", "ǅ", "ΣΑΣ", "Straße", "ŉ",
    "K", "ſ", "ﬀ",
)  # fmt: skip
EMOJI = ("😀", "👩\u200d👩\u200d👧", "🇺🇸", "👍🏽", "❤️", "\u200d", "🏳️\u200d🌈")
COMBINING = ("e\u0301", "a\u0308\u0323", "\u0301", "n\u0303", "\u20dd", "Z\u0335\u0336")
CONTROL = (
    *(chr(c) for c in (*range(0, 9), 0x0E, 0x1B, 0x1F, 0x7F, 0x9F)),
    "\u200b", "\ufeff", "\u200e", "\u202e", "\ufffd", "\U0010ffff",
)  # fmt: skip
SURROGATES = ("\ud800", "\udfff", "\udc00", "\ud83d", "\ud83d\ude00")
BREAKS = ("\n", "\r", "\r\n", "\u2028", "\u2029", "\x0b", "\x0c", "\x85", "\x1c", "\n\n", "\r\r")
MARKDOWN = (
    "# ", "## ", "**", "*", "_", "- ", "* ", "1. ", "2) ", "> ", "`", "```", "[link](http://x.org)",
    "![img](a.png)", "| a | b |", "---", "\\", "~~",
)  # fmt: skip
HTML = (
    "<b>", "</b>", "<div class=\"x\">", "</div>", "&amp;", "&nbsp;", "<a href=\"https://x.org\">",
    "</a>", "<script>alert(1)</script>", "<!-- c -->", "<br/>",
)  # fmt: skip
SPACES = (" ", " ", " ", "  ", "\t", "\u00a0", "\u3000", " \n ")
PUNCT = (".", ",", "!", "?", ";", ":", "…", "—", "–", "(", ")", '"', "“", "”", "'", "’", "/")


def _long_word(rng: random.Random) -> str:
    kind = rng.randrange(6)
    n = rng.randrange(40, 400)
    if kind == 0:
        return "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(n))
    if kind == 1:
        return rng.choice("(\"'[*_-.") * n
    if kind == 2:
        return rng.choice(EMOJI) * (n // 4 + 1)
    if kind == 3:
        return "a." * (n // 2) + rng.choice(("org", "com", ""))
    if kind == 4:
        return "İ" * (n // 4 + 1)
    return "https://example.org/" + "a/" * (n // 2)


def _piece(rng: random.Random) -> str:
    r = rng.random()
    if r < 0.45:
        word = rng.choice(WORDS)
        return word.capitalize() if rng.random() < 0.2 else word
    if r < 0.53:
        return rng.choice(ACRONYMS) + rng.choice(("", "s", "'s", ""))
    if r < 0.61:
        return rng.choice(FACTS)
    if r < 0.63:
        return rng.choice(DEFINITIONS)
    if r < 0.69:
        return rng.choice(SCRIPTS)
    if r < 0.74:
        return rng.choice(EMOJI)
    if r < 0.77:
        return rng.choice("aeoun") + rng.choice(COMBINING)
    if r < 0.80:
        return rng.choice(CONTROL)
    if r < 0.82:
        return rng.choice(SURROGATES)
    if r < 0.87:
        return rng.choice(MARKDOWN)
    if r < 0.91:
        return rng.choice(HTML)
    if r < 0.97:
        return rng.choice(PUNCT)
    return _long_word(rng)


def random_draft(rng: random.Random) -> str:
    r = rng.random()
    if r < 0.02:
        return ""
    if r < 0.04:
        return "".join(rng.choice(SPACES + BREAKS) for _ in range(rng.randrange(1, 8)))
    parts: list[str] = []
    for _ in range(rng.randrange(1, 80)):
        parts.append(_piece(rng))
        s = rng.random()
        if s < 0.08:
            parts.append(rng.choice(BREAKS))
        elif s < 0.16:
            parts.append(rng.choice(PUNCT) + " ")
        elif s < 0.95:
            parts.append(rng.choice(SPACES))
    return "".join(parts)


def drafts(n: int, seed: int = 10) -> Iterator[str]:
    rng = random.Random(seed)
    for _ in range(n):
        yield random_draft(rng)


def line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based (line, column) of ``offset``, with lines as ``str.splitlines`` breaks them
    ("\\r\\n" is one break) and columns in characters; independent of LineIndex."""
    before = text[:offset]
    lines = before.splitlines(keepends=True)
    if not lines:
        return 1, 1
    last = lines[-1]
    if last.splitlines() != [last]:  # the text before ends with a line break
        if text[offset - 1 : offset + 1] == "\r\n":  # offset is the "\n" of "\r\n"
            return len(lines), len(last) + 1
        return len(lines) + 1, 1
    return len(lines), len(last) + 1


def violations(text: str, report: Report) -> list[str]:
    """What is wrong with ``report`` for ``text`` (empty when all invariants hold)."""
    out = []
    for f in report.findings:
        out += [f"{f.rule} {problem}" for problem in _finding_problems(text, f)]
    try:
        json.dumps(report.to_dict())
    except (TypeError, ValueError) as exc:
        out.append(f"to_dict() is not JSON-serialisable: {exc}")
    return out


def _finding_problems(text: str, f: Finding) -> list[str]:
    problems = []
    if not (0 <= f.start <= f.end <= len(text)):
        problems.append(f"offsets {f.start}..{f.end} outside 0..{len(text)}")
    elif text[f.start : f.end] != f.text:
        problems.append(f"text {f.text!r} is not text[{f.start}:{f.end}]")
    elif (f.line, f.column) != line_col(text, f.start):
        problems.append(f"line/column {(f.line, f.column)} != {line_col(text, f.start)}")
    if f.category not in CATEGORIES:
        problems.append(f"category {f.category!r}")
    if not isinstance(f.severity, Severity):
        problems.append(f"severity {f.severity!r}")
    if f.rule.split(".")[0] != f.category:
        problems.append(f"rule {f.rule!r} outside category {f.category!r}")
    return problems
