"""Feedback the scorer cannot read (issue 13), on SQLite and PostgreSQL: stored as
"unknown" with the reason, not left empty ("not analysed yet") or called neutral."""

from datetime import date

import pytest
from sqlalchemy import text

from commplan.feedback.analysis import analyse_responses, analyse_saved
from commplan.store import Store, migrate, review
from commplan.store import records as r
from message_library import load_default_library

SPANISH = "El autobús pasa muy temprano y a veces no pasa. Mi hija ha perdido clases."


def add(s, workspace, words, day=5):
    return r.add_response(
        s, workspace, "ana", audience_key="families", received_on=date(2026, 10, day),
        answers=[("Comments", words)],
    )  # fmt: skip


def test_spanish_feedback_is_stored_as_unknown_with_its_reason(store, workspace):
    with store.session() as s:
        spanish_id = add(s, workspace, SPANISH).id
        english_id = add(s, workspace, "The bus never comes on time.", day=6).id
    with store.session() as s:
        assert analyse_responses(s, workspace, load_default_library()) == 2
    with store.session() as s:
        rows = {row.id: row for row in review.filtered_responses(s, workspace)}
        assert rows[spanish_id].sentiment == "unknown"
        assert rows[spanish_id].sentiment_score is None
        assert "Spanish" in rows[spanish_id].sentiment_note
        assert rows[english_id].sentiment == "negative"
        assert rows[english_id].sentiment_note is None
        # Analysed: a second run has nothing left to do.
        assert review.responses_to_analyse(s, workspace) == []


def test_a_spanish_response_logged_on_the_page_says_unknown_at_once(store, workspace):
    with store.session() as s:
        response_id = add(s, workspace, SPANISH).id
        found = analyse_saved(s, workspace, load_default_library(), response_id)
        assert found.sentiment == "unknown"
        assert "Spanish" in found.note


def test_staff_cannot_set_unknown_by_hand(store, workspace):
    with store.session() as s:
        response_id = add(s, workspace, SPANISH).id
    with store.session() as s, pytest.raises(review.InvalidRecord):
        review.set_sentiment(s, response_id, "unknown", "ana")


def test_the_database_refuses_a_label_it_does_not_know(store, workspace):
    with store.session() as s:
        response_id = add(s, workspace, SPANISH).id
    with pytest.raises(Exception, match="sentiment"), store.engine.begin() as conn:
        conn.execute(
            text("UPDATE responses SET sentiment = 'angry' WHERE id = :i"), {"i": response_id}
        )


def test_migration_0006_widens_the_check_and_downgrades_unknown_to_empty(database_url):
    store = Store(database_url)
    store.upgrade()  # to head, seeded
    from commplan.store.workspaces import DEFAULT_WORKSPACE, get_workspace

    with store.session() as s:
        workspace = get_workspace(s, DEFAULT_WORKSPACE)
        response_id = add(s, workspace, SPANISH).id
    with store.session() as s:
        analyse_responses(s, workspace, load_default_library())

    def stored():
        with store.engine.connect() as conn:
            return conn.execute(
                text("SELECT sentiment FROM responses WHERE id = :i"), {"i": response_id}
            ).scalar_one()

    assert stored() == "unknown"
    before = migrate.revision_before("0006")
    migrate.downgrade(store.engine, before)
    assert stored() is None  # "not analysed yet" under the old CHECK
    with pytest.raises(Exception, match="sentiment"), store.engine.begin() as conn:
        conn.execute(text("UPDATE responses SET sentiment = 'unknown'"))
    migrate.upgrade(store.engine, "0006")
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE responses SET sentiment = 'unknown'"))
    assert stored() == "unknown"
    migrate.upgrade(store.engine)
    store.dispose()


def test_export_and_import_keep_unknown_and_its_reason(store, workspace, tmp_path):
    import json

    from commplan.store.exchange import export_workspace, import_workspace

    with store.session() as s:
        add(s, workspace, SPANISH)
    with store.session() as s:
        analyse_responses(s, workspace, load_default_library())
    with store.session() as s:
        data = json.loads(json.dumps(export_workspace(s, workspace)))
    (row,) = data["responses"]
    assert row["sentiment"] == "unknown" and "Spanish" in row["sentiment_note"]
    older = json.loads(json.dumps(data))
    del older["responses"][0]["sentiment_note"]  # an export from before 0006
    fresh = Store(f"sqlite:///{tmp_path / 'fresh.db'}")
    fresh.upgrade(seed=False)
    with fresh.session() as s:
        first = import_workspace(s, data, rename="copy")
        import_workspace(s, older, rename="older copy")
        (copied,) = review.filtered_responses(s, first)
        assert copied.sentiment == "unknown" and "Spanish" in copied.sentiment_note
    fresh.dispose()
