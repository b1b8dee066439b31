"""Consistency across audience variants: facts, values and key messages."""

import json

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
