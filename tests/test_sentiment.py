"""Sentiment of feedback (commplan.feedback.sentiment): the rules on clear cases, and
agreement with a careful human reader on a labelled synthetic sample
(tests/data/sentiment_sample.yaml, 120 items, 30 per class).

The sample's labels were written before the classifier was run and never changed to
match it. The mixed-rule thresholds were tuned once on items 1-60; items 61-120 are
held out. Agreement figures are stated in the test docstrings below and asserted
with a small margin only, so a VADER upgrade or a rule change that makes agreement
worse fails here.
"""

from __future__ import annotations

import socket
from collections import Counter
from pathlib import Path

import pytest
import yaml

from commplan.feedback import sentiment
from commplan.feedback.sentiment import LABELS, Sentiment, classify, classify_many

SAMPLE = Path(__file__).parent / "data" / "sentiment_sample.yaml"


@pytest.fixture(scope="module")
def items():
    return yaml.safe_load(SAMPLE.read_text("utf-8"))["items"]


# --- clear cases ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Thank you so much, the new reading program is wonderful!", "positive"),
        ("The new grading policy is helpful.", "positive"),
        ("The new grading policy is not helpful at all.", "negative"),  # negation
        ("Cutting the music program is a terrible decision.", "negative"),
        ("My son is in 3rd grade at Lincoln.", "neutral"),
        ("What time does the enrollment office open on Saturdays?", "neutral"),
        ("Great teachers. Terrible parking.", "mixed"),
        ("Happy with the curriculum, unhappy with the class sizes.", "mixed"),
    ],
)
def test_clear_cases(text, label):
    result = classify(text)
    assert result.label == label, result


@pytest.mark.parametrize(
    "text",
    [
        # A QA run: clear complaints came out "mixed" or "neutral" (VADER reads 😡 as
        # "pouting face", 🤬 and 👎 as nothing at all).
        "😡 The robocall at 5:45am woke the whole house. Again.",
        "The robocall at 5:45am woke the whole house. Again.",
        "The robocall at 5:45am woke the whole house. Again. 🤬",
        "New pickup schedule 👎",
        "👎👎 the new lunch menu",
        "The robocall woke us up 😡",
        "Bus 14 skipped our stop this morning 🤬",
        "😠 Why was the concert moved to a school night?",
        "😡",
        "Parent portal is down for the third day 😤",
        # Praise next to an angry emoji is sarcasm, not mixed feelings.
        "Great, another robocall at 5:45am 👎",
        "Thanks a lot for the 6am text 🙄",
        "Wonderful. The bus left without my daughter 😡",
    ],
)
def test_angry_emoji_and_plain_complaints_are_negative(text):
    result = classify(text)
    assert result.label == "negative", result


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Thank you for the quick reply 👍", "positive"),
        ("The new schedule works for us 🙂", "positive"),
        ("Love the teachers 😊 but the pickup line 😡", "mixed"),
        ("I woke up early to get a spot at the meeting.", "neutral"),
        ("Will the meeting be held again in the spring?", "neutral"),
    ],
)
def test_emoji_and_the_new_complaint_cues_keep_their_other_readings(text, label):
    result = classify(text)
    assert result.label == label, result


def test_result_fields_and_ranges():
    result = classify("The teachers are amazing, but the office never calls back.")
    assert isinstance(result, Sentiment)
    assert result.label in LABELS
    assert -1.0 <= result.compound <= 1.0
    assert -1.0 <= result.score <= 1.0  # the clause scores combined, not VADER's compound
    assert 0.0 <= result.confidence < 1.0
    assert result.pos + result.neu + result.neg == pytest.approx(1.0, abs=0.01)


def test_vader_thresholds_decide_when_not_mixed():
    for text in ("The new grading policy is helpful.", "The form is broken."):
        r = classify(text)
        assert min(r.pos, r.neg) < sentiment.MIXED_PROPORTION
        expected = (
            "positive" if r.compound >= 0.05 else "negative" if r.compound <= -0.05 else "neutral"
        )
        assert r.label == expected


def test_mixed_by_proportions():
    r = classify("Happy with the curriculum, unhappy with the class sizes.")
    assert r.pos >= sentiment.MIXED_PROPORTION and r.neg >= sentiment.MIXED_PROPORTION
    assert r.label == "mixed"


def test_mixed_by_disagreeing_sentences():
    """Each proportion stays under the threshold (the text is long and mostly neutral),
    but one sentence is clearly positive and another clearly negative."""
    text = (
        "The spring concert was wonderful. We arrived at six and parked on the east side "
        "of the building near the gym doors, then walked in with our two younger children "
        "and their grandmother, who came from across town for the evening performance by "
        "the fifth grade band. The sound system was awful."
    )
    r = classify(text)
    assert r.pos < sentiment.MIXED_PROPORTION and r.neg < sentiment.MIXED_PROPORTION, r
    assert r.label == "mixed", r
    # Without the sentence rule the compound score alone would call it positive.
    assert r.compound >= 0.05


def test_sentence_rule_needs_two_sentences():
    assert sentiment.sentences("Great teachers. Terrible parking!") == [
        "Great teachers",
        "Terrible parking",
    ]
    assert sentiment.sentences("Is it open?") == ["Is it open"]
    assert sentiment.sentences("") == []


def test_confidence_is_higher_far_from_a_boundary():
    strong = classify("Thank you so much, the new reading program is wonderful and amazing!")
    weak = classify("The program is fine.")
    assert strong.label == weak.label == "positive"
    assert strong.confidence > weak.confidence
    # A lexicon is never sure: plain words are neutral, but not with confidence 1.
    assert 0.5 < classify("My son is in 3rd grade at Lincoln.").confidence < 1.0


def test_empty_text_is_neutral_with_no_confidence():
    for text in ("", "   \n"):
        r = classify(text)
        assert r.label == "neutral" and r.confidence == 0.0


def test_non_text_is_rejected():
    with pytest.raises(TypeError):
        classify(None)  # type: ignore[arg-type]


def test_classify_many_keeps_order():
    texts = ["Great job!", "My son is in 3rd grade.", "This is awful."]
    assert [r.label for r in classify_many(texts)] == ["positive", "neutral", "negative"]
    assert classify_many([]) == []
    assert [r.label for r in classify_many(iter(texts))] == ["positive", "neutral", "negative"]


def test_analyzer_is_built_once():
    assert sentiment._analyzer() is sentiment._analyzer()


def test_works_offline(monkeypatch):
    """Building the analyzer reads the lexicon shipped in the package; any socket use
    fails here (the suite's conftest also blocks non-loopback connections)."""

    def refuse(*args, **kwargs):
        raise AssertionError("sentiment tried to open a socket")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    sentiment._analyzer.cache_clear()
    try:
        assert classify("Thank you, this was very helpful.").label == "positive"
    finally:
        sentiment._analyzer.cache_clear()


# --- agreement with the labelled sample -------------------------------------------


def cohen_kappa(gold: list[str], pred: list[str]) -> float:
    """Cohen's kappa: (p_o - p_e) / (1 - p_e), p_e from the two raters' marginals."""
    n = len(gold)
    observed = sum(g == p for g, p in zip(gold, pred, strict=True)) / n
    gold_counts, pred_counts = Counter(gold), Counter(pred)
    expected = sum(gold_counts[label] * pred_counts[label] for label in LABELS) / (n * n)
    return 1.0 if expected == 1.0 else (observed - expected) / (1.0 - expected)


def test_cohen_kappa_by_hand():
    assert cohen_kappa(["positive", "negative"] * 5, ["positive", "negative"] * 5) == 1.0
    # 2x2 textbook case: p_o = 0.7, p_e = 0.5*0.6 + 0.5*0.4 = 0.5 -> kappa 0.4
    gold = ["positive"] * 5 + ["negative"] * 5
    pred = ["positive"] * 4 + ["negative"] + ["positive"] * 2 + ["negative"] * 3
    assert cohen_kappa(gold, pred) == pytest.approx(0.4)


def confusion(gold: list[str], pred: list[str]) -> str:
    width = max(map(len, LABELS)) + 1
    rows = ["gold \\ predicted".ljust(18) + "".join(label.rjust(width) for label in LABELS)]
    for g in LABELS:
        counts = [
            sum(1 for a, b in zip(gold, pred, strict=True) if a == g and b == p) for p in LABELS
        ]
        rows.append(g.ljust(18) + "".join(str(c).rjust(width) for c in counts))
    return "\n".join(rows)


def agreement(part):
    gold = [i["label"] for i in part]
    pred = [r.label for r in classify_many(i["text"] for i in part)]
    accuracy = sum(g == p for g, p in zip(gold, pred, strict=True)) / len(gold)
    misses = [
        f"  {i['id']}: {g} -> {p}: {i['text']}"
        for i, g, p in zip(part, gold, pred, strict=True)
        if g != p
    ]
    report = (
        f"accuracy {accuracy:.3f}, kappa {cohen_kappa(gold, pred):.3f}\n"
        f"{confusion(gold, pred)}\nmisclassified:\n" + "\n".join(misses)
    )
    return accuracy, cohen_kappa(gold, pred), report


def test_sample_is_balanced_and_well_formed(items):
    assert [i["id"] for i in items] == list(range(1, 121))
    assert all(i["label"] in LABELS and i["text"].strip() for i in items)
    for part in (items[:60], items[60:]):
        assert Counter(i["label"] for i in part) == dict.fromkeys(LABELS, 15)


def test_agreement_on_tuning_items_1_to_60(items):
    """Measured with the issue-12 rules (written on tests/data/comments_blind; this
    sample was not looked at meanwhile): accuracy 0.850 (51/60), Cohen's kappa 0.800.
    Before them: 0.717 and 0.622 (the old mixed thresholds were tuned on these items).
    Asserted with a margin of 0.03."""
    accuracy, kappa, report = agreement(items[:60])
    assert accuracy >= 0.82 and kappa >= 0.77, report


def test_agreement_on_held_out_items_61_to_120(items):
    """Measured on the held-out half with the issue-12 rules: accuracy 0.817 (49/60),
    Cohen's kappa 0.756 (before them: 0.683 and 0.578).

        gold \\ predicted positive neutral mixed negative
        positive               13       2     0        0
        neutral                 1      14     0        0
        mixed                   2       1     9        3
        negative                0       1     1       13

    Mixed feedback is still the commonest miss. Asserted with a margin of 0.03."""
    accuracy, kappa, report = agreement(items[60:])
    assert accuracy >= 0.78 and kappa >= 0.72, report
