"""The values-based message library: schema, loader and the default library.

This package never imports ``commplan``.
"""

from .loader import (
    LibraryError,
    default_library_dir,
    entry_key,
    library_from_sections,
    load_default_library,
    load_library,
    validate_entry,
)
from .schema import (
    GLOSSARY_CATEGORIES,
    CueSet,
    Examples,
    FramePattern,
    FrameToAvoid,
    GlossaryTerm,
    KeyMessage,
    Library,
    PreferredTerm,
    StyleRule,
    TokenPattern,
    Value,
    Vocab,
)
from .writer import library_sections, write_library
from .yamlio import DataFileError

__all__ = [
    "GLOSSARY_CATEGORIES",
    "CueSet",
    "DataFileError",
    "Examples",
    "FramePattern",
    "FrameToAvoid",
    "GlossaryTerm",
    "KeyMessage",
    "Library",
    "LibraryError",
    "PreferredTerm",
    "StyleRule",
    "TokenPattern",
    "Value",
    "Vocab",
    "default_library_dir",
    "entry_key",
    "library_from_sections",
    "library_sections",
    "load_default_library",
    "load_library",
    "validate_entry",
    "write_library",
]
