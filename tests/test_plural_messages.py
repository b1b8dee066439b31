"""Counts in messages agree with their nouns: "1 word", "1 finding", "1 day"."""

from __future__ import annotations

import re

from commplan import check_text
from commplan.checks.formats import report_to_markdown
from commplan.wording import plural

ONE_PLURAL = re.compile(r"(?<![\d.,])1 (words|sentences|findings|days|responses|entries|changes)\b")


def test_plural_helper():
    assert plural(1, "word") == "1 word"
    assert plural(0, "word") == "0 words"
    assert plural(2000, "response") == "2,000 responses"
    assert plural(1, "entry", "entries") == "1 entry"
    assert plural(3, "entry", "entries") == "3 entries"


def test_a_one_word_sms_says_1_word():
    report = check_text("Hello", "families")
    messages = [f.message for f in report.findings] + [str(report.summary)]
    too_short = [m for m in messages if "grade formulas" in m]
    assert too_short and "This draft has 1 word;" in too_short[0]
    assert not [m for m in messages if ONE_PLURAL.search(m)]
    assert not ONE_PLURAL.search(report_to_markdown(report))


def test_a_spanish_one_word_draft_says_1_palabra_or_1_word():
    report = check_text("Hola", "families")
    assert not [f.message for f in report.findings if ONE_PLURAL.search(f.message)]
