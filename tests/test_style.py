"""Style: passive voice with its adjective guard, library style rules, paragraphs,
noun stacks."""

import pytest

from commplan import check_text


def style(text, audience="families"):
    return [(f.rule, f.text) for f in check_text(text, audience, enable=["style"]).findings]


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("The plan was approved by the board.", "was approved"),
        ("Forms are not accepted after Friday.", None),  # "accepted" is in the adjective list
        ("The budget was written in May.", "was written"),
        ("Students were quickly moved to the gym.", "were quickly moved"),
        ("The new fence got installed last week.", "got installed"),
    ],
)
def test_passive_voice(text, span):
    found = [t for r, t in style(text) if r == "style.passive"]
    assert found == ([span] if span else [])


@pytest.mark.parametrize(
    "text",
    [
        "The school is located on Main Street.",
        "We are excited to welcome you back.",
        "Families are interested in the new schedule.",
        "Our staff is committed to every child.",
        "The board approved the plan.",
    ],
)
def test_adjectival_participles_and_active_voice_are_not_passive(text):
    assert not [r for r, _ in style(text) if r == "style.passive"]


def test_passive_hint_names_the_agent():
    report = check_text("The plan was approved by the school board.", enable=["style.passive"])
    assert "the school board" in report.findings[0].suggestion


def test_substitution_rule_suggests_the_verb():
    report = check_text("We began the implementation of the plan.", enable=["style.nominalization"])
    (f,) = report.findings
    assert f.text == "implementation of" and "implement" in f.suggestion


def test_existence_rules():
    found = style("This is a really big step, and perhaps the best one.")
    assert ("style.weasel", "really") in found and ("style.hedge", "perhaps") in found


def test_long_paragraph_depends_on_audience():
    paragraph = " ".join(["Families can read this sentence with ease."] * 16)  # 112 words
    assert "style.long_paragraph" in {r for r, _ in style(paragraph, "families")}
    assert "style.long_paragraph" not in {r for r, _ in style(paragraph, "agency_staff")}


def test_noun_stack():
    found = style("Read the district literacy program improvement plan today.")
    assert ("style.noun_stack", "district literacy program improvement plan") in found
    assert not [
        r
        for r, _ in style("Read the Lincoln High School Parent Handbook.")
        if r == "style.noun_stack"
    ]
