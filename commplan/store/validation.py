"""Values checked before they are written, so SQLite and PostgreSQL agree.

PostgreSQL refuses a string longer than its ``String(n)`` column and any NUL
character; SQLite stores both. Every text value is checked here against its
column before a flush (one ``before_flush`` listener, driven by the column
types, for every model) and on the bulk insert path (``bulk_add_responses``),
so both backends refuse the same values with the same message, naming the
field and the limit. Rules:

- a ``String(n)`` value may have at most n characters;
- no C0 control character other than tab, line feed and carriage return, in any
  text, including the strings inside JSON documents;
- names, titles, labels, keys, themes and the people who made a change are one
  line: no line breaks.

Every pattern here is a single character class: linear in its input.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from sqlalchemy import JSON, String, event
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.orm import Session

from .base import Base
from .errors import InvalidRecord

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
LINE_BREAK = re.compile(r"[\n\r\x0b\x0c\x85\u2028\u2029]")
# Every byte but the control characters above: in UTF-8 those bytes stand only for
# themselves, so deleting these leaves nothing unless the text has one. One C pass,
# about ten times faster than the pattern on an import's worth of answers.
_NOT_CONTROL = bytes(b for b in range(256) if b >= 0x20 or b in (0x09, 0x0A, 0x0D))


def has_control(text: str) -> bool:
    """Whether the text has a control character refused by the rules above."""
    return bool(text.encode("utf-8", "surrogatepass").translate(None, _NOT_CONTROL))

# What a table's record is called in a message, where the table name does not say.
_NOUNS = {
    "library_entries": "library entry",
    "audiences": "audience profile",
    "response_answers": "response",
    "response_themes": "response",
    "variant_outcomes": "outcome",
}
# Records people know by another name: "the audience's messenger" (an audience in a
# plan), not "the plan item messenger".
_POSSESSIVE = {"plan_items": "audience's", "listening_loops": "listening loop's"}
_SINGLE_LINE = {"name", "title", "label", "key", "theme", "section", "kind", "role"}


def record_noun(table: str) -> str:
    return _NOUNS.get(table) or table.removesuffix("s").replace("_", " ")


def single_line(column: str) -> bool:
    return column in _SINGLE_LINE or column.endswith(("_key", "_by"))


def field_label(table: str, column: str) -> str:
    """'the plan name', 'the response audience key'."""
    if column.endswith("_by"):
        return "the name of the person making the change"
    if table in _POSSESSIVE:
        return f"the {_POSSESSIVE[table]} {column.replace('_', ' ')}"
    return f"the {record_noun(table)} {column.replace('_', ' ')}"


def check_text(
    what: str, value: str, limit: int | None = None, one_line: bool = False, plural=False
) -> None:
    """Raise InvalidRecord naming ``what`` if ``value`` breaks a rule above."""
    if limit is not None and len(value) > limit:
        raise InvalidRecord(
            f"Not saved: {what} is {len(value):,} characters long; the limit is {limit:,}."
        )
    found = CONTROL.search(value)
    if found:
        verb = "contain" if plural else "contains"
        raise InvalidRecord(
            f"Not saved: {what} {verb} a control character (U+{ord(found.group()):04X}) at "
            f"character {found.start() + 1}; remove it and try again."
        )
    if one_line and LINE_BREAK.search(value):
        raise InvalidRecord(f"Not saved: {what} cannot contain a line break.")


def check_document(what: str, value: Any, plural: bool = False) -> None:
    """The strings in a JSON document (keys and values, at any depth)."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            check_text(what, item, plural=plural)
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list | tuple):
            stack.extend(item)


@cache
def _rules(cls) -> tuple[tuple[str, str, int | None, bool, bool, bool], ...]:
    """(attribute, label, limit, one line, is a document, plural) for each text column."""
    rules = []
    for prop in sa_inspect(cls).column_attrs:
        column = prop.columns[0]
        if column.table is None or not hasattr(column.table, "name"):
            continue
        label = field_label(column.table.name, column.name)
        if isinstance(column.type, JSON):
            rules.append((prop.key, label, None, False, True, column.name.endswith("s")))
        elif isinstance(column.type, String):
            limit = column.type.length
            rules.append((prop.key, label, limit, single_line(column.name), False, False))
    return tuple(rules)


def check_record(record, only: set[str] | None = None) -> None:
    """Check a model instance's text values (``only`` these attributes, if given)."""
    for key, label, limit, one_line, document, plural in _rules(type(record)):
        if only is not None and key not in only:
            continue
        value = getattr(record, key, None)
        if value is None:
            continue
        if document:
            check_document(label, value, plural)
        elif isinstance(value, str):
            check_text(label, value, limit, one_line)


def _changed(record) -> set[str]:
    state = sa_inspect(record)
    return {attr.key for attr in state.attrs if attr.history.has_changes()}


@event.listens_for(Session, "before_flush")
def _validate_before_flush(session: Session, _context, _instances) -> None:
    """Runs before any SQL of the flush: a refused value leaves the session usable."""
    for record in session.new:
        if isinstance(record, Base):
            check_record(record)
    for record in session.dirty:
        if isinstance(record, Base) and session.is_modified(record):
            check_record(record, _changed(record))
