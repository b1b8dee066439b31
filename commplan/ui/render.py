"""Render findings as HTML with every piece of user text escaped."""

from __future__ import annotations

from html import escape

from commplan.checks import Finding

CATEGORY_COLOURS = {
    "readability": "#fde68a",
    "jargon": "#fecaca",
    "style": "#bfdbfe",
    "framing": "#ddd6fe",
    "engagement": "#bbf7d0",
    "consistency": "#fed7aa",
}


def highlight(text: str, findings: list[Finding]) -> str:
    """The draft as HTML, findings marked inline; overlapping findings keep the first.

    Every slice of the user's text passes through ``html.escape``; the tooltip
    text is escaped with quotes so it cannot close the attribute.
    """
    spans = sorted((f for f in findings if f.end > f.start), key=lambda f: (f.start, -f.end))
    out: list[str] = []
    pos = 0
    for f in spans:
        if f.start < pos:
            continue
        out.append(escape(text[pos : f.start]))
        tip = f.message + (f" Suggestion: {f.suggestion}" if f.suggestion else "")
        colour = CATEGORY_COLOURS.get(f.category, "#e5e7eb")
        out.append(
            f'<mark style="background:{colour}" title="{escape(tip, quote=True)}" '
            f'data-rule="{escape(f.rule, quote=True)}">{escape(text[f.start : f.end])}</mark>'
        )
        pos = f.end
    out.append(escape(text[pos:]))
    body = "".join(out).replace("\n", "<br>")
    return f'<div class="commplan-draft" style="line-height:1.7">{body}</div>'


def plural(n: int, word: str) -> str:
    """'1 response', '2,000 responses' (regular plurals only)."""
    return f"{n:,} {word}" + ("" if n == 1 else "s")
