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
    assert 'title="1. Say &quot;x&quot; &lt;b&gt;"' in html


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
    body = html.split('<div class="commplan-draft" style="line-height:1.9">', 1)[1]
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


def _finding(text: str, rule: str, start: int, end: int, message: str = "m") -> Finding:
    category = rule.split(".")[0]
    return Finding(rule, category, Severity.warning, start, end, 1, start + 1,
                   text[start:end], message, None)  # fmt: skip


def test_every_finding_inside_a_hard_sentence_is_marked_too():
    """Sentence findings used to swallow the words marked inside them (16 of 61
    findings were visible on a real draft)."""
    text = "The MTSS team will leverage data to help at-risk students. Call us."
    sentence = _finding(text, "readability.sentence.hard", 0, 58)
    inner = [
        _finding(text, "jargon.acronym.undefined", 4, 8),
        _finding(text, "jargon.corporate_speak", 19, 27),
        _finding(text, "framing.deficit", 41, 57),
        _finding(text, "framing.deficit", 44, 48),  # nested twice: "risk"
    ]
    html = highlight(text, [sentence, *inner])
    assert html.count("<mark ") == 5 and html.count("</mark>") == 5
    for n, f in enumerate(inner, 2):
        assert f'data-n="{n}">{f.text[:3]}' in html
    # Nested, not side by side: the sentence mark closes after the last inner one.
    assert html.index('data-rule="readability.sentence.hard"') < html.index(">MTSS")
    assert html.rindex("</mark>") > html.index("students")
    assert html.count("students") == 1 and "Call us." in html


def test_a_finding_crossing_the_end_of_another_is_cut_there():
    text = "alpha beta gamma delta"
    a = _finding(text, "style.x", 0, 10)
    b = _finding(text, "jargon.y", 6, 16)  # crosses a's end
    html = highlight(text, [a, b])
    assert html.count("<mark ") == 2 and html.count("</mark>") == 2
    assert "beta</mark></mark> gamma delta" in html


def test_marks_carry_their_list_number_and_a_line_style_not_only_colour():
    text = "We will leverage it."
    html = highlight(text, [_finding(text, "jargon.corporate_speak", 8, 16, "Plain?")])
    assert 'data-n="1"' in html and "wavy" in html and 'title="1. Plain?' in html


def test_a_line_break_in_a_message_stays_out_of_the_attribute():
    text = "Say MTSS."
    html = highlight(text, [_finding(text, "jargon.acronym.undefined", 4, 8, "a\nb")])
    assert 'title="1. a b"' in html
