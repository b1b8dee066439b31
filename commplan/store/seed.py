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
    workspace = create_workspace(session, name, by)
    replace_library(session, workspace, load_default_library(), by)
    for audience in load_default_audiences():
        save_audience(session, workspace, audience.model_dump(mode="json"), by, custom=False)
    return workspace
