"""Render findings as HTML with every piece of user text escaped."""

from __future__ import annotations

import re
from html import escape

from commplan.checks import Finding
from commplan.wording import plural as _plural

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

# Colour is never the only cue: each category also has its own line under the text
# (and the legend shows it), and every mark carries its finding's number.
CATEGORY_LINES = {
    "readability": "2px solid #92400e",  # a hard sentence: a plain underline, no fill
    "jargon": "3px double #b91c1c",
    "style": "2px dashed #1d4ed8",
    "framing": "2px dotted #6d28d9",
    "engagement": "3px groove #15803d",
    "consistency": "3px ridge #c2410c",
}
CATEGORY_STYLES = {
    c: (
        f"background:{'transparent' if c == 'readability' else CATEGORY_COLOURS[c]};"
        f"border-bottom:{CATEGORY_LINES[c]};color:inherit;padding:0 1px"
    )
    for c in CATEGORY_COLOURS
}
_OTHER_STYLE = "background:#e5e7eb;border-bottom:2px solid #374151;color:inherit;padding:0 1px"

# Fixed CSS (no user text): the finding's number before each mark, small and raised.
MARK_CSS = (
    "<style>mark[data-rule][data-n]::before{content:attr(data-n);font-size:0.7em;"
    "font-weight:600;vertical-align:super;margin-right:1px;color:#1f2937}</style>"
)


def _text(value: str, quote: bool = False) -> str:
    """HTML-escaped, and every colon as ``&#58;``: Streamlit rewrites ``:material/`` in
    the raw Markdown source (HTML included) before parsing, which would change what
    the user wrote."""
    return escape(value, quote=quote).replace(":", "&#58;")


def _open(f: Finding, n: int) -> str:
    tip = " ".join(
        f"{n}. {f.category.capitalize()}, {f.severity.name}: {f.message}"
        f"{f' Suggestion: {f.suggestion}' if f.suggestion else ''}".split()
    )
    return (
        f'<mark data-n="{n}" data-category="{escape(f.category, quote=True)}" '
        f'style="{CATEGORY_STYLES.get(f.category, _OTHER_STYLE)}" '
        f'title="{_text(tip, quote=True)}" data-rule="{escape(f.rule, quote=True)}">'
    )


def highlight(text: str, findings: list[Finding]) -> str:
    """The draft as HTML with every finding marked inline, numbered as the list given
    (mark n is ``findings[n - 1]``).

    Findings inside another are nested inside its mark (jargon within a hard
    sentence); a finding that crosses the end of an enclosing one is cut at that end
    so the tags stay well nested. Every slice of the user's text passes through
    ``html.escape``; the tooltip text is escaped with quotes so it cannot close the
    attribute. Every kind of line break becomes ``<br>``, so the HTML stays one line:
    a blank line would end Streamlit's HTML block and the rest of the draft would be
    read as Markdown. O(n log n) in the number of findings, linear in the text.
    """
    spans = sorted(
        ((f.start, f.end, n, f) for n, f in enumerate(findings, 1) if f.end > f.start),
        key=lambda s: (s[0], -s[1], s[2]),
    )
    out: list[str] = []
    ends: list[int] = []  # ends of the open marks, innermost last (never increasing)
    pos = 0

    def close_to(limit: int) -> None:
        nonlocal pos
        while ends and ends[-1] <= limit:
            end = ends.pop()
            out.append(_text(text[pos:end]))
            out.append("</mark>")
            pos = end

    for start, end, n, f in spans:
        close_to(start)
        if ends:
            end = min(end, ends[-1])
        out.append(_text(text[pos:start]))
        out.append(_open(f, n))
        pos = start
        ends.append(end)
    close_to(len(text))
    out.append(_text(text[pos:]))
    body = LINE_BREAK.sub("<br>", "".join(out))
    return f'<div class="commplan-draft" style="line-height:1.7">{body}</div>'


def legend() -> str:
    """The categories with their fill and line (fixed labels, no user text), and the
    CSS that numbers the marks."""
    return MARK_CSS + " ".join(
        f'<span style="{CATEGORY_STYLES[c]};border-radius:2px;margin-right:4px">{c}</span>'
        for c in CATEGORY_COLOURS
    )


def plural(n: int, word: str, many: str | None = None) -> str:
    """'1 response', '2,000 responses' (``commplan.wording.plural``)."""
    return _plural(n, word, many)
