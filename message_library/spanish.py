"""Spanish rules: a glossary of school terms and acronyms with plain alternatives, and
the cues that make a Spanish message purposeful (a call to action) and bidirectional
(an invitation to reply).

Data in ``default/spanish/*.yaml`` (format in ``FORMAT.md``, "Spanish rules"); every
rule carries ``fail`` and ``pass`` examples, run as tests. Like the register rules,
these sit beside the library: the Spanish checks (``commplan.checks.spanish``) use
them on drafts that read as Spanish. This module never imports ``commplan``.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator

from .schema import Examples, Id, Phrase, _Model, _Term
from .yamlio import DataFileError, load_rule_sections


class SpanishTerm(_Term, _Model):
    """A school term or acronym a Spanish-speaking family may not know.

    Terms are matched on lemmas and on their form without accents ("evaluaciones
    formativas", "evaluacion formativa"); acronyms as written, and not when the text
    spells them out: the ``expansion`` nearby, or the acronym in brackets after its
    long form, or "(por sus siglas en inglés)". ``english`` names the English term
    or acronym it stands for (IEP), for staff."""

    term: Phrase
    variants: tuple[Phrase, ...] = ()
    category: Literal["education-speak", "policy-speak", "acronym"]
    expansion: str | None = None
    english: str | None = None
    plain: tuple[Phrase, ...] = ()
    explanation: str | None = None
    tolerated_by: tuple[str, ...] = ()
    examples: Examples = Examples()

    @model_validator(mode="after")
    def _check_shape(self) -> SpanishTerm:
        self._check_term("the long form, in Spanish")
        if not (self.plain or self.explanation):  # acronyms too: families need both
            raise ValueError("give a plain alternative or an explanation")
        return self


class SpanishCueSet(_Model):
    """Phrases that signal something (a request, an invitation to reply), matched as
    written without regard to case or accents. ``fail`` examples contain none of
    them, ``pass`` examples at least one."""

    id: Id
    name: Phrase
    phrases: tuple[Phrase, ...] = Field(min_length=1)
    examples: Examples = Examples()


class SpanishRules(_Model):
    glossary: tuple[SpanishTerm, ...] = ()
    cue_sets: tuple[SpanishCueSet, ...] = ()

    def rule_entries(self) -> list[tuple[str, str, _Model]]:
        """Every rule as ``(section, key, entry)``, for running its examples."""
        out: list[tuple[str, str, _Model]] = []
        out += [("glossary", t.id, t) for t in self.glossary]
        out += [("cue_sets", c.id, c) for c in self.cue_sets]
        return out

    def cue_set(self, cue_id: str) -> SpanishCueSet | None:
        return next((c for c in self.cue_sets if c.id == cue_id), None)


SPANISH_SECTIONS = ("glossary", "cue_sets")
REQUIRED_CUE_SETS = ("call_to_action", "invitation_to_respond")


class SpanishRulesError(DataFileError):
    """A Spanish rules file is unreadable or invalid; the message names file and entry."""


def spanish_dir() -> Path:
    return Path(str(resources.files("message_library") / "default" / "spanish"))


def load_spanish_rules(directory: str | Path | None = None) -> SpanishRules:
    """Read every YAML file of ``directory`` (default: the shipped rules)."""
    if directory is None:
        return _default_rules()
    return _load(Path(directory))


@lru_cache(maxsize=1)
def _default_rules() -> SpanishRules:
    return _load(spanish_dir())


def _load(directory: Path) -> SpanishRules:
    rules = load_rule_sections(
        directory, SpanishRules, SPANISH_SECTIONS, SpanishRulesError, "Spanish"
    )
    missing = [c for c in REQUIRED_CUE_SETS if rules.cue_set(c) is None]
    if missing:
        raise SpanishRulesError(f"{directory}: missing cue sets: {', '.join(missing)}")
    return rules
