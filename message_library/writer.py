"""Write a Library back to the package's YAML format (one file per section)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .schema import SECTIONS, Library


def library_sections(library: Library) -> dict[str, Any]:
    """The library as plain section data, in the shape the YAML files use."""
    out: dict[str, Any] = {}
    for section in SECTIONS:
        value = getattr(library, section)
        if section == "vocab":
            out[section] = value.model_dump(mode="json")
        else:
            out[section] = [
                v
                if isinstance(v, str)
                else v.model_dump(mode="json", by_alias=True, exclude_defaults=True)
                for v in value
            ]
    return out


def write_library(library: Library, directory: str | Path) -> list[Path]:
    """Write ``<section>.yaml`` files plus a ``library.yaml`` that marks the directory as
    a complete library (``mode: replace``), so loading it back gives the same library."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    files = {"library": {"library": {"name": library.name, "mode": "replace"}}}
    files |= {section: {section: data} for section, data in library_sections(library).items()}
    for name, content in files.items():
        path = directory / f"{name}.yaml"
        tmp = path.with_suffix(".yaml.tmp")
        tmp.write_text(
            yaml.safe_dump(content, sort_keys=False, allow_unicode=True, width=100), "utf-8"
        )
        tmp.replace(path)
        written.append(path)
    return written
