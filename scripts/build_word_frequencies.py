"""Build commplan/checks/data/word_frequency_en.txt from wordfreq's English list.

wordfreq (code: Apache-2.0; data: CC BY-SA 4.0, see the list's header) is not a
run-time dependency: its wheel is about 57 MB (frequency lists for 40+ languages)
and pulls in ftfy, langcodes, locate, msgpack and regex, while the rare-word check
needs one small English table. Regenerate with:

    pip install --target /tmp/wf wordfreq==3.1.1
    PYTHONPATH=/tmp/wf python scripts/build_word_frequencies.py
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import wordfreq

MIN_ZIPF = 2.0  # rarer words are left out: a word not in the list is rarer than this
OUT = Path(__file__).resolve().parent.parent / "commplan/checks/data/word_frequency_en.txt"
WORD = re.compile(r"[a-z]+")

HEADER = f"""\
# English word frequencies (Zipf scale: log10 of uses per billion words), one
# word a line, most frequent first; a line "@Z" starts the words whose Zipf
# frequency rounds to Z. Words rarer than Zipf {MIN_ZIPF} are left out.
#
# Derived from wordfreq 3.1.1 (Robyn Speer, https://github.com/rspeer/wordfreq),
# list "large", language "en", by scripts/build_word_frequencies.py: only
# lower-case a-z words kept, frequencies rounded to 0.1.
# This file is licensed under CC BY-SA 4.0
# (https://creativecommons.org/licenses/by-sa/4.0/), as wordfreq's data is.
# wordfreq's data includes Google Books Ngrams (http://books.google.com/ngrams),
# the Leeds Internet Corpus, Wikipedia, ParaCrawl, OPUS OpenSubtitles 2018
# (http://opus.nlpl.eu/OpenSubtitles.php, from http://www.opensubtitles.org/),
# NewsCrawl and the SUBTLEX lists (SUBTLEX-US and SUBTLEX-UK, Marc Brysbaert et
# al.; SUBTLEX is freely available data), with attribution as in wordfreq's README.
"""


def main() -> None:
    freqs = wordfreq.get_frequency_dict("en", "large")
    rows = []
    for word, freq in freqs.items():
        if not WORD.fullmatch(word) or freq <= 0:
            continue
        zipf = round(math.log10(freq) + 9, 1)
        if zipf >= MIN_ZIPF:
            rows.append((-zipf, word))
    rows.sort()
    lines = [HEADER.rstrip("\n")]
    current = None
    for neg, word in rows:
        if -neg != current:
            current = -neg
            lines.append(f"@{current:.1f}")
        lines.append(word)
    OUT.write_text("\n".join(lines) + "\n", "utf-8")
    print(f"{OUT}: {len(rows)} words")


if __name__ == "__main__":
    main()
