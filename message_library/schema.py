"""Schema of the values-based message library.

Every rule entry (value, key message, glossary term, preferred term, frame to
avoid) carries ``examples``: sentences where the rule complains (``fail``) and
where it is satisfied (``pass``). See ``FORMAT.md`` for the file format.
"""

from __future__ import annotations

import hashlib
import json
import re
from functools import cached_property
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

Id = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]
Phrase = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]

GLOSSARY_CATEGORIES = (
    "acronym",
    "education-speak",
    "policy-speak",
    "corporate-speak",
    "wordy-phrase",
)
GlossaryCategory = Literal[
    "acronym", "education-speak", "policy-speak", "corporate-speak", "wordy-phrase"
]

# The shape of an acronym as a library term: capitals, digits, "&", inner hyphens.
ACRONYM_TERM = re.compile(r"^[A-Z0-9&]+(?:-[A-Z0-9&]+)*$")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Examples(_Model):
    """Sentences where the rule complains (``fail``) and where it does not (``pass``)."""

    fail: tuple[str, ...] = ()
    pass_: tuple[str, ...] = Field(default=(), alias="pass")

    @property
    def complete(self) -> bool:
        return bool(self.fail) and bool(self.pass_)


class Value(_Model):
    id: Id
    name: Phrase
    meaning: str
    cues: tuple[Phrase, ...] = Field(min_length=1)
    resonates_with: tuple[str, ...] = ()
    examples: Examples = Examples()


class KeyMessage(_Model):
    id: Id
    title: Phrase
    statement: str
    proof_points: tuple[str, ...] = ()
    values: tuple[str, ...] = ()
    audiences: tuple[str, ...] = ()
    cues: tuple[Phrase, ...] = ()
    examples: Examples = Examples()


class TokenPattern(_Model):
    """A spaCy ``Matcher`` token pattern, e.g. ``[{"LEMMA": "epidemic"}]``."""

    tokens: tuple[dict[str, Any], ...] = Field(min_length=1)


class _Term:
    """What a glossary term and a Spanish one share (a mixin, so each model keeps its
    own fields in their own order): an ordinary term, or an acronym with its long
    form. Needs ``term``, ``category`` and ``expansion``."""

    if TYPE_CHECKING:  # the models declare them (annotations here would reorder fields)
        term: str
        category: str
        expansion: str | None

    def _check_term(self, long_form: str) -> None:
        if not self.is_acronym:
            return
        if not self.expansion:
            raise ValueError(f"an acronym needs its expansion ({long_form})")
        if not ACRONYM_TERM.match(self.term):
            raise ValueError(
                f"acronym {self.term!r} must be capitals, digits, '&' or inner hyphens"
            )

    @property
    def id(self) -> str:
        """A stable key: the term, lower-cased, for ordinary terms; acronyms as written."""
        return self.term if self.is_acronym else self.term.lower()

    @property
    def is_acronym(self) -> bool:
        return self.category == "acronym"


class GlossaryTerm(_Term, _Model):
    term: Phrase
    variants: tuple[Phrase, ...] = ()
    # spaCy token patterns for a class of wordings (e.g. an education-register
    # modifier before an abstract head noun); matched like variants.
    patterns: tuple[TokenPattern, ...] = ()
    category: GlossaryCategory
    expansion: str | None = None
    plain: tuple[str, ...] = ()
    # A plain form written to fit the term's slot word for word (same part of speech;
    # singular): the one-click fix uses it instead of the first ``plain`` alternative,
    # which is then advice only unless it fits the slot by shape (see
    # commplan/checks/fixes.py and FORMAT.md).
    drop_in: str | None = None
    explanation: str | None = None
    tolerated_by: tuple[str, ...] = ()
    examples: Examples = Examples()

    @model_validator(mode="after")
    def _check_shape(self) -> GlossaryTerm:
        self._check_term("the long form")
        if not self.is_acronym and not (self.plain or self.explanation):
            raise ValueError("give a plain alternative or an explanation")
        return self


class PreferredTerm(_Model):
    """A word to avoid and what to say instead. ``kind: term`` is a word the field has
    moved away from (rule ``framing.term``); ``kind: inclusive`` is inclusive language:
    gendered, ableist or labelling words (rule ``framing.inclusive``), with the style
    guides it rests on in ``sources``. ``guards`` cancel a match ("dear parent" followed
    by "and guardian"); ``avoid`` takes phrases (matched on lemmas) or token patterns
    (``LOWER`` for exact forms: "addicts" but not "addicted")."""

    id: Id
    avoid: tuple[Phrase | TokenPattern, ...] = Field(min_length=1)
    prefer: tuple[Phrase, ...] = Field(min_length=1)
    why: str = ""
    kind: Literal["term", "inclusive"] = "term"
    severity: Literal["suggestion", "warning", "error"] = "warning"
    sources: tuple[str, ...] = ()
    guards: Guards = Field(default_factory=lambda: Guards())
    examples: Examples = Examples()


class Guards(_Model):
    """Words that cancel a match when they stand right after or before it."""

    followed_by: tuple[Phrase, ...] = ()
    preceded_by: tuple[Phrase, ...] = ()


class FramePattern(TokenPattern):
    """A frame's token pattern with conditions of its own, judged per sentence.

    ``needs``: the match counts only when its sentence also matches one of these
    (outside the match): an alarm word alone may be ordinary, alarm next to a
    group of people or a downward trend is a crisis frame. ``unless``: the match
    is cancelled when its sentence matches one of these (safeguarding or
    consequence wording). ``guards``: as a frame's guards, for this pattern only.
    ``examples`` (fail/pass) are run like every rule's examples.
    """

    guards: Guards = Guards()
    needs: tuple[Phrase | TokenPattern, ...] = ()
    unless: tuple[Phrase | TokenPattern, ...] = ()
    examples: Examples = Examples()


class FrameToAvoid(_Model):
    id: Id
    name: Phrase
    why: str
    reframe: str
    source: str = ""
    patterns: tuple[Phrase | FramePattern, ...] = Field(min_length=1)
    guards: Guards = Guards()
    examples: Examples = Examples()


class CueSet(_Model):
    """Phrases that signal something in a draft (urgency, a call to action...).

    Code refers to cue sets by id. Examples: ``fail`` texts contain none of the
    cues, ``pass`` texts contain at least one.
    """

    id: Id
    name: Phrase
    phrases: tuple[Phrase | TokenPattern, ...] = Field(min_length=1)
    guards: Guards = Guards()
    examples: Examples = Examples()


class StyleRule(_Model):
    """A style rule of one of two kinds (as Vale's): ``existence`` flags each phrase;
    ``substitution`` flags each key of ``swap`` and suggests its value.
    ``{match}`` and ``{swap}`` in message and suggestion are filled in."""

    id: Id  # the rule id becomes style.<id>
    name: Phrase
    kind: Literal["existence", "substitution"]
    phrases: tuple[Phrase, ...] = ()
    swap: dict[str, str] = Field(default_factory=dict)
    message: str
    suggestion: str | None = None
    severity: Literal["suggestion", "warning", "error"] = "suggestion"
    source: str = ""
    examples: Examples = Examples()

    @model_validator(mode="after")
    def _check_kind(self) -> StyleRule:
        if self.kind == "existence" and not self.phrases:
            raise ValueError("an existence rule needs phrases")
        if self.kind == "substitution" and not self.swap:
            raise ValueError("a substitution rule needs swap: {phrase: replacement}")
        return self

    def patterns(self) -> tuple[str, ...]:
        return self.phrases if self.kind == "existence" else tuple(self.swap)


class Vocab(_Model):
    """Team vocabularies, as in Vale: ``accept`` is never flagged, ``reject`` always is."""

    accept: tuple[Phrase, ...] = ()
    reject: tuple[Phrase, ...] = ()


class LibraryInfo(_Model):
    name: str = "Library"
    mode: Literal["extend", "replace"] = "extend"


class Library(_Model):
    """A complete, validated message library."""

    name: str = "commplan default library"
    values: tuple[Value, ...] = ()
    key_messages: tuple[KeyMessage, ...] = ()
    glossary: tuple[GlossaryTerm, ...] = ()
    known_acronyms: tuple[str, ...] = ()
    preferred_terms: tuple[PreferredTerm, ...] = ()
    frames_to_avoid: tuple[FrameToAvoid, ...] = ()
    cue_sets: tuple[CueSet, ...] = ()
    style_rules: tuple[StyleRule, ...] = ()
    vocab: Vocab = Vocab()

    @cached_property
    def fingerprint(self) -> str:
        """A content hash: two libraries with the same rules share compiled matchers."""
        blob = json.dumps(self.model_dump(mode="json", by_alias=True), sort_keys=True)
        return hashlib.sha256(blob.encode()).hexdigest()[:16]

    @cached_property
    def acronyms(self) -> dict[str, GlossaryTerm]:
        return {t.term: t for t in self.glossary if t.is_acronym}

    @cached_property
    def jargon_terms(self) -> tuple[GlossaryTerm, ...]:
        return tuple(t for t in self.glossary if not t.is_acronym)

    def value(self, value_id: str) -> Value | None:
        return next((v for v in self.values if v.id == value_id), None)

    def key_message(self, message_id: str) -> KeyMessage | None:
        return next((m for m in self.key_messages if m.id == message_id), None)

    def rule_entries(self) -> list[tuple[str, str, Any]]:
        """Every rule entry as ``(section, key, entry)``, for running examples."""
        out: list[tuple[str, str, Any]] = []
        out += [("values", v.id, v) for v in self.values]
        out += [("key_messages", m.id, m) for m in self.key_messages]
        out += [("glossary", t.id, t) for t in self.glossary]
        out += [("preferred_terms", p.id, p) for p in self.preferred_terms]
        out += [("frames_to_avoid", f.id, f) for f in self.frames_to_avoid]
        out += [("cue_sets", c.id, c) for c in self.cue_sets]
        out += [("style_rules", r.id, r) for r in self.style_rules]
        return out

    def cue_set(self, cue_set_id: str) -> CueSet | None:
        return next((c for c in self.cue_sets if c.id == cue_set_id), None)


PreferredTerm.model_rebuild()  # it names Guards and TokenPattern, defined after it

SECTIONS = (
    "values",
    "key_messages",
    "glossary",
    "known_acronyms",
    "preferred_terms",
    "frames_to_avoid",
    "cue_sets",
    "style_rules",
    "vocab",
)
