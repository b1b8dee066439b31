"""The "try plainer words for ..." hint on a hard sentence names words a writer can
replace, not people's, places' or districts' names; a signature block (every word
capitalised) is a name and a title, not a sentence to rewrite."""

from commplan import check_text

LETTER = (
    "As we head into the winter months, I want to share an important update about "
    "attendance at Riverside Unified School District.\n\n"
    "Please come to a family coffee at your school on January 14 at 8:15 a.m. Spanish "
    "and Vietnamese interpretation will be available.\n\n"
    "Sincerely,\n\nDr. Angela Ruiz\nSuperintendent, Riverside Unified School District\n"
)


def hard_sentences(text: str) -> list:
    findings = check_text(text, "families").findings
    return [f for f in findings if f.rule.startswith("readability.sentence")]


def test_names_are_not_offered_for_plainer_words():
    hints = " ".join(f.suggestion for f in hard_sentences(LETTER))
    for name in ("'riverside'", "'unified'", "'vietnamese'", "'angela'", "'superintendent'"):
        assert name not in hints, hints
    # The hard words the writer chose still are.
    assert "'attendance'" in hints and "'interpretation'" in hints, hints


def test_a_signature_block_is_not_a_hard_sentence():
    flagged = [f.text for f in hard_sentences(LETTER)]
    assert not any("Angela" in t for t in flagged), flagged
