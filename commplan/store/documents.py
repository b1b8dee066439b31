"""Library entries and audience profiles: schema-validated documents with full history.

Each save validates the document with the owning package's schema
(``message_library`` or ``audiences``), bumps the version, and writes a
``Revision``: who changed what, when, and the document as it became.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from audiences import Audience, AudienceSet
from message_library import (
    Library,
    LibraryError,
    entry_key,
    library_from_sections,
    library_sections,
    validate_entry,
)

from .errors import InvalidRecord, NotFound, check_version
from .models import LIBRARY_SECTIONS, AudienceProfile, LibraryEntry, Revision, Workspace
from .records import flush
from .workspaces import note_member


def _revision(session, workspace, kind, section, key, action, version, data, by) -> None:
    session.add(
        Revision(
            workspace_id=workspace.id,
            kind=kind,
            section=section,
            key=key,
            action=action,
            version=version,
            data=data,
            changed_by=by,
        )
    )


# ---- library -------------------------------------------------------------------


def library_entries(session: Session, workspace: Workspace, section: str | None = None):
    query = select(LibraryEntry).where(LibraryEntry.workspace_id == workspace.id)
    if section:
        query = query.where(LibraryEntry.section == section)
    return list(session.scalars(query.order_by(LibraryEntry.section, LibraryEntry.id)))


def _validated(section: str, data: Any) -> tuple[str, Any]:
    if section not in LIBRARY_SECTIONS:
        raise InvalidRecord(f"unknown library section {section!r}")
    try:
        model = validate_entry(section, data)
    except LibraryError as exc:
        raise InvalidRecord(f"Not saved: {exc}") from None
    clean = (
        model
        if isinstance(model, str)
        else model.model_dump(mode="json", by_alias=True, exclude_defaults=True)
    )
    key = entry_key(section, clean)
    if not key:
        raise InvalidRecord(f"Not saved: a {section} entry needs an id or term")
    return key, clean


def save_library_entry(
    session: Session,
    workspace: Workspace,
    section: str,
    data: Any,
    by: str,
    *,
    expected_version: int | None = None,
    key: str | None = None,
) -> LibraryEntry:
    """Create or update an entry. ``key`` names the entry being edited (its key may
    change, e.g. a renamed term); ``expected_version`` guards against lost updates."""
    new_key, clean = _validated(section, data)
    lookup = key or new_key
    entry = session.scalar(
        select(LibraryEntry).where(
            LibraryEntry.workspace_id == workspace.id,
            LibraryEntry.section == section,
            LibraryEntry.key == lookup,
        )
    )
    note_member(session, workspace, by)
    if entry is None:
        if key is not None:
            raise NotFound(f"no {section} entry {key!r}")
        entry = _create_entry(session, workspace, section, new_key, clean, by)
        flush(session, f"{section} entry")
        return entry
    check_version(entry, expected_version, f"{section} entry {lookup!r}")
    _update_entry(session, workspace, entry, new_key, clean, by)
    return entry


def _create_entry(session, workspace, section, key, clean, by) -> LibraryEntry:
    entry = LibraryEntry(
        workspace_id=workspace.id,
        section=section,
        key=key,
        data=clean,
        created_by=by,
        updated_by=by,
    )
    session.add(entry)
    _revision(session, workspace, "library", section, key, "create", 1, clean, by)
    return entry


def _update_entry(session, workspace, entry: LibraryEntry, key, clean, by) -> None:
    entry.key, entry.data, entry.updated_by = key, clean, by
    flush(session, f"{entry.section} entry")  # bumps the version, or raises ConflictError
    _revision(session, workspace, "library", entry.section, key, "update", entry.version, clean, by)


def delete_library_entry(session, workspace, section, key, by, *, expected_version=None) -> None:
    entry = session.scalar(
        select(LibraryEntry).where(
            LibraryEntry.workspace_id == workspace.id,
            LibraryEntry.section == section,
            LibraryEntry.key == key,
        )
    )
    if entry is None:
        raise NotFound(f"no {section} entry {key!r}")
    check_version(entry, expected_version, f"{section} entry {key!r}")
    from .records import _deleted_by

    _deleted_by(session, by)
    _revision(session, workspace, "library", section, key, "delete", entry.version + 1, None, by)
    session.delete(entry)
    flush(session, f"{section} entry")


def history(session: Session, workspace: Workspace, kind: str, section: str, key: str):
    return list(
        session.scalars(
            select(Revision)
            .where(
                Revision.workspace_id == workspace.id,
                Revision.kind == kind,
                Revision.section == section,
                Revision.key == key,
            )
            .order_by(Revision.id)
        )
    )


def load_workspace_library(session: Session, workspace: Workspace) -> Library:
    sections: dict[str, list[Any]] = {}
    for entry in library_entries(session, workspace):
        sections.setdefault(entry.section, []).append(entry.data)
    return library_from_sections(f"{workspace.name} library", sections)


def replace_library(session: Session, workspace: Workspace, library: Library, by: str) -> int:
    """Make the workspace library equal ``library`` (YAML import); each change is a revision."""
    wanted: dict[tuple[str, str], Any] = {}
    for section, items in library_sections(library).items():
        for data in [items] if section == "vocab" else items:
            wanted[(section, entry_key(section, data))] = data
    current = {(e.section, e.key): e for e in library_entries(session, workspace)}
    changes = 0
    for section, key in current.keys() - wanted.keys():
        delete_library_entry(session, workspace, section, key, by)
        changes += 1
    note_member(session, workspace, by)
    for (section, key), data in wanted.items():
        clean = _validated(section, data)[1]
        existing = current.get((section, key))
        if existing is None:
            _create_entry(session, workspace, section, key, clean, by)
        elif existing.data != clean:
            _update_entry(session, workspace, existing, key, clean, by)
        else:
            continue
        changes += 1
    flush(session, "library")
    return changes


# ---- audiences -----------------------------------------------------------------


def audience_profiles(session: Session, workspace: Workspace) -> list[AudienceProfile]:
    return list(
        session.scalars(
            select(AudienceProfile)
            .where(AudienceProfile.workspace_id == workspace.id)
            .order_by(AudienceProfile.id)
        )
    )


def save_audience(
    session: Session,
    workspace: Workspace,
    data: dict[str, Any],
    by: str,
    *,
    expected_version: int | None = None,
    custom: bool | None = None,
) -> AudienceProfile:
    try:
        audience = Audience.model_validate(data)
    except Exception as exc:  # pydantic.ValidationError, with field names
        raise InvalidRecord(f"Not saved: audience {data.get('id', '')}: {exc}") from None
    clean = audience.model_dump(mode="json")
    profile = session.scalar(
        select(AudienceProfile).where(
            AudienceProfile.workspace_id == workspace.id, AudienceProfile.key == audience.id
        )
    )
    note_member(session, workspace, by)
    if profile is None:
        profile = AudienceProfile(
            workspace_id=workspace.id,
            key=audience.id,
            data=clean,
            custom=True if custom is None else custom,
            created_by=by,
            updated_by=by,
        )
        session.add(profile)
        flush(session, "audience")
        _revision(session, workspace, "audience", "audiences", audience.id, "create", 1, clean, by)
        return profile
    check_version(profile, expected_version, f"audience {audience.id!r}")
    profile.data, profile.updated_by = clean, by
    flush(session, "audience")
    _revision(
        session,
        workspace,
        "audience",
        "audiences",
        audience.id,
        "update",
        profile.version,
        clean,
        by,
    )
    return profile


def load_workspace_audiences(session: Session, workspace: Workspace) -> AudienceSet:
    return AudienceSet(
        [Audience.model_validate(p.data) for p in audience_profiles(session, workspace)]
    )


def documents_stamp(session: Session, workspace: Workspace) -> int:
    """Changes whenever a library entry or audience changes: a cache key for the UI."""
    from sqlalchemy import func

    return session.scalar(
        select(func.coalesce(func.max(Revision.id), 0)).where(Revision.workspace_id == workspace.id)
    )
