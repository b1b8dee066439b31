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
