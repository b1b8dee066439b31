"""Errors the store raises, each with a message a communicator can act on."""

from __future__ import annotations

import re

from sqlalchemy.exc import DataError, IntegrityError, OperationalError


class StoreError(Exception):
    """Base class: something the store refused to do."""


class NotFound(StoreError):
    pass


class ConflictError(StoreError):
    """Someone else saved the record since it was read; nothing was overwritten."""


class InvalidRecord(StoreError):
    """A record breaks a rule of the schema (a constraint or a library schema)."""


class DatabaseBusy(StoreError):
    """Another writer (probably an import) held the database for longer than the busy
    timeout; nothing was saved, and trying again in a moment will work."""


class ImportRefused(StoreError):
    """An export file is malformed or from a newer commplan; nothing was imported."""


def check_version(record, expected_version: int | None, what: str) -> None:
    """Refuse an edit made to an older version than the one stored (lost update)."""
    if expected_version is not None and record.version != expected_version:
        raise ConflictError(
            f"Not saved: the {what} was changed by {record.updated_by} at "
            f"{record.updated_at:%Y-%m-%d %H:%M} UTC while you were editing it (it is now "
            f"version {record.version}; you started from version {expected_version}). "
            "Your changes were not saved; they are still in the form. Nothing was "
            "overwritten: reload to see their changes, then apply yours again."
        )


# Constraint name fragments -> what they protect, in the user's words.
_CONSTRAINT_MESSAGES = {
    "purposeful": "every audience in a plan needs a desired action (what we ask them to do)",
    "uq_plan_items_plan_id_audience_key": "this plan already has an item for that audience",
    "uq_plans_workspace_id_name": "a plan with that name already exists in this workspace",
    "uq_workspaces_name": "a workspace with that name already exists",
    "uq_listening_loops_plan_item_id": "this audience already has a listening loop",
    "uq_draft_versions_draft_id_number": "another version was saved at the same moment",
    "uq_themes_workspace_id_name": "a theme with that name already exists",
    "uq_message_tests_workspace_id_name": "a message test with that name already exists",
    "uq_members_workspace_id_name": "that person is already a member of this workspace",
    "uq_responses_workspace_id_content_hash": "this response has already been recorded",
    "channel_not_blank": "a listening loop needs a channel",
    "name_not_blank": "a name is required",
    "status_known": "that status is not one of the allowed values",
    "sentiment_known": "sentiment must be positive, neutral, mixed, negative or unknown",
    "value_in_range": "an outcome must be between 0 and 5",
    "uq_message_variants_test_id_label": "two variants of one test cannot share a label",
    "uq_library_entries_workspace_id_section_key": "an entry with that key already exists",
    "uq_audiences_workspace_id_key": "an audience with that id already exists",
    "FOREIGN KEY": "it refers to a record that does not exist",
    "foreign key": "it refers to a record that does not exist",
}


def _sqlite_forms() -> dict[str, str]:
    """SQLite names the columns ("UNIQUE constraint failed: plans.workspace_id,
    plans.name"), not the constraint; map that form to the same message."""
    from sqlalchemy import UniqueConstraint

    from .base import Base

    forms = {}
    for table in Base.metadata.tables.values():
        for constraint in table.constraints:
            if isinstance(constraint, UniqueConstraint):
                name = str(constraint.name)
                message = next((m for f, m in _CONSTRAINT_MESSAGES.items() if f in name), None)
                if message:
                    columns = ", ".join(f"{table.name}.{c.name}" for c in constraint.columns)
                    forms[f"UNIQUE constraint failed: {columns}"] = message
    return forms


def explain_integrity_error(exc: IntegrityError) -> InvalidRecord:
    text = str(exc.orig)
    for fragment, message in (_sqlite_forms() | _CONSTRAINT_MESSAGES).items():
        if fragment in text:
            return InvalidRecord(f"Not saved: {message}.")
    first = re.split(r"\n|\[SQL", text)[0].strip()
    return InvalidRecord(f"Not saved: the database refused the change ({first}).")


def explain_data_error(exc: DataError, what: str = "record") -> InvalidRecord:
    """A value the database cannot store (PostgreSQL: too long, NUL, not a number).
    Validation catches these first; this is the last line, without the SQL."""
    first = re.split(r"\n|\[SQL", str(exc.orig))[0].strip()
    return InvalidRecord(f"Not saved: the {what} has a value the database cannot store ({first}).")


def explain_operational_error(exc: OperationalError) -> StoreError:
    from .engine import BUSY_MESSAGE, _is_busy

    if _is_busy(exc.orig):
        return DatabaseBusy(BUSY_MESSAGE)
    first = re.split(r"\n|\[SQL", str(exc.orig))[0].strip()
    return StoreError(
        f"Nothing was saved: the database could not complete the change ({first}). "
        "Try again; if it keeps happening, tell whoever runs commplan."
    )
