"""Who took part against who the plans mean to hear from (pure)."""

from dataclasses import dataclass
from datetime import date

from commplan.feedback.participation import participation


@dataclass(frozen=True)
class T:
    plan_id: int
    plan_name: str
    audience: str
    channel: str
    plan_status: str = "active"
    next_follow_up: date | None = None


NAMES = {
    "families_es": "Spanish-speaking families",
    "educators": "Teachers and staff",
    "students": "Students",
}
PLAN = "Back to school 2026"


def test_a_planned_group_with_no_responses_is_named_in_plain_words():
    rows = participation(
        [T(1, PLAN, "families_es", "text survey"), T(1, PLAN, "educators", "survey")],
        {(1, "educators"): 4, (None, "families_es"): 2},
        {(1, "educators", "survey"): 4},
        NAMES,
    )
    assert [(g.audience, g.state) for g in rows] == [("families_es", "none"), ("educators", "ok")]
    assert rows[0].message == (
        "No responses yet from Spanish-speaking families (planned in 'Back to school 2026', "
        "through text survey). 2 responses from Spanish-speaking families are not linked "
        "to any plan."
    )
    assert rows[1].message == "" and rows[1].responses == 4 and rows[1].plan_total == 4


def test_far_below_an_even_share_is_flagged_with_the_numbers():
    targets = [T(1, PLAN, a, "survey") for a in ("families_es", "educators", "students")]
    counts = {(1, "families_es"): 1, (1, "educators"): 60, (1, "students"): 39}
    channels = {(1, a, "survey"): n for (_, a), n in counts.items()}
    rows = participation(targets, counts, channels, NAMES)
    low = [g for g in rows if g.state == "low"]
    assert [g.audience for g in low] == ["families_es"] and rows[0] is low[0]
    assert low[0].message == (
        "Only 1 response from Spanish-speaking families (planned in 'Back to school 2026'): "
        "1% of the plan's 100, where an even share across its 3 audiences would be 33%."
    )
    assert {g.audience for g in rows if g.state == "ok"} == {"educators", "students"}


def test_shares_are_not_judged_on_a_handful_of_responses():
    targets = [T(1, PLAN, "families_es", "survey"), T(1, PLAN, "educators", "survey")]
    counts = {(1, "families_es"): 1, (1, "educators"): 12}
    channels = {(1, a, "survey"): n for (_, a), n in counts.items()}
    assert {g.state for g in participation(targets, counts, channels, NAMES)} == {"ok"}


def test_answers_that_never_came_through_the_planned_channel():
    rows = participation(
        [T(1, PLAN, "educators", "Listening session ")],
        {(1, "educators"): 3},
        {(1, "educators", "email"): 3, (1, "educators", "listening  SESSION"): 0},
        NAMES,
    )
    assert rows[0].state == "channel"
    assert rows[0].message == (
        "Teachers and staff answered 3 times (planned in 'Back to school 2026'), but none "
        "through the planned listening channel, Listening session."
    )
    # the recorded channel matches ignoring case and spacing
    rows = participation(
        [T(1, PLAN, "educators", "Listening session ")],
        {(1, "educators"): 3},
        {(1, "educators", "listening  SESSION"): 1, (1, "educators", "email"): 2},
        NAMES,
    )
    assert rows[0].state == "ok" and rows[0].through_channel == 1


def test_archived_plans_are_left_out_and_plans_are_judged_separately():
    rows = participation(
        [
            T(1, PLAN, "students", "survey"),
            T(2, "Old plan", "students", "survey", plan_status="archived"),
            T(3, "Budget 2027", "students", "survey"),
        ],
        {(1, "students"): 5},
        {(1, "students", "survey"): 5},
        NAMES,
    )
    assert [(g.plan_name, g.state) for g in rows] == [("Budget 2027", "none"), (PLAN, "ok")]
    assert rows[0].message.startswith("No responses yet from Students (planned in 'Budget 2027'")


def test_unknown_audience_falls_back_to_its_id():
    (row,) = participation([T(1, PLAN, "board", "meeting")], {}, {}, NAMES)
    assert row.audience_name == "board" and row.share is None and row.state == "none"
