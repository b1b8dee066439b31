"""Any string shown as literal text through Streamlit's Markdown.

Streamlit renders Markdown in far more places than ``st.markdown``: alerts,
captions, headers, toasts, metric/widget/expander/tab labels, ``help=`` tooltips
and (in this version) ``st.table`` cells. User text (and library, audience,
imported-file and store-error text, which quote user text) goes through
``md()`` before it reaches any of them.

What Streamlit's Markdown pipeline does, and what ``md`` does about it:

- CommonMark/GFM syntax (emphasis, links, images, HTML, autolinked URLs, lists,
  headings, tables): every ASCII punctuation character is backslash-escaped, so
  nothing can open a construct (``\\<``, ``\\&`` also stop HTML and entities,
  ``http\\:\\/\\/`` and ``www\\.`` stop GFM's bare-URL autolinks).
- ``$...$`` math: Streamlit only loads KaTeX when it finds an unescaped ``$``;
  ``\\$`` is neither detected nor parsed as math.
- ``:red[..]``, ``:help[..]`` and other text directives: an escaped colon
  cannot start a directive.
- ``:material/icon:``, ``:streamlit:`` and emoji shortcodes: these are matched
  by remark plugins on *text nodes*, after backslash escapes are gone, so a
  backslash alone does not stop them. ``md`` puts a WORD JOINER (U+2060, zero
  width, no line break) after a colon that opens a ``:name:`` pattern or a
  ``scheme://``, so none survives. Ordinary colons ("Note: 4:15 pm") get none:
  the joiner is invisible but is copied with the text.
- Bare e-mail addresses and ``www.`` links are also found on text nodes: a WORD
  JOINER before the ``@`` and before the dot after ``www`` stops them
  (``http://`` is stopped by the joiner after its colon).
- Typographic replacements (``->``, ``--``, ``<=`` ... between spaces become arrows
  and dashes on text nodes): a WORD JOINER between the two characters keeps them.
- Control characters show as U+FFFD; line breaks (``\\r\\n``, ``\\r``, ``\\n``,
  U+2028, U+2029 ...) collapse to one space in one-line places (labels, titles,
  options), or become hard line breaks with ``lines=True``.

Every step is a single pass over the text (no backtracking regexes).
"""

from __future__ import annotations

import string
import unicodedata

WORD_JOINER = "\u2060"
_PUNCTUATION = frozenset(string.punctuation)  # exactly CommonMark's escapable ASCII set
_NEVER_OPENS = frozenset("?,;'\"%!")
_LINE_START_ONLY = frozenset("-+#")
_JOINED_PAIRS = frozenset(a + b for a in "<>~-" for b in "->=")  # ->, --, <-, >=, <=, ~=


def _control_free(text: str) -> str:
    """Control characters (other than tab and line breaks) shown as U+FFFD."""
    if text.isprintable():
        return text
    return "".join(
        c if c in "\t\n\r" or unicodedata.category(c) != "Cc" else "\ufffd" for c in text
    )


def _shortcode_colons(line: str) -> set[int]:
    """Positions of colons that open a ``:name:`` pattern (emoji, ``:material_x:``,
    ``:streamlit:``). Each colon scans only the word characters after it, up to the
    next non-word character, so the whole pass is linear."""
    found: set[int] = set()
    n = len(line)
    for i, c in enumerate(line):
        if c != ":":
            continue
        j = i + 1
        while j < n and (line[j].isalnum() or line[j] in "_+-"):
            j += 1
        if j > i + 1 and j < n and line[j] == ":":
            found.add(i)
    return found


def _needs_escape(line: str, i: int, c: str, digits: int) -> bool:
    """Whether punctuation ``c`` at ``line[i]`` could open a Markdown construct.

    Escapes are not free: Streamlit copies a widget's label, escapes included, into
    its ``aria-label``, so a screen reader says "backslash question mark". Only
    characters that can open something are escaped:

    - ``? , ; ' " % !`` never open anything on their own (``![`` needs the ``[``,
      which is escaped; quotes only matter inside link syntax, which needs ``[``);
    - ``( )`` only matter after ``]`` (escaped) or as "1)" list markers at line start;
    - ``.`` only as a "1." list marker at line start, or in ``www.`` (bare links);
    - ``- + #`` only at line start (list items, thematic breaks, headings);
    - everything else (``* _ ` ~ [ ] < > & $ : \\ / | { } ^ = @``) always.

    ``digits`` is the length of the line's leading run of ASCII digits.
    """
    if c in _NEVER_OPENS:
        return False
    if c in "().":
        if c == "." and line[max(i - 3, 0) : i].lower() == "www":
            return True
        return c != "(" and i == digits > 0  # "1." or "1)" opening the line
    if c in _LINE_START_ONLY:
        return i == 0
    return True


def _escape_line(line: str) -> str:
    out: list[str] = []
    n = len(line)
    shortcodes = _shortcode_colons(line) if ":" in line else set()
    digits = len(line) - len(line.lstrip("0123456789"))
    for i, c in enumerate(line):
        if c not in _PUNCTUATION:
            out.append(c)
            continue
        # GFM finds bare e-mail addresses and www. links on text nodes, after escapes.
        if c == "@" or (c == "." and line[max(i - 3, 0) : i].lower() == "www"):
            out.append(WORD_JOINER)
        out.append("\\" + c if _needs_escape(line, i, c, digits) else c)
        nxt = line[i + 1] if i + 1 < n else ""
        if (
            i in shortcodes
            or (c == ":" and nxt == "/")  # http:// and other bare URL schemes
            or ((c + nxt) in _JOINED_PAIRS and (i == 0 or line[i - 1].isspace()))
        ):
            out.append(WORD_JOINER)
    return "".join(out)


def one_line(text: object) -> str:
    """Any value as one line of plain text: every run of whitespace (line breaks of
    every kind included) becomes one space; control characters show as U+FFFD."""
    return " ".join(_control_free("" if text is None else str(text)).split())


def md(text: object, *, lines: bool = False) -> str:
    """``text`` as Markdown that Streamlit renders exactly as the characters written.

    One line by default (for labels, titles, options, alerts); ``lines=True`` keeps
    the line breaks as Markdown hard breaks (each line's leading and trailing spaces
    are dropped so no line can become a code block).
    """
    raw = _control_free("" if text is None else str(text))
    if not lines:
        return _escape_line(" ".join(raw.split()))
    return "  \n".join(_escape_line(" ".join(line.split())) for line in raw.splitlines())


def unescape(markdown: str) -> str:
    """The text ``md`` was given (one-line form): escapes and word joiners dropped.
    For tests and logs; never feed the result back to Markdown."""
    out: list[str] = []
    skip = False
    for i, c in enumerate(markdown):
        if skip:
            skip = False
            continue
        if c == "\\" and markdown[i + 1 : i + 2] in _PUNCTUATION and i + 1 < len(markdown):
            out.append(markdown[i + 1])
            skip = True
        elif c != WORD_JOINER:
            out.append(c)
    return "".join(out)
