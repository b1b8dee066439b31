"""Audience profiles: schema, loader and defaults. Never imports ``commplan``."""

from .loader import (
    AudienceError,
    AudienceSet,
    UnknownAudience,
    default_audiences_dir,
    load_audiences,
    load_default_audiences,
)
from .schema import Audience, JargonTolerance

__all__ = [
    "Audience",
    "AudienceError",
    "AudienceSet",
    "JargonTolerance",
    "UnknownAudience",
    "default_audiences_dir",
    "load_audiences",
    "load_default_audiences",
]
