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
    assert 'Say &quot;x&quot; &lt;b&gt;"' in html  # the tooltip's end: quotes escaped


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


def _f(rule, category, start, end, text, severity=Severity.warning):
    return Finding(rule, category, severity, start, end, 1, start + 1, text[start:end], "m", None)


def test_nested_findings_are_all_marked_and_numbered_as_the_list():
    """A hard sentence holds jargon: both are marked, the jargon inside the sentence,
    and mark n is finding n of the list the page shows."""
    text = "Our MTSS team will leverage data. Reply today."
    sentence = _f("readability.sentence", "readability", 0, 33, text)
    acronym = _f("jargon.acronym.undefined", "jargon", 4, 8, text)
    leverage = _f("jargon.corporate_speak", "jargon", 19, 27, text)
    html = highlight(text, [sentence, acronym, leverage])
    assert html.count("<mark") == 3 and html.count("</mark>") == 3
    assert '<mark data-n="1"' in html and '<mark data-n="2"' in html and '<mark data-n="3"' in html
    outer = html.index('data-n="1"')
    assert outer < html.index('data-n="2"') < html.index('data-n="3"')
    assert html.index(">leverage</mark>") < html.index(" data.</mark>")
    assert ">MTSS</mark>" in html and ">leverage</mark>" in html
    assert html.count("team") == 1 and html.count("Reply") == 1


def test_crossing_findings_stay_well_nested():
    text = "abcdefghij"
    a = _f("style.x", "style", 0, 6, text)
    b = _f("jargon.x", "jargon", 4, 9, text)
    html = highlight(text, [a, b])
    # b is cut at a's end so the tags nest; the rest of b's text is plain.
    body = html.split(">", 1)[1]
    opened = []
    for piece in body.split("<")[1:]:
        if piece.startswith("mark"):
            opened.append(1)
        elif piece.startswith("/mark"):
            assert opened, "a mark closed that was never opened"
            opened.pop()
    assert not opened
    assert html.count("ghi") == 1 or "gh" in html


def test_each_category_has_its_own_line_style_so_colour_is_not_the_only_cue():
    from commplan.ui.render import CATEGORY_STYLES

    lines = {style.split("border-bottom:")[1].split(";")[0] for style in CATEGORY_STYLES.values()}
    assert len(lines) == len(CATEGORY_STYLES)
    text = "MTSS"
    html = highlight(text, [_f("jargon.x", "jargon", 0, 4, text)])
    assert "border-bottom:" in html and 'data-category="jargon"' in html
