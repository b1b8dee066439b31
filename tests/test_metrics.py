"""Formulas on known counts, and agreement with textstat on the same real texts."""

from pathlib import Path

import pytest
import textstat

from commplan.checks import metrics
from commplan.checks.metrics import Counts

REAL = sorted((Path(__file__).parent / "data" / "real_texts").glob("*.txt"))


def test_flesch_kincaid_formula():
    c = Counts(words=100, sentences=5, syllables=150)
    assert metrics.flesch_kincaid_grade(c) == pytest.approx(0.39 * 20 + 11.8 * 1.5 - 15.59)


def test_flesch_reading_ease_formula():
    c = Counts(words=100, sentences=5, syllables=150)
    assert metrics.flesch_reading_ease(c) == pytest.approx(206.835 - 1.015 * 20 - 84.6 * 1.5)


def test_smog_gunning_dale_chall_formulas():
    c = Counts(words=100, sentences=10, syllables=140, polysyllables=12, difficult_words=8,
               complex_words=6)
    assert metrics.smog_index(c) == pytest.approx(1.043 * (30 * 12 / 10) ** 0.5 + 3.1291)
    assert metrics.gunning_fog(c) == pytest.approx(0.4 * (10 + 6))
    assert metrics.dale_chall_score(c) == pytest.approx(0.1579 * 8 + 0.0496 * 10 + 3.6365)


def test_dale_chall_adjustment_only_above_five_percent():
    c = Counts(words=100, sentences=10, difficult_words=5)
    assert metrics.dale_chall_score(c) == pytest.approx(0.1579 * 5 + 0.0496 * 10)


@pytest.mark.parametrize(
    "fn",
    [
        metrics.flesch_kincaid_grade,
        metrics.flesch_reading_ease,
        metrics.smog_index,
        metrics.gunning_fog,
        metrics.dale_chall_score,
        metrics.coleman_liau_index,
        metrics.automated_readability_index,
    ],
)
def test_zero_counts_do_not_divide_by_zero(fn):
    assert fn(Counts()) == 0.0


def test_consensus_is_median_and_ignores_missing():
    assert metrics.consensus_grade([8, 9, 30, 0]) == 9
    assert metrics.consensus_grade([]) == 0.0


def test_dale_chall_grade_bands():
    assert metrics.dale_chall_grade(4.2) == 4.0
    assert metrics.dale_chall_grade(6.5) == 7.5
    assert metrics.dale_chall_grade(11) == 16.0


@pytest.mark.parametrize("path", REAL, ids=lambda p: p.stem)
def test_agrees_with_textstat_on_real_texts(path):
    from commplan import check_text

    text = path.read_text("utf-8")
    r = check_text(text, "general_public").readability
    textstat.set_lang("en_US")
    assert r["words"] == pytest.approx(textstat.lexicon_count(text), rel=0.03)
    assert r["flesch_kincaid_grade"] == pytest.approx(textstat.flesch_kincaid_grade(text), abs=1.5)
    assert r["flesch_reading_ease"] == pytest.approx(textstat.flesch_reading_ease(text), abs=10)
    assert r["smog_index"] == pytest.approx(textstat.smog_index(text), abs=1.5)
    assert r["gunning_fog"] == pytest.approx(textstat.gunning_fog(text), abs=2.0)
    assert r["dale_chall"] == pytest.approx(textstat.dale_chall_readability_score(text), abs=0.6)
    assert r["consensus_grade"] == pytest.approx(textstat.text_standard(text, float_output=True),
                                                 abs=3)
