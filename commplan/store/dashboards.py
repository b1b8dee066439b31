"""Aggregates behind the listening dashboards and the participation check.

Every figure is a GROUP BY in the database (never every response loaded into
Python): responses counted by audience, channel, theme, sentiment, status, plan,
week or month, under the dashboard filters (date range, audiences, channels,
plan). Plain functions over a Session, like ``review``; callers own the
transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from .models import ListeningLoop, Plan, PlanItem, Response, ResponseTheme, Workspace

DIMENSIONS = ("audience", "channel", "theme", "sentiment", "status", "plan", "week", "month")


@dataclass(frozen=True)
class Filters:
    """The dashboard filters; an empty one does not filter. Within a filter the
    values are alternatives (audience A or B); dates are inclusive."""

    since: date | None = None
    until: date | None = None
    audiences: tuple[str, ...] = ()
    channels: tuple[str, ...] = ()
    plan_id: int | None = None

    def __post_init__(self) -> None:
        if self.since and self.until and self.since > self.until:
            raise ValueError(
                f"the date range starts after it ends ({self.since:%Y-%m-%d} is after "
                f"{self.until:%Y-%m-%d})"
            )

    def where(self, workspace: Workspace) -> list[ColumnElement[bool]]:
        where: list[ColumnElement[bool]] = [Response.workspace_id == workspace.id]
        if self.plan_id is not None:
            where.append(Response.plan_id == self.plan_id)
        if self.audiences:
            where.append(Response.audience_key.in_(list(self.audiences)))
        if self.channels:
            where.append(Response.channel.in_(list(self.channels)))
        if self.since is not None:
            where.append(Response.received_on >= self.since)
        if self.until is not None:
            where.append(Response.received_on <= self.until)
        return where


def _month(dialect: str):
    """The month of received_on as "YYYY-MM", in the backend's own SQL."""
    if dialect == "postgresql":
        return func.to_char(Response.received_on, "YYYY-MM")
    return func.strftime("%Y-%m", Response.received_on)


def _column(dialect: str, dimension: str):
    if dimension == "audience":
        return Response.audience_key
    if dimension == "channel":
        return Response.channel
    if dimension == "theme":
        return ResponseTheme.theme
    if dimension == "sentiment":
        return Response.sentiment
    if dimension == "status":
        return Response.status
    if dimension == "plan":
        return Response.plan_id
    if dimension == "week":
        return Response.received_week
    if dimension == "month":
        return _month(dialect)
    raise ValueError(f"unknown dimension {dimension!r}; use one of {', '.join(DIMENSIONS)}")


def grouped_counts(
    session: Session,
    workspace: Workspace,
    by: Sequence[str],
    filters: Filters = Filters(),
) -> list[tuple[Any, ...]]:
    """Rows of (value per dimension in ``by``..., responses), ordered by the values.

    A response with several themes counts once per theme; one with none has theme
    None ("not yet themed"). Sentiment None is "not analysed"; plan None is "not
    linked to a plan"; channel "" is "no channel recorded"."""
    rows = session.execute(grouped_query(session.get_bind().dialect.name, workspace, by, filters))
    return [tuple(row) for row in rows]


def grouped_query(dialect: str, workspace: Workspace, by: Sequence[str], filters: Filters):
    """The SELECT of ``grouped_counts`` for a backend ("sqlite" or "postgresql")."""
    if not by:
        raise ValueError("name at least one dimension to count by")
    columns = [_column(dialect, d) for d in by]
    query = select(*columns, func.count()).select_from(Response)
    if "theme" in by:
        query = query.outerjoin(ResponseTheme, ResponseTheme.response_id == Response.id)
    return query.where(*filters.where(workspace)).group_by(*columns).order_by(*columns)


def theme_counts(
    session: Session, workspace: Workspace, filters: Filters = Filters()
) -> list[tuple[str | None, int]]:
    """(theme, responses) as ``grouped_counts(["theme"])`` gives them (None: not yet
    themed, first). With no filter, from the themes alone: their index counted by
    theme, and the responses with no theme as all of them less those with one,
    without joining every response to its themes (two scans of an index instead)."""
    if filters != Filters():
        rows = grouped_counts(session, workspace, ["theme"], filters)
    else:
        themed = session.execute(
            select(ResponseTheme.theme, func.count())
            .where(ResponseTheme.workspace_id == workspace.id)
            .group_by(ResponseTheme.theme)
        ).all()
        untagged = session.scalar(
            select(
                select(func.count())
                .select_from(Response)
                .where(Response.workspace_id == workspace.id)
                .scalar_subquery()
                - select(func.count(ResponseTheme.response_id.distinct()))
                .where(ResponseTheme.workspace_id == workspace.id)
                .scalar_subquery()
            )
        )
        rows = [*([(None, untagged)] if untagged else []), *themed]
    return sorted(((t, n) for t, n in rows), key=lambda row: (row[0] is not None, row[0] or ""))


def total(session: Session, workspace: Workspace, filters: Filters = Filters()) -> int:
    return session.scalar(
        select(func.count()).select_from(Response).where(*filters.where(workspace))
    ) or 0


def date_span(session: Session, workspace: Workspace) -> tuple[date | None, date | None]:
    """The first and last day a response was received in the workspace."""
    first, last = session.execute(
        select(func.min(Response.received_on), func.max(Response.received_on)).where(
            Response.workspace_id == workspace.id
        )
    ).one()
    return first, last


@dataclass(frozen=True)
class ListeningTarget:
    """An audience a plan means to hear from: a plan item with a listening loop."""

    plan_id: int
    plan_name: str
    plan_status: str
    audience: str
    channel: str
    next_follow_up: date | None


def listening_targets(
    session: Session,
    workspace: Workspace,
    *,
    plan_id: int | None = None,
    audiences: Iterable[str] = (),
) -> list[ListeningTarget]:
    """Every (plan, audience) with a listening loop, by plan name then audience."""
    query = (
        select(
            Plan.id, Plan.name, Plan.status, PlanItem.audience_key, ListeningLoop.channel,
            ListeningLoop.next_follow_up,
        )
        .join(PlanItem, PlanItem.plan_id == Plan.id)
        .join(ListeningLoop, ListeningLoop.plan_item_id == PlanItem.id)
        .where(Plan.workspace_id == workspace.id)
        .order_by(Plan.name, PlanItem.audience_key)
    )
    if plan_id is not None:
        query = query.where(Plan.id == plan_id)
    if audiences := list(audiences):
        query = query.where(PlanItem.audience_key.in_(audiences))
    return [ListeningTarget(*row) for row in session.execute(query)]


def plan_names(session: Session, workspace: Workspace) -> dict[int, str]:
    """Plan id -> name, for the filter and the labels."""
    rows = session.execute(
        select(Plan.id, Plan.name).where(Plan.workspace_id == workspace.id).order_by(Plan.name)
    )
    return {plan_id: name for plan_id, name in rows}


# The dimensions of one scan that every response-level figure of the dashboard is
# summed from (``rollup``): at most plans x audiences x channels x 5 x 3 rows,
# whatever the number of responses.
CUBE = ("plan", "audience", "channel", "sentiment", "status")


def cube(session: Session, workspace: Workspace, filters: Filters = Filters()) -> list[tuple]:
    """Responses counted by plan, audience, channel, sentiment and status at once
    (read from the index ix_responses_dashboard, in its order)."""
    return grouped_counts(session, workspace, CUBE, filters)


def cube_query(dialect: str, workspace: Workspace, filters: Filters = Filters()):
    return grouped_query(dialect, workspace, CUBE, filters)


def rollup(
    rows: Iterable[tuple[Any, ...]], columns: Sequence[str], by: Sequence[str]
) -> list[tuple[Any, ...]]:
    """Counts of ``rows`` (values for ``columns``, then a count) summed over the
    dimensions not in ``by``: what grouped_counts(by) would return, without asking
    the database again. Ordered like grouped_counts (None first)."""
    positions = [columns.index(b) for b in by]
    sums: dict[tuple[Any, ...], int] = {}
    for row in rows:
        key = tuple(row[i] for i in positions)
        sums[key] = sums.get(key, 0) + row[-1]
    ordered = sorted(sums.items(), key=lambda kv: [(v is not None, v) for v in kv[0]])
    return [(*key, count) for key, count in ordered]


def data_stamp(session: Session, workspace: Workspace) -> tuple[int, int]:
    """(responses, highest id) in the workspace: changes whenever a response is added
    or deleted (from an index, without reading the responses)."""
    count, highest = session.execute(
        select(func.count(), func.max(Response.id)).where(Response.workspace_id == workspace.id)
    ).one()
    return count or 0, highest or 0


def audience_keys(session: Session, workspace: Workspace) -> list[str]:
    """Every audience a response was recorded for, alphabetically (for the filter)."""
    return list(
        session.scalars(
            select(Response.audience_key)
            .where(Response.workspace_id == workspace.id)
            .distinct()
            .order_by(Response.audience_key)
        )
    )
