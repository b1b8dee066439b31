"""Framing: frames to avoid, preferred terms, value coverage, solutions ratio,
key-message alignment."""

import pytest

from commplan import check_text


def rules(text, audience="families", **kw):
    return [(f.rule, f.text) for f in check_text(text, audience, enable=["framing"], **kw).findings]


@pytest.mark.parametrize(
    ("text", "rule", "matched"),
    [
        (
            "Tutors will work with at-risk students after school.",
            "framing.deficit",
            "at-risk students",
        ),
        ("We must close the achievement gap.", "framing.deficit", "achievement gap"),
        ("Vaping is an epidemic in our schools.", "framing.crisis", "epidemic"),
        ("This is a crisis for our children.", "framing.crisis", "crisis"),
        ("Stakeholders met on Tuesday.", "framing.term", "Stakeholders"),
    ],
)
def test_frames_and_terms_are_flagged_with_reframes(text, rule, matched):
    report = check_text(text, "families", enable=["framing"])
    found = [f for f in report.findings if f.rule == rule]
    assert found and found[0].text == matched
    assert found[0].suggestion and found[0].source


@pytest.mark.parametrize(
    "text",
    [
        "If you are in a crisis, call the crisis hotline at 988.",
        "Our crisis counselor is in the front office every day.",
        "The district crisis response team met after the storm.",
        "Text the crisis text line any time.",
    ],
)
def test_crisis_resources_are_not_crisis_framing(text):
    assert not [r for r, _ in rules(text) if r == "framing.crisis"]


def test_lemma_matching_catches_inflections():
    assert ("framing.deficit", "broken homes") in rules("Some come from broken homes.")


def test_value_coverage_lists_cues_and_missing_resonant_values():
    text = "We put the whole child first, so every student feels safe and known at school."
    report = check_text(text, "families", enable=["framing"])
    invoked = {v["id"]: v["cues"] for v in report.to_dict()["framing"]["values_invoked"]}
    assert "whole_child" in invoked and "whole child" in invoked["whole_child"]
    assert report.to_dict()["framing"]["resonant_values_missing"]


def test_no_values_is_one_finding():
    text = (
        "The office will be closed on Monday for the holiday. Buses will run on the normal "
        "schedule on Tuesday morning, and lunch will be served as usual."
    )
    found = [r for r, _ in rules(text) if r == "framing.values.none"]
    assert found == ["framing.values.none"]


def test_solutions_ratio_flags_alarm_without_answers():
    alarm = (
        "Chronic absence is an urgent problem. Attendance is in decline and the trend is "
        "alarming. Scores are falling behind the state."
    )
    report = check_text(alarm, "families", enable=["framing.solutions_ratio"])
    (finding,) = report.findings
    assert "urgency" in finding.message and finding.start == 0
    block = report.to_dict()["framing"]["solutions_ratio"]
    assert block["urgency_cues"] >= 3 and block["urgency_sentences"]


def test_solutions_ratio_is_quiet_when_problems_come_with_solutions():
    text = (
        "Chronic absence is an urgent problem. We will add attendance mentors, open a "
        "morning breakfast program, and partner with clinics. Families can help by calling "
        "the school. We will share a plan with each family and start home visits."
    )
    assert not rules(text)


KM = "whole_child_learning"


def test_key_message_carried_with_proof():
    text = (
        "Students learn best when we care for the whole child. Social, emotional, physical "
        "and academic growth are linked, and progress in one helps the others."
    )
    report = check_text(text, "families", key_message=KM, enable=["framing.key_message"])
    assert report.findings == []
    block = report.to_dict()["key_message"]
    assert block["carried"] and any(p["found"] for p in block["proof_points"])


def test_key_message_missing_is_flagged():
    text = "The bus schedule changes next week. Routes 4 and 7 leave ten minutes earlier."
    report = check_text(text, "families", key_message=KM, enable=["framing.key_message"])
    assert [f.rule for f in report.findings] == ["framing.key_message.missing"]


def test_unknown_key_message_is_an_error():
    with pytest.raises(ValueError, match="unknown key message"):
        check_text("Hello families, welcome back to school this fall.", key_message="nope")


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("Apply for the At-Risk Program by May.", True),
        ("Each student at risk gets a mentor.", True),
        ("Tutors meet with high-risk teens weekly.", True),
        ("Economically disadvantaged students get free meals.", True),
        ("Anyone at-risk for opioid overdose should carry naloxone.", False),
        ("Students at risk of harm can call the hotline.", False),
    ],
)
def test_deficit_label_forms(text, flagged):
    assert any(r == "framing.deficit" for r, _ in rules(text)) is flagged
