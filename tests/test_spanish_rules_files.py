"""The Spanish rules loader names what is wrong with a rules folder."""

import shutil

import pytest

from message_library.spanish import SpanishRulesError, load_spanish_rules, spanish_dir


@pytest.fixture
def rules_dir(tmp_path):
    shutil.copy(spanish_dir() / "es.yaml", tmp_path / "es.yaml")
    return tmp_path


def test_the_shipped_rules_load_from_a_copy(rules_dir):
    assert load_spanish_rules(rules_dir).rule_entries()


def test_an_unknown_section_is_named(rules_dir):
    (rules_dir / "extra.yaml").write_text("slang: []\n", "utf-8")
    with pytest.raises(SpanishRulesError, match=r"extra\.yaml: unknown section 'slang'"):
        load_spanish_rules(rules_dir)


def test_a_section_that_is_no_list_is_named(rules_dir):
    (rules_dir / "extra.yaml").write_text("glossary: {}\n", "utf-8")
    with pytest.raises(SpanishRulesError, match="section 'glossary' must be a list"):
        load_spanish_rules(rules_dir)


def test_an_entry_twice_is_a_duplicate(rules_dir):
    shutil.copy(rules_dir / "es.yaml", rules_dir / "again.yaml")
    with pytest.raises(SpanishRulesError, match="duplicate Spanish entries"):
        load_spanish_rules(rules_dir)


def test_a_missing_cue_set_is_named(tmp_path):
    text = (spanish_dir() / "es.yaml").read_text("utf-8")
    (tmp_path / "es.yaml").write_text(text.split("\ncue_sets:")[0] + "\n", "utf-8")
    with pytest.raises(SpanishRulesError, match="missing cue sets: call_to_action"):
        load_spanish_rules(tmp_path)
