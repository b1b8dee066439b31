"""Fuzz: 2,000 seeded random drafts (mixed scripts, İ/ß/ligatures, emoji and ZWJ,
combining marks, control characters, lone surrogates, every line break, Markdown,
HTML, URLs, emails, dates, acronyms, very long words, empty text). No crashes, and
every finding keeps the invariants in tests/fuzzdrafts.py. bench/bench_fuzz.py runs
more of them."""

from __future__ import annotations

import pytest

from commplan import check_text

from .fuzzdrafts import drafts, violations

N_DRAFTS = 2_000
BATCHES = 8


@pytest.mark.parametrize("batch", range(BATCHES))
def test_random_drafts_check_cleanly(batch):
    per_batch = N_DRAFTS // BATCHES
    problems = []
    for i, text in enumerate(drafts(per_batch, seed=1000 + batch)):
        audience = ("families", "general_public", "educators")[i % 3]
        try:
            report = check_text(text, audience)
        except Exception as exc:  # collected, so one run shows every failure
            problems.append(f"draft {i}: {type(exc).__name__}: {exc} in {text[:200]!r}")
            continue
        problems += [f"draft {i}: {v} in {text[:200]!r}" for v in violations(text, report)]
    assert problems == []
