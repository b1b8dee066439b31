"""What every check receives: the text, its Doc, the audience, the compiled library."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Doc

from audiences import Audience
from message_library import Library

from .compiled import CompiledLibrary
from .findings import FindingSink


@dataclass
class CheckContext:
    text: str
    doc: Doc
    audience: Audience
    library: Library
    compiled: CompiledLibrary
    sink: FindingSink
    # Results a check computes for the report (e.g. the readability block).
    results: dict[str, Any] = field(default_factory=dict)
