"""Plan gaps, timeline and exports (.docx read back with python-docx)."""

import csv
import io
from datetime import date

import docx

from commplan.plans import gaps, plan_to_csv, plan_to_docx, plan_to_markdown, timeline
from commplan.plans.model import AudienceItem, ListeningLoopView, Milestone, PlanView

TODAY = date(2026, 11, 22)
HOSTILE = '<script>alert(1)</script> [x](javascript:alert(2)) =HYPERLINK("http://x")'


def make(**overrides):
    families = AudienceItem(
        id=1,
        audience="families",
        audience_name="Families and caregivers",
        desired_action="Ask their school about one support",
        key_messages=("whole_child_learning",),
        channels=("text message",),
        owner="Liaison",
        listening_loop=ListeningLoopView(
            "listening session", ("What helps?",), "monthly", "Liaison", date(2026, 11, 1)
        ),
    )
    staff = AudienceItem(
        id=2,
        audience="educators",
        audience_name="Teachers and school staff",
        desired_action=HOSTILE,
        channels=("staff email",),
        owner="Coach",
    )
    fields = dict(
        id=1,
        name="Well-being plan",
        goal="Families use the supports",
        objectives=({"text": "80% aware by May", "target": "80%"},),
        theory_of_action="If we listen, then they will use the supports.",
        domains=("strategic_communication",),
        status="active",
        is_example=False,
        milestones=(
            Milestone("Launch", date(2026, 11, 10)),
            Milestone("Report back", date(2027, 1, 10)),
        ),
        items=(families, staff),
        key_message_titles={"whole_child_learning": "Learning and well-being go together"},
    )
    fields.update(overrides)
    return PlanView(**fields)


def test_gaps_checklist():
    kinds = {(g.kind, g.item_id) for g in gaps(make(), TODAY)}
    assert ("no_listening_loop", 2) in kinds  # staff have no way to talk back
    assert ("follow_up_overdue", 1) in kinds  # Nov 1 has passed
    assert ("message_not_drafted", 1) in kinds  # no draft carries the message yet
    assert ("milestone_overdue", None) in kinds
    drafted = {(g.kind, g.item_id) for g in gaps(make(), TODAY, {"whole_child_learning"})}
    assert ("message_not_drafted", 1) not in drafted


def test_complete_plan_has_no_warnings():
    plan = make(items=make().items[:1], milestones=())
    loop = plan.items[0].listening_loop
    fixed = make(
        milestones=(),
        items=(
            AudienceItem(
                **{
                    **plan.items[0].__dict__,
                    "listening_loop": ListeningLoopView(
                        **{**loop.__dict__, "next_follow_up": date(2026, 12, 1)}
                    ),
                }
            ),
        ),
    )
    assert [
        g for g in gaps(fixed, TODAY, {"whole_child_learning"}) if g.severity == "warning"
    ] == []


def test_timeline_orders_milestones_and_follow_ups():
    events = timeline(make())
    assert [e.on for e in events] == sorted(e.on for e in events)
    assert {e.kind for e in events} == {"milestone", "follow_up"}
    assert events[0].overdue(TODAY)


def test_docx_opens_and_has_every_section():
    data = plan_to_docx(make(), TODAY)
    document = docx.Document(io.BytesIO(data))
    text = "\n".join(p.text for p in document.paragraphs)
    for expected in (
        "Well-being plan",
        "Theory of action",
        "Families and caregivers",
        "Listening loop",
        "What helps?",
        "Gaps to close",
        HOSTILE,
    ):
        assert expected in text
    assert document.tables and document.tables[0].rows[1].cells[1].text


def test_markdown_keeps_user_text_literal():
    md = plan_to_markdown(make(), TODAY)
    assert "<script>" not in md and "\\<script\\>" in md
    assert "\\[x\\](javascript" in md
    assert "## Gaps to close" in md


def test_csv_is_formula_safe_and_complete():
    base = make()
    staff = AudienceItem(**{**base.items[1].__dict__, "desired_action": '=HYPERLINK("http://x")'})
    rows = list(csv.DictReader(io.StringIO(plan_to_csv(make(items=(base.items[0], staff))))))
    assert [r["audience"] for r in rows] == ["Families and caregivers", "Teachers and school staff"]
    assert rows[0]["listening_channel"] == "listening session"
    assert rows[1]["desired_action"] == '\'=HYPERLINK("http://x")'
    assert rows[0]["next_follow_up"] == "2026-11-01"


def test_an_empty_section_shows_a_dash_in_every_export():
    # Markdown left "## Objectives" with nothing under it, unlike the other sections.
    md = plan_to_markdown(make(objectives=()), TODAY)
    assert "## Objectives\n\n—\n" in md
    document = docx.Document(io.BytesIO(plan_to_docx(make(objectives=()), TODAY)))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Objectives\n—" in text


def test_an_overdue_follow_up_says_1_day_not_1_days():
    from datetime import timedelta

    messages = [g.message for g in gaps(make(), date(2026, 11, 1) + timedelta(days=1))]
    assert any("(1 day ago)" in m for m in messages), messages
    assert not any("1 days" in m for m in messages)
    messages = [g.message for g in gaps(make(), TODAY)]
    assert any("(21 days ago)" in m for m in messages)


def test_objective_rows_keep_every_row_with_text_and_skip_empty_ones():
    from commplan.plans.rows import objective_rows

    rows = [
        {"text": " Cut absence ", "measure": "rate", "target": "", "by": None},
        {"text": "", "measure": "  ", "target": None, "by": float("nan")},  # the blank row
    ]
    assert objective_rows(rows) == [{"text": "Cut absence", "measure": "rate"}]


def test_an_objective_row_without_its_objective_is_refused_by_number():
    import pytest

    from commplan.plans.rows import RowRefused, objective_rows

    rows = [
        {"text": "Cut absence", "measure": "rate"},
        {"text": " ", "measure": "attendance rate", "target": "95%"},
        {"text": None, "by": "June"},
    ]
    with pytest.raises(RowRefused, match=r"^Objective rows 2, 3 have a measure.*no objective"):
        objective_rows(rows)
    with pytest.raises(RowRefused, match=r"^Objective row 2 has "):
        objective_rows(rows[:2])


def test_a_milestone_row_with_a_date_or_tick_but_no_title_is_refused():
    import pytest

    from commplan.plans.rows import RowRefused, milestone_rows

    kept = {"title": " Launch ", "due_on": date(2027, 1, 5), "done": False}
    blank = {"title": None, "due_on": None, "done": False}
    assert milestone_rows([kept, blank]) == [
        {"title": "Launch", "due_on": date(2027, 1, 5), "done": False}
    ]
    for row in ({"title": "  ", "due_on": date(2027, 3, 1)}, {"title": "", "done": True}):
        with pytest.raises(RowRefused, match=r"^Milestone row 2 has .*no title"):
            milestone_rows([kept, row])


def test_markdown_keeps_the_lines_of_multi_line_fields_when_rendered():
    """A goal or an audience's readiness typed on several lines rendered as one run-on
    line, and a line starting with '- ', '1.', '---' or '~~~' became a list, a heading
    or a code block (or ended the audience's list)."""
    import re

    import markdown_it
    lines = ["Line one", "- not a list", "1. not numbered", "---", "~~~", "= not a heading"]
    base = make()
    staff = AudienceItem(**{**base.items[1].__dict__, "readiness": "\n".join(lines),
                            "barriers": "First\r\rAfter a blank line"})  # fmt: skip
    plan = make(goal="\n".join(lines), items=(base.items[0], staff), milestones=())
    html = markdown_it.MarkdownIt("commonmark").render(plan_to_markdown(plan, TODAY))
    goal = html.split("<h2>Goal</h2>")[1].split("<h2>")[0]
    assert goal.count("<br />") == len(lines) - 1
    assert "<li>" not in goal and "<pre>" not in goal and "<hr />" not in goal
    for line in lines:
        assert line in goal
    staff_part = html.split("<h3>Teachers and school staff</h3>")[1].split("<h2>")[0]
    items = re.findall(r"<li>", staff_part)
    assert len(items) == 10  # the same ten bullets as an audience with one-line fields
    assert "First<br />\nAfter a blank line" in staff_part
    assert "<pre>" not in html and "<h1>" not in html.split("</h1>", 1)[1]


def test_a_field_of_spaces_shows_as_empty_in_word_and_markdown():
    base = make()
    staff = AudienceItem(**{**base.items[1].__dict__, "owner": "   ", "barriers": " \n "})
    plan = make(goal="  ", items=(base.items[0], staff))
    md = plan_to_markdown(plan, TODAY)
    assert "- **Owner:** —\n" in md and "- **Barriers:** —\n" in md
    assert "## Goal\n\n—\n" in md
    document = docx.Document(io.BytesIO(plan_to_docx(plan, TODAY)))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Owner: —" in text and "Barriers: —" in text and "Goal\n—" in text
