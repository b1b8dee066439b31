"""Sentiment of interest-holder feedback: positive, neutral, mixed or negative.

Model: VADER (Valence Aware Dictionary and sEntiment Reasoner), C. J. Hutto and
E. Gilbert, "VADER: A Parsimonious Rule-based Model for Sentiment Analysis of Social
Media Text", Proceedings of ICWSM 2014. Package ``vaderSentiment`` 3.3.2, MIT licence;
its lexicon ships inside the package, so nothing is downloaded at run time.

VADER is a lexicon-and-rules model tuned on social-media text (tweets, reviews,
editorials), not on what families, students and staff write to a school district or
state agency. How well it agrees with a careful human reader on that kind of text is
therefore measured, not assumed: see ``tests/test_sentiment.py`` and the labelled
(synthetic) sample in ``tests/data/sentiment_sample.yaml``. Known weak spots: sarcasm,
complaints written in neutral words ("still nothing", "delayed for five months"), and
questions.

Rules, in order:

1. *mixed* when both sides are substantial: VADER's positive and negative proportions
   are both at least ``MIXED_PROPORTION``, or one sentence scores at least
   ``SENTENCE_POLARITY`` and another at most ``-SENTENCE_POLARITY`` (sentences split
   simply on ``.``, ``!`` and ``?``).
2. otherwise VADER's documented thresholds on the compound score: *positive* at
   ``compound >= 0.05``, *negative* at ``compound <= -0.05``, else *neutral*.

``confidence`` is a heuristic, not a calibrated probability: the normalised distance
of the text from the nearest decision boundary of the rules above (0 on a boundary,
1 far from it). Use it to sort or to flag items for a human to check, not as a
likelihood of being right.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import NamedTuple

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

LABELS = ("positive", "neutral", "mixed", "negative")

# VADER's documented thresholds on the compound score.
POSITIVE_THRESHOLD = 0.05
NEGATIVE_THRESHOLD = -0.05

# The "mixed" rule. Started at 0.10 and 0.30; tuned once on items 1-60 of the labelled
# sample (grid 0.03-0.25 x 0.10-0.70, best Cohen's kappa, ties broken towards the
# starting values): kappa 0.60 -> 0.62 there. Items 61-120 were not used.
MIXED_PROPORTION = 0.08
SENTENCE_POLARITY = 0.3

_SENTENCE_END = re.compile(r"[.!?]+")


class Sentiment(NamedTuple):
    label: str  # one of LABELS
    score: float  # value to store with the label (sentiment_score): VADER's compound, -1..1
    confidence: float  # heuristic 0..1: distance from the nearest decision boundary
    compound: float
    pos: float
    neu: float
    neg: float


@lru_cache(maxsize=1)
def _analyzer() -> SentimentIntensityAnalyzer:
    """Built once per process: loading the lexicon takes a noticeable moment."""
    return SentimentIntensityAnalyzer()


def sentences(text: str) -> list[str]:
    """Split on ``.``, ``!`` and ``?``; deliberately simple ("Ms." splits too)."""
    return [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]


def _mixed_evidence(pos: float, neg: float, sentence_scores: list[float]) -> float:
    """How strongly the text is mixed, scaled so that 1.0 is exactly the rule's
    threshold: the larger of the proportion evidence and the sentence evidence."""
    by_proportion = min(pos, neg) / MIXED_PROPORTION
    by_sentence = 0.0
    if len(sentence_scores) > 1:
        by_sentence = max(0.0, min(max(sentence_scores), -min(sentence_scores)))
        by_sentence /= SENTENCE_POLARITY
    return max(by_proportion, by_sentence)


def classify(text: str) -> Sentiment:
    """Classify one piece of feedback. Empty text is neutral with confidence 0."""
    if not isinstance(text, str):
        raise TypeError(f"text must be a string, not {type(text).__name__}")
    analyzer = _analyzer()
    scores = analyzer.polarity_scores(text)
    compound, pos, neu, neg = (
        float(scores["compound"]),
        float(scores["pos"]),
        float(scores["neu"]),
        float(scores["neg"]),
    )
    if not text.strip():
        return Sentiment("neutral", compound, 0.0, compound, pos, neu, neg)

    parts = sentences(text)
    sentence_scores = (
        [analyzer.polarity_scores(s)["compound"] for s in parts] if len(parts) > 1 else []
    )
    evidence = _mixed_evidence(pos, neg, sentence_scores)

    if evidence >= 1.0:
        label, confidence = "mixed", 1.0 - 1.0 / evidence
    elif compound >= POSITIVE_THRESHOLD or compound <= NEGATIVE_THRESHOLD:
        label = "positive" if compound > 0 else "negative"
        from_neutral = (abs(compound) - POSITIVE_THRESHOLD) / (1.0 - POSITIVE_THRESHOLD)
        confidence = min(from_neutral, 1.0 - evidence)
    else:
        label = "neutral"
        confidence = min(1.0 - abs(compound) / POSITIVE_THRESHOLD, 1.0 - evidence)
    confidence = round(min(1.0, max(0.0, confidence)), 4)
    return Sentiment(label, compound, confidence, compound, pos, neu, neg)


def classify_many(texts: Iterable[str]) -> list[Sentiment]:
    """Classify each text in order."""
    return [classify(t) for t in texts]
