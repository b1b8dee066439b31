"""Schema of an audience profile: who a message is for and what works for them."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

Id = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class JargonTolerance(_Model):
    """Glossary categories, and specific acronyms, this audience reads without trouble."""

    categories: tuple[str, ...] = ()
    acronyms: tuple[str, ...] = ()


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

    def tolerates_acronym(self, acronym: str) -> bool:
        return (
            "acronym" in self.jargon_tolerance.categories
            or acronym in self.jargon_tolerance.acronyms
        )
