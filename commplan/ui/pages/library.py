"""Message library: browse, check and edit the workspace's values-based library."""

from __future__ import annotations

import difflib
import hashlib
import io
import json
import re
import tempfile
import zipfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path, PurePosixPath
from types import UnionType
from typing import Annotated, Any, Literal, Union, get_args, get_origin

import pandas as pd
import streamlit as st
import yaml

from commplan.library_tools import run_examples, validate_library
from commplan.store import StoreError
from commplan.store.documents import (
    delete_library_entry,
    history,
    library_entries,
    replace_library,
    save_library_entry,
)
from commplan.ui import resources, session
from commplan.ui.text import md
from commplan.wording import plural
from message_library import (
    GLOSSARY_CATEGORIES,
    Library,
    LibraryError,
    entry_key,
    library_from_sections,
    library_sections,
    load_library,
    validate_entry,
    write_library,
)

NEW = ""  # the "New entry" choice; no entry has an empty key
SECTIONS = {
    "values": "Values",
    "key_messages": "Key messages",
    "glossary": "Glossary",
    "preferred_terms": "Preferred terms",
    "frames_to_avoid": "Frames to avoid",
    "cue_sets": "Cue sets",
    "style_rules": "Style rules",
}
OTHER_TAB = "Known acronyms and vocabulary"
IMPORT_TAB = "Import / export"

# The columns of each section's overview table (examples are added to every one).
COLUMNS = {
    "values": ["id", "name", "meaning", "cues", "resonates_with"],
    "key_messages": ["id", "title", "statement", "values", "audiences", "cues"],
    "glossary": ["term", "category", "expansion", "plain", "explanation", "tolerated_by"],
    "preferred_terms": ["id", "avoid", "prefer", "why"],
    "frames_to_avoid": ["id", "name", "reframe", "patterns"],
    "cue_sets": ["id", "name", "phrases"],
    "style_rules": ["id", "name", "kind", "severity", "message", "suggestion"],
}

HELP = {
    "values": "Values a draft can invoke. A value's fail examples do NOT invoke it (no cue); "
    "its pass examples do, through one of its cues.",
    "key_messages": "The messages the agency wants every audience to hear. Fail examples do "
    "not carry the message; pass examples do, through one of its cues.",
    "glossary": "Jargon and acronyms, with plain alternatives. Fail examples use the term "
    "(or an acronym without defining it first); pass examples say it plainly.",
    "preferred_terms": "Words to avoid and the words to use instead. Fail examples use a "
    "word to avoid; pass examples use the preferred one.",
    "frames_to_avoid": "Frames that backfire (deficit, crisis, blame...), with reframes. "
    "Fail examples contain the frame; pass examples use the reframe.",
    "cue_sets": "Phrases the checks look for (urgency, solutions, calls to action...). "
    "Fail examples contain no cue; pass examples contain one.",
    "style_rules": "Style rules: 'existence' flags each phrase, 'substitution' flags each "
    "key of swap and suggests its value. Fail examples break the rule; pass examples don't.",
}

TEMPLATES: dict[str, dict[str, Any]] = {
    "values": {
        "id": "new_value",
        "name": "New value",
        "meaning": "One line saying what the value means.",
        "cues": ["a phrase that signals the value"],
        "resonates_with": [],
        "examples": {
            "fail": ["A sentence that does not invoke the value."],
            "pass": ["A sentence with a phrase that signals the value."],
        },
    },
    "key_messages": {
        "id": "new_key_message",
        "title": "Short title",
        "statement": "The message in one or two plain sentences.",
        "proof_points": ["A fact or example that backs it."],
        "values": [],
        "audiences": [],
        "cues": ["a phrase that shows a draft carries this message"],
        "examples": {
            "fail": ["A sentence that does not carry the message."],
            "pass": ["A sentence with a phrase that shows a draft carries this message."],
        },
    },
    "glossary": {
        "term": "new term",
        "category": "education-speak",
        "plain": ["a plain alternative"],
        "tolerated_by": [],
        "examples": {
            "fail": ["We will use the new term in this sentence."],
            "pass": ["We will use a plain alternative in this sentence."],
        },
    },
    "preferred_terms": {
        "id": "new_preferred_term",
        "avoid": ["word to avoid"],
        "prefer": ["word to use"],
        "why": "One line.",
        "examples": {
            "fail": ["A sentence with the word to avoid."],
            "pass": ["A sentence with the word to use."],
        },
    },
    "frames_to_avoid": {
        "id": "new_frame",
        "name": "Name of the frame",
        "why": "Why this frame backfires, in one or two lines.",
        "reframe": "What to say instead.",
        "source": "",
        "patterns": ["a phrase that carries the frame"],
        "guards": {"followed_by": [], "preceded_by": []},
        "examples": {
            "fail": ["A sentence with a phrase that carries the frame."],
            "pass": ["A sentence with the reframe."],
        },
    },
    "cue_sets": {
        "id": "new_cue_set",
        "name": "Name of the cue set",
        "phrases": ["a cue phrase"],
        "examples": {
            "fail": ["A sentence with no cue."],
            "pass": ["A sentence with a cue phrase."],
        },
    },
    "style_rules": {
        "id": "new_style_rule",
        "name": "Name of the rule",
        "kind": "existence",
        "phrases": ["a phrase to flag"],
        "message": "'{match}' is hard to read.",
        "suggestion": "Say it plainly.",
        "severity": "suggestion",
        "source": "",
        "examples": {
            "fail": ["A sentence with a phrase to flag."],
            "pass": ["A sentence said plainly."],
        },
    },
}

MAX_UPLOAD_FILES = 200
YAML_SUFFIXES = {".yaml", ".yml"}
MAX_UNZIPPED_BYTES = 25_000_000


@dataclass(frozen=True)
class Entry:
    section: str
    key: str
    data: Any
    version: int
    updated_by: str
    updated_at: datetime


class UploadError(ValueError):
    """An uploaded library cannot be read; the message names the problem."""


# ---- plain text helpers -----------------------------------------------------------


def plain(value: Any) -> str:
    """Any field value as one line of plain text."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, list | tuple):
        return "; ".join(plain(v) for v in value)
    if isinstance(value, dict):
        if set(value) == {"tokens"}:
            return "tokens " + json.dumps(value["tokens"], ensure_ascii=False)
        return "; ".join(f"{k.replace('_', ' ')}: {plain(v)}" for k, v in value.items())
    return str(value)


def label(field: str) -> str:
    return field.replace("_", " ").capitalize()


def to_yaml(data: Any) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


def parse_yaml(text: str, mapping: bool = True) -> Any:
    """The editor's text as data, or ValueError with the line and the problem
    (``mapping``: a whole entry, which must be a mapping of fields)."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise ValueError(f"Not saved: the YAML is not valid{where}: {problem}.") from None
    if data is None:
        raise ValueError("Not saved: the editor is empty.")
    if mapping and not isinstance(data, dict):
        raise ValueError(
            "Not saved: an entry must be a YAML mapping of fields (such as 'term: ...' or "
            "'id: ...'), not a single value or a list."
        )
    return data


# ---- state -----------------------------------------------------------------------


def apply_pending() -> None:
    """Changes to widget state asked for by the previous run (set before any widget)."""
    for key, value in st.session_state.pop("library_pending", {}).items():
        if value is None:
            st.session_state.pop(key, None)
        else:
            st.session_state[key] = value


def rerun_with(pending: dict[str, Any], flash: tuple[str, str] | None = None) -> None:
    st.session_state["library_pending"] = pending
    if flash:
        st.session_state[f"library_flash_{flash[0]}"] = flash[1]
    st.rerun()


def show_flash(where: str) -> None:
    message = st.session_state.pop(f"library_flash_{where}", None)
    if message:
        st.success(md(message))


def load_entries(workspace) -> dict[str, list[Entry]]:
    out: dict[str, list[Entry]] = {}
    with resources.store().session() as s:
        for e in library_entries(s, workspace):
            out.setdefault(e.section, []).append(
                Entry(e.section, e.key, e.data, e.version, e.updated_by, e.updated_at)
            )
    return out


def entry_label(section: str, key: str, entries: dict[str, Entry]) -> str:
    if key == NEW:
        return "New entry"
    entry = entries.get(key)
    if section == "glossary" and entry and isinstance(entry.data, dict):
        return f"{entry.data.get('term', key)} ({entry.data.get('category', '')})"
    if entry and isinstance(entry.data, dict):
        name = entry.data.get("name") or entry.data.get("title")
        if name:
            return f"{name} ({key})"
    return key


# ---- display ---------------------------------------------------------------------


def overview(section: str, entries: list[Entry]) -> pd.DataFrame:
    rows = []
    for e in entries:
        data = e.data if isinstance(e.data, dict) else {}
        row = {label(c): plain(data.get(c)) for c in COLUMNS[section]}
        examples = data.get("examples") or {}
        row["Fail examples"] = plain(examples.get("fail"))
        row["Pass examples"] = plain(examples.get("pass"))
        row["Version"] = e.version
        row["Updated by"] = e.updated_by
        rows.append(row)
    columns = [label(c) for c in COLUMNS[section]]
    columns += ["Fail examples", "Pass examples", "Version", "Updated by"]
    return pd.DataFrame(rows, columns=columns)


def show_entry(entry: Entry) -> None:
    data = entry.data if isinstance(entry.data, dict) else {}
    lines = [
        f"**{label(field)}:** {md(plain(value))}"
        for field, value in data.items()
        if field != "examples" and plain(value)
    ]
    st.markdown("  \n".join(lines))
    examples = data.get("examples") or {}
    fails, passes = examples.get("fail") or [], examples.get("pass") or []
    st.markdown("**Fail examples** (the rule should complain):")
    st.markdown("\n".join(f"- {md(t)}" for t in fails) or "_none yet_")
    st.markdown("**Pass examples** (the rule should stay quiet):")
    st.markdown("\n".join(f"- {md(t)}" for t in passes) or "_none yet_")
    st.caption(
        f"Version {entry.version}, last changed by {md(entry.updated_by)} "
        f"on {entry.updated_at:%Y-%m-%d %H:%M} UTC."
    )


def revision_diff(before: Any, after: Any) -> str:
    """The change between two saved versions of an entry, as a unified diff of their
    YAML (the text people edit), without the file-name header lines."""
    lines = difflib.unified_diff(
        to_yaml(before).splitlines(), to_yaml(after).splitlines(), lineterm="", n=2
    )
    return "\n".join(line for line in lines if not line.startswith(("---", "+++")))


def show_history(section: str, entry: Entry, workspace) -> None:
    with resources.store().session() as s:
        revisions = [
            (r.version, r.action, r.changed_by, r.changed_at, r.data)
            for r in history(s, workspace, "library", section, entry.key)
        ]
    st.markdown("**History**")
    st.dataframe(
        pd.DataFrame(
            [
                {"Version": v, "Action": a, "Who": who, "When (UTC)": f"{when:%Y-%m-%d %H:%M}"}
                for v, a, who, when, _ in revisions
            ],
            columns=["Version", "Action", "Who", "When (UTC)"],
        ),
        hide_index=True,
        width="stretch",
        key=f"library_history_{section}",
    )
    earlier = [(v, a, data) for v, a, _, _, data in revisions if data is not None]
    if len(earlier) < 2:
        return
    with st.expander("What changed: compare versions"):
        versions = [v for v, _, _ in earlier]
        pick = st.selectbox(
            "Version",
            versions,
            index=len(earlier) - 1,
            key=f"library_revision_{section}",
        )
        data = next(d for v, _, d in earlier if v == pick)
        before = earlier[versions.index(pick) - 1] if versions.index(pick) else None
        if before is not None:
            st.markdown(f"**Changes from version {before[0]} to version {pick}**")
            st.code(revision_diff(before[2], data) or "(no change)", language="diff")
        st.markdown(f"**Version {pick} in full**")
        st.code(to_yaml(data), language="yaml")
        if st.button(
            "Put this version in the editor",
            key=f"library_restore_{section}",
            help="Then check its examples and save it to restore it.",
        ):
            rerun_with({f"library_yaml_{section}": to_yaml(data)})


# ---- checking and saving ---------------------------------------------------------


def library_with(library: Library, section: str, original: str | None, model: Any) -> Library:
    """The workspace library with the edited entry in place of the one loaded."""
    clean = model.model_dump(mode="json", by_alias=True, exclude_defaults=True)
    new_key = entry_key(section, clean)
    sections = library_sections(library)
    sections["vocab"] = [sections["vocab"]]
    replaced = {original, new_key}
    sections[section] = [d for d in sections[section] if entry_key(section, d) not in replaced] + [
        clean
    ]
    return library_from_sections(library.name, sections)


def check_examples(section: str, text: str, original: str | None, library: Library) -> None:
    try:
        data = parse_yaml(text)
        model = validate_entry(section, data)
        with st.spinner("Running the entry's examples…"):
            results = run_examples(
                library_with(library, section, original, model), section, model, resources.nlp()
            )
    except (ValueError, LibraryError) as exc:
        st.error(md(str(exc).replace("Not saved: ", "", 1), lines=True))
        return
    if not model.examples.complete:
        st.warning("This entry needs at least one fail and one pass example.")
    if not results:
        return
    bad = [r for r in results if not r.ok]
    if bad:
        st.error(
            "The example does not behave as expected."
            if len(results) == 1
            else f"{len(bad)} of {len(results)} examples do not behave as expected."
        )
    elif len(results) == 1:
        st.success("The example behaves as expected.")
    else:
        st.success(f"All {len(results)} examples behave as expected.")
    for r in results:
        mark = ":green[**as expected**]" if r.ok else ":red[**NOT as expected**]"
        expected = "should complain" if r.kind == "fail" else "should stay quiet"
        did = "complained" if r.complained else "stayed quiet"
        st.markdown(f"{mark} · *{r.kind} example* ({expected}; it {did}): {md(r.text)}")


def examples_refusal(
    section: str, text: str, original: str | None, library: Library
) -> str | None:
    """Why an entry may not be saved as it stands: a failing own example, or too few.
    None when every example behaves as expected (a rule is saved only then)."""
    try:
        model = validate_entry(section, parse_yaml(text))
    except (ValueError, LibraryError):
        return None  # the save itself names what is wrong with the fields
    if not model.examples.complete:
        return "Not saved: the entry needs at least one fail and one pass example."
    with st.spinner("Running the entry's examples…"):
        results = run_examples(
            library_with(library, section, original, model), section, model, resources.nlp()
        )
    bad = [r for r in results if not r.ok]
    if not bad:
        return None
    lines = [
        f"- {r.kind} example ({'should complain' if r.kind == 'fail' else 'should stay quiet'}"
        f"; it {'complained' if r.complained else 'stayed quiet'}): {md(r.text)}"
        for r in bad
    ]
    return (
        f"Not saved: {len(bad)} of {len(results)} of the entry's own examples do not behave "
        "as expected. Fix the rule or the example, then save.\n" + "\n".join(lines)
    )


def save_entry(
    section: str,
    text: str,
    loaded: Entry | None,
    loaded_version: int | None,
    workspace,
    library: Library,
) -> None:
    try:
        data = parse_yaml(text)
    except ValueError as exc:
        st.error(md(str(exc), lines=True))
        return
    refusal = examples_refusal(section, text, loaded.key if loaded else None, library)
    if refusal:
        st.error(refusal)
        return
    try:
        with st.spinner("Saving…"), resources.store().session() as s:
            if loaded is None:
                key = entry_key(section, validate_entry(section, data).model_dump(by_alias=True))
                existing = {e.key for e in library_entries(s, workspace, section)}
                if key in existing:
                    st.error(
                        f"Not saved: the {SECTIONS[section].lower()} already have an entry "
                        f"{md(repr(key))}; select it to edit it."
                    )
                    return
            saved = save_library_entry(
                s,
                workspace,
                section,
                data,
                session.user(),
                expected_version=loaded_version if loaded else None,
                key=loaded.key if loaded else None,
            )
            new_key = saved.key
    except LibraryError as exc:
        st.error(f"Not saved: {md(str(exc), lines=True)}")
        return
    except StoreError as exc:
        st.error(md(str(exc), lines=True))
        return
    rerun_with(
        {f"library_entry_{section}": new_key, f"library_loaded_{section}": None},
        (section, f"Saved {new_key!r}; the change is kept in its history."),
    )


def delete_entry(section: str, loaded: Entry, loaded_version: int | None, workspace) -> None:
    try:
        with st.spinner("Deleting…"), resources.store().session() as s:
            delete_library_entry(
                s, workspace, section, loaded.key, session.user(), expected_version=loaded_version
            )
    except StoreError as exc:
        st.error(md(str(exc), lines=True))
        return
    rerun_with(
        {
            f"library_entry_{section}": NEW,
            f"library_loaded_{section}": None,
            f"library_delete_confirm_{section}": False,
        },
        (section, f"Deleted {loaded.key!r}. Its history is kept."),
    )



# ---- the entry form ----------------------------------------------------------------

LONG_TEXT = {"meaning", "statement", "why", "reframe", "message", "explanation", "suggestion"}


def _kind(annotation: Any) -> tuple[str, tuple[Any, ...]]:
    """How a schema field is edited: ('text'|'lines'|'choice'|'yaml', choices)."""
    origin, args = get_origin(annotation), get_args(annotation)
    if origin is Annotated:
        return _kind(args[0])
    if origin is Literal:
        return "choice", args
    if annotation is str:
        return "text", ()
    if origin in (Union, UnionType) and type(None) in args:
        rest = [a for a in args if a is not type(None)]
        return _kind(rest[0]) if len(rest) == 1 else ("yaml", ())
    if origin is tuple and args and _is_text(args[0]):
        return "lines", ()
    return "yaml", ()


def _is_text(annotation: Any) -> bool:
    """str, or a union that admits a plain str (a phrase or a token pattern)."""
    origin, args = get_origin(annotation), get_args(annotation)
    if origin is Annotated:
        return _is_text(args[0])
    if origin in (Union, UnionType):
        return any(_is_text(a) for a in args)
    return annotation is str


def _model_fields(section: str) -> dict[str, Any]:
    model = validate_entry(section, TEMPLATES[section])
    return type(model).model_fields


def entry_form(section: str, yaml_text: str, stamp: str) -> str | None:
    """The entry as form fields; returns the entry as YAML for the Check and Save
    buttons (None when the loaded YAML cannot be shown as a form)."""
    try:
        data = parse_yaml(yaml_text)
    except ValueError as exc:
        st.error(md(str(exc), lines=True) + " Switch to YAML to fix it.")
        return None
    if not isinstance(data, dict):
        st.error("This entry is not a mapping of fields; switch to YAML to fix it.")
        return None
    out: dict[str, Any] = {}
    prefix = f"libform_{section}_{hashlib.sha1(stamp.encode()).hexdigest()[:10]}"
    for name, info in _model_fields(section).items():
        field = info.alias or name
        value = data.get(field)
        title = label(field)
        key = f"{prefix}_{field}"
        if field == "examples":
            examples = value if isinstance(value, dict) else {}
            fails = st.text_area(
                "Fail examples: the rule should complain (one a line)",
                "\n".join(examples.get("fail") or []),
                key=f"{key}_fail",
            )
            passes = st.text_area(
                "Pass examples: the rule should stay quiet (one a line)",
                "\n".join(examples.get("pass") or []),
                key=f"{key}_pass",
            )
            out["examples"] = {"fail": _lines(fails), "pass": _lines(passes)}
            continue
        kind, choices = _kind(info.annotation)
        if kind == "lines" and not all(isinstance(v, str) for v in value or []):
            kind = "yaml"
        if kind == "choice":
            options = list(choices)
            current = value if value in options else info.get_default()
            picked = st.selectbox(
                title, options, index=options.index(current) if current in options else 0, key=key
            )
            out[field] = picked
        elif kind == "text":
            widget = st.text_area if field in LONG_TEXT else st.text_input
            typed = widget(title, "" if value is None else str(value), key=key)
            if typed.strip():
                out[field] = typed
        elif kind == "lines":
            typed = st.text_area(f"{title} (one a line)", "\n".join(value or []), key=key)
            if _lines(typed):
                out[field] = _lines(typed)
        else:
            typed = st.text_area(
                f"{title} (YAML)",
                to_yaml(value) if value not in (None, {}, []) else "",
                key=key,
                help="Nested parts are written in the library's YAML format (FORMAT.md).",
            )
            if typed.strip():
                try:
                    out[field] = parse_yaml(typed, mapping=False)
                except ValueError as exc:
                    st.error(f"{md(title)}: {md(str(exc), lines=True)}")
                    return None
    return to_yaml(out)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def editor(section: str, entry: Entry | None, library: Library, workspace) -> None:
    yaml_key, marker_key = f"library_yaml_{section}", f"library_loaded_{section}"
    target = [workspace.id, entry.key if entry else NEW, entry.version if entry else None]
    loaded = st.session_state.get(marker_key)
    if loaded is None or loaded[:2] != target[:2]:
        st.session_state[yaml_key] = to_yaml(entry.data if entry else TEMPLATES[section])
        st.session_state[marker_key] = loaded = target
    loaded_version = loaded[2]
    if entry and loaded_version != entry.version:
        st.warning(
            f"{md(entry.updated_by)} saved this entry after you opened it (now version "
            f"{entry.version}; you are editing version {loaded_version}). Saving will be "
            "refused so nothing is overwritten: reload it and apply your change again."
        )
        if st.button("Reload the latest version", key=f"library_reload_{section}"):
            rerun_with({marker_key: None})

    form_yaml_key, mode_key = f"library_form_yaml_{section}", f"library_mode_{section}"

    def to_yaml_mode() -> None:
        """Switching to YAML shows the form's edits, not the entry as loaded (coming
        back, the form is filled from the YAML): nothing typed is lost by a switch."""
        if st.session_state.get(mode_key) == "YAML" and form_yaml_key in st.session_state:
            st.session_state[yaml_key] = st.session_state.pop(form_yaml_key)

    mode = st.segmented_control(
        "Edit with",
        ["Form", "YAML"],
        default="Form",
        key=mode_key,
        on_change=to_yaml_mode,
        help="The form covers every field; fields with patterns or nested parts are "
        "edited as a small YAML box inside it.",
    )
    if mode == "YAML":
        st.markdown("**Edit as YAML**" if entry else "**New entry, as YAML**")
        text = st.text_area(
            "Entry (YAML)",
            key=yaml_key,
            height=380,
            help="The entry's fields in the library format (see FORMAT.md). Check its "
            "examples, then save; every save is kept as a revision.",
        )
    else:
        text = entry_form(section, st.session_state[yaml_key], f"{target[1]}_{loaded_version}")
        if text is None:
            return
        st.session_state[form_yaml_key] = text
    left, right = st.columns(2)
    check = left.button("Check examples", key=f"library_check_{section}", width="stretch")
    save = right.button(
        "Save" if entry else "Create entry",
        key=f"library_save_{section}",
        type="primary",
        width="stretch",
    )
    if check:
        check_examples(section, text, entry.key if entry else None, library)
    if save:
        save_entry(section, text, entry, loaded_version, workspace, library)
    if entry:
        confirm = st.checkbox("Yes, delete this entry", key=f"library_delete_confirm_{section}")
        if st.button("Delete", key=f"library_delete_{section}", disabled=not confirm):
            delete_entry(section, entry, loaded_version, workspace)


def glossary_filter(entries: list[Entry]) -> list[Entry]:
    left, right = st.columns([2, 1])
    query = left.text_input(
        "Search the glossary",
        key="library_glossary_search",
        placeholder="a term, an expansion, a plain alternative or a category",
    )
    categories = right.multiselect(
        "Categories", GLOSSARY_CATEGORIES, key="library_glossary_categories"
    )
    needle = query.strip().lower()
    out = []
    for e in entries:
        data = e.data if isinstance(e.data, dict) else {}
        if categories and data.get("category") not in categories:
            continue
        haystack = [data.get("term"), data.get("category"), data.get("expansion")]
        for field in ("variants", "plain"):
            value = data.get(field) or []
            haystack += [value] if isinstance(value, str) else list(value)
        if needle and not any(needle in str(h).lower() for h in haystack if h):
            continue
        out.append(e)
    st.caption(f"{len(out)} of {plural(len(entries), 'term')} shown.")
    return out


def section_tab(section: str, entries: list[Entry], library: Library, workspace) -> None:
    st.caption(HELP[section])
    show_flash(section)
    shown = glossary_filter(entries) if section == "glossary" else entries
    st.dataframe(
        overview(section, shown), hide_index=True, width="stretch", key=f"library_table_{section}"
    )
    by_key = {e.key: e for e in entries}
    select_key = f"library_entry_{section}"
    options = [NEW] + [e.key for e in shown]
    current = st.session_state.get(select_key)
    if current in by_key and current not in options:
        options.insert(1, current)  # keep the entry being edited when the search hides it
    elif current is not None and current not in options:
        st.session_state[select_key] = NEW
    choice = st.selectbox(
        "Entry",
        options,
        key=select_key,
        format_func=lambda k: entry_label(section, k, by_key),
        help="Pick an entry to see and edit it, or start a new one.",
    )
    entry = by_key.get(choice)
    left, right = st.columns(2)
    with left:
        if entry:
            show_entry(entry)
            show_history(section, entry, workspace)
        else:
            st.info(
                "Fill in the template on the right: every entry needs at least one fail and "
                "one pass example. Check its examples, then create it."
            )
    with right:
        editor(section, entry, library, workspace)


def other_tab(entries: dict[str, list[Entry]]) -> None:
    st.caption(
        "Known acronyms are widely known forms (COVID-19, K-12, PTA) that are never flagged "
        "as undefined. The vocabulary lists words that are never flagged (accept) or always "
        "flagged (reject). Change them by importing a library (Import / export tab)."
    )
    known = sorted(e.key for e in entries.get("known_acronyms", []))
    st.markdown(f"**Known acronyms ({len(known)}):** " + md(", ".join(known)))
    vocab = next((e.data for e in entries.get("vocab", [])), None) or {}
    st.markdown("**Vocabulary, accept:** " + (md(", ".join(vocab.get("accept") or [])) or "—"))
    st.markdown("**Vocabulary, reject:** " + (md(", ".join(vocab.get("reject") or [])) or "—"))


# ---- import / export -------------------------------------------------------------


def export_zip(library: Library) -> bytes:
    """The library as a .zip of YAML files (one per section plus library.yaml)."""
    buffer = io.BytesIO()
    with tempfile.TemporaryDirectory(prefix="commplan-export-") as tmp:
        paths = write_library(library, tmp)
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
            for path in paths:
                zf.write(path, arcname=path.name)
    return buffer.getvalue()


def _unzip(name: str, raw: bytes, root: Path) -> None:
    try:
        zf = zipfile.ZipFile(io.BytesIO(raw))
    except zipfile.BadZipFile:
        raise UploadError(f"{name}: not a valid .zip file.") from None
    with zf:
        members = []
        for info in zf.infolist():
            path = PurePosixPath(info.filename.replace("\\", "/"))
            hidden = any(p.startswith((".", "__MACOSX")) for p in path.parts)
            if not (info.is_dir() or hidden or path.suffix.lower() not in YAML_SUFFIXES):
                members.append((info, path))
        if not members:
            raise UploadError(f"{name}: the .zip holds no .yaml files.")
        if len(members) > MAX_UPLOAD_FILES:
            raise UploadError(f"{name}: more than {MAX_UPLOAD_FILES} YAML files.")
        if sum(info.file_size for info, _ in members) > MAX_UNZIPPED_BYTES:
            raise UploadError(
                f"{name}: the YAML files are larger than {MAX_UNZIPPED_BYTES:,} bytes."
            )
        seen: dict[str, str] = {}
        for info, path in members:
            target = path.stem + path.suffix.lower()
            if target in seen:
                raise UploadError(
                    f"{name}: two files are named {target} ({seen[target]} and {path}); "
                    "put the library's YAML files in one folder."
                )
            seen[target] = str(path)
            try:
                data = zf.read(info)
            except (zipfile.BadZipFile, RuntimeError, NotImplementedError, OSError) as exc:
                raise UploadError(f"{name}: cannot read {path} from the .zip ({exc}).") from None
            (root / target).write_bytes(data)


def read_upload(name: str, raw: bytes) -> Library:
    """A library from an uploaded .zip of YAML files or a single YAML file."""
    with tempfile.TemporaryDirectory(prefix="commplan-upload-") as tmp:
        root = Path(tmp)
        suffix = PurePosixPath(name).suffix.lower()
        if suffix == ".zip":
            _unzip(name, raw, root)
        elif suffix in YAML_SUFFIXES:
            (root / f"library{suffix}").write_bytes(raw)
        else:
            raise UploadError(f"{name}: expected a .zip of YAML files or a .yaml file.")
        try:
            return load_library(root)
        except LibraryError as exc:
            message = str(exc)
            if suffix == ".zip":
                message = message.replace(f"{root}/", f"{name}/")
            else:
                message = message.replace(f"{root}/library{suffix}", name)
            raise UploadError(message.replace(str(root), name)) from None


def keyed(library: Library) -> dict[tuple[str, str], Any]:
    out: dict[tuple[str, str], Any] = {}
    for section, items in library_sections(library).items():
        for data in [items] if section == "vocab" else items:
            out[(section, entry_key(section, data) or "")] = data
    return out


def summary(library: Library) -> pd.DataFrame:
    rows = [(SECTIONS[s], len(getattr(library, s))) for s in SECTIONS]
    rows.insert(3, ("Acronyms in the glossary", len(library.acronyms)))
    rows.append(("Known acronyms", len(library.known_acronyms)))
    rows.append(
        (
            "Vocabulary (accept / reject)",
            f"{len(library.vocab.accept)} / {len(library.vocab.reject)}",
        )
    )
    return pd.DataFrame([(a, str(b)) for a, b in rows], columns=["Section", "Entries"])


def upload_section(current: Library, audiences, workspace) -> None:
    st.subheader("Import")
    st.caption(
        "Upload a .zip of YAML files (as exported above, or a team library directory) or "
        "one .yaml file. A library without `mode: replace` in its library.yaml extends the "
        "default library. Replacing makes the workspace library equal the upload, in one "
        "transaction; every change is kept as a revision."
    )
    uploaded = st.file_uploader("Library file", type=["zip", "yaml", "yml"], key="library_upload")
    if uploaded is None:
        return
    raw = uploaded.getvalue()
    digest = hashlib.sha256(raw).hexdigest() + uploaded.name
    parsed = st.session_state.get("library_upload_parsed")
    if not parsed or parsed[0] != digest:
        with st.spinner("Reading the uploaded library…"):
            try:
                parsed = (digest, read_upload(uploaded.name, raw), None)
            except UploadError as exc:
                parsed = (digest, None, str(exc))
        st.session_state["library_upload_parsed"] = parsed
    _, library, problem = parsed
    if library is None:
        st.error(
            f"This file cannot be imported; nothing was changed.\n\n{md(problem, lines=True)}"
        )
        return
    st.markdown(f"**{md(library.name)}** is valid.")
    st.dataframe(summary(library), hide_index=True, key="library_upload_summary")
    new, old = keyed(library), keyed(current)
    added = sorted(new.keys() - old.keys())
    removed = sorted(old.keys() - new.keys())
    changed = sorted(k for k in new.keys() & old.keys() if new[k] != old[k])
    if not (added or removed or changed):
        st.info("The uploaded library is the same as the workspace library.")
        return
    st.markdown(
        f"Replacing the workspace library will add **{len(added)}**, change "
        f"**{len(changed)}** and remove **{len(removed)}** entries."
    )
    if removed:
        st.warning(
            f"{plural(len(removed), 'entry', 'entries')} of the workspace library "
            "are not in the upload and will "
            "be removed (their history is kept). Download the current library first if you "
            "may want them back."
        )
    with st.expander("Which entries"):
        for title, keys in (("Added", added), ("Changed", changed), ("Removed", removed)):
            if keys:
                shown = ", ".join(f"{s}: {k}" for s, k in keys[:200])
                more = f" and {len(keys) - 200} more" if len(keys) > 200 else ""
                st.markdown(f"**{title}:** {md(shown)}{more}")
    left, right = st.columns(2)
    if left.button("Check the upload's examples", key="library_upload_check"):
        show_problems(library, audiences)
    if right.button("Replace library", key="library_replace", type="primary"):
        try:
            with st.spinner("Replacing the library…"), resources.store().session() as s:
                changes = replace_library(s, workspace, library, session.user())
        except StoreError as exc:
            st.error(md(str(exc), lines=True))
            return
        pending: dict[str, Any] = {f"library_loaded_{s}": None for s in SECTIONS}
        rerun_with(
            pending,
            (
                "import",
                f"Library replaced: {plural(changes, 'entry', 'entries')} changed, "
                "each kept as a revision.",
            ),
        )


def show_problems(library: Library, audiences) -> None:
    with st.spinner("Running every entry's examples…"):
        problems = validate_library(library, audiences)
    if not problems:
        st.success("Every entry's examples behave as expected and every reference is known.")
        return
    st.error(f"{len(problems)} problem(s) found.")
    st.code("\n".join(problems), language=None)


def import_export_tab(library: Library, audiences, workspace) -> None:
    show_flash("import")
    st.subheader("Export")
    st.caption(
        "The workspace library as a .zip of YAML files, one per section, in the format of "
        "message_library/FORMAT.md. `commplan library validate` and `commplan library import` "
        "read it back."
    )
    slug = re.sub(r"[^a-z0-9]+", "-", workspace.name.lower()).strip("-") or "workspace"
    left, right = st.columns(2)
    left.download_button(
        "Download the library (.zip)",
        data=lambda: export_zip(library),
        file_name=f"{slug}-library.zip",
        mime="application/zip",
        key="library_download",
        on_click="ignore",
    )
    if right.button("Check every entry's examples", key="library_check_all"):
        show_problems(library, audiences)
    upload_section(library, audiences, workspace)


# ---- the page --------------------------------------------------------------------

apply_pending()
st.title("Message library")
st.caption(
    "Your workspace's values-based message library: the values, key messages, glossary, "
    "preferred terms, frames to avoid, cue sets and style rules every draft is checked "
    "against. Browse them, check an entry's examples, edit it as YAML (every save is kept "
    "as a revision), and import or export the whole library."
)
workspace = session.workspace()
library, audiences = resources.documents(workspace)
entries = load_entries(workspace)
tabs = st.tabs([*SECTIONS.values(), OTHER_TAB, IMPORT_TAB], key="library_tabs")
for tab, section in zip(tabs, SECTIONS, strict=False):
    with tab:
        section_tab(section, entries.get(section, []), library, workspace)
with tabs[-2]:
    other_tab(entries)
with tabs[-1]:
    import_export_tab(library, audiences, workspace)
