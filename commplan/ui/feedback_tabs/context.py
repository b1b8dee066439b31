"""What every Feedback tab needs: the workspace, who is working, the library and
audiences, and look-ups from the store, each loaded only when a tab asks for it."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from audiences import AudienceSet
from commplan.store import records, review
from commplan.store.models import Workspace
from commplan.ui import resources, session
from message_library import Library


@dataclass
class FeedbackContext:
    workspace: Workspace
    user: str
    library: Library
    audience_set: AudienceSet
    audience_names: dict[str, str] = field(init=False)
    key_messages: dict[str, Any] = field(init=False)

    def __post_init__(self) -> None:
        self.audience_names = {a.id: a.name for a in self.audience_set}
        self.key_messages = {m.id: m for m in self.library.key_messages}

    @classmethod
    def current(cls) -> FeedbackContext:
        workspace = session.workspace()
        library, audience_set = resources.documents(workspace)
        return cls(workspace, session.user(), library, audience_set)

    # The look-ups below raise StoreError; each tab says so where it uses them.

    @cached_property
    def plan_names(self) -> dict[int, str]:
        with resources.store().session() as s:
            return review.plan_names(s, self.workspace)

    @cached_property
    def channel_names(self) -> list[str]:
        """Channels used, alphabetically (for filters)."""
        with resources.store().session() as s:
            return review.channel_names(s, self.workspace)

    @cached_property
    def channels_by_use(self) -> list[str]:
        """Channels used, most used first (for suggestions when logging)."""
        with resources.store().session() as s:
            return [c for c, _ in records.counts_by_channel(s, self.workspace)]

    @cached_property
    def theme_names(self) -> list[str]:
        with resources.store().session() as s:
            return review.theme_names(s, self.workspace)

    @cached_property
    def drafts(self) -> list[dict[str, Any]]:
        with resources.store().session() as s:
            return review.draft_choices(s, self.workspace)

    @cached_property
    def key_message_titles(self) -> dict[str, str]:
        return {k: m.title for k, m in self.key_messages.items()}
