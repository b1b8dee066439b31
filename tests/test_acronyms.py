"""Acronym detection: definition forms, plurals, and the false-positive guards."""

import pytest

from commplan import check_text
from commplan.checks.acronyms import is_long_form, schwartz_hearst


def undefined(text, audience="families"):
    report = check_text(text, audience, enable=["jargon.acronym"])
    return [(f.text, f.suggestion) for f in report.findings if f.rule == "jargon.acronym.undefined"]


def flagged(text, audience="families"):
    return [t for t, _ in undefined(text, audience)]


@pytest.mark.parametrize(
    "text",
    [
        "Our multi-tiered system of supports (MTSS) helps every child.",
        "Our MTSS (multi-tiered system of supports) helps every child.",
        "Our multi-tiered system of supports, or MTSS, helps every child.",
        "The multi-tiered system of supports — MTSS — helps every child.",
        "The multi-tiered system of supports – MTSS – helps every child.",
        "A Multi-Tiered System of Supports (MTSS) helps every child.",
    ],
)
def test_definition_forms_count_as_defined(text):
    assert flagged(text) == []


def test_undefined_first_use_is_flagged_with_library_expansion():
    found = undefined("Our MTSS team meets Tuesday. Families are welcome.")
    assert len(found) == 1
    text, suggestion = found[0]
    assert text == "MTSS"
    assert "multi-tiered system of supports" in suggestion.lower()


def test_only_first_use_is_flagged():
    assert flagged("MTSS starts soon. MTSS is for everyone. We love MTSS.") == ["MTSS"]


def test_definition_after_first_use_is_still_flagged_and_says_so():
    report = check_text(
        "MTSS starts in May.\nOur multi-tiered system of supports (MTSS) helps every child.",
        "families",
        enable=["jargon.acronym"],
    )
    (finding,) = report.findings
    assert finding.line == 1 and finding.column == 1
    assert "defined later (line 2)" in finding.message


def test_unknown_acronyms_are_still_flagged():
    found = undefined("The QZXR committee will meet in the library.")
    assert found == [("QZXR", None)]


def test_unknown_acronym_defined_by_long_form_is_fine():
    assert flagged("The Quality Zone Review (QZR) committee will meet.") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The LEAs will report in June.", ["LEAs"]),
        ("Local educational agencies (LEAs) will report. Each LEA has a plan.", []),
        ("All English learners (ELs) can join. Our ELs did well.", []),
        ("Two IEPs were updated. Each IEP team met.", ["IEPs"]),
    ],
)
def test_plurals(text, expected):
    assert flagged(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "FOR IMMEDIATE RELEASE\nThe board met on Monday.",
        "ALL families are invited. Doors open at 6.",
        "This is FREE for every family.",
        "Schools receiving Title I funds must share the plan. Title IX protects students.",
        "Phase II begins in the fall, after Part III of the plan.",
        "The U.S. Department of Education released guidance.",
        "Send forms to 1430 N Street, Sacramento, CA 95814.",
        "Our office is in Sacramento, CA.",
        "COVID-19 testing is available. K-12 schools will stay open.",
        "Call between 8 AM and 5 PM. Read the FAQ or download the PDF.",
        "IMPORTANT UPDATE ABOUT SCHOOL PICTURES",
    ],
)
def test_false_positive_guards(text):
    assert flagged(text) == []


def test_library_acronym_inside_a_shouted_heading_still_counts():
    assert flagged("NEW MTSS PLAN FOR FAMILIES\nRead on.") == ["MTSS"]


def test_tolerated_acronym_is_only_a_suggestion_for_staff():
    report = check_text("Each LEA will file a report.", "agency_staff", enable=["jargon.acronym"])
    assert [f.severity.name for f in report.findings] == ["suggestion"]
    report = check_text("Each LEA will file a report.", "families", enable=["jargon.acronym"])
    assert [f.severity.name for f in report.findings] == ["warning"]


def test_offsets_point_at_the_acronym():
    text = "Hello.\nSee the SARC today."
    report = check_text(text, "families", enable=["jargon.acronym"])
    (f,) = report.findings
    assert text[f.start : f.end] == "SARC" == f.text
    assert (f.line, f.column) == (2, 9)


def test_schwartz_hearst():
    assert schwartz_hearst("MTSS", "a multi-tiered system of supports") == (
        "multi-tiered system of supports"
    )
    assert schwartz_hearst("IEP", "Individualized Education Program") == (
        "Individualized Education Program"
    )
    assert schwartz_hearst("XYZ", "multi-tiered system") is None


def test_long_form_needs_more_than_the_acronym():
    assert not is_long_form("MTSS", "MTSS")
    assert not is_long_form("SEL", "the")
    assert is_long_form("SEL", "social and emotional learning")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Funds go to Project GRAD this year.", ["GRAD"]),
        ("The Colorado READ Act took effect.", ["READ"]),
        ("Please READ the attached letter.", []),
        ("OLYMPIA — Today the state released scores.", []),
        ("For Immediate Release\nSACRAMENTO—State leaders met.", []),
    ],
)
def test_shouted_words_inside_names_are_acronyms(text, expected):
    assert flagged(text) == expected


def test_title_case_long_form_with_a_missing_word_counts_as_defined():
    text = "Money from the Elementary and Secondary School Relief Fund (ESSER) arrived."
    assert flagged(text) == []


def test_state_code_before_a_government_title():
    assert flagged("As noted by the MA Commissioner of Education, schools reopen.") == []
    assert flagged("Visit the MA state website for help.") == []


def test_acronyms_the_library_says_the_public_knows_are_not_flagged():
    assert flagged("Join the PTA at the book fair.") == []
    assert flagged("It looks like a USB drive.") == []


def test_uses_of_a_settled_acronym_are_not_tested_again(nlp, library, monkeypatch):
    # Once an acronym's first use is defined (or its later definition is found), its
    # further uses change nothing: the finder passes over them without the tests of
    # context. Uses of an undefined acronym are still each tested.
    from commplan.checks import acronyms
    from commplan.checks.compiled import compile_library

    tested = []
    real = acronyms.AcronymFinder._is_real

    def counting(self, base, text, start, end):
        tested.append(base)
        return real(self, base, text, start, end)

    monkeypatch.setattr(acronyms.AcronymFinder, "_is_real", counting)
    compiled = compile_library(library, nlp)
    text = (
        "The KWQ team met. Our multi-tiered system of supports (MTSS) helps. The MTSS "
        "team and the MTSS plan. KWQ again. Kids Writing Quest (KWQ) starts. KWQ ends."
    )
    uses = {u.first.acronym: u for u in acronyms.first_uses(text, compiled)}
    assert uses["MTSS"].defined and not uses["KWQ"].defined
    assert uses["KWQ"].defined_later is not None
    assert tested.count("MTSS") == 1 and tested.count("KWQ") == 3


def test_finders_of_one_library_share_what_they_know(nlp, library):
    from commplan.checks import acronyms
    from commplan.checks.compiled import compile_library

    compiled = compile_library(library, nlp)
    acronyms.first_uses("The KWQ team met.", compiled)
    known_upper, _, bases = acronyms._library_forms(compiled)
    assert "KWQ" in bases and known_upper == {k.upper() for k in compiled.known_acronyms}
    assert acronyms._library_forms(compiled)[2] is bases


def test_capitalised_words_are_those_of_the_look_behind_first_pattern():
    import re

    from commplan.checks import acronyms
    from tests.fuzzdrafts import drafts
    from tests.hostile import CR_BREAKS, hostile
    from tests.realtexts import CORPORA

    reference = re.compile(r"(?<![A-Za-z0-9&])[A-Z](?:[A-Za-z0-9&]|[-.'’](?=[A-Za-z0-9]))*\+?")
    texts = [p.read_text("utf-8") for d in CORPORA.values() for p in sorted(d.glob("*.txt"))]
    texts += [*drafts(200, seed=8), hostile("AbC", control=True), CR_BREAKS]
    texts += ["A", "&A", "aB", "1A", "A.B.C.", "X-Y Z's A+ a&B ÉA éA _A -A .A"]
    for text in texts:
        found = [(m.start(), m.end()) for m in acronyms._CAPITALISED.finditer(text)]
        assert found == [(m.start(), m.end()) for m in reference.finditer(text)]
