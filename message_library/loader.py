"""Load the default library, a team library, or a team library on top of the default."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from .schema import (
    SECTIONS,
    CueSet,
    FrameToAvoid,
    GlossaryTerm,
    KeyMessage,
    Library,
    LibraryInfo,
    PreferredTerm,
    StyleRule,
    Value,
    Vocab,
)
from .yamlio import (
    DataFileError,
    describe_validation_error,
    find_duplicates,
    read_yaml_mapping,
    yaml_files,
)

# Sections whose entries are keyed, so a team entry replaces a default one.
_KEYED = {
    "values": lambda e: e.get("id"),
    "key_messages": lambda e: e.get("id"),
    "glossary": lambda e: _glossary_key(e),
    "preferred_terms": lambda e: e.get("id"),
    "frames_to_avoid": lambda e: e.get("id"),
    "cue_sets": lambda e: e.get("id"),
    "style_rules": lambda e: e.get("id"),
}


_ENTRY_ADAPTERS: dict[str, TypeAdapter[Any]] = {
    "values": TypeAdapter(Value),
    "key_messages": TypeAdapter(KeyMessage),
    "glossary": TypeAdapter(GlossaryTerm),
    "known_acronyms": TypeAdapter(str),
    "preferred_terms": TypeAdapter(PreferredTerm),
    "frames_to_avoid": TypeAdapter(FrameToAvoid),
    "cue_sets": TypeAdapter(CueSet),
    "style_rules": TypeAdapter(StyleRule),
}


class LibraryError(DataFileError):
    """The library is unreadable or invalid; the message names file, entry and field."""


def entry_key(section: str, entry: Any) -> str | None:
    """The key that identifies an entry within its section (id, or glossary term)."""
    if section == "known_acronyms":
        return entry if isinstance(entry, str) else None
    if section == "vocab":
        return "vocab"
    key_of = _KEYED.get(section)
    return key_of(entry) if key_of and isinstance(entry, dict) else None


def validate_entry(section: str, entry: Any) -> Any:
    """Validate one entry of a section against the schema; the error names the field."""
    if section == "vocab":
        adapter: TypeAdapter[Any] = TypeAdapter(Vocab)
    elif section in _ENTRY_ADAPTERS:
        adapter = _ENTRY_ADAPTERS[section]
    else:
        raise LibraryError(f"unknown section {section!r} (expected one of: {', '.join(SECTIONS)})")
    try:
        return adapter.validate_python(entry)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(map(str, e['loc'])) or 'entry'}: {e['msg']}" for e in exc.errors()
        )
        key = entry_key(section, entry) or ""
        raise LibraryError(f"{section} entry {key}: {problems}") from exc


def library_from_sections(name: str, sections: dict[str, list[Any]]) -> Library:
    """A Library from plain section lists (as stored in a database), fully validated."""
    data: dict[str, Any] = {s: list(sections.get(s, [])) for s in SECTIONS if s != "vocab"}
    vocab = sections.get("vocab") or [{}]
    try:
        return Library.model_validate({"name": name, **data, "vocab": vocab[0]})
    except ValidationError as exc:
        raise LibraryError(str(exc)) from exc


def _glossary_key(entry: dict[str, Any]) -> str | None:
    term = entry.get("term")
    if not isinstance(term, str):
        return None
    return term if entry.get("category") == "acronym" else term.lower()


def default_library_dir() -> Path:
    return Path(str(resources.files("message_library") / "default"))


def _read_dir(
    directory: Path, *, trusted: bool = False
) -> tuple[LibraryInfo, dict[str, list[tuple[Path, Any]]]]:
    """Raw entries per section, each remembered with the file it came from.
    ``trusted``: the default library shipped with commplan (parsed faster)."""
    info = LibraryInfo(name=directory.name)
    sections: dict[str, list[tuple[Path, Any]]] = {s: [] for s in SECTIONS}
    for path in yaml_files(directory, LibraryError):
        data = read_yaml_mapping(path, LibraryError, trusted=trusted)
        for key, value in data.items():
            if key == "library":
                try:
                    info = LibraryInfo.model_validate(value or {})
                except ValidationError as exc:
                    raise LibraryError(
                        describe_validation_error(path, exc, {"library": value})
                    ) from exc
                continue
            if key not in sections:
                raise LibraryError(
                    f"{path}: unknown section {key!r} (expected one of: {', '.join(SECTIONS)})"
                )
            if key == "vocab":
                if not isinstance(value, dict):
                    raise LibraryError(f"{path}: vocab must be a mapping with accept/reject")
                sections[key].append((path, value))
                continue
            if not isinstance(value, list):
                raise LibraryError(f"{path}: section {key!r} must be a list")
            sections[key].extend((path, item) for item in value)
    return info, sections


def _validate_entries(section: str, entries: list[tuple[Path, Any]]) -> None:
    """Validate entry by entry so an error names the file and the entry's position there."""
    positions: dict[Path, int] = {}
    for path, entry in entries:
        position = positions[path] = positions.get(path, -1) + 1
        try:
            _ENTRY_ADAPTERS[section].validate_python(entry)
        except ValidationError as exc:
            errors = [{**e, "loc": (section, position, *e["loc"])} for e in exc.errors()]
            relocated = ValidationError.from_exception_data(exc.title, errors)  # type: ignore[arg-type]
            data = {section: [*([None] * position), entry]}
            raise LibraryError(describe_validation_error(path, relocated, data)) from exc


def _merge(
    base: dict[str, list[tuple[Path, Any]]], overlay: dict[str, list[tuple[Path, Any]]]
) -> dict[str, list[tuple[Path, Any]]]:
    merged: dict[str, list[tuple[Path, Any]]] = {}
    for section in SECTIONS:
        if section in _KEYED:
            key_of = _KEYED[section]
            replaced = {key_of(e) for _, e in overlay[section] if isinstance(e, dict)}
            kept = [
                (p, e)
                for p, e in base[section]
                if not (isinstance(e, dict) and key_of(e) in replaced)
            ]
            merged[section] = kept + overlay[section]
        else:
            merged[section] = base[section] + overlay[section]
    return merged


def _build(name: str, sections: dict[str, list[tuple[Path, Any]]]) -> Library:
    for section in SECTIONS:
        if section != "vocab":
            _validate_entries(section, sections[section])
    for section, key_of in _KEYED.items():
        dupes = sorted(set(find_duplicates(key_of(e) for _, e in sections[section])))
        if dupes:
            files = sorted({str(p) for p, e in sections[section] if key_of(e) in dupes})
            raise LibraryError(
                f"{', '.join(files)}: duplicate {section} entries: {', '.join(map(str, dupes))}"
            )
    vocab_accept: list[str] = []
    vocab_reject: list[str] = []
    for path, raw in sections["vocab"]:
        try:
            vocab = Vocab.model_validate(raw)
        except ValidationError as exc:
            raise LibraryError(describe_validation_error(path, exc, {"vocab": raw})) from exc
        vocab_accept += vocab.accept
        vocab_reject += vocab.reject
    data = {s: [e for _, e in sections[s]] for s in SECTIONS if s != "vocab"}
    data["known_acronyms"] = list(dict.fromkeys(data["known_acronyms"]))
    return Library.model_validate(
        {"name": name, **data, "vocab": {"accept": vocab_accept, "reject": vocab_reject}}
    )


@lru_cache(maxsize=1)
def load_default_library() -> Library:
    """The library shipped with commplan (cached: it is immutable)."""
    _, sections = _read_dir(default_library_dir(), trusted=True)
    return _build("commplan default library", sections)


def load_library(directory: str | Path | None = None, *, include_default: bool = True) -> Library:
    """Load a team library directory.

    With ``mode: extend`` (the default, set in the team's ``library.yaml``) the
    team's entries are added to the default library and replace default entries
    with the same id; with ``mode: replace`` the team library stands alone.
    """
    if directory is None:
        return load_default_library()
    directory = Path(directory)
    info, team = _read_dir(directory)
    if info.mode == "replace" or not include_default:
        return _build(info.name, team)
    _, default = _read_dir(default_library_dir(), trusted=True)
    return _build(info.name, _merge(default, team))
