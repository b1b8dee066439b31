"""The Feedback page's tabs, one module each, each with ``render(ctx)``.

Only the chosen tab runs (``commplan/ui/pages/feedback.py``). To add a tab, write a
module here with ``render(ctx: FeedbackContext)`` and a ``KEEP`` tuple of the widget
keys to keep while another tab is open, then add it to ``TABS`` below.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import ModuleType

from . import dashboards, import_, log, loop, review, tests, themes
from .context import FeedbackContext


@dataclass(frozen=True)
class Tab:
    label: str  # also the value of ?tab= in the page address: renaming breaks links
    module: ModuleType

    def render(self, ctx: FeedbackContext) -> None:
        self.module.render(ctx)

    @property
    def keep(self) -> tuple[str, ...]:
        return getattr(self.module, "KEEP", ())


TABS: tuple[Tab, ...] = (
    Tab("Log a response", log),
    Tab("Review", review),
    Tab("Dashboards", dashboards),
    Tab("You said, we did", loop),
    Tab("Import a survey", import_),
    Tab("Themes", themes),
    Tab("Message tests", tests),
)

__all__ = ["TABS", "FeedbackContext", "Tab"]
