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

from .context import CheckContext
from .findings import Severity, match_case
from .fixes import fit_article

SOURCE_LIBRARY = "Agency message library: preferred terms"
QUOTE_WINDOW = 400  # characters looked back for an opening quotation mark
_OPEN, _CLOSE, _STRAIGHT = "“", "”", '"'


def run(ctx: CheckContext) -> None:
    found = ctx.compiled.preferred(ctx.doc)
    if not found:
        return  # most drafts: no need to index the library's terms (~0.1 ms)
    entries = {f"preferred:{p.id}": p for p in ctx.library.preferred_terms}
    options = {key: _quoted(p.prefer) for key, p in entries.items()}
    table = ctx.tokens
    for key, span in found:
        entry, prefer = entries[key], options[key]
        # Offsets from the token table: Span.start_char builds a Token each time.
        start, end = table.idx[span.start], table.end_char(span.end - 1)
        matched = ctx.text[start:end]
        severity = Severity[entry.severity]
        inclusive = entry.kind == "inclusive"
        message = (
            f"Inclusive language: prefer {prefer} to '{matched}'."
            if inclusive
            else f"Prefer {prefer} to '{matched}'."
        )
        if entry.why:
            message += f" {entry.why}"
        where = _quoted_or_named(ctx, span.start, span.end, start, end)
        if where:
            severity = min(severity, Severity.suggestion)
            message += f" (It is in {where}: keep it there if it must stay as written.)"
        ctx.sink.add(
            "framing.inclusive" if inclusive else "framing.term",
            "framing",
            severity,
            start,
            end,
            message,
            f"Try {prefer}.",
            source="; ".join(entry.sources) if entry.sources else SOURCE_LIBRARY,
            fix=None if where else _fix(ctx.text, start, matched, entry.prefer[0]),
        )


def _fix(text: str, start: int, matched: str, prefer: str) -> str | None:
    fitted = fit_article(text, start, prefer)  # never "the the" or "the your"
    return None if fitted is None else match_case(matched, fitted)


def _quoted(options: tuple[str, ...]) -> str:
    quoted = [f"'{o}'" for o in options]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + f" or {quoted[-1]}"


def _quoted_or_named(ctx: CheckContext, first: int, last: int, start: int, end: int) -> str | None:
    """'a quotation' when the match stands inside quotation marks in its paragraph,
    'a definition' when it opens its line as a term being defined, 'an official name or
    title' when it is part of a run of capitalised words that is not just the start of a
    sentence, else None. Reads the token table, not Token objects (many matches)."""
    text, table = ctx.text, ctx.tokens
    if _in_quotation(text, start):
        return "a quotation"
    if _defined_here(text, start, end):
        return "a definition"

    def title(i: int) -> bool:
        word = text[table.idx[i] : table.end_char(i)]
        return table.alpha[i] and word[:1].isupper() and (len(word) == 1 or word[1:].islower())

    words = [i for i in range(first, last) if table.alpha[i]]
    if words and all(title(i) for i in words):
        at_start = table.sentence_at(start)[0] == start
        if (last < len(table.lower) and title(last)) or (
            first > 0 and title(first - 1) and not at_start
        ):
            return "an official name or title"
    return None


_LIST_MARK = re.compile(r"[ \t]*+(?:[A-Za-z0-9]{1,3}[.)][ \t]++|[-*•][ \t]++)?")
_DEFINES = re.compile(r"[ \t]*+(?:[-–—:]|means\b|is defined as\b|refers to\b)", re.I)


def _defined_here(text: str, start: int, end: int) -> bool:
    """Does the match open its line as a term being defined ("A. Dropout - Any student
    who...", "Dropout: ...", "Dropout means ...")? A legal or policy definition names
    the term as written."""
    # A list marker is a few characters: look back no further (linear on long lines).
    window = max(0, start - 12)
    line_start = text.rfind("\n", window, start) + 1
    if line_start == 0 and window > 0:
        return False
    marker = _LIST_MARK.match(text, line_start, start)
    if marker is None or marker.end() != start:
        return False
    return _DEFINES.match(text, end, end + 40) is not None


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
