"""Deficit and crisis framing figures per corpus: numbers only (no misses or false
alarms are printed, so blind corpora stay blind).

    PYTHONPATH=. .venv/bin/python bench/frames_figures.py dev holdout holdout2 holdout3 holdout4
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.realtexts import load_gold, score_frames

for corpus in sys.argv[1:] or ["dev", "holdout", "holdout2", "holdout3"]:
    gold = load_gold(corpus)
    score, letters = score_frames(corpus)
    print(
        f"{corpus}: deficit+crisis recall {score.recall:.2f} ({score.tp}/{score.tp + score.fn}); "
        f"framing findings matching no label: {score.fp} in {len(gold)} texts, "
        f"{letters['false_alarms']} on {letters['letters']} family letters"
    )
