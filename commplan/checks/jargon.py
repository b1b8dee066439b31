"""Glossary jargon, matched case-insensitively on lemmas ("leveraged" ~ "leverage").

Severity follows the audience: a term the audience tolerates is not flagged;
a term the team rejected (``vocab.reject``) is always an error. Wordy phrases
("in order to") are style, not jargon, and only ever a suggestion.
"""

from __future__ import annotations

from .context import CheckContext
from .findings import Severity

SOURCE_LIBRARY = "Agency message library: jargon glossary"


def _format_plain(options: tuple[str, ...]) -> str:
    quoted = [f"'{o}'" for o in options]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + f" or {quoted[-1]}"


def run(ctx: CheckContext) -> None:
    doc, audience, compiled = ctx.doc, ctx.audience, ctx.compiled
    for key, span in compiled.jargon(doc):
        entry = compiled.jargon_entries[key]
        if span.text.lower() in compiled.accepted:
            continue
        if audience.tolerates_category(entry.category) or audience.id in entry.tolerated_by:
            continue
        if entry.plain:
            suggestion = f"Try {_format_plain(entry.plain)}."
            if entry.explanation:
                suggestion += f" ({entry.explanation})"
        else:
            suggestion = entry.explanation
        if entry.category == "wordy-phrase":
            ctx.sink.add(
                "style.wordy_phrase",
                "style",
                Severity.suggestion,
                span.start_char,
                span.end_char,
                f"'{span.text}' is wordy.",
                suggestion,
                source=SOURCE_LIBRARY,
            )
            continue
        ctx.sink.add(
            f"jargon.{entry.category.replace('-', '_')}",
            "jargon",
            Severity.warning,
            span.start_char,
            span.end_char,
            f"'{span.text}' is {entry.category.replace('-', ' ')} that {audience.name.lower()} "
            "may not know.",
            suggestion,
            source=SOURCE_LIBRARY,
        )
    for _key, span in compiled.rejected(doc):
        ctx.sink.add(
            "jargon.rejected",
            "jargon",
            Severity.error,
            span.start_char,
            span.end_char,
            f"'{span.text}' is on the team's reject list.",
            None,
            source="Team vocabulary (vocab.reject)",
        )
