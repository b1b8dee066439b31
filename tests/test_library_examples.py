"""Rules are data: every library rule's own examples run as tests.

A ``fail`` example must make its rule complain and a ``pass`` example must not.
An entry without both kinds of example fails here.
"""

import pytest

from commplan.library_tools import run_examples
from message_library import load_default_library

ENTRIES = load_default_library().rule_entries()


@pytest.mark.parametrize(
    ("section", "key", "entry"), ENTRIES, ids=[f"{s}:{k}" for s, k, _ in ENTRIES]
)
def test_rule_examples(section, key, entry, library, nlp):
    assert entry.examples.fail, f"{section} {key} has no failing example"
    assert entry.examples.pass_, f"{section} {key} has no passing example"
    failures = [r.describe() for r in run_examples(library, section, entry, nlp) if not r.ok]
    assert not failures, "\n".join(failures)


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
