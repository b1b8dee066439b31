"""md(): any string as literal text in Streamlit's Markdown.

What the browser makes of md()'s output is checked in tests/e2e/test_hostile_journey.py
(no image, link, colour, icon or formula renders); here, the escaping itself."""

from __future__ import annotations

import string

from commplan.ui.text import WORD_JOINER, md, one_line


def unescape(text: str) -> str:
    """What CommonMark shows for md()'s output: backslash escapes dropped (the word
    joiners are zero-width)."""
    out, i = [], 0
    while i < len(text):
        if text[i] == "\\" and i + 1 < len(text) and text[i + 1] in string.punctuation:
            out.append(text[i + 1])
            i += 2
        else:
            out.append(text[i])
            i += 1
    return "".join(out).replace(WORD_JOINER, "")


# Punctuation that cannot open any Markdown construct anywhere in a line.
NEVER_OPENS = "?,;'\"%!()"


def test_every_ascii_punctuation_character_that_can_open_markup_is_escaped():
    out = md(string.punctuation)
    assert unescape(out) == string.punctuation
    bare = out.replace(WORD_JOINER, "")
    # "-", "+", "#" open lists and headings only at line start; "." and ")" only
    # after a leading number ("1." "1)"), so mid-line they stay as typed.
    expected = "".join(
        c if c in NEVER_OPENS or (c in "-+#." and i > 0) else "\\" + c
        for i, c in enumerate(string.punctuation)
    )
    assert bare == expected


def test_everyday_punctuation_is_not_escaped():
    """Streamlit copies a widget label into its aria-label as written, so every
    backslash is read aloud by a screen reader ("backslash question mark")."""
    text = "What's new? Families (K-5), 3.5% up; \"great\" news!"
    assert md(text) == text


def test_line_start_markers_are_escaped():
    out = md("- item\n+ item\n# heading\n12. list\n3) list\n--- \n===", lines=True)
    assert out.split("  \n") == [
        "\\- item",
        "\\+ item",
        "\\# heading",
        "12\\. list",
        "3\\) list",
        "\\-" + WORD_JOINER + "--",
        "\\=\\=\\=",
    ]
    assert md("Grades 3-5 (2024-25): 4.5 + 2 # of days") == (
        "Grades 3-5 (2024-25)\\: 4.5 + 2 # of days"
    )


def test_numbered_lines_are_escaped_in_linear_time():
    """The leading-number rule looks at the line's digit run once, not per dot."""
    text = "1" * 50_000 + "." * 50_000
    assert unescape(md(text)) == text


def test_markdown_html_and_latex_show_as_written():
    text = "![x](http://127.0.0.2/t.png) <img src=x onerror=alert(1)> **b** $x^2$ &amp; # h"
    out = md(text)
    assert unescape(out) == text
    for raw in ("![", "](", "<img", "**", "$x", "&amp;"):
        assert raw not in out.replace("\\" + raw[0], "")


def test_directives_and_material_names_cannot_open():
    """:red[..], :help[..] are parsed from the raw source, and Streamlit rewrites
    ':material/' in the raw source: an escaped colon and slash stop all three."""
    out = md(":red[x] :help[x] :material/bolt: :rainbow-background[y]")
    for raw in (":red[", ":help[", ":material/", ":rainbow-background["):
        assert raw not in out


def test_text_node_shortcodes_are_broken_by_a_word_joiner():
    """Emoji, :material_x: and :streamlit: are matched on text nodes after escapes
    are gone (what `shown` imitates), so the opening colon gets a WORD JOINER."""
    out = md(":smile: :material_bolt: :streamlit: x:100: :+1:")
    assert f"\\:{WORD_JOINER}smile" in out
    shown = out.replace("\\", "")
    for pattern in (":smile:", ":material_bolt:", ":streamlit:", ":100:", ":+1:"):
        assert pattern not in shown


def test_ordinary_text_gets_no_word_joiner():
    """The joiner is invisible but copied with the text: only where it is needed."""
    assert WORD_JOINER not in md("Note: 4:15 pm, ratio 3:2, K-12, well-being, a->b, 2024--25")


def test_bare_links_and_addresses_are_not_autolinked():
    shown = md("http://a.example www.b.example me@c.example").replace("\\", "")
    for pattern in ("http://", "www.", "me@"):
        assert pattern not in shown
    assert unescape(md("http://a.example www.b.example me@c.example")) == (
        "http://a.example www.b.example me@c.example"
    )


def test_typographic_pairs_stay_as_typed():
    shown = md("a -> b -- c <= d >= e ~= f <- g").replace("\\", "")
    for pair in ("->", "--", "<=", ">=", "~=", "<-"):
        assert pair not in shown


def test_one_line_collapses_every_kind_of_line_break():
    text = "one\rtwo\r\nthree\nfour\u2028five\u2029six\t seven"
    assert one_line(text) == "one two three four five six seven"
    assert unescape(md(text)) == "one two three four five six seven"


def test_lines_keeps_breaks_as_hard_breaks_and_cannot_open_a_code_block():
    out = md("first\r        indented\r\n- item\u2028# heading", lines=True)
    assert out.split("  \n") == ["first", "indented", "\\- item", "\\# heading"]


def test_control_characters_show_as_replacement_characters():
    assert md("a\x00b\x07c\x1bd") == "a\ufffdb\ufffdc\ufffdd"
    assert one_line("a\x85b") == "a\ufffdb"


def test_unicode_is_kept():
    text = "İstanbul 😀👩‍👩‍👧 ünïcödé"
    assert md(text) == text


def test_none_and_numbers():
    assert md(None) == "" and md(3.5) == "3\\.5" and md("x 3.5") == "x 3.5"


def test_long_input():
    """A long run of punctuation is escaped in one pass (no regex to backtrack)."""
    text = ":-" * 100_000
    out = md(text)
    assert unescape(out) == text
