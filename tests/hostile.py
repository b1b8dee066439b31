"""A hostile workspace: every kind of user text holds Markdown, HTML, Streamlit
directives, LaTeX, control characters, CR-only line breaks and very long lines.

``seed_hostile(store)`` uses plain store calls only, so the AppTest walk
(tests/ui/test_hostile_workspace.py) and the browser journey
(tests/e2e/test_hostile_journey.py) see the same data.
"""

from __future__ import annotations

from datetime import date, timedelta

from commplan.store import Store, review
from commplan.store import records as r
from commplan.store.documents import save_audience, save_library_entry
from commplan.store.workspaces import DEFAULT_WORKSPACE, get_workspace

TRACKER = "http://127.0.0.2:9/t.png"  # any request to it is a leak
# What each hostile piece looks like when rendered as Markdown; none may survive
# in anything Streamlit renders as Markdown unless its first character is escaped.
RAW_MARKERS = (
    f"]({TRACKER})",
    "](http://127.0.0.2:9/l)",
    ":red[",
    ":material/bolt:",
    ":smile:",
    "$x^2$",
    "<img",
    "<script",
    "**bold**",
    "http://127.0.0.2:9/b",
    "www.hostile.example",
)


def hostile(tag: str, control: bool = False) -> str:
    """A hostile string (under 200 characters), tagged so a failure says which record
    it came from. The store refuses control characters in every record (the same on
    SQLite and PostgreSQL), so they are left out by default; ``control=True`` adds one
    for the text that never reaches the store (a draft being checked)."""
    bell = "\x07" if control else ""
    return (
        f"{tag[:12]}{bell} ![x]({TRACKER}) [l](http://127.0.0.2:9/l) :red[r] :material/bolt: "
        ":smile: $x^2$ <img src=x onerror=alert(1)> <script> **bold** "
        f"http://127.0.0.2:9/b www.hostile.example İ😀👩‍👩‍👧 a->b{bell}"
    )[:199]


LONG = "W" * 400  # one very long unbroken line
CR_BREAKS = "first line\rsecond line\r\nthird\u2028fourth"


def seed_hostile(store: Store) -> dict[str, int]:
    """Fill the default workspace with hostile text; returns the ids made."""
    ids: dict[str, int] = {}
    today = date.today()
    with store.session() as s:
        ws = get_workspace(s, DEFAULT_WORKSPACE)
        # Library: a value, a key message, a glossary term, a preferred term.
        save_library_entry(
            s,
            ws,
            "values",
            {
                "id": "hostile_value",
                "name": hostile("value-name"),
                "meaning": hostile("value-meaning") + CR_BREAKS,
                "cues": ["every child counts here", hostile("value-cue")[:60]],
                "examples": {
                    "fail": ["A sentence with nothing in it."],
                    "pass": ["We know every child counts here."],
                },
            },
            "mallory",
        )
        save_library_entry(
            s,
            ws,
            "key_messages",
            {
                "id": "hostile_message",
                "title": hostile("message-title", False),
                "statement": hostile("message-statement"),
                "proof_points": [hostile("proof")],
                "values": ["hostile_value"],
                "audiences": ["hostile_audience"],
                "cues": ["family night counts"],
                "examples": {
                    "fail": ["Nothing here."],
                    "pass": ["Come because family night counts."],
                },
            },
            "mallory",
        )
        save_library_entry(
            s,
            ws,
            "glossary",
            {
                "term": "zorbification",
                "category": "education-speak",
                "plain": [hostile("plain")[:80]],
                "explanation": hostile("explanation"),
                "examples": {
                    "fail": ["We will use zorbification this year."],
                    "pass": ["We will explain it plainly this year."],
                },
            },
            "mallory",
        )
        # An audience whose every field is hostile.
        save_audience(
            s,
            ws,
            {
                "id": "hostile_audience",
                "name": hostile("audience-name", False),
                "description": hostile("audience-description") + "\n" + CR_BREAKS + " " + LONG,
                "reading_grade_target": 7.0,
                "jargon_tolerance": {"categories": [], "acronyms": []},
                "values": ["hostile_value"],
                "channels": [hostile("channel", False)[:100]],
                "listening_channels": [hostile("listening")[:100]],
                "messengers": [hostile("messenger")[:100]],
                "languages": ["en"],
            },
            hostile("updated-by")[:60],
            custom=True,
        )
        # A plan with a hostile audience item (expander title) and gaps.
        plan = r.create_plan(
            s, ws, "mallory", hostile("plan-name", False)[:200], goal=hostile("plan-goal", False)
        )
        ids["plan"] = plan.id
        item = r.add_plan_item(
            s,
            plan,
            "mallory",
            "hostile_audience",
            hostile("desired-action", False) + CR_BREAKS,
            key_messages=["hostile_message"],
            messenger=hostile("item-messenger", False),
            listening_loop={
                "channel": hostile("loop-channel", False)[:100],
                "questions": [hostile("question", False)],
                "next_follow_up": today - timedelta(days=3),
            },
        )
        r.add_plan_item(s, plan, "mallory", "families", hostile("families-action", False))
        # A draft with a saved version.
        draft = r.create_draft(
            s, ws, "mallory", hostile("draft-title")[:200], "hostile_audience", item.id
        )
        ids["draft"] = draft.id
        r.save_draft_version(
            s,
            draft.id,
            hostile("draft-text")
            # Urgent sentences are quoted in the solutions-ratio finding's message.
            + "\rA crisis ![u](http://127.0.0.2:9/u.png) :red[now]. An urgent $y$ <b>alarm</b>."
            + "\r\rOur MTSS team will leverage data.",
            {},
            "m",
        )
        # Responses and a team theme.
        for n, audience in enumerate(["hostile_audience", "families"]):
            r.add_response(
                s,
                ws,
                "mallory",
                audience_key=audience,
                received_on=today - timedelta(days=n),
                answers=[(hostile("question", False), hostile(f"answer-{n}", False) + CR_BREAKS)],
                channel=hostile("channel", False)[:100],
                themes=[hostile("theme", False)[:60]],
                plan_id=plan.id,
                key_message="hostile_message",
            )
        review.save_theme(s, ws, hostile("team-theme")[:60], [hostile("cue")[:60]], "mallory")
        # A message test with hostile variants and outcomes.
        test = r.create_message_test(
            s,
            ws,
            "mallory",
            hostile("test-name")[:200],
            "rating",
            [("A", hostile("variant-a")), ("B", hostile("variant-b"))],
        )
        ids["test"] = test.id
        r.record_outcomes(
            s,
            test.id,
            [("A", "hostile_audience", 4.0, None), ("B", "hostile_audience", 2.0, None)] * 3,
        )
    return ids
