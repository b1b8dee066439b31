"""Dashboard aggregates and listening targets (SQLite and PostgreSQL)."""

from collections import Counter
from datetime import date

import pytest
from sqlalchemy import event

from commplan.store import dashboards as d
from commplan.store import records as r
from commplan.store.records import week_of
from commplan.store.review import channel_names
from commplan.store.seed import EXAMPLE_PLAN

# audience, received, channel, themes, sentiment, linked to the plan
ROWS = [
    ("families", date(2026, 9, 28), "family listening session", ["bus"], "negative", True),
    ("families", date(2026, 10, 1), "Family Listening Session ", ["bus", "lunch"], "mixed", True),
    ("families", date(2026, 10, 14), "email", [], None, False),
    ("educators", date(2026, 10, 6), "survey", ["lunch"], "positive", True),
    ("educators", date(2026, 11, 2), "survey", [], "positive", True),
    ("students", date(2026, 11, 3), "", ["bus"], "neutral", False),
]


@pytest.fixture
def seeded(store, workspace):
    with store.session() as s:
        plan = r.create_plan(s, workspace, "ana", "Back to school 2026")
        other = r.create_plan(s, workspace, "ana", "Archived one", status="archived")
        for audience, channel in [
            ("families", "family listening session"),
            ("educators", "survey"),
            ("community_partners", "partner briefing"),
        ]:
            r.add_plan_item(
                s, plan, "ana", audience, "Tell us what gets in the way",
                listening_loop={"channel": channel, "next_follow_up": date(2026, 12, 1)},
            )  # fmt: skip
        r.add_plan_item(s, plan, "ana", "media", "Cover the launch")  # no loop: not a target
        r.add_plan_item(
            s, other, "ana", "students", "Answer", listening_loop={"channel": "survey"}
        )
        for i, (audience, day, channel, themes, sentiment, linked) in enumerate(ROWS):
            r.add_response(
                s, workspace, "ana", audience_key=audience, received_on=day, channel=channel,
                themes=themes, answers=[("What gets in the way?", f"answer {i}")],
                plan_id=plan.id if linked else None, sentiment=sentiment,
            )  # fmt: skip
    return plan.id, other.id


def counts(store, workspace, by, **filters):
    with store.session() as s:
        return d.grouped_counts(s, workspace, by, d.Filters(**filters))


def test_counts_by_each_dimension_match_the_data(store, workspace, seeded):
    plan_id, _ = seeded
    assert counts(store, workspace, ["audience"]) == sorted(Counter(x[0] for x in ROWS).items())
    assert dict(counts(store, workspace, ["channel"])) == Counter(x[2] for x in ROWS)
    themes = Counter(t for x in ROWS for t in (x[3] or [None]))
    assert dict(counts(store, workspace, ["theme"])) == themes  # None: not yet themed
    assert dict(counts(store, workspace, ["sentiment"])) == Counter(x[4] for x in ROWS)
    assert dict(counts(store, workspace, ["plan"])) == Counter(
        plan_id if x[5] else None for x in ROWS
    )
    assert dict(counts(store, workspace, ["week"])) == Counter(week_of(x[1]) for x in ROWS)
    assert dict(counts(store, workspace, ["month"])) == Counter(f"{x[1]:%Y-%m}" for x in ROWS)
    crossed = counts(store, workspace, ["audience", "sentiment"])
    assert {(a, s): n for a, s, n in crossed} == Counter((x[0], x[4]) for x in ROWS)


def test_filters_narrow_every_count(store, workspace, seeded):
    plan_id, _ = seeded

    def expected(keep):
        return Counter(x[0] for x in ROWS if keep(x))

    got = counts(store, workspace, ["audience"], since=date(2026, 10, 1), until=date(2026, 11, 2))
    assert dict(got) == expected(lambda x: date(2026, 10, 1) <= x[1] <= date(2026, 11, 2))
    got = counts(store, workspace, ["audience"], audiences=("families", "students"))
    assert dict(got) == expected(lambda x: x[0] in ("families", "students"))
    got = counts(store, workspace, ["audience"], channels=("survey",))
    assert dict(got) == expected(lambda x: x[2] == "survey")
    got = counts(store, workspace, ["audience"], plan_id=plan_id)
    assert dict(got) == expected(lambda x: x[5])
    with store.session() as s:
        assert d.total(s, workspace, d.Filters(audiences=("families",))) == 3
        assert d.date_span(s, workspace) == (date(2026, 9, 28), date(2026, 11, 3))
        assert channel_names(s, workspace) == sorted({x[2] for x in ROWS})


def test_one_query_per_count_whatever_the_rows(store, workspace, seeded):
    statements = []

    def count(*args):
        statements.append(args[2])

    event.listen(store.engine, "before_cursor_execute", count)
    try:
        with store.session() as s:
            d.grouped_counts(s, workspace, ["week", "audience", "theme"])
    finally:
        event.remove(store.engine, "before_cursor_execute", count)
    selects = [x for x in statements if x.lstrip().upper().startswith("SELECT")]
    assert len(selects) == 1 and "GROUP BY" in selects[0].upper()


def test_bad_filters_and_dimensions_are_named():
    with pytest.raises(ValueError, match="starts after it ends"):
        d.Filters(since=date(2026, 2, 1), until=date(2026, 1, 1))


def test_unknown_dimension(store, workspace):
    with store.session() as s, pytest.raises(ValueError, match="unknown dimension 'school'"):
        d.grouped_counts(s, workspace, ["school"])


def test_listening_targets_are_plan_audiences_with_a_loop(store, workspace, seeded):
    plan_id, other_id = seeded
    with store.session() as s:
        # the seeded example plan has loops too
        targets = [t for t in d.listening_targets(s, workspace) if t.plan_name != EXAMPLE_PLAN]
        assert [(t.plan_name, t.audience, t.channel) for t in targets] == [
            ("Archived one", "students", "survey"),
            ("Back to school 2026", "community_partners", "partner briefing"),
            ("Back to school 2026", "educators", "survey"),
            ("Back to school 2026", "families", "family listening session"),
        ]
        assert targets[0].plan_status == "archived"
        assert {t.audience for t in d.listening_targets(s, workspace, plan_id=plan_id)} == {
            "community_partners", "educators", "families"
        }  # fmt: skip
        assert d.plan_names(s, workspace)[other_id] == "Archived one"


def test_rollup_of_the_cube_equals_each_grouped_count(store, workspace, seeded):
    plan_id, _ = seeded
    for filters in (d.Filters(), d.Filters(audiences=("families",), plan_id=plan_id)):
        with store.session() as s:
            cube = d.cube(s, workspace, filters)
            for by in (["audience"], ["channel"], ["sentiment"], ["status"], ["plan"],
                       ["plan", "audience"], ["plan", "audience", "channel"],
                       ["audience", "sentiment"]):  # fmt: skip
                want = [tuple(x) for x in d.grouped_counts(s, workspace, by, filters)]
                assert sorted(d.rollup(cube, d.CUBE, by), key=repr) == sorted(want, key=repr)
            assert sum(row[-1] for row in cube) == d.total(s, workspace, filters)
