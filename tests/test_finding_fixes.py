"""A finding carries a structured fix when its check knows the exact replacement
(the glossary's plain word, an acronym's expansion, a preferred term); the Draft
studio shows it before a person applies it."""

from __future__ import annotations

from commplan import check_text
from commplan.checks.findings import match_case

DRAFT = (
    "Dear families,\n\nOur MTSS team will leverage data to help every student. "
    "We asked stakeholders for their views. Leverage matters."
)


def by_rule(report, rule, text):
    return next(f for f in report.findings if f.rule == rule and f.text == text)


def test_glossary_jargon_offers_its_first_plain_alternative():
    report = check_text(DRAFT, "families")
    f = by_rule(report, "jargon.corporate_speak", "leverage")
    assert f.fix == "use"
    assert DRAFT[f.start : f.end] == "leverage"


def test_an_acronym_the_library_knows_is_defined_at_its_first_use():
    report = check_text(DRAFT, "families")
    f = by_rule(report, "jargon.acronym.undefined", "MTSS")
    assert f.fix == "multi-tiered system of supports (MTSS)"


def test_an_unknown_acronym_has_no_fix():
    text = "The ZQXW committee meets on Monday. Reply to this email with questions."
    report = check_text(text, "families")
    f = by_rule(report, "jargon.acronym.undefined", "ZQXW")
    assert f.fix is None


def test_a_preferred_term_offers_the_first_preferred_word():
    report = check_text(DRAFT, "families")
    f = next(f for f in report.findings if f.rule == "framing.term")
    assert f.text == "stakeholders" and f.fix == "interest holders"


def test_findings_without_a_known_fix_have_none_and_the_json_keeps_its_keys():
    report = check_text(DRAFT, "families")
    data = report.to_dict()
    for finding in data["findings"]:
        assert {"rule", "category", "severity", "start", "end", "line", "column", "text",
                "message", "suggestion", "source"} <= set(finding)  # fmt: skip
        assert "fix" in finding
    assert any(f["fix"] is None for f in data["findings"])


def test_the_fix_follows_the_capital_at_the_start_of_a_sentence():
    assert match_case("Leverage", "use") == "Use"
    assert match_case("leverage", "use") == "use"
    assert match_case("MTSS", "multi-tiered system") == "multi-tiered system"
    assert match_case("Leverage", "IEP meeting") == "IEP meeting"
