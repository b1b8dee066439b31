"""Read a directory of YAML files with errors that name the file, entry and field.

Shared by ``message_library`` and ``audiences`` (both are data packages that
own a schema and ship defaults as package data).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

MAX_FILE_BYTES = 5_000_000


class DataFileError(ValueError):
    """A library or audience file is unreadable or does not fit the schema."""


def yaml_files(directory: Path, error: type[DataFileError] = DataFileError) -> list[Path]:
    """The YAML files of a directory, in a stable order."""
    if not directory.exists():
        raise error(f"{directory}: no such directory")
    if not directory.is_dir():
        raise error(f"{directory}: not a directory")
    files = sorted(p for p in directory.iterdir() if p.suffix in {".yaml", ".yml"})
    if not files:
        raise error(f"{directory}: no .yaml files found")
    return files


def _parse(text: str, trusted: bool) -> Any:
    """PyYAML's safe loading. A trusted file (the defaults shipped in the package) is
    parsed by libyaml when PyYAML has it: the same constructor and resolver, about
    five times faster (the default library took ~1 s in pure Python, in every process
    and every team library load). Anyone's file keeps the pure-Python parser, whose
    errors say where the problem is and which cannot overflow the C stack on a
    deeply nested upload."""
    fast = getattr(yaml, "CSafeLoader", None) if trusted else None
    if fast is not None:
        try:
            return yaml.load(text, Loader=fast)  # CSafeLoader: safe constructors only
        except yaml.YAMLError:
            pass  # say it in the pure-Python parser's words below
    return yaml.safe_load(text)


def read_yaml_mapping(
    path: Path, error: type[DataFileError] = DataFileError, *, trusted: bool = False
) -> dict[str, Any]:
    """Parse one YAML file whose top level must be a mapping. ``trusted``: a file
    shipped with commplan, parsed faster (see ``_parse``)."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise error(f"{path}: cannot read ({exc.strerror})") from exc
    if len(raw) > MAX_FILE_BYTES:
        raise error(f"{path}: file is larger than {MAX_FILE_BYTES:,} bytes")
    if b"\x00" in raw:
        raise error(f"{path}: binary data, not a YAML text file")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise error(
            f"{path}: not UTF-8 (byte {raw[exc.start]:#04x} at offset {exc.start})"
        ) from exc
    try:
        data = _parse(text, trusted)
    except yaml.YAMLError as exc:
        where = ""
        mark = getattr(exc, "problem_mark", None)
        if mark is not None:
            where = f" at line {mark.line + 1}, column {mark.column + 1}"
        problem = getattr(exc, "problem", None) or str(exc)
        raise error(f"{path}: invalid YAML{where}: {problem}") from exc
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise error(f"{path}: the top level must be a mapping of sections")
    return data


def describe_validation_error(path: Path | str, exc: ValidationError, data: dict[str, Any]) -> str:
    """Turn a pydantic error into lines naming file, entry (by id) and field."""
    lines = []
    for err in exc.errors():
        loc = list(err["loc"])
        where = _describe_location(loc, data)
        lines.append(f"{path}: {where}: {err['msg']}")
    return "\n".join(lines)


def _describe_location(loc: list[Any], data: Any) -> str:
    parts: list[str] = []
    node = data
    for item in loc:
        if isinstance(item, int):
            label = f"[{item}]"
            entry = node[item] if isinstance(node, list) and item < len(node) else None
            if isinstance(entry, dict):
                ident = entry.get("id") or entry.get("term")
                if ident:
                    label = f"[{item}] ({ident})"
            parts.append(label)
            node = entry
        else:
            parts.append(("." if parts else "") + str(item))
            node = node.get(item) if isinstance(node, dict) else None
    return "".join(parts) or "(top level)"


Rules = TypeVar("Rules", bound=BaseModel)


def load_rule_sections(
    directory: Path,
    model: type[Rules],
    sections: tuple[str, ...],
    error: type[DataFileError],
    what: str,
) -> Rules:
    """Every YAML file of ``directory`` merged section by section into ``model``
    (whose ``rule_entries()`` lists (section, key, entry)), each section checked on
    its own so an error names its file; a key twice in one section is an error
    ("duplicate ``what`` entries")."""
    merged: dict[str, list] = {s: [] for s in sections}
    for path in yaml_files(directory, error):
        data = read_yaml_mapping(path, error)
        for key, value in data.items():
            if key not in merged:
                raise error(
                    f"{path}: unknown section {key!r} (expected one of: {', '.join(sections)})"
                )
            if not isinstance(value, list):
                raise error(f"{path}: section {key!r} must be a list")
            try:
                model.model_validate({key: value})
            except ValidationError as exc:
                raise error(describe_validation_error(path, exc, {key: value})) from exc
            merged[key] += value
    rules = model.model_validate(merged)
    seen: dict[tuple[str, str], int] = {}
    for section, key, _ in rules.rule_entries():
        seen[section, key] = seen.get((section, key), 0) + 1
    dupes = sorted(f"{s} {k}" for (s, k), n in seen.items() if n > 1)
    if dupes:
        raise error(f"{directory}: duplicate {what} entries: {', '.join(dupes)}")
    return rules


def find_duplicates(keys: Iterable[str]) -> Iterator[str]:
    seen: set[str] = set()
    for key in keys:
        if key in seen:
            yield key
        seen.add(key)
