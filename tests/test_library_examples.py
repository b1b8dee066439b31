"""Rules are data: every library rule's own examples run as tests.

A ``fail`` example must make its rule complain and a ``pass`` example must not.
An entry without both kinds of example fails here.
"""

import pytest

from commplan import check_text
from commplan.checks.fixes import apply, grammar_slips
from commplan.checks.register import rule_complains as register_complains
from commplan.checks.spanish import acronym_uses as spanish_acronyms
from commplan.checks.spanish import rule_complains as spanish_complains
from commplan.library_tools import run_examples
from message_library import load_default_library
from message_library.register import load_register_rules
from message_library.spanish import load_spanish_rules

ENTRIES = load_default_library().rule_entries()


@pytest.mark.parametrize(
    ("section", "key", "entry"), ENTRIES, ids=[f"{s}:{k}" for s, k, _ in ENTRIES]
)
def test_rule_examples(section, key, entry, library, nlp):
    assert entry.examples.fail, f"{section} {key} has no failing example"
    assert entry.examples.pass_, f"{section} {key} has no passing example"
    failures = [r.describe() for r in run_examples(library, section, entry, nlp) if not r.ok]
    assert not failures, "\n".join(failures)
    if section in ("glossary", "preferred_terms"):
        assert not one_click_slips(entry.examples.fail, library, nlp)


def one_click_slips(texts, library, nlp) -> list[str]:
    """Every one-click fix offered on ``texts``, applied: no doubled article, no
    "a"/"an" before the wrong sound that the text did not have already."""
    slips = []
    for text in texts:
        before = grammar_slips(text)
        for f in check_text(text, "families", library, nlp=nlp).findings:
            if f.fix:
                fixed = apply(text, f.start, f.end, f.fix)
                new = [s for s in grammar_slips(fixed) if s not in before]
                slips += [f"{fixed!r} ({f.text!r} -> {f.fix!r}): {new}"] if new else []
    return slips


def test_every_section_is_covered():
    sections = {s for s, _, _ in ENTRIES}
    assert sections == {
        "values",
        "key_messages",
        "glossary",
        "preferred_terms",
        "frames_to_avoid",
        "cue_sets",
        "style_rules",
    }


REGISTER_ENTRIES = load_register_rules().rule_entries()


@pytest.mark.parametrize(
    ("section", "key", "entry"), REGISTER_ENTRIES, ids=[f"{s}:{k}" for s, k, _ in REGISTER_ENTRIES]
)
def test_register_rule_examples(section, key, entry, nlp):
    """Register rules (message_library/default/register/) are data too."""
    assert entry.examples.fail, f"{section} {key} has no failing example"
    assert entry.examples.pass_, f"{section} {key} has no passing example"
    for kind, texts in (("fail", entry.examples.fail), ("pass", entry.examples.pass_)):
        for text in texts:
            complained = register_complains(section, entry, text, nlp)
            assert complained == (kind == "fail"), f"{section} {key} {kind} example: {text!r}"


SPANISH_ENTRIES = load_spanish_rules().rule_entries()


@pytest.mark.parametrize(
    ("section", "key", "entry"), SPANISH_ENTRIES, ids=[f"{s}:{k}" for s, k, _ in SPANISH_ENTRIES]
)
def test_spanish_rule_examples(section, key, entry):
    """Spanish rules (message_library/default/spanish/) are data too."""
    assert entry.examples.fail, f"{section} {key} has no failing example"
    assert entry.examples.pass_, f"{section} {key} has no passing example"
    for kind, texts in (("fail", entry.examples.fail), ("pass", entry.examples.pass_)):
        for text in texts:
            complained = spanish_complains(section, entry, text)
            assert complained == (kind == "fail"), f"{section} {key} {kind} example: {text!r}"


def test_spanish_pass_examples_use_no_other_glossary_entry():
    """A plain rewrite must not trade one term for another."""
    from commplan.checks.spanish import default_compiled

    compiled = default_compiled()
    for section, key, entry in SPANISH_ENTRIES:
        if section != "glossary":
            continue
        for text in entry.examples.pass_:
            doc = compiled_doc(text)
            assert not compiled.term_spans(doc), f"{key}: {text!r}"
            assert not spanish_acronyms(text, compiled), f"{key}: {text!r}"


def compiled_doc(text):
    from commplan.nlp import get_spanish_nlp

    return get_spanish_nlp()(text)
