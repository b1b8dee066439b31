"""The rows of the plan form's tables (SMART objectives, milestones) as what to save.

Empty rows (the editor's blank last row) are skipped. A row that has something in it
but not its main text (an objective's wording, a milestone's title) cannot be saved
and must not vanish either: it is refused with a message naming the row.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any


class RowRefused(ValueError):
    """A table row that has content but not its main text; the message names it."""


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _which(kind: str, numbers: list[int]) -> str:
    """'Objective row 2 has', 'Milestone rows 1, 3 have'."""
    many = len(numbers) > 1
    listed = ", ".join(str(n) for n in numbers)
    return f"{kind} row{'s' if many else ''} {listed} {'have' if many else 'has'}"


def objective_rows(rows: Iterable[Mapping[str, Any]]) -> list[dict[str, str]]:
    """Objectives to save: each row's non-empty text cells, trimmed."""
    out: list[dict[str, str]] = []
    missing: list[int] = []
    for number, row in enumerate(rows, 1):
        cells = {key: _text(value) for key, value in row.items() if _text(value)}
        if not cells:
            continue
        if "text" not in cells:
            missing.append(number)
            continue
        out.append(cells)
    if missing:
        raise RowRefused(
            f"{_which('Objective', missing)} a measure, a target or a date but no "
            "objective. Write the objective, or clear the row."
        )
    return out


def milestone_rows(rows: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Milestones to save: title (trimmed), due date (a date or None), done.
    ``due_on`` must already be a date or None (the page converts the editor's cells)."""
    out: list[dict[str, Any]] = []
    missing: list[int] = []
    for number, row in enumerate(rows, 1):
        title = _text(row.get("title"))
        due_on = row.get("due_on")
        done = bool(row.get("done"))
        if not title:
            if isinstance(due_on, date) or done:
                missing.append(number)
            continue
        out.append({"title": title, "due_on": due_on if isinstance(due_on, date) else None,
                    "done": done})  # fmt: skip
    if missing:
        raise RowRefused(
            f"{_which('Milestone', missing)} a due date or a tick but no title. Name "
            "the milestone, or clear the row."
        )
    return out
