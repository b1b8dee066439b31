"""Listening-loop follow-up dates as an iCalendar file (RFC 5545).

Each listening loop with a next follow-up date becomes one all-day event; a loop
whose cadence is a regular one ("weekly", "monthly", "every six weeks", "every
other week", "quarterly") repeats with an RRULE. A cadence that is not regular
("after each board meeting") gives a single event and is kept in the description.

Written by hand (a few dozen lines): content lines are folded at 75 octets on
UTF-8 character boundaries, and user text is escaped as RFC 5545 TEXT (backslash,
semicolon, comma and line breaks), with control characters shown as U+FFFD.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from .model import AudienceItem, PlanView

PRODID = "-//commplan//Listening follow-ups//EN"
FOLD_OCTETS = 75  # RFC 5545 3.1: lines SHOULD NOT be longer than 75 octets

_UNITS = {
    "day": "DAILY", "days": "DAILY",
    "week": "WEEKLY", "weeks": "WEEKLY",
    "month": "MONTHLY", "months": "MONTHLY",
    "year": "YEARLY", "years": "YEARLY",
    "quarter": "QUARTER", "quarters": "QUARTER",
}  # fmt: skip
_ONE_WORD = {
    "daily": ("DAILY", 1),
    "weekly": ("WEEKLY", 1),
    "biweekly": ("WEEKLY", 2),  # US school usage: every two weeks
    "fortnightly": ("WEEKLY", 2),
    "monthly": ("MONTHLY", 1),
    "quarterly": ("MONTHLY", 3),
    "annually": ("YEARLY", 1),
    "yearly": ("YEARLY", 1),
}
_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "other": 2,
    "a": 1, "each": 1, "every": 1,
}  # fmt: skip


def cadence_rule(cadence: str) -> str | None:
    """The RRULE value for a regular cadence ("FREQ=WEEKLY;INTERVAL=6"), or None
    when the cadence is not a regular repeat we can read."""
    words = "".join(c if c.isalnum() else " " for c in (cadence or "").lower()).split()
    if not words:
        return None
    freq, interval = None, None
    if len(words) == 1 and words[0] in _ONE_WORD:
        freq, interval = _ONE_WORD[words[0]]
    elif words[0] in ("every", "each", "once") and 2 <= len(words) <= 3:
        # every week | every 2 weeks | every six weeks | every other week | once a month
        unit = _UNITS.get(words[-1])
        if len(words) == 2:
            count = 1 if words[0] != "once" else None
        elif words[1].isdigit():
            count = int(words[1]) if words[0] == "every" else None
        else:
            count = _NUMBERS.get(words[1]) if words[0] == "every" or words[1] == "a" else None
            if words[0] == "once" and words[1] != "a":
                count = None
        if unit and count and 0 < count <= 366:
            freq, interval = unit, count
    if freq is None:
        return None
    if freq == "QUARTER":
        freq, interval = "MONTHLY", 3 * interval
    return f"FREQ={freq}" + (f";INTERVAL={interval}" if interval > 1 else "")


def escape_text(value: object) -> str:
    """RFC 5545 TEXT: backslash, semicolon and comma escaped, every line break as
    ``\\n``; control characters (which TEXT does not allow) as U+FFFD."""
    text = "" if value is None else str(value)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    out = []
    for c in text:
        if c == "\\":
            out.append("\\\\")
        elif c in ";,":
            out.append("\\" + c)
        elif c in "\n\u2028\u2029\x85\x0b\x0c":
            out.append("\\n")
        elif c == "\t":
            out.append(c)
        elif ord(c) < 0x20 or ord(c) == 0x7F:
            out.append("\ufffd")
        else:
            out.append(c)
    return "".join(out)


def fold(line: str) -> str:
    """One content line folded to at most 75 octets per physical line (continuation
    lines start with a space), never splitting a UTF-8 character."""
    parts: list[str] = []
    current: list[str] = []
    size = 0
    limit = FOLD_OCTETS
    for c in line:
        n = len(c.encode("utf-8"))
        if size + n > limit:
            parts.append("".join(current))
            current, size, limit = [], 0, FOLD_OCTETS - 1  # the leading space counts
        current.append(c)
        size += n
    parts.append("".join(current))
    return "\r\n ".join(parts)


@dataclass(frozen=True)
class FollowUp:
    """One listening loop's follow-up, as a calendar event."""

    uid: str
    day: date
    summary: str
    description: str
    rule: str | None
    cadence: str


@dataclass
class PlanCalendar:
    text: str
    events: list[FollowUp] = field(default_factory=list)
    # "Families and caregivers in 'Back to school'": loops with no follow-up date set
    undated: list[str] = field(default_factory=list)

    def encode(self) -> bytes:
        return self.text.encode("utf-8")


def _description(plan: PlanView, item: AudienceItem) -> str:
    loop = item.listening_loop
    assert loop is not None
    lines = [
        f"Plan: {plan.name}",
        f"Audience: {item.audience_name}",
        f"Listening channel: {loop.channel}",
        f"Owner: {loop.owner or item.owner or 'not set'}",
        f"Cadence: {loop.cadence or 'not set'}",
    ]
    if loop.questions:
        lines.append("Questions:")
        lines += [f"- {q}" for q in loop.questions]
    return "\n".join(lines)


def follow_ups(
    plans: Iterable[PlanView], host: str = "commplan"
) -> tuple[list[FollowUp], list[str]]:
    """The follow-up events of the plans' listening loops, by date; and the loops
    that have no follow-up date (as "audience in 'plan'")."""
    events: list[FollowUp] = []
    undated: list[str] = []
    for plan in plans:
        for item in plan.items:
            loop = item.listening_loop
            if loop is None:
                continue
            if loop.next_follow_up is None:
                undated.append(f"{item.audience_name} in '{plan.name}'")
                continue
            events.append(
                FollowUp(
                    uid=f"plan-{plan.id}-item-{item.id}-follow-up@{host}",
                    day=loop.next_follow_up,
                    summary=f"Follow up with {item.audience_name}: {plan.name}",
                    description=_description(plan, item),
                    rule=cadence_rule(loop.cadence),
                    cadence=loop.cadence,
                )
            )
    events.sort(key=lambda e: (e.day, e.uid))
    return events, undated


def plan_calendar(
    plans: Iterable[PlanView], *, now: datetime | None = None, name: str | None = None
) -> PlanCalendar:
    """The plans' listening follow-ups as an RFC 5545 calendar (CRLF line ends)."""
    now = (now or datetime.now(UTC)).astimezone(UTC)
    stamp = now.strftime("%Y%m%dT%H%M%SZ")
    plans = list(plans)
    events, undated = follow_ups(plans)
    if name is None:  # what the calendar app shows when the file is subscribed to or opened
        name = "Listening follow-ups" + (f": {plans[0].name}" if len(plans) == 1 else "")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    for event in events:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{escape_text(event.uid)}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{event.day:%Y%m%d}",
            f"DTEND;VALUE=DATE:{event.day + timedelta(days=1):%Y%m%d}",
        ]
        if event.rule:
            lines.append(f"RRULE:{event.rule}")
        lines += [
            f"SUMMARY:{escape_text(event.summary)}",
            f"DESCRIPTION:{escape_text(event.description)}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    text = "".join(fold(line) + "\r\n" for line in lines)
    return PlanCalendar(text, events, undated)
