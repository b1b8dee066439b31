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


def passive_hint(text):
    (finding,) = check_text(text, enable=["style.passive"]).findings
    return finding.suggestion


def test_passive_hint_names_the_agent():
    assert "the school board" in passive_hint("The plan was approved by the school board.").lower()


@pytest.mark.parametrize(
    ("text", "rewrite"),
    [
        ("The plan was approved by the school board.", "The school board approved the plan."),
        (
            "The budget was written by our finance team in May.",
            "Our finance team wrote the budget in May.",
        ),
        ("Forms will be reviewed by the school nurse.", "The school nurse will review forms."),
        ("The grant was written by Ms. Lopez.", "Ms. Lopez wrote the grant."),
        (
            "Students were quickly moved by staff to the gym.",
            "Staff quickly moved students to the gym.",
        ),
        ("They will be hosted by the police department.", "The police department will host them."),
    ],
)
def test_passive_hint_rewrites_a_simple_clause(text, rewrite):
    assert rewrite in passive_hint(text)


@pytest.mark.parametrize(
    ("text", "not_in_hint"),
    [
        # "by" + a day or time is a deadline, not who acts; the next sentence is not
        # part of the clause.
        ("Forms must be returned by Friday. The office will call you.", ("Friday", "office")),
        ("Forms must be returned by 3 p.m. on Friday.", ("3 p",)),
        ("Forms must be returned by the end of May.", ("the end",)),
        # A heading or a new line is not part of the clause.
        ("The plan was approved by\nThe Next Steps", ("Next", "Steps")),
        ("The plan was approved by the board\n\nWhat Happens Next", ("Happens",)),
        # "by" + -ing says how, not who.
        ("The form can be completed by visiting the office.", ("visiting",)),
    ],
)
def test_passive_hint_never_builds_an_agent_across_boundaries(text, not_in_hint):
    hint = passive_hint(text)
    for word in not_in_hint:
        assert word not in hint


def test_passive_hint_is_generic_when_unsure():
    hint = passive_hint("Forms must be returned by Friday. The office will call you.")
    assert hint.startswith("Say who does it")


def test_passive_hint_keeps_hyphens_and_links():
    assert "the co-chairs" in passive_hint("The plan was written by the co-chairs.").lower()
    hint = passive_hint("Tickets are sold by lincolnusd.org/tickets-office staff.")
    assert "lincolnusdorg" not in hint and "lincolnusd org" not in hint


def test_readability_hint_keeps_hyphens_and_leaves_links_out():
    text = (
        "Families who have questions about the community-wide transportation reorganization "
        "should visit lincolnusd.org/transportation-survey or "
        "https://www.lincolnusd.org/reorganization-information before Friday."
    )
    hints = [f.suggestion or "" for f in check_text(text, "families").findings]
    sentence_hint = next(h for h in hints if "plainer words" in h)
    assert "'community-wide'" in sentence_hint or "communitywide" not in sentence_hint
    for hint in hints:
        assert "lincolnusdorg" not in hint and "httpswww" not in hint
        assert "communitywide" not in hint


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


@pytest.mark.parametrize(
    "text",
    [
        "Our counselors help students feel safe at school.",
        "Teachers help students learn math facts every day.",
        "Coaches make practice time fun for every player.",
        "These small steps help families stay connected all year.",
        "Counselors keep students safe and supported.",
        "We want students ready for kindergarten next fall.",
    ],
)
def test_verb_phrases_are_not_noun_stacks(text):
    assert not [t for r, t in style(text) if r == "style.noun_stack"]


def test_noun_stack():
    found = style("Read the district literacy program improvement plan today.")
    assert ("style.noun_stack", "district literacy program improvement plan") in found
    assert not [
        r
        for r, _ in style("Read the Lincoln High School Parent Handbook.")
        if r == "style.noun_stack"
    ]


def test_paragraphs_are_the_runs_the_paragraph_pattern_finds():
    # paragraphs() replaced a pattern tried at every character; same runs, same offsets.
    import re

    from commplan.checks.style import paragraphs

    from .fuzzdrafts import drafts

    pattern = re.compile(r"(?:[^\n]|\n(?![ \t]*\n))+")
    texts = [
        *drafts(300, seed=3),
        "",
        "\n",
        "\n\n",
        "a\n\nb",
        "a\n \t\n\n  b\n",
        "\n\n\na\nb\n\t\n",
        "x\n \n \ny",
        "one\r\n\r\ntwo",
    ]
    for text in texts:
        expected = [(m.start(), m.group()) for m in pattern.finditer(text)]
        assert paragraphs(text) == expected, repr(text)
