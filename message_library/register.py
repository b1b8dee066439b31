"""Register rules: general rules for formal and institutional wording that no
glossary can list word by word.

Three kinds of rule, each data with its own ``fail`` and ``pass`` examples
(``default/register/*.yaml``; the format is in ``FORMAT.md``):

- ``formal_words``: formal words with plain alternatives ("reside" -> "live"),
  after the US federal plain language guidelines' "Use simple words and phrases"
  list and similar published plain-English lists. Matched on lemmas.
- ``shell_compounds``: an abstract modifier before an abstract "container" noun
  (a shell noun: "growth expectations", "reporting requirements", "focus areas").
- ``buzz_verbs``: a buzzword verb with an abstract object a few words on
  ("elevate student performance", "foster a positive environment").
- ``abstract_pairs``: two abstract institutional nouns joined by "and"
  ("culture and climate", "curriculum and instruction").

These rules sit beside the library rather than in it: they are general rules the
checks ship with, not a team's vocabulary (a team silences a word with
``vocab.accept``). This module never imports ``commplan``.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Annotated

from pydantic import Field, StringConstraints, model_validator

from .schema import Examples, Id, Phrase, _Model
from .yamlio import DataFileError, load_rule_sections

Lemma = Annotated[
    str,
    StringConstraints(strip_whitespace=True, to_lower=True, pattern=r"^[a-z][a-z'-]*$"),
]


class FormalWord(_Model):
    """A formal word or phrase (base form; matched on lemmas) and plain alternatives.
    ``as_written``: match a phrase only in the form written ("moving forward", not
    "the plan will move forward")."""

    word: Phrase
    plain: tuple[Phrase, ...] = Field(min_length=1)
    as_written: bool = False
    examples: Examples = Examples()

    @property
    def id(self) -> str:
        return self.word.lower()


class ShellCompoundRule(_Model):
    """A modifier right before a head noun (rule ``jargon.register.<id>``): an
    abstract modifier before an abstract container noun ("growth expectations"), or
    a buzzword adjective before an abstract noun ("transformative change").

    ``heads``: the head nouns (lemmas; a plural form, "supports", matches only the
    plural). A modifier counts when its form or lemma is in ``modifiers`` or its
    form ends with one of ``modifier_suffixes`` ("instructional", "intensive"), and
    it is not in ``not_modifiers``. A hyphenated compound counts when listed whole
    ("data-driven") or when its last part is in ``hyphenated_endings`` ("level":
    "grade-level", "campus-level"). Up to four modifiers are taken.
    """

    id: Id
    name: Phrase
    heads: tuple[Lemma, ...] = Field(min_length=1)
    modifiers: tuple[Lemma, ...] = ()
    modifier_suffixes: tuple[Lemma, ...] = ()
    not_modifiers: tuple[Lemma, ...] = ()
    hyphenated_endings: tuple[Lemma, ...] = ()
    message: str
    suggestion: str
    examples: Examples = Examples()


class BuzzVerbRule(_Model):
    """A buzzword verb whose object, within ``window`` words, is an abstract noun
    (a lemma in ``objects`` or ending with one of ``object_suffixes``). Only the
    words in ``between`` may stand between the verb and its object."""

    id: Id
    name: Phrase
    verbs: tuple[Lemma, ...] = Field(min_length=1)
    objects: tuple[Lemma, ...] = ()
    object_suffixes: tuple[Lemma, ...] = ()
    not_objects: tuple[Lemma, ...] = ()
    between: tuple[Lemma, ...] = ()
    window: int = Field(default=3, ge=1, le=6)
    message: str
    suggestion: str
    examples: Examples = Examples()

    @model_validator(mode="after")
    def _check_objects(self) -> BuzzVerbRule:
        if not (self.objects or self.object_suffixes):
            raise ValueError("give objects or object_suffixes")
        return self


class AbstractPairRule(_Model):
    """Two abstract institutional nouns joined by "and" ("culture and climate",
    "curriculum and instruction"): both lemmas in ``nouns``."""

    id: Id
    name: Phrase
    nouns: tuple[Lemma, ...] = Field(min_length=2)
    message: str
    suggestion: str
    examples: Examples = Examples()


class RegisterRules(_Model):
    formal_words: tuple[FormalWord, ...] = ()
    shell_compounds: tuple[ShellCompoundRule, ...] = ()
    buzz_verbs: tuple[BuzzVerbRule, ...] = ()
    abstract_pairs: tuple[AbstractPairRule, ...] = ()

    def rule_entries(self) -> list[tuple[str, str, _Model]]:
        """Every rule as ``(section, key, entry)``, for running its examples."""
        out: list[tuple[str, str, _Model]] = []
        out += [("formal_words", w.id, w) for w in self.formal_words]
        out += [("shell_compounds", r.id, r) for r in self.shell_compounds]
        out += [("buzz_verbs", r.id, r) for r in self.buzz_verbs]
        out += [("abstract_pairs", r.id, r) for r in self.abstract_pairs]
        return out


REGISTER_SECTIONS = ("formal_words", "shell_compounds", "buzz_verbs", "abstract_pairs")


class RegisterError(DataFileError):
    """A register rules file is unreadable or invalid; the message names file and entry."""


def register_dir() -> Path:
    return Path(str(resources.files("message_library") / "default" / "register"))


def load_register_rules(directory: str | Path | None = None) -> RegisterRules:
    """Read every YAML file of ``directory`` (default: the shipped rules)."""
    if directory is None:
        return _default_rules()
    return _load(Path(directory))


@lru_cache(maxsize=1)
def _default_rules() -> RegisterRules:
    return _load(register_dir())


def _load(directory: Path) -> RegisterRules:
    return load_rule_sections(
        directory, RegisterRules, REGISTER_SECTIONS, RegisterError, "register"
    )
