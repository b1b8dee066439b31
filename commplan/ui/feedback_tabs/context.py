"""What every Feedback tab needs: the workspace, who is working, the library and
audiences, and look-ups from the store, each loaded only when a tab asks for it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
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
    _loaded: dict[str, Any] = field(init=False, default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self.audience_names = {a.id: a.name for a in self.audience_set}
        self.key_messages = {m.id: m for m in self.library.key_messages}

    @classmethod
    def current(cls) -> FeedbackContext:
        workspace = session.workspace()
        library, audience_set = resources.documents(workspace)
        return cls(workspace, session.user(), library, audience_set)

    def lookups(self, *names: str) -> tuple[Any, ...]:
        """Store look-ups by name (see LOOKUPS), those not loaded yet read in one
        transaction. Raises StoreError."""
        missing = [n for n in names if n not in self._loaded]
        if missing:
            with resources.store().session() as s:
                for name in missing:
                    self._loaded[name] = LOOKUPS[name](s, self.workspace)
        return tuple(self._loaded[n] for n in names)

    # One look-up each; they raise StoreError, which each tab reports.

    @property
    def plan_names(self) -> dict[int, str]:
        return self.lookups("plan_names")[0]

    @property
    def channel_names(self) -> list[str]:
        """Channels used, alphabetically (for filters)."""
        return self.lookups("channel_names")[0]

    @property
    def channels_by_use(self) -> list[str]:
        """Channels used, most used first (for suggestions when logging)."""
        return self.lookups("channels_by_use")[0]

    @property
    def theme_names(self) -> list[str]:
        return self.lookups("theme_names")[0]

    @property
    def drafts(self) -> list[dict[str, Any]]:
        return self.lookups("drafts")[0]

    @property
    def key_message_titles(self) -> dict[str, str]:
        return {k: m.title for k, m in self.key_messages.items()}


# name -> function(store session, workspace); only commplan/store speaks SQL.
LOOKUPS: dict[str, Callable[[Any, Workspace], Any]] = {
    "plan_names": review.plan_names,
    "channel_names": review.channel_names,
    "channels_by_use": lambda s, w: [c for c, _ in records.counts_by_channel(s, w)],
    "theme_names": review.theme_names,
    "drafts": review.draft_choices,
    "listening_channels": review.listening_channels,
}
