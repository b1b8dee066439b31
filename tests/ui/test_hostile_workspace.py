"""Every page on a hostile workspace: user text (and library, audience and store
text that quotes it) reaches Streamlit's Markdown only in escaped form.

The walk covers every element AppTest sees (all tabs and expanders run in
AppTest) and every field Streamlit renders as Markdown: bodies of markdown,
captions, alerts, headings and toasts; labels of widgets, metrics, expanders
and tabs; ``help=`` tooltips; and ``st.table`` cells (rendered as Markdown in
this Streamlit version).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit import dataframe_util
from streamlit.testing.v1 import AppTest

from commplan.store import Store
from tests.hostile import RAW_MARKERS, seed_hostile
from tests.ui.conftest import page_path

# Fields that Streamlit renders through its Markdown component, per element.
MARKDOWN_FIELDS = ("body", "label", "help", "text")
# Elements whose "body" is shown as plain text, not Markdown.
PLAIN_ELEMENTS = {"Text", "Code", "Json", "Exception"}


@pytest.fixture
def hostile_db(database):
    store = Store(database)
    store.upgrade()
    ids = seed_hostile(store)
    yield ids
    store.dispose()


def run_page(name: str, **state) -> AppTest:
    at = AppTest.from_string(Path(page_path(name)).read_text("utf-8"), default_timeout=120)
    for key, value in state.items():
        at.session_state[key] = value
    return at.run()


def _nodes(node):
    yield node
    for child in getattr(node, "children", {}).values():
        yield from _nodes(child)


def markdown_texts(at: AppTest) -> list[tuple[str, str]]:
    """(where, text) for every string the browser would render as Markdown."""
    out: list[tuple[str, str]] = []
    for node in _nodes(at._tree):
        proto = getattr(node, "proto", None)
        if proto is None:
            continue
        if hasattr(proto, "WhichOneof") and proto.DESCRIPTOR.name in ("Element", "Block"):
            kind = proto.WhichOneof("type")
            sub = getattr(proto, kind) if kind else None
        else:
            sub, kind = proto, node.type
        if sub is None or not hasattr(sub, "DESCRIPTOR"):
            continue
        name = sub.DESCRIPTOR.name
        if kind == "table" or (name == "ArrowTable" and node.type == "table"):
            frame = dataframe_util.convert_arrow_bytes_to_pandas_df(sub.arrow_data.data)
            out += [(f"table {c}", str(v)) for c in frame for v in frame[c]]
            out += [(f"table header {c}", str(c)) for c in frame.columns]
            continue
        if name == "Markdown" and getattr(sub, "allow_html", False):
            out.append(("html", sub.body))  # checked separately: HTML-escaped
            continue
        for field in MARKDOWN_FIELDS:
            if name in PLAIN_ELEMENTS and field == "body":
                continue
            if field in sub.DESCRIPTOR.fields_by_name:
                value = getattr(sub, field)
                if isinstance(value, str) and value:
                    out.append((f"{name}.{field}", value))
    return out


def unescaped(at: AppTest) -> list[str]:
    found = []
    texts = markdown_texts(at)
    assert texts, "the walk found no Markdown at all"
    for where, text in texts:
        if where == "html":
            bad = [m for m in ("<img", "<script", "\r") if m in text]
            if "\n" in text.strip():
                bad.append("line break inside the HTML block")
        else:
            bad = [m for m in RAW_MARKERS if re.search(r"(?<!\\)" + re.escape(m), text)]
        if bad:
            found.append(f"{where}: {bad} in {text[:160]!r}")
    return found


def assert_escaped(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    problems = unescaped(at)
    assert not problems, "\n".join(problems)


def test_the_walk_sees_hostile_text(hostile_db):
    """The check itself: the hostile text is on the page (in escaped form)."""
    at = run_page("audiences", audience_select="hostile_audience")
    assert_escaped(at)
    joined = "\n".join(t for _, t in markdown_texts(at))
    assert "audience-nam" in joined  # the name is shown (its markup escaped), not dropped


def test_plans_page(hostile_db):
    assert_escaped(run_page("plans", plan_id=hostile_db["plan"]))


def test_draft_studio_with_a_hostile_draft_checked(hostile_db):
    at = run_page("studio")
    at.selectbox(key="studio_draft").set_value(hostile_db["draft"]).run()
    assert at.get("markdown"), "the draft was not checked"
    assert any("commplan-draft" in m.value for m in at.markdown)
    assert_escaped(at)


@pytest.mark.parametrize(
    "tab",
    ["Log a response", "Review", "Dashboards", "You said, we did", "Import a survey",
     "Themes", "Message tests"],
)  # fmt: skip
def test_feedback_page(hostile_db, tab):
    # Only the chosen tab runs: each is walked on its own.
    at = run_page("feedback", tab=tab)
    assert [t.label for t in at.tabs if t.label == tab] == [tab]
    assert_escaped(at)


def test_feedback_page_walks_every_tab():
    from commplan.ui.feedback_tabs import TABS

    (marked,) = [m for m in test_feedback_page.pytestmark if m.name == "parametrize"]
    assert marked.args[1] == [t.label for t in TABS]


@pytest.mark.parametrize(
    "entries",
    [
        {
            "library_entry_values": "hostile_value",
            "library_entry_key_messages": "hostile_message",
            "library_entry_glossary": "zorbification",
        }
    ],
)
def test_message_library_page(hostile_db, entries):
    at = run_page("library", **entries)
    assert_escaped(at)
    # Check the hostile value's examples too: results quote the examples.
    at.button(key="library_check_values").click().run()
    assert_escaped(at)


def test_audiences_page(hostile_db):
    assert_escaped(run_page("audiences", audience_select="hostile_audience"))
