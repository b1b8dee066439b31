"""Import a survey export: parse it whole, check it, then write it in one transaction."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from .imports import SurveyFileError, parse_survey


def import_survey(
    session,
    workspace,
    by: str,
    raw: bytes,
    name: str,
    *,
    fmt: str = "auto",
    mapping: dict[str, str] | None = None,
    audience: str | None = None,
    channel: str | None = None,
    plan_id: int | None = None,
    known_audiences: set[str] | None = None,
    keep_identifying: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, Any]:
    """Returns {"imported", "skipped", "duplicates", "warnings"}; ``imported`` counts
    submissions (one per respondent row). Raises SurveyFileError, writing nothing,
    when the file or a row cannot be imported."""
    from commplan.store.records import bulk_add_responses

    batch = parse_survey(raw, name, fmt=fmt, mapping=mapping, keep_identifying=keep_identifying)
    warnings = list(batch.warnings)
    undated = 0
    rows = []
    for sub in batch.submissions:
        who = sub.audience or audience
        if not who:
            raise SurveyFileError(
                f"{name}: row {sub.row}: no audience; pass --audience, or map a column to it"
            )
        if known_audiences is not None and who not in known_audiences:
            raise SurveyFileError(f"{name}: row {sub.row}: unknown audience {who!r}")
        if sub.received_on is None:
            undated += 1
        rows.append(
            {
                "audience_key": who,
                "channel": sub.channel or channel or batch.layout,
                "plan_id": plan_id,
                "received_on": sub.received_on or date.today(),
                "answers": sub.answers,
                "ratings": sub.ratings,
                "external_id": sub.external_id,
                "source": f"import:{batch.layout}",
                "respondent": sub.respondent,
            }
        )
    if undated:
        warnings.append(f"{undated} submissions had no date; they are dated today")
    total = len(rows)
    inserted, duplicates = bulk_add_responses(
        session,
        workspace,
        by,
        rows,
        progress=(lambda done: progress(done, total)) if progress else None,
    )
    return {
        "imported": inserted,
        "skipped": batch.skipped,
        "duplicates": duplicates,
        "warnings": warnings,
    }
