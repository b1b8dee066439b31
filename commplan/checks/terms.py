"""Words about people: preferred terms (``framing.term``) and inclusive language
(``framing.inclusive``: gendered, ableist and labelling words), from the library's
``preferred_terms`` section.

Both are framing: they are about how a draft frames the people it describes (the
library's values: center those closest to the impact, no deficit labels), and they sit
next to the frames to avoid in the report. Each entry names what to say instead and,
for inclusive language, the style guides it rests on (APA Style's bias-free language
guidelines, the Conscious Style Guide, the AP Stylebook, the NCDJ disability language
guide).

A match inside a quotation, a term being defined ("Dropout - Any student who leaves
school..."), or a capitalised official name or title ("Board Chairman Ruth Ellis",
"Education for Homeless Children and Youth") is only a suggestion: a quote, a legal
definition or a formal name may have to stay as written (the AP Stylebook makes the
same exception for direct quotes).
"""

from __future__ import annotations

import re

from spacy.tokens import Span

from .context import CheckContext
from .findings import Severity

SOURCE_LIBRARY = "Agency message library: preferred terms"
QUOTE_WINDOW = 400  # characters looked back for an opening quotation mark
_OPEN, _CLOSE, _STRAIGHT = "“", "”", '"'


def run(ctx: CheckContext) -> None:
    entries = {f"preferred:{p.id}": p for p in ctx.library.preferred_terms}
    for key, span in ctx.compiled.preferred(ctx.doc):
        entry = entries[key]
        severity = Severity[entry.severity]
        inclusive = entry.kind == "inclusive"
        message = (
            f"Inclusive language: prefer {_quoted(entry.prefer)} to '{span.text}'."
            if inclusive
            else f"Prefer {_quoted(entry.prefer)} to '{span.text}'."
        )
        if entry.why:
            message += f" {entry.why}"
        where = _quoted_or_named(ctx.text, span)
        if where:
            severity = min(severity, Severity.suggestion)
            message += f" (It is in {where}: keep it there if it must stay as written.)"
        ctx.sink.add(
            "framing.inclusive" if inclusive else "framing.term",
            "framing",
            severity,
            span.start_char,
            span.end_char,
            message,
            f"Try {_quoted(entry.prefer)}.",
            source="; ".join(entry.sources) if entry.sources else SOURCE_LIBRARY,
        )


def _quoted(options: tuple[str, ...]) -> str:
    quoted = [f"'{o}'" for o in options]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + f" or {quoted[-1]}"


def _quoted_or_named(text: str, span: Span) -> str | None:
    """'a quotation' when the match stands inside quotation marks in its paragraph,
    'a definition' when it opens its line as a term being defined, 'an official name or
    title' when it is part of a run of capitalised words that is
    not just the start of a sentence, else None."""
    if _in_quotation(text, span.start_char):
        return "a quotation"
    if _defined_here(text, span):
        return "a definition"
    words = [t for t in span if t.is_alpha]
    if words and all(t.is_title for t in words):
        doc = span.doc
        before = doc[span.start - 1] if span.start > 0 else None
        after = doc[span.end] if span.end < len(doc) else None
        at_start = span[0].is_sent_start
        if (after is not None and after.is_title and after.is_alpha) or (
            before is not None and before.is_title and before.is_alpha and not at_start
        ):
            return "an official name or title"
    return None


_LIST_MARK = re.compile(r"[ \t]*+(?:[A-Za-z0-9]{1,3}[.)][ \t]++|[-*•][ \t]++)?")
_DEFINES = re.compile(r"[ \t]*+(?:[-–—:]|means\b|is defined as\b|refers to\b)", re.I)


def _defined_here(text: str, span: Span) -> bool:
    """Does the match open its line as a term being defined ("A. Dropout - Any student
    who...", "Dropout: ...", "Dropout means ...")? A legal or policy definition names
    the term as written."""
    line_start = text.rfind("\n", 0, span.start_char) + 1
    marker = _LIST_MARK.match(text, line_start, span.start_char)
    if marker is None or marker.end() != span.start_char:
        return False
    return _DEFINES.match(text, span.end_char, span.end_char + 40) is not None


def _in_quotation(text: str, start: int) -> bool:
    """Is ``start`` between an opening and a closing quotation mark in its paragraph?
    Looks back at most QUOTE_WINDOW characters, so many matches stay linear."""
    lo = max(0, start - QUOTE_WINDOW)
    before = text[lo:start]
    paragraph = before.rfind("\n\n")
    if paragraph >= 0:
        before = before[paragraph + 2 :]
    if before.rfind(_OPEN) > before.rfind(_CLOSE):
        return True
    return before.count(_STRAIGHT) % 2 == 1
