"""Schema of an audience profile: who a message is for and what works for them."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

Id = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


GENERAL_RARE_BELOW = 3.0
PROFESSIONAL_RARE_BELOW = 2.5


class JargonTolerance(_Model):
    """Glossary categories, and specific acronyms, this audience reads without trouble."""

    categories: tuple[str, ...] = ()
    acronyms: tuple[str, ...] = ()
    # Words rarer than this Zipf frequency (log10 of uses per billion words: 3 is
    # once per million words) are rare-word suggestions for this audience; 0 turns
    # them off. Unset: GENERAL_RARE_BELOW for general readers, PROFESSIONAL_RARE_BELOW
    # for an audience that reads some glossary category without trouble.
    rare_below: float | None = Field(default=None, ge=0, le=6)


class Audience(_Model):
    id: Id
    name: str = Field(min_length=1)
    description: str = ""
    # Plain-language guidance: general public and families at or below grade 8.
    reading_grade_target: float = Field(ge=1, le=18)
    jargon_tolerance: JargonTolerance = JargonTolerance()
    values: tuple[str, ...] = ()
    channels: tuple[str, ...] = ()
    listening_channels: tuple[str, ...] = ()
    messengers: tuple[str, ...] = ()
    languages: tuple[str, ...] = ("en",)

    def tolerates_category(self, category: str) -> bool:
        return category in self.jargon_tolerance.categories

    @property
    def rare_below(self) -> float:
        """Zipf frequency under which a word is rare for this audience (0: never)."""
        tolerance = self.jargon_tolerance
        if tolerance.rare_below is not None:
            return tolerance.rare_below
        professional = any(c != "acronym" for c in tolerance.categories)
        return PROFESSIONAL_RARE_BELOW if professional else GENERAL_RARE_BELOW

    def tolerates_acronym(self, acronym: str) -> bool:
        return (
            "acronym" in self.jargon_tolerance.categories
            or acronym in self.jargon_tolerance.acronyms
        )
