"""A new database starts with the default library and audience profiles."""

from __future__ import annotations

from sqlalchemy.orm import Session

from audiences import load_default_audiences
from message_library import load_default_library

from .documents import replace_library, save_audience
from .models import Workspace
from .workspaces import create_workspace

SEED_USER = "commplan"


def seed_workspace(session: Session, name: str, by: str = SEED_USER) -> Workspace:
    """A new workspace with the default library and audiences: one event in the
    activity log, not one per library entry."""
    from .audit import quiet, record

    with quiet(session):
        workspace = create_workspace(session, name, by)
        replace_library(session, workspace, load_default_library(), by)
        for audience in load_default_audiences():
            save_audience(session, workspace, audience.model_dump(mode="json"), by, custom=False)
    record(
        session,
        workspace.id,
        "created",
        "workspace",
        f"Workspace {workspace.name!r} created with the default library and audiences",
        entity_id=workspace.id,
        by=by,
    )
    return workspace


EXAMPLE_PLAN = "Example: Whole-child well-being communication plan"


def seed_example_plan(session: Session, workspace: Workspace, by: str = SEED_USER) -> None:
    """A clearly labelled example a new user can explore, edit or remove."""
    from datetime import date, timedelta

    from .records import add_plan_item, create_plan

    today = date.today()
    plan = create_plan(
        session,
        workspace,
        by,
        EXAMPLE_PLAN,
        is_example=True,
        status="active",
        goal="Families, educators and partners understand why whole-child well-being "
        "matters and take part in the new well-being supports this school year.",
        objectives=[
            {
                "text": "80% of families can name one well-being support at their school by May",
                "measure": "spring family survey",
                "target": "80%",
                "by": str(today.year + 1) + "-05-31",
            },
            {
                "text": "Every school holds two family listening sessions this year",
                "measure": "sessions held",
                "target": "2 per school",
                "by": str(today.year + 1) + "-06-15",
            },
        ],
        theory_of_action="If we explain whole-child well-being in plain words, through the "
        "messengers each audience trusts, and listen back every month, then "
        "families and educators will use the new supports and tell us what "
        "to change.",
        domains=["strategic_communication", "interest_holder_engagement", "shared_goals"],
        milestones=[
            {"title": "Launch message to families and staff", "due_on": today + timedelta(days=14)},
            {"title": "First listening sessions held", "due_on": today + timedelta(days=45)},
            {"title": '"You said, we did" update published', "due_on": today + timedelta(days=90)},
        ],
    )
    add_plan_item(
        session,
        plan,
        by,
        "families",
        "Ask their school about one well-being support this month",
        key_messages=["whole_child_learning", "families_as_partners"],
        proof_points=["Students who feel they belong at school attend more often."],
        messenger="Principals and family liaisons",
        channels=["text message", "school newsletter"],
        timing="First two weeks of the semester",
        owner="Family engagement lead",
        readiness="Most families know their school's front office; few know the new supports.",
        barriers="Language, work schedules, trust after past changes.",
        listening_loop={
            "channel": "family listening session",
            "questions": [
                "What would help your child feel they belong?",
                "What got in the way of using the supports?",
            ],
            "cadence": "monthly",
            "owner": "Family engagement lead",
            "next_follow_up": today + timedelta(days=30),
        },
    )
    add_plan_item(
        session,
        plan,
        by,
        "educators",
        "Use the well-being check-in routine in advisory",
        key_messages=["sel_life_skills", "supporting_educators"],
        messenger="Instructional coaches",
        channels=["staff newsletter", "team meetings"],
        timing="Before the first advisory block",
        owner="Professional learning team",
        listening_loop={
            "channel": "short staff pulse survey",
            "questions": ["Is the routine working in your classroom?"],
            "cadence": "every six weeks",
            "owner": "Professional learning team",
            "next_follow_up": today + timedelta(days=42),
        },
    )
    add_plan_item(
        session,
        plan,
        by,
        "community_partners",
        "Refer families to school well-being supports",
        key_messages=["no_one_agency_alone"],
        messenger="Community schools coordinator",
        channels=["partner briefing", "email"],
        timing="Monthly partner meeting",
        owner="Community schools coordinator",
    )
