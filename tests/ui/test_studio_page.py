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


def rows(at, word=""):
    """The findings list's rows ("**3.** icon **warning** · ..."), optionally of one severity."""
    return [
        m.value for m in at.markdown if re.match(r"\*\*\d+\.\*\* ", m.value) and word in m.value
    ]


def html_blocks(at):
    return [m.value for m in at.markdown if "commplan-draft" in m.value]


def test_check_highlights_findings(page):
    at = studio(page)
    assert at.header, [e.value for e in at.error]
    assert "Families and caregivers" in at.header[0].value
    (draft_html,) = html_blocks(at)
    for marked in ("MTSS", "leverage", "at-risk students", "was approved"):
        assert f">{marked}</mark>" in draft_html


def test_hostile_draft_is_escaped(page):
    at = studio(page, HOSTILE)
    (draft_html,) = html_blocks(at)
    assert "<script>" not in draft_html and "<img" not in draft_html
    assert "&lt;script&gt;" in draft_html


def test_dismissed_finding_stays_dismissed_after_save(page):
    at = studio(page)
    buttons = [b for b in at.button if b.key and b.key.startswith("dismiss_jargon")]
    before = len(rows(at, "**warning**"))
    buttons[0].click().run()
    assert any("1 dismissed" in m.value for m in at.markdown)
    at.text_input(key="studio_title_0").input("Letter")
    at.button(key="studio_save").click().run()
    assert not at.exception
    # The saved draft reopens with the dismissal kept.
    assert at.selectbox(key="studio_draft").value != 0
    assert any("1 dismissed" in m.value for m in at.markdown)
    after = len(rows(at, "**warning**"))
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
    # The chart names its lines in words, not the data frame's "variable"/"value".
    charts = at.get("vega_lite_chart")
    assert charts
    spec = charts[-1].proto.spec
    assert "Reading grade" in spec or "Reading grade" in str(charts[-1].proto)
    assert '"variable"' not in spec


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
    assert any("2 dismissed" in m.value for m in at.markdown), (
        [m.value for m in at.markdown if "dismissed" in m.value],
        [t.value for t in other.toast],
        [e.value for e in other.error],
    )
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


# --- Issue 12: a studio that works the way communicators work -----------------------


def button_starting(at, prefix):
    return [b for b in at.button if b.key and b.key.startswith(prefix)]


def test_a_summary_comes_first_with_counts_and_the_findings_to_start_with(page):
    at = studio(page)
    values = [m.value for m in at.markdown]
    counts = next(i for i, v in enumerate(values) if re.match(r"\*\*\d+ findings\*\*: ", v))
    start = next(i for i, v in enumerate(values) if v.startswith("**Start with**"))
    draft = next(i for i, v in enumerate(values) if "commplan-draft" in v)
    first_row = next(i for i, v in enumerate(values) if re.match(r"\*\*\d+\.\*\* ", v))
    assert counts < start < draft < first_row
    assert "warning" in values[counts] and "jargon" in values[counts]
    # Numbers escaped: a line "1. ..." inside the block would turn into a Markdown list.
    assert all(re.match(r"\d+\\\. ", line) for line in values[start].split("\n")[1:])
    top = shown(values[start]).split("\n")[1:]
    assert len(top) == 3 and all(re.match(r"\d+\. :material/\w+: \*\*\w+\*\*", t) for t in top)
    # Most severe first: no suggestion listed before a warning.
    words = [re.search(r"\*\*(\w+)\*\*", t).group(1) for t in top]
    assert words == sorted(words, key=["error", "warning", "suggestion"].index)


def test_findings_are_grouped_by_category_and_only_the_most_severe_group_is_open(page):
    at = studio(page)
    labels = [(e.label, e.proto.expanded) for e in at.expander if "finding" in e.label]
    assert len(labels) >= 3
    assert [open_ for _, open_ in labels] == [True] + [False] * (len(labels) - 1)
    assert labels[0][0].startswith(("Jargon", "Framing", "Engagement"))  # warnings, not style
    # Every finding is a compact row: number, severity word and icon, the words, message.
    rows_ = rows(at)
    severity = re.compile(r":material/\w+: \*\*(error|warning|suggestion)\*\*")
    assert rows_ and all(severity.search(r) for r in rows_)
    assert any("“MTSS”" in r and "not defined" in shown(r) for r in rows_)


def test_the_marks_are_numbered_as_the_findings_list(page):
    at = studio(page)
    (draft_html,) = html_blocks(at)
    assert len(rows(at)) >= 5
    checked = 0
    for row in rows(at):
        n = re.match(r"\*\*(\d+)\.\*\*", row).group(1)
        quoted = re.search(r"“(.+?)”", row)
        if quoted:
            word = shown(quoted.group(1))
            assert re.search(rf'<mark data-n="{n}"[^>]*>{re.escape(word)}', draft_html), (n, word)
            checked += 1
    assert checked >= 3


def test_a_glossary_fix_is_previewed_applied_and_undone(page):
    at = studio(page)
    previews = [v for v in (m.value for m in at.markdown) if "~~leverage~~" in v]
    assert previews and "**use**" in previews[0]
    assert "Before: Our MTSS team will ~~leverage~~ data" in shown(previews[0])
    assert "After: Our MTSS team will **use** data" in shown(previews[0])
    (fix,) = button_starting(at, "fix_jargon.corporate_speak")
    fix.click().run()
    assert not at.exception
    after = at.text_area(key="studio_text_0").value
    assert after == DRAFT.replace("leverage", "use")
    assert any("Changed 'leverage' to 'use'" in shown(t.value) for t in at.toast)
    assert not button_starting(at, "fix_jargon.corporate_speak")  # checked again
    assert not any(">leverage</mark>" in h for h in html_blocks(at))
    at.button(key="studio_undo").click().run()
    assert at.text_area(key="studio_text_0").value == DRAFT
    assert button_starting(at, "fix_jargon.corporate_speak")


def test_a_fix_keeps_the_sentence_grammatical_and_a_modifier_gets_advice_only(page):
    draft = (
        "Dear families,\n\nWe see an achievement gap. This year we will implement a "
        "tiered system of supports and data-driven plans. Reply to this email."
    )
    at = studio(page, draft)
    previews = [shown(m.value) for m in at.markdown if "~~" in m.value]
    # "an" changes with the new first word; the plain form's own "the" is dropped.
    assert any("~~an achievement gap~~" in p for p in previews)
    assert any("**a difference in test results between groups of students**" in p for p in previews)
    assert not any("the the" in p or "~~tiered system~~" in p or "~~data-driven~~" in p
                   for p in previews)  # fmt: skip
    # The modifier and the noun phrase cut off from "of supports": advice, no button.
    advice = [shown(r) for r in rows(at) if "data-driven" in r]
    assert any("based on what the numbers show" in r for r in advice)
    (fix,) = button_starting(at, "fix_jargon.education_speak")
    fix.click().run()
    assert not at.exception
    text = at.text_area(key="studio_text_0").value
    assert "We see a difference in test results between groups of students." in text


def test_undo_steps_back_through_several_fixes(page):
    at = studio(page)
    button_starting(at, "fix_jargon.corporate_speak")[0].click().run()
    button_starting(at, "fix_jargon.acronym")[0].click().run()
    text = at.text_area(key="studio_text_0").value
    assert "multi-tiered system of supports (MTSS) team will use data" in text
    assert "Undo last change (2)" in at.button(key="studio_undo").label
    at.button(key="studio_undo").click().run()
    assert at.text_area(key="studio_text_0").value == DRAFT.replace("leverage", "use")
    at.button(key="studio_undo").click().run()
    assert at.text_area(key="studio_text_0").value == DRAFT
    assert at.button(key="studio_undo").disabled


def test_a_fix_is_not_applied_to_a_draft_that_changed_meanwhile(page):
    at = studio(page)
    (fix,) = button_starting(at, "fix_jargon.corporate_speak")
    changed = "Hello. " + DRAFT  # typed before the click arrived: offsets moved
    at.text_area(key="studio_text_0").set_value(changed)
    fix.click().run()
    assert not at.exception
    assert at.text_area(key="studio_text_0").value == changed  # nothing half-applied
    assert any("draft changed since it was checked" in shown(e.value) for e in at.error)


def test_saving_says_which_version_of_which_draft_was_saved(page):
    at = studio(page)
    at.text_input(key="studio_title_0").input("Back-to-school letter")
    at.button(key="studio_save").click().run()
    assert any(
        shown(t.value) == "Saved version 1 of 'Back-to-school letter'." for t in at.toast
    )
    draft_id = at.selectbox(key="studio_draft").value
    assert at.text_area(key=f"studio_text_{draft_id}").value == DRAFT
    at.button(key="studio_save").click().run()
    assert any(
        shown(t.value) == "Saved version 2 of 'Back-to-school letter'." for t in at.toast
    )


def test_dismissing_is_confirmed(page):
    at = studio(page)
    button_starting(at, "dismiss_jargon")[0].click().run()
    assert any("Dismissed 1 finding" in shown(t.value) for t in at.toast)


def test_an_unchanged_draft_is_not_checked_again_on_other_reruns(page, monkeypatch):
    from commplan.checks import worker

    calls = []
    real = worker.check_text_limited

    def counting(text, *args, **kwargs):
        calls.append(text)
        return real(text, *args, **kwargs)

    monkeypatch.setattr(worker, "check_text_limited", counting)
    at = studio(page)
    assert len(calls) == 1
    at.text_input(key="studio_title_0").input("A title").run()  # another widget
    button_starting(at, "dismiss_jargon")[0].click().run()
    assert len(calls) == 1
    at.text_area(key="studio_text_0").input(DRAFT + " Call us.").run()
    assert len(calls) == 2


def _remove_plans(database):
    from sqlalchemy import select

    from commplan.store import Store
    from commplan.store import records as r
    from commplan.store.models import Workspace

    with Store(database).session() as s:
        workspace = s.scalars(select(Workspace)).first()
        for plan in r.list_plans(s, workspace):
            r.delete_plan(s, plan.id)


def test_a_first_visit_says_what_to_do_and_loads_the_example_plan_and_a_sample(
    page, database, empty_database
):
    page("studio")  # the page creates and seeds the database
    _remove_plans(database)
    at = page("studio")
    assert any("Welcome: start here" in m.value for m in at.markdown)
    load = at.button(key="studio_load_examples")
    assert load.label == "Load the example plan and a sample letter"
    load.click().run()
    assert not at.exception
    assert any("Loaded the example plan and a sample letter" in shown(t.value) for t in at.toast)
    text = at.text_area(key="studio_text_0").value
    assert text.startswith("Dear Parents,") and "MTSS" in text
    assert at.text_input(key="studio_title_0").value == "Sample: Back-to-school letter"
    assert button_starting(at, "fix_")  # the sample has problems a click can fix
    assert not any("Welcome: start here" in m.value for m in at.markdown)
    # The example plan is in the workspace now: its audiences are offered here.
    assert len(at.selectbox(key="studio_item_0").options) > 1


def test_with_a_plan_but_no_draft_the_welcome_offers_only_the_sample(page):
    at = page("studio")
    assert at.button(key="studio_load_examples").label == "Load a sample letter"
    at.button(key="studio_load_examples").click().run()
    assert at.text_area(key="studio_text_0").value.startswith("Dear Parents,")


def test_a_long_group_shows_its_most_severe_findings_first_and_the_rest_on_request(page):
    text = "Dear families,\n\n" + " ".join(
        f"The form {n} was signed by the parent and was returned by the student."
        for n in range(12)
    )
    at = studio(page, text)
    style = [e for e in at.expander if e.label.startswith("Style")]
    assert style, [e.label for e in at.expander]
    total = int(re.search(r"(\d+) findings", style[0].label).group(1))
    assert total > 8

    def style_rows():
        (group,) = [e for e in at.expander if e.label.startswith("Style")]
        return [m.value for m in group.markdown if re.match(r"\*\*\d+\.\*\* ", m.value)]

    assert len(style_rows()) == 8
    assert any("more finding" in shown(c.value) for c in at.caption)
    at.toggle(key="studio_all_style").set_value(True).run()
    assert len(style_rows()) == total


# --- QA 8: Compare takes saved drafts ------------------------------------------------


def _save_drafts(database, *drafts):
    """Saved drafts (title, audience, text), each with one version, oldest first."""
    from sqlalchemy import select

    from commplan import check_text
    from commplan.store import Store
    from commplan.store import records as r
    from commplan.store.models import Workspace

    ids = []
    with Store(database).session() as s:
        workspace = s.scalars(select(Workspace)).first()
        for title, audience, text in drafts:
            draft = r.create_draft(s, workspace, "tester", title, audience)
            report = check_text(text, audience if audience != "retired_board" else "families")
            r.save_draft_version(s, draft.id, text, report.to_dict(), "tester")
            ids.append(draft.id)
    return ids


FAMILIES_NIGHT = "Family night is March 3 at 6 p.m. in the gym. Reply to this email."
STAFF_NIGHT = "Family night is March 4 at 6 p.m. in the gym. Tell us if you can help."


def test_compare_without_saved_drafts_says_so_and_pasting_still_works(page):
    at = page("studio")
    assert any("No saved drafts yet" in shown(i.value) for i in at.info)
    assert not [s for s in at.selectbox if s.key and s.key.startswith("compare_saved_")]
    at.text_area(key="compare_text_0").input(FAMILIES_NIGHT)
    at.text_area(key="compare_text_1").input(STAFF_NIGHT).run()
    assert not at.exception
    (table,) = [d.value for d in at.dataframe if "message" in d.value.columns]
    assert table["message"].str.contains("Dates differ").any()


def test_a_draft_saved_in_the_studio_can_be_picked_into_compare(page):
    at = page("studio")
    at.text_input(key="studio_title_0").input("Family night: staff")
    at.selectbox(key="studio_audience_0").select("educators")
    at.text_area(key="studio_text_0").input(STAFF_NIGHT).run()
    at.button(key="studio_save").click().run()
    assert not at.exception
    draft_id = at.selectbox(key="studio_draft").value
    assert draft_id
    assert not any("No saved drafts yet" in shown(i.value) for i in at.info)
    picker = at.selectbox(key="compare_saved_1")
    assert picker.options[0] != "Family night: staff"  # first, "none": paste instead
    assert any("Family night: staff" in o for o in picker.options)
    picker.select(draft_id).run()
    assert not at.exception
    assert at.text_area(key="compare_text_1").value == STAFF_NIGHT
    assert at.selectbox(key="compare_audience_1").value == "educators"
    # Variant 1 is pasted: picking and pasting work side by side, and the comparison
    # runs on the saved draft's text.
    at.text_area(key="compare_text_0").input(FAMILIES_NIGHT).run()
    (table,) = [d.value for d in at.dataframe if "message" in d.value.columns]
    assert table["message"].str.contains("Dates differ").any()
    # ... and in words, whole (a table cell cut it off after "Variant 1 ... says").
    said = [shown(m.value) for m in at.markdown if "Dates differ" in shown(m.value)]
    assert said and "Teachers and school staff" in said[0] and "March 4" in said[0]


def test_saved_drafts_fill_the_variants_newest_first_with_their_audiences(page, database):
    older, newer, newest = _save_drafts(
        database,
        ("Family night: families", "families", FAMILIES_NIGHT),
        ("Family night: staff", "educators", STAFF_NIGHT),
        ("Family night: media", "media", "Family night is March 3 at 6 p.m. Call us."),
    )
    at = page("studio")
    picker = at.selectbox(key="compare_saved_0")
    # The choices are the saved drafts, newest first, each named by title and audience.
    titles = picker.options[1:]
    assert [t.split(" · ")[0] for t in titles] == [
        "Family night: media",
        "Family night: staff",
        "Family night: families",
    ]
    assert "Families and caregivers" in titles[2] and "Teachers and school staff" in titles[1]
    picker.select(older).run()
    at.selectbox(key="compare_saved_1").select(newer).run()
    assert not at.exception
    assert at.text_area(key="compare_text_0").value == FAMILIES_NIGHT
    assert at.text_area(key="compare_text_1").value == STAFF_NIGHT
    assert at.selectbox(key="compare_audience_0").value == "families"
    assert at.selectbox(key="compare_audience_1").value == "educators"
    (table,) = [d.value for d in at.dataframe if "message" in d.value.columns]
    assert table["message"].str.contains("Dates differ").any()
    assert table["message"].str.contains("March 4").any()  # from the saved text
    # A third variant from the newest draft; the comparison takes it in.
    at.number_input(key="compare_count").set_value(3).run().run()
    at.selectbox(key="compare_saved_2").select(newest).run()
    assert at.selectbox(key="compare_audience_2").value == "media"
    assert len([c for c in at.caption if "Saved version 1" in shown(c.value)]) == 3


def test_a_picked_draft_can_be_edited_and_an_unknown_audience_is_named(page, database):
    (draft_id,) = _save_drafts(database, ("Old board note", "retired_board", STAFF_NIGHT))
    at = page("studio")
    at.selectbox(key="compare_audience_0").select("media").run()
    at.selectbox(key="compare_saved_0").select(draft_id).run()
    assert not at.exception
    assert at.text_area(key="compare_text_0").value == STAFF_NIGHT
    # Its audience is not in the list: the variant keeps the one chosen, and says so.
    assert at.selectbox(key="compare_audience_0").value == "media"
    assert any("retired_board" in shown(w.value) for w in at.warning)
    at.text_area(key="compare_text_0").input(STAFF_NIGHT + " Bring a friend.").run()
    assert any("Changed here" in shown(c.value) for c in at.caption)
    at.button(key="compare_reload_0").click().run()
    assert at.text_area(key="compare_text_0").value == STAFF_NIGHT


def test_a_newer_saved_version_is_offered_and_a_deleted_draft_leaves_the_text(page, database):
    from commplan import check_text
    from commplan.store import Store
    from commplan.store import records as r
    from commplan.store.models import Draft

    (draft_id,) = _save_drafts(database, ("Family night: staff", "educators", STAFF_NIGHT))
    at = page("studio")
    at.selectbox(key="compare_saved_0").select(draft_id).run()
    newer = STAFF_NIGHT.replace("March 4", "March 3")
    with Store(database).session() as s:
        r.save_draft_version(s, draft_id, newer, check_text(newer).to_dict(), "tester")
    at.run()
    assert at.text_area(key="compare_text_0").value == STAFF_NIGHT  # not replaced unasked
    assert any("holds version 1" in shown(c.value) for c in at.caption)
    reload = at.button(key="compare_reload_0")
    assert reload.label == "Load version 2"
    reload.click().run()
    assert at.text_area(key="compare_text_0").value == newer
    with Store(database).session() as s:
        s.delete(s.get(Draft, draft_id))
    at.run()
    assert not at.exception
    assert at.text_area(key="compare_text_0").value == newer  # the text stays to compare
    assert any("No saved drafts yet" in shown(i.value) for i in at.info)


HOSTILE_TITLE = (
    "**bold** <b>x</b> [link](http://e.example) :red[alarm] <img src=x onerror=alert(1)>"
)


def test_a_picked_draft_is_never_rendered_as_markdown_or_html(page, database):
    text = HOSTILE + " Family night is March 3. **Reply** [here](http://e.example) :red[now]"
    (draft_id,) = _save_drafts(database, (HOSTILE_TITLE, "families", text))
    at = page("studio")
    at.selectbox(key="compare_saved_0").select(draft_id)
    at.selectbox(key="compare_saved_1").select(draft_id).run()
    assert not at.exception
    assert at.text_area(key="compare_text_0").value == text
    rendered = [
        e.value
        for kind in ("markdown", "caption", "info", "warning", "error", "success", "toast")
        for e in at.get(kind)
    ]
    labels = [w.label for w in (*at.selectbox, *at.text_area, *at.number_input)]
    for value in rendered + labels:
        assert "<script" not in value and "<img" not in value and "<b>" not in value
        assert "**bold**" not in value and "**Reply**" not in value
        assert ":red[" not in value and "](http" not in value
    # The title shows only as an option of the picker: plain text there, as typed.
    assert any(HOSTILE_TITLE in o for o in at.selectbox(key="compare_saved_0").options)


def test_compare_lists_the_differences_most_severe_first(page):
    """A QA run: Compare listed its findings suggestion, error, suggestion, error... in
    the order the checks found them; a communications officer reads the top first, so
    the errors (facts that contradict each other) come first, in the list and table."""
    at = page("studio")
    at.number_input(key="compare_count").set_value(3).run()
    at.text_area(key="compare_text_0").input(
        "The board meets Tuesday, May 6 at 6 p.m. Share your views at "
        "https://district.example/survey or call 555-123-4567."
    )
    at.selectbox(key="compare_audience_1").select("educators")
    at.text_area(key="compare_text_1").input(
        "The board meets Tuesday, May 6 at 7 p.m. Share feedback at https://district.example/survey."
    )
    at.selectbox(key="compare_audience_2").select("media")
    at.text_area(key="compare_text_2").input(
        "The board meets Wednesday, May 7 at 6 p.m. on a $2.5 million change. Call 555-123-9999."
    ).run()
    assert not at.exception
    (table,) = [d.value for d in at.dataframe if "message" in d.value.columns]
    order = {"error": 0, "warning": 1, "suggestion": 2}
    ranks = [order[s] for s in table["severity"]]
    assert len(set(ranks)) > 1 and ranks == sorted(ranks), list(table["severity"])
    listed = next(m.value for m in at.markdown if "differ" in m.value)
    words = [w for w in listed.split() if w.strip("*:") in order]
    assert [order[w.strip("*:")] for w in words] == sorted(order[w.strip("*:")] for w in words)
