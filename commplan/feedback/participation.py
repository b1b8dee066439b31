"""Who took part, against who the plans mean to hear from.

Each plan audience with a listening loop is a group the team means to hear. Its
responses are those linked to the plan from that audience; the plan's total is
what its planned audiences said. A group is flagged, in plain words, when:

- nobody from it has answered yet ("No responses yet from ..."), or
- it is far below its share: with at least ``min_total`` responses to the plan,
  less than ``low_share`` of an even share across the plan's audiences (with the
  defaults: under a quarter of an even share, e.g. under 8% when three audiences
  share the listening), or
- it answered, but never through the listening channel the plan set up.

Pure: the counts come from the store (GROUP BY queries in
``commplan.store.dashboards``); nothing here touches the database.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Protocol

LOW_SHARE = 0.25  # of an even share
MIN_TOTAL = 20  # responses to a plan before shares mean anything


class Target(Protocol):
    plan_id: int
    plan_name: str
    plan_status: str
    audience: str
    channel: str
    next_follow_up: date | None


@dataclass(frozen=True)
class GroupParticipation:
    plan_id: int
    plan_name: str
    audience: str
    audience_name: str
    channel: str  # the planned listening channel
    responses: int  # linked to the plan, from this audience
    through_channel: int  # of those, through the planned channel
    unlinked: int  # responses from this audience linked to no plan
    plan_total: int  # responses to the plan from its planned audiences
    planned_groups: int  # audiences with a listening loop in the plan
    state: str  # "none" | "low" | "channel" | "ok"
    message: str  # plain words; "" when nothing to flag

    @property
    def share(self) -> float | None:
        return self.responses / self.plan_total if self.plan_total else None

    @property
    def even_share(self) -> float:
        return 1 / self.planned_groups if self.planned_groups else 0.0


def _n(count: int, word: str) -> str:
    return f"{count:,} {word}" + ("" if count == 1 else "s")


def _percent(value: float) -> str:
    return f"{value:.0%}" if value >= 0.01 or value == 0 else "under 1%"


def participation(
    targets: Iterable[Target],
    by_plan_audience: Mapping[tuple[int | None, str], int],
    by_plan_audience_channel: Mapping[tuple[int | None, str, str], int],
    audience_names: Mapping[str, str],
    *,
    low_share: float = LOW_SHARE,
    min_total: int = MIN_TOTAL,
    skip_statuses: tuple[str, ...] = ("archived",),
) -> list[GroupParticipation]:
    """One row per planned group, the flagged ones first (none, low, channel), each
    kind by plan name then audience name.

    ``by_plan_audience``: responses per (plan id or None, audience);
    ``by_plan_audience_channel``: per (plan id or None, audience, channel), the
    channel as recorded (compared with the planned channel ignoring case and
    surrounding spaces)."""
    targets = [t for t in targets if t.plan_status not in skip_statuses]
    channels: dict[tuple[int | None, str, str], int] = {}
    for (plan_id, audience, channel), count in by_plan_audience_channel.items():
        key = (plan_id, audience, " ".join((channel or "").split()).casefold())
        channels[key] = channels.get(key, 0) + count
    groups: dict[int, list[Target]] = {}
    for t in targets:
        groups.setdefault(t.plan_id, []).append(t)
    out: list[GroupParticipation] = []
    for plan_targets in groups.values():
        audiences = {t.audience for t in plan_targets}
        plan_total = sum(by_plan_audience.get((plan_targets[0].plan_id, a), 0) for a in audiences)
        for t in plan_targets:
            name = audience_names.get(t.audience, t.audience)
            responses = by_plan_audience.get((t.plan_id, t.audience), 0)
            planned = " ".join(t.channel.split())
            through = channels.get((t.plan_id, t.audience, planned.casefold()), 0)
            unlinked = by_plan_audience.get((None, t.audience), 0)
            where = f"planned in '{t.plan_name}'"
            even = 1 / len(audiences)
            if responses == 0:
                state = "none"
                message = f"No responses yet from {name} ({where}, through {planned})."
                if unlinked:
                    message += (
                        f" {_n(unlinked, 'response')} from {name} "
                        f"{'is' if unlinked == 1 else 'are'} not linked to any plan."
                    )
            elif (
                len(audiences) > 1 and plan_total >= min_total
                and responses / plan_total < low_share * even
            ):  # fmt: skip
                state = "low"
                message = (
                    f"Only {_n(responses, 'response')} from {name} ({where}): "
                    f"{_percent(responses / plan_total)} of the plan's {plan_total:,}, where an "
                    f"even share across its {_n(len(audiences), 'audience')} would be "
                    f"{_percent(even)}."
                )
            elif through == 0:
                state = "channel"
                message = (
                    f"{name} answered {_n(responses, 'time')} ({where}), but none through "
                    f"the planned listening channel, {planned}."
                )
            else:
                state, message = "ok", ""
            out.append(
                GroupParticipation(
                    t.plan_id, t.plan_name, t.audience, name, planned, responses, through,
                    unlinked, plan_total, len(audiences), state, message,
                )
            )
    order = {"none": 0, "low": 1, "channel": 2, "ok": 3}
    out.sort(key=lambda g: (order[g.state], g.plan_name.casefold(), g.audience_name.casefold()))
    return out
