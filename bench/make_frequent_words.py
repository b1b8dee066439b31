"""Regenerate commplan/checks/data/frequent_words.txt from spaCy's lookup tables.

The acronym check tells a shouted everyday word (FREE, BLUE, NOT) from a rare
word used as a programme name (a short word in capitals that few texts use) by
word frequency. The full probability table (``en_lexeme_prob`` in the official
``spacy-lookups-data`` package, 1M entries) takes seconds to load, so the few
words the check needs are kept as package data: lower-case words of 2 to 6
letters with a log probability of at least THRESHOLD.

    /work/main/.venv/bin/python bench/make_frequent_words.py
"""

import gzip
import json
import re
from importlib import resources
from pathlib import Path

THRESHOLD = -11.0
OUT = Path(__file__).resolve().parent.parent / "commplan" / "checks" / "data" / "frequent_words.txt"


def main() -> None:
    path = resources.files("spacy_lookups_data") / "data" / "en_lexeme_prob.json.gz"
    with path.open("rb") as raw, gzip.open(raw) as f:
        table = json.load(f)
    words = sorted(w for w, p in table.items() if p >= THRESHOLD and re.fullmatch("[a-z]{2,6}", w))
    header = (
        "# Lower-case words of 2-6 letters with log probability >= "
        f"{THRESHOLD} in spacy-lookups-data en_lexeme_prob (bench/make_frequent_words.py)\n"
    )
    OUT.write_text(header + "\n".join(words) + "\n", "utf-8")
    print(f"{len(words)} words -> {OUT}")


if __name__ == "__main__":
    main()
