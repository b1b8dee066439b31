import pytest

from commplan.checks.syllables import syllable_counter

# Dictionary-accurate counts (CMU Pronouncing Dictionary), from the foundation issue.
EXPECTED = {
    "education": {4},
    "every": {2, 3},
    "area": {3},
    "family": {3},
    "evidence": {3},
    "readable": {3},
    "available": {4},
    "agency": {3},
    "equity": {3},
    "initiative": {4},
    "communication": {5},
}


@pytest.mark.parametrize("word", sorted(EXPECTED))
def test_dictionary_words(word):
    assert syllable_counter()(word) in EXPECTED[word]


@pytest.mark.parametrize(
    ("word", "expected"),
    [("Education,", 4), ("(family)", 3), ("“equity”", 3), ("family's", 3)],
)
def test_case_and_punctuation_do_not_change_counts(word, expected):
    assert syllable_counter()(word) == expected


def test_hyphenated_compound_is_sum_of_parts():
    count = syllable_counter()
    assert count("well-being") == count("well") + count("being")


def test_out_of_dictionary_word_still_gets_a_count():
    assert syllable_counter()("zorblaxification") >= 4


def test_empty_and_punctuation_only():
    assert syllable_counter()("") == 0
    assert syllable_counter()("—") == 0
