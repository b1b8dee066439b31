"""Validate a message library: cross-references and every rule's own examples.

Rules are data, so they get tests like code: each entry's ``fail`` examples must
make its rule complain and its ``pass`` examples must not (proselint's
``tests/examples.py`` idea). The test suite, ``commplan library validate`` and
the Library page all run examples through :func:`run_examples`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from spacy.language import Language

from audiences import AudienceSet
from message_library import Library

from .checks.acronyms import first_uses
from .checks.compiled import CompiledLibrary, compile_library
from .nlp import get_nlp


@dataclass(frozen=True)
class ExampleResult:
    section: str
    key: str
    kind: str  # "fail" or "pass"
    text: str
    complained: bool

    @property
    def ok(self) -> bool:
        return self.complained == (self.kind == "fail")

    def describe(self) -> str:
        expected = "complain" if self.kind == "fail" else "stay quiet"
        return (
            f"{self.section} {self.key}: {self.kind} example should make the rule {expected}, "
            f"but it {'complained' if self.complained else 'stayed quiet'}: {self.text!r}"
        )


def rule_complains(
    section: str, entry: Any, text: str, compiled: CompiledLibrary, nlp: Language
) -> bool:
    """Does this one rule complain about ``text``?"""
    if section == "glossary" and entry.is_acronym:
        return any(
            u.first.acronym == entry.term and not u.defined for u in first_uses(text, compiled)
        )
    doc = nlp(text)
    if section == "glossary":
        return any(key == f"glossary:{entry.id}" for key, _ in compiled.jargon(doc))
    if section == "values":
        return not any(key == f"value:{entry.id}" for key, _ in compiled.values(doc, longest=False))
    if section == "key_messages":
        return not any(
            key == f"message:{entry.id}" for key, _ in compiled.key_messages(doc, longest=False)
        )
    if section == "preferred_terms":
        return any(key == f"preferred:{entry.id}" for key, _ in compiled.preferred(doc))
    if section == "frames_to_avoid":
        return any(frame.id == entry.id for frame, _ in compiled.frame_matches(doc))
    if section == "cue_sets":
        return not compiled.cue_spans(entry.id, doc)
    if section == "style_rules":
        return any(key == f"style:{entry.id}" for key, _ in compiled.style(doc))
    raise ValueError(f"unknown section {section!r}")


def run_examples(
    library: Library, section: str, entry: Any, nlp: Language | None = None
) -> list[ExampleResult]:
    nlp = nlp or get_nlp()
    compiled = compile_library(library, nlp)
    key = getattr(entry, "id", None) or entry.term
    results = []
    for kind, texts in (("fail", entry.examples.fail), ("pass", entry.examples.pass_)):
        for text in texts:
            complained = rule_complains(section, entry, text, compiled, nlp)
            results.append(ExampleResult(section, key, kind, text, complained))
    return results


def validate_library(library: Library, audiences: AudienceSet) -> list[str]:
    """Problems as readable lines; an empty list means the library is sound."""
    problems: list[str] = []
    audience_ids = set(audiences.ids())
    value_ids = {v.id for v in library.values}

    def check_audiences(where: str, ids: tuple[str, ...]) -> None:
        for audience_id in ids:
            if audience_id not in audience_ids:
                problems.append(f"{where}: unknown audience {audience_id!r}")

    for v in library.values:
        check_audiences(f"values {v.id}", v.resonates_with)
    for m in library.key_messages:
        check_audiences(f"key_messages {m.id}", m.audiences)
        for value_id in m.values:
            if value_id not in value_ids:
                problems.append(f"key_messages {m.id}: unknown value {value_id!r}")
    for t in library.glossary:
        check_audiences(f"glossary {t.id}", t.tolerated_by)

    for section, key, entry in library.rule_entries():
        if not entry.examples.complete:
            problems.append(f"{section} {key}: needs at least one fail and one pass example")
            continue
        problems += [r.describe() for r in run_examples(library, section, entry) if not r.ok]
    return problems
