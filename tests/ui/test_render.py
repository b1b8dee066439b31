"""User text is escaped wherever the app renders HTML."""

from commplan.checks import Finding, Severity
from commplan.ui.render import highlight

HOSTILE = "<script>alert(1)</script> <img src=x onerror=alert(2)> [x](javascript:alert(3)) MTSS"


def test_hostile_text_is_escaped_in_highlights():
    f = Finding(
        "jargon.acronym.undefined",
        "jargon",
        Severity.warning,
        len(HOSTILE) - 4,
        len(HOSTILE),
        1,
        len(HOSTILE) - 3,
        "MTSS",
        'Say "x" <b>',
        None,
    )
    html = highlight(HOSTILE, [f])
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;" in html and "&lt;img src=x onerror=alert(2)&gt;" in html
    assert 'title="Say &quot;x&quot; &lt;b&gt;"' in html


def test_overlapping_findings_do_not_duplicate_text():
    text = "at-risk students"
    a = Finding("framing.deficit", "framing", Severity.warning, 0, 16, 1, 1, text, "m", None)
    b = Finding("jargon.x", "jargon", Severity.warning, 3, 7, 1, 4, "risk", "m", None)
    html = highlight(text, [a, b])
    assert html.count("students") == 1


def test_every_kind_of_line_break_becomes_br():
    """CR-only (old Mac, some survey exports), CRLF, LF, U+2028 and U+2029 all break
    the line; a raw CR left in the HTML would end Streamlit's HTML block at a blank
    line and let the rest of the draft be read as Markdown."""
    text = "one\rtwo\r\nthree\nfour\u2028five\u2029six\r\r**seven**"
    html = highlight(text, [])
    assert "\r" not in html and "\n" not in html
    assert "\u2028" not in html and "\u2029" not in html
    body = html.removeprefix('<div class="commplan-draft" style="line-height:1.7">')
    assert body.removesuffix("</div>").split("<br>") == [
        "one", "two", "three", "four", "five", "six", "", "**seven**"
    ]  # fmt: skip


def test_line_breaks_inside_a_finding_keep_offsets():
    text = "a\r\nMTSS\rb"
    f = Finding("jargon.x", "jargon", Severity.warning, 3, 7, 2, 1, "MTSS", "m", None)
    html = highlight(text, [f])
    assert ">MTSS</mark><br>b</div>" in html and "a<br><mark" in html


def test_colons_are_entities_so_streamlit_cannot_rewrite_material_names():
    html = highlight(":material/bolt: at 10:30", [])
    assert ":material/" not in html and "&#58;material/bolt&#58; at 10&#58;30" in html
