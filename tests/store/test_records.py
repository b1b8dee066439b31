"""Plans, listening loops, drafts, responses and message tests; integrity rules."""

from datetime import date

import pytest
from sqlalchemy import func, select

from commplan.store import ConflictError, InvalidRecord
from commplan.store import records as r
from commplan.store.models import ListeningLoop, PlanItem


def make_plan(store, workspace):
    with store.session() as s:
        plan = r.create_plan(
            s,
            workspace,
            "ana",
            "Attendance matters",
            goal="More students attend every day",
            objectives=[
                {
                    "text": "Cut chronic absence from 18% to 12% by June",
                    "measure": "chronic absence rate",
                    "target": "12%",
                    "by": "2027-06-30",
                }
            ],
            theory_of_action="If families hear early and often why every day counts, "
            "then they will plan around school days.",
            domains=["strategic_communication", "interest_holder_engagement"],
            milestones=[{"title": "Launch", "due_on": date(2026, 9, 1)}],
        )
        item = r.add_plan_item(
            s,
            plan,
            "ana",
            "families",
            "Plan trips outside school days",
            channels=["text message"],
            key_messages=["every_day_counts"],
            listening_loop={
                "channel": "short survey by text",
                "questions": ["What gets in the way?"],
                "cadence": "monthly",
                "owner": "Family liaison",
                "next_follow_up": date(2026, 10, 1),
            },
        )
        return plan.id, item.id


def test_plan_with_items_and_listening_loop(store, workspace):
    plan_id, _ = make_plan(store, workspace)
    with store.session() as s:
        plan = r.get_plan(s, plan_id)
        (item,) = plan.items
        assert item.listening_loop.channel == "short survey by text"
        assert plan.milestones[0].title == "Launch"
        assert plan.created_by == "ana" and plan.version == 1


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"desired_action": "  "}, "desired action"),
        ({"audience_key": "families"}, "already has an item for that audience"),
    ],
)
def test_constraints_reject_impossible_states(store, workspace, change, message):
    plan_id, _ = make_plan(store, workspace)
    fields = {"audience_key": "educators", "desired_action": "Share the toolkit", **change}
    with pytest.raises(InvalidRecord, match=message), store.session() as s:
        r.add_plan_item(s, r.get_plan(s, plan_id), "ana", **fields)
    with store.session() as s:  # the failed transaction wrote nothing
        assert s.scalar(select(func.count()).where(PlanItem.plan_id == plan_id)) == 1


@pytest.mark.parametrize(
    ("name", "message"),
    [("   ", "a name is required"), ("Other plan", "a plan with that name already exists")],
)
def test_a_plan_saved_with_milestones_and_a_blank_or_taken_name_is_refused_in_words(
    store, workspace, name, message
):
    """The Plans page saves the name with the milestones: replacing the milestones
    loads the old ones first, and that load must not flush the bad name on its own
    (an IntegrityError outside flush() crashed the page instead of saying why)."""
    plan_id, _ = make_plan(store, workspace)
    with store.session() as s:
        r.create_plan(s, workspace, "ana", "Other plan")
    with pytest.raises(InvalidRecord, match=message), store.session() as s:
        r.update_plan(
            s,
            plan_id,
            "ana",
            expected_version=1,
            name=name,
            milestones=[{"title": "Launch", "due_on": date(2026, 9, 2), "done": False}],
        )
    with store.session() as s:  # nothing was written
        plan = r.get_plan(s, plan_id)
        assert plan.name == "Attendance matters" and plan.version == 1
        assert [m.due_on for m in plan.milestones] == [date(2026, 9, 1)]


def test_a_new_plan_with_a_taken_name_is_refused_in_words(store, workspace):
    """Noting the person as a member queried the database, and that query's autoflush
    wrote the plan outside flush(): an IntegrityError instead of a message."""
    make_plan(store, workspace)
    taken = pytest.raises(InvalidRecord, match="a plan with that name already exists")
    with taken, store.session() as s:
        r.create_plan(s, workspace, "someone new", "Attendance matters")


def test_unknown_alignment_domain(store, workspace):
    with pytest.raises(InvalidRecord, match="alignment domain"), store.session() as s:
        r.create_plan(s, workspace, "ana", "P", domains=["vibes"])


def test_listening_loop_needs_a_channel(store, workspace):
    _, item_id = make_plan(store, workspace)
    with pytest.raises(InvalidRecord, match="channel"), store.session() as s:
        r.set_listening_loop(s, item_id, "ana", channel="")


def test_a_listening_loop_can_be_removed_but_not_from_a_stale_form(store, workspace):
    _, item_id = make_plan(store, workspace)
    with store.session() as s:  # someone else changes the loop meanwhile
        r.set_listening_loop(s, item_id, "ben", expected_version=1, cadence="weekly")
    with pytest.raises(ConflictError, match="ben"), store.session() as s:
        r.remove_listening_loop(s, item_id, "ana", expected_version=1)
    with store.session() as s:
        assert s.get(PlanItem, item_id).listening_loop.cadence == "weekly"
        r.remove_listening_loop(s, item_id, "ana", expected_version=2)
    with store.session() as s:
        item = s.get(PlanItem, item_id)
        assert item is not None and item.listening_loop is None
        assert s.scalar(select(func.count()).where(ListeningLoop.plan_item_id == item_id)) == 0


def test_foreign_keys_are_enforced(store, workspace):
    with pytest.raises(InvalidRecord, match="does not exist"), store.session() as s:
        s.add(ListeningLoop(plan_item_id=99999, channel="x", created_by="a", updated_by="a"))
        r.flush(s)


def test_deleting_a_plan_removes_its_items_and_loops(store, workspace):
    plan_id, item_id = make_plan(store, workspace)
    with store.session() as s:
        r.delete_plan(s, plan_id)
    with store.session() as s:
        assert s.get(PlanItem, item_id) is None
        assert s.scalar(select(func.count()).where(ListeningLoop.plan_item_id == item_id)) == 0


def test_new_database_has_a_removable_example_plan(store, workspace):
    from commplan.store.seed import EXAMPLE_PLAN

    with store.session() as s:
        (example,) = [p for p in r.list_plans(s, workspace) if p.is_example]
        assert example.name == EXAMPLE_PLAN and len(example.items) >= 3
        assert any(i.listening_loop for i in example.items)
        r.delete_plan(s, example.id)
    with store.session() as s:
        assert not [p for p in r.list_plans(s, workspace) if p.is_example]


def test_two_writers_on_one_plan_item(store, workspace):
    """The second writer gets a conflict, and the first writer's change is kept."""
    _, item_id = make_plan(store, workspace)
    with store.session() as first, store.session() as second:
        a = first.get(PlanItem, item_id)
        b = second.get(PlanItem, item_id)
        a.messenger, a.updated_by = "Principal", "ana"
        r.flush(first)
        first.commit()
        b.messenger, b.updated_by = "Teacher", "ben"
        with pytest.raises(ConflictError, match="nothing was overwritten"):
            r.flush(second)
        second.rollback()
    with store.session() as s:
        item = s.get(PlanItem, item_id)
        assert item.messenger == "Principal" and item.version == 2


def test_expected_version_conflict_names_the_other_writer(store, workspace):
    _, item_id = make_plan(store, workspace)
    with store.session() as s:
        r.update_plan_item(s, item_id, "ana", messenger="Principal", expected_version=1)
    with pytest.raises(ConflictError, match="changed by ana"), store.session() as s:
        r.update_plan_item(s, item_id, "ben", messenger="Teacher", expected_version=1)


def test_draft_versions_keep_reports(store, workspace):
    from commplan import check_text

    with store.session() as s:
        draft = r.create_draft(s, workspace, "ana", "Attendance letter", "families")
        for text in (
            "Our MTSS team will leverage data.",
            "Our support team will use what we learn.",
        ):
            r.save_draft_version(s, draft.id, text, check_text(text, "families").to_dict(), "ana")
        history = r.draft_history(s, draft.id)
    assert [v.number for v in history] == [1, 2]
    assert history[0].findings > history[1].findings
    assert history[0].report["audience"] == "families"


def test_responses_dedupe_and_close_the_loop(store, workspace):
    answers = [("What gets in the way?", "The bus comes too early.\nAnd it is cold.")]
    with store.session() as s:
        resp = r.add_response(
            s,
            workspace,
            "ana",
            audience_key="families",
            received_on=date(2026, 10, 7),
            answers=answers,
            channel="survey",
            themes=["transportation"],
        )
        resp_id = resp.id
    with pytest.raises(InvalidRecord, match="already been recorded"), store.session() as s:
        r.add_response(
            s,
            workspace,
            "ana",
            audience_key="families",
            received_on=date(2026, 10, 7),
            answers=answers,
        )
    with store.session() as s:
        r.set_response_status(s, resp_id, "decided", "ana", note="Add a later bus stop")
        r.set_response_status(s, resp_id, "told_back", "ana")
        (saved,) = r.list_responses(s, workspace)
    assert saved.status == "told_back" and saved.status_note == "Add a later bus stop"
    assert saved.answers[0].answer.endswith("And it is cold.")
    assert saved.received_week == date(2026, 10, 5)
    with pytest.raises(InvalidRecord, match="status"), store.session() as s:
        r.set_response_status(s, resp_id, "ignored", "ana")


def test_told_back_draft_can_be_changed_and_cleared(store, workspace):
    with store.session() as s:
        draft = r.create_draft(s, workspace, "ana", "Bus letter", "families")
        resp = r.add_response(
            s, workspace, "ana", audience_key="families", received_on=date(2026, 10, 7),
            answers=[("Q", "The bus is late.")],
        )  # fmt: skip
        draft_id, resp_id = draft.id, resp.id
    with store.session() as s:
        r.set_response_status(s, resp_id, "told_back", "ana", told_back_draft_id=draft_id)
        r.set_response_status(s, resp_id, "told_back", "ana", note="Sent")  # draft kept
        assert r.list_responses(s, workspace)[0].told_back_draft_id == draft_id
    with store.session() as s:  # linked the wrong draft: clear it
        r.set_response_status(s, resp_id, "decided", "ana", told_back_draft_id=None)
        assert r.list_responses(s, workspace)[0].told_back_draft_id is None


def test_aggregates(store, workspace):
    rows = [
        ("families", date(2026, 10, 5), "survey", ["bus"]),
        ("families", date(2026, 10, 6), "survey", ["bus", "lunch"]),
        ("families", date(2026, 10, 14), "email", []),
        ("educators", date(2026, 10, 6), "survey", ["lunch"]),
    ]
    with store.session() as s:
        for i, (audience, day, channel, themes) in enumerate(rows):
            r.add_response(
                s,
                workspace,
                "ana",
                audience_key=audience,
                received_on=day,
                channel=channel,
                themes=themes,
                answers=[("Q", f"answer {i}")],
            )
    with store.session() as s:
        assert r.counts_by_audience_week(s, workspace) == [
            ("educators", date(2026, 10, 5), 1),
            ("families", date(2026, 10, 5), 2),
            ("families", date(2026, 10, 12), 1),
        ]
        assert r.counts_by_channel(s, workspace) == [("survey", 3), ("email", 1)]
        assert r.counts_by_theme(s, workspace) == [("bus", 2), ("lunch", 2)]
        assert r.counts_by_status(s, workspace) == [("heard", 4)]


def test_message_tests(store, workspace):
    with store.session() as s:
        test = r.create_message_test(
            s,
            workspace,
            "ana",
            "Clarity of the bus letter",
            "action",
            [("A", "Old letter"), ("B", "Plain letter")],
        )
        assert (
            r.record_outcomes(s, test.id, [("A", "families", 0, None), ("B", "families", 1, "r1")])
            == 2
        )
    with pytest.raises(InvalidRecord, match="0 or 1"), store.session() as s:
        r.record_outcomes(s, test.id, [("B", "families", 3, None)])
    with pytest.raises(InvalidRecord, match="no variant 'C'"), store.session() as s:
        r.record_outcomes(s, test.id, [("C", "families", 1, None)])


def test_bulk_add_skips_duplicates_and_keeps_answers(store, workspace):
    rows = [
        {
            "audience_key": "families",
            "received_on": date(2026, 10, i % 28 + 1),
            "answers": [("Q1", f"answer {i}"), ("Q2", "line one\nline two")],
            "themes": ["bus"] if i % 2 else [],
            "external_id": f"R_{i}",
            "channel": "survey",
        }
        for i in range(120)
    ]
    with store.session() as s:  # a first import: repeats across batches are still caught
        assert r.bulk_add_responses(s, workspace, "ana", rows + rows[:5], batch=50) == (120, 5)
    with store.session() as s:  # twice in one transaction (PostgreSQL reuses its stage)
        assert r.bulk_add_responses(s, workspace, "ana", rows[:5], batch=2) == (0, 5)
        assert r.bulk_add_responses(s, workspace, "ana", rows[:5], batch=2) == (0, 5)
    with store.session() as s:  # re-importing the same rows adds nothing
        assert r.bulk_add_responses(s, workspace, "ana", rows + rows[:5], batch=50) == (0, 125)
    with store.session() as s:
        assert sum(n for _, n in r.counts_by_channel(s, workspace)) == 120
        assert r.counts_by_theme(s, workspace) == [("bus", 60)]
        latest = r.list_responses(s, workspace, limit=1)[0]
        assert [a.question for a in latest.answers] == ["Q1", "Q2"]
        assert latest.answers[1].answer == "line one\nline two"


def test_bulk_add_knows_a_row_by_its_identity_and_says_which_matched(store, workspace):
    """A row's own identity is its hash whatever its answers (a survey row read with
    another column mapping); the hash it was recorded under before is checked too;
    ``matched`` gets the ids of the responses recorded already."""

    def row(i, answers, audience="families", **more):
        return {"audience_key": audience, "received_on": date(2026, 12, 1),
                "answers": answers, "channel": "Survey", **more}  # fmt: skip

    before = [row(i, [("Comment", f"said {i}")]) for i in range(3)]
    with store.session() as s:  # recorded by content, as imports did before identities
        assert r.bulk_add_responses(s, workspace, "ana", before) == (3, 0)
    with store.session() as s:
        old_ids = sorted(x.id for x in r.list_responses(s, workspace))
    legacy = [r.content_hash("families", date(2026, 12, 1), x["answers"], None, "import")
              for x in before]  # fmt: skip
    again = [
        row(i, [("Role", "Parent"), ("Comment", f"said {i}")], "general_public",
            identity=f"{i:064x}", also_known_as=(legacy[i],))
        for i in range(3)
    ]  # fmt: skip
    matched: list[int] = []
    with store.session() as s:
        assert r.bulk_add_responses(s, workspace, "ana", again, matched=matched) == (0, 3)
    assert sorted(matched) == old_ids
    fresh = [row(i, [("Comment", f"new {i}")], identity=f"{i + 10:064x}") for i in range(2)]
    with store.session() as s:
        assert r.bulk_add_responses(s, workspace, "ana", fresh) == (2, 0)
    with store.session() as s:
        new_ids = sorted(x.id for x in r.list_responses(s, workspace) if x.id not in old_ids)
    # Read otherwise (other answers, another audience): the identity still matches.
    otherwise = [row(i, [("Comment", "changed")], "educators", identity=f"{i + 10:064x}")
                 for i in range(2)]  # fmt: skip
    matched = []
    with store.session() as s:
        assert r.bulk_add_responses(s, workspace, "ana", otherwise, matched=matched) == (0, 2)
    assert sorted(matched) == new_ids


def test_bulk_add_accepts_answers_as_any_iterable(store, workspace):
    row = {
        "audience_key": "families",
        "received_on": date(2026, 10, 1),
        "answers": ((q, a) for q, a in [("Q1", "first"), ("Q2", "second")]),
    }
    with store.session() as s:
        assert r.bulk_add_responses(s, workspace, "ana", [row]) == (1, 0)
        (saved,) = r.list_responses(s, workspace)
        answers = [(a.question, a.answer) for a in saved.answers]
        assert answers == [("Q1", "first"), ("Q2", "second")]


def test_new_ids_fall_back_to_a_look_up_when_the_rowids_do_not_add_up(store, workspace):
    if store.engine.dialect.name != "sqlite":
        pytest.skip("the rowid shortcut is SQLite's; PostgreSQL gets ids from RETURNING")
    rows = [
        {"audience_key": "families", "received_on": date(2026, 10, i), "answers": [("Q", "a")]}
        for i in (1, 2)
    ]
    with store.session() as s:
        r.bulk_add_responses(s, workspace, "ana", rows)
        hashes = {x.content_hash: x.id for x in r.list_responses(s, workspace)}
    with store.session() as s:  # a new connection: last_insert_rowid() says nothing here
        fresh = [((), h) for h in hashes] + [((), "not recorded")]
        assert r._new_ids(s, workspace, fresh) == hashes


def test_a_response_can_name_any_listening_channel_a_plan_can_hold(store, workspace):
    """The Log-a-response form offers each plan's listening channels: the longest a
    loop may hold must also fit in a response (it held 300, a response 120)."""
    _, item_id = make_plan(store, workspace)
    limit = ListeningLoop.__table__.c.channel.type.length
    channel = ("Monthly listening circle at the family resource center, " * 10)[:limit]
    with store.session() as s:
        r.set_listening_loop(s, item_id, "ana", channel=channel)
    with store.session() as s:
        saved = r.add_response(
            s, workspace, "ana", audience_key="families", received_on=date(2026, 10, 2),
            answers=[("What gets in the way?", "Bus times")], channel=channel,
        )  # fmt: skip
        saved_id = s.get(type(saved), saved.id).id
    with store.session() as s:
        assert s.get(type(saved), saved_id).channel == channel


def test_messages_about_an_audience_in_a_plan_use_the_words_people_use(store, workspace):
    """Not 'the plan item': the Plans page calls it an audience."""
    _, item_id = make_plan(store, workspace)
    with store.session() as s:
        r.update_plan_item(s, item_id, "ben", expected_version=1, timing="May")
    stale = pytest.raises(ConflictError, match="the audience in the plan was changed by ben")
    with stale, store.session() as s:
        r.update_plan_item(s, item_id, "ana", expected_version=1, timing="June")
    too_long = pytest.raises(InvalidRecord, match="the audience's timing is 301 characters")
    with too_long, store.session() as s:
        r.update_plan_item(s, item_id, "ana", timing="t" * 301)
    too_long = pytest.raises(InvalidRecord, match="the listening loop's cadence is 121")
    with too_long, store.session() as s:
        r.set_listening_loop(s, item_id, "ana", cadence="c" * 121)
