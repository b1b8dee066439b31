"""Import a survey export: parse it whole, check it, then write it in one transaction."""

from __future__ import annotations

import gc
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import date
from typing import Any, BinaryIO

from .imports import (
    DEFAULT_LIMITS,
    Limits,
    SurveyBatch,
    SurveyFileError,
    parse_survey,
    suggest_value_mapping,
    survey_channel,
)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building large, acyclic structures.

    A 100k-row import allocates millions of lists and tuples; each allocation burst
    triggers a collection that rescans everything still alive, which costs about a
    third of the import (1.2 of 4.2 s measured). Reference counting still frees memory
    as usual; anything that does form a cycle is collected once the collector is back.
    The collector is process-wide, so it is only re-enabled if it was on when we began."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def import_survey(
    session,
    workspace,
    by: str,
    raw: bytes | BinaryIO,
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
    limits: Limits = DEFAULT_LIMITS,
    value_map: Mapping[str, Mapping[str, str]] | None = None,
    audience_names: Mapping[str, str] | None = None,
    date_order: str = "auto",
) -> dict[str, Any]:
    """Returns {"imported", "skipped", "duplicates", "warnings", "skipped_by_cause",
    "audiences", "message"}; ``imported`` counts submissions (one per respondent
    row), ``skipped_by_cause`` the skipped rows by why ("test previews", "no
    answers"), ``audiences`` what each answer of the audience column was recorded as,
    and ``message`` says it all in a sentence (import_message). Raises
    SurveyFileError, writing nothing, when the file or a row cannot be imported.

    A column mapped to audience holds answers such as "Parent/guardian": ``value_map``
    ({column: {answer: audience id}}) says what they mean; with ``audience_names``
    (id -> name), answers it leaves out get the obvious audience where there is one
    (suggest_value_mapping). An answer still unmapped is recorded under ``audience``
    (the default) and reported in a warning, or, with no default, refused by name."""
    with collector_paused():
        return _import(
            session, workspace, by, raw, name, fmt=fmt, mapping=mapping, audience=audience,
            channel=channel, plan_id=plan_id, known_audiences=known_audiences,
            keep_identifying=keep_identifying, progress=progress, limits=limits,
            value_map=value_map, audience_names=audience_names, date_order=date_order,
        )  # fmt: skip


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n:,} {one if n == 1 else (many or one + 's')}"


# Why rows were skipped: (said alone, singular and plural; said with its count).
SKIP_CAUSES = {
    "test previews": ("test preview", "test previews", "{n} test preview{s}"),
    "no answers": ("no answers", "no answers", "{n} with no answers"),
    "spam": ("marked as spam", "marked as spam", "{n} marked as spam"),
}


def import_message(result: Mapping[str, Any]) -> str:
    """What an import did, in a sentence: "12 new responses; 3 rows skipped (test
    previews)", "0 new responses, 8 already imported"."""
    said = _plural(result.get("imported", 0), "new response")
    if result.get("duplicates"):
        said += f", {result['duplicates']:,} already imported"
        ids = result.get("already_recorded") or []
        if ids:
            said += f" ({_id_ranges(ids)}, left as they were)"
    skipped = result.get("skipped", 0)
    if skipped:
        causes = {c: n for c, n in (result.get("skipped_by_cause") or {}).items() if n}
        said += f"; {_plural(skipped, 'row')} skipped"
        if len(causes) == 1 and sum(causes.values()) == skipped:
            (cause, n), = causes.items()
            one, many, _ = SKIP_CAUSES.get(cause, (cause, cause, ""))
            said += f" ({one if n == 1 else many})"
        elif causes:
            counted = [
                SKIP_CAUSES[c][2].format(n=f"{n:,}", s="" if n == 1 else "s")
                if c in SKIP_CAUSES else f"{n:,} {c}"
                for c, n in causes.items()
            ]  # fmt: skip
            said += f" ({', '.join(counted)})"
    return said


def _id_ranges(ids: list[int], most: int = 8) -> str:
    """#3–#8, #12 for ids [3, 4, 5, 6, 7, 8, 12]; the first ``most`` runs, then how many more."""
    runs: list[list[int]] = []
    for i in sorted(set(ids)):
        if runs and i == runs[-1][1] + 1:
            runs[-1][1] = i
        else:
            runs.append([i, i])
    shown = [f"#{a}" if a == b else f"#{a}–#{b}" for a, b in runs[:most]]
    more = sum(b - a + 1 for a, b in runs[most:])
    return ", ".join(shown) + (f" and {more:,} more" if more else "")


def _check_plan(session, workspace, plan_id: int) -> None:
    """Refuse, before reading the file, a plan that is not in this workspace (the
    database would refuse it only at the insert, as a raw constraint error)."""
    from commplan.store.errors import NotFound
    from commplan.store.records import get_plan

    try:
        plan = get_plan(session, plan_id)
    except NotFound:
        plan = None
    if plan is None or plan.workspace_id != workspace.id:
        raise SurveyFileError(
            f"there is no plan with id {plan_id} in workspace {workspace.name!r}; "
            "nothing was imported (leave the plan out, or pick one that exists)"
        )


def _answers_listed(counts: Counter, first_rows: dict[str, int] | None = None) -> str:
    shown = [
        f"{value!r} ({_plural(n, 'row')}"
        + (f", row {first_rows[value]})" if first_rows else ")")
        for value, n in counts.most_common(10)
    ]
    more = len(counts) - len(shown)
    return ", ".join(shown) + (f" and {more:,} more" if more > 0 else "")


def resolve_audiences(
    batch: SurveyBatch, name: str, audience: str | None, known: set[str] | None,
    names: Mapping[str, str] | None, value_map: Mapping[str, Mapping[str, str]] | None,
) -> tuple[dict[str, str], list[str]]:  # fmt: skip
    """Each answer of the audience column -> the audience recorded, set on the
    submissions; and the warnings. Raises SurveyFileError naming the answers that
    are not audiences when there is no default to record them under.

    The import calls it; so can a preview, on the batch parse_survey gave (with the
    same value_map), to show who each row will be recorded as, and the warnings,
    before anything is written."""
    column = batch.audience_column
    if column is None:
        return {}, []
    for values in (value_map or {}).values():
        for value, target in values.items():
            if known is not None and target not in known:
                raise SurveyFileError(
                    f"{name}: --value {value}={target}: unknown audience {target!r}; "
                    f"known: {', '.join(sorted(known))}; nothing was imported"
                )
    meant: dict[str, str | None] = {}  # answer as written -> audience, or None
    for sub in batch.submissions:
        answer = sub.audience_answer
        if answer is None or answer in meant:
            continue
        mapped = sub.audience  # the value map's reading, or the answer itself
        if known is None or mapped in known:
            meant[answer] = mapped
        elif names:
            meant[answer] = suggest_value_mapping([answer], names)[answer]
        else:
            meant[answer] = None
    unmapped: Counter = Counter()
    first_rows: dict[str, int] = {}
    blank = 0
    for sub in batch.submissions:
        if sub.audience_answer is None:
            blank += 1
            continue
        target = meant[sub.audience_answer]
        if target is None:
            unmapped[sub.audience_answer] += 1
            first_rows.setdefault(sub.audience_answer, sub.row)
            sub.audience = None
        else:
            sub.audience = target
    warnings = []
    if unmapped and not audience:
        raise SurveyFileError(
            f"{name}: {_plural(unmapped.total(), 'row')} gave an answer to {column!r} that "
            f"is not an audience: {_answers_listed(unmapped, first_rows)}; nothing was "
            "imported. Say which audience each means with --value 'ANSWER=AUDIENCE' (e.g. "
            f"--value {next(iter(unmapped))!r}=general_public), or give a default audience "
            "for the rest with --audience"
        )
    if unmapped:
        warnings.append(
            f"{name}: {_plural(unmapped.total(), 'row')} gave an answer to {column!r} that is "
            f"not mapped to an audience: {_answers_listed(unmapped)}; they are recorded under "
            f"the default audience, {audience}. To record them otherwise, map each answer "
            "(--value 'ANSWER=AUDIENCE', or in the app's preview) and import again"
        )
    if blank and audience:
        warnings.append(
            f"{name}: {_plural(blank, 'row')} left {column!r} blank; they are recorded under "
            f"the default audience, {audience}"
        )
    return {a: t for a, t in meant.items() if t is not None}, warnings


def _import(session, workspace, by, raw, name, *, fmt, mapping, audience, channel, plan_id,
            known_audiences, keep_identifying, progress, limits, value_map, audience_names,
            date_order) -> dict[str, Any]:  # fmt: skip
    from commplan.store.records import bulk_add_responses, content_hash

    channel = " ".join((channel or "").split()) or None  # blank: the survey's own name
    if plan_id is not None:
        _check_plan(session, workspace, plan_id)
    if audience and known_audiences is not None and audience not in known_audiences:
        raise SurveyFileError(f"{name}: unknown audience {audience!r}; nothing was imported")
    batch = parse_survey(
        raw, name, fmt=fmt, mapping=mapping, keep_identifying=keep_identifying, limits=limits,
        value_map=value_map, date_order=date_order, identities=True,
    )  # fmt: skip
    meant, audience_warnings = resolve_audiences(
        batch, name, audience, known_audiences, audience_names, value_map
    )
    warnings = list(batch.warnings) + audience_warnings
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
        received = sub.received_on or date.today()
        source = f"import:{batch.layout}"
        # Who the row is, whatever the mapping (Submission.identity): a response id as
        # an earlier import recorded it, or the row's cells. Rows imported before this
        # identity existed were recorded by their content as read then: that is
        # checked too, so they are not imported twice either; and so are rows recorded
        # by their cells in the file's column order (before the identity followed the
        # columns by name, so that a re-export with its columns moved is the same rows).
        kind, key = sub.identity or ("", "")
        if kind == "id":
            identity = content_hash(who, received, [], key, f"import:{batch.detected}")
        else:
            identity = key or None
        before = (sub.identity_before,) if identity and sub.identity_before else ()
        rows.append(
            {
                "audience_key": who,
                "channel": sub.channel or channel or survey_channel(batch.layout),
                "plan_id": plan_id,
                "received_on": received,
                "answers": sub.answers,
                "ratings": sub.ratings,
                "external_id": sub.external_id,
                "source": source,
                "respondent": sub.respondent,
                "identity": identity,
                "also_known_as": before,
                "also_by_content": True,
            }
        )
    if undated:
        warnings.append(
            f"{_plural(undated, 'submission')} had no date; "
            f"{'it is' if undated == 1 else 'they are'} dated today"
        )
    total = len(rows)
    matched: list[int] = []
    inserted, duplicates = bulk_add_responses(
        session,
        workspace,
        by,
        rows,
        progress=(lambda done: progress(done, total)) if progress else None,
        matched=matched,
    )
    result = {
        "imported": inserted,
        "skipped": batch.skipped,
        "duplicates": duplicates,
        "warnings": warnings,
        "skipped_by_cause": dict(batch.skipped_by_cause),
        "audiences": meant,
    }
    if matched:
        # Which responses the file's rows were already recorded as: left as they were.
        ids = result["already_recorded"] = sorted(set(matched))
        one = len(ids) == 1
        warnings.append(
            f"{name}: {_plural(duplicates, 'row')} {'was' if duplicates == 1 else 'were'} "
            f"already imported, as response{'' if one else 's'} {_id_ranges(ids)}: "
            f"{'it is' if one else 'they are'} left as {'it was' if one else 'they were'}; "
            "this import's column choices (audience, answers) were not applied to "
            f"{'it' if one else 'them'}. To record {'it' if one else 'them'} with these "
            "choices, delete them (Feedback, Review) and import again"
        )
    result["message"] = import_message(result)
    return result
