"""The issue-11 figures for labelled corpora, as reported in tests/data/FIRST_LOOK.md.

    PYTHONPATH=. .venv/bin/python bench/first_look.py holdout12 holdout13

Figures only (no misses), so running it on a sealed corpus shows nothing that could
be tuned to: undefined acronyms, deficit and crisis framing, jargon recall and false
jargon flags on family letters (one labeller, the issue's measures), and, where a
second blind labeller marked the jargon too, the tool against both and the two
labellers against each other.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.realtexts import (  # noqa: E402
    CORPORA,
    SECOND,
    jargon_agreement,
    load_gold,
    score_frames,
    score_jargon,
    score_jargon_flags_on_family_letters,
    score_jargon_two_labellers,
    score_undefined_acronyms,
)


def share(part: int, whole: int) -> str:
    return f"{part / whole:.2f} ({part}/{whole})" if whole else "n/a"


def main(corpora: list[str]) -> int:
    for corpus in corpora:
        gold = load_gold(corpus)
        letters = sum(e["kind"] == "family_letter" for e in gold)
        acronyms = score_undefined_acronyms(corpus)
        frames, on_letters = score_frames(corpus)
        jargon = score_jargon(corpus)
        flags = score_jargon_flags_on_family_letters(corpus)
        print(f"{corpus}: {len(gold)} texts, {letters} family letters")
        print(
            f"  undefined acronyms: recall {share(acronyms.tp, acronyms.tp + acronyms.fn)}, "
            f"precision {share(acronyms.tp, acronyms.tp + acronyms.fp)}"
        )
        print(
            f"  deficit and crisis recall {share(frames.tp, frames.tp + frames.fn)}; "
            f"frames on family letters: {on_letters['false_alarms']} in {on_letters['letters']}"
        )
        print(f"  jargon recall {share(jargon.tp, jargon.tp + jargon.fn)}")
        print(f"  false jargon flags on family letters {share(flags.fp, flags.tp + flags.fp)}")
        if (CORPORA[corpus] / SECOND).exists():
            both, neither = score_jargon_two_labellers(corpus)
            agree = jargon_agreement(corpus)
            print(
                f"  two labellers: tool recall on jargon both marked "
                f"{share(both.tp, both.tp + both.fn)}; family-letter flags neither marked "
                f"{share(neither.fp, neither.tp + neither.fp)}"
            )
            for name, (recall, marks) in agree.items():
                left_out = share(marks.fp, marks.tp + marks.fp)
                print(
                    f"  {name}: recall {share(recall.tp, recall.tp + recall.fn)}, "
                    f"marks on family letters the other left out {left_out}"
                )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:] or [c for c in CORPORA if c.startswith("holdout")]))
