"""Load the default audience profiles, optionally with a team's own on top."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from message_library.yamlio import (
    DataFileError,
    describe_validation_error,
    find_duplicates,
    read_yaml_mapping,
    yaml_files,
)

from .schema import Audience


class AudienceError(DataFileError):
    """An audience file is unreadable or invalid."""


class UnknownAudience(KeyError):
    def __init__(self, audience_id: str, known: list[str]):
        super().__init__(audience_id)
        self.audience_id = audience_id
        self.known = known

    def __str__(self) -> str:
        return f"unknown audience {self.audience_id!r}; known: {', '.join(self.known)}"


def default_audiences_dir() -> Path:
    return Path(str(resources.files("audiences") / "default"))


def _read(directory: Path) -> list[Audience]:
    out: list[Audience] = []
    for path in yaml_files(directory, AudienceError):
        data = read_yaml_mapping(path, AudienceError)
        unknown = set(data) - {"audiences"}
        if unknown:
            raise AudienceError(
                f"{path}: unknown section(s) {sorted(unknown)}; expected 'audiences'"
            )
        entries: Any = data.get("audiences") or []
        if not isinstance(entries, list):
            raise AudienceError(f"{path}: 'audiences' must be a list")
        for index, entry in enumerate(entries):
            try:
                out.append(Audience.model_validate(entry))
            except ValidationError as exc:
                relocated = ValidationError.from_exception_data(
                    exc.title,
                    [{**e, "loc": ("audiences", index, *e["loc"])} for e in exc.errors()],  # type: ignore[misc]
                )
                raise AudienceError(describe_validation_error(path, relocated, data)) from exc
    dupes = sorted(set(find_duplicates(a.id for a in out)))
    if dupes:
        raise AudienceError(f"{directory}: duplicate audience ids: {', '.join(dupes)}")
    return out


class AudienceSet:
    """Audience profiles by id, in file order."""

    def __init__(self, audiences: list[Audience]):
        self._by_id = {a.id: a for a in audiences}

    def __iter__(self):
        return iter(self._by_id.values())

    def __len__(self) -> int:
        return len(self._by_id)

    def __contains__(self, audience_id: object) -> bool:
        return audience_id in self._by_id

    def ids(self) -> list[str]:
        return list(self._by_id)

    def get(self, audience_id: str) -> Audience:
        try:
            return self._by_id[audience_id]
        except KeyError:
            raise UnknownAudience(audience_id, self.ids()) from None


@lru_cache(maxsize=1)
def load_default_audiences() -> AudienceSet:
    return AudienceSet(_read(default_audiences_dir()))


def load_audiences(directory: str | Path | None = None) -> AudienceSet:
    """Default profiles, with a team directory's profiles added or replacing by id."""
    if directory is None:
        return load_default_audiences()
    merged = {a.id: a for a in load_default_audiences()}
    merged.update({a.id: a for a in _read(Path(directory))})
    return AudienceSet(list(merged.values()))
