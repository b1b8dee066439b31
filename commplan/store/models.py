"""The tables. Everything belongs to a workspace (a communications team)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Audited, Base, Document, Versioned, utcnow

ALIGNMENT_DOMAINS = (
    "shared_goals",
    "funding_and_policy",
    "capacity_building",
    "data_use",
    "strategic_communication",
    "interest_holder_engagement",
)
PLAN_STATUSES = ("draft", "active", "complete", "archived")
LOOP_STATUSES = ("heard", "decided", "told_back")  # "you said, we did"
LIBRARY_SECTIONS = (
    "values",
    "key_messages",
    "glossary",
    "preferred_terms",
    "frames_to_avoid",
    "cue_sets",
    "style_rules",
    "known_acronyms",
    "vocab",
)


# The sentiment labels a response may store (migration 0006 added "unknown").
STORED_SENTIMENTS = ("positive", "neutral", "mixed", "negative", "unknown")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class Workspace(Audited, Base):
    __tablename__ = "workspaces"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    __table_args__ = (CheckConstraint("length(trim(name)) > 0", name="name_not_blank"),)


MEMBER_ROLES = ("owner", "editor", "reviewer", "viewer", "aggregates")  # = access.ROLES


class Member(Base):
    """A person in a workspace and their role there (see commplan/store/access.py).
    Signed-in people are found by email; in local mode, names are noted as seen."""

    __tablename__ = "members"
    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(40), default="editor")
    first_seen: Mapped[datetime] = mapped_column(DateTime(), default=utcnow)
    email: Mapped[str | None] = mapped_column(String(320), nullable=True)
    __table_args__ = (
        UniqueConstraint("workspace_id", "name"),
        UniqueConstraint("workspace_id", "email"),
        CheckConstraint(_in("role", MEMBER_ROLES), name="role_known"),
    )


class AuditEvent(Base):
    """The activity log: who changed what, and when. Written in the transaction of the
    change itself, so a change rolled back leaves no event. Holds field names and a
    short summary, never the text of responses."""

    __tablename__ = "audit_events"
    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    at: Mapped[datetime] = mapped_column(DateTime(), default=utcnow)  # UTC
    actor_name: Mapped[str] = mapped_column(String(120))
    actor_email: Mapped[str | None] = mapped_column(String(320), nullable=True)
    action: Mapped[str] = mapped_column(String(20))
    kind: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    summary: Mapped[str] = mapped_column(String(500))
    fields: Mapped[Any] = mapped_column(Document, default=list)
    __table_args__ = (
        Index(None, "workspace_id", "at"),
        Index(None, "workspace_id", "kind", "at"),
    )


class LibraryEntry(Audited, Versioned, Base):
    """One library rule entry, as the message_library schema document."""

    __tablename__ = "library_entries"
    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    section: Mapped[str] = mapped_column(String(40))
    key: Mapped[str] = mapped_column(String(200))
    data: Mapped[Any] = mapped_column(Document)
    __table_args__ = (
        UniqueConstraint("workspace_id", "section", "key"),
        CheckConstraint(_in("section", LIBRARY_SECTIONS), name="section_known"),
    )


class AudienceProfile(Audited, Versioned, Base):
    __tablename__ = "audiences"
    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(64))
    custom: Mapped[bool] = mapped_column(Boolean, default=False)
    data: Mapped[Any] = mapped_column(Document)
    __table_args__ = (UniqueConstraint("workspace_id", "key"),)


class Revision(Base):
    """Every edit of a library entry or audience: who changed what, and when."""

    __tablename__ = "revisions"
    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))  # library | audience
    section: Mapped[str] = mapped_column(String(40))
    key: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(10))
    version: Mapped[int] = mapped_column(Integer)
    data: Mapped[Any | None] = mapped_column(Document, nullable=True)
    changed_at: Mapped[datetime] = mapped_column(DateTime(), default=utcnow)
    changed_by: Mapped[str] = mapped_column(String(120))
    __table_args__ = (
        CheckConstraint(_in("action", ("create", "update", "delete")), name="action_known"),
        CheckConstraint(_in("kind", ("library", "audience")), name="kind_known"),
        Index(None, "workspace_id", "kind", "section", "key"),
    )


class Plan(Audited, Versioned, Base):
    __tablename__ = "plans"
    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    goal: Mapped[str] = mapped_column(Text, default="")
    objectives: Mapped[Any] = mapped_column(Document, default=list)  # SMART objectives
    theory_of_action: Mapped[str] = mapped_column(Text, default="")  # "If ..., then ..."
    domains: Mapped[Any] = mapped_column(Document, default=list)
    status: Mapped[str] = mapped_column(String(20), default="draft")
    is_example: Mapped[bool] = mapped_column(Boolean, default=False)
    milestones: Mapped[list[Milestone]] = relationship(
        back_populates="plan", cascade="all, delete-orphan", order_by="Milestone.due_on"
    )
    items: Mapped[list[PlanItem]] = relationship(
        back_populates="plan", cascade="all, delete-orphan", order_by="PlanItem.id"
    )
    __table_args__ = (
        UniqueConstraint("workspace_id", "name"),
        CheckConstraint("length(trim(name)) > 0", name="name_not_blank"),
        CheckConstraint(_in("status", PLAN_STATUSES), name="status_known"),
    )


class Milestone(Base):
    __tablename__ = "milestones"
    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(300))
    due_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    done: Mapped[bool] = mapped_column(Boolean, default=False)
    plan: Mapped[Plan] = relationship(back_populates="milestones")


class PlanItem(Audited, Versioned, Base):
    """One audience in a plan: what we ask of them (purposeful) and how we listen."""

    __tablename__ = "plan_items"
    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"))
    audience_key: Mapped[str] = mapped_column(String(64))
    desired_action: Mapped[str] = mapped_column(Text)
    key_messages: Mapped[Any] = mapped_column(Document, default=list)
    proof_points: Mapped[Any] = mapped_column(Document, default=list)
    messenger: Mapped[str] = mapped_column(String(300), default="")
    channels: Mapped[Any] = mapped_column(Document, default=list)
    timing: Mapped[str] = mapped_column(String(300), default="")
    owner: Mapped[str] = mapped_column(String(120), default="")
    readiness: Mapped[str] = mapped_column(Text, default="")
    barriers: Mapped[str] = mapped_column(Text, default="")
    plan: Mapped[Plan] = relationship(back_populates="items")
    listening_loop: Mapped[ListeningLoop | None] = relationship(
        back_populates="plan_item", cascade="all, delete-orphan", uselist=False
    )
    __table_args__ = (
        UniqueConstraint("plan_id", "audience_key"),
        CheckConstraint("length(trim(desired_action)) > 0", name="purposeful"),
    )


class ListeningLoop(Audited, Versioned, Base):
    """How an audience talks back: channel, questions, cadence, owner, next follow-up."""

    __tablename__ = "listening_loops"
    id: Mapped[int] = mapped_column(primary_key=True)
    plan_item_id: Mapped[int] = mapped_column(
        ForeignKey("plan_items.id", ondelete="CASCADE"), unique=True
    )
    channel: Mapped[str] = mapped_column(String(300))
    questions: Mapped[Any] = mapped_column(Document, default=list)
    cadence: Mapped[str] = mapped_column(String(120), default="")
    owner: Mapped[str] = mapped_column(String(120), default="")
    next_follow_up: Mapped[date | None] = mapped_column(Date, nullable=True)
    plan_item: Mapped[PlanItem] = relationship(back_populates="listening_loop")
    __table_args__ = (CheckConstraint("length(trim(channel)) > 0", name="channel_not_blank"),)


class Draft(Audited, Base):
    __tablename__ = "drafts"
    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    plan_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("plan_items.id", ondelete="SET NULL"), nullable=True
    )
    title: Mapped[str] = mapped_column(String(300))
    audience_key: Mapped[str] = mapped_column(String(64))
    dismissed: Mapped[Any] = mapped_column(Document, default=list)  # [{rule, text}]
    versions: Mapped[list[DraftVersion]] = relationship(
        back_populates="draft", cascade="all, delete-orphan", order_by="DraftVersion.number"
    )


class DraftVersion(Base):
    """A saved version with the check report it got, so the score history shows."""

    __tablename__ = "draft_versions"
    id: Mapped[int] = mapped_column(primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("drafts.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    report: Mapped[Any] = mapped_column(Document)
    grade: Mapped[float | None] = mapped_column(Float, nullable=True)
    findings: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime(), default=utcnow)
    created_by: Mapped[str] = mapped_column(String(120))
    draft: Mapped[Draft] = relationship(back_populates="versions")
    __table_args__ = (UniqueConstraint("draft_id", "number"),)


class Response(Audited, Versioned, Base):
    """What an interest holder said, with the "you said, we did" status."""

    __tablename__ = "responses"
    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    audience_key: Mapped[str] = mapped_column(String(64))
    channel: Mapped[str] = mapped_column(String(300), default="")
    plan_id: Mapped[int | None] = mapped_column(
        ForeignKey("plans.id", ondelete="SET NULL"), nullable=True
    )
    key_message: Mapped[str | None] = mapped_column(String(200), nullable=True)
    draft_id: Mapped[int | None] = mapped_column(
        ForeignKey("drafts.id", ondelete="SET NULL"), nullable=True
    )
    received_on: Mapped[date] = mapped_column(Date)
    # Monday of the week received: the review page groups by it, and an index
    # covers it (computing the week per row at query time is too slow at 1M rows).
    received_week: Mapped[date] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(40), default="typed")
    external_id: Mapped[str | None] = mapped_column(String(200), nullable=True)
    content_hash: Mapped[str] = mapped_column(String(64))
    ratings: Mapped[Any] = mapped_column(Document, default=dict)
    # positive, neutral, mixed or negative; "unknown" when the scorer cannot read the
    # words (written in Spanish, say) and there is no rating; NULL: not analysed yet.
    sentiment: Mapped[str | None] = mapped_column(String(20), nullable=True)
    sentiment_score: Mapped[float | None] = mapped_column(Float, nullable=True)
    # Why the sentiment is "unknown", for staff ("Written in Spanish: ...").
    sentiment_note: Mapped[str | None] = mapped_column(String(200), nullable=True)
    status: Mapped[str] = mapped_column(String(20), default="heard")
    status_note: Mapped[str] = mapped_column(Text, default="")
    told_back_draft_id: Mapped[int | None] = mapped_column(
        ForeignKey("drafts.id", ondelete="SET NULL"), nullable=True
    )
    respondent: Mapped[Any | None] = mapped_column(Document, nullable=True)
    # Set when staff correct the themes or the sentiment: re-analysis leaves them alone.
    themes_reviewed: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    sentiment_reviewed: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    answers: Mapped[list[ResponseAnswer]] = relationship(
        back_populates="response", cascade="all, delete-orphan", order_by="ResponseAnswer.position"
    )
    themes: Mapped[list[ResponseTheme]] = relationship(
        back_populates="response", cascade="all, delete-orphan"
    )
    __table_args__ = (
        CheckConstraint(_in("status", LOOP_STATUSES), name="status_known"),
        CheckConstraint(
            "sentiment IS NULL OR "
            + _in("sentiment", STORED_SENTIMENTS),
            name="sentiment_known",
        ),
        UniqueConstraint("workspace_id", "content_hash"),
        Index(None, "workspace_id", "audience_key", "received_week"),
        Index(None, "workspace_id", "channel"),
        Index(None, "workspace_id", "status"),
        Index(None, "workspace_id", "received_on"),
        # The Dashboards tab's one scan (dashboards.cube) read from this index alone,
        # already in GROUP BY order; received_on lets a date filter stay in it.
        Index(
            "ix_responses_dashboard",
            *("workspace_id", "plan_id", "audience_key", "channel", "sentiment", "status"),
            "received_on",
        ),
    )


class ResponseAnswer(Base):
    """One answer of a submission, kept with its question."""

    __tablename__ = "response_answers"
    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("responses.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    question: Mapped[str] = mapped_column(Text)
    answer: Mapped[str] = mapped_column(Text)
    response: Mapped[Response] = relationship(back_populates="answers")
    __table_args__ = (UniqueConstraint("response_id", "position"),)


class Theme(Audited, Base):
    """A team-defined theme with the cue phrases that tag a response with it."""

    __tablename__ = "themes"
    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    cues: Mapped[Any] = mapped_column(Document, default=list)
    __table_args__ = (UniqueConstraint("workspace_id", "name"),)


class ResponseTheme(Base):
    __tablename__ = "response_themes"
    response_id: Mapped[int] = mapped_column(
        ForeignKey("responses.id", ondelete="CASCADE"), primary_key=True
    )
    theme: Mapped[str] = mapped_column(String(200), primary_key=True)
    # Denormalised so "count by theme" is an index-only scan per workspace.
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    source: Mapped[str] = mapped_column(String(10), default="auto")  # auto | staff
    response: Mapped[Response] = relationship(back_populates="themes")
    __table_args__ = (
        CheckConstraint(_in("source", ("auto", "staff")), name="source_known"),
        Index(None, "workspace_id", "theme"),
    )


class MessageTest(Audited, Base):
    __tablename__ = "message_tests"
    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    outcome: Mapped[str] = mapped_column(String(20))  # rating (1-5) | action (yes/no)
    plan_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("plan_items.id", ondelete="SET NULL"), nullable=True
    )
    variants: Mapped[list[MessageVariant]] = relationship(
        back_populates="test", cascade="all, delete-orphan", order_by="MessageVariant.id"
    )
    __table_args__ = (
        UniqueConstraint("workspace_id", "name"),
        CheckConstraint(_in("outcome", ("rating", "action")), name="outcome_known"),
    )


class MessageVariant(Base):
    __tablename__ = "message_variants"
    id: Mapped[int] = mapped_column(primary_key=True)
    test_id: Mapped[int] = mapped_column(ForeignKey("message_tests.id", ondelete="CASCADE"))
    label: Mapped[str] = mapped_column(String(40))
    text: Mapped[str] = mapped_column(Text)
    is_control: Mapped[bool] = mapped_column(Boolean, default=False)
    test: Mapped[MessageTest] = relationship(back_populates="variants")
    outcomes: Mapped[list[VariantOutcome]] = relationship(
        back_populates="variant", cascade="all, delete-orphan", order_by="VariantOutcome.id"
    )
    __table_args__ = (UniqueConstraint("test_id", "label"),)


class VariantOutcome(Base):
    """One respondent's outcome for one variant: a 1-5 rating, or 0/1 for an action."""

    __tablename__ = "variant_outcomes"
    id: Mapped[int] = mapped_column(primary_key=True)
    variant_id: Mapped[int] = mapped_column(ForeignKey("message_variants.id", ondelete="CASCADE"))
    audience_key: Mapped[str] = mapped_column(String(64))
    value: Mapped[float] = mapped_column(Float)
    respondent: Mapped[str | None] = mapped_column(String(200), nullable=True)
    # The paste (or import) that recorded it: its id, the hash of its lines (to spot
    # the same lines pasted again), who and when. Null for outcomes from before 0004.
    batch: Mapped[str | None] = mapped_column(String(64), nullable=True)
    batch_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    recorded_by: Mapped[str | None] = mapped_column(String(120), nullable=True)
    recorded_at: Mapped[datetime | None] = mapped_column(DateTime(), nullable=True)
    variant: Mapped[MessageVariant] = relationship(back_populates="outcomes")
    __table_args__ = (
        CheckConstraint("value >= 0 AND value <= 5", name="value_in_range"),
        Index(None, "variant_id", "batch_hash"),
    )
