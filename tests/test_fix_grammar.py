"""One-click fixes never make a sentence ungrammatical: no doubled article, "a"/"an"
agreeing with the new word, and no fix where the plain words do not fit the slot
(a modifier replaced by a clause, a noun phrase cut off from what follows)."""

from __future__ import annotations

import pytest

from commplan import check_text
from commplan.checks.fixes import apply, edit, grammar_slips, wants_an


def fixes(text, audience="families"):
    report = check_text(text, audience)
    return {f.text: f.fix for f in report.findings if f.rule.startswith("jargon")}


def applied(text, words, audience="families"):
    f = next(f for f in check_text(text, audience).findings if f.text == words and f.fix)
    return apply(text, f.start, f.end, f.fix)


def test_no_doubled_article_when_the_plain_form_brings_its_own():
    text = "Dear families, we are working to close the achievement gap."
    out = applied(text, "achievement gap")
    assert "the the" not in out
    assert out.endswith("close the difference in test results between groups of students.")


def test_a_noun_phrase_that_goes_on_with_a_preposition_gets_no_fix():
    text = "Our plan will close the achievement gap between students in our schools."
    assert fixes(text).get("achievement gap", "absent") is None


def test_a_tiered_system_of_supports_is_advice_only():
    text = "This year we will implement a tiered system of supports for every student."
    found = fixes(text)
    assert "tiered system" in found and found["tiered system"] is None


@pytest.mark.parametrize("term", ["data-driven", "evidence-based"])
def test_a_modifier_is_not_replaced_by_a_clause(term):
    text = f"The district will use {term} strategies to help readers."
    found = fixes(text)
    assert term in found and found[term] is None


def test_a_coordinated_modifier_keeps_the_sentence_whole():
    text = "Staff will leverage data-driven, evidence-based practices to address absences."
    found = fixes(text)
    assert found.get("data-driven") is None
    for f in check_text(text, "families").findings:
        if f.fix:
            assert not grammar_slips(apply(text, f.start, f.end, f.fix))
            assert "method shown to work to" not in apply(text, f.start, f.end, f.fix)


def test_a_plural_term_gets_a_plural_plain_form():
    text = "Schools must choose evidence-based practices."
    out = applied(text, "evidence-based practices")
    assert out == "Schools must choose proven methods."


def test_an_inflected_verb_gets_no_one_word_base_form():
    text = "Last year the district leveraged its partnerships."
    assert fixes(text).get("leveraged", "absent") is None


def test_a_and_an_agree_with_the_new_first_word():
    text = "We see an achievement gap in math."
    f = next(f for f in check_text(text, "families").findings if f.text == "achievement gap")
    if f.fix:
        out = apply(text, f.start, f.end, f.fix)
        assert not grammar_slips(out), out
    assert edit("It is an robust plan.", 9, 15, "strong") == (6, 15, "a strong")
    assert apply("A urgent need.", 2, 8, "important") == "An important need."
    assert wants_an("hour") and wants_an("MTSS") and not wants_an("use") and not wants_an("PDF")


def test_grammar_slips_finds_doubled_articles_and_wrong_a_an():
    assert grammar_slips("close the the difference") == ["the the"]
    assert grammar_slips("implement a extra help") == ["a extra"]
    assert grammar_slips("an hour and a use case") == []


def test_add_to_glossary_writes_a_grammatical_passing_example():
    from commplan.checks.fixes import passing_example

    sentence = "Teachers use andragogy and metacognitive scaffolding."
    start = sentence.index("metacognitive")
    out = passing_example(sentence, start, start + len("metacognitive"),
                          "thinking about their own thinking")  # fmt: skip
    assert "thinking scaffolding" not in out and out == "Thinking about their own thinking."
    sentence = "Each class has a paraeducator in the morning."
    start = sentence.index("paraeducator")
    out = passing_example(sentence, start, start + len("paraeducator"), "aide")
    assert out == "Each class has an aide in the morning."
