"""The default message library's contents and the loader's behaviour."""

import pytest

from commplan.library_tools import validate_library
from message_library import LibraryError, load_library

REQUIRED_ACRONYMS = {
    "SEA",
    "LEA",
    "COE",
    "MTSS",
    "SEL",
    "PBIS",
    "IEP",
    "ESSA",
    "LCAP",
    "SELPA",
    "ELL",
    "FERPA",
    "RTI",
    "CSI",
    "TSI",
    "PLC",
}


def test_default_library_sizes(library):
    assert len(library.values) >= 8
    assert len(library.key_messages) >= 12
    assert len(library.glossary) >= 150
    assert len(library.acronyms) >= 60
    assert set(library.acronyms) >= REQUIRED_ACRONYMS
    assert library.preferred_terms and library.frames_to_avoid
    categories = {t.category for t in library.glossary}
    assert categories == {
        "acronym",
        "education-speak",
        "policy-speak",
        "corporate-speak",
        "wordy-phrase",
    }


def test_default_library_cross_references_and_examples(library, audiences):
    assert validate_library(library, audiences) == []


def test_stakeholders_prefers_interest_holders(library):
    entry = next(p for p in library.preferred_terms if "stakeholder" in p.avoid)
    assert "interest holders" in entry.prefer


def write(tmp_path, name, text):
    (tmp_path / name).write_text(text, "utf-8")
    return tmp_path


def test_error_names_file_entry_and_field(tmp_path):
    write(
        tmp_path,
        "values.yaml",
        "values:\n  - id: ok_value\n    name: OK\n    meaning: m\n    cues: [x]\n"
        "  - id: broken_value\n    name: Broken\n    meaning: m\n",
    )
    with pytest.raises(LibraryError) as exc:
        load_library(tmp_path)
    message = str(exc.value)
    assert "values.yaml" in message
    assert "values[1] (broken_value).cues" in message
    assert "Field required" in message


def test_unknown_section_and_bad_yaml(tmp_path):
    write(tmp_path, "a.yaml", "valuez: []\n")
    with pytest.raises(LibraryError, match="unknown section 'valuez'"):
        load_library(tmp_path)
    (tmp_path / "a.yaml").write_text("values: [\n", "utf-8")
    with pytest.raises(LibraryError, match=r"a.yaml: invalid YAML at line \d+"):
        load_library(tmp_path)


def test_binary_and_non_utf8_files_are_refused(tmp_path):
    (tmp_path / "a.yaml").write_bytes(b"\x00\x01")
    with pytest.raises(LibraryError, match="binary"):
        load_library(tmp_path)
    (tmp_path / "a.yaml").write_bytes("values: []  # caf\u00e9".encode("latin-1"))
    with pytest.raises(LibraryError, match="not UTF-8"):
        load_library(tmp_path)


def test_acronym_needs_expansion(tmp_path):
    write(tmp_path, "g.yaml", "glossary:\n  - term: ABC\n    category: acronym\n")
    with pytest.raises(LibraryError, match=r"glossary\[0\] \(ABC\).*expansion"):
        load_library(tmp_path)


def test_team_library_extends_and_overrides_default(tmp_path, library):
    write(
        tmp_path,
        "team.yaml",
        "glossary:\n"
        "  - term: leverage\n    category: corporate-speak\n    plain: [draw on]\n"
        "  - term: blue sky thinking\n    category: corporate-speak\n    plain: [new ideas]\n"
        "vocab:\n  accept: [CalFresh]\n  reject: [synergy]\n",
    )
    team = load_library(tmp_path)
    terms = {t.id: t for t in team.glossary}
    assert terms["leverage"].plain == ("draw on",)
    assert "blue sky thinking" in terms
    assert len(team.glossary) == len(library.glossary) + 1
    assert team.vocab.reject == ("synergy",)
    assert team.values == library.values


def test_team_library_can_replace_default(tmp_path):
    write(tmp_path, "library.yaml", "library:\n  name: Tiny\n  mode: replace\n")
    write(
        tmp_path,
        "g.yaml",
        "glossary:\n  - term: synergy\n    category: corporate-speak\n    plain: [teamwork]\n",
    )
    team = load_library(tmp_path)
    assert team.name == "Tiny"
    assert [t.term for t in team.glossary] == ["synergy"]
    assert team.values == ()


def test_duplicate_entries_are_refused(tmp_path):
    write(tmp_path, "library.yaml", "library:\n  mode: replace\n")
    entry = "  - term: synergy\n    category: corporate-speak\n    plain: [teamwork]\n"
    write(tmp_path, "g.yaml", "glossary:\n" + entry + entry)
    with pytest.raises(LibraryError, match="duplicate glossary entries: synergy"):
        load_library(tmp_path)


def test_team_vocab_changes_findings(tmp_path):
    from commplan import check_text

    write(tmp_path, "team.yaml", "vocab:\n  accept: [QZR]\n  reject: [synergy]\n")
    team = load_library(tmp_path)
    report = check_text("The QZR team found synergy.", "families", team)
    rules = [(f.rule, f.text, f.severity.name) for f in report.findings if f.category == "jargon"]
    assert ("jargon.rejected", "synergy", "error") in rules
    assert not any(text == "QZR" for _, text, _ in rules)
