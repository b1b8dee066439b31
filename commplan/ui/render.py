"""Render findings as HTML with every piece of user text escaped."""

from __future__ import annotations

import re
from html import escape

from commplan.checks import Finding

# Every line break str.splitlines knows: CRLF, CR alone, LF, U+2028, U+2029 and the
# rarer VT, FF, FS, GS, RS and NEL. One alternation, no nesting: linear in the text.
LINE_BREAK = re.compile("\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")

CATEGORY_COLOURS = {
    "readability": "#fde68a",
    "jargon": "#fecaca",
    "style": "#bfdbfe",
    "framing": "#ddd6fe",
    "engagement": "#bbf7d0",
    "consistency": "#fed7aa",
}


def _text(value: str, quote: bool = False) -> str:
    """HTML-escaped, and every colon as ``&#58;``: Streamlit rewrites ``:material/`` in
    the raw Markdown source (HTML included) before parsing, which would change what
    the user wrote."""
    return escape(value, quote=quote).replace(":", "&#58;")


def highlight(text: str, findings: list[Finding]) -> str:
    """The draft as HTML, findings marked inline; overlapping findings keep the first.

    Every slice of the user's text passes through ``html.escape``; the tooltip
    text is escaped with quotes so it cannot close the attribute. Every kind of line
    break becomes ``<br>``, so the HTML stays one line: a blank line would end
    Streamlit's HTML block and the rest of the draft would be read as Markdown.
    """
    spans = sorted((f for f in findings if f.end > f.start), key=lambda f: (f.start, -f.end))
    out: list[str] = []
    pos = 0
    for f in spans:
        if f.start < pos:
            continue
        out.append(_text(text[pos : f.start]))
        tip = f.message + (f" Suggestion: {f.suggestion}" if f.suggestion else "")
        colour = CATEGORY_COLOURS.get(f.category, "#e5e7eb")
        out.append(
            f'<mark style="background:{colour}" title="{_text(tip, quote=True)}" '
            f'data-rule="{escape(f.rule, quote=True)}">{_text(text[f.start : f.end])}</mark>'
        )
        pos = f.end
    out.append(_text(text[pos:]))
    body = LINE_BREAK.sub("<br>", "".join(out))
    return f'<div class="commplan-draft" style="line-height:1.7">{body}</div>'


def plural(n: int, word: str) -> str:
    """'1 response', '2,000 responses' (regular plurals only)."""
    return f"{n:,} {word}" + ("" if n == 1 else "s")
