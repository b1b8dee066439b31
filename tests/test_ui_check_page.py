"""The check page, driven headless with Streamlit's AppTest."""

from pathlib import Path

from streamlit.testing.v1 import AppTest

from commplan.checks import Finding, Severity
from commplan.ui.render import highlight

APP = str(Path(__file__).resolve().parents[1] / "streamlit_app.py")


def test_page_checks_the_sample_and_shows_a_verdict():
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert at.title[0].value == "Check a draft"
    assert "Families and caregivers" in at.subheader[0].value
    assert any("MTSS" in m.value for m in at.markdown)


def test_changing_audience_and_text_rechecks():
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.selectbox(key="check_audience").select("agency_staff")
    at.text_area(key="check_text").input("The SEA will publish guidance.").run()
    assert not at.exception
    assert "Agency staff" in at.subheader[0].value or "agency" in at.subheader[0].value.lower()


def test_empty_draft_says_nothing_to_check():
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.text_area(key="check_text").input("   ").run()
    assert any("Nothing to check" in i.value for i in at.info)


def test_hostile_text_is_escaped():
    text = "<script>alert(1)</script> <img src=x onerror=alert(2)> [x](javascript:alert(3)) MTSS"
    f = Finding(
        "jargon.acronym.undefined",
        "jargon",
        Severity.warning,
        len(text) - 4,
        len(text),
        1,
        len(text) - 3,
        "MTSS",
        'Say "x" <b>',
        None,
    )
    html = highlight(text, [f])
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;" in html
    assert 'title="Say &quot;x&quot; &lt;b&gt;"' in html
