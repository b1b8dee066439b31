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


# Findings about a whole sentence are underlined, so the words marked inside them
# stay visible; every other finding is a coloured mark. Each mark also has its own
# underline style and a number, so colour is never the only cue.
SENTENCE_CATEGORIES = frozenset({"readability"})
CATEGORY_LINES = {
    "readability": "underline 2px solid",
    "jargon": "underline 2px wavy",
    "style": "underline 2px dashed",
    "framing": "underline 3px double",
    "engagement": "underline 2px dotted",
    "consistency": "underline 2px dotted",
}
DRAFT_STYLE = (
    "<style>.commplan-draft mark{color:inherit;padding:0 1px;text-underline-offset:3px}"
    ".commplan-draft mark[data-n]::after{content:attr(data-n);font-size:0.7em;"
    "vertical-align:super;margin-left:1px;font-weight:600}</style>"
)


def _segment(value: str) -> str:
    return LINE_BREAK.sub("<br>", _text(value))


def _open_tag(f: Finding, number: int) -> str:
    tip = f"{number}. {f.message}" + (f" Suggestion: {f.suggestion}" if f.suggestion else "")
    tip = LINE_BREAK.sub(" ", tip)
    colour = CATEGORY_COLOURS.get(f.category, "#e5e7eb")
    line = CATEGORY_LINES.get(f.category, "underline 2px solid")
    if f.category in SENTENCE_CATEGORIES:
        style = f"background:transparent;text-decoration:{line} #b45309"
    else:
        style = f"background:{colour};text-decoration:{line} #374151"
    return (
        f'<mark style="{style}" title="{_text(tip, quote=True)}" '
        f'data-rule="{escape(f.rule, quote=True)}" data-n="{number}">'
    )


def highlight(text: str, findings: list[Finding]) -> str:
    """The draft as HTML with every finding marked, nested where they overlap: a hard
    sentence is underlined and the jargon inside it is marked too. ``findings`` come
    in the order the page lists them; mark *n* is the page's finding *n*.

    A finding that starts inside another and runs past its end is cut at that end
    (marks must nest). Every slice of the user's text passes through ``html.escape``;
    the tooltip text is escaped with quotes so it cannot close the attribute. Every
    kind of line break becomes ``<br>``, so the HTML stays one line: a blank line would
    end Streamlit's HTML block and the rest of the draft would be read as Markdown.
    """
    numbered = [(f.start, -f.end, n, f) for n, f in enumerate(findings, 1) if f.end > f.start]
    numbered.sort(key=lambda item: item[:3])
    out: list[str] = []
    stack: list[int] = []  # end offsets of the open marks, innermost last
    pos = 0

    def close_until(offset: int) -> None:
        nonlocal pos
        while stack and stack[-1] <= offset:
            end = stack.pop()
            out.append(_segment(text[pos:end]) + "</mark>")
            pos = end

    for start, neg_end, number, f in numbered:
        close_until(start)
        end = min(-neg_end, stack[-1]) if stack else -neg_end
        if end <= start:
            continue
        out.append(_segment(text[pos:start]) + _open_tag(f, number))
        pos = start
        stack.append(end)
    close_until(len(text))
    out.append(_segment(text[pos:]))
    return f'{DRAFT_STYLE}<div class="commplan-draft" style="line-height:1.9">{"".join(out)}</div>'


def marked_count(findings: list[Finding]) -> int:
    """How many findings :func:`highlight` marks in the text (all with a span)."""
    return sum(f.end > f.start for f in findings)


def plural(n: int, word: str) -> str:
    """'1 response', '2,000 responses' (regular plurals only)."""
    return f"{n:,} {word}" + ("" if n == 1 else "s")
