"""Sentiment on what people write to a school district (issue 12): complaint idioms,
questions, the respondent's rating, text the scorer cannot read, and agreement with
the hand-labelled comment set in tests/data/comments_blind (263 comments).

The blind figure (before any change) is in tests/data/comments_blind/FIRST_LOOK.md:
exact label 0.517. The rules were then written and checked on the same set, so the
bars below guard against regressions; they are not a blind estimate.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from commplan.feedback import sentiment
from commplan.feedback.sentiment import classify, language_problem, rating_label, rating_of

SET = Path(__file__).parent / "data" / "comments_blind" / "comments.yaml"


@pytest.fixture(scope="module")
def comments():
    return yaml.safe_load(SET.read_text("utf-8"))


def test_the_issue_sentence_is_negative_and_not_certain():
    r = classify("The new start times are a nightmare for working parents.")
    assert r.label == "negative", r
    assert 0 < r.confidence < 1


@pytest.mark.parametrize(
    "text",
    [
        "The new bus schedule is a joke.",
        "Pickup at the middle school is a mess every afternoon.",
        "School starts way too early for teenagers.",
        "I called the office three times and nobody called back.",
        "The portal still doesn't work on my phone.",
        "We can't afford the activity fee this year.",
        "They changed the schedule without any notice.",
        "The new grading policy is not helpful at all.",  # negation
    ],
)
def test_complaints_in_plain_words_are_negative(text):
    assert classify(text).label == "negative", classify(text)


@pytest.mark.parametrize(
    "text",
    [
        "How do I sign up for the free lunch program?",
        "Is the library open during spring break?",
        "When will the winter concert be posted?",
        "A later start would be better for my family.",
    ],
)
def test_information_questions_and_suggestions_are_neutral(text):
    assert classify(text).label == "neutral", classify(text)


@pytest.mark.parametrize(
    "text",
    [
        "The teachers are wonderful, but the pickup line is a mess.",
        "Great coaches. The fees are way too high though.",
    ],
)
def test_praise_then_a_complaint_is_mixed(text):
    assert classify(text).label == "mixed", classify(text)


def test_spanish_is_not_judged_unless_rated():
    text = "Los mensajes de la escuela llegan solo en inglés y no entendemos nada."
    r = classify(text)
    assert r.label is None
    assert "Spanish" in r.reason
    assert r.confidence == 0
    rated = classify(text, rating=1)
    assert rated.label == "negative" and rated.reason == "rating"
    assert classify(text, rating=5).label == "positive"


def test_language_problem():
    assert language_problem("The bus was late again.") is None
    assert "Spanish" in language_problem("¿Dónde puedo inscribir a mi hijo para kínder?")
    assert language_problem("学校的巴士总是迟到") is not None
    assert language_problem("") is None
    assert language_problem("ok") is None


def test_rating_decides_when_the_words_do_not():
    plain = "My son is in 3rd grade at Lincoln."
    assert classify(plain).label == "neutral"
    assert classify(plain, rating=1).label == "negative"
    assert classify(plain, rating=3).label == "neutral"
    assert classify(plain, rating=5).label == "positive"
    assert classify(plain, rating=5).reason == "rating"


def test_clear_words_win_over_a_contradicting_rating_with_low_confidence():
    text = "Honestly the teachers have been amazing this year, so supportive and kind."
    agreeing = classify(text, rating=5)
    contradicted = classify(text, rating=1)
    assert agreeing.label == contradicted.label == "positive"
    assert contradicted.reason == "words over rating"
    assert contradicted.confidence < agreeing.confidence


def test_mixed_words_stay_mixed_with_any_rating():
    text = "The teachers are wonderful, but the pickup line is a mess."
    for rating in (1, 3, 5):
        assert classify(text, rating=rating).label == "mixed"


def test_bad_ratings_are_refused():
    with pytest.raises(ValueError, match="1 to 5"):
        classify("fine", rating=9)
    with pytest.raises(TypeError, match="number"):
        classify("fine", rating="5")  # type: ignore[arg-type]


def test_rating_label_and_rating_of():
    assert [rating_label(r) for r in (1, 2, 3, 4, 5)] == [
        "negative", "negative", "neutral", "positive", "positive"
    ]  # fmt: skip
    assert rating_label(None) is None
    assert rating_of({"Clarity": 4.0, "Useful": 2.0}) == 3.0
    assert rating_of({"Likely to recommend": 9}) == 4.5  # 0-10 halved
    assert rating_of({"Got the text": None}) is None
    assert rating_of({}) is None and rating_of(None) is None


def test_confidence_is_never_certain():
    for text in ("Thank you so much, this is wonderful!", "My son is in 3rd grade.", "bad"):
        assert 0 < classify(text).confidence < 1


def test_measured_figure_is_what_the_eval_wrote():
    figures = json.loads(sentiment.ACCURACY_FILE.read_text("utf-8"))
    assert figures["comments"] == 263
    assert 0 < figures["exact"] < 1
    assert sentiment.measured()["exact"] == figures["exact"]


def _accuracy(comments, *, use_rating: bool, only=lambda c: True) -> float:
    part = [c for c in comments if only(c)]
    hits = sum(
        classify(c["text"], rating=c["rating"] if use_rating else None).label == c["sentiment"]
        for c in part
    )
    return hits / len(part)


def test_accuracy_on_the_comment_set(comments):
    """Measured after the changes (tuned on this set, not blind): exact 0.730 with the
    rating, 0.624 on the words alone, 0.763 on English comments with the rating; with
    the emoji readings and the "woke the house" / "Again." cues (a QA run): 0.734,
    0.627 and 0.767 (one comment, #64, now right).
    Blind first look: 0.517 (words only; the tool had no rating). Bars a little under."""
    assert len(comments) == 263
    assert _accuracy(comments, use_rating=True) >= 0.71
    assert _accuracy(comments, use_rating=False) >= 0.60
    assert _accuracy(comments, use_rating=True, only=lambda c: c["language"] == "en") >= 0.74


def test_spanish_in_the_set_is_never_called_neutral_by_the_words(comments):
    spanish = [c for c in comments if c["language"] == "es"]
    assert len(spanish) == 27
    for c in spanish:
        assert classify(c["text"]).label is None, c["id"]
        if c["rating"] is not None:
            assert classify(c["text"], rating=c["rating"]).label is not None


def test_only_the_start_of_a_huge_text_is_scored():
    """VADER slows down more than linearly on one huge text; the classifier reads the
    first MAX_SCORED_CHARS characters, so a pasted book costs what its opening does."""
    opening = "The new start times are a nightmare for working parents. "
    huge = opening + ", but" * 200_000  # one million characters
    assert classify(huge).label == classify(huge[: sentiment.MAX_SCORED_CHARS]).label
    assert classify(huge).label == "negative"
