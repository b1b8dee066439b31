"""The Message library page: browse, check examples, edit with history, import and export."""

from __future__ import annotations

import io
import zipfile

import pytest
import yaml

# Import the real packages before any page runs: AppTest puts the page's folder first on
# sys.path, where pages/audiences.py would otherwise shadow the `audiences` package.
import audiences  # noqa: F401
from commplan.store import Store
from commplan.store.documents import history, library_entries, save_library_entry
from commplan.store.workspaces import list_workspaces
from message_library import load_default_library, write_library
from tests.ui.conftest import shown

HISTORY_COLUMNS = ["Version", "Action", "Who", "When (UTC)"]


def workspace_and(url, fn):
    store = Store(url)
    try:
        with store.session() as s:
            return fn(s, list_workspaces(s)[0])
    finally:
        store.dispose()


def history_table(at):
    tables = [d.value for d in at.dataframe if list(d.value.columns) == HISTORY_COLUMNS]
    assert len(tables) == 1, "exactly one entry's history is shown"
    return tables[0]


def open_entry(at, section: str, key: str):
    """Open an entry in the YAML editor (the form is the default)."""
    at.selectbox(key=f"library_entry_{section}").select(key).run()
    at.segmented_control(key=f"library_mode_{section}").set_value("YAML").run()
    assert not at.exception
    return at.text_area(key=f"library_yaml_{section}")


def form_field(at, section: str, label: str):
    fields = [
        w
        for w in [*at.text_area, *at.text_input]
        if w.label == label and w.key.startswith(f"libform_{section}_")
    ]
    assert len(fields) == 1, label
    return fields[0]


def test_page_renders_the_seeded_library(page):
    at = page("library")
    assert not at.exception
    assert at.title[0].value == "Message library"
    assert at.caption[0].value
    labels = [t.label for t in at.tabs]
    for name in (
        "Values",
        "Key messages",
        "Glossary",
        "Preferred terms",
        "Frames to avoid",
        "Cue sets",
        "Style rules",
        "Import / export",
    ):
        assert name in labels
    glossary = at.selectbox(key="library_entry_glossary")
    assert "leverage (corporate-speak)" in glossary.options
    assert "SEA (acronym)" in glossary.options
    values_table = next(d.value for d in at.dataframe if "Meaning" in d.value.columns)
    assert "whole_child" in set(values_table["Id"])
    assert any("COVID-19" in shown(m.value) for m in at.markdown)

    text = open_entry(at, "glossary", "leverage").value
    assert yaml.safe_load(text)["term"] == "leverage"
    page_text = "\n".join(m.value for m in at.markdown)
    assert "**Term:** leverage" in page_text
    assert "We will leverage our partnerships" in shown(page_text)  # its examples


def test_glossary_search_filters_by_term_and_category(page):
    at = page("library")
    at.text_input(key="library_glossary_search").input("leverag").run()
    options = at.selectbox(key="library_entry_glossary").options
    assert "leverage (corporate-speak)" in options and "SEA (acronym)" not in options
    at.text_input(key="library_glossary_search").input("").run()
    at.multiselect(key="library_glossary_categories").select("acronym").run()
    options = at.selectbox(key="library_entry_glossary").options
    assert "SEA (acronym)" in options and "leverage (corporate-speak)" not in options


def test_glossary_search_finds_a_term_by_its_plain_alternative(page):
    """Someone who knows the plain words ("layers of support") looks for the jargon
    they stand for; the search only read the term, category and expansion."""
    at = page("library")
    at.text_input(key="library_glossary_search").input("Layers of support").run()
    options = at.selectbox(key="library_entry_glossary").options
    assert "MTSS (acronym)" in options and "leverage (corporate-speak)" not in options


def test_editing_a_glossary_term_saves_a_revision(page, database):
    at = page("library")
    editor = open_entry(at, "glossary", "leverage")
    assert len(history_table(at)) == 1
    data = yaml.safe_load(editor.value)
    data["plain"] = [*data["plain"], "draw on"]
    editor.input(yaml.safe_dump(data, sort_keys=False)).run()
    at.button(key="library_save_glossary").click().run()

    assert not at.exception and not at.error, [e.value for e in at.error]
    assert any("Saved 'leverage'" in shown(s.value) for s in at.success)
    table = history_table(at)
    assert list(table["Action"]) == ["create", "update"]
    assert list(table["Who"]) == ["commplan", "tester"]
    assert any("draw on" in m.value for m in at.markdown)
    assert "draw on" in at.text_area(key="library_yaml_glossary").value

    def stored(s, ws):
        entry = next(e for e in library_entries(s, ws, "glossary") if e.key == "leverage")
        return (
            entry.version,
            entry.data["plain"],
            len(history(s, ws, "library", "glossary", "leverage")),
        )

    assert workspace_and(database, stored) == (2, ["use", "build on", "draw on"], 2)

    # An earlier version can be put back in the editor, to restore it by saving.
    at.selectbox(key="library_revision_glossary").select(1).run()
    assert any("draw on" not in c.value and "build on" in c.value for c in at.code)
    at.button(key="library_restore_glossary").click().run()
    assert "draw on" not in at.text_area(key="library_yaml_glossary").value
    at.button(key="library_save_glossary").click().run()
    assert list(history_table(at)["Version"]) == [1, 2, 3]


def test_a_rule_whose_own_example_fails_cannot_be_saved(page, database):
    at = page("library")
    editor = open_entry(at, "glossary", "leverage")
    data = yaml.safe_load(editor.value)
    data["examples"]["pass"] = ["We will leverage every partnership."]  # uses the term
    editor.input(yaml.safe_dump(data, sort_keys=False)).run()
    at.button(key="library_save_glossary").click().run()
    assert not at.exception and not at.success
    (error,) = [e.value for e in at.error if "Not saved" in e.value]
    assert "1 of 2 of the entry's own examples" in error and "should stay quiet" in error
    count = workspace_and(
        database, lambda s, ws: len(history(s, ws, "library", "glossary", "leverage"))
    )
    assert count == 1


def test_an_entry_is_edited_in_a_form_with_its_examples(page, database):
    at = page("library")
    at.selectbox(key="library_entry_glossary").select("leverage").run()
    assert at.segmented_control(key="library_mode_glossary").value == "Form"
    plain = form_field(at, "glossary", "Plain (one a line)")
    assert plain.value.splitlines() == ["use", "build on"]
    plain.input("use\nbuild on\ndraw on").run()
    passes = form_field(at, "glossary", "Pass examples: the rule should stay quiet (one a line)")
    passes.input(passes.value + "\nWe will draw on our partnerships.").run()
    at.button(key="library_save_glossary").click().run()
    assert not at.exception and not at.error
    assert any("Saved 'leverage'" in shown(s.value) for s in at.success)

    def stored(s, ws):
        entry = next(e for e in library_entries(s, ws, "glossary") if e.key == "leverage")
        return entry.data["plain"], entry.data["examples"]["pass"][-1], entry.data["category"]

    assert workspace_and(database, stored) == (
        ["use", "build on", "draw on"],
        "We will draw on our partnerships.",
        "corporate-speak",
    )
    # The history shows what changed, as a diff.
    diffs = [c.value for c in at.code if c.language == "diff"]
    assert diffs and "+- draw on" in diffs[0].replace("  ", " ")


def test_check_examples_reports_a_fail_example_without_the_term(page):
    at = page("library")
    editor = open_entry(at, "glossary", "leverage")
    data = yaml.safe_load(editor.value)
    data["examples"]["fail"] = ["We will work with our partners at local libraries."]
    editor.input(yaml.safe_dump(data, sort_keys=False)).run()
    at.button(key="library_check_glossary").click().run()

    assert not at.exception
    assert any("1 of 2 examples do not behave as expected" in e.value for e in at.error)
    results = [m.value for m in at.markdown if "example*" in m.value]
    assert len(results) == 2
    failing = [r for r in results if "NOT as expected" in r]
    assert len(failing) == 1
    assert "We will work with our partners" in failing[0] and "stayed quiet" in failing[0]
    assert any(r.startswith(":green[") and "pass example" in r for r in results)


def test_check_examples_passes_for_a_sound_entry(page):
    at = page("library")
    open_entry(at, "glossary", "leverage")
    at.button(key="library_check_glossary").click().run()
    assert any("All 2 examples behave as expected" in s.value for s in at.success)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("term: [leverage\ncategory: corporate-speak\n", "the YAML is not valid at line"),
        ("term: leverage\ncategory: nonsense\nplain: [use]\n", "category"),
        ("- just\n- a list\n", "must be a YAML mapping"),
    ],
)
def test_invalid_yaml_shows_an_error_and_saves_nothing(page, database, text, message):
    at = page("library")
    open_entry(at, "glossary", "leverage").input(text).run()
    at.button(key="library_save_glossary").click().run()

    assert not at.exception
    assert any(message in e.value and "Not saved" in e.value for e in at.error)
    assert not at.success
    assert len(history_table(at)) == 1
    count = workspace_and(
        database, lambda s, ws: len(history(s, ws, "library", "glossary", "leverage"))
    )
    assert count == 1


def test_a_stale_version_is_refused_with_the_conflict_message(page, database):
    at = page("library")
    open_entry(at, "values", "whole_child")

    def someone_else_saves(s, ws):
        entry = next(e for e in library_entries(s, ws, "values") if e.key == "whole_child")
        data = {**entry.data, "meaning": "Changed by a colleague."}
        save_library_entry(s, ws, "values", data, "colleague", key="whole_child")

    workspace_and(database, someone_else_saves)
    at.run()
    assert any("colleague saved this entry after you opened it" in w.value for w in at.warning)
    at.button(key="library_save_values").click().run()
    assert any("was changed by colleague" in e.value for e in at.error)
    assert not at.success

    at.button(key="library_reload_values").click().run()
    assert "Changed by a colleague." in at.text_area(key="library_yaml_values").value
    assert not at.warning


def test_create_and_delete_an_entry(page, database):
    at = page("library")
    editor = open_entry(at, "glossary", "")
    data = yaml.safe_load(editor.value)
    data.update(
        term="synergize",
        plain=["work together"],
        examples={"fail": ["Our teams will synergize."], "pass": ["Our teams will work together."]},
    )
    editor.input(yaml.safe_dump(data)).run()
    at.button(key="library_save_glossary").click().run()
    assert not at.error
    assert at.selectbox(key="library_entry_glossary").value == "synergize"

    at.selectbox(key="library_entry_glossary").select("").run()
    at.text_area(key="library_yaml_glossary").input(yaml.safe_dump(data)).run()
    at.button(key="library_save_glossary").click().run()
    assert any("already have an entry 'synergize'" in shown(e.value) for e in at.error)

    open_entry(at, "glossary", "synergize")
    assert at.button(key="library_delete_glossary").disabled
    at.checkbox(key="library_delete_confirm_glossary").check().run()
    at.button(key="library_delete_glossary").click().run()
    assert any("Deleted 'synergize'" in shown(s.value) for s in at.success)
    assert not [o for o in at.selectbox(key="library_entry_glossary").options if "synergize" in o]
    actions = workspace_and(
        database,
        lambda s, ws: [r.action for r in history(s, ws, "library", "glossary", "synergize")],
    )
    assert actions == ["create", "delete"]


def zipped(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for name, content in files.items():
            zf.writestr(name, content)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("library.zip", b"not a zip at all", "library.zip: not a valid .zip file"),
        ("library.zip", zipped({"notes.txt": b"hello"}), "holds no .yaml files"),
        ("team.yaml", b"glossary: [oops", "team.yaml: invalid YAML at line 1"),
        (
            "team.zip",
            zipped({"team/glossary.yaml": b"glossary:\n  - term: synergy\n    category: x\n"}),
            "team.zip/glossary.yaml: glossary[0] (synergy)",
        ),
    ],
)
def test_a_malformed_upload_names_the_problem(page, database, name, content, message):
    at = page("library")
    at.file_uploader(key="library_upload").set_value((name, content, "application/zip")).run()
    assert not at.exception
    assert any(message in shown(e.value) and "nothing was changed" in e.value for e in at.error)
    assert not [b for b in at.button if b.key == "library_replace"]


def test_upload_a_library_and_replace(page, database, tmp_path):
    library = load_default_library()
    small = library.model_copy(
        update={"name": "Small team library", "glossary": library.glossary[:10]}
    )
    paths = write_library(small, tmp_path / "small")
    content = zipped({f"small/{p.name}": p.read_bytes() for p in paths})

    at = page("library")
    at.file_uploader(key="library_upload").set_value(("small.zip", content, "application/zip"))
    at.run()
    assert not at.exception and not at.error
    assert any("Small team library" in m.value for m in at.markdown)
    removed = len(library.glossary) - 10
    assert any(f"remove **{removed}** entries" in m.value for m in at.markdown)

    at.button(key="library_replace").click().run()
    assert not at.exception and not at.error
    assert any(f"Library replaced: {removed} entries changed" in shown(s.value) for s in at.success)
    assert len(at.selectbox(key="library_entry_glossary").options) == 11  # "New entry" + 10
    assert any("same as the workspace library" in i.value for i in at.info)
    count = workspace_and(database, lambda s, ws: len(library_entries(s, ws, "glossary")))
    assert count == 10


def test_export_offers_the_library_as_a_zip(page):
    at = page("library")
    button = at.download_button(key="library_download")
    assert button.label == "Download the library (.zip)"
    assert button.proto.ignore_rerun  # downloading does not rerun the page
    assert button.proto.HasField("deferred_file_id")  # built only when clicked


def test_switching_from_the_form_to_yaml_keeps_what_was_typed(page):
    """The YAML box showed the entry as loaded, without the form's edits, and coming
    back to the form showed the loaded entry too: what was typed was gone."""

    def name_box(at):
        keys = [w.key or "" for w in at.text_input]
        (key,) = [k for k in keys if k.startswith("libform_values_") and k.endswith("_name")]
        return at.text_input(key=key)

    at = page("library")
    name_box(at).input("Belonging for every family").run()
    at.segmented_control(key="library_mode_values").set_value("YAML").run()
    assert not at.exception
    assert "Belonging for every family" in at.text_area(key="library_yaml_values").value
    at.segmented_control(key="library_mode_values").set_value("Form").run()
    assert name_box(at).value == "Belonging for every family"
