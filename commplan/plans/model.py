"""A plan as plain, immutable data, detached from the database session."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

DOMAIN_NAMES = {
    "shared_goals": "Shared goals",
    "funding_and_policy": "Funding and policy",
    "capacity_building": "Capacity building",
    "data_use": "Data use",
    "strategic_communication": "Strategic communication",
    "interest_holder_engagement": "Interest holder engagement",
}


@dataclass(frozen=True)
class ListeningLoopView:
    channel: str
    questions: tuple[str, ...] = ()
    cadence: str = ""
    owner: str = ""
    next_follow_up: date | None = None
    version: int = 1


@dataclass(frozen=True)
class AudienceItem:
    id: int
    audience: str  # audience id
    audience_name: str
    desired_action: str
    key_messages: tuple[str, ...] = ()
    proof_points: tuple[str, ...] = ()
    messenger: str = ""
    channels: tuple[str, ...] = ()
    timing: str = ""
    owner: str = ""
    readiness: str = ""
    barriers: str = ""
    listening_loop: ListeningLoopView | None = None
    version: int = 1


@dataclass(frozen=True)
class Milestone:
    title: str
    due_on: date | None
    done: bool = False


@dataclass(frozen=True)
class PlanView:
    id: int
    name: str
    goal: str
    objectives: tuple[dict[str, Any], ...]
    theory_of_action: str
    domains: tuple[str, ...]
    status: str
    is_example: bool
    milestones: tuple[Milestone, ...] = ()
    items: tuple[AudienceItem, ...] = ()
    version: int = 1
    updated_by: str = ""
    key_message_titles: dict[str, str] = field(default_factory=dict)

    @property
    def domain_names(self) -> list[str]:
        return [DOMAIN_NAMES.get(d, d) for d in self.domains]

    def message_title(self, message_id: str) -> str:
        return self.key_message_titles.get(message_id, message_id)


def _objective(o: Any) -> dict[str, Any]:
    return dict(o) if isinstance(o, dict) else {"text": str(o)}


def plan_view(
    plan,
    audience_names: dict[str, str] | None = None,
    key_message_titles: dict[str, str] | None = None,
) -> PlanView:
    """Copy a stored plan (with items, loops and milestones loaded) into plain data."""
    names = audience_names or {}
    items = []
    for item in plan.items:
        loop = item.listening_loop
        items.append(
            AudienceItem(
                id=item.id,
                audience=item.audience_key,
                audience_name=names.get(item.audience_key, item.audience_key),
                desired_action=item.desired_action,
                key_messages=tuple(item.key_messages or ()),
                proof_points=tuple(item.proof_points or ()),
                messenger=item.messenger,
                channels=tuple(item.channels or ()),
                timing=item.timing,
                owner=item.owner,
                readiness=item.readiness,
                barriers=item.barriers,
                listening_loop=ListeningLoopView(
                    channel=loop.channel,
                    questions=tuple(loop.questions or ()),
                    cadence=loop.cadence,
                    owner=loop.owner,
                    next_follow_up=loop.next_follow_up,
                    version=loop.version,
                )
                if loop
                else None,
                version=item.version,
            )
        )
    return PlanView(
        id=plan.id,
        name=plan.name,
        goal=plan.goal,
        objectives=tuple(_objective(o) for o in plan.objectives or ()),
        theory_of_action=plan.theory_of_action,
        domains=tuple(plan.domains or ()),
        status=plan.status,
        is_example=plan.is_example,
        milestones=tuple(Milestone(m.title, m.due_on, m.done) for m in plan.milestones),
        items=tuple(items),
        version=plan.version,
        updated_by=plan.updated_by,
        key_message_titles=dict(key_message_titles or {}),
    )
