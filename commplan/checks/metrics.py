"""Readability formulas as pure functions of counts.

Each function names its source and formula and returns 0.0 when a count it
divides by is zero. The counts follow textstat's conventions (a word is a
whitespace-separated chunk with a letter or digit; sentences of two words or
fewer do not count as sentences) so results agree with textstat on the same text.
"""

from __future__ import annotations

from dataclasses import dataclass
from statistics import median


@dataclass(frozen=True, slots=True)
class Counts:
    words: int = 0
    sentences: int = 0
    syllables: int = 0
    letters: int = 0  # letters and digits
    polysyllables: int = 0  # words of 3+ syllables
    difficult_words: int = 0  # not on the Dale-Chall list of familiar words
    complex_words: int = 0  # 3+ syllables and not on the Dale-Chall list


def words_per_sentence(c: Counts) -> float:
    return c.words / c.sentences if c.sentences else 0.0


def syllables_per_word(c: Counts) -> float:
    return c.syllables / c.words if c.words else 0.0


def flesch_kincaid_grade(c: Counts) -> float:
    """Flesch-Kincaid grade level (Kincaid et al., 1975):
    0.39 * (words / sentences) + 11.8 * (syllables / words) - 15.59."""
    return flesch_kincaid(c.words, c.sentences, c.syllables)


def flesch_kincaid(words: int, sentences: int, syllables: int) -> float:
    """``flesch_kincaid_grade`` of the three counts, without building a ``Counts``
    (readability grades every sentence of a draft)."""
    if not words or not sentences:
        return 0.0
    return 0.39 * (words / sentences) + 11.8 * (syllables / words) - 15.59


def flesch_reading_ease(c: Counts) -> float:
    """Flesch reading ease (Flesch, 1948), higher is easier:
    206.835 - 1.015 * (words / sentences) - 84.6 * (syllables / words)."""
    if not c.words or not c.sentences:
        return 0.0
    return 206.835 - 1.015 * words_per_sentence(c) - 84.6 * syllables_per_word(c)


def smog_index(c: Counts) -> float:
    """SMOG grade (McLaughlin, 1969): 1.043 * sqrt(30 * polysyllables / sentences) + 3.1291.
    Normed on 30-sentence samples; unreliable on short texts."""
    if not c.sentences:
        return 0.0
    return 1.043 * (30 * c.polysyllables / c.sentences) ** 0.5 + 3.1291


def gunning_fog(c: Counts) -> float:
    """Gunning fog index (Gunning, 1952):
    0.4 * (words / sentences + 100 * complex words / words).
    Complex words: 3+ syllables and not on the Dale-Chall familiar list (as textstat)."""
    if not c.words or not c.sentences:
        return 0.0
    return 0.4 * (words_per_sentence(c) + 100 * c.complex_words / c.words)


def dale_chall_score(c: Counts) -> float:
    """New Dale-Chall raw score (Chall & Dale, 1995):
    0.1579 * (% difficult words) + 0.0496 * (words / sentences), + 3.6365 when
    more than 5% of words are difficult (not on the list of ~3,000 familiar words)."""
    if not c.words or not c.sentences:
        return 0.0
    pct = 100 * c.difficult_words / c.words
    score = 0.1579 * pct + 0.0496 * words_per_sentence(c)
    return score + 3.6365 if pct > 5 else score


def dale_chall_grade(score: float) -> float:
    """Grade equivalent of a Dale-Chall raw score, from the published table
    (4.9 or lower: grade 4 and below; 5.0-5.9: 5-6; ... 9.0-9.9: 13-15; 10+: 16+),
    taking the middle of each band."""
    bands = ((5.0, 4.0), (6.0, 5.5), (7.0, 7.5), (8.0, 9.5), (9.0, 11.5), (10.0, 14.0))
    for upper, grade in bands:
        if score < upper:
            return grade
    return 16.0


def coleman_liau_index(c: Counts) -> float:
    """Coleman-Liau index (Coleman & Liau, 1975): 0.058 * L - 0.296 * S - 15.8,
    L = letters per 100 words, S = sentences per 100 words."""
    if not c.words or not c.sentences:
        return 0.0
    return 0.058 * (100 * c.letters / c.words) - 0.296 * (100 * c.sentences / c.words) - 15.8


def automated_readability_index(c: Counts) -> float:
    """Automated readability index (Senter & Smith, 1967):
    4.71 * (characters / words) + 0.5 * (words / sentences) - 21.43."""
    if not c.words or not c.sentences:
        return 0.0
    return 4.71 * (c.letters / c.words) + 0.5 * words_per_sentence(c) - 21.43


def consensus_grade(grades: list[float]) -> float:
    """The median of several grade-level estimates: one outlier formula cannot move it."""
    usable = [g for g in grades if g > 0]
    return median(usable) if usable else 0.0


def all_metrics(c: Counts) -> dict[str, float]:
    fk = flesch_kincaid_grade(c)
    smog = smog_index(c)
    fog = gunning_fog(c)
    dc = dale_chall_score(c)
    cli = coleman_liau_index(c)
    ari = automated_readability_index(c)
    grades = [fk, smog, fog, dale_chall_grade(dc) if c.words else 0.0, cli, ari]
    return {
        "flesch_kincaid_grade": fk,
        "flesch_reading_ease": flesch_reading_ease(c),
        "smog_index": smog,
        "gunning_fog": fog,
        "dale_chall": dc,
        "coleman_liau_index": cli,
        "automated_readability_index": ari,
        "consensus_grade": consensus_grade(grades),
    }
