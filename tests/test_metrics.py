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
    c = Counts(
        words=100, sentences=10, syllables=140, polysyllables=12, difficult_words=8, complex_words=6
    )
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


def prose(text: str) -> str:
    """The punctuated paragraphs of a text, as one paragraph (no lists or headings)."""
    lines = [" ".join(line.split()) for line in text.split("\n") if line.strip()]
    return " ".join(x for x in lines if x.endswith((".", "!", "?")) and len(x.split()) > 8)


PROSE = [(p.stem, prose(p.read_text("utf-8"))) for p in REAL]
PROSE = [(name, text) for name, text in PROSE if len(text.split()) >= 60]


def ours(text):
    from commplan import check_text

    return check_text(text, "general_public").readability


@pytest.mark.parametrize(("name", "text"), PROSE, ids=[n for n, _ in PROSE])
def test_formulas_equal_textstat_on_textstat_counts(name, text):
    """Same counts in, same numbers out: the formulas are textstat's, exactly."""
    c = Counts(
        words=textstat.lexicon_count(text),
        sentences=textstat.sentence_count(text),
        syllables=textstat.syllable_count(text),
    )
    assert metrics.flesch_kincaid_grade(c) == pytest.approx(textstat.flesch_kincaid_grade(text))
    assert metrics.flesch_reading_ease(c) == pytest.approx(textstat.flesch_reading_ease(text))


@pytest.mark.parametrize(("name", "text"), PROSE, ids=[n for n, _ in PROSE])
def test_agrees_with_textstat_on_real_prose(name, text):
    r = ours(text)
    assert r["words"] == textstat.lexicon_count(text)
    assert abs(r["sentences"] - textstat.sentence_count(text)) <= 2
    assert r["flesch_kincaid_grade"] == pytest.approx(textstat.flesch_kincaid_grade(text), abs=1.5)
    assert r["flesch_reading_ease"] == pytest.approx(textstat.flesch_reading_ease(text), abs=8)
    assert r["smog_index"] == pytest.approx(textstat.smog_index(text), abs=1.3)
    assert r["gunning_fog"] == pytest.approx(textstat.gunning_fog(text), abs=1.7)
    assert r["dale_chall"] == pytest.approx(textstat.dale_chall_readability_score(text), abs=0.25)
    assert r["coleman_liau_index"] == pytest.approx(textstat.coleman_liau_index(text), abs=0.4)
    assert r["automated_readability_index"] == pytest.approx(
        textstat.automated_readability_index(text), abs=1.5
    )


def test_typical_difference_from_textstat_is_small():
    from statistics import median

    diffs = [
        abs(ours(t)["flesch_kincaid_grade"] - textstat.flesch_kincaid_grade(t)) for _, t in PROSE
    ]
    assert len(diffs) >= 20
    assert median(diffs) <= 0.35


def test_lists_and_headings_are_sentences_unlike_textstat():
    """Deliberate difference: textstat splits only at . ! ?, so a bulleted list
    reads as one long sentence and its grade explodes."""
    text = (
        "What families can do this week\n\n"
        "- Read with your child for twenty minutes\n"
        "- Check the school calendar for the family night\n"
        "- Ask your child what they learned today\n"
        "- Reply to this note with any question you have\n"
    )
    r = ours(text)
    assert r["sentences"] == 5
    assert textstat.sentence_count(text) == 1
    assert r["flesch_kincaid_grade"] < textstat.flesch_kincaid_grade(text) - 5


def test_runs_without_letters_are_not_words_on_any_check():
    # The readability loop keeps each run's answer (word or not) between checks.
    from commplan import check_text

    text = "Bring lunch — and water & a hat. Fees: $5 — 10 % off!! … ok"
    counts = [check_text(text, "families").readability["words"] for _ in range(3)]
    assert counts == [11, 11, 11]  # "—", "&", "%" and "…" are not words


def test_the_report_quotes_only_the_five_hardest_sentences(monkeypatch):
    # Many hard sentences: the block of each was built and all but five thrown away.
    from commplan import check_text
    from commplan.checks import readability

    quoted = []
    real = readability.excerpt

    def counting(text, *args):
        quoted.append(text)
        return real(text, *args)

    monkeypatch.setattr(readability, "excerpt", counting)
    sentence = (
        "Comprehensive institutional accountability determinations necessitate "
        "extraordinarily sophisticated interdisciplinary collaboration. "
    )
    text = "".join(sentence.replace("Comprehensive", f"Comprehensive {w}") for w in "abcdefghij")
    report = check_text(text, "families")
    hardest = report.readability["hardest_sentences"]
    assert len(hardest) == 5 and [h["text"] for h in hardest] == quoted
    assert sum(f.rule.startswith("readability.sentence.") for f in report.findings) == 10


def test_flesch_kincaid_of_three_counts_is_the_grade_of_their_counts():
    for words in range(0, 60, 7):
        for sentences in range(0, 5):
            for syllables in range(0, 120, 13):
                c = Counts(words=words, sentences=sentences, syllables=syllables)
                assert metrics.flesch_kincaid(words, sentences, syllables) == (
                    metrics.flesch_kincaid_grade(c)
                )
