"""The review page's queries: filters, weekly counts and staff themes (SQLite and PostgreSQL)."""

from datetime import date

import pytest

from commplan.store import ConflictError, InvalidRecord, review
from commplan.store import records as r
from commplan.store.models import Response

ROWS = [
    # audience, received, channel, themes, answer, status
    ("families", date(2026, 10, 5), "survey", ["bus"], "The BUS comes too early.", "heard"),
    (
        "families",
        date(2026, 10, 6),
        "survey",
        ["bus", "lunch"],
        "Lunch is rushed; bus late",
        "decided",
    ),
    ("families", date(2026, 10, 14), "email", [], "Thanks for the 100% clear letter", "heard"),
    ("educators", date(2026, 10, 6), "survey", ["lunch"], "Lunch duty is hard", "told_back"),
    (
        "educators",
        date(2026, 10, 20),
        "listening session",
        [],
        "More planning time_please",
        "heard",
    ),
]


@pytest.fixture
def seeded(store, workspace):
    with store.session() as s:
        plan = r.create_plan(s, workspace, "ana", "Attendance matters")
        ids = []
        for i, (audience, day, channel, themes, answer, status) in enumerate(ROWS):
            resp = r.add_response(
                s,
                workspace,
                "ana",
                audience_key=audience,
                received_on=day,
                channel=channel,
                themes=themes,
                answers=[("What gets in the way?", answer), ("Anything else?", f"note {i}")],
                plan_id=plan.id if i < 2 else None,
                status=status,
            )
            ids.append(resp.id)
    return plan.id, ids


def answers_of(responses: list[Response]) -> list[str]:
    return [resp.answers[0].answer for resp in responses]


def test_no_filter_gives_all_newest_first_with_answers_and_themes(store, workspace, seeded):
    with store.session() as s:
        got = review.filtered_responses(s, workspace)
    # Detached after the transaction: answers and themes were loaded eagerly.
    assert [resp.received_on for resp in got] == sorted((row[1] for row in ROWS), reverse=True)
    assert got[0].answers[0].answer == "More planning time_please"
    assert [a.question for a in got[0].answers] == ["What gets in the way?", "Anything else?"]
    busy = next(resp for resp in got if resp.answers[0].answer.startswith("Lunch is"))
    assert sorted(t.theme for t in busy.themes) == ["bus", "lunch"]


def test_each_filter(store, workspace, seeded):
    plan_id, _ = seeded
    with store.session() as s:

        def run(**filters):
            return sorted(answers_of(review.filtered_responses(s, workspace, **filters)))

        assert run(plan_id=plan_id) == ["Lunch is rushed; bus late", "The BUS comes too early."]
        assert run(audiences=["educators"]) == ["Lunch duty is hard", "More planning time_please"]
        assert run(channels=["email", "listening session"]) == [
            "More planning time_please",
            "Thanks for the 100% clear letter",
        ]
        assert run(themes=["lunch"]) == ["Lunch duty is hard", "Lunch is rushed; bus late"]
        assert len(run(themes=["bus", "lunch"])) == 3  # any of the themes, no repeats
        assert run(statuses=["decided", "told_back"]) == [
            "Lunch duty is hard",
            "Lunch is rushed; bus late",
        ]
        assert run(since=date(2026, 10, 14)) == [
            "More planning time_please",
            "Thanks for the 100% clear letter",
        ]
        assert run(until=date(2026, 10, 5)) == ["The BUS comes too early."]
        assert run(since=date(2026, 10, 6), until=date(2026, 10, 6)) == [
            "Lunch duty is hard",
            "Lunch is rushed; bus late",
        ]
        # Filters combine with AND.
        assert run(audiences=["families"], themes=["lunch"]) == ["Lunch is rushed; bus late"]
        assert run(audiences=["educators"], channels=["email"]) == []
        assert len(run(limit=2)) == 2


def test_search_is_a_case_insensitive_substring_of_any_answer(store, workspace, seeded):
    with store.session() as s:

        def run(search):
            return sorted(answers_of(review.filtered_responses(s, workspace, search=search)))

        assert run("bus") == ["Lunch is rushed; bus late", "The BUS comes too early."]
        assert run("  LUNCH ") == ["Lunch duty is hard", "Lunch is rushed; bus late"]
        assert run("note 3") == ["Lunch duty is hard"]  # the second answer counts too
        # LIKE wildcards in the search are plain characters.
        assert run("100%") == ["Thanks for the 100% clear letter"]
        assert run("%") == ["Thanks for the 100% clear letter"]
        assert run("time_p") == ["More planning time_please"]
        assert run("g_t") == []  # "_" is not "any character": "planning time" stays out
        assert run("What gets in the way") == []  # questions are not searched
        assert len(run("")) == len(ROWS) and len(run(None)) == len(ROWS)


def test_weekly_counts_follow_the_filters(store, workspace, seeded):
    plan_id, _ = seeded
    with store.session() as s:
        assert review.weekly_counts(s, workspace) == [
            ("educators", date(2026, 10, 5), 1),
            ("families", date(2026, 10, 5), 2),
            ("families", date(2026, 10, 12), 1),
            ("educators", date(2026, 10, 19), 1),
        ]
        assert review.weekly_counts(s, workspace, themes=["lunch"]) == [
            ("educators", date(2026, 10, 5), 1),
            ("families", date(2026, 10, 5), 1),
        ]
        assert review.weekly_counts(s, workspace, search="bus", plan_id=plan_id) == [
            ("families", date(2026, 10, 5), 2),
        ]
        assert review.weekly_counts(s, workspace, audiences=["nobody"]) == []


def test_other_workspaces_are_never_seen(store, workspace, seeded):
    from commplan.store.workspaces import create_workspace

    with store.session() as s:
        other = create_workspace(s, "Other district", "ana")
        r.add_response(
            s,
            other,
            "ana",
            audience_key="families",
            received_on=date(2026, 10, 5),
            answers=[("Q", "bus from the other district")],
            themes=["bus"],
        )
    with store.session() as s:
        assert len(review.filtered_responses(s, workspace, search="bus")) == 2
        assert len(review.filtered_responses(s, other, search="bus")) == 1
        assert sum(n for *_, n in review.weekly_counts(s, other)) == 1
        assert review.theme_names(s, other) == ["bus"]


def test_set_themes_replaces_staff_themes_and_keeps_automatic_ones(store, workspace):
    with store.session() as s:
        (inserted, _) = r.bulk_add_responses(
            s,
            workspace,
            "import",
            [
                {
                    "audience_key": "families",
                    "received_on": date(2026, 10, 5),
                    "answers": [("Q", "The bus is late")],
                    "themes": ["transportation", "timing"],
                    "external_id": "R_1",
                }
            ],
        )
        assert inserted == 1
        (resp,) = review.filtered_responses(s, workspace)
        resp_id, version = resp.id, resp.version
    with store.session() as s:
        review.set_themes(s, resp_id, ["bus", " bus ", "Timing", "", "timing"], "ana")
    with store.session() as s:
        (resp,) = review.filtered_responses(s, workspace)
        themes = {t.theme: t.source for t in resp.themes}
        assert themes == {
            "transportation": "auto",
            "timing": "staff",  # named by staff too ("Timing"): now theirs, spelled as before
            "bus": "staff",
        }
        assert resp.updated_by == "ana" and resp.version == version + 1
        version = resp.version
    with store.session() as s:  # staff themes are replaced; automatic ones stay
        review.set_themes(s, resp_id, ["safety"], "ben", expected_version=version)
    with store.session() as s:
        (resp,) = review.filtered_responses(s, workspace)
        assert {t.theme: t.source for t in resp.themes} == {
            "transportation": "auto",
            "safety": "staff",
        }
        assert resp.version == version + 1
        assert review.theme_names(s, workspace) == ["safety", "transportation"]
        assert len(review.filtered_responses(s, workspace, themes=["safety"])) == 1
    with pytest.raises(ConflictError, match="changed by ben"), store.session() as s:
        review.set_themes(s, resp_id, ["bus"], "ana", expected_version=version)
    with pytest.raises(InvalidRecord, match="at most 200"), store.session() as s:
        review.set_themes(s, resp_id, ["x" * 201], "ana")
    with store.session() as s:  # an empty list clears staff themes
        review.set_themes(s, resp_id, [], "ana")
        (resp,) = review.filtered_responses(s, workspace)
        assert [t.theme for t in resp.themes] == ["transportation"]


def test_draft_choices(store, workspace):
    with store.session() as s:
        draft = r.create_draft(s, workspace, "ana", "Bus times letter", "families")
        assert review.draft_choices(s, workspace) == [
            {"id": draft.id, "title": "Bus times letter", "audience": "families"}
        ]


def test_status_counts_follow_the_filters(store, workspace, seeded):
    with store.session() as s:
        assert review.status_counts(s, workspace) == {"heard": 3, "decided": 1, "told_back": 1}
        assert review.status_counts(s, workspace, audiences=["educators"]) == {
            "heard": 1,
            "told_back": 1,
        }
        assert review.status_counts(s, workspace, search="nothing like this") == {}
