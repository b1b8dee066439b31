"""The Draft studio: check, highlight, dismiss, save versions, compare variants."""

import json
import re

from tests.ui.conftest import shown

DRAFT = (
    "Dear families,\n\nOur MTSS team will leverage data in order to help at-risk students. "
    "The plan was approved by the board."
)
HOSTILE = "<script>alert(1)</script><img src=x onerror=alert(2)> Our MTSS team met."


def studio(page, text=DRAFT):
    at = page("studio")
    at.text_area(key="studio_text_0").input(text).run()
    assert not at.exception
    return at


def html_blocks(at):
    return [m.value for m in at.markdown if "commplan-draft" in m.value]


def test_check_highlights_findings(page):
    at = studio(page)
    assert "Families and caregivers" in at.subheader[0].value
    (draft_html,) = html_blocks(at)
    for marked in ("MTSS", "leverage", "at-risk students", "was approved"):
        assert f">{marked}</mark>" in draft_html


def test_every_finding_with_a_span_is_marked_and_numbered_as_listed(page):
    at = studio(page)
    (draft_html,) = html_blocks(at)
    listed = [m.value for m in at.markdown if "** **" in m.value and " · line " in m.value]
    # Every listed finding that quotes words (a code block) is marked in the draft
    # under its own number (nested marks); whole-draft findings have no words.
    quoted = [n for n, block in enumerate(listed, 1) if block.startswith(f"**{n}.**")]
    assert len(quoted) == len(listed)
    assert draft_html.count("<mark ") == len(at.code) >= 5
    numbers = {int(v) for v in re.findall(r'data-n="(\d+)"', draft_html)}
    assert len(numbers) == len(at.code) and numbers <= set(quoted)


def test_hostile_draft_is_escaped(page):
    at = studio(page, HOSTILE)
    (draft_html,) = html_blocks(at)
    assert "<script>" not in draft_html and "<img" not in draft_html
    assert "&lt;script&gt;" in draft_html


def test_dismissed_finding_stays_dismissed_after_save(page):
    at = studio(page)
    buttons = [b for b in at.button if b.key and b.key.startswith("dismiss_jargon")]
    before = len([m for m in at.markdown if "** **warning** ·" in m.value])
    buttons[0].click().run()
    assert any("1 dismissed" in m.value for m in at.markdown)
    at.text_input(key="studio_title_0").input("Letter")
    at.button(key="studio_save").click().run()
    assert not at.exception
    # The saved draft reopens with the dismissal kept.
    assert at.selectbox(key="studio_draft").value != 0
    assert any("1 dismissed" in m.value for m in at.markdown)
    after = len([m for m in at.markdown if "** **warning** ·" in m.value])
    assert after < before


def test_versions_build_a_score_history(page):
    at = studio(page)
    at.button(key="studio_save").click().run()
    draft_id = at.selectbox(key="studio_draft").value
    at.text_area(key=f"studio_text_{draft_id}").input(
        "Dear families, our support team will use what we learn to help every student. "
        "Reply to this email with questions."
    ).run()
    at.button(key="studio_save").click().run()
    assert not at.exception
    assert any("Score history" in m.value for m in at.markdown)


def test_report_downloads(page):
    at = studio(page)
    assert at.get("download_button")  # Markdown and JSON
    from commplan import check_text

    report = check_text(DRAFT, "families")
    assert json.loads(json.dumps(report.to_dict()))["audience"] == "families"


def test_compare_variants(page):
    at = page("studio")
    at.text_area(key="compare_text_0").input("Family night is March 3 at 6 p.m.")
    at.selectbox(key="compare_audience_1").select("educators")
    at.text_area(key="compare_text_1").input("Family night is March 4 at 6 p.m.").run()
    assert not at.exception
    (table,) = [d.value for d in at.dataframe if "message" in d.value.columns]
    assert table["message"].str.contains("Dates differ").any()


def test_oversize_draft_gets_a_clear_message(page):
    at = page("studio")
    at.text_area(key="studio_text_0").input("word " * 250_001).run()
    assert not at.exception
    assert any("characters; the checker takes up to" in e.value for e in at.error)


def test_two_people_dismissing_at_once_keep_both_dismissals(page):
    at = studio(page)
    at.text_input(key="studio_title_0").input("Shared letter")
    at.button(key="studio_save").click().run()
    draft_id = at.selectbox(key="studio_draft").value
    # A second person opens the same saved draft before the first dismisses anything.
    other = page("studio")
    other.selectbox(key="studio_draft").select(draft_id).run()
    mine = [b for b in at.button if b.key and b.key.startswith("dismiss_")]
    theirs = [b for b in other.button if b.key and b.key.startswith("dismiss_")]
    mine[0].click().run()
    theirs[-1].click().run()  # a different finding, on a page loaded before mine
    assert not at.exception and not other.exception
    at.run()
    assert any("2 dismissed" in m.value for m in at.markdown)
    other.run()
    assert any("2 dismissed" in m.value for m in other.markdown)
    other.button(key="studio_restore").click().run()
    assert any("0 dismissed" in m.value for m in other.markdown)


def test_a_check_that_runs_over_its_time_limit_says_what_to_do(page, monkeypatch):
    """The worker's own time limit is tested with a real slow check in
    tests/test_check_worker.py; here, the page's answer when it fires."""
    from commplan.checks import worker

    def too_slow(text, *args, **kwargs):
        raise worker.CheckTimedOut(len(text), len(text.split()), 20)

    monkeypatch.setattr(worker, "check_text_limited", too_slow)
    at = studio(page)
    assert not at.exception
    message = shown(at.error[0].value)
    assert "took too long to check" in message and "shorter part" in message
    assert not html_blocks(at)  # no stale findings shown


def test_invisible_control_characters_can_be_removed_before_saving(page):
    at = studio(page, "Dear families,\x0bthe bus\x01 is late. Reply to this email.")
    assert "2 invisible control characters" in shown(at.warning[0].value)
    at.button(key="studio_clean_controls").click().run()
    assert at.text_area(key="studio_text_0").value == (
        "Dear families,\nthe bus is late. Reply to this email."
    )
    assert not at.warning or "control" not in shown(at.warning[0].value)
    at.button(key="studio_save").click().run()
    assert not at.exception and not at.error


def test_a_rare_word_can_be_added_to_the_glossary_with_a_plain_alternative(page, database):
    from sqlalchemy import select

    from commplan.store import Store
    from commplan.store.documents import history, library_entries
    from commplan.store.models import Workspace

    draft = "Dear families,\n\nThe board will adjudicate the appeal next week."
    at = studio(page, draft)
    assert at.button(key=f"glossary_add_{draft.index('adjudicate')}")
    start = draft.index("adjudicate")
    # No plain alternative typed: a clear message, nothing saved.
    at.button(key=f"glossary_add_{start}").click().run()
    assert any("type a plain alternative" in e.value for e in at.error)
    at.text_input(key=f"glossary_plain_{start}").input("decide")
    at.button(key=f"glossary_add_{start}").click().run()
    assert not at.exception
    with Store(database).session() as s:
        workspace = s.scalars(select(Workspace)).first()
        (entry,) = [e for e in library_entries(s, workspace, "glossary") if e.key == "adjudicate"]
        assert entry.data["plain"] == ["decide"]
        assert entry.data["examples"]["pass"] == ["The board will decide the appeal next week."]
        assert history(s, workspace, "library", "glossary", "adjudicate")
    # The library cache refreshed: the word is now a glossary finding, not a rare word.
    rules = [b.key for b in at.button if b.key and b.key.startswith("glossary_add_")]
    assert not rules
    assert any("adjudicate" in m.value and "may not know" in m.value for m in at.markdown)
