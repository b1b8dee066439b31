"""Listening follow-ups as an .ics calendar, read back with the icalendar package."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from commplan.plans.calendar import cadence_rule, escape_text, fold, plan_calendar
from commplan.plans.model import AudienceItem, ListeningLoopView, PlanView

icalendar = pytest.importorskip("icalendar")

HOSTILE = 'Semi;colon, comma\\back "quote"\nsecond line\r\nthird\x07 <b>*x*</b> é中😀'


def _plan(plan_id=1, name="Back to school 2026", loops=()) -> PlanView:
    items = tuple(
        AudienceItem(
            id=plan_id * 100 + i,
            audience=audience,
            audience_name=audience_name,
            desired_action="Answer the survey",
            listening_loop=loop,
        )
        for i, (audience, audience_name, loop) in enumerate(loops)
    )
    return PlanView(
        id=plan_id,
        name=name,
        goal="",
        objectives=(),
        theory_of_action="",
        domains=(),
        status="active",
        is_example=False,
        items=items,
    )


def _loop(day, cadence="", channel="short survey by text", questions=(), owner="Ana"):
    return ListeningLoopView(
        channel=channel, questions=tuple(questions), cadence=cadence, owner=owner,
        next_follow_up=day,
    )  # fmt: skip


def _read(text: str):
    cal = icalendar.Calendar.from_ical(text)
    return cal, [c for c in cal.walk("VEVENT")]


NOW = datetime(2026, 9, 1, 12, 0, tzinfo=UTC)


def test_each_dated_loop_is_one_all_day_event_with_its_cadence_as_rrule():
    plan = _plan(
        loops=[
            ("families", "Families and caregivers", _loop(date(2026, 10, 5), "monthly")),
            ("educators", "Teachers and staff", _loop(date(2026, 9, 20), "every six weeks")),
            ("students", "Students", _loop(None, "weekly")),
            ("community", "Community partners", _loop(date(2026, 11, 2), "after board meetings")),
            ("media", "Media", None),
        ]
    )
    out = plan_calendar([plan], now=NOW)
    cal, events = _read(out.text)
    assert cal["VERSION"] == "2.0" and cal["PRODID"]
    assert str(cal["X-WR-CALNAME"]) == "Listening follow-ups: Back to school 2026"
    two = plan_calendar([plan, _plan(plan_id=2, name="Budget")], now=NOW).text
    assert str(_read(two)[0]["X-WR-CALNAME"]) == "Listening follow-ups"
    assert [str(e["SUMMARY"]) for e in events] == [
        "Follow up with Teachers and staff: Back to school 2026",
        "Follow up with Families and caregivers: Back to school 2026",
        "Follow up with Community partners: Back to school 2026",
    ]
    starts = [e.decoded("DTSTART") for e in events]
    assert starts == [date(2026, 9, 20), date(2026, 10, 5), date(2026, 11, 2)]
    assert all(type(s) is date for s in starts)  # all-day, not a datetime
    assert [e.decoded("DTEND") for e in events] == [
        date(2026, 9, 21), date(2026, 10, 6), date(2026, 11, 3)
    ]  # fmt: skip
    rules = [dict(e["RRULE"]) if "RRULE" in e else None for e in events]
    assert rules[0] == {"FREQ": ["WEEKLY"], "INTERVAL": [6]}
    assert rules[1] == {"FREQ": ["MONTHLY"]}
    assert rules[2] is None  # not a regular cadence: one event, cadence in the text
    assert "after board meetings" in str(events[2]["DESCRIPTION"])
    assert len({str(e["UID"]) for e in events}) == 3
    assert out.undated == ["Students in 'Back to school 2026'"]
    assert out.text.endswith("END:VCALENDAR\r\n")


def test_uids_are_stable_between_exports():
    plan = _plan(loops=[("families", "Families", _loop(date(2026, 10, 5)))])
    first = plan_calendar([plan], now=NOW)
    later = plan_calendar([plan], now=datetime(2026, 9, 9, tzinfo=UTC))
    assert [e.uid for e in first.events] == [e.uid for e in later.events]


def test_hostile_text_round_trips_and_lines_are_folded_at_75_octets():
    long_question = "Which of these times work for you? " * 12 + "😀é" * 30
    plan = _plan(
        name=HOSTILE,
        loops=[
            (
                "families",
                HOSTILE,
                _loop(date(2026, 10, 5), "weekly", channel=HOSTILE,
                      questions=[HOSTILE, long_question], owner="O'Brien; Lee, J."),
            )
        ],
    )  # fmt: skip
    text = plan_calendar([plan], now=NOW).text
    raw = text.encode("utf-8")
    # icalendar leaves X- properties escaped: compare the unfolded line itself
    unfolded = text.replace("\r\n ", "").split("\r\n")
    assert f"X-WR-CALNAME:{escape_text('Listening follow-ups: ' + HOSTILE)}" in unfolded
    physical = raw.split(b"\r\n")
    assert physical[-1] == b""
    assert all(len(line) <= 75 for line in physical)
    assert b"\n" not in raw.replace(b"\r\n", b"")  # no bare line feeds
    assert b"\r" not in raw.replace(b"\r\n", b"")
    assert b"\x07" not in raw
    _, events = _read(text)
    (event,) = events
    shown = HOSTILE.replace("\r\n", "\n").replace("\x07", "\ufffd")
    assert str(event["SUMMARY"]) == f"Follow up with {shown}: {shown}"
    description = str(event["DESCRIPTION"])
    assert f"Listening channel: {shown}" in description
    assert f"- {shown}" in description
    assert f"- {long_question}" in description
    assert "Owner: O'Brien; Lee, J." in description


def test_no_dated_loops_is_still_a_valid_calendar():
    out = plan_calendar([_plan(loops=[("families", "Families", _loop(None))])], now=NOW)
    cal, events = _read(out.text)
    assert events == [] and cal["VERSION"] == "2.0"
    assert out.undated == ["Families in 'Back to school 2026'"]


@pytest.mark.parametrize(
    "cadence, rule",
    [
        ("weekly", "FREQ=WEEKLY"),
        ("Weekly", "FREQ=WEEKLY"),
        ("every week", "FREQ=WEEKLY"),
        ("every other week", "FREQ=WEEKLY;INTERVAL=2"),
        ("every 2 weeks", "FREQ=WEEKLY;INTERVAL=2"),
        ("biweekly", "FREQ=WEEKLY;INTERVAL=2"),
        ("every six weeks", "FREQ=WEEKLY;INTERVAL=6"),
        ("monthly", "FREQ=MONTHLY"),
        ("once a month", "FREQ=MONTHLY"),
        ("quarterly", "FREQ=MONTHLY;INTERVAL=3"),
        ("every quarter", "FREQ=MONTHLY;INTERVAL=3"),
        ("annually", "FREQ=YEARLY"),
        ("daily", "FREQ=DAILY"),
        ("", None),
        ("twice a month", None),
        ("after each board meeting", None),
        ("every week or two", None),
        ("once every week", None),
        ("every 0 weeks", None),
        ("every 99999 days", None),
    ],
)
def test_cadence_rule(cadence, rule):
    assert cadence_rule(cadence) == rule


def test_escape_and_fold_are_linear_helpers_that_keep_characters_whole():
    assert escape_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"
    line = "DESCRIPTION:" + "é" * 100
    folded = fold(line).split("\r\n ")
    assert all(len(p.encode("utf-8")) <= 74 for p in folded[1:])
    assert len(folded[0].encode("utf-8")) <= 75
    assert "".join(folded) == line


def test_cli_plan_calendar_writes_the_example_plans_follow_ups(tmp_path, monkeypatch, capsys):
    from commplan.cli import main

    monkeypatch.setenv("COMMPLAN_DATABASE_URL", f"sqlite:///{tmp_path / 'a.db'}")
    assert main(["db", "upgrade"]) == 0  # seeds the example plan (two dated loops)
    capsys.readouterr()
    out = tmp_path / "follow-ups.ics"
    assert main(["plan", "calendar", "-o", str(out)]) == 0
    said = capsys.readouterr().out
    assert f"wrote 2 follow-up dates to {out}" in said
    _, events = _read(out.read_bytes().decode("utf-8"))
    assert sorted(dict(e["RRULE"])["FREQ"][0] for e in events) == ["MONTHLY", "WEEKLY"]
    assert all(str(e["SUMMARY"]).startswith("Follow up with ") for e in events)
    assert out.read_bytes().count(b"\r\n") == len(out.read_bytes().splitlines())

    assert main(["plan", "calendar", "--plan", "999"]) == 2
    err = capsys.readouterr().err
    assert "no plan with id 999" in err and "its plans: 1 (" in err


def test_cli_plan_calendar_to_stdout(tmp_path, monkeypatch, capsysbinary):
    from commplan.cli import main

    monkeypatch.setenv("COMMPLAN_DATABASE_URL", f"sqlite:///{tmp_path / 'a.db'}")
    main(["db", "upgrade"])
    capsysbinary.readouterr()
    assert main(["plan", "calendar", "--plan", "1"]) == 0
    captured = capsysbinary.readouterr()
    assert captured.out.startswith(b"BEGIN:VCALENDAR\r\n")
    assert len(_read(captured.out.decode("utf-8"))[1]) == 2
    assert b"2 follow-up dates" in captured.err
