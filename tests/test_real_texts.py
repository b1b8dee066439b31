"""Bars from the foundation issue, measured on real public agency and district texts.

``dev`` is the corpus the detector was developed against; ``holdout`` was
collected and labelled separately and never used for tuning.
"""

import pytest

from tests.realtexts import load_gold, score_frames, score_undefined_acronyms

CORPORA = [c for c in ("dev", "holdout", "holdout2") if load_gold(c)]


def test_dev_corpus_is_present():
    assert len(load_gold("dev")) >= 20


@pytest.mark.parametrize("corpus", CORPORA)
def test_undefined_acronym_recall_and_precision(corpus):
    score = score_undefined_acronyms(corpus)
    detail = f"misses={score.misses} false_alarms={score.false_alarms}"
    assert score.tp + score.fn >= 10, "too few labelled acronyms to measure"
    assert score.recall >= 0.90, detail
    assert score.precision >= 0.85, detail


@pytest.mark.parametrize("corpus", CORPORA)
def test_family_letters_get_education_speak_flagged(corpus):
    """The glossary should catch the education-speak a parent would stumble on:
    every policy text that is full of it gets jargon findings for families."""
    from commplan import check_text

    policy = [e for e in load_gold(corpus) if e["kind"] == "policy"]
    assert policy
    with_jargon = 0
    for entry in policy:
        report = check_text(entry["text"], "families", enable=["jargon"])
        if any(
            f.rule.startswith("jargon.") and f.rule != "jargon.acronym.undefined"
            for f in report.findings
        ):
            with_jargon += 1
    assert with_jargon / len(policy) >= 0.8


@pytest.mark.parametrize("corpus", CORPORA)
def test_deficit_and_crisis_phrasing_is_caught_and_family_letters_stay_clean(corpus):
    score, letters = score_frames(corpus)
    assert score.tp + score.fn >= 10, "too few labelled phrases to measure"
    assert score.recall >= 0.60, f"misses={score.misses}"
    assert letters["letters"] >= 5
    assert letters["false_alarms"] <= letters["letters"] // 5, score.false_alarms
