"""Invisible control characters pasted from other programs (a vertical tab from Word,
a stray \\x01) are cleaned where text comes in, not refused: the store refuses them
(PostgreSQL cannot keep some), so a survey with one would be refused whole."""

from __future__ import annotations

from commplan.feedback.imports import parse_survey
from commplan.textio import clean_controls


def test_clean_controls_keeps_text_and_line_breaks():
    assert clean_controls("The bus\x0bis early\x01.\tOK\r\nyes") == (
        "The bus\nis early.\tOK\r\nyes",
        2,
    )
    assert clean_controls("plain text, İ 😀\n") == ("plain text, İ 😀\n", 0)
    assert clean_controls("\x00\x07\x1f") == ("", 3)


def test_a_survey_with_control_characters_imports_with_a_warning():
    raw = (
        b'Submitted,Who,"What gets\x01 in the way?"\n'
        b'2026-10-01,families,"The bus\x0bis early\x01"\n'
        b"2026-10-02,families,Fine\n"
    )
    batch = parse_survey(
        raw,
        "s.csv",
        mapping={
            "Submitted": "received_on",
            "Who": "audience",
            "What gets\x01 in the way?": "answer",
        },
    )
    answers = [a for s in batch.submissions for a in s.answers]
    assert answers[0] == ("What gets in the way?", "The bus\nis early")
    assert answers[1] == ("What gets in the way?", "Fine")
    assert any("control character" in w for w in batch.warnings)


def test_a_survey_with_control_characters_is_stored(tmp_path):
    from commplan.feedback.importer import import_survey
    from commplan.store import Store
    from commplan.store.workspaces import DEFAULT_WORKSPACE, get_workspace

    store = Store(f"sqlite:///{tmp_path / 'db.sqlite'}")
    store.upgrade()
    raw = b'Submitted,Who,Comment\n2026-10-01,families,"The bus\x0bis early\x01"\n'
    with store.session() as s:
        summary = import_survey(
            s,
            get_workspace(s, DEFAULT_WORKSPACE),
            "ana",
            raw,
            "s.csv",
            mapping={"Submitted": "received_on", "Who": "audience", "Comment": "answer"},
        )
    assert summary["imported"] == 1
    store.dispose()
