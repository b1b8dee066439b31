"""What a plan is missing, and when things are due.

Strategic communication is purposeful (every audience is asked to do something)
and bidirectional (every audience has a listening loop that someone follows up).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from commplan.wording import plural

from .model import PlanView


@dataclass(frozen=True)
class Gap:
    kind: str  # no_listening_loop, follow_up_overdue, message_not_drafted, ...
    severity: str  # warning | suggestion
    message: str
    item_id: int | None = None


def gaps(
    plan: PlanView,
    today: date,
    drafted_messages: Iterable[str] = (),
) -> list[Gap]:
    """The plan's gaps as a checklist. ``drafted_messages`` are the key-message ids
    that at least one saved draft variant of this plan carries."""
    drafted = set(drafted_messages)
    out: list[Gap] = []
    if not plan.items:
        out.append(Gap("no_audiences", "warning", "The plan has no audiences yet."))
    if not plan.objectives:
        out.append(
            Gap(
                "no_objectives",
                "suggestion",
                "Add at least one SMART objective (specific, measurable, with a date).",
            )
        )
    if not plan.theory_of_action.strip():
        out.append(
            Gap(
                "no_theory_of_action",
                "suggestion",
                "State the theory of action: 'If we ..., then ... will ...'.",
            )
        )
    for item in plan.items:
        who = item.audience_name
        loop = item.listening_loop
        if loop is None:
            out.append(
                Gap(
                    "no_listening_loop",
                    "warning",
                    f"{who}: no listening loop (how will they talk back?).",
                    item.id,
                )
            )
        else:
            if loop.next_follow_up and loop.next_follow_up < today:
                days = (today - loop.next_follow_up).days
                out.append(
                    Gap(
                        "follow_up_overdue",
                        "warning",
                        f"{who}: the follow-up was due {loop.next_follow_up:%b %d, %Y} "
                        f"({plural(days, 'day')} ago).",
                        item.id,
                    )
                )
            if not loop.next_follow_up:
                out.append(
                    Gap(
                        "no_follow_up_date",
                        "suggestion",
                        f"{who}: set the next follow-up date.",
                        item.id,
                    )
                )
            if not loop.questions:
                out.append(
                    Gap(
                        "no_listening_questions",
                        "suggestion",
                        f"{who}: add the questions you will ask.",
                        item.id,
                    )
                )
            if not loop.owner.strip():
                out.append(
                    Gap(
                        "no_loop_owner",
                        "suggestion",
                        f"{who}: name who owns the listening loop.",
                        item.id,
                    )
                )
        if not item.key_messages:
            out.append(
                Gap(
                    "no_key_message",
                    "suggestion",
                    f"{who}: choose a key message from the library.",
                    item.id,
                )
            )
        for message in item.key_messages:
            if message not in drafted:
                out.append(
                    Gap(
                        "message_not_drafted",
                        "suggestion",
                        f"{who}: no saved draft carries the key message "
                        f"'{plan.message_title(message)}' yet.",
                        item.id,
                    )
                )
        if not item.channels:
            out.append(Gap("no_channel", "suggestion", f"{who}: pick the channels.", item.id))
        if not item.owner.strip():
            out.append(Gap("no_owner", "suggestion", f"{who}: name an owner.", item.id))
    for m in plan.milestones:
        if m.due_on and m.due_on < today and not m.done:
            out.append(
                Gap(
                    "milestone_overdue",
                    "warning",
                    f"Milestone '{m.title}' was due {m.due_on:%b %d, %Y}.",
                )
            )
    return out


@dataclass(frozen=True)
class TimelineEvent:
    on: date
    kind: str  # milestone | follow_up
    title: str
    audience: str = ""
    done: bool = False

    def overdue(self, today: date) -> bool:
        return self.on < today and not self.done


def timeline(plan: PlanView) -> list[TimelineEvent]:
    events = [
        TimelineEvent(m.due_on, "milestone", m.title, done=m.done)
        for m in plan.milestones
        if m.due_on
    ]
    events += [
        TimelineEvent(
            i.listening_loop.next_follow_up,
            "follow_up",
            f"Follow up: {i.listening_loop.channel}",
            audience=i.audience_name,
        )
        for i in plan.items
        if i.listening_loop and i.listening_loop.next_follow_up
    ]
    return sorted(events, key=lambda e: (e.on, e.kind, e.title))
