"""Communication plans: the plan as plain data, its gaps, timeline and exports."""

from .exports import plan_to_csv, plan_to_docx, plan_to_markdown
from .model import AudienceItem, ListeningLoopView, PlanView, plan_view
from .review import Gap, TimelineEvent, gaps, timeline

__all__ = [
    "AudienceItem",
    "Gap",
    "ListeningLoopView",
    "PlanView",
    "TimelineEvent",
    "gaps",
    "plan_to_csv",
    "plan_to_docx",
    "plan_to_markdown",
    "plan_view",
    "timeline",
]
