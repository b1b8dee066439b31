"""Consistency across audience variants: facts, values and key messages."""

import json
import re

import pytest

from commplan.checks.consistency import compare_texts, extract_facts
from commplan.cli import main

FAMILIES = (
    "Family night is March 3 at 6 p.m. in the Lincoln gym. Tickets are $5. "
    "Call 555-123-4567 with questions. Twelve teachers and 12 schools take part. "
    "We care for the whole child."
)
STAFF = (
    "Family night is Mar. 4 at 6:00 PM in the Lincoln gym. Tickets are $5.00. "
    "Email events@district.org with questions. 14 schools take part."
)


def test_fact_normalisation():
    kinds = {
        (f.kind, f.value) for f in extract_facts("On March 3, 2025 at 6 p.m. pay $5.00 (20%).")
    }
    assert {("date", "03-03"), ("time", "18:00"), ("amount", "$5"), ("percentage", "20%")} <= kinds
    same = {(f.kind, f.value) for f in extract_facts("On 3/3 at 6:00 PM pay $5 (20 percent).")}
    assert {("date", "03-03"), ("time", "18:00"), ("amount", "$5"), ("percentage", "20%")} <= same


def test_differences_name_both_values_and_files():
    report = compare_texts(
        [("families.txt", FAMILIES, "families"), ("staff.txt", STAFF, "educators")]
    )
    by_rule = {f["rule"]: f for f in report.findings}
    date = by_rule["consistency.date"]
    assert "March 3" in date["message"] and "Mar. 4" in date["message"]
    assert "families.txt" in date["message"] and "staff.txt" in date["message"]
    assert date["severity"] == "error"
    assert [loc["path"] for loc in date["locations"]] == ["families.txt", "staff.txt"]
    assert "consistency.count" in by_rule  # 12 schools vs 14 schools
    assert "consistency.time" not in by_rule and "consistency.amount" not in by_rule
    assert "consistency.value" in by_rule  # whole child only in the families variant
    assert {"consistency.missing_phone", "consistency.missing_email"} <= set(by_rule)


def test_matching_variants_have_no_fact_findings():
    a = "Register by May 1 at www.district.org. The fee is $10."
    b = "Please sign up by May 1 at www.district.org; it costs $10."
    report = compare_texts([("a", a, "families"), ("b", b, "policymakers")])
    assert not [f for f in report.findings if f["severity"] != "suggestion"]


def test_each_variant_checked_against_its_own_audience():
    report = compare_texts([("a", FAMILIES, "families"), ("b", STAFF, "agency_staff")])
    assert [r.audience for r in report.reports] == ["families", "agency_staff"]
    assert report.reports[1].readability["target_grade"] == 12


def test_compare_cli_json(tmp_path, capsys):
    (tmp_path / "a.txt").write_text(FAMILIES, "utf-8")
    (tmp_path / "b.txt").write_text(STAFF, "utf-8")
    code = main(
        [
            "compare",
            str(tmp_path / "a.txt"),
            str(tmp_path / "b.txt"),
            "--audience",
            "families",
            "--audience",
            "educators",
            "--format",
            "json",
        ]
    )
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {"files", "findings"}
    assert len(data["files"]) == 2 and code == 1  # a date conflict is an error


@pytest.mark.parametrize("audiences", [["families", "educators", "media"]])
def test_compare_cli_audience_count_mismatch(tmp_path, capsys, audiences):
    (tmp_path / "a.txt").write_text(FAMILIES, "utf-8")
    (tmp_path / "b.txt").write_text(STAFF, "utf-8")
    args = ["compare", str(tmp_path / "a.txt"), str(tmp_path / "b.txt")]
    for a in audiences:
        args += ["--audience", a]
    assert main(args) == 2
    assert "one per file" in capsys.readouterr().err


def test_compare_needs_two_variants():
    with pytest.raises(ValueError):
        compare_texts([("a", "text", "families")])


def _rules(a, b, audiences=("families", "families")):
    report = compare_texts([("a.txt", a, audiences[0]), ("b.txt", b, audiences[1])])
    return {f["rule"]: f for f in report.findings if f["rule"] != "consistency.value"}


def test_years_in_dates_must_agree():
    found = _rules("Family night is March 3, 2025.", "Family night is March 3, 2026.")
    date = found["consistency.date"]
    assert "2025" in date["message"] and "2026" in date["message"]
    assert date["severity"] == "error"
    assert "consistency.date" in _rules("The form is due 3/3/2025.", "The form is due 3/3/26.")


def test_a_date_without_a_year_agrees_with_the_same_date_with_one():
    assert "consistency.date" not in _rules(
        "Family night is March 3.", "Family night is Monday, March 3, 2026."
    )
    assert "consistency.date" not in _rules("Due 3/3/2026.", "Due March 3, 2026.")


@pytest.mark.parametrize(
    ("a", "b", "conflict"),
    [
        ("Doors open at 19:00.", "Doors open at 7 p.m.", False),
        ("Doors open at 18:30.", "Doors open at 7 p.m.", True),
        ("Doors open at 07:30.", "Doors open at 7:30 a.m.", False),
        ("Doors open at 07:30.", "Doors open at 7:30 p.m.", True),
        ("Doors open at 7:30.", "Doors open at 7:30 PM.", False),  # 12-hour clock, no a.m./p.m.
        ("Doors open at 7:30.", "Doors open at 8:30 PM.", True),
        ("Doors open at 19:00:00.", "Doors open at 7:00 PM.", False),
    ],
)
def test_24_hour_times_compare_with_12_hour_times(a, b, conflict):
    found = _rules(a, b)
    assert ("consistency.time" in found) == conflict
    if conflict:
        assert found["consistency.time"]["severity"] == "error"


def test_ratios_and_scores_are_not_times():
    facts = extract_facts("The ratio is 3:1 and verse 3:16 says so; the score was 102:99.")
    assert not [f for f in facts if f.kind == "time" and f.text in {"3:1", "102:99"}]


def test_near_identical_person_names_are_a_likely_inconsistency():
    found = _rules(
        "Questions? Call Ms. Lopez at the front office.",
        "Questions? Call Ms. Lopes at the front office.",
    )
    name = found["consistency.name"]
    assert name["severity"] == "warning"
    assert "Lopez" in name["message"] and "Lopes" in name["message"]
    assert "a.txt" in name["message"] and "b.txt" in name["message"]
    assert [loc["text"] for loc in name["locations"]] == ["Lopez", "Lopes"]
    found = _rules(
        "Maria Hernandez will lead the night with our counselors.",
        "Our counselors and Maria Hernandes will lead the night.",
    )
    assert "consistency.name" in found


def test_same_school_name_with_another_level_is_a_likely_inconsistency():
    found = _rules(
        "Family night is in the Lincoln Elementary gym.",
        "Family night is in the Lincoln Middle School gym.",
    )
    school = found["consistency.school"]
    assert school["severity"] == "warning"
    assert "Lincoln Elementary" in school["message"] and "Lincoln Middle" in school["message"]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # Different people and schools, far apart in spelling: not one name misspelled.
        ("Call Ms. Lopez with questions.", "Call Mr. Nguyen with questions."),
        ("Meet at Lincoln Elementary.", "Meet at Jefferson Elementary."),
        # Both variants name both schools / both people.
        (
            "Lincoln Elementary and Lincoln Middle School meet together.",
            "Students of Lincoln Middle School and Lincoln Elementary meet together.",
        ),
        ("Ms. Lopez and Mr. Lopes will both be there.", "Mr. Lopes and Ms. Lopez will be there."),
        # Plural, possessive and case forms of one word.
        ("Join us for Family Night.", "Join us for Family Nights this spring."),
        ("Ms. Lopez's class meets Monday.", "Ms. Lopez will see you Monday."),
        ("See the MARCH update.", "See the March update."),
    ],
)
def test_legitimately_different_names_are_not_flagged(a, b):
    found = _rules(a, b)
    assert "consistency.name" not in found and "consistency.school" not in found


def test_fact_sets_agree_as_facts_do_pairwise():
    import random

    from commplan.checks.consistency import Fact, _unmatched

    rng = random.Random(3)

    def fact():
        value = rng.choice(["03-03", "03-04", "07:30", "19:30"])
        also = rng.choice([(), ("19:30",)]) if value == "07:30" else ()
        return Fact("x", value, value, 0, 1, also, rng.choice([None, 2025, 2026]))

    for _ in range(200):
        mine = [fact() for _ in range(rng.randrange(4))]
        theirs = [fact() for _ in range(rng.randrange(4))]
        pairwise = [f for f in mine if not any(f.agrees_with(g) for g in theirs)]
        assert _unmatched(mine, theirs) == pairwise


def phone_rules(a, b):
    report = compare_texts([("Variant 1", a, "families"), ("Variant 2", b, "families")])
    return [f for f in report.findings if "phone" in f["rule"]]


def test_seven_digit_local_phone_numbers_are_compared():
    (found,) = phone_rules("Call 555-0142 with questions.", "Call 555-0124 with questions.")
    assert found["rule"] == "consistency.phone"
    assert "555-0142" in found["message"] and "555-0124" in found["message"]
    assert not phone_rules("Call 555-0142 today.", "Questions? Call 555-0142.")
    # The same number with and without its area code agrees; two area codes do not.
    assert not phone_rules("Call (951) 555-0142.", "Call 555-0142.")
    assert phone_rules("Call (951) 555-0142.", "Call (909) 555-0142.")


@pytest.mark.parametrize(
    "text",
    [
        "The 2024-2025 school year starts soon.",
        "Budgets grew 300-1200 dollars per school.",
        "Pay $250-1000 by March 3.",
        "Room 101-2000 is closed.",
        "Grades 3-5 meet at 9:30-10:15.",
        "Call 951-555-0142 or (951) 555-0142.",
    ],
)
def test_no_local_phone_number_in_years_ranges_money_or_times(text):
    phones = [f.text for f in extract_facts(text) if f.kind == "phone"]
    assert all(len(re.sub(r"\D", "", p)) == 10 for p in phones), phones
