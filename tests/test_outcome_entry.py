"""Message-test outcomes as staff paste them: from a CSV, or three columns copied out of
a spreadsheet, with audiences by name and yes/no actions in words."""

from __future__ import annotations

import pytest

from commplan.feedback.forms import parse_outcomes

AUDIENCES = {"families": "Families and caregivers", "policymakers": "Policymakers"}


def test_comma_lines_with_a_header():
    text = "variant,audience,value\nA,families,4\nB,policymakers,5\n"
    assert parse_outcomes(text, "rating", AUDIENCES) == [
        ("A", "families", 4.0, None),
        ("B", "policymakers", 5.0, None),
    ]


def test_pasted_from_a_spreadsheet_with_audience_names():
    text = "Variant\tAudience\tRating\nA\tFamilies and caregivers\t3\nB\tpolicymakers\t2\n"
    assert parse_outcomes(text, "rating", AUDIENCES) == [
        ("A", "families", 3.0, None),
        ("B", "policymakers", 2.0, None),
    ]


def test_actions_in_words():
    text = "A,families,yes\nA,families,No\nB,families,1\nB,families,false\nB,families,Y"
    assert [o[2] for o in parse_outcomes(text, "action", AUDIENCES)] == [1, 0, 1, 0, 1]
    # A first line that is data, not a header, is kept.
    assert parse_outcomes("A,families,acted", "action", AUDIENCES) == [("A", "families", 1, None)]
    header = "Variant,Audience,Acted?\nA,families,no"
    assert parse_outcomes(header, "action", AUDIENCES) == [("A", "families", 0, None)]


@pytest.mark.parametrize(
    ("text", "kind", "message"),
    [
        ("A,families,4\nB,families", "rating", "Line 2: expected 3 fields"),
        ("A,families,lots", "rating", "Line 1: 'lots' is not a number"),
        ("A,families,7", "rating", "Line 1: a rating is from 1 to 5"),
        ("A,families,maybe", "action", "Line 1: 'maybe' is not a number"),
        ("A,families,2", "action", "Line 1: a yes/no action"),
        ("A,martians,4", "rating", "Line 1: unknown audience 'martians'"),
        ("\n\n", "rating", "No outcomes"),
    ],
)
def test_bad_lines_are_named(text, kind, message):
    with pytest.raises(ValueError, match=message):
        parse_outcomes(text, kind, AUDIENCES)
