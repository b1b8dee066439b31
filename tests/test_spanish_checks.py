"""Checks by language (issue 13): a Spanish draft gets the Spanish checks and none of
the English-only ones; a bilingual letter is checked part by part; the audience's
languages are compared with the draft's."""

from pathlib import Path

import pytest
import yaml

from commplan import check_text

LETTERS = Path(__file__).parent / "data" / "spanish_letters"
SOURCES = yaml.safe_load((LETTERS / "sources.yaml").read_text("utf-8"))
# Rule families that read Spanish; every other rule is English-only.
SPANISH_RULES = ("readability.es.", "jargon.es.", "engagement.", "consistency.audience_language")

LETTER = """Estimadas familias:

La escuela tendrá una evaluación formativa de lectura el martes 3 de marzo de 2026.
Los resultados nos ayudan a saber qué necesita cada niño. Por favor, lea con su hijo
veinte minutos cada noche.

Si tiene preguntas, llame a la oficina al (555) 123-4567 o escriba a
oficina@distrito.org.

Gracias por su apoyo.
"""


def english_only(report) -> list[str]:
    return [f.rule for f in report.findings if not f.rule.startswith(SPANISH_RULES)]


def test_a_spanish_letter_gets_the_spanish_checks():
    report = check_text(LETTER, audience="families")
    assert report.extras["language"]["language"] == "es"
    assert report.readability["language"] == "es"
    assert "consensus_grade" not in report.readability
    assert report.readability["band"]
    rules = [f.rule for f in report.findings]
    assert "jargon.es.term" in rules  # evaluación formativa
    assert english_only(report) == []
    # "Por favor, lea" asks for action; the phone number invites a reply.
    assert "engagement.no_call_to_action" not in rules
    assert "engagement.no_invitation_to_respond" not in rules
    assert "grade" not in report.summary["verdict"]
    assert "Fernández-Huerta" in report.summary["verdict"]


def test_a_spanish_message_with_no_request_is_told_so_in_spanish_terms():
    text = (
        "La escuela estará cerrada el lunes por el día festivo. Las clases continúan el "
        "martes a la hora de siempre. El autobús pasará a la misma hora de cada día."
    )
    report = check_text(text, audience="families")
    rules = [f.rule for f in report.findings]
    assert "engagement.no_call_to_action" in rules
    assert english_only(report) == []


@pytest.mark.parametrize("entry", SOURCES["letters"], ids=lambda e: e["file"])
def test_real_spanish_letters_get_no_english_only_finding(entry):
    text = (LETTERS / entry["file"]).read_text("utf-8")
    report = check_text(text, audience="families")
    assert report.extras["language"]["language"] == "es"
    assert english_only(report) == []
    assert report.readability.get("fernandez_huerta") is not None
    assert report.to_dict()["language"]["language"] == "es"


@pytest.mark.parametrize("entry", SOURCES["bilingual"], ids=lambda e: e["file"])
def test_bilingual_letters_are_checked_part_by_part(entry):
    text = (LETTERS / entry["file"]).read_text("utf-8")
    report = check_text(text, audience="families")
    language = report.extras["language"]
    assert language["mixed"]
    parts = {p["language"]: [] for p in language["parts"]}
    for p in language["parts"]:
        parts[p["language"]].append((p["start"], p["end"]))

    def inside(f, lang):
        return any(a <= f.start and f.end <= b for a, b in parts.get(lang, []))

    for f in report.findings:
        if f.start == f.end == 0:
            continue  # about the whole message
        if f.rule.startswith(("readability.es.", "jargon.es.")):
            assert inside(f, "es"), f
        else:
            assert inside(f, "en"), f
    assert set(report.extras["readability_parts"]) == {"en", "es"}


def test_english_drafts_are_checked_as_before():
    text = "Please register by March 1. Call us at 555-123-4567 with questions."
    report = check_text(text, audience="families")
    assert report.extras["language"]["language"] == "en"
    assert "consensus_grade" in report.readability


def test_a_spanish_draft_for_an_english_only_audience_gets_a_note():
    report = check_text(LETTER, audience="educators")  # languages: [en]
    notes = [f for f in report.findings if f.rule == "consistency.audience_language"]
    assert len(notes) == 1
    assert notes[0].message.startswith("This draft reads as Spanish, but the audience profile")
    assert "Teachers" in notes[0].message
    assert english_only(report) == []


def test_a_spanish_draft_for_a_spanish_speaking_audience_gets_no_note():
    report = check_text(LETTER, audience="families")
    assert not [f for f in report.findings if f.rule == "consistency.audience_language"]


def test_a_draft_in_another_language_gets_one_note_and_no_english_findings():
    text = "学校は月曜日に始まります。保護者の皆様へのお知らせです。ご質問はお電話ください。"
    report = check_text(text, audience="families")
    assert [f.rule for f in report.findings] == ["readability.other_language"]


def test_a_short_draft_with_no_evidence_takes_the_audience_language():
    from audiences import Audience

    spanish_only = Audience(
        id="familias", name="Familias", description="x", reading_grade_target=6,
        languages=("es",),
    )  # fmt: skip
    report = check_text("Gracias", audience=spanish_only)
    assert report.extras["language"]["language"] == "es"
