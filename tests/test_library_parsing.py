"""The library shipped with commplan is parsed by libyaml (PyYAML's C parser, about
five times faster); a team's own files keep the pure-Python parser. Both give the
same library."""

from __future__ import annotations

import pytest
import yaml

from message_library import LibraryError, load_library
from message_library.loader import default_library_dir, load_default_library
from message_library.yamlio import yaml_files

pytestmark = pytest.mark.skipif(
    getattr(yaml, "CSafeLoader", None) is None, reason="this PyYAML has no libyaml"
)


@pytest.fixture
def c_loads(monkeypatch):
    """Counts the files the C parser reads."""
    counted: list[int] = []

    class Counting(yaml.CSafeLoader):
        def __init__(self, stream):
            counted.append(1)
            super().__init__(stream)

    monkeypatch.setattr(yaml, "CSafeLoader", Counting)
    return counted


def test_the_default_library_is_parsed_by_libyaml(c_loads):
    load_default_library.__wrapped__()  # not the cached copy
    assert len(c_loads) == len(yaml_files(default_library_dir()))


def test_a_team_file_is_parsed_by_the_pure_python_parser(tmp_path, c_loads):
    (tmp_path / "team.yaml").write_text(
        "glossary:\n  - term: blue sky thinking\n    category: corporate-speak\n"
        "    plain: [new ideas]\n",
        "utf-8",
    )
    team = load_library(tmp_path)
    assert "blue sky thinking" in {t.term for t in team.glossary}
    assert len(c_loads) == len(yaml_files(default_library_dir()))  # the default's only
    (tmp_path / "team.yaml").write_text("glossary: [oops\n", "utf-8")
    with pytest.raises(LibraryError, match=r"team\.yaml: invalid YAML at line 2, column 1"):
        load_library(tmp_path)


def test_either_parser_gives_the_same_default_library(monkeypatch):
    fast = load_default_library.__wrapped__()
    monkeypatch.delattr(yaml, "CSafeLoader")
    assert load_default_library.__wrapped__() == fast
